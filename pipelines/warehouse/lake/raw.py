"""Raw pages in the lake: Parquet partitioned by fetch month, read back by any worker.

Unlike the embedded file (bytes and rows in two databases, two transactions), the lake
writes a batch's rows and bytes in one snapshot: both land or neither.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import duckdb
import pyarrow as pa

from pipelines.warehouse.files import store_manifest
from pipelines.warehouse.lake.catalog import ALIAS, LakeTarget, connect, transaction

_PAGES_OF_DAY = """
select r.page_id, r.source_path, r.record, r.url, r.fetched_at, r.source, r.format, r.media,
       r.encoding, r.http_status, r.ingest_error, r.fetched_at_text, c.content
from raw_pages as r
join raw.raw_page_content as c using (page_id)
where r.page_id in (select unnest($ids))
  and c.page_id in (select unnest($ids))
  and ((r.fetched_at >= $since and r.fetched_at < $until) or ($since is null and r.fetched_at is null))
  and ((c.fetched_at >= $since and c.fetched_at < $until) or ($since is null and c.fetched_at is null))
order by r.page_id
"""
_PENDING_DAYS = """
select r.page_id, (r.fetched_at at time zone 'UTC')::date as day
from raw_pages as r
where not exists (select 1 from article_versions as v where v.page_id = r.page_id)
  and not exists (select 1 from rejected_pages as j where j.page_id = r.page_id)
order by day nulls first, r.page_id
"""
_REPARSE_DAYS = """
select s.page_id, (r.fetched_at at time zone 'UTC')::date as day
from staging.reparse_pages as s join raw_pages as r using (page_id)
where s.load_id = getvariable('load_id')
order by day nulls first, s.page_id
"""
_CONNECTIONS: dict[LakeTarget, duckdb.DuckDBPyConnection] = {}  # per worker process


@dataclass(frozen=True)
class Shard:
    """Pages parsed by one task, all fetched from `day` through `last_day` (UTC dates; None =
    fetch time unknown, a shard of its own). Consecutive fetch days share a shard up to its
    size: a crawl of a few dozen pages a day would otherwise pay a task's fixed cost per day."""

    shard_id: str
    day: date | None
    page_ids: tuple[str, ...]
    last_day: date | None = None  # None: `day` alone

    @property
    def until(self) -> date | None:
        """The last fetch day of the shard."""
        return self.last_day or self.day


class KnownPages:
    """The page ids of `raw_pages`, read once per writer session into a temp table that the
    session's own batches extend: a batch dedupes against it instead of scanning every raw
    Parquet file written so far (page ids are content hashes: no partition prunes them), which
    made a load quadratic in its batches.

    The table is trusted only while it is current with the snapshot a batch's transaction
    reads: a snapshot this session did not commit (another writer's, or one that committed
    beside ours) makes it read the ids again. Overlapping ingests are kept apart by the
    ingest turn (`Warehouse.turn`), as before; this check keeps the dedupe exact even so.
    """

    NAME = "known_raw_pages"  # a temp table: the session's, never the lake's
    TABLE = f"temp.main.{NAME}"

    def __init__(self) -> None:
        self.snapshot: int | None = None  # the snapshot the table is current with

    def begin(self, con: duckdb.DuckDBPyConnection) -> int:
        """In a batch's transaction: the snapshot it reads, the table made current with it."""
        basis = _snapshot(con, "ducklake_current_snapshot")
        if basis != self.snapshot:
            con.execute(
                f"create or replace temp table {self.NAME} as select page_id from raw_pages"
            )
        return basis

    def committed(self, con: duckdb.DuckDBPyConnection, basis: int, wrote: bool) -> None:
        """After the batch's commit: current with our own snapshot if it came right after
        `basis` (nobody committed in between), else read again next time."""
        if not wrote:
            self.snapshot = basis
            return
        ours = _snapshot(con, "ducklake_last_committed_snapshot")
        self.snapshot = ours if ours == basis + 1 else None

    def forget(self) -> None:
        """A batch rolled back: its ids may be in the table no longer (or still): read again."""
        self.snapshot = None


def _snapshot(con: duckdb.DuckDBPyConnection, function: str) -> int:
    row = con.execute(f"select * from {function}('{ALIAS}')").fetchone()
    return int(row[0]) if row and row[0] is not None else -1


