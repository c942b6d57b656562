"""Staged rows -> the tables analysts read, in one transaction per load.

Readers see either the warehouse before this load or after it, never half of it.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from pipelines.warehouse.db import run_sql, sql_names, sql_text, transaction


@dataclass(frozen=True)
class PublishStats:
    articles_inserted: int
    articles_updated: int
    versions_added: int
    pages_rejected: int


def publish_staged(con: duckdb.DuckDBPyConnection, load_id: str) -> PublishStats:
    """Run sql/publish/ in order: duplicates, rejects, versions, articles, authors, related, load_runs."""
    with transaction(con):
        inserted = updated = versions = 0
        for name in sql_names("publish"):
            if name.endswith("_counts"):
                row = run_sql(con, name).fetchone()
                inserted, updated, versions = (int(x) for x in row) if row else (0, 0, 0)
            elif name.endswith("_load_run"):
                run_sql(con, name, load_id=load_id, inserted=inserted, updated=updated, versions_added=versions)
            elif name.endswith("_clear_staging"):
                run_sql(con, name)
            else:
                params = {"load_id": load_id} if "$load_id" in sql_text(name) else {}
                run_sql(con, name, **params)
        row = con.execute(
            "select count(*) from rejected_pages where load_id = $id", {"id": load_id}
        ).fetchone()
    return PublishStats(inserted, updated, versions, int(row[0]) if row else 0)

