"""Dump what the pipeline produces, so a refactor can be diffed byte for byte before and after.

    python scripts/snapshot_outputs.py extract OUT_DIR   # every benchmark, probe and seed page
    python scripts/snapshot_outputs.py tables OUT_DIR    # a 10k `newswh synth` load, every table

`extract` writes one JSON Lines file per set (`newswh extract --json` over its pages);
`tables` loads a synthetic landing folder into a fresh warehouse and writes each table as
CSV with its rows sorted, without the columns that differ run to run (load ids and times).
Compare two dumps with `diff -r BEFORE AFTER`.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCHMARKS = ROOT.parent / "shared" / "benchmarks"
NEWSWH = [sys.executable, "-m", "pipelines.cli"]
# Columns whose values depend on when or in which run a load happened.
RUN_COLUMNS = (
    "load_id",
    "run_id",
    "mtime_ns",
    "started_at",
    "finished_at",
    "loaded_at",
    "indexed_at",
)


def dump_extract(out: Path) -> None:
    sets = {"seeds": ROOT / "seeds"}
    if BENCHMARKS.is_dir():
        sets |= {p.name: p / "pages" for p in sorted(BENCHMARKS.iterdir()) if p.is_dir()}
    probe = ROOT / "tests" / "data" / "newsroom_probe"  # the newsroom probe and its hold-outs
    sets |= {"probe": probe / "pages"}
    sets |= {p.name: p / "pages" for p in sorted(probe.glob("holdout*")) if p.is_dir()}
    for name, folder in sets.items():
        done = subprocess.run(
            [*NEWSWH, "extract", str(folder), "--json"], capture_output=True, cwd=ROOT
        )
        if done.returncode not in (0, 1):  # 1: some record was rejected, as expected
            sys.exit(f"extract {name} failed: {done.stderr.decode(errors='replace')[-2000:]}")
        (out / f"extract_{name}.jsonl").write_bytes(done.stdout)
        records = done.stdout.count(b"\n")
        print(f"extract {name}: {records} records")


def dump_tables(out: Path, pages: int) -> None:
    import duckdb

    with tempfile.TemporaryDirectory() as tmp:
        landing, warehouse = Path(tmp) / "landing", Path(tmp) / "wh" / "news.duckdb"
        warehouse.parent.mkdir()
        subprocess.run([*NEWSWH, "synth", "--pages", str(pages), "--out", str(landing)], check=True)
        subprocess.run(
            [*NEWSWH, "load", "--source", str(landing), "--warehouse", str(warehouse)],
            check=False,
            cwd=ROOT,
        )
        con = duckdb.connect(str(warehouse), read_only=True)
        tables = [
            r[0]
            for r in con.sql(
                "select table_schema || '.' || table_name from information_schema.tables "
                "where table_type = 'BASE TABLE' order by 1"
            ).fetchall()
        ]
        for table in tables:
            cols = [
                r[0]
                for r in con.sql(f"describe {table}").fetchall()
                if r[0] not in RUN_COLUMNS and not r[0].endswith("_load_id")
            ]
            if not cols:
                continue
            select = ", ".join(f'"{c}"' for c in cols)
            target = out / f"table_{table}.csv"
            con.sql(f"copy (select {select} from {table} order by all) to '{target}' (header)")
            print(f"table {table}: {con.sql(f'select count(*) from {table}').fetchone()[0]} rows")


def main() -> None:
    what, out = sys.argv[1], Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    if what == "extract":
        dump_extract(out)
    elif what == "tables":
        dump_tables(out, int(sys.argv[3]) if len(sys.argv) > 3 else 10_000)
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
