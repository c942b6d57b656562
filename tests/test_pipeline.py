"""The whole graph on real DuckDB files: seeds/ end to end, history, quality gates."""

import json
import os
import shutil
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from pipelines.defs import (
    ASSETS,
    EVERY_DAY,
    LandingResource,
    WarehouseResource,
    latest_fetch_day,
)
from pipelines.quality.gx import prune_data_docs
from pipelines.runner import LoadReport, run_load
from pipelines.settings import Settings
from pipelines.steps.index import search
from pipelines.steps.publish import reconcile
from pipelines.warehouse import Reader
from pipelines.warehouse.files import work_path
from tests.conftest import SEEDS, load

NOW = 1_800_000_000.0  # a fixed clock for the retention test
EXPECTED_COUNTS = {
    "raw_pages": 13,
    "articles": 10,
    "article_versions": 11,
    "authors": 12,
    "article_authors": 12,
    "related_news": 13,
    "rejected_pages": 2,
    "search_docs": 10,
}


def _counts(warehouse: Path) -> dict[str, int]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return {t: con.execute(f"select count(*) from {t}").fetchone()[0] for t in EXPECTED_COUNTS}


def _materialize(
    source: Path,
    warehouse: Path,
    selection: list[str] | dg.AssetSelection | None = None,
    instance: dg.DagsterInstance | None = None,
) -> dg.ExecuteInProcessResult:
    return dg.materialize(
        ASSETS,
        resources={
            "landing": LandingResource(path=str(source), workers=1),
            "warehouse": WarehouseResource(path=str(warehouse)),
        },
        instance=instance or dg.DagsterInstance.ephemeral(),
        selection=selection,
        raise_on_error=False,
        partition_key=latest_fetch_day(),  # every pending page, as the nightly load does
        tags=EVERY_DAY,
    )


def test_seed_load_counts(seed_load: tuple[Path, LoadReport, LoadReport]) -> None:
    warehouse, first, _second = seed_load
    assert first.success, first.error
    assert _counts(warehouse) == EXPECTED_COUNTS
    assert first.counts["pages_seen"] == 13
    assert first.counts["pages_new"] == 13
    assert first.counts["articles_inserted"] == 10
    assert first.counts["versions_added"] == 11
    assert first.counts["pages_rejected"] == 2
    assert first.reject_reasons == {"empty": 1, "not_found": 1}


def test_second_load_adds_nothing(seed_load: tuple[Path, LoadReport, LoadReport]) -> None:
    warehouse, _first, second = seed_load
    assert second.success, second.error
    assert _counts(warehouse) == EXPECTED_COUNTS
    for key in (
        "pages_new",
        "articles_inserted",
        "articles_updated",
        "versions_added",
        "pages_rejected",
    ):
        assert second.counts[key] == 0, key
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("select count(*) from load_runs").fetchone()[0] == 2


