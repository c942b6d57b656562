"""Raw pages in the lake: Parquet partitioned by fetch day, read back by any worker.

Unlike the embedded file (bytes and rows in two databases, two transactions), the lake
writes a batch's rows and bytes in one snapshot: both land or neither.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import duckdb

from pipelines.lake.catalog import transaction
from pipelines.model import RawPage

# One Arrow shape and one row reader for both backends (private today: the restructure may
# give them public names).
from pipelines.warehouse.raw import _table as raw_table
from pipelines.warehouse.stage import _raw_page

_PAGES_OF_DAY = """
select r.page_id, r.source_path, r.record, r.url, r.fetched_at, r.source, r.format, r.media,
       r.encoding, r.http_status, r.ingest_error, c.content
from raw_pages as r
join raw.raw_page_content as c using (page_id)
where r.page_id in (select unnest($ids))
  and c.page_id in (select unnest($ids))
  and ((r.fetched_at >= $since and r.fetched_at < $until) or ($since is null and r.fetched_at is null))
  and ((c.fetched_at >= $since and c.fetched_at < $until) or ($since is null and c.fetched_at is null))
order by r.page_id
"""


@dataclass(frozen=True)
class Shard:
    """Pages parsed by one task: all fetched on `day` (UTC; None = fetch time unknown)."""

    shard_id: str
    day: date | None
    page_ids: tuple[str, ...]


def write_raw_pages(con: duckdb.DuckDBPyConnection, pages: Iterable[RawPage], load_id: str) -> int:
    """Store the pages not stored yet (rows and bytes in one snapshot); return how many were new."""
    unique = list({p.page_id: p for p in pages}.values())
    if not unique:
        return 0
    batch = raw_table(unique)
    con.register("raw_batch", batch)
    try:
        with transaction(con):
            con.execute(
                "create temp table new_pages as select * from raw_batch "
                "where page_id not in (select page_id from raw_pages)"
            )
            row = con.execute(
                "insert into raw_pages select * exclude (content), $load_id from new_pages",
                {"load_id": load_id},
            ).fetchone()
            con.execute(
                "insert into raw.raw_page_content by name select page_id, content, fetched_at from new_pages"
            )
            con.execute("drop table new_pages")
    finally:
        con.unregister("raw_batch")
    return int(row[0]) if row else 0


def pending_shards(con: duckdb.DuckDBPyConnection, size: int) -> list[Shard]:
    """Raw pages behind no version and no reject, cut into shards of one fetch day each."""
    rows = con.execute(
        """
        select r.page_id, (r.fetched_at at time zone 'UTC')::date as day
        from raw_pages as r
        where not exists (select 1 from article_versions as v where v.page_id = r.page_id)
          and not exists (select 1 from rejected_pages as j where j.page_id = r.page_id)
        order by day nulls first, r.page_id
        """
    ).fetchall()
    return shards_of(rows, size)


def shards_of(rows: list[tuple[str, date | None]], size: int) -> list[Shard]:
    """(page_id, day) rows sorted by day -> shards of at most `size` pages, one day each."""
    shards: list[Shard] = []
    current: list[str] = []
    day: date | None = None
    for page_id, page_day in [*rows, ("", None)]:
        if current and (page_day != day or len(current) == size or not page_id):
            shards.append(
                Shard(
                    shard_id=f"{_day_key(day)}-{current[0][:16]}", day=day, page_ids=tuple(current)
                )
            )
            current = []
        day = page_day
        current.append(page_id)
    return shards


def read_shard_pages(con: duckdb.DuckDBPyConnection, shard: Shard) -> list[RawPage]:
    """The raw pages of a shard, reading only its fetch day's partition."""
    since = until = None
    if shard.day is not None:
        since = datetime(shard.day.year, shard.day.month, shard.day.day, tzinfo=UTC)
        until = since + timedelta(days=1)
    rows = con.execute(
        _PAGES_OF_DAY, {"ids": list(shard.page_ids), "since": since, "until": until}
    ).fetchall()
    return [_raw_page(row) for row in rows]


def _day_key(day: date | None) -> str:
    return day.isoformat() if day is not None else "undated"
