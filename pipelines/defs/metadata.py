"""Metadata that makes the asset graph explain itself: schemas, row counts, previews."""

from typing import Any

import dagster as dg

from pipelines.warehouse import Reader

PREVIEW_ROWS = 10


def column_schema(wh: Reader, table: str, schema: str = "main") -> dg.TableSchema:
    """The table's columns and their types, for `dagster/column_schema`."""
    return dg.TableSchema(
        columns=[
            dg.TableColumn(name, dtype, constraints=dg.TableColumnConstraints(nullable=nullable))
            for name, dtype, nullable in wh.columns(table, schema)
        ]
    )


def markdown_table(header: list[str], rows: list[tuple[Any, ...]], width: int = 90) -> str:
    """Rows -> a Markdown table, cells flattened to one line and cut to `width` characters."""

    def cell(value: Any) -> str:
        text = " ".join(str(value if value is not None else "").split()).replace("|", "\\|")
        return text if len(text) <= width else text[: width - 1] + "…"

    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def table_metadata(wh: Reader, table: str) -> dict[str, Any]:
    """Row count, column schema and, for the two tables people look at first, a preview."""
    metadata: dict[str, Any] = {
        "dagster/row_count": wh.count(table),
        "dagster/column_schema": column_schema(wh, table),
    }
    if table == "articles":
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
