"""A DuckLake warehouse: PostgreSQL holds the catalog, Parquet files under DATA_PATH hold the rows.

Load the extensions offline, attach the lake, create today's tables (and views) in it, and
the calls around snapshots and maintenance. DuckLake refuses
what today's DDL already avoids (primary keys, unique and check constraints, indexes,
sequences, user-defined types, generated columns, UNION and VARINT columns), so sql/ddl/ runs
unchanged; sql/lake/ adds what only the lake has (the raw pages' partitioning by fetch month).
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

import duckdb

from pipelines.settings import user_folder
from pipelines.warehouse.files import sql_names, sql_text, transaction

ALIAS = "lake"
T = TypeVar("T")

# extension name -> the pip package that carries its DuckDB-signed build
_EXTENSIONS = {"ducklake": "duckdb_extension_ducklake", "postgres": "duckdb_extension_postgres"}
# Loaded only for a data path on object storage (s3://, gs://, https://): DuckDB reads and
# writes those through httpfs, which it cannot download here either.
_REMOTE_EXTENSIONS = {"httpfs": "duckdb_extension_httpfs"}
_PACKAGES = {**_EXTENSIONS, **_REMOTE_EXTENSIONS}


def is_remote(data_path: str) -> bool:
    """'s3://bucket/lake/' -> True; '/srv/lake/' -> False."""
    return "://" in data_path


# Tables written in bulk land as Parquet files at once, never inlined into the catalog: the
# raw pages must be files any worker reads, and the rest are appended in batches anyway.
_NOT_INLINED = ("raw_pages", "raw.raw_page_content")
# (table, option, value) set when the lake is created. The raw bytes are zlib-compressed by
# ingest already: Parquet compression on top of them costs CPU and saves nothing.
_TABLE_OPTIONS = [
    *((table, "data_inlining_row_limit", 0) for table in _NOT_INLINED),
    ("raw.raw_page_content", "parquet_compression", "uncompressed"),
]


class CatalogUnreachable(RuntimeError):
    """The lake's catalog database cannot be reached (down, wrong address, refused login)."""

    def __init__(self, catalog: str, reason: str) -> None:
        parts = catalog.removeprefix("ducklake:").removeprefix("postgres:").split()
        where = " ".join(p for p in parts if p.split("=", 1)[0] in ("dbname", "host", "port"))
        super().__init__(
            f"cannot reach the lake's catalog ({where}): {reason}; "
            "is PostgreSQL up, and NEWSWH_WAREHOUSE right?"
        )


# DuckDB's postgres extension words a failed connection so; libpq's reason follows "failed: ".
_UNREACHABLE = "Unable to connect to Postgres"


def _unreachable_reason(error: duckdb.Error) -> str | None:
    text = str(error)
    if _UNREACHABLE not in text:
        return None
    reason = text.rsplit("failed: ", 1)[-1] if "failed: " in text else text
    first = reason.strip().splitlines()[0] if reason.strip() else ""  # libpq adds a hint line
    return " ".join(first.split()).rstrip(".") or "no reason given"


@dataclass(frozen=True)
class LakeTarget:
    """Where a lake lives: its catalog (`ducklake:postgres:dbname=... host=...`) and its files;
    `memory_limit` caps the DuckDB of this process's writing sessions (None: DuckDB's default,
    80 % of the machine), which then spill to `spill_folder`."""

    catalog: str
    data_path: str
    memory_limit: str | None = None

    @property
    def state_folder(self) -> Path:
        """This machine's folder for the lake (one per catalog), outside its data path: the
        writer lock of a lake on object storage, and the writing sessions' spill files."""
        digest = hashlib.sha256(self.catalog.encode()).hexdigest()[:16]
        return user_folder("state") / f"lake-{digest}"

    def __post_init__(self) -> None:
        if not self.catalog.startswith("ducklake:"):
            raise ValueError(f"not a DuckLake URL (ducklake:postgres:...): {self.catalog!r}")


