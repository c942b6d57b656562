"""The whole graph through the lake (`newswh load`'s in-process Dagster job): the embedded
backend's tables row for row, the same search hits, the checks passing, a second load adding
nothing, locally and with the parse on a Dask cluster, also when a worker dies mid-parse."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest

from pipelines.runner import LoadReport, run_load
from pipelines.settings import Settings
from pipelines.steps.dask_stage import STAGING_FOLDER
from pipelines.steps.index import search
from pipelines.synth import generate
from pipelines.warehouse import open_warehouse
from pipelines.warehouse.lake.catalog import LakeTarget
from tests.conftest import SEEDS
from tests.partition_runs import sorted_rows
from tests.services import DaskCluster, dask_cluster

TABLES = [
    "landing_files",
    "raw_pages",
    "article_versions",
    "articles",
    "outlets",
    "authors",
    "article_authors",
    "related_news",
    "rejected_pages",
    "load_runs",
    "search_docs",
    "search_terms",
    "articles_per_outlet_day",
    "authors_by_article_count",
    "feed_timeline",
]
ANALYSIS = sorted((Path(__file__).resolve().parents[2] / "sql" / "analysis").glob("*.sql"))
QUERIES = ("ceasefire", "grain exports", "bridge reopened")
COUNTED = ("pages_seen", "pages_new", "pages_processed", "articles_inserted", "versions_added")
Tables = dict[str, list[tuple[str, ...]]]
Hits = dict[str, list[tuple[str, float]]]


def settings(
    source: Path,
    warehouse: str | Path,
    lake_data: str | None = None,
    dask_scheduler: str | None = None,
) -> Settings:
    return Settings(
        source=source,
        warehouse=Path(warehouse),
        workers=2,
        max_bytes=20 * 1024 * 1024,
        lake_data=lake_data,
        dask_scheduler=dask_scheduler,
    )


def lake_settings(source: Path, lake: LakeTarget, scheduler: str | None = None) -> Settings:
    return settings(source, lake.catalog, lake_data=lake.data_path, dask_scheduler=scheduler)


def load_in_background(s: Settings) -> tuple[threading.Thread, list[LoadReport]]:
    """`run_load(s)` started in a thread; its report lands in the list when it ends."""
    reports: list[LoadReport] = []
    thread = threading.Thread(target=lambda: reports.append(run_load(s)))
    thread.start()
    return thread, reports


def worker_busy_after(
    cluster: DaskCluster, lake: LakeTarget, load: threading.Thread, shards: int
) -> str | None:
    """A worker busy with a shard once `shards` shards of the running load are staged: one to
    kill mid-parse. None when the load ends, or 240 s pass, first."""
    staging = Path(lake.data_path) / STAGING_FOLDER
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and load.is_alive():
        done = [p for p in staging.glob("*/*") if not p.name.startswith(".")]
        if len(done) >= shards and (busy := cluster.busy_worker()) is not None:
            return busy
        time.sleep(0.05)
    return None


def contents(s: Settings) -> tuple[Tables, Hits]:
    """Every table and view as sorted text rows without the per-load columns; search hits."""
    with open_warehouse(s.warehouse, lake_data=s.lake_data).reader() as wh:
        tables: Tables = {table: sorted_rows(wh.sql(f"select * from {table}")) for table in TABLES}
        for query in ANALYSIS:  # the README's example queries give the same rows on both
            tables[f"sql/analysis/{query.name}"] = sorted_rows(
                wh.sql(query.read_text(encoding="utf-8"))
            )
        hits = {q: [(h.article_id, round(h.score, 9)) for h in search(wh, q)] for q in QUERIES}
    return tables, hits


def newswh(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [str(Path(sys.executable).with_name("newswh")), *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def counts(report: LoadReport) -> dict[str, int]:
    return {k: report.counts.get(k, 0) for k in COUNTED}


def load_once(s: Settings) -> tuple[LoadReport, tuple[Tables, Hits]]:
    report = run_load(s)
    assert report.success, report.error
    return report, contents(s)


def load_twice(s: Settings) -> tuple[LoadReport, LoadReport, tuple[Tables, Hits]]:
    first, after_first = load_once(s)
    second = run_load(s)
    assert second.success, second.error
    assert second.counts["pages_new"] == 0 and second.counts["pages_processed"] == 0
    again, hits = contents(s)
    # A second load adds nothing but its load_runs row.
    assert {t: r for t, r in again.items() if t != "load_runs"} == {
        t: r for t, r in after_first[0].items() if t != "load_runs"
    }
    assert hits == after_first[1]
    return first, second, after_first


@pytest.fixture(scope="module")
def synth_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("synth") / "landing"
    generate(2000, folder, seed=3)
    return folder


@pytest.fixture(scope="module")
def embedded_synth(
    synth_folder: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[LoadReport, tuple[Tables, Hits]]:
    return load_once(settings(synth_folder, tmp_path_factory.mktemp("e") / "n.duckdb"))


def test_seeds_through_the_lake_give_the_embedded_warehouse(
    lake: LakeTarget, tmp_path: Path
) -> None:
    embedded_first, embedded = load_once(settings(SEEDS, tmp_path / "news.duckdb"))
    first, _, seen = load_twice(lake_settings(SEEDS, lake))
    assert seen == embedded
    assert counts(first) == counts(embedded_first)
    assert len(seen[0]["articles"]) == 10 and len(seen[0]["rejected_pages"]) == 2
    assert all(seen[1].values())

    # The commands read the lake as they read the file.
    env = {**os.environ, "NEWSWH_WAREHOUSE": lake.catalog, "NEWSWH_LAKE_DATA": lake.data_path}
    sql = newswh(env, "sql", "select count(*) as n from articles", "--json")
    assert json.loads(sql) == [{"n": 10}]
    found = json.loads(newswh(env, "search", "ceasefire", "--json"))
    assert [h["article_id"] for h in found] == [a for a, _ in seen[1]["ceasefire"]]
    assert "The last load rejected nothing." in newswh(env, "status")

    # A reparse on the lake rebuilds the same tables from the raw pages kept in it.
    reparse = run_load(lake_settings(SEEDS, lake), job_name="reparse_warehouse")
    assert reparse.success, reparse.error
    assert reparse.mode == "reparse" and reparse.counts["pages_processed"] == 13
    rebuilt = contents(lake_settings(SEEDS, lake))
    assert {t: r for t, r in rebuilt[0].items() if t != "load_runs"} == {
        t: r for t, r in seen[0].items() if t != "load_runs"
    }


def test_a_synthetic_folder_parsed_on_dask_gives_the_embedded_warehouse(
    lake: LakeTarget,
    synth_folder: Path,
    embedded_synth: tuple[LoadReport, tuple[Tables, Hits]],
    dask: DaskCluster,
) -> None:
    first, _, seen = load_twice(lake_settings(synth_folder, lake, dask.scheduler))
    embedded_first, embedded = embedded_synth
    assert counts(first) == counts(embedded_first)
    assert first.counts["pages_processed"] == len(embedded[0]["raw_pages"]) > 1900
    for table in TABLES:
        assert seen[0][table] == embedded[0][table], table
    assert seen[1] == embedded[1]
    assert all(embedded[1].values())
    # The shards' staged files are gone once published.
    assert list((Path(lake.data_path) / STAGING_FOLDER).glob("*/*")) == []


def test_an_outlets_override_and_learned_zones_hold_on_dask_as_on_the_file(
    lake: LakeTarget, dask: DaskCluster, tmp_path: Path
) -> None:
    """Dask workers read each page in the zone the stage step knows for its host (override,
    profile, learned), and the load records that knowledge for the outlets publish."""
    landing = tmp_path / "landing"
    shutil.copytree(SEEDS, landing)
    (landing / "outlets.toml").write_text(
        '[[outlet]]\ndomain = "harbourgazette.co.uk"\nname = "Harbour Gazette (override)"\n'
        'time_zone = "Europe/Kyiv"\n'
    )
    _, embedded = load_once(settings(landing, tmp_path / "news.duckdb"))
    _, on_dask = load_once(lake_settings(landing, lake, dask.scheduler))
    for table in TABLES:
        assert on_dask[0][table] == embedded[0][table], table
    outlets = {row[0]: row[1:5] for row in on_dask[0]["outlets"]}
    assert outlets["harbourgazette.co.uk"] == (
        "Harbour Gazette (override)",
        "override",
        "Europe/Kyiv",
        "override",
    )
    published = {row for row in on_dask[0]["articles"] if "harbourgazette" in "".join(row)}
    assert published and all("2024-12-18T07:15:00+02:00" in row for row in published)


def test_a_worker_killed_mid_parse_then_the_next_load_ends_clean(
    lake: LakeTarget,
    synth_folder: Path,
    embedded_synth: tuple[LoadReport, tuple[Tables, Hits]],
    tmp_path: Path,
) -> None:
    with dask_cluster(2, log_dir=tmp_path / "dask") as cluster:
        s = lake_settings(synth_folder, lake, cluster.scheduler)
        thread, reports = load_in_background(s)
        # Kill a worker busy with a shard once two shards are done: it dies mid-parse.
        victim = worker_busy_after(cluster, lake, thread, shards=2)
        assert victim is not None, "no worker was killed mid-parse"
        os.kill(cluster.workers[victim].pid, signal.SIGKILL)
        thread.join(timeout=300)
        assert not thread.is_alive()
        (report,) = reports
        # The load completed (Dask ran the shard again), or failed and said so in load_runs.
        if not report.success:
            with open_warehouse(s.warehouse, lake_data=s.lake_data).reader() as wh:
                row = wh.load_run(report.run_id)
            assert row is not None and row["status"] == "failed"
        nxt = run_load(replace(s, dask_scheduler=cluster.scheduler))
    assert nxt.success, nxt.error
    embedded = embedded_synth[1]
    seen, _ = contents(s)
    assert {t: len(r) for t, r in seen.items() if t != "load_runs"} == {
        t: len(r) for t, r in embedded[0].items() if t != "load_runs"
    }
    for table in ("articles", "article_versions", "rejected_pages", "search_docs"):
        assert seen[table] == embedded[0][table], table
    shutil.rmtree(tmp_path / "dask", ignore_errors=True)
