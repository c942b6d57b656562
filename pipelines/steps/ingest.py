"""Landing folder -> raw_pages (+ their bytes, zlib-compressed), in batches.

A file is read again only when its size or mtime changed; a record whose bytes are already
stored is not stored twice. A batch commits its pages together with the manifest rows of the
files it finished, so a load killed mid-way resumes where the last commit left it.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

import pyarrow as pa

from pipelines.ingest import Limits, discover, read_file
from pipelines.model import RawPage
from pipelines.normalize.dates import to_utc
from pipelines.warehouse import Writer

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

    def summary(self) -> str:
        """'11 files seen, 11 read; 13 pages seen, 13 new'."""
        return (
            f"{self.files_seen:,} files seen, {self.files_read:,} read; "
            f"{self.pages_seen:,} pages seen, {self.pages_new:,} new"
        )


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


def _manifest(files: list[tuple[str, int, int, int]]) -> pa.Table:
    return pa.table(
        {
            "source_path": [f[0] for f in files],
            "byte_size": [f[1] for f in files],
            "mtime_ns": [f[2] for f in files],
            "records": [f[3] for f in files],
        }
    )


def _write_batch(
    wh: Writer, pages: list[RawPage], files: list[tuple[str, int, int, int]], load_id: str
) -> int:
    """Store the new pages of a batch and the files it finished; return how many were new."""
    unique = list({p.page_id: p for p in pages}.values())  # the same bytes twice: one page
    return wh.store_raw_batch(_table(unique), _manifest(files), load_id)


def _relative(path: Path, root: Path) -> str:
    return str(path.relative_to(root)) if path != root else path.name


def unread_files(root: Path, known: dict[str, tuple[int, int]]) -> int:
    """Landing files a load would read: new, or changed in size or mtime since read."""
    count = 0
    for path in discover(root) if root.exists() else []:
        st = path.stat()
        count += known.get(_relative(path, root)) != (st.st_size, st.st_mtime_ns)
    return count


def ingest_landing(
    wh: Writer,
    root: Path,
    load_id: str,
    limits: Limits = Limits(),
    progress: Callable[[int, int], None] | None = None,
) -> IngestStats:
    """Read new or changed landing files into raw_pages; returns what was seen and stored.
    `progress(files done, files in all)` is called after each file."""
    stats = IngestStats()
    known = wh.known_files()
    pages: list[RawPage] = []
    files: list[tuple[str, int, int, int]] = []
    pending_bytes = 0
    paths = list(discover(root))
    for path in paths:
        if progress is not None and stats.files_seen:
            progress(stats.files_seen, len(paths))
        stats.files_seen += 1
        st = path.stat()
        rel = _relative(path, root)
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
            stats.pages_new += _write_batch(wh, pages, files, load_id)
            pages, files, pending_bytes = [], [], 0
    if files:
        stats.pages_new += _write_batch(wh, pages, files, load_id)
    if progress is not None:
        progress(stats.files_seen, len(paths))
    return stats


def begin_load(
    wh: Writer, load_id: str, run_id: str | None, started_at: datetime, stats: IngestStats
) -> None:
    """Record the load in progress; publish turns it into a load_runs row."""
    wh.begin_load(load_id, run_id, started_at, asdict(stats))
