"""Landing folder -> raw_pages (+ their bytes, zlib-compressed), in batches.

A file is read again only when its state (size, mtime, ctime, inode) changed, or on a rescan;
a record whose bytes are already stored is not stored twice. A file that vanishes or changes
while it is read keeps none of the records it yielded: its one transient record (a reject
saying so) is stored, it gets no manifest row, and the next load reads it again. A batch commits its pages together with the manifest rows of the
files it finished, so a load killed mid-way resumes where the last commit left it.
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

import pyarrow as pa

from pipelines.ingest import FileState, Limits, is_transient, read_file, stored_name
from pipelines.landing_walk import Listed, scan
from pipelines.model import RawPage
from pipelines.normalize.dates import to_utc
from pipelines.warehouse import Writer

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
        ("fetched_at_text", pa.string()),
        ("content", pa.binary()),
    ]
)


@dataclass
class IngestStats:
    files_seen: int = 0
    files_read: int = 0
    pages_seen: int = 0
    pages_new: int = 0
    files_transient: int = 0  # vanished or changed while read: read again next load

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
        columns["fetched_at_text"].append(p.fetched_at_text)
        columns["content"].append(zlib.compress(p.content, 1))
    return pa.table(columns, schema=_RAW_SCHEMA)


def _manifest(files: list[tuple[str, FileState, int]]) -> pa.Table:
    return pa.table(
        {
            "source_path": pa.array([f[0] for f in files], pa.string()),
            "byte_size": pa.array([f[1].size for f in files], pa.int64()),
            "mtime_ns": pa.array([f[1].mtime_ns for f in files], pa.int64()),
            "ctime_ns": pa.array([f[1].ctime_ns for f in files], pa.int64()),
            "inode": pa.array([f[1].inode for f in files], pa.int64()),
            "records": pa.array([f[2] for f in files], pa.int32()),
        }
    )


# The manifest: name under the root -> (byte_size, mtime_ns, ctime_ns, inode) when read.
Known = dict[str, tuple[int, int, int | None, int | None]]


def _unread(listing: list[Listed], known: Known) -> Iterator[tuple[int, str, str, os.stat_result]]:
    """(position in the listing, name, the manifest's name for it, state) of the files whose
    state the manifest lacks: new, or changed in size, mtime, ctime or inode since read.
    Compared as plain tuples: a folder that keeps every file ever crawled lists 200k
    unchanged ones a night."""
    for n, (name, st) in enumerate(listing):
        stored = stored_name(name)
        if known.get(stored) != (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino):
            yield n, name, stored, st


# A window of records (whole files, until one of these is passed) is the unit of the dedupe
# of identical bytes: its last record of some bytes is the one kept, and an earlier window's
# wins over a later one's. A batch (one commit) is `Writer.raw_windows_per_batch` windows, so
# which record is kept does not depend on the backend's batch size.
WINDOW_RECORDS = 2000
WINDOW_BYTES = 64 * 1024 * 1024


@dataclass
class _Batch:
    """Windows of records waiting for their commit: their pages (deduped as above) and the
    files they finished."""

    pages: dict[str, RawPage] = field(default_factory=dict)
    files: list[tuple[str, FileState, int]] = field(default_factory=list)
    windows: int = 0

    def add_window(self, pages: list[RawPage], files: list[tuple[str, FileState, int]]) -> None:
        for page_id, page in {p.page_id: p for p in pages}.items():  # the same bytes: one page
            self.pages.setdefault(page_id, page)
        self.files.extend(files)
        self.windows += 1

    def write(self, wh: Writer, load_id: str) -> int:
        """Store the batch's new pages and the files it finished; how many were new."""
        new = wh.store_raw_batch(_table(list(self.pages.values())), _manifest(self.files), load_id)
        self.pages, self.files, self.windows = {}, [], 0
        return new


def unread_files(root: Path, known: Known) -> int:
    """Landing files a load would read: new, or changed in state since read."""
    return sum(1 for _ in _unread(scan(root), known)) if root.exists() else 0


def ingest_landing(
    wh: Writer,
    root: Path,
    load_id: str,
    limits: Limits = Limits(),
    progress: Callable[[int, int], None] | None = None,
    *,
    rescan: bool = False,
) -> IngestStats:
    """Read new or changed landing files (every file on a rescan) into raw_pages; returns
    what was seen and stored. `progress(files done, files in all)` is called after each file
    read (files skipped as unchanged count as done)."""
    stats = IngestStats()
    known = {} if rescan else wh.known_files()
    pages: list[RawPage] = []
    files: list[tuple[str, FileState, int]] = []
    pending_bytes = 0
    batch = _Batch()
    listing = scan(root)
    stats.files_seen = len(listing)
    folder = root if root.is_dir() else root.parent  # a root that is a file is its one input
    for n, name, rel, st in _unread(listing, known):
        if progress is not None and n:
            progress(n, len(listing))
        stats.files_read += 1
        state = FileState.of(st)  # as listed: read_file says if the file is not that one now
        records = list(read_file(folder / name, root, limits, expect=state))  # its real name
        if records and is_transient(records[-1]):
            records = records[-1:]  # keep only the record saying why; read it again next time
            stats.files_transient += 1
        else:
            files.append((rel, state, len(records)))
        pages.extend(records)
        pending_bytes += sum(len(p.content) for p in records)
        stats.pages_seen += len(records)
        if len(pages) >= WINDOW_RECORDS or pending_bytes >= WINDOW_BYTES:
            batch.add_window(pages, files)
            pages, files, pending_bytes = [], [], 0
            if batch.windows >= wh.raw_windows_per_batch:
                stats.pages_new += batch.write(wh, load_id)
    if files or pages:
        batch.add_window(pages, files)
    if batch.windows:
        stats.pages_new += batch.write(wh, load_id)
    if progress is not None:
        progress(stats.files_seen, stats.files_seen)
    return stats


def begin_load(
    wh: Writer,
    load_id: str,
    run_id: str | None,
    started_at: datetime,
    stats: IngestStats,
    *,
    supersede: bool = True,
) -> None:
    """Record the load in progress; publish turns it into a load_runs row. `supersede`: drop
    every other load's staging rows (false where loads may overlap: partition runs)."""
    wh.begin_load(load_id, run_id, started_at, asdict(stats), supersede=supersede)
