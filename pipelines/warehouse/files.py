"""The embedded backend's files: the published snapshot, the work file, the raw store.

news.duckdb is what readers open; news.work.duckdb is the writer's, with news.raw.duckdb
(the raw page bytes) attached as `raw`. A load writes the work file and `publish_snapshot`
swaps a copy of it into news.duckdb atomically.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import duckdb

from pipelines.settings import DEFAULT_WRITER_MEMORY
from pipelines.warehouse.lock import WarehouseBusy

BACKEND_KIND = "duckdb"  # the kind tag of the assets this backend stores
SQL_DIR = Path(__file__).resolve().parents[2] / "sql"
LOCK_WAIT_SECONDS = 30.0
COLUMN_COMMENTS = "ddl/050_comments"  # every column's description (run with the DDL)
WRITER_MEMORY = DEFAULT_WRITER_MEMORY  # the writer's buffer pool cap (see settings)


class NotAWarehouse(ValueError):
    """A file where a warehouse file should be that is no DuckDB database."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"{path} is not a DuckDB warehouse: pass another --warehouse, or move the file away"
        )


_DUCKDB_MAGIC = b"DUCK"  # bytes 8-11 of every DuckDB database file


def check_duckdb_file(path: Path) -> None:
    """Raise NotAWarehouse when `path` exists and is not a DuckDB database (an empty file
    is not one either); a missing file is fine: a writer creates it."""
    if not path.is_file():
        return
    with path.open("rb") as fh:
        head = fh.read(12)
    if head[8:12] != _DUCKDB_MAGIC:
        raise NotAWarehouse(path)


@cache
def sql_text(name: str) -> str:
    """'publish/articles' -> the text of sql/publish/articles.sql."""
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


def sql_names(folder: str) -> list[str]:
    """SQL files of a folder in name order: 'ddl' -> ['ddl/010_raw', ...]."""
    return [f"{folder}/{p.stem}" for p in sorted((SQL_DIR / folder).glob("*.sql"))]


def work_path(published: Path) -> Path:
    """news.duckdb -> news.work.duckdb: the file only the pipeline opens, for writing."""
    return published.with_name(f"{published.stem}.work{published.suffix}")


def raw_path(published: Path) -> Path:
    """news.duckdb -> news.raw.duckdb: the raw page bytes, attached to the work file as `raw`."""
    return published.with_name(f"{published.stem}.raw{published.suffix}")


def check_files(published: Path) -> None:
    """Raise NotAWarehouse when the snapshot, the work file or the raw store is no DuckDB file."""
    for path in (published, work_path(published), raw_path(published)):
        check_duckdb_file(path)


def _open(target: Path, read_only: bool, wait: float) -> duckdb.DuckDBPyConnection:
    deadline = time.monotonic() + wait
    while True:
        try:
            con = duckdb.connect(str(target), read_only=read_only)
            break
        except duckdb.IOException as exc:
            if "not a valid duckdb database" in str(exc).lower():
                raise NotAWarehouse(target) from exc
            if "lock" not in str(exc).lower():
                raise
            if time.monotonic() >= deadline:
                raise WarehouseBusy(
                    f"{target} is locked by another process ({exc}); close it and retry"
                ) from exc
            time.sleep(0.5)
    con.execute("set TimeZone = 'UTC'")
    return con


def open_reader(target: Path, wait: float = LOCK_WAIT_SECONDS) -> duckdb.DuckDBPyConnection:
    """A read-only connection to a snapshot (or, for the runner, the closed work file)."""
    if not target.exists():
        raise FileNotFoundError(
            f"no warehouse at {target}: run `newswh load` (or `make run`) first"
        )
    return _open(target, True, wait)


def open_analyst(
    target: Path, allow_files: tuple[Path, ...] = (), wait: float = LOCK_WAIT_SECONDS
) -> duckdb.DuckDBPyConnection:
    """A read-only connection for an analyst's SQL that cannot reach any other file.

    DuckDB's external access is off and the configuration locked, so no COPY TO, no
    read_*('/any/path'), no ATTACH; `allow_files` directories are opened to reading and
    writing, but never one that holds the snapshot, the work file or the raw store.
    """
    own = [p.resolve() for p in (target, work_path(target), raw_path(target))]
    for folder in allow_files:
        folder = folder.resolve()
        if not folder.is_dir():
            raise FileNotFoundError(f"--allow-files {folder}: no such directory")
        if any(p == folder or folder in p.parents for p in own):
            raise PermissionError(
                f"--allow-files {folder} holds the warehouse files; name a folder that does not"
            )
    con = open_reader(target, wait)
    try:
        if allow_files:
            dirs = [str(folder.resolve()) + os.sep for folder in allow_files]
            con.execute("set allowed_directories = $dirs", {"dirs": dirs})
        con.execute("set enable_external_access = false")
        con.execute("set lock_configuration = true")
    except BaseException:
        con.close()
        raise
    return con