def test_seed_article_reads_back_exactly(seed_load: tuple[Path, LoadReport, LoadReport]) -> None:
    warehouse = seed_load[0]
    with duckdb.connect(str(warehouse), read_only=True) as con:
        con.execute("set TimeZone = 'UTC'")
        row = con.execute(
            """
            select article_id, title, published_at_local, strftime(published_at, '%Y-%m-%dT%H:%M:%S'),
                   read_time_min, image_credit, left(image_caption, 52), left(body, 62), right(body, 30),
                   version, versions, outlet, url
            from articles where title like 'NYT: Putin%'
            """
        ).fetchone()
        article_id = row[0]
        assert (
            row[1:]
            == (
                "NYT: Putin open to ceasefire if Russia keeps occupied territories",
                "2023-12-23T17:40:00+02:00",
                "2023-12-23T15:40:00",
                2,
                "Contributor/Getty Images",
                "Russian President Vladimir Putin (C) leaves the hall",
                "Russian President Vladimir Putin has been reportedly signaling",
                "good-faith peace negotiations.",
                1,
                1,
                "The Kyiv Independent",
                "https://kyivindependent.com/nyt-putin-open-to-ceasefire-if-russia-keeps-occupied-territories/",  # as the sidecar gives it
            )
        )
        authors = con.execute(
            "select au.name, au.kind, aa.position from article_authors aa join authors au using (author_id) "
            "where aa.article_id = $id order by position",
            {"id": article_id},
        ).fetchall()
        assert authors == [("The Kyiv Independent news desk", "desk", 1)]
        related = con.execute(
            "select position, section, title, time_text, published_at_local from related_news "
            "where article_id = $id order by position",
            {"id": article_id},
        ).fetchall()
        assert related == [
            (
                1,
                "Opinion",
                "Don’t write off Ukrainians living under Russian occupation",
                None,
                None,
            ),
            (
                2,
                "News Feed",
                "Media identifies nearly 85,000 Russian soldiers killed in Ukraine.",
                "5:15 AM",
                "2024-12-22T05:15:00+02:00",
            ),
            (
                3,
                "News Feed",
                "Zelensky meets with CIA director in Kyiv.",
                "11:17 PM",
                "2024-12-21T23:17:00+02:00",
            ),
            (
                4,
                "News Feed",
                "IMF approves $1.1 billion in funding for Ukraine.",
                "4:16 AM",
                "2024-12-21T04:16:00+02:00",
            ),
        ]
        instants = con.execute(
            "select strftime(published_at, '%Y-%m-%d %H:%M') from related_news "
            "where article_id = $id and position > 1 order by position",
            {"id": article_id},
        ).fetchall()
        assert instants == [("2024-12-22 03:15",), ("2024-12-21 21:17",), ("2024-12-21 02:16",)]


def test_ceasefire_finds_the_seed_article_first(
    seed_load: tuple[Path, LoadReport, LoadReport],
) -> None:
    with duckdb.connect(str(seed_load[0]), read_only=True) as con:
        hits = search(Reader(con), "ceasefire")
    assert hits[0].title == "NYT: Putin open to ceasefire if Russia keeps occupied territories"
    assert "ceasefire" in hits[0].snippet


def test_versions_keep_history_and_articles_the_latest(
    seed_load: tuple[Path, LoadReport, LoadReport],
) -> None:
    with duckdb.connect(str(seed_load[0]), read_only=True) as con:
        versions = con.execute(
            "select version, strftime(fetched_at, '%Y-%m-%d %H:%M'), body like '%Correction:%' "
            "from article_versions where url like '%underground-school%' order by version"
        ).fetchall()
        latest = con.execute(
            "select version, versions, body like '%Correction:%' from articles where url like '%underground-school%'"
        ).fetchone()
    assert versions == [(1, "2024-12-20 08:00", False), (2, "2024-12-21 07:00", True)]
    assert latest == (2, 2, True)


def test_checks_pass_on_seeds(tmp_path: Path) -> None:
    result = _materialize(SEEDS, tmp_path / "w.duckdb")
    assert result.success
    evaluations = {e.check_name: e.passed for e in result.get_asset_check_evaluations()}
    assert evaluations == {
        "article_row_suite": True,
        "article_table_suite": True,
        "related_table_suite": True,
    }


def _page(title: str, lang: str = "en", url: str = "https://example.com/a", extra: str = "") -> str:
    paragraphs = "".join(
        f"<p>Sentence number {i} of a story that is long enough to be an article for the warehouse.</p>"
        for i in range(6)
    )
    return (
        f'<html lang="{lang}"><head><meta property="og:title" content="{title}">'
        f'<link rel="canonical" href="{url}"></head><body><article><h1>{title}</h1>{extra}{paragraphs}'
        "</article></body></html>"
    )


