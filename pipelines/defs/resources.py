"""Resources: the swappable boundaries of the graph (where pages land, where the warehouse is)."""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from pipelines.ingest import Limits
from pipelines.ingest.files import DEFAULT_MAX_BYTES
from pipelines.settings import DEFAULT_DATA_DOCS_DAYS
from pipelines.warehouse import Warehouse
from pipelines.warehouse.files import LOCK_WAIT_SECONDS, WRITER_MEMORY


class WarehouseResource(dg.ConfigurableResource):
    """Where the warehouse is, and how its writer opens it."""

    path: str
    memory_limit: str = WRITER_MEMORY
    lock_wait_seconds: float = LOCK_WAIT_SECONDS
    data_docs_days: int = DEFAULT_DATA_DOCS_DAYS  # GX Data Docs kept this long, a folder per run

    @property
    def store(self) -> Warehouse:
        return Warehouse(self.path, memory_limit=self.memory_limit, wait=self.lock_wait_seconds)


class LandingResource(dg.ConfigurableResource):
    """The landing folder and how to read it."""

    path: str
    max_bytes: int = DEFAULT_MAX_BYTES
    workers: int = 2
    outlets: str = ""  # an outlets overrides file (NEWSWH_OUTLETS) besides <path>/outlets.toml

    @property
    def root(self) -> Path:
        return Path(self.path)

    @property
    def limits(self) -> Limits:
        return Limits(max_bytes=self.max_bytes)
