"""Landing folder -> raw_pages (+ their bytes, zlib-compressed), in batches.

A file is read again only when its size or mtime changed; a record whose bytes are already
stored is not stored twice. A batch commits its pages together with the manifest rows of the
files it finished, so a load killed mid-way resumes where the last commit left it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
import zlib
from pathlib import Path

import duckdb
import pyarrow as pa

from pipelines.ingest import Limits, discover, read_file
from pipelines.model import RawPage
from pipelines.normalize.dates import to_utc
from pipelines.warehouse.db import transaction

BATCH_BYTES = 64 * 1024 * 1024
BATCH_RECORDS = 2000

_RAW_SCHEMA = pa.schema(
    [
        ("page_id", pa.string()),
        ("source_path", pa.string()),
        ("record", pa.int32()),
        ("url", pa.string()),
        ("fetched_at", pa.timestamp("us", tz="UTC")),
        ("source", pa.string()),
        ("format", pa.string()),
        ("media", pa.string()),
        ("encoding", pa.string()),
        ("http_status", pa.int32()),
        ("ingest_error", pa.string()),
        ("byte_size", pa.int64()),
        ("content", pa.binary()),
    ]
)


@dataclass
class IngestStats:
    files_seen: int = 0
    files_read: int = 0
    pages_seen: int = 0
    pages_new: int = 0



def _table(pages: list[RawPage]) -> pa.Table:
    columns: dict[str, list[object]] = {name: [] for name in _RAW_SCHEMA.names}
    for p in pages:
        columns["page_id"].append(p.page_id)
        columns["source_path"].append(p.source_path)
        columns["record"].append(p.record)
        columns["url"].append(p.url)
        columns["fetched_at"].append(to_utc(p.fetched_at))
        columns["source"].append(p.source)
        columns["format"].append(p.format)
        columns["media"].append(p.media)
        columns["encoding"].append(p.charset)
        columns["http_status"].append(p.http_status)
        columns["ingest_error"].append(f"{p.error[0]}: {p.error[1]}" if p.error else None)
        columns["byte_size"].append(len(p.content))
        columns["content"].append(zlib.compress(p.content, 1))
    return pa.table(columns, schema=_RAW_SCHEMA)


def _manifest(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[int, int]]:
    rows = con.execute("select source_path, byte_size, mtime_ns from landing_files").fetchall()
    return {path: (size, mtime) for path, size, mtime in rows}


def _write_batch(
    con: duckdb.DuckDBPyConnection,
    pages: list[RawPage],
    files: list[tuple[str, int, int, int]],
    load_id: str,
) -> int:
    """Store the new pages of a batch and the files it finished; return how many were new."""
    # The same bytes twice inside one batch are one page.
    unique = list({p.page_id: p for p in pages}.values())
    batch = _table(unique)
    manifest = pa.table(
        {
            "source_path": [f[0] for f in files],
            "byte_size": [f[1] for f in files],
            "mtime_ns": [f[2] for f in files],
            "records": [f[3] for f in files],
        }
    )
    con.register("batch", batch)
    con.register("manifest", manifest)
    # One transaction may write one database: the bytes first, then the rows that make them
    # count. Bytes without a row (a kill in between) are written again harmlessly next time.
    with transaction(con):
        con.execute(
            "insert into raw.raw_page_content select page_id, content from batch "
            "where page_id not in (select page_id from raw.raw_page_content)"
        )
    with transaction(con):
        row = con.execute(
            "insert into raw_pages select * exclude (content), $load_id from batch "
            "where page_id not in (select page_id from raw_pages)",
            {"load_id": load_id},
        ).fetchone()
        con.execute(
            "delete from landing_files where source_path in (select source_path from manifest)"
        )
        con.execute(
            "insert into landing_files select *, $load_id from manifest", {"load_id": load_id}
        )
    con.unregister("batch")
    con.unregister("manifest")
    return int(row[0]) if row else 0


def ingest_landing(
    con: duckdb.DuckDBPyConnection, root: Path, load_id: str, limits: Limits = Limits()
) -> IngestStats:
    """Read new or changed landing files into raw_pages; returns what was seen and stored."""
    stats = IngestStats()
    known = _manifest(con)
    pages: list[RawPage] = []
    files: list[tuple[str, int, int, int]] = []
    pending_bytes = 0
    for path in discover(root):
        stats.files_seen += 1
        st = path.stat()
        rel = str(path.relative_to(root)) if path != root else path.name
        if known.get(rel) == (st.st_size, st.st_mtime_ns):
            continue
        stats.files_read += 1
        count = 0
        for page in read_file(path, root, limits):
            pages.append(page)
            pending_bytes += len(page.content)
            count += 1
        files.append((rel, st.st_size, st.st_mtime_ns, count))
        stats.pages_seen += count
        if len(pages) >= BATCH_RECORDS or pending_bytes >= BATCH_BYTES:
            stats.pages_new += _write_batch(con, pages, files, load_id)
            pages, files, pending_bytes = [], [], 0
    if files:
        stats.pages_new += _write_batch(con, pages, files, load_id)
    return stats


def begin_load(
    con: duckdb.DuckDBPyConnection,
    load_id: str,
    run_id: str | None,
    started_at: datetime,
    stats: IngestStats,
) -> None:
    """Record the load in progress; publish turns it into a load_runs row."""
    with transaction(con):
        # A load that died before publishing left its row: its pages are simply pending now.
        con.execute("delete from staging.load_state")
        con.execute(
            "insert into staging.load_state by name select $load_id as load_id, $run_id as run_id, "
            "$at as started_at, $fs as files_seen, $fr as files_read, $ps as pages_seen, "
            "$pn as pages_new",
            {
                "load_id": load_id,
                "run_id": run_id,
                "at": started_at,
                "fs": stats.files_seen,
                "fr": stats.files_read,
                "ps": stats.pages_seen,
                "pn": stats.pages_new,
            },
        )


def begin_reparse(
    con: duckdb.DuckDBPyConnection,
    load_id: str,
    run_id: str | None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> int:
    """Record a reparse (every raw page) or a backfill (pages fetched in [since, until)).

    Returns how many raw pages will be parsed again.
    """
    mode = "reparse" if since is None and until is None else "backfill"
    with transaction(con):
        con.execute("delete from staging.load_state")
        con.execute("delete from staging.reparse_pages")
        con.execute(
            "insert into staging.reparse_pages select page_id from raw_pages "
            "where ($since is null or fetched_at >= $since) and ($until is null or fetched_at < $until)",
            {"since": since, "until": until},
        )
        row = con.execute("select count(*) from staging.reparse_pages").fetchone()
        pages = int(row[0]) if row else 0
        con.execute(
            "insert into staging.load_state by name select $load_id as load_id, $run_id as run_id, "
            "now() as started_at, 0 as files_seen, 0 as files_read, $pages as pages_seen, "
            "0 as pages_new, $mode as mode",
            {"load_id": load_id, "run_id": run_id, "pages": pages, "mode": mode},
        )
    return pages
