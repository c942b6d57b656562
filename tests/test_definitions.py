"""The code location: a snapshot of the asset graph, the schedule and the landing sensor."""

import shutil
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from itertools import islice
from pathlib import Path
from zoneinfo import ZoneInfo

import dagster as dg
import duckdb
import pytest
from dagster._core.test_utils import freeze_time  # pinned dagster
from dagster._utils.schedules import schedule_execution_time_iterator  # pinned dagster

from pipelines.definitions import build_definitions
from pipelines.defs import (
    WAREHOUSE_TABLES,
    WarehouseResource,
    landing_sensor,
    load_failure_sensor,
)
from pipelines.runner import run_load
from pipelines.settings import Settings
from pipelines.warehouse.files import work_path
from tests.conftest import REPO, SEEDS

GRAPH = {
    "raw_pages": [],
    "staged_pages": ["raw_pages"],
    "validated_pages": ["staged_pages"],
    "articles": ["validated_pages"],
    "article_versions": ["validated_pages"],
    "authors": ["validated_pages"],
    "article_authors": ["validated_pages"],
    "related_news": ["validated_pages"],
    "rejected_pages": ["validated_pages"],
    "load_runs": ["validated_pages"],
    "search_index": ["articles"],
}
DAILY = "Daily, starting 2020-01-01 UTC. End offsetted by 1 partition."  # today's included
GROUPS = {
    "raw_pages": "ingest",
    "staged_pages": "parse",
    "validated_pages": "quality",
    "search_index": "search",
}


def _defs(tmp_path: Path) -> dg.Definitions:
    return build_definitions(Settings(tmp_path, tmp_path / "w.duckdb", workers=1, max_bytes=1000))


def test_asset_graph_snapshot(tmp_path: Path) -> None:
    graph = _defs(tmp_path).resolve_asset_graph()
    snapshot = {
        key.to_user_string(): sorted(p.to_user_string() for p in graph.get(key).parent_keys)
        for key in graph.get_all_asset_keys()
    }
    assert snapshot == GRAPH
    for key in graph.get_all_asset_keys():
        node = graph.get(key)
        assert node.group_name == GROUPS.get(key.to_user_string(), "warehouse")
        assert node.description
    # everything after ingest is partitioned by fetch day (UTC), today's included
    partitions = {
        key.to_user_string(): str(graph.get(key).partitions_def)
        for key in graph.get_all_asset_keys()
    }
    assert partitions == {
        "raw_pages": "None",
        **{name: DAILY for name in GRAPH if name != "raw_pages"},
    }
    jobs = {
        name: _defs(tmp_path).resolve_job_def(name)
        for name in ("nightly_load", "reparse_warehouse")
    }
    assert {name: str(job.partitions_def) for name, job in jobs.items()} == {
        name: DAILY for name in jobs
    }
    # a partition of reparse_warehouse reparses that day
    config = jobs["reparse_warehouse"].partitioned_config
    assert config is not None
    assert config.get_run_config_for_partition_key("2024-12-20") == {
        "ops": {"staged_pages": {"config": {"reparse": True}}}
    }


def test_checks_and_which_block(tmp_path: Path) -> None:
    graph = _defs(tmp_path).resolve_asset_graph()
    checks = {
        (k.asset_key.to_user_string(), k.name): graph.get_check_spec(k).blocking
        for k in graph.asset_check_keys
    }
    assert checks == {
        ("validated_pages", "article_row_suite"): False,
        ("validated_pages", "article_table_suite"): True,
        ("validated_pages", "related_table_suite"): True,
        ("load_runs", "accounting_reconciles"): False,
        # on the published tables: for analysts, after the publish
        ("articles", "unique_article_id"): False,
        ("authors", "unique_author_id"): False,
        ("articles", "articles_with_date"): False,
        ("articles", "articles_with_authors"): False,
        ("related_news", "related_per_article"): False,
        **{(table, "freshness_check"): False for table in WAREHOUSE_TABLES},
    }


def test_assets_carry_layer_and_domain_tags(tmp_path: Path) -> None:
    graph = _defs(tmp_path).resolve_asset_graph()
    tags = {
        key.to_user_string(): (graph.get(key).tags["layer"], graph.get(key).tags["domain"])
        for key in graph.get_all_asset_keys()
    }
    assert tags == {
        "raw_pages": ("raw", "operations"),
        "staged_pages": ("staging", "news"),
        "validated_pages": ("staging", "news"),
        **{t: ("published", "news") for t in WAREHOUSE_TABLES},
        "rejected_pages": ("published", "operations"),
        "load_runs": ("published", "operations"),
        "search_index": ("search", "news"),
    }


