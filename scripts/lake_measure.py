"""Measure the lake groundwork on this machine: appends, catalog rows, compaction, Dask parse.

Starts its own PostgreSQL 15 and Dask clusters on loopback (tests/services.py) and prints one
table; docs/scale-out.md quotes it. Usage: .venv/bin/python scripts/lake_measure.py [--pages N]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipelines.ingest import read_file
from pipelines.landing_walk import discover
from pipelines.model import RawPage
from pipelines.steps.dask_stage import parse_on_cluster
from pipelines.steps.ingest import _table as raw_table
from pipelines.steps.isolation import outcome
from pipelines.synth import generate
from pipelines.warehouse.lake import catalog
from pipelines.warehouse.lake.catalog import LakeTarget
from pipelines.warehouse.lake.raw import pending_shards, write_raw_pages
from tests.services import Postgres, dask_cluster, postgres

APPENDER = """
import sys, time
from pipelines.warehouse.lake import catalog
con = catalog.connect(catalog.LakeTarget(catalog=sys.argv[1], data_path=sys.argv[2]))
con.execute(f"set ducklake_max_retry_count = {int(sys.argv[5])}")
writer, n, failed = sys.argv[3], int(sys.argv[4]), 0
start = time.perf_counter()
for k in range(n):
    try:
        con.execute("insert into load_runs (load_id, mode) values ($id, 'concurrent')", {"id": f"{writer}-{k}"})
    except Exception as exc:
        failed += 1
        print("error", type(exc).__name__, str(exc).splitlines()[0], file=sys.stderr)
