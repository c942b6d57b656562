"""Fault tests: real `newswh` and `dagster` processes on real files, killed and raced.

Each test works on a small synthetic landing folder (200 pages) and its own warehouse.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import duckdb
import pytest

from pipelines.synth import generate
from pipelines.warehouse import PublicationCounts, Warehouse
from tests.conftest import load

BIN = Path(sys.executable).parent
NEWSWH = str(BIN / "newswh")
DAGSTER = str(BIN / "dagster")
PAGES = 200


def env(landing: Path | None = None, warehouse: Path | None = None) -> dict[str, str]:
    """A child's environment: one parse worker, no DAGSTER_HOME, no telemetry."""
    out = {**os.environ, "NEWSWH_WORKERS": "1", "DAGSTER_DISABLE_TELEMETRY": "1"}
    out.pop("DAGSTER_HOME", None)
    if landing is not None:
        out["NEWSWH_SOURCE"] = str(landing)
    if warehouse is not None:
        out["NEWSWH_WAREHOUSE"] = str(warehouse)
    return out


def start(
    *args: str, landing: Path | None = None, warehouse: Path | None = None
) -> subprocess.Popen[str]:
    return subprocess.Popen(
        list(args),
        env=env(landing, warehouse),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def newswh(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [NEWSWH, *args], env=env(), capture_output=True, text=True, timeout=timeout, check=False
    )


def snapshot(path: Path) -> PublicationCounts:
    """What readers of the warehouse see: the ledger counts of its snapshot (which mode
    published last left out, so a reparse that changes nothing compares equal)."""
    with Warehouse(path).reader() as wh:
        return replace(wh.publication_counts(), last_mode=None)


def load_runs(path: Path) -> list[tuple[str, str | None, str | None, bool, bool]]:
    """(status, mode, error, has started_at, has finished_at) of every load, oldest first."""
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(
            "select status, mode, error, started_at is not null, finished_at is not null "
            "from load_runs order by finished_at"
        ).fetchall()


@pytest.fixture(scope="session")
def landing(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("faults-landing") / "landing"
    generate(PAGES, folder, seed=11)
    return folder


@pytest.fixture(scope="session")
def loaded(landing: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse with the landing folder loaded once (copy its folder before writing)."""
    warehouse = tmp_path_factory.mktemp("faults-loaded") / "news.duckdb"
    assert load(landing, warehouse).success
    return warehouse


@pytest.fixture
def warehouse(loaded: Path, tmp_path: Path) -> Path:
    """A private copy of the loaded warehouse (snapshot, work file, raw store)."""
    target = tmp_path / "wh"
    shutil.copytree(loaded.parent, target, ignore=shutil.ignore_patterns("*.lock", "data_docs"))
    return target / loaded.name
