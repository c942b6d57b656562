"""The lake beside the embedded file, in one table (`make bench-scale`).

1. `newswh load` of N synthetic pages (default 100k, `--pages` to run smaller): the embedded
   DuckDB file (local process pool), and the DuckLake on a PostgreSQL catalog with the parse
   on a Dask cluster of 1 and of 2 workers. Wall time, pages/s, and the peak RSS of every
   process: the load (with its pool), each Dask worker, the scheduler, PostgreSQL (all its
   backends together).
2. The nightly increment: 1k new pages loaded onto the warehouse of N articles, then (after
   2N more pages) onto the warehouse of 3N, on both backends (the lake with 2 workers), with
   the seconds of each Dagster step of the increment (from the run's event log). On the lake
   the maintenance job's work (`newswh maintain`: merge files, expire snapshots, delete old
   files) runs after every load, as the schedule does, and is timed apart.

Resumable: with `--work DIR` every warehouse, PostgreSQL's data dir and the figures measured
so far (DIR/results.json) are kept, and a second run measures only what is missing, so the
3N warehouse is built once. `--repeat-increments` measures the +1k again on the warehouses
already there (each adds 1k more); with `--load-only`, on the warehouse of N before it
grows. Services run on loopback and stop at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.services import (  # noqa: E402
    PG_USER,
    DaskCluster,
    Postgres,
    dask_cluster,
    init_cluster,
    running_cluster,
)

BIN = Path(sys.executable).parent
INCREMENT = 1000
BACKENDS = {  # key -> (kind, Dask workers, grows to 3N with increments)
    "embedded": ("embedded", 0, True),
    "lake1": ("lake", 1, False),
    "lake2": ("lake", 2, True),
}


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


def loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


@dataclass
class Measured:
    seconds: float
    peaks: dict[str, int]  # process -> peak RSS bytes (a tree's sum for the load and PostgreSQL)
    load_before: str = ""
    load_after: str = ""
    steps: dict[str, float] = field(default_factory=dict)  # Dagster step -> seconds

    def as_json(self) -> dict[str, object]:
        return self.__dict__


def run_measured(cmd: list[str], env: dict[str, str], watch: dict[str, int]) -> Measured:
    """`cmd` with `env`; its wall time and the peak RSS of it and of each watched process tree."""
    before = loadavg()
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peaks = dict.fromkeys(["load", *watch], 0)
    while proc.poll() is None:
        rss, children = _rss_by_pid()
        for name, pid in [("load", proc.pid), *watch.items()]:
            peaks[name] = max(peaks[name], _tree(pid, rss, children))
        time.sleep(0.2)
    out, err = proc.communicate()
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"{cmd[1]} failed: {(out + err).strip().splitlines()[-3:]}")
    return Measured(seconds, peaks, before, loadavg())


def load(env: dict[str, str], watch: dict[str, int]) -> Measured:
    """`newswh load`, measured, with the seconds of each Dagster step of its run."""
    m = run_measured([str(BIN / "newswh"), "load", "--no-progress"], env, watch)
    m.steps = last_run_steps(Path(env["DAGSTER_HOME"]))
    return m


def last_run_steps(home: Path) -> dict[str, float]:
    """Seconds of each step of the latest run in the Dagster instance at `home`."""
    code = (
        "import json, dagster as dg\n"
        "with dg.DagsterInstance.get() as i:\n"
        "    run = i.get_runs(limit=1)[0]\n"
        "    s = i.get_run_step_stats(run.run_id)\n"
        "    print(json.dumps({x.step_key: round((x.end_time or 0) - (x.start_time or 0), 2)"
        " for x in s}))\n"
    )
    env = {**os.environ, "DAGSTER_HOME": str(home)}
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )
    try:
        return dict(json.loads(done.stdout.strip().splitlines()[-1]))
    except (ValueError, IndexError):
        return {}


def synth(pages: int, out: Path, start: int) -> Path:
    """The synthetic pages [start, start + pages) in `out`, written once (seed 1)."""
    if (out / ".done").exists():
        return out
    shutil.rmtree(out, ignore_errors=True)
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
    (out / ".done").touch()
    return out


def land(folder: Path, landing: Path) -> None:
    """Put a synthetic folder into a backend's landing folder: a folder staged beforehand
    (`stage_links`) is moved into place, a small one (an increment) is copied.

    Not hard links made as needed: a new link to a file changes its ctime, which the
    landing manifest compares, so linking the base pages for one backend after another had
    loaded them made the other's next load read them all again."""
    target = landing / folder.name
    if target.exists():
        return
    landing.mkdir(parents=True, exist_ok=True)
    staged = landing.parent / ".staged" / folder.name
    if staged.exists():
        staged.rename(target)  # the files' ctime stays
    else:
        subprocess.run(["cp", "-a", str(folder), str(target)], check=True)
    (target / ".done").unlink(missing_ok=True)


