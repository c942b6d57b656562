"""Real services for the lake tests, on loopback: PostgreSQL 15 and a Dask cluster.

Each starts in its own process group and is stopped (the whole group) when its context
ends, also when the test fails. Where PostgreSQL is not installed the tests skip, unless
NEWSWH_REQUIRE_SERVICES=1 (CI), where they fail.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

PG_BIN = Path("/usr/lib/postgresql/15/bin")
PG_USER = "postgres"
DASK = Path(sys.executable).with_name("dask")
START_TIMEOUT = 60.0


def require_services() -> bool:
    return os.environ.get("NEWSWH_REQUIRE_SERVICES") == "1"


def skip_or_fail(reason: str) -> None:
    if require_services():
        pytest.fail(f"{reason} (NEWSWH_REQUIRE_SERVICES=1)")
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass(frozen=True)
class Postgres:
    port: int
    home: Path  # the temp folder of its data dir, removed when it stops
    dbname: str = "newswh"
    user: str = PG_USER

    def lake_url(self, dbname: str | None = None) -> str:
        """The DuckLake catalog URL of database `dbname` (default: the server's first one)."""
        return f"ducklake:postgres:dbname={dbname or self.dbname} host=127.0.0.1 port={self.port} user={self.user}"

    def create_database(self, name: str) -> None:
        _as_postgres(
            [
                str(PG_BIN / "createdb"),
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-U",
                self.user,
                name,
            ]
        )


def _as_postgres(argv: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    """PostgreSQL refuses to run as root: as root, run it as the postgres user."""
    return subprocess.run(_pg_argv(argv), check=True, capture_output=True, text=True, **kwargs)  # type: ignore[call-overload]


def init_cluster(data: Path) -> None:
    """A new data dir: UTF8, the postgres superuser, trust from 127.0.0.1 and nothing else."""
    _as_postgres(
        [
            str(PG_BIN / "initdb"),
            "-D",
            str(data),
            "-U",
            PG_USER,
            "--auth=reject",
            "-E",
            "UTF8",
            "--no-sync",
        ]
    )
    (data / "pg_hba.conf").write_text("host all all 127.0.0.1/32 trust\n")


@contextmanager
def running_cluster(data: Path, log: Path, stop: str = "fast") -> Iterator[int]:
    """The server of `data` on a free loopback port (no Unix socket, no fsync), yielding the
    port; stopped at the end with pg_ctl's `stop` mode."""
    port = free_port()
    options = f"-c listen_addresses=127.0.0.1 -p {port} -c unix_socket_directories='' -c fsync=off"
    try:
        _as_postgres(
            [
                str(PG_BIN / "pg_ctl"),
                "-D",
                str(data),
                "-l",
                str(log),
                "-o",
                options,
                "-w",
                "-t",
                "60",
                "start",
            ]
        )
        yield port
    finally:
        subprocess.run(
            _pg_argv([str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", stop, "-w", "stop"]),
            capture_output=True,
        )


@contextmanager
def postgres() -> Iterator[Postgres]:
    """PostgreSQL 15 in a temp data dir on a free loopback port, trust auth from 127.0.0.1 only.

    The data dir is a fresh folder of its own in the system temp dir: pytest's temp folders
    are private to the user running the tests, and the server runs as `postgres`.
    """
    if not (PG_BIN / "initdb").exists():
        skip_or_fail(f"PostgreSQL 15 is not installed ({PG_BIN})")
    base = Path(tempfile.mkdtemp(prefix="newswh-pg-"))
    data = base / "pgdata"
    if os.geteuid() == 0:
        shutil.chown(base, user=PG_USER)
    try:
        init_cluster(data)
        with running_cluster(data, base / "postgres.log", stop="immediate") as port:
            server = Postgres(port=port, home=base)
            server.create_database(server.dbname)
            yield server
    finally:
        shutil.rmtree(base, ignore_errors=True)


def _pg_argv(argv: list[str]) -> list[str]:
    return ["runuser", "-u", PG_USER, "--", *argv] if os.geteuid() == 0 else argv


@dataclass
class DaskCluster:
    scheduler: str
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    workers: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)  # by worker name

    def busy_worker(self) -> str | None:
        """The name of a worker running a task right now, if any."""
        from distributed import Client

        with Client(self.scheduler, timeout=30) as client:
            processing = client.processing()
            names = {
                a: w["name"] for a, w in client.scheduler_info(n_workers=-1)["workers"].items()
            }
        return next((str(names[a]) for a, keys in processing.items() if keys and a in names), None)


@contextmanager
def dask_cluster(workers: int = 2, *, log_dir: Path) -> Iterator[DaskCluster]:
    """A `dask scheduler` and `workers` single-threaded `dask worker`s, separate processes, loopback."""
    port = free_port()
    cluster = DaskCluster(scheduler=f"tcp://127.0.0.1:{port}")
    log_dir.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "DASK_DISTRIBUTED__WORKER__DAEMON": "False"}
    try:
        cluster.processes.append(
            _spawn(
                [
                    str(DASK),
                    "scheduler",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(port),
                    "--no-dashboard",
                ],
                log_dir / "scheduler.log",
                env,
            )
        )
        for n in range(workers):
            # No nanny: the worker is the process a test kills, and nothing restarts it.
            cluster.workers[f"w{n}"] = _spawn(
                [
                    str(DASK),
                    "worker",
                    cluster.scheduler,
                    "--host",
                    "127.0.0.1",
                    "--nthreads",
                    "1",
                    "--no-nanny",
                    "--no-dashboard",
                    "--name",
                    f"w{n}",
                    "--local-directory",
                    str(log_dir / f"w{n}"),
                ],
                log_dir / f"worker{n}.log",
                env,
            )
        _wait_for_workers(cluster, workers)
        yield cluster
    finally:
        for proc in [*cluster.workers.values(), *cluster.processes]:
            _stop(proc)


def _spawn(argv: list[str], log: Path, env: dict[str, str]) -> subprocess.Popen[bytes]:
    with log.open("ab") as fh:
        return subprocess.Popen(
            argv, stdout=fh, stderr=subprocess.STDOUT, env=env, start_new_session=True
        )


def _wait_for_workers(cluster: DaskCluster, n: int) -> None:
    from distributed import Client

    deadline = time.monotonic() + START_TIMEOUT
    while True:
        try:
            with Client(cluster.scheduler, timeout=5) as client:
                if n:  # a cluster of no workers: the scheduler answering is enough
                    client.wait_for_workers(n, timeout=max(1.0, deadline - time.monotonic()))
                return
        except (OSError, TimeoutError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    except ProcessLookupError:
        pass
