"""Checks of the three files (snapshot, work, raw store): does each open, does its ledger
hold, does the work file keep what the snapshot has, does every raw page have its bytes.

`diagnose` only reads (the caller holds the writer lock so no writer is half-way); the
repairs are `Warehouse.repair_*` and `pipelines.steps.doctor`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from pipelines.warehouse.files import _quote, raw_path, temp_copies, work_path
from pipelines.warehouse.reader import PublicationCounts, Reader

_RAW_SCAN = "select count(*), coalesce(sum(octet_length(content)), 0) from raw_page_content"
_WITHOUT_BYTES = """
select count(*) from raw_pages
where page_id not in (select page_id from raw.raw_page_content)
"""
_STAGED = """
select (select count(*) from staging.load_state) + (select count(*) from staging.reparse_pages)
     + (select count(*) from staging.versions) + (select count(*) from staging.rejects)
"""


@dataclass
class FileCheck:
    """One file's verdict: `problem` is None when it is sound."""

    kind: str  # snapshot | work | raw
    path: Path
    problem: str | None = None
    notes: list[str] = field(default_factory=list)
    counts: PublicationCounts | None = None

    @property
    def corrupt(self) -> bool:
        return self.problem is not None and self.problem.startswith("cannot be read")


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def _counts(path: Path) -> PublicationCounts:
    with duckdb.connect(str(path), read_only=True) as con:
        return Reader(con).publication_counts()


def check_snapshot(published: Path) -> FileCheck:
    check = FileCheck("snapshot", published)
    if not published.exists():
        check.problem = "missing"
        return check
    try:
        check.counts = _counts(published)
    except duckdb.Error as exc:
        check.problem = f"cannot be read: {_first_line(exc)}"
        return check
    if check.counts.in_both or check.counts.repeated:
        check.problem = "its ledger does not hold (pages both loaded and rejected, or twice)"
    stale = temp_copies(published)
    if stale:
        check.notes.append(f"{len(stale)} half-written snapshot copies left by a dead writer")
    return check


def check_work(published: Path, snapshot: FileCheck) -> FileCheck:
    work = work_path(published)
    check = FileCheck("work", work)
    if not work.exists():
        if not published.exists():
            check.problem = "missing (and no snapshot): nothing was ever loaded"
        else:
            check.notes.append("missing: the next writer copies it from the snapshot")
        return check
    try:
        check.counts = _counts(work)
        with duckdb.connect(str(work), read_only=True) as con:
            row = con.execute(_STAGED).fetchone()
    except duckdb.Error as exc:
        check.problem = f"cannot be read: {_first_line(exc)}"
        return check
    counts, before = check.counts, snapshot.counts
    if counts.in_both or counts.repeated:
        check.problem = "its ledger does not hold (pages both loaded and rejected, or twice)"
    elif before is not None and (
        counts.raw_pages < before.raw_pages or counts.accounted < before.accounted
    ):
        check.problem = (
            f"it has less than the snapshot ({counts.accounted} accounted raw pages of "
            f"{counts.raw_pages}; the snapshot {before.accounted} of {before.raw_pages})"
        )
    if row and row[0]:
        check.notes.append("staging rows of a load that died before publishing")
    return check


def check_raw(published: Path, work: FileCheck) -> FileCheck:
    raw = raw_path(published)
    check = FileCheck("raw", raw)
    if not raw.exists():
        if work.counts and work.counts.raw_pages:
            check.problem = f"missing: the bytes of {work.counts.raw_pages} raw pages are gone"
        return check
    try:
        with duckdb.connect(str(raw), read_only=True) as con:
            con.execute(_RAW_SCAN).fetchone()  # reads every block: a bad checksum shows here
    except duckdb.Error as exc:
        check.problem = f"cannot be read: {_first_line(exc)}"
        return check
    if work.counts is None or work.problem:
        return check
    try:
        with duckdb.connect(str(work_path(published)), read_only=True) as con:
            con.execute(f"attach '{_quote(str(raw))}' as raw (read_only)")
            row = con.execute(_WITHOUT_BYTES).fetchone()
    except duckdb.Error as exc:
        check.problem = f"cannot be read beside the work file: {_first_line(exc)}"
        return check
    if row and row[0]:  # what a refill could not find: their rows stay, a reparse skips them
        check.notes.append(f"{row[0]} raw pages have no bytes (a reparse leaves them as they are)")
    return check


def diagnose(published: Path) -> list[FileCheck]:
    """The snapshot, the work file and the raw store, each checked; the caller holds the lock."""
    snapshot = check_snapshot(published)
    work = check_work(published, snapshot)
    return [snapshot, work, check_raw(published, work)]


def set_aside(path: Path) -> Path:
    """Move a damaged file (and its WAL) aside, named by the time: news.raw.duckdb.corrupt-..."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    path.rename(target)
    wal = path.with_name(path.name + ".wal")
    if wal.exists():
        wal.rename(target.with_name(target.name + ".wal"))
    return target