def open_writer(
    published: Path,
    memory_limit: str = WRITER_MEMORY,
    wait: float = LOCK_WAIT_SECONDS,
    *,
    raw: bool = True,
) -> duckdb.DuckDBPyConnection:
    """The writer's work file with the raw store attached, its schema created if missing.

    raw=False attaches an empty in-memory store instead: for the bookkeeping (load_runs,
    staging) that must work even when the raw store is damaged."""
    work = work_path(published)
    check_files(published)  # before anything is copied or created beside a stranger
    published.parent.mkdir(parents=True, exist_ok=True)
    if not work.exists() and published.exists():
        shutil.copyfile(published, work)  # a warehouse from before: carry on from it
    con = _open(work, False, wait)
    try:
        con.execute(f"set memory_limit = '{_quote(memory_limit)}'")
        con.execute(f"set temp_directory = '{_quote(str(work) + '.tmp')}'")
        store = _quote(str(raw_path(published))) if raw else ":memory:"
        con.execute(f"attach if not exists '{store}' as raw")
        for name in sql_names("ddl") + sql_names("views"):
            con.execute(sql_text(name))
    except BaseException:  # a damaged raw store: let go of the work file for the bookkeeping
        con.close()
        raise
    return con


def _quote(text: str) -> str:
    """ATTACH and SET take no parameters: quote the literal."""
    return text.replace("'", "''")


def temp_copies(published: Path) -> list[Path]:
    """The `.news.duckdb.<pid>.tmp` copies a snapshot swap writes first (left by a dead one)."""
    return sorted(published.parent.glob(f".{published.name}.*.tmp"))


def remove_stale_copies(published: Path) -> list[Path]:
    """Remove the half-written snapshot copies of writers that died; the caller holds the lock."""
    removed = []
    for tmp in temp_copies(published):
        if tmp.is_file() and not tmp.is_symlink():  # only what a copy could have written
            tmp.unlink(missing_ok=True)
            removed.append(tmp)
    return removed


def checkpoint_work(published: Path) -> duckdb.DuckDBPyConnection:
    """The (closed) work file opened for writing with its WAL folded in, for the swap's checks."""
    con = _open(work_path(published), False, LOCK_WAIT_SECONDS)
    try:
        con.execute("checkpoint")
    except BaseException:
        # A checkpoint that fails (a full disk) invalidates the database: a connection left
        # open keeps it so, and every later open of the file in this process fails with
        # "a different configuration", hiding the cause and the run's failed row.
        con.close()
        raise
    return con


def publish_snapshot(published: Path) -> None:
    """Copy the (closed, checkpointed) work file over the published warehouse in one atomic
    rename. An analyst holding the old file open keeps reading the old snapshot. A copy that
    fails half-way (a full disk) is removed before the error goes on.
    """
    tmp = published.with_name(f".{published.name}.{os.getpid()}.tmp")
    try:
        shutil.copyfile(work_path(published), tmp)
        _drop_private_schema(tmp)
        with tmp.open("rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, published)
    finally:
        tmp.unlink(missing_ok=True)


def _drop_private_schema(snapshot: Path) -> None:
    """The copy readers get has no `staging` schema: it is the writer's, empty after a
    publish, and not a table analysts should see."""
    with duckdb.connect(str(snapshot)) as con:
        con.execute("drop schema if exists staging cascade")
        con.execute("checkpoint")


def store_manifest(con: duckdb.DuckDBPyConnection, load_id: str) -> None:
    """The registered `manifest_batch` (landing files a batch finished) replaces their rows."""
    con.execute(
        "delete from landing_files where source_path in (select source_path from manifest_batch)"
    )
    con.execute(
        "insert into landing_files by name select *, $load_id as load_id from manifest_batch",
        {"load_id": load_id},
    )


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """All or nothing: commit on success, roll back on any error."""
    con.execute("begin transaction")
    try:
        yield con
    except BaseException:
        con.execute("rollback")
        raise
    con.execute("commit")
