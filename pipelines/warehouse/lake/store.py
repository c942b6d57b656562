"""The lake backend of the warehouse API: the same `Writer` and `Reader` on a DuckLake.

Sessions are in-memory DuckDB connections with the lake attached as `lake` and in use, so
every statement of the embedded backend runs unchanged. What differs: the raw pages go in
through the lake's writer (rows and bytes in one snapshot, partitioned by fetch day), the
publish transaction is run again when a concurrent one conflicts with it at commit, and
there is no snapshot to copy: a commit is what readers see.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from pipelines.warehouse.lake import catalog
from pipelines.warehouse.lake.catalog import KEEP_SNAPSHOTS_DAYS, LakeTarget, Maintenance
from pipelines.warehouse.lake.raw import KnownPages, Shard, pending_shards, write_raw_pages
from pipelines.warehouse.lock import Holder
from pipelines.warehouse.reader import Reader
from pipelines.warehouse.store import Warehouse
from pipelines.warehouse.writer import Writer

LAKE_PREFIX = "ducklake:"
# Under a local data path: the Dask workers' staged shards, one folder per load id.
STAGING_FOLDER = "_staging"


def is_lake_url(target: object) -> bool:
    return str(target).startswith(LAKE_PREFIX)


class LakeWriter(Writer):
    """The embedded writer's statements on a lake session, with the lake's raw writer."""

    # Each commit on the lake costs a catalog round trip and new Parquet files (one per fetch
    # month a raw batch spans): fewer, larger batches than the file's.
    raw_windows_per_batch = 5  # 10k+ records
    index_chunk = 10_000

    def __init__(self, con: duckdb.DuckDBPyConnection, target: LakeTarget) -> None:
        super().__init__(con)
        self.target = target
        self._known = KnownPages()  # raw page ids, read once per session

    def store_raw_batch(self, pages: pa.Table, files: pa.Table, load_id: str) -> int:
        return write_raw_pages(self._con, pages, load_id, files, self._known)

    def publish(
        self, load_id: str, relations: Sequence[str], *, guard: bool = True
    ) -> dict[str, Any]:
        """The embedded publish (one transaction), run again from the start when another
        writer's commit conflicts with it (DuckLake checks inserts after deletes per table)."""
        return catalog.retry_conflicts(
            lambda: super(LakeWriter, self).publish(load_id, relations, guard=guard)
        )

    # -- what the Dask staging asks of the lake
    def pending_shards(
        self,
        size: int,
        *,
        reparse: bool = False,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> list[Shard]:
        return pending_shards(self._con, size, reparse=reparse, since=since, until=until)

    def snapshot_id(self) -> int:
        return catalog.current_snapshot(self._con)


class LakeWarehouse(Warehouse):
    """A DuckLake: PostgreSQL catalog `target.catalog`, Parquet files under `target.data_path`."""

    overlapping_partitions = True  # DuckLake commits concurrent appends; conflicts are re-run

    def __init__(
        self, target: LakeTarget, *, dask_scheduler: str | None = None, lock_wait: float = 0.0
    ) -> None:
        super().__init__(target.catalog, lock_wait=lock_wait)
        self.target = target
        self.dask_scheduler = dask_scheduler

    @property
    def lock_path(self) -> Path:
        """The writer lock lives beside the lake's data (a local folder: one writing machine);
        with the data on object storage, in this machine's state folder, one per catalog
        (`NEWSWH_STATE_DIR`, else `$XDG_STATE_HOME/news-warehouse`, else
        `~/.local/state/news-warehouse`): the writers must then run on this one machine."""
        if not catalog.is_remote(self.target.data_path):
            return Path(self.target.data_path) / "news.duckdb"
        return self.target.state_folder / "news.duckdb"

    def recover(self, dead: Holder | None = None) -> list[str]:
        """A dead writer's staging rows cleared (no snapshot copies on the lake), and the
        shard folders of loads that ended: the caller holds the lake alone, so no load owns
        one. A load killed, or failed while Dask tasks still ran, leaves them behind (on a
        full disk, the space the next load needs)."""
        notes = self._remove_staged_shards()
        if not self.started:
            return notes
        with self.writer() as wh:
            return wh.clear_abandoned(dead) + notes

    def _remove_staged_shards(self) -> list[str]:
        if catalog.is_remote(self.target.data_path):
            return []
        folder = Path(self.target.data_path) / STAGING_FOLDER
        left = sorted(folder.iterdir()) if folder.is_dir() else []
        for path in left:
            shutil.rmtree(path, ignore_errors=True)
        return (
            [f"removed the Dask shards of loads that ended ({len(left)} under {folder})"]
            if left
            else []
        )

    @property
    def published(self) -> bool:
        """Readers see every commit: the lake is published once its tables exist."""
        return self.started

    @property
    def started(self) -> bool:
        try:
            with closing(catalog.connect(self.target, read_only=True)) as con:
                return "main.load_runs" in catalog.table_names(con)
        except duckdb.Error:
            return False

    @property
    def schema_current(self) -> bool:
        """Made (or last brought up to date) by this version: writers may share the lock."""
        try:
            with closing(catalog.connect(self.target, read_only=True)) as con:
                return catalog.schema_current(con)
        except duckdb.Error:
            return False

    @contextmanager
    def writer(self, *, raw: bool = True) -> Iterator[Writer]:
        with self.lock(), closing(catalog.connect(self.target)) as con:
            if not catalog.schema_current(con):  # a new lake, or one an older version made
                catalog.create_tables(con)
            yield LakeWriter(con, self.target)

    @contextmanager
    def reader(self, *, work: bool = False) -> Iterator[Reader]:
        """A read-only session on the lake's latest snapshot (`work` changes nothing here)."""
        with closing(catalog.connect(self.target, read_only=True)) as con:
            yield Reader(con)

    @contextmanager
    def analyst(self, allow_files: tuple[Path, ...] = ()) -> Iterator[Reader]:
        """The lake's reader: DuckLake reads its Parquet files through DuckDB's file access,
        so it cannot be switched off here; the catalog is attached read-only."""
        with self.reader() as wh:
            yield wh

    def publish(self) -> None:
        """Nothing to copy: a committed transaction is what readers see."""

    def maintain(self, *, keep: timedelta = timedelta(days=KEEP_SNAPSHOTS_DAYS)) -> Maintenance:
        """DuckLake's maintenance (`catalog.maintain`) under the writer lock, so it queues
        behind a load instead of racing its commits; snapshots of the last `keep` stay."""
        with self.lock(), closing(catalog.connect(self.target)) as con:
            return catalog.maintain(con, keep_since=datetime.now(UTC) - keep)


class WarehouseSettingError(ValueError):
    """NEWSWH_WAREHOUSE, NEWSWH_LAKE_DATA and NEWSWH_DASK_SCHEDULER do not go together."""


def open_warehouse(
    target: str | Any,
    *,
    lake_data: str | None = None,
    dask_scheduler: str | None = None,
    lake_memory: str | None = None,
    **embedded: Any,
) -> Warehouse:
    """The embedded warehouse at a .duckdb path, or the lake at a `ducklake:` URL (its
    writing sessions capped at `lake_memory`, a DuckDB memory_limit such as '4GB')."""
    if not is_lake_url(target):
        if dask_scheduler:
            raise WarehouseSettingError(
                "parsing on Dask needs a DuckLake warehouse (a ducklake: URL)"
            )
        return Warehouse(target, **embedded)
    if not lake_data:
        raise WarehouseSettingError(
            "a DuckLake warehouse needs NEWSWH_LAKE_DATA (its data folder or s3://)"
        )
    data = lake_data if lake_data.endswith("/") else lake_data + "/"
    if dask_scheduler and catalog.is_remote(data):
        raise WarehouseSettingError(
            "parsing on Dask stages its shards in a folder under NEWSWH_LAKE_DATA that every "
            f"worker mounts; {lake_data} is on object storage, where that is not built yet: "
            "unset NEWSWH_DASK_SCHEDULER to parse in the loading machine's process pool"
        )
    if not catalog.is_remote(data) and Path(data).exists() and not Path(data).is_dir():
        raise WarehouseSettingError(
            f"NEWSWH_LAKE_DATA {lake_data} is a file: name the lake's data folder"
        )
    return LakeWarehouse(
        LakeTarget(str(target), data, memory_limit=lake_memory),
        dask_scheduler=dask_scheduler,
        lock_wait=float(embedded.get("lock_wait", 0.0)),
    )
