"""The nightly job, its schedule, the sensor that loads new files as they land, and the
lake's maintenance job.

Both jobs are partitioned by fetch day (their assets are). A run of partitions (a backfill
in the UI, a partition picked in the launchpad) takes the pages fetched on its days. The
schedule, the sensor and `newswh load` run every pending page instead, whatever its fetch
day: tonight's files hold pages fetched on earlier days and pages without a fetch time,
which a run of the latest day alone would leave pending for ever. Such a run is recorded
under the latest fetch day and tagged newswh/fetch-days=all.
"""

import hashlib
from datetime import datetime, timedelta
from pathlib import Path

import dagster as dg

from pipelines.defs.assets import ASSETS, FETCH_DAYS, SOURCE_TAG, WAREHOUSE_POOL, latest_fetch_day
from pipelines.defs.failures import MODES, record_failure, run_failure
from pipelines.defs.resources import EVERY_DAY, LandingResource, WarehouseResource
from pipelines.landing_walk import scan
from pipelines.steps.ingest import unread_files
from pipelines.warehouse import WarehouseBusy
from pipelines.warehouse.lake.catalog import KEEP_SNAPSHOTS_DAYS
from pipelines.warehouse.lake.store import LakeWarehouse

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


class MaintenanceConfig(dg.Config):
    keep_days: float = KEEP_SNAPSHOTS_DAYS  # snapshots younger than this stay (time travel)


@dg.op(
    pool=WAREHOUSE_POOL,
    description="DuckLake maintenance: flush inlined rows, rewrite files with many deleted "
    "rows, merge small files, expire snapshots older than keep_days, delete unread files. "
    "Nothing on the embedded file (every load writes a fresh, checkpointed snapshot copy).",
)
def maintain_warehouse(
    context: dg.OpExecutionContext, config: MaintenanceConfig, warehouse: WarehouseResource
) -> dg.Output[None]:
    store = warehouse.store
    if not isinstance(store, LakeWarehouse):
        context.log.info("embedded warehouse: nothing to maintain")
        return dg.Output(None, metadata={"backend": "embedded", "work": "none"})
    done = store.maintain(keep=timedelta(days=config.keep_days))
    context.log.info(
        f"maintained the lake in {done.seconds:.1f} s: {done.rows_flushed} inlined rows "
        f"flushed, {done.files_rewritten} files rewritten, {done.files_merged} merged, "
        f"{done.snapshots_expired} snapshots expired, {done.files_deleted} files deleted"
    )
    return dg.Output(None, metadata={"backend": "lake", **done.__dict__})


@dg.job(
    name="maintenance",
    description="The lake's compaction and snapshot expiry (a no-op on the embedded file); "
    "waits for the writer lock, so it runs between loads.",
    executor_def=dg.in_process_executor,
    tags={"newswh/writes": "warehouse", SOURCE_TAG: "ui"},
)
def maintenance() -> None:
    maintain_warehouse()


maintenance_schedule = dg.ScheduleDefinition(
    name="maintenance_schedule",
    job=maintenance,
    cron_schedule="0 5 * * *",  # three hours after the nightly load
    execution_timezone="Europe/Kyiv",
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Every night at 05:00 Kyiv time, after the load: a week of snapshots kept.",
    tags={SOURCE_TAG: "schedule"},
)


def landing_fingerprint(root: Path) -> str:
    """Names and states of the landing files -> a short hash; changes when a file lands or is
    rewritten. A file gone since it was listed is left out (a broken link has its own state)."""
    digest = hashlib.sha256()
    for name, st in scan(root) if root.exists() else []:
        digest.update(
            f"{name}\x1f{st.st_size}\x1f{st.st_mtime_ns}\x1f{st.st_ctime_ns}\x1f{st.st_ino}\n".encode(
                "utf-8",
                "surrogateescape",  # a name that is not UTF-8 is hashed as its bytes
            )
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
    if run.job_name == maintenance.name:  # no load failed: nothing for load_runs
        context.log.error(f"newswh: maintenance run {run.run_id} failed")
        return
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
