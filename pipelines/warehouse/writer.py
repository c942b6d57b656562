"""The writer's session: raw pages in, staged rows, their checks, the load in progress.

Arrow tables and plain values cross this line; SQL does not. Publishing and the search
index are in `pipelines.warehouse.publishing`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pyarrow as pa

from pipelines.warehouse.files import store_manifest, transaction
from pipelines.warehouse.lock import Holder
from pipelines.warehouse.outlets import OutletRows
from pipelines.warehouse.publishing import STAGING_TABLES, Publishing

_PENDING = """
select r.page_id
from raw_pages as r
where not exists (select 1 from article_versions as v where v.page_id = r.page_id)
  and not exists (select 1 from rejected_pages as j where j.page_id = r.page_id)
order by r.page_id
"""
_RAW_PAGES = """
select r.page_id, r.source_path, r.record, r.url, r.fetched_at, r.source, r.format, r.media,
       r.encoding, r.http_status, r.ingest_error, r.fetched_at_text, c.content
from raw_pages as r
join raw.raw_page_content as c using (page_id)
where r.page_id in (select unnest($ids))
order by r.page_id
"""
_BEGIN_LOAD = """
insert into staging.load_state by name
select $load_id as load_id, $run_id as run_id, $at as started_at, $fs as files_seen,
       $fr as files_read, $ps as pages_seen, $pn as pages_new
"""
_BEGIN_REPARSE = """
insert into staging.load_state by name
select $load_id as load_id, $run_id as run_id, now() as started_at, 0 as files_seen,
       0 as files_read, $pages as pages_seen, 0 as pages_new, $mode as mode
"""
_STAGED_ROWS = """
select row_number() over (order by page_id) - 1 as row_id, page_id, article_id, title,
       word_count, url, language, fetched_at, published_at
from staging.versions
order by page_id
"""
_QUARANTINE = """
insert into staging.rejects
select b.page_id, r.source_path, r.record, 'quality' as reason, b.check_name,
       'failed the quality expectation' || if(b.check_name like '%, %', 's ', ' ')
           || b.check_name as details
from quarantine_batch as b left join raw_pages as r using (page_id)
"""
_QUARANTINED = """
select r.source_path, r.record, b.check_name, b.page_id
from quarantine_batch as b left join raw_pages as r using (page_id)
order by r.source_path, r.record limit $n
"""
_ABANDONED = """
insert into load_runs by name
select s.load_id, s.run_id, s.mode, s.started_at, now() as finished_at, s.files_seen,
       s.files_read, s.pages_seen, s.pages_new, s.pages_processed, 'failed' as status,
       $error as error
from staging.load_state as s
where not exists (select 1 from load_runs as l where l.load_id = s.load_id)
"""
_DIED_EARLY = """
insert into load_runs by name
select $id as load_id, $mode as mode, $at::timestamptz as started_at, now() as finished_at,
       'failed' as status, $error as error
where not exists (select 1 from load_runs where load_id = $id)
"""
_HANDED_OVER = """
select exists (select 1 from staging.handover)
   and not exists (select 1 from staging.load_state
                   where run_id not in (select run_id from staging.handover))
