"""Metadata that makes the asset graph explain itself: schemas, row counts, previews."""

from typing import Any

import dagster as dg
import duckdb

PREVIEW_ROWS = 10

_NEWEST_ARTICLES = """
select outlet, coalesce(published_at_local, '') as published, title, url
from articles order by published_at desc nulls last, article_id limit $n
"""
_NEWEST_REJECTS = """
select r.source_path || coalesce('#' || r.record, '') as record, r.reason,
       coalesce(r.check_name, '') as check_name, r.details
from rejected_pages as r left join load_runs as l using (load_id)
order by l.started_at desc nulls last, r.page_id limit $n
"""


def column_schema(
    con: duckdb.DuckDBPyConnection, table: str, schema: str = "main"
) -> dg.TableSchema:
    """The table's columns and DuckDB types, for `dagster/column_schema`."""
    rows = con.execute(
        "select column_name, data_type, is_nullable from information_schema.columns "
        "where table_schema = $schema and table_name = $table order by ordinal_position",
        {"schema": schema, "table": table},
    ).fetchall()
    return dg.TableSchema(
        columns=[
            dg.TableColumn(
                name, dtype, constraints=dg.TableColumnConstraints(nullable=nullable == "YES")
            )
            for name, dtype, nullable in rows
        ]
    )


def count_rows(con: duckdb.DuckDBPyConnection, table: str) -> int:
    row = con.execute(f"select count(*) from {table}").fetchone()
    return int(row[0]) if row else 0


def markdown_table(header: list[str], rows: list[tuple[Any, ...]], width: int = 90) -> str:
    """Rows -> a Markdown table, cells flattened to one line and cut to `width` characters."""

    def cell(value: Any) -> str:
        text = " ".join(str(value if value is not None else "").split()).replace("|", "\\|")
        return text if len(text) <= width else text[: width - 1] + "…"

    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def table_metadata(con: duckdb.DuckDBPyConnection, table: str) -> dict[str, Any]:
    """Row count, column schema and, for the two tables people look at first, a preview."""
    metadata: dict[str, Any] = {
        "dagster/row_count": count_rows(con, table),
        "dagster/column_schema": column_schema(con, table),
    }
    if table == "articles":
        rows = con.execute(_NEWEST_ARTICLES, {"n": PREVIEW_ROWS}).fetchall()
        metadata["newest_articles"] = dg.MetadataValue.md(
            markdown_table(["outlet", "published", "title", "url"], rows)
        )
    if table == "rejected_pages":
        rows = con.execute(_NEWEST_REJECTS, {"n": PREVIEW_ROWS}).fetchall()
        metadata["newest_rejects"] = dg.MetadataValue.md(
            markdown_table(["record", "reason", "check", "details"], rows)
        )
    return metadata
