"""One writer at a time, whatever the entry point: a second `newswh load` exits at once
naming the holder or waits; `dagster job execute` beside `newswh load` queues behind it."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

from pipelines.defs import EVERY_DAY, latest_fetch_day
from tests.faults.conftest import DAGSTER, NEWSWH, load_runs, newswh, snapshot, start

HOLDER = re.compile(
    r"^newswh: error: the warehouse .+ is being written by pid (\d+) \((.+)\) since "
    r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ; try again when it is done, or pass --wait SECONDS$"
)


def _wait_for_lock(warehouse: Path) -> None:
    lock = warehouse.with_name(warehouse.name + ".lock")
    deadline = time.monotonic() + 60
    while not (lock.exists() and lock.read_text()) and time.monotonic() < deadline:
        time.sleep(0.1)


def test_a_second_load_exits_at_once_naming_the_holder_or_waits(
    landing: Path, tmp_path: Path
) -> None:
    warehouse = tmp_path / "news.duckdb"
    first = start(NEWSWH, "load", "--source", str(landing), "--warehouse", str(warehouse))
    _wait_for_lock(warehouse)
    begun = time.monotonic()
    refused = newswh("load", "--source", str(landing), "--warehouse", str(warehouse))
    assert time.monotonic() - begun < 15  # at once, not after the first load
    assert refused.returncode == 1
    lines = refused.stderr.strip().splitlines()
    assert len(lines) == 1, refused.stderr
    holder = HOLDER.match(lines[0])
    assert holder is not None, lines[0]
    assert int(holder.group(1)) == first.pid
    assert holder.group(2).startswith("newswh load --source")
    waiting = newswh(
        "load", "--wait", "300", "--source", str(landing), "--warehouse", str(warehouse)
    )
    _, err = first.communicate(timeout=300)
    assert first.returncode == 0, err
    assert waiting.returncode == 0, waiting.stderr
    assert "0 new" in waiting.stdout  # it ran after the first, not beside it
    assert [row[0] for row in load_runs(warehouse)] == ["succeeded", "succeeded"]
    assert snapshot(warehouse).holds()


def test_dagster_job_execute_beside_newswh_load_queues_behind_it(
    landing: Path, tmp_path: Path
) -> None:
    warehouse = tmp_path / "news.duckdb"
    cli = start(NEWSWH, "load", "--source", str(landing), "--warehouse", str(warehouse))
    _wait_for_lock(warehouse)
    job = start(
        DAGSTER,
        "job",
        "execute",
        "-m",
        "pipelines.definitions",
        "-j",
        "nightly_load",
        "--tags",  # as the schedule runs it: every pending page, under the latest fetch day
        json.dumps({"dagster/partition": latest_fetch_day(), **EVERY_DAY}),
        landing=landing,
        warehouse=warehouse,
    )
    _, cli_err = cli.communicate(timeout=300)
    _, job_err = job.communicate(timeout=300)
    assert cli.returncode == 0, cli_err
    assert job.returncode == 0, job_err[-2000:]
    runs = load_runs(warehouse)
    assert [row[0] for row in runs] == ["succeeded", "succeeded"]
    assert snapshot(warehouse).holds()
