"""Stage pending pages on a Dask cluster (the lake backend): shards -> Parquet -> staging.

The writer cuts the pending pages into shards of consecutive fetch days (`LakeWriter.pending_shards`).
A task reads its pages from the lake in the worker, extracts them with the local path's code
(`outcome`, `_tables`), and writes the shape of `staging.*`:
`<out>/<shard_id>/versions.parquet`, `related.parquet`, `rejects.parquet` (a table with no
rows has no file). A worker that dies mid-shard is replaced by the scheduler, which runs the
task again elsewhere; the write is idempotent because a shard's files are written into a
private temporary folder and renamed into place in one step: a shard's folder is there
complete or not at all, and a second run of a finished shard changes nothing. The staged
files then go into staging in one commit; validate and publish follow as on the local path.
"""

from __future__ import annotations

import os
import shutil
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from multiprocessing import current_process
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from pipelines.model import RawPage
from pipelines.normalize.outlets import Outlets
from pipelines.steps.isolation import DEFAULT_PARSE_TIMEOUT, IsolatedParser, Outcome, in_process
from pipelines.steps.outlets import OutletKnowledge
from pipelines.steps.stage import (
    StageStats,
    _raw_page,
    _tables,
    outlet_knowledge,
    record_outlet_knowledge,
    with_zones,
)
from pipelines.warehouse import Writer
from pipelines.warehouse.lake.catalog import LakeTarget
from pipelines.warehouse.lake.raw import Shard, shard_rows
from pipelines.warehouse.lake.store import STAGING_FOLDER, LakeWriter

NO_WORKERS_SECONDS = 60.0  # a scheduler without workers this long fails the load
_WATCH_SECONDS = 0.2  # how often the driver looks at the shards and the workers
STAGED = ("versions", "related", "rejects")  # file names, in the order _tables returns them
SHARD_PAGES = 500  # a task costs ~70 ms besides its pages: shards of >= 500 pages pay for it
# Retries of a task that raised; a worker's death is not one: the scheduler re-runs those
# tasks elsewhere (up to distributed.scheduler.allowed-failures deaths, 3 by default).
TASK_RETRIES = 2
_SCHEDULER_LOST = "scheduler-connection-lost"  # Dask's reason for futures of a lost scheduler


@dataclass(frozen=True)
class ShardResult:
    shard_id: str
    pages: int
    versions: int
    related: int
    rejects: int
    written: bool  # False: the shard's folder was already complete, nothing was rewritten


def parse_shard(
    shard: Shard,
    target: LakeTarget,
    out: str,
    timeout: float = DEFAULT_PARSE_TIMEOUT,
    outlets: OutletKnowledge | None = None,
) -> ShardResult:
    """Task body: a shard's raw pages -> its folder of staged Parquet files under `out`,
    each page parsed under `timeout` seconds (0: no budget) in the zone `outlets` knows for
    its host, as on the local path."""
    final = Path(out) / shard.shard_id
    if final.is_dir():
        return _result(shard, final, written=False)
    if not Path(out).is_dir():
        raise RuntimeError(f"shard {shard.shard_id}: its load has ended ({out} was removed)")
    pages = with_zones([_raw_page(row) for row in shard_rows(target, shard)], outlets)
    if len(pages) != len(shard.page_ids):
        raise RuntimeError(
            f"shard {shard.shard_id}: {len(pages)} of {len(shard.page_ids)} pages in the lake"
        )
    tables = _tables(pages, _parse(pages, timeout))
    tmp = Path(out) / f".{shard.shard_id}.{uuid.uuid4().hex}.tmp"
    # Not `parents=True`: the driver makes `out` and removes it when its load ends, also when
    # it failed while this task still ran; a task that ends later must not make it again.
    tmp.mkdir()
    try:
        for name, table in zip(STAGED, tables, strict=True):
            if table.num_rows:
                pq.write_table(table, tmp / f"{name}.parquet")
        _fsync_dir(tmp)
        os.rename(tmp, final)  # atomic; fails if another run of this shard got there first
    except OSError:
        shutil.rmtree(tmp, ignore_errors=True)  # a full disk keeps no half-written shard
        if not final.is_dir():
            raise
        return _result(shard, final, written=False)
    versions, related, rejects = (t.num_rows for t in tables)
    return ShardResult(shard.shard_id, len(pages), versions, related, rejects, written=True)


def _parse(pages: list[RawPage], timeout: float) -> list[Outcome]:
    """The pages' outcomes, each under the time budget in a child process of the worker (a
    page past it is a `parse_timeout`). A daemonic worker process (under a nanny, unless
    DASK_DISTRIBUTED__WORKER__DAEMON=False) may have no children: it parses with no budget."""
    if timeout <= 0 or current_process().daemon:
        return in_process(pages)
    parser = IsolatedParser(1, timeout)
    try:
        return parser.map(pages)
    finally:
        parser.close()


