"""Metadata that makes the asset graph explain itself: schemas, row counts, previews."""

from typing import Any

import dagster as dg

from pipelines.quality.gx import SuiteResult
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