def test_a_missed_night_fails_the_freshness_check(tmp_path: Path) -> None:
    """Loaded at 02:10 Kyiv on the 29th: fresh on the 29th at 05:00, red on the 30th at 05:00."""
    defs = _defs(tmp_path)
    graph = defs.resolve_asset_graph()
    key = dg.AssetCheckKey(dg.AssetKey("articles"), "freshness_check")
    assert graph.get_check_spec(key).description
    loaded = datetime(2026, 3, 29, 2, 10, tzinfo=ZoneInfo("Europe/Kyiv"))
    job = defs.resolve_implicit_global_asset_job_def().get_subset(asset_check_selection={key})
    verdicts = []
    with dg.DagsterInstance.ephemeral() as instance:
        with freeze_time(loaded):
            instance.report_runless_asset_event(dg.AssetMaterialization("articles"))
        for now in (loaded + timedelta(hours=3), loaded + timedelta(days=1, hours=3)):
            with freeze_time(now):
                result = job.execute_in_process(instance=instance, raise_on_error=False)
            [evaluation] = result.get_asset_check_evaluations()
            verdicts.append((evaluation.passed, evaluation.severity))
    assert verdicts == [
        (True, dg.AssetCheckSeverity.ERROR),
        (False, dg.AssetCheckSeverity.ERROR),
    ]


def test_every_writer_is_in_the_warehouse_pool_limited_to_one_run(tmp_path: Path) -> None:
    """A run launched from the UI (no job tag) still queues behind a load: pool, run granularity."""
    defs = _defs(tmp_path)
    job = defs.resolve_job_def("nightly_load")
    pools = {node.name: node.definition.pool for node in job.graph.node_dict.values()}
    # only the checks that read (the published snapshot, or Dagster's own event log) run
    # outside the pool
    readers = {n for n, pool in pools.items() if pool is None}
    assert readers == {"published_table_checks"} | {n for n in pools if "freshness" in n}
    assert set(pools.values()) == {"warehouse", None}
    home = tmp_path / "home"
    home.mkdir()
    (home / "dagster.yaml").write_text((REPO / "ops" / "dagster.yaml").read_text())
    with dg.DagsterInstance.from_config(str(home)) as instance:
        pools = instance.get_concurrency_config().pool_config
        assert pools.pool_granularity.value == "run"
        assert pools.default_pool_limit == 1
        assert type(instance.run_coordinator).__name__ == "QueuedRunCoordinator"


def test_nightly_schedule(tmp_path: Path) -> None:
    defs = _defs(tmp_path)
    schedule = defs.resolve_schedule_def("nightly_load_schedule")
    assert schedule.cron_schedule == "0 2 * * *"
    assert schedule.execution_timezone == "Europe/Kyiv"
    assert schedule.default_status == dg.DefaultScheduleStatus.RUNNING
    assert schedule.job_name == "nightly_load"
    # 02:00 in Kyiv on both sides of the spring clock change (29 March 2026: +02:00 -> +03:00)
    ticks = schedule_execution_time_iterator(
        datetime(2026, 3, 27, 12, tzinfo=UTC).timestamp(),
        schedule.cron_schedule,
        schedule.execution_timezone,
    )
    assert [t.isoformat() for t in islice(ticks, 3)] == [
        "2026-03-28T02:00:00+02:00",
        "2026-03-29T02:00:00+02:00",
        "2026-03-30T02:00:00+03:00",
    ]
    # a tick, evaluated in Dagster's schedule test context, asks for one run of the job
    at = datetime(2026, 3, 30, 2, tzinfo=ZoneInfo("Europe/Kyiv"))
    repository = defs.get_repository_def()
    with dg.build_schedule_context(scheduled_execution_time=at, repository_def=repository) as ctx:
        tick = schedule.evaluate_tick(ctx)
    assert tick.skip_message is None
    [request] = tick.run_requests or []
    assert request.tags["dagster/schedule_name"] == "nightly_load_schedule"
    assert request.tags["newswh/source"] == "schedule"
    # every pending page, recorded under the fetch day (UTC) in progress at 02:00 Kyiv
    assert request.tags["newswh/fetch-days"] == "all"
    assert request.partition_key == "2026-03-29"  # 23:00 UTC
    assert request.run_config == {}


def test_landing_sensor_fires_once_per_change(tmp_path: Path) -> None:
    landing = tmp_path / "landing"
    landing.mkdir()
    (landing / "a.html").write_text("<p>a</p>")
    defs = build_definitions(Settings(landing, tmp_path / "w.duckdb", workers=1, max_bytes=1000))
    sensor = defs.resolve_sensor_def("landing_sensor")
    assert sensor.default_status == dg.DefaultSensorStatus.RUNNING
    resources = {name: defs.resources[name] for name in ("landing", "warehouse")}
    with dg.build_sensor_context(resources=resources) as context:
        first = landing_sensor(context)
        assert isinstance(first, dg.SensorResult) and len(first.run_requests or []) == 1
        assert first.run_requests[0].tags["newswh/source"] == "sensor"
        cursor = first.cursor
    with dg.build_sensor_context(cursor=cursor, resources=resources) as context:
        assert isinstance(landing_sensor(context), dg.SkipReason)
    (landing / "b.html").write_text("<p>b</p>")
    with dg.build_sensor_context(cursor=cursor, resources=resources) as context:
        again = landing_sensor(context)
        assert isinstance(again, dg.SensorResult) and again.cursor != cursor


