"""Parse shards of raw pages on a Dask cluster; each shard's staged rows become Parquet files.

A task reads its pages from the lake (DuckDB in the worker, one fetch day's partition),
extracts them with the same code as the local path, and writes the shape of `staging.*`:
`<out>/<shard_id>/versions.parquet`, `related.parquet`, `rejects.parquet` (a table with no
rows has no file). A worker that dies mid-shard is replaced by the scheduler, which runs
the task again elsewhere; the write is idempotent because a shard's files are written into
a private temporary folder and renamed into place in one step: a shard's folder is there
complete or not at all, and a second run of a finished shard changes nothing.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from pipelines.lake.catalog import LakeTarget, connect, transaction
from pipelines.lake.raw import Shard, read_shard_pages

# The local path's worker entry point and row builder: the lake stages exactly its rows.
from pipelines.warehouse.stage import _tables, outcome

STAGED = ("versions", "related", "rejects")  # file names, in the order _tables returns them
# Retries of a task that raised; a worker's death is not one: the scheduler re-runs those
# tasks elsewhere (up to distributed.scheduler.allowed-failures deaths, 3 by default).
TASK_RETRIES = 2
_CONNECTIONS: dict[LakeTarget, duckdb.DuckDBPyConnection] = {}  # per worker process


@dataclass(frozen=True)
class ShardResult:
    shard_id: str
    pages: int
    versions: int
    related: int
    rejects: int
    written: bool  # False: the shard's folder was already complete, nothing was rewritten


def parse_shard(shard: Shard, target: LakeTarget, out: str) -> ShardResult:
    """Task body: a shard's raw pages -> its folder of staged Parquet files under `out`."""
    final = Path(out) / shard.shard_id
    if final.is_dir():
        return _result(shard, final, written=False)
    pages = read_shard_pages(_connection(target), shard)
    if len(pages) != len(shard.page_ids):
        raise RuntimeError(
            f"shard {shard.shard_id}: {len(pages)} of {len(shard.page_ids)} pages in the lake"
        )
    tables = _tables(pages, [outcome(p) for p in pages])
    tmp = Path(out) / f".{shard.shard_id}.{uuid.uuid4().hex}.tmp"
    tmp.mkdir(parents=True)
    try:
        for name, table in zip(STAGED, tables, strict=True):
            if table.num_rows:
                pq.write_table(table, tmp / f"{name}.parquet")
        _fsync_dir(tmp)
        os.rename(tmp, final)  # atomic; fails if another run of this shard got there first
    except OSError:
        if not final.is_dir():
            raise
        shutil.rmtree(tmp, ignore_errors=True)
        return _result(shard, final, written=False)
    versions, related, rejects = (t.num_rows for t in tables)
    return ShardResult(shard.shard_id, len(pages), versions, related, rejects, written=True)


def parse_on_cluster(
    scheduler: str, target: LakeTarget, shards: Sequence[Shard], out: Path
) -> list[ShardResult]:
    """Send every shard to the Dask cluster at `scheduler`; wait for all; results in shard order."""
    from distributed import Client  # the local path never imports distributed

    out.mkdir(parents=True, exist_ok=True)
    with Client(scheduler, timeout=30) as client:
        futures = client.map(
            parse_shard,
            list(shards),
            target=target,
            out=str(out),
            key=[f"parse-{s.shard_id}" for s in shards],
            retries=TASK_RETRIES,
        )
        results: list[ShardResult] = client.gather(futures)
    return results


def read_staged(out: Path, name: str) -> pa.Table | None:
    """Every shard's `name` rows (versions, related or rejects) as one table; None if there are none."""
    files = sorted(out.glob(f"*/{name}.parquet"))
    files = [f for f in files if not f.parent.name.startswith(".")]
    if not files:
        return None
    return pa.concat_tables([pq.read_table(f) for f in files], promote_options="permissive")


def load_staged(con: duckdb.DuckDBPyConnection, out: Path) -> dict[str, int]:
    """Every shard's files under `out` -> staging.versions / related / rejects, in one commit."""
    counts: dict[str, int] = {}
    with transaction(con):
        for name in STAGED:
            table = read_staged(out, name)
            counts[name] = 0 if table is None else table.num_rows
            if table is not None:
                con.register("staged_files", table)
                # fixed table names from STAGED, not input
                con.execute(f"insert into staging.{name} by name select * from staged_files")
                con.unregister("staged_files")
    return counts


def _connection(target: LakeTarget) -> duckdb.DuckDBPyConnection:
    """The worker process's read-only lake connection, opened by its first shard.

    Loading the two extensions and attaching the catalog costs about 0.7 s: once per worker,
    not once per shard. Each query still reads the lake's latest snapshot.
    """
    con = _CONNECTIONS.get(target)
    if con is None:
        con = _CONNECTIONS[target] = connect(target, read_only=True)
    return con


def _result(shard: Shard, folder: Path, *, written: bool) -> ShardResult:
    versions, related, rejects = (
        pq.read_metadata(f).num_rows if (f := folder / f"{n}.parquet").exists() else 0
        for n in STAGED
    )
    return ShardResult(
        shard.shard_id, len(shard.page_ids), versions, related, rejects, written=written
    )


def _fsync_dir(folder: Path) -> None:
    for path in folder.iterdir():
        with path.open("rb") as fh:
            os.fsync(fh.fileno())
