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

BACKEND_KIND = "duckdb"  # the kind tag of the assets this backend stores
SQL_DIR = Path(__file__).resolve().parents[2] / "sql"
LOCK_WAIT_SECONDS = 30.0
COLUMN_COMMENTS = "ddl/050_comments"  # every column's description (run with the DDL)
WRITER_MEMORY = DEFAULT_WRITER_MEMORY  # the writer's buffer pool cap (see settings)


class WarehouseBusy(RuntimeError):
    """Another process holds the warehouse file."""


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


def open_writer(
    published: Path, memory_limit: str = WRITER_MEMORY, wait: float = LOCK_WAIT_SECONDS
) -> duckdb.DuckDBPyConnection:
    """The writer's work file with the raw store attached, its schema created if missing."""
    work = work_path(published)
    check_files(published)  # before anything is copied or created beside a stranger
    published.parent.mkdir(parents=True, exist_ok=True)
    if not work.exists() and published.exists():
        shutil.copyfile(published, work)  # a warehouse from before: carry on from it
    con = _open(work, False, wait)
    con.execute(f"set memory_limit = '{_quote(memory_limit)}'")
    con.execute(f"set temp_directory = '{_quote(str(work) + '.tmp')}'")
    con.execute(f"attach if not exists '{_quote(str(raw_path(published)))}' as raw")
    for name in sql_names("ddl") + sql_names("views"):
        con.execute(sql_text(name))
    return con


def _quote(text: str) -> str:
    """ATTACH and SET take no parameters: quote the literal."""
    return text.replace("'", "''")


def publish_snapshot(published: Path) -> None:
    """Copy the (closed) work file over the published warehouse in one atomic rename.

    An analyst holding the old file open keeps reading the old snapshot; the next connection
    sees the new one. A copy interrupted half-way leaves only a temporary file behind.
    """
    work = work_path(published)
    with _open(work, False, LOCK_WAIT_SECONDS) as con:  # take the writer lock, fold in the WAL
        con.execute("checkpoint")
    tmp = published.with_name(f".{published.name}.{os.getpid()}.tmp")
    shutil.copyfile(work, tmp)
    _drop_private_schema(tmp)
    with tmp.open("rb") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, published)


def _drop_private_schema(snapshot: Path) -> None:
    """The copy readers get has no `staging` schema: it is the writer's, empty after a
    publish, and not a table analysts should see."""
    with duckdb.connect(str(snapshot)) as con:
        con.execute("drop schema if exists staging cascade")
        con.execute("checkpoint")


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
