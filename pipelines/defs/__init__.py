"""The Dagster side: assets, jobs, schedules, sensors and resources.

What the rest of the package may use (`definitions`, `runner`, `cli`) is exported here;
the modules behind it are this package's own business.
"""

from pipelines.defs.assets import ASSETS, CHECKS, WAREHOUSE_TABLES
from pipelines.defs.automation import (
    landing_sensor,
    load_failure_sensor,
    nightly_load,
    nightly_schedule,
    reparse_warehouse,
)
from pipelines.defs.failures import step_failure_message
from pipelines.defs.progress import PROGRESS
from pipelines.defs.resources import LandingResource, WarehouseResource

__all__ = [
    "ASSETS",
    "CHECKS",
    "PROGRESS",
    "WAREHOUSE_TABLES",
    "LandingResource",
    "WarehouseResource",
    "landing_sensor",
    "load_failure_sensor",
    "nightly_load",
    "nightly_schedule",
    "reparse_warehouse",
    "step_failure_message",
]
