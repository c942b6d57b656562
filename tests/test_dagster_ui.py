"""`dagster dev` for real: the UI loads the code location and runs nightly_load over GraphQL."""

import json
import os
import re
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

from pipelines.defs import EVERY_DAY, WAREHOUSE_TABLES, latest_fetch_day
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
# as the schedule launches it: every pending page, recorded under the latest fetch day
LAUNCH = """
mutation($selector: JobOrPipelineSelector!, $tags: [ExecutionTag!]) {
  launchRun(executionParams: {
    selector: $selector, runConfigData: "{}", executionMetadata: {tags: $tags}
  }) {
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
TAGS = "query($id: ID!) { runOrError(runId: $id) { ... on Run { tags { key value } } } }"


def test_ui_loads_the_code_location_and_runs_nightly_load(dagster_dev: tuple[int, Path]) -> None:
    port, warehouse = dagster_dev
    [repo] = _wait(
        lambda: graphql(port, REPOS)["repositoriesOrError"]["nodes"], 60, "the code location"
    )
    assets = {"/".join(n["assetKey"]["path"]) for n in repo["assetNodes"]}
    assert {"raw_pages", "staged_pages", "validated_pages", "articles", "search_index"} <= assets
    assert "nightly_load" in {j["name"] for j in repo["jobs"]}
    assert {s["name"]: s["scheduleState"]["status"] for s in repo["schedules"]} == {
        "nightly_load_schedule": "RUNNING",
        "maintenance_schedule": "RUNNING",
    }
    assert {s["name"]: s["sensorState"]["status"] for s in repo["sensors"]} == {
        "landing_sensor": "RUNNING",
        "load_failure_sensor": "RUNNING",
        "freshness_sensor": "RUNNING",
    }

    selector = {
        "repositoryLocationName": repo["location"]["name"],
        "repositoryName": repo["name"],
        "jobName": "nightly_load",
    }
    tags = {"dagster/partition": latest_fetch_day(), **EVERY_DAY}
    every_day = [{"key": k, "value": v} for k, v in tags.items()]
    launched = graphql(port, LAUNCH, {"selector": selector, "tags": every_day})["launchRun"]
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
    tags = graphql(port, TAGS, {"id": run_id})["runOrError"]["tags"]
    newswh = {t["key"]: t["value"] for t in tags if t["key"].startswith("newswh/")}
    assert newswh == {  # no count tags
        "newswh/source": "ui",
        "newswh/writes": "warehouse",
        "newswh/fetch-days": "all",
    }
    # the landing sensor may have queued a run of its own: let it finish before reading the file
    _wait(lambda: not graphql(port, ACTIVE)["runsOrError"]["results"], 300, "other runs to finish")
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("select count(*) from articles").fetchone() == (10,)


# --- a real browser ---------------------------------------------------------------------------
# Debian's Chromium (`.ci/run` installs it where missing) driven by Playwright's Python client;
# no browser download. Without /usr/bin/chromium the test skips, unless NEWSWH_REQUIRE_BROWSER
# is set (CI sets it), where a missing browser is a failure.
CHROMIUM = Path(os.environ.get("NEWSWH_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",  # CI runs as root
    "--disable-gpu",
    "--no-first-run",
    "--disable-quic",
    # the machine has no network: no update checks, sync or component downloads
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
EVERY_ASSET = ["raw_pages", "staged_pages", "validated_pages", *WAREHOUSE_TABLES, "search_index"]


@pytest.mark.skipif(
    not CHROMIUM.exists() and not os.environ.get("NEWSWH_REQUIRE_BROWSER"),
    reason=f"no Chromium at {CHROMIUM} (apt-get install chromium; .ci/run does)",
)
def _open_then_click(
    opener: Any, target: Any, close: Any = None, attempts: int = 3, timeout: float = 15_000
) -> None:
    """Click `opener`, then `target` in what it opened; again when `target` does not come
    (Dagster's community dialog can show at that moment and close what was opened), after
    `close()` if given; the last attempt's timeout is raised."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for attempt in range(attempts):
        opener.click()
        try:
            target.click(timeout=timeout)
            return
        except PlaywrightTimeout:
            if attempt == attempts - 1:
                raise
            if close is not None:
                close()


def test_browser_sees_the_graph_launches_a_materialization_and_reads_the_checks(
    dagster_dev: tuple[int, Path], tmp_path: Path
) -> None:
    from playwright.sync_api import expect, sync_playwright

    port, warehouse = dagster_dev
    ui = f"http://127.0.0.1:{port}"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1600, "height": 1000})
            page.set_default_timeout(60_000)  # actions; expect() has its own, 5 s by default
            expect.set_options(timeout=60_000)  # a loaded machine renders slowly
            # a fresh DAGSTER_HOME greets with a community dialog; dismiss it whenever it shows
            skip = page.get_by_role("button", name="Skip")
            # (dispatched to the button itself: the launch dialog's overlay may lie on top of it)
            page.add_locator_handler(skip, lambda: skip.dispatch_event("click"))

            # the asset graph, every group expanded: every asset is on it
            page.goto(f"{ui}/asset-groups")
            expect(page.get_by_role("button", name="Materialize all")).to_be_visible()
            # the dialog may open while the menu is open and close it: open the menu again
            expand = page.get_by_role("menuitem", name=re.compile("Expand all groups"))
            _open_then_click(page.get_by_role("button", name="settings", exact=True), expand)
            page.keyboard.press("Escape")
            assert len(EVERY_ASSET) == 11
            for name in EVERY_ASSET:
                expect(page.get_by_text(name, exact=True)).to_be_visible()
            page.screenshot(path=tmp_path / "asset-graph.png")

            # launch a materialization of everything for the latest fetch day (the dialog asks
            # which days: none are chosen until you do) and watch the run succeed
            # (the community dialog may show at the same moment, and skipping it can close the
            # launch dialog too: open it again)
            latest = page.get_by_role("button", name="Latest", exact=True)
            _open_then_click(
                page.get_by_role("button", name="Materialize all"),
                latest,
                close=lambda: page.keyboard.press("Escape"),
            )
            page.get_by_role("button", name="Launch 1 run").click()
            run_link = page.locator("a[href^='/runs/']").first
            expect(run_link).to_be_visible()
            run_path = run_link.get_attribute("href")
            assert run_path
            page.goto(f"{ui}{run_path}")
            expect(page.get_by_text("Success", exact=True).first).to_be_visible(timeout=300_000)
            page.screenshot(path=tmp_path / "run.png")

            # the warehouse group: kinds, checks, the latest event and the fetch-day partitions
            page.goto(f"{ui}/locations/pipelines.definitions/asset-groups/warehouse")
            expect(page.get_by_text("Latest event").first).to_be_visible()
            expect(page.get_by_text(re.compile(r"^[\d,]+ partitions$")).first).to_be_visible()
            expect(page.get_by_text("Loading...")).to_have_count(0)
            page.screenshot(path=tmp_path / "warehouse-group.png")

            # an asset's own page: its metadata (row count, column schema, newest articles)
            page.goto(f"{ui}/assets/articles")
            expect(page.get_by_text("newest_articles", exact=True).first).to_be_visible()
            page.screenshot(path=tmp_path / "articles.png", full_page=True)

            # a check result: passed, with its metadata and its Data Docs, which open in the
            # UI itself (a Markdown page: expectations, verdicts, unexpected values), so they
            # read the same from any machine and without network
            page.goto(f"{ui}/assets/validated_pages?view=checks")
            page.get_by_text("article_row_suite", exact=True).first.click()
            expect(page.get_by_text("Passed", exact=True).first).to_be_visible()
            for key in ("failing_rows", "failed_expectations", "sample_failing_rows", "data_docs"):
                expect(page.get_by_text(key, exact=True).first).to_be_visible()
            page.screenshot(path=tmp_path / "check.png")
            docs_row = page.locator("tr", has=page.get_by_text("data_docs", exact=True))
            docs_row.get_by_text("[Show Markdown]").first.click()
            docs = page.get_by_role("dialog")
            expect(docs.get_by_text("article_row_suite: passed")).to_be_visible()
            expect(
                docs.get_by_text("expect_column_values_to_be_in_set(language)", exact=True)
            ).to_be_visible()
            expect(docs.get_by_text(re.compile(r"7 expectations, 0 failed"))).to_be_visible()
            page.screenshot(path=tmp_path / "data-docs.png")
            docs.get_by_role("button", name="Close").click()

            # the published tables' checks: freshness (red after a missed night) and what an
            # analyst relies on, each run by the load
            page.goto(f"{ui}/assets/articles?view=checks")
            for check in ("freshness_check", "unique_article_id", "articles_with_date"):
                expect(page.get_by_text(check, exact=True).first).to_be_visible()
            page.get_by_text("freshness_check", exact=True).first.click()
            expect(page.get_by_text("Passed", exact=True).first).to_be_visible()
            expect(page.get_by_text(re.compile("Asset is currently fresh"))).to_be_visible()
            expect(page.get_by_text("dagster/last_updated_timestamp").first).to_be_visible()
            page.screenshot(path=tmp_path / "freshness.png")
        finally:
            browser.close()
    # GX's own pages stay on the server too, a site per run sharing one copy of its styling
    sites = list((warehouse.parent / "data_docs").glob("*/index.html"))
    assert sites and all((site.parent / "static").is_symlink() for site in sites)
    shots = ("asset-graph", "run", "warehouse-group", "articles", "check", "data-docs", "freshness")
    for shot in shots:
        assert (tmp_path / f"{shot}.png").stat().st_size > 10_000