"""
ABANDONED_ERROR = "the load died before publishing (killed or crashed); its pages stay pending"
STAGED_TABLES = ("staging.versions", "staging.related", "staging.rejects")


class Writer(Publishing, OutletRows):
    """The one writer of the work file (the raw store attached)."""

    # -- ingest: raw pages and the landing manifest
    def store_raw_batch(self, pages: pa.Table, files: pa.Table, load_id: str) -> int:
        """Store a batch's new pages (with `content`) and the files it finished; count new."""
        con = self._con
        con.register("raw_batch", pages)
        con.register("manifest_batch", files)
        try:
            # One transaction may write one database: the bytes first, then the rows that make
            # them count. Bytes without a row (a kill in between) are written again next time.
            with transaction(con):
                con.execute(
                    "insert into raw.raw_page_content select page_id, content from raw_batch "
                    "where page_id not in (select page_id from raw.raw_page_content)"
                )
            with transaction(con):
                row = con.execute(
                    "insert into raw_pages by name "
                    "select * exclude (content), $load_id as load_id from raw_batch "
                    "where page_id not in (select page_id from raw_pages)",
                    {"load_id": load_id},
                ).fetchone()
                store_manifest(con, load_id)
        finally:
            con.unregister("raw_batch")
            con.unregister("manifest_batch")
        return int(row[0]) if row else 0

    # -- recovery: a raw store refilled from the landing folder
    def pages_without_bytes(self) -> dict[str, tuple[str, int | None]]:
        """page_id -> (source_path, record) of raw pages whose bytes the raw store lacks."""
        rows = self._all(
            "select page_id, source_path, record from raw_pages "
            "where page_id not in (select page_id from raw.raw_page_content) order by all"
        )
        return {page_id: (path, record) for page_id, path, record in rows}

    def store_raw_bytes(self, content: pa.Table) -> int:
        """Put back the (page_id, content) bytes of known raw pages; returns how many."""
        self._con.register("bytes_batch", content)
        try:
            with transaction(self._con):
                row = self._con.execute(
                    "insert into raw.raw_page_content select page_id, content from bytes_batch "
                    "where page_id not in (select page_id from raw.raw_page_content)"
                ).fetchone()
        finally:
            self._con.unregister("bytes_batch")
        return int(row[0]) if row else 0

    # -- the load in progress
    def begin_load(
        self, load_id: str, run_id: str | None, started_at: datetime, counts: dict[str, int]
    ) -> None:
        """Record the load in progress (files_seen, files_read, pages_seen, pages_new)."""
        with transaction(self._con):
            # A load or reparse that died before publishing left its rows: its pages are
            # simply pending, and a dead reparse's page list must not reach this publish.
            self._con.execute("delete from staging.load_state")
            self._con.execute("delete from staging.reparse_pages")
            params: dict[str, Any] = {"load_id": load_id, "run_id": run_id, "at": started_at}
            params |= {
                "fs": counts["files_seen"],
                "fr": counts["files_read"],
                "ps": counts["pages_seen"],
                "pn": counts["pages_new"],
            }
            self._con.execute(_BEGIN_LOAD, params)

    def begin_reparse(
        self, load_id: str, run_id: str | None, since: datetime | None, until: datetime | None
    ) -> int:
        """Record a reparse (every raw page) or a backfill (fetched in [since, until)).

        Returns how many raw pages will be parsed again.
        """
        mode = "reparse" if since is None and until is None else "backfill"
        with transaction(self._con):
            self._con.execute("delete from staging.load_state")
            self._con.execute("delete from staging.reparse_pages")
            self._con.execute(
                # Pages whose bytes are gone for good (a raw store refilled by `newswh doctor`)
                # cannot be parsed again: they keep what they have.
                "insert into staging.reparse_pages select page_id from raw_pages "
                "where ($since is null or fetched_at >= $since) "
                "and ($until is null or fetched_at < $until) "
                "and page_id in (select page_id from raw.raw_page_content)",
                {"since": since, "until": until},
            )
            pages = self.count("staging.reparse_pages")
            params = {"load_id": load_id, "run_id": run_id, "pages": pages, "mode": mode}
            self._con.execute(_BEGIN_REPARSE, params)
        return pages

    def clear_abandoned(self, dead: Holder | None = None) -> list[str]:
        """Staging rows no live writer owns (the caller holds the writer lock and no run has
        handed them over): a load or reparse that died before publishing. Its run gets a
        failed load_runs row (unless it has one), then staging is emptied; its pages stay
        pending. Returns what was cleared, one line."""
        notes = []
        left = {t: self.count(t) for t in STAGING_TABLES if t != "staging.handover"}
        error = ABANDONED_ERROR + (f" (it was {dead.describe()})" if dead else "")
        if any(left.values()) and self._one(_HANDED_OVER) != (True,):
            with transaction(self._con):
                self._con.execute(_ABANDONED, {"error": error})
                for table in STAGING_TABLES:
                    self._con.execute(f"delete from {table}")
            shown = ", ".join(f"{n} {t}" for t, n in left.items() if n)
            notes.append(
                f"cleared the staging rows of a load that died before publishing ({shown})"
            )
            if left["staging.load_state"]:
                dead = None  # its load has its row
        if dead is not None:
            mode = "reparse" if " reparse" in dead.command else "load"
            with transaction(self._con):
                self._con.execute(
                    _DIED_EARLY,
                    {"id": f"died-{dead.pid}-{dead.since}", "mode": mode, "at": dead.since}
                    | {
                        "error": f"{dead.describe()} died holding the writer lock before its load began"
                    },
                )
            notes.append(f"{dead.describe()} died holding the writer lock")
        return notes

    def hand_over(self, run_id: str) -> None:
        """A run that ended cleanly leaves its staging rows to a later run (a partial
        materialization): say so, so the next writer does not take them for a dead one's."""
        if any(self.count(t) for t in STAGING_TABLES if t != "staging.handover"):
            with transaction(self._con):
                self._con.execute("insert into staging.handover values ($id)", {"id": run_id})

    def current_load_id(self) -> str | None:
        """The load in progress (started by ingest or a reparse), if any."""
        row = self._one("select load_id from staging.load_state order by started_at desc limit 1")
        return str(row[0]) if row else None

    # -- staging
    def clear_staged_rows(self) -> None:
        with transaction(self._con):
            for table in STAGED_TABLES:
                self._con.execute(f"delete from {table}")

    def pending_page_ids(self, *, reparse: bool = False) -> list[str]:
        """Raw pages not yet behind a version or a reject; for a reparse, the pages it covers."""
        if reparse:
            return [r[0] for r in self._all("select page_id from staging.reparse_pages order by 1")]
        return [r[0] for r in self._all(_PENDING)]

    def set_pages_processed(self, pages: int) -> None:
        self._con.execute("update staging.load_state set pages_processed = $n", {"n": pages})

    def raw_pages(self, ids: list[str]) -> list[tuple[Any, ...]]:
        """(page_id, source_path, record, url, fetched_at, source, format, media, encoding,
        http_status, ingest_error, compressed content) of the given pages, by page_id."""
        return self._all(_RAW_PAGES, {"ids": ids})

    def write_staged(self, versions: pa.Table, related: pa.Table, rejects: pa.Table) -> None:
        """Append one chunk's staged rows, all or nothing."""
        with transaction(self._con):
            for table, target in zip((versions, related, rejects), STAGED_TABLES, strict=True):
                if table.num_rows:
                    self._con.register("staged_batch", table)
                    self._con.execute(f"insert into {target} by name select * from staged_batch")
                    self._con.unregister("staged_batch")

    # -- what the quality checks read, and their verdict on rows
    def staged_article_rows(self) -> pa.Table:
        """The columns the row suite checks, row_id = position in page_id order."""
        return self._con.execute(_STAGED_ROWS).to_arrow_table()

    def staged_article_hashes(self) -> pa.Table:
        return self._con.execute(
            "select row_number() over (order by page_id) - 1 as row_id, page_id, content_hash "
            "from staging.versions"
        ).to_arrow_table()

    def staged_related_rows(self) -> pa.Table:
        return self._con.execute(
            "select row_number() over (order by page_id, position) - 1 as row_id, page_id, "
            "position, title from staging.related"
        ).to_arrow_table()

    def pages_to_account(self) -> int:
        """Pages this load processed that staging did not reject: each needs one version."""
        pending = self._one("select coalesce(max(pages_processed), 0) from staging.load_state")
        return int(pending[0] if pending else 0) - self.count("staging.rejects")

    def quarantine(self, failures: dict[str, str], sample: int) -> list[tuple[Any, ...]]:
        """Move failing pages (page_id -> check names, comma-separated) from staged versions to staged rejects.

        Returns (source_path, record, check_name, page_id) of the first `sample` of them.
        """
        batch = pa.table({"page_id": list(failures), "check_name": list(failures.values())})
        self._con.register("quarantine_batch", batch)
        try:
            with transaction(self._con):
                self._con.execute(_QUARANTINE)
                for table in ("staging.versions", "staging.related"):
                    self._con.execute(
                        f"delete from {table} "
                        "where page_id in (select page_id from quarantine_batch)"
                    )
            return self._all(_QUARANTINED, {"n": sample})
        finally:
            self._con.unregister("quarantine_batch")
