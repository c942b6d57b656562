"""A small adapter over Great Expectations 1.x: a DataFrame and a suite in, plain results out.

GX is imported on first use (it costs ~3 s); one ephemeral context serves the process.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import pandas as pd

from pipelines.quality.suites import Spec

ROW_ID = "row_id"


@dataclass(frozen=True)
class ExpectationResult:
    name: str
    success: bool
    unexpected_count: int
    failing_rows: list[int] = field(default_factory=list)
    observed: Any = None


@dataclass(frozen=True)
class SuiteResult:
    suite: str
    success: bool
    expectations: list[ExpectationResult]

    @property
    def failed(self) -> list[ExpectationResult]:
        return [e for e in self.expectations if not e.success]


def expectation_name(kind: str, kwargs: dict[str, Any]) -> str:
    """('ExpectColumnValuesToNotBeNull', {'column': 'title'}) -> 'expect_column_values_to_not_be_null(title)'."""
    snake = kind if kind.islower() else re.sub(r"(?<!^)(?=[A-Z])", "_", kind).lower()
    cols = (
        kwargs.get("column")
        or kwargs.get("column_list")
        or [kwargs[k] for k in ("column_A", "column_B") if k in kwargs]
    )
    target = ",".join(cols) if isinstance(cols, list) else cols
    return f"{snake}({target})" if target else snake


@cache
def _batch_definition() -> Any:
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    asset = context.data_sources.add_pandas("staged").add_dataframe_asset(name="frame")
    return context, asset.add_batch_definition_whole_dataframe("whole")


def _empty_frame_result(suite_name: str, specs: list[Spec]) -> SuiteResult:
    """What GX answers for zero rows, without importing it (3 s): every row and column
    expectation holds; a row count holds only if it asks for 0."""
    results = []
    for kind, kwargs in specs:
        ok = kind != "ExpectTableRowCountToEqual" or kwargs.get("value") == 0
        observed = 0 if kind == "ExpectTableRowCountToEqual" else None
        results.append(ExpectationResult(expectation_name(kind, kwargs), ok, 0, [], observed))
    return SuiteResult(suite_name, all(r.success for r in results), results)


def validate_frame(frame: pd.DataFrame, suite_name: str, specs: list[Spec]) -> SuiteResult:
    """Validate `frame` (which must carry a `row_id` column) against the expectations in `specs`."""
    if frame.empty:
        return _empty_frame_result(suite_name, specs)
    import great_expectations as gx

    _context, batch_definition = _batch_definition()
    suite = gx.ExpectationSuite(name=suite_name)
    for kind, kwargs in specs:
        suite.add_expectation(getattr(gx.expectations, kind)(**kwargs))
    batch = batch_definition.get_batch(batch_parameters={"dataframe": frame})
    outcome = batch.validate(
        suite,
        result_format={"result_format": "COMPLETE", "unexpected_index_column_names": [ROW_ID]},
    )
    results: list[ExpectationResult] = []
    for res in outcome.results:
        config = res.expectation_config
        detail = res.result or {}
        failing = [
            int(row[ROW_ID]) for row in detail.get("unexpected_index_list") or [] if ROW_ID in row
        ]
        results.append(
            ExpectationResult(
                name=expectation_name(config.type, dict(config.kwargs)),
                success=bool(res.success),
                unexpected_count=int(detail.get("unexpected_count") or 0),
                failing_rows=sorted(set(failing)),
                observed=detail.get("observed_value"),
            )
        )
    return SuiteResult(suite_name, all(r.success for r in results), results)