def test_row_expectation_failures_land_in_rejected_pages(tmp_path: Path) -> None:
    landing = tmp_path / "landing"
    landing.mkdir()
    (landing / "good.html").write_text(_page("A good page"))
    (landing / "odd_language.html").write_text(
        _page("A page in no language", lang="xx", url="https://e.com/b")
    )
    (landing / "odd_twice.html").write_text(  # fails two expectations: one reject, one row
        _page("Long " * 101, lang="zz", url="https://e.com/c")
    )
    warehouse = tmp_path / "w.duckdb"
    result = _materialize(landing, warehouse)
    assert result.success
    rows = {e.check_name: (e.passed, e.severity) for e in result.get_asset_check_evaluations()}
    assert rows["article_row_suite"] == (False, dg.AssetCheckSeverity.WARN)
    assert rows["article_table_suite"][0] is True
    [row_check] = [
        e for e in result.get_asset_check_evaluations() if e.check_name == "article_row_suite"
    ]
    # rows, not row-expectation pairs: three failures on two rows
    assert row_check.metadata["failing_rows"].value == 2
    assert row_check.metadata["quarantined_to_rejected_pages"].value == 2
    assert row_check.metadata["failed_expectations"].value == [
        "expect_column_value_lengths_to_be_between(title)",
        "expect_column_values_to_be_in_set(language)",
    ]
    # the Data Docs the UI renders: every expectation, its verdict and the unexpected values
    page = row_check.metadata["data_docs"].value
    assert "### article_row_suite: FAILED" in page
    assert "| expect_column_values_to_be_in_set(language) | FAIL | 2 |  | 'xx', 'zz' |" in page
    assert "| expect_column_value_lengths_to_be_between(title) | FAIL | 1 |  | 'Long Long" in page
    # GX's own HTML page of this validation, kept in a folder of this run beside the warehouse
    html = Path(row_check.metadata["data_docs_file"].value)
    run_docs = tmp_path / "data_docs" / result.run_id
    assert html.is_relative_to(run_docs / "validations" / "article_row_suite")
    assert f"`{html}`" in page
    text = html.read_text()
    assert "expect_column_values_to_be_in_set" in text or "values must belong to this set" in text
    assert (run_docs / "index.html").exists()
    assert (run_docs / "static").resolve() == (tmp_path / "data_docs" / "static").resolve()
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("select title from articles").fetchall() == [("A good page",)]
        assert con.execute(
            "select source_path, reason, check_name, details from rejected_pages order by 1"
        ).fetchall() == [
            (
                "odd_language.html",
                "quality",
                "expect_column_values_to_be_in_set(language)",
                "failed the quality expectation expect_column_values_to_be_in_set(language)",
            ),
            (
                "odd_twice.html",
                "quality",
                "expect_column_value_lengths_to_be_between(title), "
                "expect_column_values_to_be_in_set(language)",
                "failed the quality expectations expect_column_value_lengths_to_be_between(title), "
                "expect_column_values_to_be_in_set(language)",
            ),
        ]


def test_data_docs_older_than_the_retention_are_pruned(tmp_path: Path) -> None:
    root = tmp_path / "data_docs"
    for name, age_days in (("old-run", 91), ("recent-run", 89), ("static", 400)):
        (root / name).mkdir(parents=True)
        stamp = NOW - age_days * 86_400
        os.utime(root / name, (stamp, stamp))
    assert prune_data_docs(root, 90, NOW) == ["old-run"]
    assert sorted(p.name for p in root.iterdir()) == ["recent-run", "static"]


def test_a_failing_blocking_check_publishes_nothing(tmp_path: Path) -> None:
    landing = tmp_path / "landing"
    landing.mkdir()
    (landing / "a.html").write_text(_page("First page"))
    warehouse = tmp_path / "w.duckdb"
    staged = _materialize(landing, warehouse, selection=["raw_pages", "staged_pages"])
    assert staged.success
    with duckdb.connect(str(work_path(warehouse))) as con:  # a staged row that should not exist
        con.execute("insert into staging.versions select * from staging.versions")
    downstream = dg.AssetSelection.assets("validated_pages", "articles", "search_index")
    rest = _materialize(landing, warehouse, selection=downstream.required_multi_asset_neighbors())
    evaluations = {e.check_name: e.passed for e in rest.get_asset_check_evaluations()}
    assert evaluations["article_table_suite"] is False
    materialized = {e.asset_key.to_user_string() for e in rest.get_asset_materialization_events()}
    assert "articles" not in materialized
    assert not warehouse.exists()  # nothing was ever published for readers
    with duckdb.connect(str(work_path(warehouse)), read_only=True) as con:
        assert con.execute("select count(*) from articles").fetchone()[0] == 0


