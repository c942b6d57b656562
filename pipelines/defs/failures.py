"""What went wrong in a run, and the load_runs row that says so.

Every run that writes the warehouse ends in `record_run_outcome` (the warehouse resource's
teardown), whatever launched it: a failed step or a failed blocking check becomes a failed
load_runs row with the whole error, and the snapshot is published again so `newswh status`
shows it. A run killed outright leaves staging rows that the next writer turns into a row.
"""

import contextlib
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

import dagster as dg

from pipelines.warehouse import Warehouse

MODES = {"reparse_warehouse": "reparse"}
CORRUPT = ("Corrupt database file", "not a valid DuckDB database file")  # DuckDB's words


def step_failure_message(events: Iterable[dg.DagsterEvent]) -> str | None:
    """The first failed step -> 'step raw_pages failed: WarehouseBusy-style message'; a run
    that failed before any step (its resources) -> 'the run failed: ...'; else None."""
    early: str | None = None
    for event in events:
        if event.is_step_failure and event.step_failure_data is not None:
            return f"step {event.step_key} failed: {_message(event.step_failure_data.error)}"
        data = event.event_specific_data
        error = getattr(data, "error", None)
        if early is None and error is not None and event.event_type in _RUN_ERRORS:
            early = f"the run failed: {_message(error)}"
    return early


_RUN_ERRORS = (dg.DagsterEventType.RESOURCE_INIT_FAILURE, dg.DagsterEventType.RUN_FAILURE)


def _message(error: Any) -> str:
    """Unwrap Dagster's own wrappers, keep the first error our code raised, whole."""
    while error is not None and error.cause is not None and _is_dagster(error.cls_name):
        error = error.cause
    message = " ".join(error.message.split()) if error is not None and error.message else ""
    if any(word in message for word in CORRUPT):
        message += " (see `newswh doctor`)"
    return message


def _is_dagster(cls_name: str | None) -> bool:
    return bool(cls_name) and str(cls_name).startswith("Dagster")


def run_failure(instance: dg.DagsterInstance, run_id: str) -> str | None:
    """The run's failure so far (a failed step, else a failed blocking check), or None."""
    kinds = {dg.DagsterEventType.STEP_FAILURE, *_RUN_ERRORS}
    steps = instance.all_logs(run_id, of_type=kinds)
    message = step_failure_message(e.dagster_event for e in steps if e.dagster_event)
    if message:
        return message
    checks = instance.all_logs(run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION)
    for record in checks:
        data = record.dagster_event.event_specific_data if record.dagster_event else None
        if (
            isinstance(data, dg.AssetCheckEvaluation)
            and not data.passed
            and data.severity == dg.AssetCheckSeverity.ERROR
        ):
            return f"blocking check {data.check_name} failed; nothing was published"
    return None


def record_failure(
    store: Warehouse, run_id: str, message: str, mode: str, started_at: datetime | None = None
) -> None:
    """Write the failed run to load_runs, then publish it if the guard allows (a failed copy
    leaves it in the work file: the next publish carries it; `newswh status` reads the work
    file while there is no snapshot)."""
    with store.writer(raw=False) as wh:  # a damaged raw store must not hide the failure
        wh.record_failed_load(run_id, message, mode=mode, started_at=started_at)
    if not store.published:  # readers get a first snapshot only from a load that succeeded
        return
    with contextlib.suppress(Exception):  # the row is in the work file; the run's error stands
        store.publish()


def record_run_outcome(
    store: Warehouse, instance: dg.DagsterInstance, run_id: str, job_name: str
) -> None:
    """At the end of a run: a failure so far becomes a failed load_runs row; a clean end
    hands what it staged (a partial materialization) to the next run."""
    message = run_failure(instance, run_id)
    if message is None:
        with store.writer(raw=False) as wh:
            wh.hand_over(run_id)
        return
    run = instance.get_run_record_by_id(run_id)
    started = (
        datetime.fromtimestamp(run.start_time, UTC) if run is not None and run.start_time else None
    )
    record_failure(store, run_id, message, MODES.get(job_name, "load"), started)
