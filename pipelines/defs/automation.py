"""The nightly job, its schedule, and the sensor that loads new files as they land."""

import hashlib
from pathlib import Path

import dagster as dg

from pipelines.defs.assets import ASSETS, SOURCE_TAG
from pipelines.defs.failures import step_failure_message
from pipelines.defs.resources import LandingResource, WarehouseResource
from pipelines.ingest import discover
from pipelines.steps.ingest import unread_files

nightly_load = dg.define_asset_job(
    "nightly_load",
    selection=dg.AssetSelection.assets(*ASSETS),
    description="Ingest the landing folder, parse, validate, publish and index.",
    executor_def=dg.in_process_executor,  # one process: steps share the DuckDB file
    # a run launched from the UI keeps this source; schedule, sensor and CLI runs override it
    tags={"newswh/writes": "warehouse", SOURCE_TAG: "ui"},
)

reparse_warehouse = dg.define_asset_job(
    "reparse_warehouse",
    selection=dg.AssetSelection.assets(*ASSETS) - dg.AssetSelection.assets("raw_pages"),
    description="Rebuild every derived table from the raw pages kept in the warehouse "
    "(no landing folder needed): run it after the parser improves.",
    executor_def=dg.in_process_executor,
    config={"ops": {"staged_pages": {"config": {"reparse": True}}}},
    tags={"newswh/writes": "warehouse", SOURCE_TAG: "ui"},
)

nightly_schedule = dg.ScheduleDefinition(
    name="nightly_load_schedule",
    job=nightly_load,
    cron_schedule="0 2 * * *",
    execution_timezone="Europe/Kyiv",
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Every night at 02:00 Kyiv time.",
    tags={SOURCE_TAG: "schedule"},
)


def landing_fingerprint(root: Path) -> str:
    """Names, sizes and mtimes of the landing files -> a short hash; changes when a file lands."""
    digest = hashlib.sha256()
    for path in discover(root) if root.exists() else []:
        st = path.stat()
        digest.update(f"{path}\x1f{st.st_size}\x1f{st.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:16]


@dg.sensor(
    job=nightly_load,
    minimum_interval_seconds=60,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Starts nightly_load when files land in (or change in) the landing folder and "
    "the warehouse has not read them yet (a restart with nothing new launches nothing).",
)
def landing_sensor(
    context: dg.SensorEvaluationContext, landing: LandingResource, warehouse: WarehouseResource
) -> dg.SensorResult | dg.SkipReason:
    fingerprint = landing_fingerprint(landing.root)
    if fingerprint == context.cursor:
        return dg.SkipReason(f"nothing new in {landing.root}")
    store = warehouse.store
    if store.published:  # what a load would read: files the warehouse's manifest lacks
        with store.reader() as wh:
            unread = unread_files(landing.root, wh.known_files())
        if not unread:
            return dg.SensorResult(
                skip_reason=f"every file in {landing.root} is already in the warehouse",
                cursor=fingerprint,
            )
    request = dg.RunRequest(run_key=fingerprint, tags={SOURCE_TAG: "sensor"})
    return dg.SensorResult(run_requests=[request], cursor=fingerprint)


@dg.run_failure_sensor(
    name="load_failure_sensor",
    monitored_jobs=[nightly_load, reparse_warehouse],
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Writes a failed load to the log and to load_runs (status 'failed', with the error).",
)
def load_failure_sensor(context: dg.RunFailureSensorContext, warehouse: WarehouseResource) -> None:
    run_id = context.dagster_run.run_id
    steps = context.instance.all_logs(run_id, of_type=dg.DagsterEventType.STEP_FAILURE)
    message = step_failure_message(e.dagster_event for e in steps if e.dagster_event) or " ".join(
        (context.failure_event.message or "the run failed").split()
    )
    context.log.error(f"newswh: load {run_id} failed: {message}")
    with warehouse.store.writer() as wh:
        wh.record_failed_load(run_id, message)
    warehouse.store.publish()