def test_out_of_order_versions(tmp_path: Path) -> None:
    landing = tmp_path / "landing"
    landing.mkdir()
    warehouse = tmp_path / "w.duckdb"
    newer = landing / "newer.html"
    newer.write_text(
        _page(
            "Story, updated", extra="<p>An update paragraph was added to this story later on.</p>"
        )
    )
    (landing / "newer.html.meta.json").write_text(
        json.dumps({"fetched_at": "2024-12-22T10:00:00+00:00"})
    )
    assert load(landing, warehouse).success
    older = landing / "older.html"
    older.write_text(_page("Story"))
    (landing / "older.html.meta.json").write_text(
        json.dumps({"fetched_at": "2024-12-22T08:00:00+00:00"})
    )
    report = load(landing, warehouse)
    assert report.success
    assert (report.counts["versions_added"], report.counts["articles_updated"]) == (1, 0)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("select title, version, versions from articles").fetchall() == [
            ("Story, updated", 2, 2)
        ]
        assert con.execute(
            "select title, version from article_versions order by version"
        ).fetchall() == [
            ("Story", 1),
            ("Story, updated", 2),
        ]


def test_same_content_again_is_a_duplicate_not_a_version(tmp_path: Path) -> None:
    landing = tmp_path / "landing"
    landing.mkdir()
    (landing / "a.html").write_text(_page("Same story"))
    (landing / "b.html").write_text(_page("Same story") + "<!-- different bytes, same article -->")
    for name, hour in (("a.html", "08"), ("b.html", "09")):
        (landing / f"{name}.meta.json").write_text(
            json.dumps({"fetched_at": f"2024-12-22T{hour}:00:00+00:00"})
        )
    warehouse = tmp_path / "w.duckdb"
    report = load(landing, warehouse)
    assert report.counts["versions_added"] == 1
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("select source_path, reason from rejected_pages").fetchall() == [
            ("b.html", "duplicate")
        ]


@pytest.mark.parametrize("name", ["nothing.html", "blank.txt"])
def test_bad_landing_files_never_crash_a_load(tmp_path: Path, name: str) -> None:
    landing = tmp_path / "landing"
    landing.mkdir()
    (landing / name).write_text("   \n")
    report = load(landing, tmp_path / "w.duckdb")
    assert report.success
    assert report.reject_reasons == {"empty": 1}


def test_landing_folder_can_be_anywhere(tmp_path: Path) -> None:
    landing = tmp_path / "elsewhere"
    shutil.copytree(SEEDS, landing)
    (landing / "900_empty.html").unlink()
    report = load(landing, tmp_path / "w.duckdb")
    assert report.counts["pages_seen"] == 12


def _seeds_loaded(tmp_path: Path) -> tuple[Path, Path, Settings]:
    """seeds/ copied to tmp_path and loaded: (landing folder, warehouse, their settings)."""
    landing = tmp_path / "landing"
    shutil.copytree(SEEDS, landing)
    warehouse = tmp_path / "w.duckdb"
    settings = Settings(landing, warehouse, workers=1, max_bytes=20 * 1024 * 1024)
    assert run_load(settings).success
    return landing, warehouse, settings


def test_reparse_rebuilds_everything_without_the_landing_folder(tmp_path: Path) -> None:
    landing, warehouse, settings = _seeds_loaded(tmp_path)
    before = _counts(warehouse)
    shutil.rmtree(landing)
    with duckdb.connect(str(work_path(warehouse))) as con:  # as if an older parser had lost a row
        con.execute("delete from articles where title like 'NYT%'")
    report = run_load(settings, job_name="reparse_warehouse")
    assert report.success, report.error
    assert report.mode == "reparse"
    assert _counts(warehouse) == before
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert search(Reader(con), "ceasefire")[0].title.startswith("NYT: Putin")
        assert con.execute(
            "select mode, pages_processed from load_runs order by started_at"
        ).fetchall() == [
            ("load", 13),
            ("reparse", 13),
        ]


def test_accounting_catches_a_page_that_went_nowhere(
    seed_load: tuple[Path, LoadReport, LoadReport], tmp_path: Path
) -> None:
    copy = tmp_path / "w.work.duckdb"
    shutil.copyfile(work_path(seed_load[0]), copy)
    with duckdb.connect(str(copy)) as con:
        assert reconcile(Reader(con)).balanced
        con.execute(
            "insert into raw_pages select * replace ('lost' as page_id) from raw_pages limit 1"
        )
        ledger = reconcile(Reader(con))
    assert not ledger.balanced
    assert ledger.unaccounted == 1