def stage_links(work: Path, n: int) -> None:
    """Before any load: the large synthetic folders (N base pages, 2N more) generated and
    hard-linked for every backend that will load them, once (`land` moves them in)."""
    synthetic = work / "synth"
    for name, pages, start, keys in (
        ("base", n, 0, list(BACKENDS)),
        ("more", 2 * n, n + INCREMENT, [k for k, (_, _, grows) in BACKENDS.items() if grows]),
    ):
        folder = synth(pages, synthetic / name, start)
        for key in keys:
            staged = work / key / ".staged" / name
            if staged.exists() or (work / key / "landing" / name).exists():
                continue
            staged.parent.mkdir(parents=True, exist_ok=True)
            subprocess.run(["cp", "-al", str(folder), str(staged)], check=True)


@contextmanager
def kept_postgres(home: Path) -> Iterator[Postgres]:
    """PostgreSQL 15 with its data dir in `home/pgdata`, kept between runs (resumable);
    created on the first run, started on a free loopback port, stopped at the end."""
    data = home / "pgdata"
    if not data.exists():
        home.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(home, user=PG_USER)
        init_cluster(data)
    with running_cluster(data, home / "postgres.log") as port:
        yield Postgres(port=port, home=home)


@dataclass
class Backend:
    name: str
    env: dict[str, str]
    watch: dict[str, int]
    lake: bool


@contextmanager
def backend(key: str, base: Path, pg: Postgres | None) -> Iterator[Backend]:
    kind, workers, _ = BACKENDS[key]
    home = base / "dagster_home"
    home.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "NEWSWH_SOURCE": str(base / "landing"),
        "DAGSTER_DISABLE_TELEMETRY": "1",
        "DAGSTER_HOME": str(home),
    }
    if kind == "embedded":
        env["NEWSWH_WAREHOUSE"] = str(base / "news.duckdb")
        yield Backend("embedded (local pool, 2 procs)", env, {}, lake=False)
        return
    assert pg is not None
    db = f"lake{workers}"
    if not (base / ".db").exists():
        pg.create_database(db)
        (base / ".db").touch()
    env["NEWSWH_WAREHOUSE"] = pg.lake_url(db)
    env["NEWSWH_LAKE_DATA"] = str(base / "lake_data") + "/"
    with dask_cluster(workers, log_dir=base / "dask") as cluster:
        env["NEWSWH_DASK_SCHEDULER"] = cluster.scheduler
        watch = _cluster_pids(cluster)
        postmaster = _postmaster(pg)
        if postmaster is not None:
            watch["postgres"] = postmaster
        yield Backend(f"lake, Dask {workers} worker{'s' * (workers > 1)}", env, watch, lake=True)


def _cluster_pids(cluster: DaskCluster) -> dict[str, int]:
    pids = {f"dask {name}": proc.pid for name, proc in cluster.workers.items()}
    pids["dask scheduler"] = cluster.processes[0].pid
    return pids


