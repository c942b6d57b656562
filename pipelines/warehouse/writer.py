"""The writer's session: raw pages in, staged rows, their checks, the load in progress.

Arrow tables and plain values cross this line; SQL does not. Publishing and the search
index are in `pipelines.warehouse.publishing`.

Staging is keyed by load: a session works on one load's rows (`use_load`, or the load in
progress), so loads that overlap (partition runs on the lake) never read, publish or clear
each other's rows. Every write is one transaction, run again when the lake reports a
conflict with another writer's commit (`committed`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

import pyarrow as pa

from pipelines.warehouse.files import store_manifest, transaction
from pipelines.warehouse.lake.catalog import retry_conflicts
from pipelines.warehouse.lock import Holder
from pipelines.warehouse.outlets import OutletRows
from pipelines.warehouse.publishing import STAGING_TABLES, Publishing

# A partition run parses the pages fetched in [since, until) only (null: no bound).
_PENDING = """
select r.page_id
from raw_pages as r
where not exists (select 1 from article_versions as v where v.page_id = r.page_id)
  and not exists (select 1 from rejected_pages as j where j.page_id = r.page_id)
  and ($since is null or r.fetched_at >= $since)
  and ($until is null or r.fetched_at < $until)
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
where load_id = getvariable('load_id')
order by page_id
"""
_QUARANTINE = """
insert into staging.rejects by name
select b.page_id, r.source_path, r.record, 'quality' as reason, b.check_name,
       'failed the quality expectation' || if(b.check_name like '%, %', 's ', ' ')
           || b.check_name as details,
       getvariable('load_id') as load_id
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
  and s.load_id not in (select unnest($kept))
"""
_DIED_EARLY = """
insert into load_runs by name
select $id as load_id, $mode as mode, $at::timestamptz as started_at, now() as finished_at,
       'failed' as status, $error as error
