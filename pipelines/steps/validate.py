"""Run the quality suites on staged rows, before publish.

Row failures are moved out of staging into staging.rejects with the expectation's name, so
they reach rejected_pages instead of articles; table suites return a verdict that blocks.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipelines.quality.gx import UNEXPECTED, ExpectationResult, SuiteResult, validate_frame
from pipelines.quality.suites import (
    ARTICLE_ROW_SUITE,
    ARTICLE_ROWS,
    ARTICLE_TABLE_SUITE,
    RELATED_TABLE,
    RELATED_TABLE_SUITE,
    article_table,
)
from pipelines.warehouse import Writer

ROW_CHUNK = 20_000
SAMPLE_ROWS = 10


@dataclass(frozen=True)
class RowValidation:
    result: SuiteResult
    quarantined: int
    sample: list[dict[str, str]]  # a few failing rows: where they came from, what they failed


def _merge(name: str, parts: list[SuiteResult]) -> SuiteResult:
    merged: dict[str, ExpectationResult] = {}
    for part in parts:
        for e in part.expectations:
            prev = merged.get(e.name)
            merged[e.name] = (
                e
                if prev is None
                else ExpectationResult(
                    e.name,
                    prev.success and e.success,
                    prev.unexpected_count + e.unexpected_count,
                    prev.failing_rows + e.failing_rows,
                    e.observed,
                    (prev.unexpected_values + e.unexpected_values)[:UNEXPECTED],
                )
            )
    return SuiteResult(name, all(e.success for e in merged.values()), list(merged.values()))


def validate_staged_rows(wh: Writer) -> RowValidation:
    """Apply the article row suite; quarantine failing pages with the expectation's name."""
    frame = wh.staged_article_rows().to_pandas()
    parts: list[SuiteResult] = []
    failures: dict[str, list[str]] = {}  # page_id -> every expectation it failed
    for start in range(0, max(len(frame), 1), ROW_CHUNK):
        chunk = frame.iloc[start : start + ROW_CHUNK]
        result = validate_frame(chunk, ARTICLE_ROW_SUITE, ARTICLE_ROWS)
        parts.append(result)
        for e in result.failed:
            for row_id in e.failing_rows:
                page_id = str(frame["page_id"].iat[row_id])  # row_id is the row's position
                failures.setdefault(page_id, []).append(e.name)
    sample: list[dict[str, str]] = []
    if failures:
        titles = dict(zip(frame["page_id"], frame["title"], strict=True))
        # one reject per page (the ledger's grain) naming all it failed, comma-separated
        named = {page_id: ", ".join(names) for page_id, names in failures.items()}
        for path, record, check, page_id in wh.quarantine(named, SAMPLE_ROWS):
            where = f"{path}#{record}" if record is not None else str(path)
            title = titles.get(page_id)
            sample.append({"record": where, "expectation": check, "title": str(title or "")})
    return RowValidation(_merge(ARTICLE_ROW_SUITE, parts), len(failures), sample)


def validate_staged_table(wh: Writer) -> SuiteResult:
    """Whole-batch checks: every pending page is staged or rejected, once."""
    frame = wh.staged_article_hashes().to_pandas()
    return validate_frame(frame, ARTICLE_TABLE_SUITE, article_table(wh.pages_to_account()))


def validate_staged_related(wh: Writer) -> SuiteResult:
    frame = wh.staged_related_rows().to_pandas()
    return validate_frame(frame, RELATED_TABLE_SUITE, RELATED_TABLE)
