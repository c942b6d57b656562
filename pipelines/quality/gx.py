"""A small adapter over Great Expectations 1.x: a DataFrame and a suite in, plain results out.

GX is imported on first use (it costs ~3 s); one ephemeral context serves the process.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd

from pipelines.quality.suites import Spec

ROW_ID = "row_id"
UNEXPECTED = 20  # unexpected values kept per expectation, for the check's page


@dataclass(frozen=True)
class ExpectationResult:
    name: str
    success: bool
    unexpected_count: int
    failing_rows: list[int] = field(default_factory=list)
    observed: Any = None
    unexpected_values: list[Any] = field(default_factory=list)  # a sample, as GX reports it


@dataclass(frozen=True)
class SuiteResult:
    suite: str
    success: bool
    expectations: list[ExpectationResult]

    @property
    def failed(self) -> list[ExpectationResult]:
        return [e for e in self.expectations if not e.success]

    @property
    def failing_row_count(self) -> int:
        """Rows that failed at least one expectation (a row failing two counts once)."""
        return len({row for e in self.failed for row in e.failing_rows})


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
def _context() -> tuple[Any, Any]:
    """The process's ephemeral GX context and its whole-DataFrame batch definition."""
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    asset = context.data_sources.add_pandas("staged").add_dataframe_asset(name="frame")
    return context, asset.add_batch_definition_whole_dataframe("whole")


_VALIDATIONS: dict[str, tuple[str, Any]] = {}  # suite name -> (its specs, ValidationDefinition)


def _validation(suite_name: str, specs: list[Spec]) -> Any:
    """The context's ValidationDefinition for a suite, remade when its specs change (a table
    suite's expected row count does): running it keeps the result in the context's store,
    which is what Data Docs are built from."""
    import great_expectations as gx

    known = _VALIDATIONS.get(suite_name)
    if known is not None and known[0] == repr(specs):
        return known[1]
    context, batch = _context()
    if known is not None:
        context.validation_definitions.delete(suite_name)
    suite = gx.ExpectationSuite(name=suite_name)
    for kind, kwargs in specs:
        suite.add_expectation(getattr(gx.expectations, kind)(**kwargs))
    suite = context.suites.add_or_update(suite)
    definition = gx.ValidationDefinition(data=batch, suite=suite, name=suite_name)
    _VALIDATIONS[suite_name] = (repr(specs), context.validation_definitions.add(definition))
    return _VALIDATIONS[suite_name][1]


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
    outcome = _validation(suite_name, specs).run(
        batch_parameters={"dataframe": frame},
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
                unexpected_values=list(detail.get("partial_unexpected_list") or [])[:UNEXPECTED],
            )
        )
    return SuiteResult(suite_name, all(r.success for r in results), results)


DOCS_SITE = "warehouse"
STATIC = "static"  # GX's styling and scripts (4 MB): one copy under the root, linked per run


def build_data_docs(root: Path, run_id: str) -> dict[str, str]:
    """Build GX Data Docs for the validations this process ran since the last build into
    `root/run_id/` (a site of its own, so older runs' pages stay), and forget them.

    Returns {"index": path of the run's site index, suite name: path of its validation
    page}; {} when nothing was validated (GX never imported: every frame was empty).
    """
    if _context.cache_info().currsize == 0:
        return {}
    context, _batch = _context()
    store = context.validation_results_store
    keys = store.list_keys()
    if not keys:
        return {}
    directory = root / run_id
    shutil.rmtree(directory, ignore_errors=True)  # a retried step builds its pages again
    directory.mkdir(parents=True)
    site = {
        "class_name": "SiteBuilder",
        "store_backend": {
            "class_name": "TupleFilesystemStoreBackend",
            "base_directory": str(directory.resolve()),
        },
        "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
    }
    if DOCS_SITE in (context.variables.data_docs_sites or {}):
        context.update_data_docs_site(DOCS_SITE, site)
    else:
        context.add_data_docs_site(DOCS_SITE, site)
    index = context.build_data_docs(site_names=[DOCS_SITE])[DOCS_SITE]
    pages = {"index": index.removeprefix("file://")}
    for key in sorted(keys, key=lambda k: str(k.run_id.run_time)):
        [found] = context.get_docs_sites_urls(resource_identifier=key, site_name=DOCS_SITE)
        pages[key.expectation_suite_identifier.name] = found["site_url"].removeprefix("file://")
    for key in keys:
        store.remove_key(key)
    _share_static(root, directory)
    return pages


def _share_static(root: Path, site: Path) -> None:
    """Keep one copy of GX's static files under `root`; the run's site links to it."""
    shared, own = root / STATIC, site / STATIC
    if not own.is_dir() or own.is_symlink():
        return
    if shared.is_dir():
        shutil.rmtree(own)
    else:
        own.rename(shared)
    own.symlink_to(Path("..") / STATIC, target_is_directory=True)


def prune_data_docs(root: Path, keep_days: float, now: float) -> list[str]:
    """Remove the run folders of `root` last written more than `keep_days` before `now` (a
    POSIX time); returns their names."""
    cutoff = now - keep_days * 86_400
    old = [
        p
        for p in root.iterdir()
        if p.is_dir() and not p.is_symlink() and p.name != STATIC and p.stat().st_mtime < cutoff
    ]
    for path in old:
        shutil.rmtree(path)
    return sorted(p.name for p in old)