where not exists (select 1 from load_runs where load_id = $id)
"""
# Loads a run that ended cleanly left for a later run (a partial materialization).
_HANDED_OVER = "select distinct load_id from staging.handover where load_id is not null"
# The loads with staging rows (a row from before staging was keyed by load has none: '').
_STAGED_LOADS = """
select distinct coalesce(load_id, '') from (
    select load_id from staging.load_state union all select load_id from staging.versions
    union all select load_id from staging.related union all select load_id from staging.rejects
    union all select load_id from staging.reparse_pages
)
"""
ABANDONED_ERROR = "the load died before publishing (killed or crashed); its pages stay pending"
STAGED_TABLES = ("staging.versions", "staging.related", "staging.rejects")
_THIS_LOAD = "load_id = getvariable('load_id')"
T = TypeVar("T")


class Writer(Publishing, OutletRows):
    """The one writer of the work file (the raw store attached)."""

    _load: str | None = None

    def committed(self, work: Callable[[], T]) -> T:
        """Run `work` in one transaction; on the lake, again from the start when another
        writer's commit conflicts with it (the file has one writer: it never conflicts)."""

        def once() -> T:
            with transaction(self._con):
                return work()

        return self.retrying(once)

    def retrying(self, run: Callable[[], T]) -> T:
        """Call `run` (one whole transaction) again while the lake refuses its commit as a
        conflict with a concurrent writer's (partition runs at once)."""
        return retry_conflicts(run)

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
    def use_load(self, load_id: str) -> None:
        """Read and write the staging rows of `load_id` from now on in this session."""
        self._con.execute("set variable load_id = $id", {"id": load_id})
        self._load = load_id

    @property
    def load_id(self) -> str:
        """The load this session stages for: the one given to `use_load` or `begin_*`, else
        the load in progress that began last ('' when there is none: its rows match nothing)."""
        if self._load is None:
            self.use_load(self.current_load_id() or "")
        assert self._load is not None
        return self._load

    def _ensure_load(self) -> None:
        """Set the session's load (`getvariable('load_id')`) before a statement reads it."""
        self.load_id  # noqa: B018 - the property sets it

    def _begin(self, load_id: str, supersede: bool) -> None:
        """Inside begin_*'s transaction: drop what an earlier attempt of this load staged, and
        with `supersede` (a run that holds the warehouse alone) every other load's rows too:
        a load or reparse that died before publishing, or one handed over and now replaced;
        their pages are simply pending, and a dead reparse's page list must not reach this
        publish. Partition runs that may overlap keep each other's rows."""
        self.use_load(load_id)
        where = "" if supersede else f" where {_THIS_LOAD}"
        for table in STAGING_TABLES:
            self._con.execute(f"delete from {table}{where}")

    def begin_load(
        self,
        load_id: str,
        run_id: str | None,
        started_at: datetime,
        counts: dict[str, int],
        *,
        supersede: bool = True,
    ) -> None:
        """Record the load in progress (files_seen, files_read, pages_seen, pages_new)."""
        params: dict[str, Any] = {"load_id": load_id, "run_id": run_id, "at": started_at}
        params |= {
            "fs": counts["files_seen"],
            "fr": counts["files_read"],
            "ps": counts["pages_seen"],
            "pn": counts["pages_new"],
        }

        def begin() -> None:
            self._begin(load_id, supersede)
            self._con.execute(_BEGIN_LOAD, params)

        self.committed(begin)

    def begin_reparse(
        self,
        load_id: str,
        run_id: str | None,
        since: datetime | None,
        until: datetime | None,
        *,
        supersede: bool = True,
    ) -> int:
        """Record a reparse (every raw page) or a backfill (fetched in [since, until)).

        Returns how many raw pages will be parsed again.
        """
        mode = "reparse" if since is None and until is None else "backfill"

        def begin() -> int:
            self._begin(load_id, supersede)
            self._con.execute(
                # Pages whose bytes are gone for good (a raw store refilled by `newswh doctor`)
                # cannot be parsed again: they keep what they have.
                "insert into staging.reparse_pages select page_id, $load_id from raw_pages "
                "where ($since is null or fetched_at >= $since) "
                "and ($until is null or fetched_at < $until) "
                "and page_id in (select page_id from raw.raw_page_content)",
                {"since": since, "until": until, "load_id": load_id},
            )
            row = self._one(f"select count(*) from staging.reparse_pages where {_THIS_LOAD}")
            pages = int(row[0]) if row else 0
            params = {"load_id": load_id, "run_id": run_id, "pages": pages, "mode": mode}
            self._con.execute(_BEGIN_REPARSE, params)
            return pages

        return self.committed(begin)

    def clear_abandoned(self, dead: Holder | None = None) -> list[str]:
        """Staging rows no live writer owns (the caller holds the writer lock alone) and no
        run handed over: loads or reparses that died before publishing. Each gets a failed
        load_runs row (unless it has one), then its staging rows go; its pages stay pending.
        Returns what was cleared, one line."""
        notes = []
        kept = [r[0] for r in self._all(_HANDED_OVER)]
        dead_loads = [r[0] for r in self._all(_STAGED_LOADS) if r[0] not in kept]
        where = "coalesce(load_id, '') in (select unnest($dead))"
        left = {
            t: int(
                (
                    self._one(f"select count(*) from {t} where {where}", {"dead": dead_loads})
                    or (0,)
                )[0]
            )
            for t in STAGING_TABLES
            if t != "staging.handover"
        }
        error = ABANDONED_ERROR + (f" (it was {dead.describe()})" if dead else "")
        if any(left.values()):

            def clear() -> None:
                self._con.execute(_ABANDONED, {"error": error, "kept": kept})
                for table in STAGING_TABLES:
                    self._con.execute(f"delete from {table} where {where}", {"dead": dead_loads})

            self.committed(clear)
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
        materialization): say so, so the next writer does not take them for a dead one's.
        The run's loads: the one named after it and any it began."""
        loads = [
            r[0]
            for r in self._all(
                "select load_id from staging.load_state where run_id = $id "
                "union select $id where $id in (select load_id from staging.versions "
                "union all select load_id from staging.rejects)",
                {"id": run_id},
            )
        ]
        staged = [
            load
            for load in loads
            if any(
                (self._one(f"select count(*) from {t} where load_id = $l", {"l": load}) or (0,))[0]
                for t in STAGING_TABLES
                if t != "staging.handover"
            )
        ]
        if staged:
            self.committed(
                lambda: self._con.execute(
                    "insert into staging.handover select $run, unnest($loads)",
                    {"run": run_id, "loads": staged},
                )
            )

    def load_began(self, load_id: str) -> bool:
        """A load or reparse `load_id` is in progress (begun, not yet published)."""
        row = self._one(
            "select count(*) from staging.load_state where load_id = $id", {"id": load_id}
        )
        return bool(row and row[0])

    def current_load_id(self) -> str | None:
        """The load in progress that began last (started by ingest or a reparse), if any."""
        row = self._one("select load_id from staging.load_state order by started_at desc limit 1")
        return str(row[0]) if row else None

    # -- staging
    def clear_staged_rows(self) -> None:
        """Drop this load's staged versions, related items and rejects (a parse starts over)."""
        self._ensure_load()

        def clear() -> None:
            for table in STAGED_TABLES:
                self._con.execute(f"delete from {table} where {_THIS_LOAD}")

        self.committed(clear)

    def pending_page_ids(
        self,
        *,
        reparse: bool = False,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> list[str]:
        """Raw pages not yet behind a version or a reject (fetched in [since, until) when
        given); for a reparse, the pages this load covers."""
        if reparse:
            self._ensure_load()
            return [
                r[0]
                for r in self._all(
                    f"select page_id from staging.reparse_pages where {_THIS_LOAD} order by 1"
                )
            ]
        return [r[0] for r in self._all(_PENDING, {"since": since, "until": until})]

    def set_pages_processed(self, pages: int) -> None:
        self._ensure_load()
        self.committed(
            lambda: self._con.execute(
                f"update staging.load_state set pages_processed = $n where {_THIS_LOAD}",
                {"n": pages},
            )
        )

    def raw_pages(self, ids: list[str]) -> list[tuple[Any, ...]]:
        """(page_id, source_path, record, url, fetched_at, source, format, media, encoding,
        http_status, ingest_error, compressed content) of the given pages, by page_id."""
        return self._all(_RAW_PAGES, {"ids": ids})

    def write_staged(self, versions: pa.Table, related: pa.Table, rejects: pa.Table) -> None:
        """Append one chunk's staged rows to this load's, all or nothing."""
        self._ensure_load()

        def write() -> None:
            for table, target in zip((versions, related, rejects), STAGED_TABLES, strict=True):
                if table.num_rows:
                    self._con.register("staged_batch", table)
                    self._con.execute(
                        f"insert into {target} by name "
                        "select *, getvariable('load_id') as load_id from staged_batch"
                    )
                    self._con.unregister("staged_batch")

        self.committed(write)

    def staged_count(self) -> int:
        """This load's staged article versions."""
        self._ensure_load()
        row = self._one(f"select count(*) from staging.versions where {_THIS_LOAD}")
        return int(row[0]) if row else 0

    # -- what the quality checks read, and their verdict on rows
    def staged_article_rows(self) -> pa.Table:
        """The columns the row suite checks, row_id = position in page_id order."""
        self._ensure_load()
        return self._con.execute(_STAGED_ROWS).to_arrow_table()

    def staged_article_hashes(self) -> pa.Table:
        self._ensure_load()
        return self._con.execute(
            "select row_number() over (order by page_id) - 1 as row_id, page_id, content_hash "
            f"from staging.versions where {_THIS_LOAD}"
        ).to_arrow_table()

    def staged_related_rows(self) -> pa.Table:
        self._ensure_load()
        return self._con.execute(
            "select row_number() over (order by page_id, position) - 1 as row_id, page_id, "
            f"position, title from staging.related where {_THIS_LOAD}"
        ).to_arrow_table()

    def pages_to_account(self) -> int:
        """Pages this load processed that staging did not reject: each needs one version."""
        self._ensure_load()
        pending = self._one(
            f"select coalesce(max(pages_processed), 0) from staging.load_state where {_THIS_LOAD}"
        )
        rejects = self._one(f"select count(*) from staging.rejects where {_THIS_LOAD}")
        return int(pending[0] if pending else 0) - int(rejects[0] if rejects else 0)

    def quarantine(self, failures: dict[str, str], sample: int) -> list[tuple[Any, ...]]:
        """Move failing pages (page_id -> check names, comma-separated) from staged versions to staged rejects.

        Returns (source_path, record, check_name, page_id) of the first `sample` of them.
        """
        self._ensure_load()
        batch = pa.table({"page_id": list(failures), "check_name": list(failures.values())})
        self._con.register("quarantine_batch", batch)
        try:

            def move() -> None:
                self._con.execute(_QUARANTINE)
                for table in ("staging.versions", "staging.related"):
                    self._con.execute(
                        f"delete from {table} where {_THIS_LOAD} "
                        "and page_id in (select page_id from quarantine_batch)"
                    )

            self.committed(move)
            return self._all(_QUARANTINED, {"n": sample})
        finally:
            self._con.unregister("quarantine_batch")
