"""Today's pipeline steps on a lake connection give the embedded file's tables, row for row.

The steps are the embedded backend's functions (stage, validate, publish, index, search),
run unchanged on a DuckDB connection with the lake attached; only the raw pages go in
through the lake's writer. When the warehouse API lands, this becomes the lake backend's
equality test.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest

from pipelines.ingest import discover, read_file
from pipelines.lake import catalog
from pipelines.lake.catalog import LakeTarget
from pipelines.lake.dask_parse import load_staged, parse_on_cluster
from pipelines.lake.raw import pending_shards, write_raw_pages
from pipelines.model import RawPage
from pipelines.warehouse.publish import publish_staged
from pipelines.warehouse.raw import IngestStats, _write_batch, begin_load
from pipelines.warehouse.search import index_articles, search
from pipelines.warehouse.stage import stage_pending
from pipelines.warehouse.validate import validate_staged_rows
from tests.conftest import REPO, SEEDS
from tests.services import DaskCluster

TABLES = [
    "raw_pages",
    "article_versions",
    "articles",
    "authors",
    "article_authors",
    "related_news",
    "rejected_pages",
    "load_runs",
    "search_docs",
    "search_terms",
]
VARYING = {"load_id", "started_at", "finished_at"}  # differ between any two loads
QUERIES = ("ceasefire", "grain exports", "bridge reopened")
Tables = dict[str, list[tuple[str, ...]]]
Hits = dict[str, list[tuple[str, float]]]


def seed_pages() -> list[RawPage]:
    return [page for path in discover(SEEDS) for page in read_file(path, SEEDS)]


def run_load(
    con: duckdb.DuckDBPyConnection, store: Callable[[], int], stage: Callable[[], object]
) -> None:
    pages_new = store()
    begin_load(
        con, "load-1", None, datetime(2025, 1, 1, tzinfo=UTC), IngestStats(11, 11, 13, pages_new)
    )
    stage()
    validate_staged_rows(con)
    publish_staged(con, "load-1")
    index_articles(con)


def embedded_tables() -> tuple[Tables, Hits]:
    con = duckdb.connect()
    con.execute("attach ':memory:' as raw")
    for path in sorted((REPO / "sql" / "ddl").glob("*.sql")):
        con.execute(path.read_text())
    pages = seed_pages()
    run_load(con, lambda: _write_batch(con, pages, [], "load-1"), lambda: stage_pending(con))
    return {t: rows(con, t) for t in TABLES}, hits(con)


def rows(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[str, ...]]:
    """A table's rows as text (instants in UTC), without the columns that vary per load, sorted."""
    con.execute("set TimeZone = 'UTC'")
    rel = con.execute(f"select * from {table}")  # table from TABLES
    keep = [i for i, d in enumerate(rel.description) if d[0] not in VARYING]
    return sorted(tuple(str(r[i]) for i in keep) for r in rel.fetchall())


def hits(con: duckdb.DuckDBPyConnection) -> Hits:
    return {q: [(h.article_id, round(h.score, 9)) for h in search(con, q)] for q in QUERIES}


@pytest.fixture(scope="module")
def embedded() -> tuple[Tables, Hits]:
    """The seeds loaded by the same steps into an in-memory DuckDB: tables and search hits."""
    return embedded_tables()


def test_the_local_steps_on_the_lake_give_the_embedded_tables(
    lake: LakeTarget, embedded: tuple[Tables, Hits]
) -> None:
    con = catalog.connect(lake)
    catalog.create_tables(con)
    pages = seed_pages()
    run_load(con, lambda: write_raw_pages(con, pages, "load-1"), lambda: stage_pending(con))
    tables, searched = embedded
    assert {t: rows(con, t) for t in TABLES} == tables
    assert len(tables["articles"]) == 10 and len(tables["rejected_pages"]) == 2
    assert hits(con) == searched
    assert all(searched.values())
    # A second load finds nothing new.
    assert write_raw_pages(con, pages, "load-2") == 0
    assert stage_pending(con).pending == 0


def test_dask_staged_rows_published_on_the_lake_give_the_embedded_tables(
    dask: DaskCluster, lake: LakeTarget, tmp_path: Path, embedded: tuple[Tables, Hits]
) -> None:
    con = catalog.connect(lake)
    catalog.create_tables(con)
    pages = seed_pages()
    out = tmp_path / "staged"

    def stage_on_dask() -> None:
        shards = pending_shards(con, 5)
        con.execute(
            "update staging.load_state set pages_processed = $n",
            {"n": sum(len(s.page_ids) for s in shards)},
        )
        parse_on_cluster(dask.scheduler, lake, shards, out)
        assert load_staged(con, out) == {"versions": 11, "related": 13, "rejects": 2}

    run_load(con, lambda: write_raw_pages(con, pages, "load-1"), stage_on_dask)
    assert {t: rows(con, t) for t in TABLES} == embedded[0]