def write_raw_pages(
    con: duckdb.DuckDBPyConnection,
    batch: pa.Table,
    load_id: str,
    files: pa.Table | None = None,
    known: KnownPages | None = None,
) -> int:
    """Store the pages of `batch` (the ingest step's Arrow shape, with `content`) not stored
    yet, rows and bytes in one snapshot, with the manifest rows of the landing `files` it
    finished; return how many pages were new. `known`: the session's page ids (one read of
    them for a whole ingest), else `raw_pages` is scanned for this batch."""
    known = known or KnownPages()
    con.register("raw_batch", batch)
    if files is not None:
        con.register("manifest_batch", files)
    try:
        with transaction(con):
            basis = known.begin(con)
            con.execute(
                "create or replace temp table new_pages as select * from raw_batch "
                f"where page_id not in (select page_id from {KnownPages.TABLE}) "
                "qualify row_number() over (partition by page_id) = 1"
            )
            row = con.execute(
                "insert into raw_pages by name "
                "select * exclude (content), $load_id as load_id from new_pages",
                {"load_id": load_id},
            ).fetchone()
            con.execute(
                "insert into raw.raw_page_content by name "
                "select page_id, content, fetched_at from new_pages"
            )
            con.execute(f"insert into {KnownPages.TABLE} select page_id from new_pages")
            con.execute("drop table new_pages")
            if files is not None:
                store_manifest(con, load_id)
    except BaseException:
        known.forget()
        raise
    finally:
        con.unregister("raw_batch")
        if files is not None:
            con.unregister("manifest_batch")
    new = int(row[0]) if row else 0
    known.committed(con, basis, wrote=bool(new) or files is not None)
    return new


def pending_shards(
    con: duckdb.DuckDBPyConnection,
    size: int,
    *,
    reparse: bool = False,
    since: datetime | None = None,
    until: datetime | None = None,
) -> list[Shard]:
    """Raw pages behind no version and no reject (for a reparse: the pages it covers), of
    the fetch days in [since, until) when given (a partition run), cut into shards of
    consecutive fetch days, at most `size` pages each."""
    rows = con.execute(_REPARSE_DAYS if reparse else _PENDING_DAYS).fetchall()
    return shards_of([(p, d) for p, d in rows if in_days(d, since, until)], size)


def in_days(day: date | None, since: datetime | None, until: datetime | None) -> bool:
    """Whether pages fetched on `day` (UTC; None: unknown) fall in [since, until); no bounds:
    every day. (date(2024, 12, 20), 2024-12-20T00:00Z, 2024-12-21T00:00Z) -> True."""
    if since is None and until is None:
        return True
    if day is None:
        return False
    start = datetime(day.year, day.month, day.day, tzinfo=UTC)
    return (since is None or start >= since) and (until is None or start < until)


def shards_of(rows: list[tuple[str, date | None]], size: int) -> list[Shard]:
    """(page_id, day) rows sorted by day (unknown first) -> shards of at most `size` pages,
    each a run of consecutive fetch days; pages without a fetch time are never mixed with
    dated ones (their partition is apart)."""
    shards: list[Shard] = []
    current: list[str] = []
    first: date | None = None
    last: date | None = None
    for page_id, page_day in [*rows, ("", None)]:
        if current and (
            len(current) == size or not page_id or (page_day is None) != (first is None)
        ):
            shards.append(
                Shard(
                    shard_id=f"{_day_key(first)}-{current[0][:16]}",
                    day=first,
                    page_ids=tuple(current),
                    last_day=last if last != first else None,
                )
            )
            current = []
        if not current:
            first = page_day
        last = page_day
        current.append(page_id)
    return shards


def read_shard_rows(con: duckdb.DuckDBPyConnection, shard: Shard) -> list[tuple[Any, ...]]:
    """The raw rows of a shard's pages (the columns of `Writer.raw_pages`), reading only the
    files of its fetch days (partition and file statistics prune the rest)."""
    since = until = None
    if shard.day is not None and shard.until is not None:
        since = datetime(shard.day.year, shard.day.month, shard.day.day, tzinfo=UTC)
        last = shard.until
        until = datetime(last.year, last.month, last.day, tzinfo=UTC) + timedelta(days=1)
    return con.execute(
        _PAGES_OF_DAY, {"ids": list(shard.page_ids), "since": since, "until": until}
    ).fetchall()


def shard_rows(target: LakeTarget, shard: Shard) -> list[tuple[Any, ...]]:
    """`read_shard_rows` on the calling process's read-only lake connection (a Dask worker's).

    Loading the two extensions and attaching the catalog costs about 0.7 s: once per worker,
    not once per shard. Each query still reads the lake's latest snapshot.
    """
    con = _CONNECTIONS.get(target)
    if con is None:
        con = _CONNECTIONS[target] = connect(target, read_only=True)
    return read_shard_rows(con, shard)


def _day_key(day: date | None) -> str:
    return day.isoformat() if day is not None else "undated"
