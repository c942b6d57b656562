"""The one seam to the warehouse: a connection factory and the SQL files in sql/.

Every read and write goes through `connect` and `run_sql`, so moving to another catalog
(DuckLake, say) is a change here and in sql/, not across the code.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

import duckdb

SQL_DIR = Path(__file__).resolve().parents[2] / "sql"
LOCK_WAIT_SECONDS = 30.0


class WarehouseBusy(RuntimeError):
    """Another process holds the warehouse file."""


@cache
def sql_text(name: str) -> str:
    """'publish/040_articles' -> the text of sql/publish/040_articles.sql."""
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


def sql_names(folder: str) -> list[str]:
    """SQL files of a folder in name order: 'ddl' -> ['ddl/010_raw', ...]."""
    return [f"{folder}/{p.stem}" for p in sorted((SQL_DIR / folder).glob("*.sql"))]


def run_sql(con: duckdb.DuckDBPyConnection, name: str, **params: Any) -> duckdb.DuckDBPyConnection:
    """Run one SQL file with named parameters ($name in the file)."""
    return con.execute(sql_text(name), params or None)


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create every table and view that does not exist yet (idempotent)."""
    for name in sql_names("ddl") + sql_names("views"):
        con.execute(sql_text(name))


def connect(
    path: str | Path, *, read_only: bool = False, wait: float = LOCK_WAIT_SECONDS
) -> duckdb.DuckDBPyConnection:
    """Open the warehouse; a writer creates the schema. Waits `wait` seconds for a lock."""
    target = Path(path)
    if read_only and not target.exists():
        raise FileNotFoundError(f"no warehouse at {target}: run `newswh load` (or `make run`) first")
    if not read_only:
        target.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + wait
    while True:
        try:
            con = duckdb.connect(str(target), read_only=read_only)
            break
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower() or time.monotonic() >= deadline:
                raise WarehouseBusy(
                    f"{target} is locked by another process ({exc}); close it and retry"
                ) from exc
            time.sleep(0.5)
    con.execute("set TimeZone = 'UTC'")
    if not read_only:
        ensure_schema(con)
    return con


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
