"""One writer at a time, whatever starts it: an OS file lock beside the warehouse.

`news.duckdb.lock` is locked with flock for the whole load or reparse; the kernel releases it
when the holding process dies (kill -9 included), so a dead writer never wedges the next one.
The file names its holder (pid, command, since when) for the one line a refused writer prints.
A process that holds the lock may take it again (a run's steps each open a writer session).
Writers that may overlap (partition runs on the lake) take it shared: they exclude every
exclusive writer and are excluded by it, but not each other; they leave the holder line alone.
"""

from __future__ import annotations

import fcntl
import json
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

_POLL_SECONDS = 0.2


class WarehouseBusy(RuntimeError):
    """Another process holds the warehouse (its writer lock, or a DuckDB file lock)."""


@dataclass(frozen=True)
class Holder:
    pid: int
    command: str
    since: str

    def describe(self) -> str:
        return f"pid {self.pid} ({self.command}) since {self.since}"


class WarehouseLocked(WarehouseBusy):
    """Another writer holds the lock; the message names it."""

    def __init__(self, warehouse: Path, holder: Holder | None) -> None:
        self.holder = holder
        who = holder.describe() if holder else "another process"
        super().__init__(
            f"the warehouse {warehouse} is being written by {who}; "
            "try again when it is done, or pass --wait SECONDS"
        )


def lock_path(published: Path) -> Path:
    """news.duckdb -> news.duckdb.lock (beside it, so every entry point finds the same one)."""
    return published.with_name(published.name + ".lock")


def read_holder(path: Path) -> Holder | None:
    """Who wrote the lock file last (the holder while it is locked)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8") or "{}")
        return Holder(int(data["pid"]), str(data["command"]), str(data["since"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _command() -> str:
    words = [Path(sys.argv[0]).name, *sys.argv[1:]] if sys.argv and sys.argv[0] else ["python"]
    return " ".join(words)[:200]


# lock file -> (open file, depth): flock is per open file, so this process re-enters its own.
_HELD: dict[str, tuple[IO[str], int]] = {}
_SHARED: set[str] = set()  # the lock files of _HELD this process holds shared


def holds(published: Path) -> bool:
    """This process holds the writer lock of this warehouse."""
    return str(lock_path(published).resolve()) in _HELD


def _try(fh: IO[str], shared: bool = False) -> bool:
    try:
        fcntl.flock(fh.fileno(), (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def acquire(
    published: Path, wait: float = 0.0, command: str | None = None, *, shared: bool = False
) -> Holder | None:
    """Take the writer lock (waiting up to `wait` seconds) or raise WarehouseLocked.

    Returns the holder of a writer that died holding it (its line was never cleared), if any
    (never for a shared taker: the line is the exclusive writers')."""
    path = lock_path(published)
    key = str(path.resolve())
    if key in _HELD:
        fh, depth = _HELD[key]
        _HELD[key] = (fh, depth + 1)
        return None
    path.parent.mkdir(parents=True, exist_ok=True)
    fh = path.open("a+", encoding="utf-8")
    deadline = time.monotonic() + max(wait, 0.0)
    while not _try(fh, shared):
        if time.monotonic() >= deadline:
            fh.close()
            raise WarehouseLocked(published, read_holder(path))
        time.sleep(_POLL_SECONDS)
    if shared:
        _HELD[key] = (fh, 1)
        _SHARED.add(key)
        return None
    dead = read_holder(path)  # a writer that let go cleared its line
    since = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    fh.seek(0)
    fh.truncate()
    fh.write(json.dumps({"pid": os.getpid(), "command": command or _command(), "since": since}))
    fh.flush()
    _HELD[key] = (fh, 1)
    return dead


def release(published: Path) -> None:
    key = str(lock_path(published).resolve())
    if key not in _HELD:
        return
    fh, depth = _HELD[key]
    if depth > 1:
        _HELD[key] = (fh, depth - 1)
        return
    del _HELD[key]
    if key in _SHARED:
        _SHARED.discard(key)
    else:
        fh.seek(0)
        fh.truncate()  # a line left in the file says its writer died holding the lock
        fh.flush()
    fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
    fh.close()


@dataclass(frozen=True)
class Taken:
    first: bool  # this call took the lock (no enclosing hold in this process)
    dead: Holder | None  # a writer that died holding it before


@contextmanager
def writer_lock(
    published: Path, wait: float = 0.0, command: str | None = None, *, shared: bool = False
) -> Iterator[Taken]:
    """Hold the writer lock for the block (shared: beside other shared holders)."""
    first = not holds(published)
    dead = acquire(published, wait, command, shared=shared)
    try:
        yield Taken(first, dead)
    finally:
        release(published)
