"""`dagster dev` for real: the UI loads the code location and runs nightly_load over GraphQL."""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest

from tests.conftest import REPO, SEEDS

DAGSTER = str(Path(sys.executable).with_name("dagster"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def graphql(port: int, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    body = json.dumps({"query": query, "variables": variables or {}}).encode()
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/graphql", data=body, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        payload = json.loads(response.read())
    assert "errors" not in payload, payload
    return payload["data"]


def _wait(predicate: Any, timeout: float, what: str) -> Any:
    deadline = time.monotonic() + timeout
    last: Any = None
    while time.monotonic() < deadline:
        try:
            last = predicate()
            if last:
                return last
        except OSError as exc:
            last = exc
        time.sleep(1)
    raise AssertionError(f"timed out waiting for {what}: {last}")


@pytest.fixture(scope="module")
def dagster_dev(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, Path]]:
    base = tmp_path_factory.mktemp("dagster_dev")
    home = base / "home"
    home.mkdir()
    shutil.copy(REPO / "ops" / "dagster.yaml", home / "dagster.yaml")
    landing = base / "landing"
    shutil.copytree(SEEDS, landing)
    warehouse = base / "news.duckdb"
    port = _free_port()
    env = {
        **os.environ,
        "DAGSTER_HOME": str(home),
        "NEWSWH_SOURCE": str(landing),
        "NEWSWH_WAREHOUSE": str(warehouse),
        "NEWSWH_WORKERS": "1",
    }
    log = (base / "dagster.log").open("w")
    proc = subprocess.Popen(
        [DAGSTER, "dev", "-h", "127.0.0.1", "-p", str(port), "-m", "pipelines.definitions"],
        cwd=REPO,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        _wait(lambda: graphql(port, "{ version }"), 120, "the webserver")
        yield port, warehouse
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)
        log.close()


REPOS = (
    "{ repositoriesOrError { ... on RepositoryConnection { nodes { name location { name } "
    "assetNodes { assetKey { path } } jobs { name } schedules { name scheduleState { status } } "
    "sensors { name sensorState { status } } } } } }"
)
LAUNCH = """
mutation($selector: JobOrPipelineSelector!) {
  launchRun(executionParams: {selector: $selector, runConfigData: "{}"}) {
    __typename
    ... on LaunchRunSuccess { run { runId } }
    ... on PythonError { message }
    ... on InvalidSubsetError { message }
    ... on RunConfigValidationInvalid { errors { message } }
  }
}
"""
ACTIVE = (
    "{ runsOrError(filter: {statuses: [QUEUED, NOT_STARTED, STARTING, STARTED]}) "
    "{ ... on Runs { results { runId } } } }"
)
STATUS = "query($id: ID!) { runOrError(runId: $id) { ... on Run { status } } }"


def test_ui_loads_the_code_location_and_runs_nightly_load(dagster_dev: tuple[int, Path]) -> None:
    port, warehouse = dagster_dev
    [repo] = _wait(
        lambda: graphql(port, REPOS)["repositoriesOrError"]["nodes"], 60, "the code location"
    )
    assets = {"/".join(n["assetKey"]["path"]) for n in repo["assetNodes"]}
    assert {"raw_pages", "staged_pages", "validated_pages", "articles", "search_index"} <= assets
    assert "nightly_load" in {j["name"] for j in repo["jobs"]}
    assert {s["name"]: s["scheduleState"]["status"] for s in repo["schedules"]} == {
        "nightly_load_schedule": "RUNNING"
    }
    assert {s["name"]: s["sensorState"]["status"] for s in repo["sensors"]} == {
        "landing_sensor": "RUNNING",
        "load_failure_sensor": "RUNNING",
    }

    selector = {
        "repositoryLocationName": repo["location"]["name"],
        "repositoryName": repo["name"],
        "jobName": "nightly_load",
    }
    launched = graphql(port, LAUNCH, {"selector": selector})["launchRun"]
    assert launched["__typename"] == "LaunchRunSuccess", launched
    run_id = launched["run"]["runId"]
    status = _wait(
        lambda: (
            (s := graphql(port, STATUS, {"id": run_id})["runOrError"]["status"])
            in ("SUCCESS", "FAILURE", "CANCELED")
            and s
        ),
        300,
        "the run to finish",
    )
    assert status == "SUCCESS"
    # the landing sensor may have queued a run of its own: let it finish before reading the file
    _wait(lambda: not graphql(port, ACTIVE)["runsOrError"]["results"], 300, "other runs to finish")
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("select count(*) from articles").fetchone() == (10,)
