"""Resources: the swappable boundaries of the graph (where pages land, where the warehouse is)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import dagster as dg

from pipelines.defs.failures import record_run_outcome
from pipelines.ingest import Limits
from pipelines.ingest.files import DEFAULT_MAX_BYTES
from pipelines.settings import DEFAULT_DATA_DOCS_DAYS, DEFAULT_PARSE_TIMEOUT
from pipelines.warehouse import Warehouse, open_warehouse
from pipelines.warehouse.files import LOCK_WAIT_SECONDS, WRITER_MEMORY

# How long a run waits for the writer lock another process (a `newswh load`, a cron job)
# holds: Dagster's own runs already queue in the pool, so this only covers writers outside it.
WRITER_WAIT_SECONDS = 1800.0
# Tags Dagster gives a run of one partition, or of a range of them (a single-run backfill).
PARTITION_TAGS = ("dagster/partition", "dagster/asset_partition_range_start")
# A run tagged newswh/fetch-days=all takes every pending page, whatever its fetch day or none
# (the nightly load, the sensor, `newswh load`); its partition only says where Dagster
# records it. Without the tag a partition run takes the pages fetched on its days.
EVERY_DAY_TAG = "newswh/fetch-days"
EVERY_DAY = {EVERY_DAY_TAG: "all"}


def is_partition_run(tags: Mapping[str, str]) -> bool:
    """A run bounded to its fetch-day partitions (it may overlap others on the lake)."""
    bounded = tags.get(EVERY_DAY_TAG) != EVERY_DAY[EVERY_DAY_TAG]
    return bounded and any(tag in tags for tag in PARTITION_TAGS)


class WarehouseResource(dg.ConfigurableResource):
    """Where the warehouse is, and how its writer opens it.

    In a run it holds the writer lock from the first step to the last (every entry point:
    `newswh`, `dagster job execute`, the daemon, the UI), and at the end writes a failed run
    to load_runs with its whole error.
    """

    path: str
    memory_limit: str = WRITER_MEMORY
    lock_wait_seconds: float = LOCK_WAIT_SECONDS
    data_docs_days: int = DEFAULT_DATA_DOCS_DAYS  # GX Data Docs kept this long, a folder per run
    writer_wait_seconds: float = WRITER_WAIT_SECONDS
    lake_data: str | None = None  # with a `ducklake:` path: the lake's data folder
    lake_memory: str | None = None  # the lake's writing sessions' DuckDB memory cap
    dask_scheduler: str | None = None  # parse on this Dask cluster (lake only)

    @property
    def docs_root(self) -> Path:
        """The folder beside the warehouse file (the lake's data folder) for the GX Data Docs."""
        return Path(self.lake_data) if self.lake_data else Path(self.path).parent

    @property
    def store(self) -> Warehouse:
        return open_warehouse(
            self.path,
            lake_data=self.lake_data,
            dask_scheduler=self.dask_scheduler,
            lake_memory=self.lake_memory,
            memory_limit=self.memory_limit,
            wait=self.lock_wait_seconds,
            lock_wait=self.writer_wait_seconds,
        )

    @contextmanager
    def yield_for_execution(self, context: dg.InitResourceContext) -> Iterator[Any]:
        run = context.dagster_run
        if run is None or context.instance is None:  # a sensor: each session locks itself
            yield self
            return
        store = self.store
        command = f"dagster run {run.run_id} of {run.job_name}"
        with store.lock(command=command, partition=is_partition_run(run.tags)) as cleared:
            for line in cleared:
                if context.log:
                    context.log.warning(f"newswh: {line}")
            try:
                yield self
            finally:
                try:
                    record_run_outcome(store, context.instance, run.run_id, run.job_name)
                except Exception as exc:  # the sensor, or the next writer, records it instead
                    if context.log:
                        context.log.error(f"newswh: could not record run {run.run_id}: {exc}")


class LandingResource(dg.ConfigurableResource):
    """The landing folder and how to read it."""

    path: str
    max_bytes: int = DEFAULT_MAX_BYTES
    workers: int = 2
    outlets: str = ""  # an outlets overrides file (NEWSWH_OUTLETS) besides <path>/outlets.toml
    parse_timeout: float = DEFAULT_PARSE_TIMEOUT  # seconds a page may take to parse

    @property
    def root(self) -> Path:
        return Path(self.path)

    @property
    def limits(self) -> Limits:
        return Limits(max_bytes=self.max_bytes)
