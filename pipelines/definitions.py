"""The Dagster code location. The only module that reads the environment (NEWSWH_*)."""

from __future__ import annotations

import os

import dagster as dg

from pipelines.defs import (
    ASSETS,
    CHECKS,
    LandingResource,
    WarehouseResource,
    freshness_sensor,
    landing_sensor,
    load_failure_sensor,
    maintenance,
    maintenance_schedule,
    nightly_load,
    nightly_schedule,
    reparse_warehouse,
)
from pipelines.settings import Settings


def build_definitions(settings: Settings) -> dg.Definitions:
    """The whole graph, bound to one landing folder and one warehouse file."""
    return dg.Definitions(
        assets=ASSETS,
        asset_checks=CHECKS,
        jobs=[nightly_load, reparse_warehouse, maintenance],
        schedules=[nightly_schedule, maintenance_schedule],
        sensors=[landing_sensor, load_failure_sensor, freshness_sensor],
        # "Materialize" in the UI runs like the job: one process, steps one after another on
        # one DuckDB file (a subprocess per step would only add start-up and lock waits).
        executor=dg.in_process_executor,
        resources={
            "landing": LandingResource(
                path=str(settings.source),
                max_bytes=settings.max_bytes,
                workers=settings.workers,
                outlets=str(settings.outlets or ""),
                parse_timeout=settings.parse_timeout,
            ),
            "warehouse": WarehouseResource(
                path=str(settings.warehouse),
                memory_limit=settings.writer_memory,
                data_docs_days=settings.data_docs_days,
                lake_data=settings.lake_data,
                lake_memory=settings.lake_memory,
                dask_scheduler=settings.dask_scheduler,
            ),
        },
    )


defs = build_definitions(Settings.from_env(os.environ))
