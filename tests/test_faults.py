"""Faults: a load killed with SIGKILL at several moments, and an analyst holding the file open."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from pipelines.synth import generate
from tests.conftest import load

NEWSWH = str(Path(sys.executable).with_name("newswh"))
TABLES = [
    "articles",
    "article_versions",
    "authors",
    "article_authors",
    "related_news",
    "rejected_pages",
    "raw_pages",
    "search_docs",
]


def _counts(path: Path) -> dict[str, int]:
    with duckdb.connect(str(path), read_only=True) as con:
        return {t: con.execute(f"select count(*) from {t}").fetchone()[0] for t in TABLES}


def _consistent(path: Path) -> None:
    """What a reader sees is whole: every published page is accounted for, no staging."""
    with duckdb.connect(str(path), read_only=True) as con:
        staging = "select count(*) from duckdb_schemas() where schema_name = 'staging'"
        assert con.execute(staging).fetchone() == (0,)
        orphans = con.execute(
            "select count(*) from articles where page_id not in (select page_id from article_versions)"
        ).fetchone()
        assert orphans == (0,)
        loads = con.execute("select count(*) from load_runs where finished_at is null").fetchone()
        assert loads == (0,)


@pytest.fixture(scope="module")
def landing(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("faults") / "landing"
    generate(300, folder, seed=7)
    return folder


@pytest.fixture(scope="module")
def reference(landing: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, int]:
    warehouse = tmp_path_factory.mktemp("reference") / "news.duckdb"
    assert load(landing, warehouse).success
    return _counts(warehouse)


def _start_load(landing: Path, warehouse: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "NEWSWH_WORKERS": "1"}
    env.pop("DAGSTER_HOME", None)
    return subprocess.Popen(
        [NEWSWH, "load", "--source", str(landing), "--warehouse", str(warehouse)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


@pytest.mark.parametrize("after", [1.0, 2.5, 4.0, 5.5, 7.0])
def test_kill_9_mid_load_then_reload_gives_the_same_counts(
    landing: Path, reference: dict[str, int], tmp_path: Path, after: float
) -> None:
    warehouse = tmp_path / "news.duckdb"
    proc = _start_load(landing, warehouse)
    time.sleep(after)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    if warehouse.exists():  # whatever was published before the kill is whole
        _consistent(warehouse)
    report = load(landing, warehouse)
    assert report.success, report.error
    _consistent(warehouse)
    assert _counts(warehouse) == reference


HOLDER = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
print(con.execute("select count(*) from articles").fetchone()[0], flush=True)
sys.stdin.readline()  # hold the file open until told to look again
print(con.execute("select count(*) from articles").fetchone()[0], flush=True)
"""


def test_an_analyst_holding_the_warehouse_open_does_not_stop_a_load(
    landing: Path, reference: dict[str, int], tmp_path: Path
) -> None:
    warehouse = tmp_path / "news.duckdb"
    seed_landing = tmp_path / "first"
    seed_landing.mkdir()
    first = sorted(landing.glob("page_*.html"))[:5]
    for page in first:
        (seed_landing / page.name).write_bytes(page.read_bytes())
    assert load(seed_landing, warehouse).success
    before = _counts(warehouse)["articles"]

    reader = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(warehouse)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert int(reader.stdout.readline()) == before
    report = load(landing, warehouse)  # the reader still holds its connection
    assert report.success, report.error
    reader.stdin.write("\n")
    reader.stdin.flush()
    assert int(reader.stdout.readline()) == before  # its snapshot did not change under it
    reader.wait(timeout=30)
    assert _counts(warehouse) == reference  # a new connection sees the new load
