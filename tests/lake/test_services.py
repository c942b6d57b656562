"""The service fixtures stop everything they started, also when the test inside them fails."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from tests.services import dask_cluster, postgres


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _listening(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def test_postgres_stops_and_its_data_dir_goes_even_when_the_test_fails() -> None:
    with pytest.raises(RuntimeError, match="test failed"), postgres() as server:
        port, home = server.port, server.home
        assert _listening(port) and (home / "pgdata" / "PG_VERSION").exists()
        raise RuntimeError("test failed")
    assert not _listening(port)
    assert not home.exists()


def test_dask_processes_stop_even_when_the_test_fails(tmp_path: Path) -> None:
    with (
        pytest.raises(RuntimeError, match="test failed"),
        dask_cluster(1, log_dir=tmp_path) as cluster,
    ):
        pids = [p.pid for p in [*cluster.processes, *cluster.workers.values()]]
        assert len(pids) == 2 and all(_alive(pid) for pid in pids)
        raise RuntimeError("test failed")
    procs = [*cluster.processes, *cluster.workers.values()]
    assert all(p.returncode is not None for p in procs)
    assert not any(_alive(pid) for pid in pids)
