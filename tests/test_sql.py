"""The example queries in sql/analysis run on the seed warehouse and answer the questions they ask."""

from pathlib import Path

import duckdb
import pytest

from pipelines.runner import LoadReport
from pipelines.warehouse.files import SQL_DIR, sql_text

QUERIES = sorted(p.stem for p in (SQL_DIR / "analysis").glob("*.sql"))


@pytest.fixture(scope="module")
def con(seed_load: tuple[Path, LoadReport, LoadReport]) -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect(str(seed_load[0]), read_only=True)
    connection.execute("set TimeZone = 'UTC'")
    return connection


@pytest.mark.parametrize("name", QUERIES)
def test_every_example_query_returns_rows(con: duckdb.DuckDBPyConnection, name: str) -> None:
    assert con.execute(sql_text(f"analysis/{name}")).fetchall()


def test_articles_per_outlet_per_day(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.execute(sql_text("analysis/articles_per_outlet_per_day")).fetchall()
    assert sum(r[2] for r in rows) == 10
    assert ("The Kyiv Independent", "2023-12-23", 1) in [(o, str(d), n) for o, d, n in rows]


def test_who_wrote_what(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.execute(sql_text("analysis/who_wrote_what")).fetchall()
    bylines = {title: authors for _outlet, _date, title, authors in rows}
    assert bylines["Köln: Neue Rheinbrücke für Radfahrer wird im Frühjahr eröffnet"] == (
        "Jana Becker (person), Lukas Hoffmann (person)"
    )


def test_feed_on_the_night(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.execute(sql_text("analysis/feed_on_the_night_of_2024_12_21")).fetchall()
    assert [(r[0], r[3]) for r in rows] == [
        ("2024-12-21T23:17:00+02:00", "Zelensky meets with CIA director in Kyiv."),
        (
            "2024-12-22T05:15:00+02:00",
            "Media identifies nearly 85,000 Russian soldiers killed in Ukraine.",
        ),
        ("2024-12-22T06:00:00+02:00", "Christmas fair on Rynok Square draws record crowds"),
        ("2024-12-22T07:25:00+02:00", "Airport reopening plan presented to city council"),
    ]


def test_rejects_by_reason(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.execute(sql_text("analysis/rejects_by_reason")).fetchall()
    assert sorted((r[1], r[3]) for r in rows) == [("empty", 1), ("not_found", 1)]


def test_authors_view_counts_articles(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.execute(
        "select name, kind, articles from authors_by_article_count where name like 'Olena%'"
    ).fetchall()
    assert rows == [("Olena Marchuk", "person", 1)]


def test_the_snapshot_has_no_staging_schema(con: duckdb.DuckDBPyConnection) -> None:
    """staging.* is the writer's (in news.work.duckdb); analysts' news.duckdb is without it."""
    schemas = {s for (s,) in con.execute("select schema_name from duckdb_schemas()").fetchall()}
    assert "staging" not in schemas
    assert "main" in schemas
