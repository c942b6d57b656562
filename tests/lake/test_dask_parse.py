"""Parsing shards on a real Dask cluster gives exactly the local path's staged rows."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import pyarrow as pa

from pipelines.ingest import read_file
from pipelines.landing_walk import discover
from pipelines.model import RawPage
from pipelines.steps.dask_stage import STAGED, ShardResult, parse_on_cluster, read_staged
from pipelines.steps.ingest import _table as raw_table
from pipelines.steps.isolation import outcome
from pipelines.steps.stage import _tables
from pipelines.synth import generate
from pipelines.warehouse.lake import catalog
from pipelines.warehouse.lake.catalog import LakeTarget
from pipelines.warehouse.lake.raw import Shard, pending_shards, write_raw_pages
from tests.conftest import SEEDS
from tests.services import DaskCluster, dask_cluster

SORT_KEYS = {"versions": ["page_id"], "related": ["page_id", "position"], "rejects": ["page_id"]}


def landing_pages(root: Path) -> list[RawPage]:
    pages = {page.page_id: page for path in discover(root) for page in read_file(path, root)}
    return [pages[k] for k in sorted(pages)]


def local_rows(pages: list[RawPage]) -> dict[str, list[dict[str, object]]]:
    """What the local path stages for these pages: its row builder over its worker's outcomes."""
    tables = _tables(pages, [outcome(p) for p in pages])
    return {name: _sorted(name, t) for name, t in zip(STAGED, tables, strict=True)}


def cluster_rows(out: Path) -> dict[str, list[dict[str, object]]]:
    rows: dict[str, list[dict[str, object]]] = {}
    for name in STAGED:
        table = read_staged(out, name)
        rows[name] = _sorted(name, table) if table is not None else []
    return rows


def _sorted(name: str, table: pa.Table) -> list[dict[str, object]]:
    if table.num_rows == 0:
        return []
    return table.sort_by([(k, "ascending") for k in SORT_KEYS[name]]).to_pylist()


def lake_with(lake: LakeTarget, pages: list[RawPage], shard_size: int) -> list[Shard]:
    con = catalog.connect(lake)
    catalog.create_tables(con)
    assert write_raw_pages(con, raw_table(pages), "load-1") == len(pages)
    shards = pending_shards(con, shard_size)
    con.close()
    return shards


def test_seed_pages_parsed_on_the_cluster_equal_the_local_rows(
    dask: DaskCluster, lake: LakeTarget, tmp_path: Path
) -> None:
    pages = landing_pages(SEEDS)
    shards = lake_with(lake, pages, shard_size=3)
    out = tmp_path / "staged"

    results = parse_on_cluster(dask.scheduler, lake, shards, out)

    assert [r.shard_id for r in results] == [s.shard_id for s in shards]
    assert all(r.written for r in results)
    assert sum(r.pages for r in results) == len(pages)
    expected = local_rows(pages)
    assert (
        len(expected["versions"]) == 11 and len(expected["rejects"]) == 2
    )  # as README's seed load
    assert cluster_rows(out) == expected
    assert sum(r.versions for r in results) == len(expected["versions"])
    assert sum(r.related for r in results) == len(expected["related"])

    # Running the same shards again rewrites nothing and changes nothing.
    again = parse_on_cluster(dask.scheduler, lake, shards, out)
    assert [r.written for r in again] == [False] * len(shards)
    assert [(r.versions, r.related, r.rejects) for r in again] == [
        (r.versions, r.related, r.rejects) for r in results
    ]
    assert cluster_rows(out) == expected


def test_a_worker_killed_mid_shard_is_replaced_and_the_parse_completes(
    lake: LakeTarget, tmp_path: Path
) -> None:
    landing = tmp_path / "landing"
    generate(600, landing, seed=7)
    pages = landing_pages(landing)
    shards = lake_with(lake, pages, shard_size=40)
    out = tmp_path / "staged"
    results: list[ShardResult] = []
    errors: list[BaseException] = []

    with dask_cluster(2, log_dir=tmp_path / "dask") as cluster:

        def run() -> None:
            try:
                results.extend(parse_on_cluster(cluster.scheduler, lake, shards, out))
            except BaseException as exc:  # handed to the test thread below
                errors.append(exc)

        thread = threading.Thread(target=run)
        thread.start()
        # Kill a worker that holds a shard once the workers are warm (two shards done), so
        # it dies in the middle of parsing, not while starting.
        victim = None
        deadline = time.monotonic() + 120
        while victim is None and time.monotonic() < deadline:
            done = [p for p in out.glob("*") if not p.name.startswith(".")] if out.exists() else []
            victim = cluster.busy_worker() if len(done) >= 2 else None
            time.sleep(0.05)
        assert victim is not None, "no worker ever ran a shard"
        os.kill(cluster.workers[victim].pid, signal.SIGKILL)
        thread.join(timeout=300)

        assert cluster.workers[victim].wait(timeout=10) == -signal.SIGKILL
        assert not thread.is_alive() and not errors, errors

    assert sorted(r.shard_id for r in results) == sorted(s.shard_id for s in shards)
    assert sum(r.pages for r in results) == len(pages)
    assert cluster_rows(out) == local_rows(pages)
    # Complete shard folders only: the killed run's temporary folder (if it got that far) is
    # left aside, and every shard has exactly one folder.
    finished = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
    assert finished == sorted(s.shard_id for s in shards)
