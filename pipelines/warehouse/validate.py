"""Run the quality suites on staged rows, before publish.

Row failures are moved out of staging into staging.rejects with the expectation's name, so
they reach rejected_pages instead of articles; table suites return a verdict that blocks.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from pipelines.quality.gx import ExpectationResult, SuiteResult, validate_frame
from pipelines.quality.suites import ARTICLE_ROWS, RELATED_TABLE, article_table
from pipelines.warehouse.db import transaction

ROW_CHUNK = 20_000

_ROWS = """
select row_number() over (order by page_id) - 1 as row_id, page_id, article_id, title,
       word_count, url, language, fetched_at, published_at
from staging.versions
order by page_id
"""


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
            merged[e.name] = e if prev is None else ExpectationResult(
                e.name,
                prev.success and e.success,
                prev.unexpected_count + e.unexpected_count,
                prev.failing_rows + e.failing_rows,
                e.observed,
            )
    return SuiteResult(name, all(e.success for e in merged.values()), list(merged.values()))


def validate_staged_rows(con: duckdb.DuckDBPyConnection) -> RowValidation:
    """Apply the article row suite; quarantine failing pages with the expectation's name."""
    frame = con.execute(_ROWS).df()
    parts: list[SuiteResult] = []
    failures: dict[str, str] = {}
    for start in range(0, max(len(frame), 1), ROW_CHUNK):
        chunk = frame.iloc[start : start + ROW_CHUNK]
        result = validate_frame(chunk, "staged_article_rows", ARTICLE_ROWS)
        parts.append(result)
        for e in result.failed:
            for row_id in e.failing_rows:
                page_id = str(frame["page_id"].iat[row_id])  # row_id is the row's position
                failures.setdefault(page_id, e.name)
    sample: list[dict[str, str]] = []
    if failures:
        bad = pd.DataFrame({"page_id": list(failures), "check_name": list(failures.values())})  # noqa: F841
        with transaction(con):
            con.execute(
                """
                insert into staging.rejects
                select b.page_id, r.source_path, r.record, 'quality' as reason, b.check_name,
                       'failed the quality expectation ' || b.check_name as details
                from bad as b left join raw_pages as r using (page_id)
                """
            )
            con.execute("delete from staging.versions where page_id in (select page_id from bad)")
            con.execute("delete from staging.related where page_id in (select page_id from bad)")
        for path, record, check, title in con.execute(
            "select r.source_path, r.record, b.check_name, f.title from bad as b "
            "left join raw_pages as r using (page_id) left join frame as f using (page_id) "
            "order by r.source_path, r.record limit $n",
            {"n": SAMPLE_ROWS},
        ).fetchall():
            where = f"{path}#{record}" if record is not None else str(path)
            sample.append({"record": where, "expectation": check, "title": str(title or "")})
    return RowValidation(_merge("staged_article_rows", parts), len(failures), sample)


def validate_staged_table(con: duckdb.DuckDBPyConnection) -> SuiteResult:
    """Whole-batch checks: every pending page is staged or rejected, once."""
    pending_row = con.execute("select coalesce(max(pages_processed), 0) from staging.load_state").fetchone()
    rejects_row = con.execute("select count(*) from staging.rejects").fetchone()
    expected = int(pending_row[0] if pending_row else 0) - int(rejects_row[0] if rejects_row else 0)
    frame = con.execute(
        "select row_number() over (order by page_id) - 1 as row_id, page_id, content_hash "
        "from staging.versions"
    ).df()
    return validate_frame(frame, "staged_article_table", article_table(expected))


def validate_staged_related(con: duckdb.DuckDBPyConnection) -> SuiteResult:
    frame = con.execute(
        "select row_number() over (order by page_id, position) - 1 as row_id, page_id, position, title "
        "from staging.related"
    ).df()
    return validate_frame(frame, "staged_related_table", RELATED_TABLE)