def extension_path(name: str) -> Path:
    """ducklake -> .../duckdb_extension_ducklake/extensions/v1.5.5/ducklake.duckdb_extension"""
    spec = importlib.util.find_spec(_PACKAGES[name])
    if spec is None or spec.origin is None:
        raise RuntimeError(f"the pip package {_PACKAGES[name]} is not installed")
    folder = Path(spec.origin).parent / "extensions" / f"v{duckdb.__version__}"
    return folder / f"{name}.duckdb_extension"


def load_extensions(con: duckdb.DuckDBPyConnection, *, remote: bool = False) -> None:
    """LOAD ducklake and postgres, INSTALLing them from their pip packages first if needed.

    INSTALL copies the signed file into DuckDB's extension folder under its real name (the
    postgres file's entry point is `postgres_scanner`, so a bare LOAD of the path fails).
    """
    for name in [*_EXTENSIONS, *(_REMOTE_EXTENSIONS if remote else ())]:
        try:
            con.execute(f"load {name}")
        except duckdb.Error:
            con.execute(f"install '{_quote(str(extension_path(name)))}'")
            con.execute(f"load {name}")


# One DuckDB instance per lake (and access mode) per process, the lake attached once: a
# session is a cursor of it. Loading the two extensions and attaching the catalog cost ~1 s a
# session under load, and a +1k load opened ~18 sessions. A forked child never uses (nor
# closes: that would end the parent's catalog connection) the instances it inherited.
_INSTANCES: dict[tuple[LakeTarget, bool], duckdb.DuckDBPyConnection] = {}
_INHERITED: list[duckdb.DuckDBPyConnection] = []
_INSTANCES_LOCK = threading.Lock()


def _forget_inherited() -> None:
    _INHERITED.extend(_INSTANCES.values())
    _INSTANCES.clear()


os.register_at_fork(after_in_child=_forget_inherited)


