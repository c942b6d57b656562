"""Fault tests: real `newswh` and `dagster` processes on real files, killed and raced.

Each test works on a small synthetic landing folder (200 pages) and its own warehouse.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from pipelines.synth import generate
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


@dataclass(frozen=True)
class Snapshot:
    articles: int
    versions: int
    raw_pages: int
    accounted: int
    in_both: int

    def holds(self) -> bool:
        """Every raw page behind one version or one reject, never both."""
        return self.in_both == 0 and self.accounted == self.raw_pages

    def keeps(self, other: Snapshot) -> bool:
        """Nothing `other` had is lost."""
        return (self.articles, self.versions, self.accounted) >= (
            other.articles,
            other.versions,
            other.accounted,
        )


def snapshot(path: Path) -> Snapshot:
    with duckdb.connect(str(path), read_only=True) as con:
        row = con.execute(
            """
            select (select count(*) from articles), (select count(*) from article_versions),
                   (select count(*) from raw_pages),
                   (select count(*) from (select page_id from article_versions
                                          union select page_id from rejected_pages)),
                   (select count(*) from (select page_id from article_versions
                                          intersect select page_id from rejected_pages))
            """
        ).fetchone()
    assert row is not None
    return Snapshot(*(int(x) for x in row))


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