def test_landing_sensor_launches_nothing_at_start_when_the_warehouse_has_read_everything(
    tmp_path: Path,
) -> None:
    """A new DAGSTER_HOME (no cursor) after `newswh load`: the sensor skips, and keeps the
    landing folder's fingerprint as its cursor; a file landing later still launches a run."""
    landing = tmp_path / "landing"
    shutil.copytree(SEEDS, landing)
    settings = Settings(landing, tmp_path / "w.duckdb", workers=1, max_bytes=10**7)
    assert run_load(settings).success
    defs = build_definitions(settings)
    resources = {name: defs.resources[name] for name in ("landing", "warehouse")}
    with dg.build_sensor_context(resources=resources) as context:
        started = landing_sensor(context)
    assert isinstance(started, dg.SensorResult)
    assert not started.run_requests and started.cursor
    assert started.skip_reason and "already in the warehouse" in str(started.skip_reason)
    (landing / "late.html").write_text("<p>late</p>")
    with dg.build_sensor_context(cursor=started.cursor, resources=resources) as context:
        later = landing_sensor(context)
    assert isinstance(later, dg.SensorResult) and len(later.run_requests or []) == 1


def test_the_job_runs_in_one_process(tmp_path: Path) -> None:
    job = _defs(tmp_path).resolve_job_def("nightly_load")
    assert job.executor_def.name == "in_process"


HOLD_WRITER = """
import sys, duckdb
con = duckdb.connect(sys.argv[1])
print("holding", flush=True)
sys.stdin.readline()
"""


def test_a_failed_load_is_written_to_load_runs(tmp_path: Path) -> None:
    landing = tmp_path / "landing"
    landing.mkdir()
    (landing / "a.html").write_text("<p>a</p>")
    warehouse = tmp_path / "w.duckdb"
    settings = Settings(landing, warehouse, workers=1, max_bytes=1000)
    resource = WarehouseResource(path=str(warehouse), lock_wait_seconds=1)
    with resource.store.writer():  # create the work file
        pass
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_WRITER, str(work_path(warehouse))],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
    defs = build_definitions(settings)
    job = defs.resolve_job_def("nightly_load")
    instance = dg.DagsterInstance.ephemeral()
    result = job.execute_in_process(
        instance=instance,
        raise_on_error=False,
        resources={"warehouse": resource},  # type: ignore[call-arg]
    )
    holder.communicate("\n", timeout=30)
    assert not result.success
    with dg.build_run_status_sensor_context(
        sensor_name="load_failure_sensor",
        dagster_event=result.get_run_failure_event(),
        dagster_instance=instance,
        dagster_run=result.dagster_run,
        resources={"warehouse": resource},
    ) as status:  # the warehouse resource is a context manager (the run's writer lock)
        load_failure_sensor(status.for_run_failure())
    # no load ever succeeded: the failure is in the work file (`newswh status` reads it then)
    with duckdb.connect(str(work_path(warehouse)), read_only=True) as con:
        rows = con.execute("select run_id, status, error from load_runs").fetchall()
    assert [(r[0], r[1]) for r in rows] == [(result.run_id, "failed")]
    assert "locked by another process" in rows[0][2]


def test_runs_say_who_launched_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`newswh load` runs show as the CLI's in the UI's runs list, not as "Manually launched"."""
    home = tmp_path / "home"
    home.mkdir()
    (home / "dagster.yaml").write_text((REPO / "ops" / "dagster.yaml").read_text())
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    landing = tmp_path / "landing"
    landing.mkdir()
    settings = Settings(landing, tmp_path / "w.duckdb", workers=1, max_bytes=1000)
    report = run_load(settings)
    with dg.DagsterInstance.get() as instance:
        run = instance.get_run_by_id(report.run_id)
    assert run is not None
    assert {k: v for k, v in run.tags.items() if k.startswith("newswh/")} == {
        "newswh/source": "cli",
        "newswh/writes": "warehouse",
        "newswh/fetch-days": "all",  # every pending page, recorded under the latest day
    }
    # a launch from the UI keeps the job's own source tag
    assert _defs(tmp_path).resolve_job_def("nightly_load").tags["newswh/source"] == "ui"


def test_maintenance_schedule_and_job_on_the_embedded_file(tmp_path: Path) -> None:
    defs = _defs(tmp_path)
    schedule = defs.resolve_schedule_def("maintenance_schedule")
    assert (schedule.cron_schedule, schedule.execution_timezone) == ("0 5 * * *", "Europe/Kyiv")
    assert schedule.default_status == dg.DefaultScheduleStatus.RUNNING
    assert schedule.job_name == "maintenance"
    # On the embedded file the job does nothing (each load writes a fresh snapshot copy).
    result = defs.resolve_job_def("maintenance").execute_in_process()
    assert result.success
    assert not (tmp_path / "w.duckdb").exists()  # nothing was opened or created
