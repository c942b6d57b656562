"""`Warehouse`: the one object the pipeline, the CLI and Dagster hold for storage.

It opens sessions (a `Writer` on the work file, a `Reader` on the published snapshot) and
publishes the snapshot. Everything it hands out speaks plain values and Arrow tables, so a
second backend implements the same three classes.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from pipelines.warehouse.files import (
    LOCK_WAIT_SECONDS,
    WRITER_MEMORY,
    check_files,
    open_reader,
    open_writer,
    publish_snapshot,
    work_path,
)
from pipelines.warehouse.reader import Reader
from pipelines.warehouse.writer import Writer


class Warehouse:
    """The published snapshot `path`, the writer's work file and the raw store beside it."""

    def __init__(
        self,
        path: str | Path,
        *,
        memory_limit: str = WRITER_MEMORY,
        wait: float = LOCK_WAIT_SECONDS,
    ) -> None:
        self.path = Path(path)
        self.memory_limit = memory_limit
        self.wait = wait

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

    @contextmanager
    def writer(self) -> Iterator[Writer]:
        """The one writer: the work file, the raw store attached, the schema ensured."""
        with closing(open_writer(self.path, self.memory_limit, self.wait)) as con:
            yield Writer(con)

    @contextmanager
    def reader(self, *, work: bool = False) -> Iterator[Reader]:
        """Read the published snapshot; work=True reads the writer's (closed) work file."""
        target = work_path(self.path) if work else self.path
        with closing(open_reader(target, self.wait)) as con:
            yield Reader(con)

    def publish(self) -> None:
        """Make what the writer committed visible to readers, atomically."""
        publish_snapshot(self.path)
