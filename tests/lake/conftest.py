"""Fixtures of the lake tests: a PostgreSQL server per session, a fresh lake per test."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipelines.warehouse.lake.catalog import LakeTarget
from tests.services import DaskCluster, Postgres, dask_cluster, postgres

_lakes = itertools.count()


@pytest.fixture(scope="session", autouse=True)
def _state_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The lakes' state (spill files, remote locks) in a folder of the run, not the user's."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NEWSWH_STATE_DIR", str(tmp_path_factory.mktemp("state")))
        yield


@pytest.fixture(scope="session")
def pg_server() -> Iterator[Postgres]:
    with postgres() as server:
        yield server


@pytest.fixture
def lake(pg_server: Postgres, tmp_path: Path) -> LakeTarget:
    """An empty lake: its own catalog database on the session's server, its own data folder."""
    name = f"lake{next(_lakes)}"
    pg_server.create_database(name)
    return LakeTarget(catalog=pg_server.lake_url(name), data_path=str(tmp_path / "lake_data") + "/")


@pytest.fixture(scope="module")
def dask(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DaskCluster]:
    """A scheduler and two workers for the tests of one module."""
    with dask_cluster(2, log_dir=tmp_path_factory.mktemp("dask")) as cluster:
        yield cluster