def connect(target: LakeTarget, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """A session with the lake attached as `lake` and in use: a cursor (its own transactions,
    temp tables and registered views) of this process's instance for the lake, made on first
    use. An instance whose catalog connection broke (PostgreSQL restarted) is replaced."""
    key = (target, read_only)
    with _INSTANCES_LOCK:
        instance = _INSTANCES.get(key)
        if instance is not None:
            try:
                con = _session(instance)
                con.execute(f"from ducklake_current_snapshot('{ALIAS}')").fetchall()
                return con
            except duckdb.Error:
                del _INSTANCES[key]
                with contextlib.suppress(duckdb.Error):
                    instance.close()
        instance = _INSTANCES[key] = attach(target, read_only=read_only)
        return _session(instance)


def _session(instance: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    con = instance.cursor()
    con.execute("set TimeZone = 'UTC'")
    con.execute(f"use {ALIAS}")
    return con


def attach(target: LakeTarget, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """A new in-memory DuckDB with the lake attached as `lake` and in use."""
    # UTC sessions: the fetch-day partitions (day(fetched_at)) must not depend on the writer's zone.
    con = duckdb.connect(config={"autoinstall_known_extensions": False})
    con.execute("set TimeZone = 'UTC'")
    if target.memory_limit and not read_only:
        # Not under the data path: the orphan sweep of maintenance deletes what it finds there.
        spill = target.state_folder / "spill"
        spill.mkdir(parents=True, exist_ok=True)
        con.execute(f"set memory_limit = '{_quote(target.memory_limit)}'")
        con.execute(f"set temp_directory = '{_quote(str(spill))}'")
    load_extensions(con, remote=is_remote(target.data_path))
    options = f"data_path '{_quote(target.data_path)}'"
    if read_only:
        options += ", read_only"
    # ATTACH takes no parameters: the URL and the path are quoted literals.
    try:
        con.execute(f"attach if not exists '{_quote(target.catalog)}' as {ALIAS} ({options})")
    except duckdb.Error as exc:
        con.close()
        if (reason := _unreachable_reason(exc)) is not None:
            raise CatalogUnreachable(target.catalog, reason) from None
        raise
    con.execute(f"use {ALIAS}")
    return con


def _schema_names() -> list[str]:
    return [*sql_names("ddl"), "lake/raw_layout", *sql_names("views")]


def schema_digest() -> str:
    """A digest of the SQL that makes the lake's tables and views: a lake made by another
    version of it is brought up to date (its statements are idempotent) by the next writer."""
    text = "\0".join(sql_text(name) for name in _schema_names())
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def schema_current(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the lake's tables were made (or last brought up to date) by this version."""
    if "staging.schema_state" not in table_names(con):
        return False
    row = con.execute("select max(digest) from staging.schema_state").fetchone()
    return row is not None and row[0] == schema_digest()


def create_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Every table of sql/ddl/ (and the lake's raw layout) and every view of sql/views/ in the
    lake, in one commit; idempotent, so it also brings a lake made by an older version up to
    date (columns added, views replaced, the raw layout's partitioning for new files)."""
    with transaction(con):
        con.execute("create schema if not exists raw")
        for name in _schema_names():
            con.execute(sql_text(name))
        con.execute("create table if not exists staging.schema_state (digest varchar not null)")
        con.execute("delete from staging.schema_state")
        con.execute("insert into staging.schema_state values ($d)", {"d": schema_digest()})
    for table, option, value in _TABLE_OPTIONS:
        schema, _, name = table.rpartition(".")
        con.execute(
            f"call {ALIAS}.set_option($option, $value, schema => $schema, table_name => $name)",
            {"option": option, "value": value, "schema": schema or "main", "name": name},
        )


def table_names(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every table of the lake as schema.name, sorted."""
    rows = con.execute(
        "select schema_name || '.' || table_name from duckdb_tables() where database_name = $db order by 1",
        {"db": ALIAS},
    ).fetchall()
    return [r[0] for r in rows]


def current_snapshot(con: duckdb.DuckDBPyConnection) -> int:
    """The id of the lake's latest committed snapshot (what `AT (VERSION => id)` takes)."""
    row = con.execute(f"select max(snapshot_id) from {ALIAS}.snapshots()").fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def snapshots(con: duckdb.DuckDBPyConnection) -> list[tuple[int, datetime, dict[str, Any]]]:
    """(snapshot id, commit time, what changed) for every snapshot still kept, oldest first."""
    rows = con.execute(
        f"select snapshot_id, snapshot_time, changes from {ALIAS}.snapshots() order by snapshot_id"
    ).fetchall()
    return [(int(r[0]), r[1], dict(r[2] or {})) for r in rows]


def count_at(con: duckdb.DuckDBPyConnection, table: str, snapshot: int) -> int:
    """Rows of `table` as of `snapshot`: time travel. `table` is one of table_names()."""
    if table not in table_names(con):
        raise ValueError(f"no such lake table: {table}")
    row = con.execute(
        f"select count(*) from {table} at (version => $v)", {"v": snapshot}
    ).fetchone()
    return int(row[0]) if row else 0


def data_files(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    """The Parquet files `table` currently reads (schema.name)."""
    schema, _, name = table.rpartition(".")
    rows = con.execute(
        "select data_file from ducklake_list_files($db, $name, schema => $schema) order by 1",
        {"db": ALIAS, "name": name, "schema": schema or "main"},
    ).fetchall()
    return [r[0] for r in rows]


# Maintenance keeps this much history by default: "the warehouse as of last night" and a week
# of nightly snapshots behind it stay readable (AT (TIMESTAMP => ...)); older ones expire.
KEEP_SNAPSHOTS_DAYS = 7
# A data file is rewritten without its deleted rows once this share of them is deleted
# (updates and the search index's replaced rows leave delete files behind).
REWRITE_DELETED_SHARE = 0.2


@dataclass
class Maintenance:
    files_merged: int
    snapshots_expired: int
    files_deleted: int
    rows_flushed: int = 0
    files_rewritten: int = 0
    seconds: float = 0.0
    orphans_deleted: int = 0  # of files_deleted: files no snapshot ever listed


def maintain(
    con: duckdb.DuckDBPyConnection,
    *,
    keep_since: datetime,
    rewrite_share: float = REWRITE_DELETED_SHARE,
) -> Maintenance:
    """DuckLake's own maintenance, in order: rows inlined in the catalog written out as
    Parquet, files with `rewrite_share` of their rows deleted rewritten, small adjacent files
    of a partition merged, snapshots older than `keep_since` expired (the newest one is always
    kept), the files no kept snapshot reads deleted, and orphans older than `keep_since`
    deleted: files under the data path the catalog never listed (a commit that died after
    writing its Parquet, a killed Dask load's `_staging/` shards). Younger ones stay: they
    may belong to a commit in flight.

    Time travel reaches back to `keep_since` afterwards, no further. Each call is its own
    commit; a writer's transaction that overlaps it may have to retry (`retry_conflicts`).
    """
    started = time.perf_counter()
    db = {"db": ALIAS}
    flushed = con.execute("call ducklake_flush_inlined_data($db)", db).fetchall()
    rewritten = con.execute(
        "call ducklake_rewrite_data_files($db, delete_threshold => $share)",
        {**db, "share": rewrite_share},
    ).fetchall()
    merged = con.execute("call ducklake_merge_adjacent_files($db)", db).fetchall()
    expired = con.execute(
        "call ducklake_expire_snapshots($db, older_than => $at)", {**db, "at": keep_since}
    ).fetchall()
    deleted = con.execute(
        "call ducklake_cleanup_old_files($db, cleanup_all => true)", db
    ).fetchall()
    orphans = con.execute(
        "call ducklake_delete_orphaned_files($db, older_than => $at)", {**db, "at": keep_since}
    ).fetchall()
    return Maintenance(
        files_merged=sum(int(r[2]) for r in merged),
        snapshots_expired=len(expired),
        files_deleted=len(deleted) + len(orphans),
        orphans_deleted=len(orphans),
        rows_flushed=sum(int(r[2]) for r in flushed),
        files_rewritten=sum(int(r[2]) for r in rewritten),
        seconds=time.perf_counter() - started,
    )


def commit_retrying(
    con: duckdb.DuckDBPyConnection,
    work: Callable[[duckdb.DuckDBPyConnection], None],
    *,
    attempts: int = 5,
    wait: float = 0.1,
) -> int:
    """Run `work` in one transaction, re-running it when DuckLake reports a conflict at commit.

    Returns the attempt that committed (1 = no conflict).
    """
    tries = 0

    def once() -> int:
        nonlocal tries
        tries += 1
        with transaction(con):
            work(con)
        return tries

    return retry_conflicts(once, attempts=attempts, wait=wait)


def retry_conflicts(run: Callable[[], T], *, attempts: int = 5, wait: float = 0.1) -> T:
    """Call `run` (one whole transaction) again while DuckLake refuses its commit as a conflict.

    DuckLake itself retries a commit that only raced for the next snapshot id (plain appends:
    `ducklake_max_retry_count`). A transaction that inserts into a table another transaction
    deleted from since it began (any rows: the check is per table) fails at commit with
    "Transaction conflict"; it must be run again from the start, on the new snapshot. A
    refused commit leaves nothing behind.
    """
    for attempt in range(1, attempts + 1):
        try:
            return run()
        except duckdb.TransactionException as exc:
            if "Transaction conflict" not in str(exc) or attempt == attempts:
                raise
            time.sleep(wait * 2 ** (attempt - 1))
    raise AssertionError("unreachable")


def _quote(text: str) -> str:
    return text.replace("'", "''")
