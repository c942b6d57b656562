"""The Dagster side: assets, jobs, schedules, sensors and resources.

What the rest of the package may use (`definitions`, `runner`, `cli`) is exported here;
the modules behind it are this package's own business.
"""

from pipelines.defs.assets import ASSETS, FETCH_DAYS, SOURCE_TAG, WAREHOUSE_TABLES, latest_fetch_day
from pipelines.defs.assets import CHECKS as STEP_CHECKS
from pipelines.defs.automation import (
    landing_sensor,
    load_failure_sensor,
    maintenance,
    maintenance_schedule,
    nightly_load,
    nightly_schedule,
    reparse_warehouse,
)
from pipelines.defs.checks import CHECKS as TABLE_CHECKS
from pipelines.defs.checks import freshness_sensor
from pipelines.defs.failures import step_failure_message
from pipelines.defs.progress import PROGRESS
from pipelines.defs.resources import EVERY_DAY, LandingResource, WarehouseResource

CHECKS = [*STEP_CHECKS, *TABLE_CHECKS]

__all__ = [
    "ASSETS",
    "CHECKS",
    "EVERY_DAY",
    "FETCH_DAYS",
    "PROGRESS",
    "SOURCE_TAG",
    "WAREHOUSE_TABLES",
    "LandingResource",
    "WarehouseResource",
    "freshness_sensor",
    "landing_sensor",
    "latest_fetch_day",
    "load_failure_sensor",
    "maintenance",
    "maintenance_schedule",
    "nightly_load",
    "nightly_schedule",
    "reparse_warehouse",
    "step_failure_message",
]
