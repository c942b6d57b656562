"""Shared fixtures: the repo's seeds, a warehouse loaded from them once per session."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipelines.runner import LoadReport, run_load
from pipelines.settings import Settings

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
SEED_PAGE = SEEDS / "000_9a9297568ba89d2f.txt"


@pytest.fixture(autouse=True, scope="session")
def _ephemeral_dagster() -> Iterator[None]:
    """Tests never touch a developer's DAGSTER_HOME or send telemetry."""
    saved = os.environ.pop("DAGSTER_HOME", None)
    os.environ["DAGSTER_DISABLE_TELEMETRY"] = "1"
    yield
    if saved is not None:
        os.environ["DAGSTER_HOME"] = saved


def load(source: Path, warehouse: Path) -> LoadReport:
    settings = Settings(source=source, warehouse=warehouse, workers=1, max_bytes=20 * 1024 * 1024)
    return run_load(settings)


@pytest.fixture(scope="session")
def seed_load(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, LoadReport, LoadReport]:
    """seeds/ copied and loaded twice into one warehouse: (warehouse path, first, second report)."""
    base = tmp_path_factory.mktemp("seedload")
    source = base / "landing"
    shutil.copytree(SEEDS, source)
    warehouse = base / "news.duckdb"
    first = load(source, warehouse)
    second = load(source, warehouse)
    return warehouse, first, second
