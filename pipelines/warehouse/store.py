"""`Warehouse`: the one object the pipeline, the CLI and Dagster hold for storage.

It holds the writer lock, opens sessions (a `Writer` on the work file, a `Reader` on the
published snapshot) and publishes the snapshot, guarded. Everything it hands out speaks plain
values and Arrow tables, so a second backend implements the same three classes.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import duckdb

from pipelines.warehouse.files import (
    LOCK_WAIT_SECONDS,
    WRITER_MEMORY,
    check_files,
    checkpoint_work,
    open_analyst,
    open_reader,
    open_writer,
    publish_snapshot,
    remove_stale_copies,
    work_path,
)
from pipelines.warehouse.lock import Holder, holds, writer_lock
from pipelines.warehouse.reader import PublicationCounts, Reader
from pipelines.warehouse.writer import Writer


class PublicationRefused(RuntimeError):
    """The work file would lose what the published snapshot has: nothing was swapped."""


def refusal(work: PublicationCounts, before: PublicationCounts | None) -> str | None:
    """Why the work file must not become the snapshot (None: it may)."""
    if work.in_both or work.repeated:
        return (
            f"{work.in_both} raw pages are both an article version and a reject, "
            f"{work.repeated} are recorded twice"
        )
    if before is None:
        return None
    if work.raw_pages < before.raw_pages:
        return f"the work file has {work.raw_pages} raw pages, the snapshot {before.raw_pages}"
    if work.accounted < before.accounted:
        lost = before.accounted - work.accounted
        return f"{lost} raw pages accounted for in the snapshot would be in no table"
    if work.last_mode not in ("reparse", "backfill") and (
        work.articles < before.articles or work.versions < before.versions
    ):
        return (
            f"a load would leave {work.articles} articles / {work.versions} versions where the "
            f"snapshot has {before.articles} / {before.versions}"
        )
    return None


class Warehouse:
    """The published snapshot `path`, the writer's work file and the raw store beside it.

    `wait` is how long a session waits for DuckDB's own file lock; `lock_wait` how long a
    writer waits for the writer lock (`news.duckdb.lock`) another process holds.
    """

    def __init__(
        self,
        path: str | Path,
        *,
        memory_limit: str = WRITER_MEMORY,
        wait: float = LOCK_WAIT_SECONDS,
        lock_wait: float = 0.0,
    ) -> None:
        self.path = Path(path)
        self.memory_limit = memory_limit
        self.wait = wait
        self.lock_wait = lock_wait

    @property
    def lock_path(self) -> Path:
        """The file the writer lock sits beside (`<lock_path>.lock`)."""
        return self.path

    @property
    def published(self) -> bool:
        """Readers have a snapshot to open."""
        return self.path.exists()

    @property
    def started(self) -> bool:
        """A writer has worked here (the work file exists)."""
        return work_path(self.path).exists()

    def check(self) -> None:
        """Raise NotAWarehouse when one of its files exists and is no DuckDB database."""
        check_files(self.path)

    @property
    def locked_here(self) -> bool:
        """This process holds the writer lock."""
        return holds(self.lock_path)

    # Partition runs may write at once (each stages under its own load id): not on the file,
    # which has one writer process.
    overlapping_partitions = False

    @property
    def schema_current(self) -> bool:
        """Writers may share the lock without bringing the schema up to date first (the
        file's DDL runs at every writer's start)."""
        return True

    @contextmanager
    def lock(
        self, wait: float | None = None, command: str | None = None, *, partition: bool = False
    ) -> Iterator[list[str]]:
        """Hold the writer lock for a whole load or reparse (re-entrant in one process).

        Whoever takes it first clears what a dead writer left (half-written snapshot copies,
        staging rows) before anything else runs; yields what it cleared, one line each.
        A partition run where they may overlap takes it shared and clears nothing: other
        partition runs may be alive; the next writer that holds it alone clears the dead.
        A warehouse not created yet is created by one writer alone.
        """
        shared = partition and self.overlapping_partitions and self.started and self.schema_current
        wait = self.lock_wait if wait is None else wait
        with writer_lock(self.lock_path, wait, command, shared=shared) as taken:
            yield self.recover(taken.dead) if taken.first and not shared else []

    @contextmanager
    def turn(self, step: str) -> Iterator[None]:
        """One run at a time through `step` (ingest, publish) where runs may overlap: two
        overlapping ingests would both store a new page, two publishes would both number
        versions and write articles from snapshots that miss each other's."""
        if not self.overlapping_partitions:  # the run already holds the warehouse alone
            yield
            return
        with writer_lock(self.lock_path.with_name(f"{self.lock_path.name}.{step}"), self.lock_wait):
            yield

    def recover(self, dead: Holder | None = None) -> list[str]:
        """Clear a dead writer's leftovers (the caller holds the writer lock): half-written
        snapshot copies, staging rows; a writer that died holding the lock gets a failed
        load_runs row."""
        notes = [f"removed the half-written copy {p.name}" for p in remove_stale_copies(self.path)]
        if self.started or dead is not None:
            published = self._published_runs()
            with self.writer(raw=False) as wh:
                notes += wh.clear_abandoned(dead)
                if published is not None:
                    notes += wh.mark_unpublished(published)
        return notes

    def _published_runs(self) -> set[str] | None:
        """The succeeded runs readers see (none before a first snapshot); None when the
        snapshot cannot be read (`doctor` says why)."""
        if not self.published:
            return set()
        try:
            with self.reader() as snapshot:
                return snapshot.succeeded_runs()
        except duckdb.Error:
            return None

    @contextmanager
    def writer(self, *, raw: bool = True) -> Iterator[Writer]:
        """The one writer: the work file, the raw store attached, the schema ensured.

        raw=False leaves the raw store alone (bookkeeping that must work when it is damaged)."""
        with (
            self.lock(),
            closing(open_writer(self.path, self.memory_limit, self.wait, raw=raw)) as con,
        ):
            yield Writer(con)

    @contextmanager
    def reader(self, *, work: bool = False) -> Iterator[Reader]:
        """Read the published snapshot; work=True reads the writer's (closed) work file."""
        target = work_path(self.path) if work else self.path
        with closing(open_reader(target, self.wait)) as con:
            yield Reader(con)

    @contextmanager
    def analyst(self, allow_files: tuple[Path, ...] = ()) -> Iterator[Reader]:
        """Read the snapshot with no way to other files (see `open_analyst`)."""
        with closing(open_analyst(self.path, allow_files, self.wait)) as con:
            yield Reader(con)

    def publish(self) -> None:
        """Make what the writer committed visible to readers, atomically, if the work file's
        ledger holds and it loses nothing the snapshot has; else raise PublicationRefused."""
        with self.lock():
            with closing(checkpoint_work(self.path)) as con:
                work = Reader(con).publication_counts()
            before = None
            if self.published:
                try:
                    with self.reader() as snapshot:
                        before = snapshot.publication_counts()
                except duckdb.Error:  # an unreadable snapshot has nothing to lose
                    before = None
            problem = refusal(work, before)
            if problem:
                raise PublicationRefused(f"{problem}; nothing was published")
            publish_snapshot(self.path)
