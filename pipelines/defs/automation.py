"""The nightly job, its schedule, and the sensor that loads new files as they land.

Both jobs are partitioned by fetch day (their assets are). A run of partitions (a backfill
in the UI, a partition picked in the launchpad) takes the pages fetched on its days. The
schedule, the sensor and `newswh load` run every pending page instead, whatever its fetch
day: tonight's files hold pages fetched on earlier days and pages without a fetch time,
which a run of the latest day alone would leave pending for ever. Such a run is recorded
under the latest fetch day and tagged newswh/fetch-days=all.
"""

import hashlib
from datetime import datetime
from pathlib import Path

import dagster as dg

from pipelines.defs.assets import ASSETS, FETCH_DAYS, SOURCE_TAG, latest_fetch_day
from pipelines.defs.failures import MODES, record_failure, run_failure
from pipelines.defs.resources import EVERY_DAY, LandingResource, WarehouseResource
from pipelines.ingest import discover, file_state
from pipelines.steps.ingest import unread_files
from pipelines.warehouse import WarehouseBusy

SENSOR_LOCK_WAIT = 20.0  # a sensor evaluation must end soon; the next writer covers for it

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
    # a partitioned job takes its run config from its partition: every day's is a reparse
    config=dg.PartitionedConfig(
        partitions_def=FETCH_DAYS,
        run_config_for_partition_key_fn=lambda _day: {
            "ops": {"staged_pages": {"config": {"reparse": True}}}
        },
    ),
    tags={"newswh/writes": "warehouse", SOURCE_TAG: "ui"},
)


def every_pending_run(
    tags: dict[str, str], at: datetime | None = None, run_key: str | None = None
) -> dg.RunRequest:
    """A run of every pending page (whatever its fetch day), recorded under the latest day."""
    return dg.RunRequest(
        run_key=run_key, partition_key=latest_fetch_day(at), tags={**tags, **EVERY_DAY}
    )


@dg.schedule(
    name="nightly_load_schedule",
    job=nightly_load,
    cron_schedule="0 2 * * *",
    execution_timezone="Europe/Kyiv",
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Every night at 02:00 Kyiv time: every new file, every pending page.",
)
def nightly_schedule(context: dg.ScheduleEvaluationContext) -> dg.RunRequest:
    return every_pending_run({SOURCE_TAG: "schedule"}, context.scheduled_execution_time)


def landing_fingerprint(root: Path) -> str:
    """Names and states of the landing files -> a short hash; changes when a file lands or is
    rewritten. A file gone since it was listed is left out (a broken link has its own state)."""
    digest = hashlib.sha256()
    for path in discover(root) if root.exists() else []:
        state = file_state(path)
        if state is None:
            continue
        digest.update(
            f"{path}\x1f{state.size}\x1f{state.mtime_ns}\x1f{state.ctime_ns}\x1f{state.inode}\n".encode()
        )
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
    request = every_pending_run({SOURCE_TAG: "sensor"}, run_key=fingerprint)
    return dg.SensorResult(run_requests=[request], cursor=fingerprint)


@dg.run_failure_sensor(
    name="load_failure_sensor",
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Writes a failed run of any job (the UI's asset job too) to the log and to "
    "load_runs, when the run could not (killed, or no lock).",
)
def load_failure_sensor(context: dg.RunFailureSensorContext, warehouse: WarehouseResource) -> None:
    run = context.dagster_run
    message = run_failure(context.instance, run.run_id) or " ".join(
        (context.failure_event.message or "the run failed").split()
    )
    context.log.error(f"newswh: load {run.run_id} failed: {message}")
    store = warehouse.store
    store.lock_wait = SENSOR_LOCK_WAIT
    try:
        record_failure(store, run.run_id, message, MODES.get(run.job_name, "load"))
    except WarehouseBusy as exc:  # a writer is at work; its recovery writes the dead run's row
        context.log.warning(f"newswh: could not record run {run.run_id}: {exc}")