MAINTAIN = True
LOAD_ONLY = False  # --load-only: the N load of each backend, no increments


def maintain(be: Backend) -> Measured | None:
    """The maintenance job's work after a load (`newswh maintain`); None on the file."""
    if not be.lake or not MAINTAIN:
        return None
    return run_measured([str(BIN / "newswh"), "maintain"], be.env, be.watch)


class Results:
    """Figures measured so far, by phase, in work/results.json (what a resumed run skips)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.data: dict[str, dict[str, object]] = (
            json.loads(path.read_text()) if path.exists() else {}
        )

    def __contains__(self, phase: str) -> bool:
        return phase in self.data

    def put(self, phase: str, m: Measured, **extra: object) -> None:
        self.data[phase] = {**m.as_json(), **extra}
        self.path.write_text(json.dumps(self.data, indent=1, default=str))
        print(phase, json.dumps(self.data[phase], default=str), flush=True)


def footprint(work: Path, pg: Postgres, key: str) -> None:
    """What a lake holds after the runs: live data files and MB per table, every file on
    disk, snapshots kept, and the rows of the catalog (PostgreSQL) by ducklake_* table."""
    from pipelines.warehouse.lake import catalog
    from scripts.lake_measure import catalog_rows  # imports the pipeline: only here

    base = work / key
    target = catalog.LakeTarget(pg.lake_url(key), str(base / "lake_data") + "/")
    con = catalog.connect(target, read_only=True)
    print(f"\n{key}: {len(catalog.snapshots(con))} snapshots kept")
    print("| table | rows | live files | MB |")
    print("|---|---:|---:|---:|")
    for table in catalog.table_names(con):
        if table.startswith("staging."):
            continue
        files = catalog.data_files(con, table)
        rows = con.execute(f"select count(*) from {table}").fetchone()
        size = sum(Path(f).stat().st_size for f in files if Path(f).exists())
        print(f"| {table} | {rows[0] if rows else 0:,} | {len(files):,} | {size / 1e6:,.0f} |")
    con.close()
    on_disk = list((base / "lake_data").rglob("*.parquet"))
    size = sum(f.stat().st_size for f in on_disk)
    print(f"Parquet files on disk: {len(on_disk):,} ({size / 1e9:.2f} GB)")
    rows = catalog_rows(pg, key)
    print(
        f"catalog rows: {sum(rows.values()):,} ("
        + ", ".join(f"{k} {v:,}" for k, v in sorted(rows.items(), key=lambda kv: -kv[1])[:6])
        + ")"
    )


def probe_ingest(work: Path, key: str, pg: Postgres | None, repeat: int = 5) -> None:
    """What a night's ingest does before reading its new files, timed apart from the rest of
    the load: read the landing manifest, walk the landing folder and compare (with nothing
    new, `unread_files`). The best of `repeat`, wall and CPU seconds: on a shared machine the
    CPU figure is the steadier one. Imports the pipeline: only here."""
    from pipelines.steps.ingest import unread_files
    from pipelines.warehouse.lake.store import open_warehouse

    base = work / key
    if pg is None:
        store = open_warehouse(str(base / "news.duckdb"))
    else:
        store = open_warehouse(pg.lake_url(key), lake_data=str(base / "lake_data") + "/")
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        with store.reader() as wh:
            unread = unread_files(base / "landing", wh.known_files())
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    files = sum(1 for p in (base / "landing").rglob("*") if p.is_file())
    print(
        f"{key}: ingest with nothing new ({unread} unread of {files:,} names in the landing "
        f"folder): wall {min(walls):.2f} s, CPU {min(cpus):.2f} s (best of {repeat}); "
        f"load avg {loadavg()}",
        flush=True,
    )


def _mb(n: int) -> str:
    return f"{n / 1e6:,.0f}"


def run_backend(key: str, n: int, work: Path, pg: Postgres | None, results: Results, repeat: bool):
    base = work / key
    landing = base / "landing"
    synthetic = work / "synth"
    _, _, grows = BACKENDS[key]
    grows = grows and not LOAD_ONLY
    phases = [f"{key}:load"]
    if grows:
        phases += [f"{key}:inc:{n}", f"{key}:grow", f"{key}:inc:{3 * n}"]
    if all(p in results for p in phases) and not repeat:
        return
    with backend(key, base, pg) as be:
        if f"{key}:load" not in results:
            land(synth(n, synthetic / "base", 0), landing)
            m = load(be.env, be.watch)
            results.put(f"{key}:load", m, name=be.name, pages=n, maintain=_m(maintain(be)))
        if not grows:
            # With --repeat-increments, the same +1k as the growing backends' first one, on
            # this warehouse of N: an N-sized increment measured beside the 3N one again. Run
            # again, another +1k each time (pages numbered from 10N on: no clash with the 2N
            # a growing backend adds later), so `--load-only --repeat-increments` measures
            # the N increment as often as asked before the warehouse grows.
            if repeat:
                phase, k = f"{key}:inc:{n}", 0
                while phase in results:
                    k += 1
                    phase = f"{key}:inc:{n}:again{k}"
                folder = "inc1" if k == 0 else f"inc1-{k}"
                land(
                    synth(INCREMENT, synthetic / folder, n if k == 0 else 10 * n + k * INCREMENT),
                    landing,
                )
                m = load(be.env, be.watch)
                results.put(phase, m, name=be.name, size=n, maintain=_m(maintain(be)))
            return
        # Article numbers: base [0, n), +1k [n, n+1k), 2n more, +1k after them.
        if f"{key}:inc:{n}" not in results:
            land(synth(INCREMENT, synthetic / "inc1", n), landing)
            m = load(be.env, be.watch)
            results.put(f"{key}:inc:{n}", m, name=be.name, size=n, maintain=_m(maintain(be)))
        if f"{key}:grow" not in results:
            land(synth(2 * n, synthetic / "more", n + INCREMENT), landing)
            m = load(be.env, be.watch)
            results.put(f"{key}:grow", m, name=be.name, pages=2 * n, maintain=_m(maintain(be)))
        phase = f"{key}:inc:{3 * n}"
        k = 0
        while phase in results and repeat:
            k += 1
            phase = f"{key}:inc:{3 * n}:again{k}"
        if phase not in results:
            first = 3 * n + INCREMENT + k * INCREMENT
            land(synth(INCREMENT, synthetic / f"inc3-{k}", first), landing)
            m = load(be.env, be.watch)
            results.put(phase, m, name=be.name, size=3 * n, maintain=_m(maintain(be)))


def _m(m: Measured | None) -> dict[str, object] | None:
    return None if m is None else m.as_json()


def report(results: Results, n: int) -> None:
    data = results.data
    print()
    print(f"N = {n:,} synthetic pages; peak RSS in MB; {os.cpu_count()} cores")
    print(
        "| backend | pages | wall s | pages/s | peak RSS (MB) by process | load avg before / after |"
    )
    print("|---|---:|---:|---:|---|---|")
    for key in BACKENDS:
        row = data.get(f"{key}:load")
        if not row:
            continue
        peaks = "; ".join(f"{k} {_mb(v)}" for k, v in dict(row["peaks"]).items())  # type: ignore[call-overload]
        s = float(row["seconds"])  # type: ignore[arg-type]
        print(
            f"| {row['name']} | {n:,} | {s:.1f} | {n / s:.0f} | {peaks} | "
            f"{row['load_before']} / {row['load_after']} |"
        )
    loads = {key: data[f"{key}:load"] for key in BACKENDS if f"{key}:load" in data}
    by_step = {key: dict(row.get("steps") or {}) for key, row in loads.items()}  # type: ignore[call-overload]
    step_names = sorted({name for steps in by_step.values() for name in steps})
    if step_names:
        print()
        print("| step of the N load (s) | " + " | ".join(loads) + " |")
        print("|---|" + "---:|" * len(loads))
        for name in step_names:
            cells = [by_step[key].get(name) for key in loads]
            print(
                f"| {name} | " + " | ".join("-" if c is None else f"{c:.1f}" for c in cells) + " |"
            )
        outside = [
            float(row["seconds"]) - sum(by_step[key].values())  # type: ignore[arg-type]
            for key, row in loads.items()
        ]
        print("| outside the steps | " + " | ".join(f"{o:.1f}" for o in outside) + " |")
    print()
    print(
        f"| +{INCREMENT:,} pages onto | warehouse of (pages) | wall s | maintain s | "
        "slowest steps (s) | load avg before / after |"
    )
    print("|---|---:|---:|---:|---|---|")
    for phase, row in data.items():
        if ":inc:" not in phase:
            continue
        steps = dict(row.get("steps") or {})  # type: ignore[call-overload]
        top = sorted(steps.items(), key=lambda kv: -kv[1])[:4]
        kept = row.get("maintain")
        maint = f"{float(kept['seconds']):.1f}" if isinstance(kept, dict) else "-"
        print(
            f"| {row['name']} | {int(row['size']):,} | {float(row['seconds']):.1f} | {maint} | "  # type: ignore[call-overload,arg-type]
            + ", ".join(f"{k} {v:.1f}" for k, v in top)
            + f" | {row['load_before']} / {row['load_after']} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=100_000, help="N (default 100k)")
    parser.add_argument("--work", type=Path, help="keep everything here and resume from it")
    parser.add_argument(
        "--only", default=",".join(BACKENDS), help="backends to run: embedded,lake1,lake2"
    )
    parser.add_argument(
        "--repeat-increments", action="store_true", help="measure the 3N increment again"
    )
    parser.add_argument(
        "--no-maintain", action="store_true", help="no lake maintenance between loads"
    )
    parser.add_argument(
        "--load-only",
        action="store_true",
        help="only the N load of each backend (with its steps), no increments",
    )
    parser.add_argument(
        "--probe-ingest",
        action="store_true",
        help="only time the landing walk + manifest compare of the warehouses in --work",
    )
    parser.add_argument(
        "--footprint",
        action="store_true",
        help="only print the files and catalog rows of the lakes in --work",
    )
    args = parser.parse_args()
    global MAINTAIN, LOAD_ONLY
    MAINTAIN = not args.no_maintain
    LOAD_ONLY = args.load_only
    n = args.pages
    work = args.work or Path(tempfile.mkdtemp(prefix="newswh-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    results = Results(work / "results.json")
    keys = [k for k in args.only.split(",") if k]
    unknown = set(keys) - set(BACKENDS)
    if unknown:
        raise SystemExit(f"unknown backends: {sorted(unknown)}")
    if args.probe_ingest:
        for key in [k for k in keys if BACKENDS[k][0] == "embedded"]:
            probe_ingest(work, key, None)
        if any(BACKENDS[k][0] == "lake" for k in keys):
            with kept_postgres(work / "pg") as pg:
                for key in [k for k in keys if BACKENDS[k][0] == "lake"]:
                    probe_ingest(work, key, pg)
        return
    if not args.footprint:
        stage_links(work, n)
    if args.footprint:
        with kept_postgres(work / "pg") as pg:
            for key in keys:
                if BACKENDS[key][0] == "lake" and (work / key / ".db").exists():
                    footprint(work, pg, key)
        return
    try:
        lakes = [k for k in keys if BACKENDS[k][0] == "lake"]
        for key in [k for k in keys if k not in lakes]:
            run_backend(key, n, work, None, results, args.repeat_increments)
        if lakes:
            with kept_postgres(work / "pg") as pg:
                for key in lakes:
                    run_backend(key, n, work, pg, results, args.repeat_increments)
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    report(results, n)


if __name__ == "__main__":
    main()