print(failed, time.perf_counter() - start)
"""


def catalog_rows(server: Postgres, dbname: str) -> dict[str, int]:
    """Rows in each ducklake_* table of the PostgreSQL catalog."""
    con = duckdb.connect()
    catalog.load_extensions(con)
    con.execute(
        f"attach 'dbname={dbname} host=127.0.0.1 port={server.port} user=postgres' as cat (type postgres, read_only)"
    )
    names = [
        r[0]
        for r in con.execute(
            "select table_name from duckdb_tables() where database_name = 'cat' and schema_name = 'public'"
        ).fetchall()
    ]
    counts = {
        n: int(con.execute(f'select count(*) from cat.public."{n}"').fetchone()[0]) for n in names
    }  # type: ignore[index]
    con.close()
    return counts


def grew(before: dict[str, int], after: dict[str, int]) -> str:
    return ", ".join(
        f"{k} +{after[k] - before.get(k, 0)}" for k in sorted(after) if after[k] != before.get(k, 0)
    )


def new_lake(server: Postgres, name: str, base: Path) -> LakeTarget:
    server.create_database(name)
    target = LakeTarget(catalog=server.lake_url(name), data_path=str(base / name) + "/")
    con = catalog.connect(target)
    catalog.create_tables(con)
    con.close()
    return target


def landing_pages(root: Path) -> list[RawPage]:
    pages = {p.page_id: p for path in discover(root) for p in read_file(path, root)}
    return [pages[k] for k in sorted(pages)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--shard", type=int, default=200, help="pages per Dask shard (at most)")
    parser.add_argument(
        "--one-day",
        action="store_true",
        help="fetch every page on one day, as most of a night's crawl is",
    )
    args = parser.parse_args()
    rows: list[tuple[str, str]] = []
    base = Path(tempfile.mkdtemp(prefix="newswh-lake-measure-"))
    try:
        measure(args, base, rows)
    finally:
        shutil.rmtree(base, ignore_errors=True)
    width = max(len(r[0]) for r in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value}")


def measure(args: argparse.Namespace, base: Path, rows: list[tuple[str, str]]) -> None:
    generate(args.pages, base / "landing", seed=11)
    pages = landing_pages(base / "landing")
    if args.one_day:
        night = datetime(2024, 12, 20, 1, 0, tzinfo=UTC)
        pages = [replace(p, fetched_at=night + timedelta(seconds=n)) for n, p in enumerate(pages)]
    raw_mb = sum(len(p.content) for p in pages) / 1e6
    rows.append(("synthetic pages", f"{len(pages)} ({raw_mb:.1f} MB)"))

    with postgres() as server:
        # Appends: one batch of every page (rows + bytes in one snapshot).
        target = new_lake(server, "append", base)
        con = catalog.connect(target)
        before = catalog_rows(server, "append")
        start = time.perf_counter()
        write_raw_pages(con, raw_table(pages), "load-1")
        took = time.perf_counter() - start
        after = catalog_rows(server, "append")
        rows.append(
            (
                "raw append, one batch",
                f"{took:.2f} s, {len(pages) / took:,.0f} pages/s, {raw_mb / took:.1f} MB/s raw",
            )
        )
        files = len(catalog.data_files(con, "main.raw_pages")) + len(
            catalog.data_files(con, "raw.raw_page_content")
        )
        rows.append(
            ("  Parquet files written", f"{files} (both raw tables, one per fetch day each)")
        )
        rows.append(("  catalog rows added", grew(before, after)))
        before = catalog_rows(server, "append")
        con.execute("insert into load_runs (load_id) values ('one-row')")
        rows.append(("one-row insert (inlined)", grew(before, catalog_rows(server, "append"))))

        # Many small appends, then compaction.
        small = new_lake(server, "small", base)
        con = catalog.connect(small)
        batch = 100
        start = time.perf_counter()
        for k in range(0, len(pages), batch):
            write_raw_pages(con, raw_table(pages[k : k + batch]), f"load-{k}")
        took = time.perf_counter() - start
        appends = (len(pages) + batch - 1) // batch
        rows.append(
            (
                f"raw appends of {batch} pages",
                f"{appends} appends in {took:.2f} s, {took / appends * 1000:.0f} ms each",
            )
        )
        files = len(catalog.data_files(con, "main.raw_pages"))
        start = time.perf_counter()
        done = catalog.maintain(con, keep_since=datetime.now(UTC) + timedelta(seconds=1))
        took = time.perf_counter() - start
        rows.append(
            (
                "maintain (merge, expire, cleanup)",
                f"raw_pages files {files} -> {len(catalog.data_files(con, 'main.raw_pages'))}; "
                f"{done.snapshots_expired} snapshots expired, {done.files_deleted} files deleted; {took:.2f} s",
            )
        )
        con.close()

        # Concurrent appenders, with DuckLake's retries and without.
        for retries in (10, 0):
            lake = new_lake(server, f"conc{retries}", base)
            n, procs = 50, []
            for w in ("a", "b"):
                argv = [
                    sys.executable,
                    "-c",
                    APPENDER,
                    lake.catalog,
                    lake.data_path,
                    w,
                    str(n),
                    str(retries),
                ]
                procs.append(
                    subprocess.Popen(
                        argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
                    )
                )
            outs = [p.communicate(timeout=300) for p in procs]
            con = catalog.connect(lake)
            landed = int(con.execute("select count(*) from load_runs").fetchone()[0])  # type: ignore[index]
            failed = sum(int(o[0].split()[0]) for o in outs)
            errors = sorted(
                {line for o in outs for line in o[1].splitlines() if line.startswith("error")}
            )
            secs = max(float(o[0].split()[1]) for o in outs)
            rows.append(
                (
                    f"2 processes x {n} appends, max_retry_count={retries}",
                    f"{landed} of {2 * n} landed, {failed} failed in {secs:.1f} s"
                    + (f"; {errors[0][:120]}" if errors else ""),
                )
            )
            con.close()

        # Parsing: in-process baseline, then the Dask cluster with 1 and 2 workers.
        start = time.perf_counter()
        for page in pages:
            outcome(page)
        took = time.perf_counter() - start
        rows.append(("local parse, 1 process (warm)", f"{len(pages) / took:,.0f} pages/s"))
        for workers in (1, 2):
            with dask_cluster(workers, log_dir=base / f"dask{workers}") as cluster:
                shards = pending_shards(catalog.connect(target), args.shard)
                for run in (
                    "cold",
                    "warm",
                ):  # warm: workers already hold their connection and caches
                    start = time.perf_counter()
                    parse_on_cluster(
                        cluster.scheduler, target, shards, base / f"staged{workers}{run}"
                    )
                    took = time.perf_counter() - start
                    rows.append(
                        (
                            f"Dask parse, {workers} worker(s), {run}",
                            f"{len(shards)} shards, {took:.1f} s, {len(pages) / took:,.0f} pages/s, "
                            f"{len(pages) / took / workers:,.0f} pages/s per worker",
                        )
                    )
        rows.append(("load average (1, 5, 15 min)", " ".join(f"{x:.1f}" for x in os.getloadavg())))


if __name__ == "__main__":
    main()
