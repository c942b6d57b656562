"""Fetch-day partitions on the lake: partition runs started at once run at once (each
stages under its own load id, beside the other), both land, and nothing lands twice."""

from __future__ import annotations

from pathlib import Path

from pipelines.runner import run_load
from pipelines.steps.dask_stage import STAGING_FOLDER
from pipelines.warehouse import open_warehouse
from pipelines.warehouse.lake.catalog import LakeTarget
from tests.conftest import SEEDS
from tests.lake.test_lake_backend import lake_settings
from tests.partition_runs import accounted_by_day, load_times, published, run_at_once
from tests.services import DaskCluster, Postgres

DAYS = ["2024-12-21", "2024-12-22"]  # three seed pages each; an article's 2nd version on the 21st


def test_two_partition_runs_at_once_on_the_lake_both_land_nothing_twice(
    lake: LakeTarget, pg_server: Postgres, tmp_path: Path
) -> None:
    parts = lake_settings(SEEDS, lake)
    with open_warehouse(parts.warehouse, lake_data=parts.lake_data).writer():
        pass  # the lake exists (the first writer creates it alone)
    outcomes = run_at_once(parts, DAYS)
    assert [o["error"] for o in outcomes] == [None, None]
    times = load_times(parts)
    first, second = sorted((times[o["run_id"]] for o in outcomes), key=lambda t: t[1])
    assert first[0] == second[0] == "succeeded"
    assert second[1] < first[2]  # at once: the second began before the first had published
    by_day = accounted_by_day(parts)
    assert by_day["2024-12-21"] == (3, 3) and by_day["2024-12-22"] == (3, 3)
    assert sum(accounted for _pages, accounted in by_day.values()) == 6  # those days, once
    assert run_load(parts).success  # every other pending page, as the nightly load
    # the same rows as one unpartitioned load into a lake of its own
    pg_server.create_database("single_load")
    single = lake_settings(
        SEEDS, LakeTarget(pg_server.lake_url("single_load"), str(tmp_path / "single") + "/")
    )
    assert run_load(single).success
    assert published(parts) == published(single)


def test_a_partition_run_on_dask_parses_only_its_days_shards(
    lake: LakeTarget, dask: DaskCluster
) -> None:
    day = lake_settings(SEEDS, lake, dask.scheduler)
    report = run_load(day, partition="2024-12-22")
    assert report.success, report.error
    assert report.counts["pages_new"] == 13 and report.counts["pages_processed"] == 3
    by_day = accounted_by_day(day)
    assert by_day["2024-12-22"] == (3, 3)
    assert sum(accounted for _pages, accounted in by_day.values()) == 3
    assert not list(Path(lake.data_path, STAGING_FOLDER).glob("*/*"))  # its shards' files gone
