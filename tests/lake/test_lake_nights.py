"""A bad night on the lake with the parse on Dask: the run fails in bounded time with its
load_runs row, nothing it staged outlives it, and the next load ends with the counts of a
clean one."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from contextlib import closing
from dataclasses import replace
from pathlib import Path

import pytest

from pipelines.runner import TOTALS, LoadReport, run_load
from pipelines.steps.dask_stage import NO_WORKERS_SECONDS
from pipelines.synth import generate
from pipelines.warehouse import open_warehouse
from pipelines.warehouse.lake.catalog import LakeTarget, connect
from pipelines.warehouse.lake.store import STAGING_FOLDER
from tests.conftest import SEEDS
from tests.faults import hostile
from tests.lake.test_lake_backend import (
    lake_settings,
    load_in_background,
    settings,
    worker_busy_after,
)
from tests.services import DaskCluster, dask_cluster


@pytest.fixture(scope="module")
def landing(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("landing")
    generate(2000, folder, seed=11)
    return folder


@pytest.fixture(scope="module")
def clean(landing: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, int]:
    """The totals of one clean load of `landing` (the embedded file: the same tables)."""
    report = run_load(settings(landing, tmp_path_factory.mktemp("e") / "news.duckdb"))
    assert report.success, report.error
    return report.totals


def _runs(lake: LakeTarget) -> list[tuple[str, str]]:
    with closing(connect(lake, read_only=True)) as con:
        rows = con.execute("select mode, status from load_runs order by started_at").fetchall()
    return [(str(mode), str(status)) for mode, status in rows]


def _staged_files(lake: LakeTarget) -> list[Path]:
    return sorted(p for p in (Path(lake.data_path) / STAGING_FOLDER).rglob("*") if p.is_file())


def test_the_scheduler_killed_mid_parse_fails_the_load_and_leaves_no_staged_shards(
    lake: LakeTarget, landing: Path, clean: dict[str, int], tmp_path: Path
) -> None:
    """Losing the scheduler cancels the load's futures: the load fails at once with its row.
    The shard a worker was parsing is still written after the load removed its folder; it
    made the folder again and stayed there (on a full disk, the space the retry needs):
    now a task whose load has ended writes nothing, and the next load clears what a dead
    load left."""
    with dask_cluster(2, log_dir=tmp_path / "dask") as cluster:
        s = lake_settings(landing, lake, cluster.scheduler)
        thread, reports = load_in_background(s)
        busy = worker_busy_after(cluster, lake, thread, shards=1)
        assert busy is not None, "the scheduler was not killed mid-parse"
        scheduler = cluster.processes[0]
        os.kill(scheduler.pid, signal.SIGKILL)
        killed = time.monotonic()
        thread.join(timeout=120)
        assert not thread.is_alive(), "the load hangs without its scheduler"
        assert time.monotonic() - killed < 60
        (report,) = reports
        assert not report.success
        assert "scheduler-connection-lost" in str(report.error)
        with open_warehouse(s.warehouse, lake_data=s.lake_data).reader() as wh:
            row = wh.load_run(report.run_id)
        assert row is not None and row["status"] == "failed"
        # The workers end what they were running, then (no nanny, no scheduler) exit.
        for worker in cluster.workers.values():
            worker.wait(timeout=120)
    assert _staged_files(lake) == []

    with dask_cluster(2, log_dir=tmp_path / "dask2") as cluster:
        nxt = run_load(lake_settings(landing, lake, cluster.scheduler))
    assert nxt.success, nxt.error
    assert nxt.totals == clean
    assert {k: nxt.totals[k] for k in TOTALS} == {k: clean[k] for k in TOTALS}
    assert _staged_files(lake) == []


def test_a_page_past_the_parse_budget_on_dask_is_a_parse_timeout_as_on_the_file(
    lake: LakeTarget, dask: DaskCluster, tmp_path: Path
) -> None:
    """On the file a page that parses longer than NEWSWH_PARSE_TIMEOUT has its worker stopped
    and becomes a `parse_timeout`; a Dask task parsed it with no budget at all, as long as it
    took (a page quadratic in its nesting could hold a worker, and the night's load, for
    hours), and the same page ended as another reject, or an article."""
    landing = tmp_path / "landing"
    shutil.copytree(SEEDS, landing)
    (landing / "slow.html").write_bytes(hostile.slow_paragraphs())  # ~7-10 s to parse
    on_file = run_load(replace(settings(landing, tmp_path / "news.duckdb"), parse_timeout=2.0))
    on_dask = run_load(replace(lake_settings(landing, lake, dask.scheduler), parse_timeout=2.0))
    assert on_file.success and on_dask.success, (on_file.error, on_dask.error)
    assert on_dask.reject_reasons == on_file.reject_reasons
    assert on_dask.reject_reasons["parse_timeout"] == 1
    assert on_dask.totals == on_file.totals


def test_a_scheduler_without_workers_fails_the_load_in_bounded_time(
    lake: LakeTarget, tmp_path: Path
) -> None:
    """A scheduler that answers but has no worker (all dead, none started) runs nothing:
    the load waited for its shards for ever, holding the writer lock, and every later load
    was refused behind it. Now it fails once no worker has been there for a minute."""
    reports: list[LoadReport] = []
    with dask_cluster(0, log_dir=tmp_path / "dask") as cluster:
        s = lake_settings(SEEDS, lake, cluster.scheduler)
        thread = threading.Thread(target=lambda: reports.append(run_load(s)), daemon=True)
        started = time.monotonic()
        thread.start()
        thread.join(timeout=NO_WORKERS_SECONDS + 90)
        assert not thread.is_alive(), "the load waits for workers for ever"
    assert time.monotonic() - started >= NO_WORKERS_SECONDS
    (report,) = reports
    assert report.error == (
        f"step staged_pages failed: RuntimeError: the Dask scheduler {cluster.scheduler} has had no "
        f"worker for {NO_WORKERS_SECONDS:g} s: start workers, then load again"
    )
    with open_warehouse(s.warehouse, lake_data=s.lake_data).reader() as wh:
        row = wh.load_run(report.run_id)
    assert row is not None and row["status"] == "failed"
    assert _staged_files(lake) == []


def test_a_reparse_killed_after_it_published_is_not_called_one_that_never_began(
    lake: LakeTarget, landing: Path, tmp_path: Path
) -> None:
    """A reparse killed with -9 after its publish committed (while it built the search index)
    has its `succeeded` row. The next load found its lock holder dead and added a second
    row for it: failed, 'died holding the writer lock before its load began' - a reparse
    that did land, shown as failed by `newswh status`."""
    s = lake_settings(landing, lake)
    assert run_load(s).success
    env = {
        **os.environ,
        "NEWSWH_WAREHOUSE": lake.catalog,
        "NEWSWH_LAKE_DATA": lake.data_path,
        "NEWSWH_WORKERS": "2",
    }
    env.pop("DAGSTER_HOME", None)
    with (tmp_path / "reparse.log").open("wb") as log:
        reparse = subprocess.Popen(
            [str(Path(sys.executable).with_name("newswh")), "reparse"], env=env, stderr=log
        )
    deadline = time.monotonic() + 300
    published = False
    while not published and reparse.poll() is None and time.monotonic() < deadline:
        published = _runs(lake)[1:] == [("reparse", "succeeded")]
        time.sleep(0.05)
    reparse.kill()
    assert reparse.wait(timeout=30) == -signal.SIGKILL, "the reparse ended before it was killed"
    assert published

    nxt = run_load(s)
    assert nxt.success, nxt.error
    assert [line.endswith("died holding the writer lock") for line in nxt.cleared] == [True]
    assert _runs(lake) == [
        ("load", "succeeded"),
        ("reparse", "succeeded"),
        ("load", "succeeded"),
    ]
