"""Resources: the swappable boundaries of the graph (where pages land, where the warehouse is)."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import duckdb

from pipelines.ingest import Limits
from pipelines.ingest.files import DEFAULT_MAX_BYTES
from pipelines.warehouse.db import WRITER_MEMORY, connect, publish_snapshot


class WarehouseResource(dg.ConfigurableResource):
    """The DuckDB warehouse file."""

    path: str
    memory_limit: str = WRITER_MEMORY
    lock_wait_seconds: float = 30.0

    def connect(self, read_only: bool = False) -> duckdb.DuckDBPyConnection:
        """The writer's work file (read_only=False) or the published snapshot."""
        return connect(
            self.path,
            read_only=read_only,
            memory_limit=self.memory_limit,
            wait=self.lock_wait_seconds,
        )

    @property
    def published(self) -> bool:
        """Readers have a snapshot to open."""
        return Path(self.path).exists()

    def publish(self) -> None:
        """Make what the writer committed visible to readers, atomically."""
        publish_snapshot(self.path)


class LandingResource(dg.ConfigurableResource):
    """The landing folder and how to read it."""

    path: str
    max_bytes: int = DEFAULT_MAX_BYTES
    workers: int = 2

    @property
    def root(self) -> Path:
        return Path(self.path)

    @property
    def limits(self) -> Limits:
        return Limits(max_bytes=self.max_bytes)