def parse_on_cluster(
    scheduler: str,
    target: LakeTarget,
    shards: Sequence[Shard],
    out: Path,
    progress: Callable[[int, int], None] | None = None,
    timeout: float = DEFAULT_PARSE_TIMEOUT,
    outlets: OutletKnowledge | None = None,
) -> list[ShardResult]:
    """Send every shard to the Dask cluster at `scheduler`; wait for all; results in shard order.

    A scheduler lost mid-parse fails the load with one message, however Dask reports it (the
    futures cancelled, or a result's fetch cut off)."""
    # The local path never imports distributed.
    from distributed import Client, as_completed
    from distributed.client import FutureCancelledError
    from distributed.comm.core import CommClosedError

    out.mkdir(parents=True, exist_ok=True)
    total = sum(len(s.page_ids) for s in shards)
    with Client(scheduler, timeout=30) as client:
        futures = client.map(
            parse_shard,
            list(shards),
            target=target,
            out=str(out),
            timeout=timeout,
            outlets=outlets,
            key=[f"parse-{s.shard_id}" for s in shards],
            retries=TASK_RETRIES,
        )
        results: dict[str, ShardResult] = {}
        pending = as_completed(futures)
        idle = _NoWorkers(scheduler)
        try:
            while not pending.is_empty():
                finished = pending.next_batch(block=False)
                for future in finished:
                    result: ShardResult = future.result()
                    results[future.key] = result
                    if progress is not None:
                        progress(sum(r.pages for r in results.values()), total)
                if not finished:
                    idle.check(client)
                    time.sleep(_WATCH_SECONDS)
        except (FutureCancelledError, CommClosedError) as exc:
            lost = (
                exc.reason == _SCHEDULER_LOST
                if isinstance(exc, FutureCancelledError)
                else _scheduler_gone(client)  # or only a worker's connection was cut
            )
            if not lost:
                raise
            raise RuntimeError(
                f"lost the Dask scheduler {scheduler} mid-parse ({_SCHEDULER_LOST}: {exc}); "
                "the load's pages stay pending: load again once it runs"
            ) from exc
    return [results[future.key] for future in futures]  # each result was fetched once


def _scheduler_gone(client: Any, wait: float = 5.0) -> bool:
    """The client lost its scheduler: it says so once its stream to it has closed."""
    deadline = time.monotonic() + wait
    while client.status == "running" and time.monotonic() < deadline:
        time.sleep(0.1)
    return bool(client.status != "running")


class _NoWorkers:
    """A scheduler with no worker runs nothing, and its client waits for ever: fail the
    load once the scheduler has had no worker for NO_WORKERS_SECONDS in a row."""

    def __init__(self, scheduler: str) -> None:
        self.scheduler = scheduler
        self.since: float | None = None

    def check(self, client: Any) -> None:
        if client.status != "running":  # the scheduler is gone: its futures say so
            return
        try:
            workers = len(client.nthreads())
        except Exception:  # lost while asking: the same
            return
        now = time.monotonic()
        if workers:
            self.since = None
        elif self.since is None:
            self.since = now
        elif now - self.since >= NO_WORKERS_SECONDS:
            raise RuntimeError(
                f"the Dask scheduler {self.scheduler} has had no worker for "
                f"{NO_WORKERS_SECONDS:g} s: start workers, then load again"
            )


def read_staged(out: Path, name: str) -> pa.Table | None:
    """Every shard's `name` rows (versions, related or rejects) as one table; None if none."""
    files = sorted(out.glob(f"*/{name}.parquet"))
    files = [f for f in files if not f.parent.name.startswith(".")]
    if not files:
        return None
    return pa.concat_tables([pq.read_table(f) for f in files], promote_options="permissive")


def staging_folder(target: LakeTarget, load_id: str) -> Path:
    """Where a load's shards write: beside the lake's files (a folder every worker mounts)."""
    return Path(target.data_path) / STAGING_FOLDER / load_id


def stage_on_cluster(
    wh: Writer,
    scheduler: str,
    *,
    reparse: bool = False,
    shard_pages: int = SHARD_PAGES,
    progress: Callable[[int, int], None] | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    timeout: float = DEFAULT_PARSE_TIMEOUT,
    overrides: Outlets | None = None,
) -> StageStats:
    """`stage_pending` with the parse on the Dask cluster at `scheduler` (lake only).

    A partition run gives whole UTC days [since, until): the shards are cut from the pages
    fetched on those days only."""
    if not isinstance(wh, LakeWriter):
        raise ValueError("parsing on Dask needs the lake backend (a ducklake: warehouse)")
    wh.clear_staged_rows()
    outlets = outlet_knowledge(wh, overrides)
    shards = (
        wh.pending_shards(shard_pages, reparse=True)
        if reparse
        else wh.pending_shards(shard_pages, since=since, until=until)
    )
    pending = sum(len(s.page_ids) for s in shards)
    wh.set_pages_processed(pending)
    stats = StageStats(pending=pending)
    if shards:
        out = staging_folder(wh.target, wh.load_id or "load")
        try:
            parse_on_cluster(scheduler, wh.target, shards, out, progress, timeout, outlets)
            tables = [read_staged(out, name) or pa.table({}) for name in STAGED]
            wh.write_staged(*tables)
        finally:
            shutil.rmtree(out, ignore_errors=True)
        stats.articles = tables[0].num_rows
        stats.rejected = tables[2].num_rows
    record_outlet_knowledge(wh, outlets)
    return stats


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
