"""What went wrong in a run, in one line: the failing step and the user code's own error."""

from collections.abc import Iterable

import dagster as dg


def step_failure_message(events: Iterable[dg.DagsterEvent]) -> str | None:
    """The first failed step -> 'step raw_pages failed: WarehouseBusy-style message'; else None."""
    for event in events:
        if event.is_step_failure and event.step_failure_data is not None:
            error = event.step_failure_data.error
            # unwrap Dagster's own wrappers, keep the first error our code raised
            while error is not None and error.cause is not None and _is_dagster(error.cls_name):
                error = error.cause
            message = error.message.strip().splitlines()[0] if error and error.message else ""
            return f"step {event.step_key} failed: {message}"
    return None


def _is_dagster(cls_name: str | None) -> bool:
    return bool(cls_name) and str(cls_name).startswith("Dagster")
