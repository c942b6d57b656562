"""The lake beside the embedded file, in one table (`make bench-scale`).

1. `newswh load` of N synthetic pages (default 100k, `--pages` to run smaller): the embedded
   DuckDB file (local process pool), and the DuckLake on a PostgreSQL catalog with the parse
   on a Dask cluster of 1 and of 2 workers. Wall time, pages/s, and the peak RSS of every
   process: the load (with its pool), each Dask worker, the scheduler, PostgreSQL (all its
   backends together).
2. The nightly increment: 1k new pages loaded onto the warehouse of N articles, then (after
   2N more pages) onto the warehouse of 3N, on both backends (the lake with 2 workers).

Services are started here as the tests start them (loopback, temp folders, stopped at the end).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.services import DaskCluster, Postgres, dask_cluster, postgres  # noqa: E402

BIN = Path(sys.executable).parent
INCREMENT = 1000


def _rss_by_pid() -> tuple[dict[int, int], dict[int, list[int]]]:
    rss: dict[int, int] = {}
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(entry.name)
        rss[pid] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        children.setdefault(int(fields[1]), []).append(pid)
    return rss, children


def _tree(pid: int, rss: dict[int, int], children: dict[int, list[int]]) -> int:
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        total += rss.get(current, 0)
        stack.extend(children.get(current, []))
    return total


def _postmaster(pg: Postgres) -> int | None:
    found = list(pg.home.glob("pgdata/postmaster.pid"))
    if not found:
        return None
    try:
        return int(found[0].read_text().split()[0])
    except (OSError, IndexError, ValueError):
        return None


@dataclass
class Measured:
    seconds: float
    peaks: dict[str, int]  # process -> peak RSS bytes (a tree's sum for the load and PostgreSQL)


def load(env: dict[str, str], watch: dict[str, int]) -> Measured:
    """`newswh load` with `env`; the peak RSS of it and of each watched process tree."""
    started = time.perf_counter()
    cmd = [str(BIN / "newswh"), "load", "--no-progress"]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peaks = dict.fromkeys(["load", *watch], 0)
    while proc.poll() is None:
        rss, children = _rss_by_pid()
        for name, pid in [("load", proc.pid), *watch.items()]:
            peaks[name] = max(peaks[name], _tree(pid, rss, children))
        time.sleep(0.2)
    out, err = proc.communicate()
    if proc.returncode != 0:
        raise SystemExit(f"load failed: {(out + err).strip().splitlines()[-3:]}")
    return Measured(time.perf_counter() - started, peaks)


def synth(pages: int, out: Path, start: int) -> None:
    subprocess.run(
        [
            str(BIN / "newswh"),
            "synth",
            "--pages",
            str(pages),
            "--out",
            str(out),
            "--seed",
            "1",
            "--start",
            str(start),
        ],
        check=True,
        capture_output=True,
    )


@dataclass
class Backend:
    name: str
    env: dict[str, str]
    watch: dict[str, int]


@contextmanager
def backend(kind: str, base: Path, pg: Postgres, workers: int, landing: Path) -> Iterator[Backend]:
    env = {**os.environ, "NEWSWH_SOURCE": str(landing), "DAGSTER_DISABLE_TELEMETRY": "1"}
    env.pop("DAGSTER_HOME", None)
    if kind == "embedded":
        env["NEWSWH_WAREHOUSE"] = str(base / "news.duckdb")
        yield Backend("embedded (local pool, 2 procs)", env, {})
        return
    db = f"lake{workers}"
    pg.create_database(db)
    env["NEWSWH_WAREHOUSE"] = pg.lake_url(db)
    env["NEWSWH_LAKE_DATA"] = str(base / "lake_data") + "/"
    with dask_cluster(workers, log_dir=base / "dask") as cluster:
        env["NEWSWH_DASK_SCHEDULER"] = cluster.scheduler
        watch = _cluster_pids(cluster)
        postmaster = _postmaster(pg)
        if postmaster is not None:
            watch["postgres"] = postmaster
        yield Backend(f"lake, Dask {workers} worker{'s' * (workers > 1)}", env, watch)


def _cluster_pids(cluster: DaskCluster) -> dict[str, int]:
    pids = {f"dask {name}": proc.pid for name, proc in cluster.workers.items()}
    pids["dask scheduler"] = cluster.processes[0].pid
    return pids


def _mb(n: int) -> str:
    return f"{n / 1e6:,.0f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=100_000, help="N (default 100k)")
    args = parser.parse_args()
    n = args.pages
    rows: list[list[str]] = []
    increments: list[list[str]] = []
    base_dir = Path(tempfile.mkdtemp(prefix="newswh-scale-"))
    try:
        with postgres() as pg:
            for kind, workers, grow in (
                ("embedded", 0, True),
                ("lake", 1, False),
                ("lake", 2, True),
            ):
                base = base_dir / f"{kind}{workers}"
                landing = base / "landing"
                synth(n, landing / "base", 0)
                with backend(kind, base, pg, workers, landing) as be:
                    m = load(be.env, be.watch)
                    peaks = "; ".join(f"{k} {_mb(v)}" for k, v in m.peaks.items())
                    rows.append(
                        [be.name, f"{n:,}", f"{m.seconds:.1f}", f"{n / m.seconds:.0f}", peaks]
                    )
                    print(" | ".join(rows[-1]), flush=True)
                    if not grow:
                        continue
                    for size, extra in ((n, 0), (3 * n, 2 * n)):
                        if extra:
                            synth(extra, landing / "more", n + INCREMENT)
                            load(be.env, be.watch)
                        # Article numbers: base [0, n), +1k [n, n+1k), 2n more, +1k after them.
                        first = n if not extra else 3 * n + INCREMENT
                        synth(INCREMENT, landing / f"inc{size}", first)
                        inc = load(be.env, be.watch)
                        increments.append([be.name, f"{size:,}", f"{inc.seconds:.1f}"])
                        print(" | ".join(increments[-1]), flush=True)
    finally:
        shutil.rmtree(base_dir, ignore_errors=True)
    print()
    print(f"N = {n:,} synthetic pages; peak RSS in MB; {os.cpu_count()} cores")
    print("| backend | pages | wall s | pages/s | peak RSS (MB) by process |")
    print("|---|---:|---:|---:|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    print()
    print(f"| +{INCREMENT:,} pages onto | warehouse of (pages) | wall s |")
    print("|---|---:|---:|")
    for row in increments:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
