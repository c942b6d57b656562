"""Metadata that makes the asset graph explain itself: schemas, row counts, previews."""

from typing import Any

import dagster as dg

from pipelines.quality.gx import SuiteResult
from pipelines.steps.validate import RowValidation
from pipelines.warehouse import Reader

PREVIEW_ROWS = 10


def column_schema(wh: Reader, table: str, schema: str = "main") -> dg.TableSchema:
    """The table's columns, types and descriptions (their SQL comments), for
    `dagster/column_schema`."""
    return dg.TableSchema(
        columns=[
            dg.TableColumn(
                name,
                dtype,
                description=description,
                constraints=dg.TableColumnConstraints(nullable=nullable),
            )
            for name, dtype, nullable, description in wh.columns(table, schema)
        ]
    )


def _dep(asset: str, column: str) -> dg.TableColumnDep:
    return dg.TableColumnDep(asset_key=dg.AssetKey(asset), column_name=column)


def column_lineage(upstream: str, columns: list[str]) -> dg.TableColumnLineage:
    """Each column copied from the column of the same name of `upstream`."""
    return dg.TableColumnLineage(deps_by_column={c: [_dep(upstream, c)] for c in columns})


# search_terms: stemmed words of each article's title and body (sql/search, steps/index)
SEARCH_LINEAGE = dg.TableColumnLineage(
    deps_by_column={
        "term": [_dep("articles", "title"), _dep("articles", "body")],
        "article_id": [_dep("articles", "article_id")],
        "language": [_dep("articles", "language")],
    }
)


def validation_page(result: SuiteResult, run_id: str, html: str | None) -> str:
    """A validation -> a Markdown page the UI renders: each expectation, its verdict, the
    rows that failed it and a sample of their unexpected values (GX's Data Docs in short)."""
    verdict = "passed" if result.success else "FAILED"
    lines = [
        f"### {result.suite}: {verdict}",
        f"Run `{run_id}`: {len(result.expectations)} expectations, "
        f"{len(result.failed)} failed, {result.failing_row_count} failing rows.",
        "",
        markdown_table(
            ["expectation", "result", "failing rows", "observed", "unexpected values (sample)"],
            [
                (
                    e.name,
                    "pass" if e.success else "FAIL",
                    e.unexpected_count,
                    "" if e.observed is None else e.observed,
                    ", ".join(repr(v) for v in e.unexpected_values),
                )
                for e in result.expectations
            ],
        ),
    ]
    if html:
        lines += ["", f"Great Expectations' own page, on the server: `{html}`"]
    return "\n".join(lines)


def markdown_table(header: list[str], rows: list[tuple[Any, ...]], width: int = 90) -> str:
    """Rows -> a Markdown table, cells flattened to one line and cut to `width` characters."""

    def cell(value: Any) -> str:
        text = " ".join(str(value if value is not None else "").split()).replace("|", "\\|")
        return text if len(text) <= width else text[: width - 1] + "…"

    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def table_metadata(wh: Reader, table: str) -> dict[str, Any]:
    """Row count, column schema (with descriptions), lineage where it is plain and, for the two
    tables people look at first, a preview."""
    metadata: dict[str, Any] = {
        "dagster/row_count": wh.count(table),
        "dagster/column_schema": column_schema(wh, table),
    }
    if table == "articles":  # the latest version's row of article_versions, plus `versions`
        columns = [c.name for c in metadata["dagster/column_schema"].columns]
        metadata["dagster/column_lineage"] = column_lineage(
            "article_versions", [c for c in columns if c != "versions"]
        )
        metadata["newest_articles"] = dg.MetadataValue.md(
            markdown_table(
                ["outlet", "published", "title", "url"], wh.newest_articles(PREVIEW_ROWS)
            )
        )
    if table == "rejected_pages":
        metadata["newest_rejects"] = dg.MetadataValue.md(
            markdown_table(
                ["record", "reason", "check", "details"], wh.newest_rejects(PREVIEW_ROWS)
            )
        )
    return metadata


def _check_metadata(result: SuiteResult, docs: dict[str, str], run_id: str) -> dict[str, Any]:
    html = docs.get(result.suite)  # GX's page of this validation, on the server's disk
    return {
        # the Data Docs the UI can show on any machine: rendered from this Markdown
        "data_docs": dg.MetadataValue.md(validation_page(result, run_id, html)),
        **({"data_docs_file": dg.MetadataValue.path(html)} if html else {}),
        "failing_rows": result.failing_row_count,
        "failed_expectations": [e.name for e in result.failed],
        "expectations": {
            e.name: ("pass" if e.success else f"fail ({e.unexpected_count})")
            for e in result.expectations
        },
    }


def suite_checks(
    rows: RowValidation,
    table: SuiteResult,
    related: SuiteResult,
    docs: dict[str, str],
    run: str,
) -> list[dg.AssetCheckResult]:
    """The three Great Expectations suites of validated_pages as its asset checks: the row
    suite warns (its failing rows are quarantined), the table suites block."""
    return [
        dg.AssetCheckResult(
            check_name="article_row_suite",
            passed=rows.result.success,
            severity=dg.AssetCheckSeverity.WARN,
            metadata={
                **_check_metadata(rows.result, docs, run),
                "quarantined_to_rejected_pages": rows.quarantined,
                "sample_failing_rows": dg.MetadataValue.md(
                    markdown_table(
                        ["record", "expectation", "title"],
                        [(r["record"], r["expectation"], r["title"]) for r in rows.sample],
                    )
                ),
            },
        ),
        dg.AssetCheckResult(
            check_name="article_table_suite",
            passed=table.success,
            metadata=_check_metadata(table, docs, run),
        ),
        dg.AssetCheckResult(
            check_name="related_table_suite",
            passed=related.success,
            metadata=_check_metadata(related, docs, run),
        ),
    ]
