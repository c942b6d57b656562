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
            else:
                params = {"load_id": load_id} if "$load_id" in sql_text(name) else {}
                run_sql(con, name, **params)
        row = con.execute(
            "select count(*) from rejected_pages where load_id = $id", {"id": load_id}
        ).fetchone()
    return PublishStats(inserted, updated, versions, int(row[0]) if row else 0)



_LEDGER = """
with raw as (select page_id from raw_pages),
versions as (select page_id, count(*) as n from article_versions group by page_id),
rejects as (select page_id, count(*) as n from rejected_pages group by page_id)
select
    (select count(*) from raw) as pages,
    (select count(*) from raw where page_id not in (select page_id from versions)
                                and page_id not in (select page_id from rejects)) as unaccounted,
    (select count(*) from versions join rejects using (page_id)) as in_both,
    (select count(*) from versions where n > 1) + (select count(*) from rejects where n > 1) as repeated
"""
_LAST_LOAD = """
select load_id, pages_processed, versions_added, pages_rejected
from load_runs order by finished_at desc limit 1
"""


@dataclass(frozen=True)
class Ledger:
    pages: int
    unaccounted: int
    in_both: int
    repeated: int
    last_load: str | None
    last_processed: int
    last_accounted: int

    @property
    def balanced(self) -> bool:
        return (
            self.unaccounted == 0
            and self.in_both == 0
            and self.repeated == 0
            and self.last_processed == self.last_accounted
        )

    def as_metadata(self) -> dict[str, int | str]:
        return {
            "raw_pages": self.pages,
            "unaccounted_pages": self.unaccounted,
            "pages_both_loaded_and_rejected": self.in_both,
            "pages_recorded_twice": self.repeated,
            "last_load": self.last_load or "",
            "last_load_processed": self.last_processed,
            "last_load_versions_plus_rejects": self.last_accounted,
        }


def reconcile(con: duckdb.DuckDBPyConnection) -> Ledger:
    """Where every raw page went: behind one article version or one reject, never both or none."""
    row = con.execute(_LEDGER).fetchone() or (0, 0, 0, 0)
    last = con.execute(_LAST_LOAD).fetchone()
    processed = int(last[1] or 0) if last else 0
    accounted = int((last[2] or 0) + (last[3] or 0)) if last else 0
    pages, unaccounted, in_both, repeated = (int(x) for x in row)
    return Ledger(
        pages, unaccounted, in_both, repeated, last[0] if last else None, processed, accounted
    )


def record_failed_load(con: duckdb.DuckDBPyConnection, run_id: str, error: str) -> None:
    """A run that failed leaves a load_runs row saying so (its pages stay pending for the next)."""
    with transaction(con):
        con.execute(
            """
            insert into load_runs by name
            select coalesce(s.load_id, $run_id) as load_id, $run_id as run_id, s.mode,
                   s.started_at, now() as finished_at, s.files_seen, s.files_read, s.pages_seen,
                   s.pages_new, s.pages_processed, 'failed' as status, $error as error
            from (select 1) as one
            left join staging.load_state as s on true
            where not exists (select 1 from load_runs where run_id = $run_id)
            """,
            {"run_id": run_id, "error": error},
        )