def test_tables_explain_themselves_in_dagster(tmp_path: Path) -> None:
    instance = dg.DagsterInstance.ephemeral()
    result = _materialize(SEEDS, tmp_path / "w.duckdb", instance=instance)
    metadata = {
        e.asset_key.to_user_string(): e.step_materialization_data.materialization.metadata
        for e in result.get_asset_materialization_events()
    }
    for table in (
        "raw_pages",
        "articles",
        "article_versions",
        "authors",
        "related_news",
        "rejected_pages",
        "load_runs",
    ):
        assert "dagster/row_count" in metadata[table], table
        assert "dagster/column_schema" in metadata[table], table
    assert metadata["articles"]["dagster/row_count"].value == 10
    columns = [c.name for c in metadata["articles"]["dagster/column_schema"].schema.columns]
    assert columns[:4] == ["article_id", "url", "outlet", "title"]
    preview = metadata["articles"]["newest_articles"].value
    assert "| Lviv Daily | 2024-12-22T06:40:00+02:00 | Lviv volunteers assemble" in preview
    assert "| 900_empty.html | empty |" in metadata["rejected_pages"]["newest_rejects"].value
    # every column described, from the one source DuckDB has too (COMMENT ON COLUMN)
    schema = metadata["articles"]["dagster/column_schema"].schema
    described = {c.name: c.description for c in schema.columns}
    assert described["article_id"] == "the article's key, from its canonical URL"
    for table in EXPECTED_COUNTS:
        columns = metadata.get(table, {}).get("dagster/column_schema")
        assert columns is None or all(c.description for c in columns.schema.columns), table
    with duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True) as con:
        missing = con.execute(
            "select table_name, column_name from duckdb_columns() "
            "where schema_name = 'main' and comment is null and table_name in "
            "(select table_name from duckdb_tables() where schema_name = 'main')"
        ).fetchall()
    assert missing == []
    lineage = metadata["articles"]["dagster/column_lineage"].value.deps_by_column
    assert lineage["title"] == [
        dg.TableColumnDep(asset_key=dg.AssetKey("article_versions"), column_name="title")
    ]
    assert "versions" not in lineage
    assert "term" in metadata["search_index"]["dagster/column_lineage"].value.deps_by_column
    # the steps name their counts as this load's, not as a table's rows
    assert "dagster/row_count" not in metadata["validated_pages"]
    assert metadata["staged_pages"]["articles_staged_this_load"].value == 11
    # raw_pages logs its progress through the landing folder and a readable summary
    logs = [e.user_message for e in instance.all_logs(result.run_id) if e.step_key == "raw_pages"]
    assert any(f"ingested from {SEEDS}: 11 of 11 files (100%)" in m for m in logs), logs
    assert f"landing {SEEDS}: 11 files seen, 11 read; 13 pages seen, 13 new" in logs
    run = instance.get_run_by_id(result.run_id)  # counts are metadata; tags say who ran it
    assert run is not None
    assert {k: v for k, v in run.tags.items() if k.startswith("newswh/")} == {
        "newswh/source": "ui",
        "newswh/fetch-days": "all",  # every pending page, whatever its fetch day
    }


def test_backfill_reparses_only_a_range_of_fetch_dates(tmp_path: Path) -> None:
    _landing, warehouse, settings = _seeds_loaded(tmp_path)
    before = _counts(warehouse)
    config: dict[str, object] = {"reparse": True, "since": "2024-12-22", "until": "2024-12-23"}
    report = run_load(settings, job_name="reparse_warehouse", stage_config=config)
    assert report.success, report.error
    assert (report.mode, report.counts["pages_processed"]) == ("backfill", 3)
    assert (report.counts["versions_added"], report.counts["pages_rejected"]) == (2, 1)
    assert _counts(warehouse) == before
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert search(Reader(con), "ceasefire")[0].title.startswith("NYT: Putin")
