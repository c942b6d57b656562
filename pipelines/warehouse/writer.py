"""The writer's session: raw pages in, staged rows, their checks, the load in progress.

Arrow tables and plain values cross this line; SQL does not. Publishing and the search
index are in `pipelines.warehouse.publishing`.

Staging is keyed by load: a session works on one load's rows (`LoadState`), so loads that
overlap (partition runs on the lake) never read, publish or clear each other's rows.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pyarrow as pa

from pipelines.warehouse.files import store_manifest, transaction
from pipelines.warehouse.loads import THIS_LOAD, LoadState
from pipelines.warehouse.outlets import OutletRows
from pipelines.warehouse.publishing import Publishing

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
STAGED_TABLES = ("staging.versions", "staging.related", "staging.rejects")


class Writer(LoadState, Publishing, OutletRows):
    """The one writer of the work file (the raw store attached)."""

    # How much the ingest and index steps hand to one commit (the lake's writer sets more):
    # windows of landing records (`steps.ingest`), articles indexed.
    raw_windows_per_batch = 1
    index_chunk = 2000

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

    # -- staging
    def clear_staged_rows(self) -> None:
        """Drop this load's staged versions, related items and rejects (a parse starts over)."""
        self._ensure_load()

        def clear() -> None:
            for table in STAGED_TABLES:
                self._con.execute(f"delete from {table} where {THIS_LOAD}")

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
                    f"select page_id from staging.reparse_pages where {THIS_LOAD} order by 1"
                )
            ]
        return [r[0] for r in self._all(_PENDING, {"since": since, "until": until})]

    def set_pages_processed(self, pages: int) -> None:
        self._ensure_load()
        self.committed(
            lambda: self._con.execute(
                f"update staging.load_state set pages_processed = $n where {THIS_LOAD}",
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
        row = self._one(f"select count(*) from staging.versions where {THIS_LOAD}")
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
            f"from staging.versions where {THIS_LOAD}"
        ).to_arrow_table()

    def staged_related_rows(self) -> pa.Table:
        self._ensure_load()
        return self._con.execute(
            "select row_number() over (order by page_id, position) - 1 as row_id, page_id, "
            f"position, title from staging.related where {THIS_LOAD}"
        ).to_arrow_table()

    def pages_to_account(self) -> int:
        """Pages this load processed that staging did not reject: each needs one version."""
        self._ensure_load()
        pending = self._one(
            f"select coalesce(max(pages_processed), 0) from staging.load_state where {THIS_LOAD}"
        )
        rejects = self._one(f"select count(*) from staging.rejects where {THIS_LOAD}")
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
                        f"delete from {table} where {THIS_LOAD} "
                        "and page_id in (select page_id from quarantine_batch)"
                    )

            self.committed(move)
            return self._all(_QUARANTINED, {"n": sample})
        finally:
            self._con.unregister("quarantine_batch")
