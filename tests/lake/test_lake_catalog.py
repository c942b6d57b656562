"""The lake on a real PostgreSQL catalog: tables, appends, time travel, maintenance, concurrency."""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
import pytest

from pipelines.definitions import build_definitions
from pipelines.ingest import read_file
from pipelines.landing_walk import discover
from pipelines.model import RawPage
from pipelines.settings import Settings
from pipelines.steps.ingest import _table as raw_table
from pipelines.steps.stage import _raw_page
from pipelines.warehouse.lake import catalog
from pipelines.warehouse.lake.catalog import LakeTarget
from pipelines.warehouse.lake.raw import (
    KnownPages,
    pending_shards,
    read_shard_rows,
    write_raw_pages,
)
from pipelines.warehouse.lake.store import open_warehouse
from tests.conftest import REPO, SEEDS

TABLES = [
    "main.article_authors",
    "main.article_versions",
    "main.articles",
    "main.authors",
    "main.landing_files",
    "main.load_runs",
    "main.outlets",
    "main.raw_pages",
    "main.rejected_pages",
    "main.related_news",
    "main.search_docs",
    "main.search_state",
    "main.search_terms",
    "raw.raw_page_content",
    "staging.handover",
    "staging.learned_zones",
    "staging.load_state",
    "staging.outlet_pages",
    "staging.outlet_rules",
    "staging.outlet_tlds",
    "staging.rejects",
    "staging.related",
    "staging.reparse_pages",
    "staging.schema_state",
    "staging.versions",
    "staging.zone_stamps",
    "staging.zone_stamps_state",
]


def seed_pages() -> list[RawPage]:
    return [page for path in discover(SEEDS) for page in read_file(path, SEEDS)]


def _embedded() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("attach ':memory:' as raw")
    for folder in ("ddl", "views"):
        for path in sorted((REPO / "sql" / folder).glob("*.sql")):
            con.execute(path.read_text())
    return con


def _columns(
    con: duckdb.DuckDBPyConnection, database: str
) -> dict[tuple[str, str, str], tuple[int, str, bool]]:
    """(schema, table, column) -> (position, type, nullable); the embedded raw database as schema raw."""
    rows = con.execute(
        "select case when database_name = 'raw' then 'raw' else schema_name end, table_name, column_name, "
        "column_index, data_type, is_nullable from duckdb_columns() "
        "where database_name in ($db, 'raw') and not internal",
        {"db": database},
    ).fetchall()
    return {(s, t, c): (i, ty, n) for s, t, c, i, ty, n in rows}


def test_postgres_answers_on_loopback(pg_server) -> None:
    from tests.services import PG_BIN, _as_postgres

    done = _as_postgres([str(PG_BIN / "pg_isready"), "-h", "127.0.0.1", "-p", str(pg_server.port)])
    assert "accepting connections" in done.stdout


def test_every_table_and_view_of_the_ddl_is_created_in_the_lake(lake: LakeTarget) -> None:
    con = catalog.connect(lake)
    catalog.create_tables(con)
    catalog.create_tables(con)  # idempotent
    assert catalog.table_names(con) == TABLES
    # Every column of the embedded file's tables and views, same name, type and nullability, in order;
    # the bytes carry their fetch time too (the lake partitions them by it).
    lake_columns = _columns(con, "lake")
    assert lake_columns.pop(("raw", "raw_page_content", "fetched_at")) == (
        3,
        "TIMESTAMP WITH TIME ZONE",
        True,
    )
    # and the digest of the SQL that made them (a lake an older version made is brought up to date)
    assert lake_columns.pop(("staging", "schema_state", "digest")) == (1, "VARCHAR", False)
    assert lake_columns == _columns(_embedded(), "memory")
    # Literal defaults and NOT NULL hold; RETURNING does not exist on a lake table.
    con.execute(
        "insert into staging.load_state (load_id, started_at, files_seen, files_read, "
        "pages_seen, pages_new) values ('l1', now(), 0, 0, 0, 0)"
    )
    assert con.execute("select mode from staging.load_state").fetchall() == [("load",)]
    with pytest.raises(duckdb.BinderException, match="RETURNING clause not yet supported"):
        con.execute("insert into search_state values ('k', 1) returning value")
    with pytest.raises(
        duckdb.ConstraintException, match=r"NOT NULL constraint failed: load_runs\.load_id"
    ):
        con.execute("insert into load_runs (load_id) values (null)")


def test_a_lake_made_by_an_older_version_is_brought_up_to_date_by_the_next_writer(
    lake: LakeTarget,
) -> None:
    con = catalog.connect(lake)
    catalog.create_tables(con)
    assert catalog.schema_current(con)
    # as the lakes made before staging was keyed by load: no load_id, another digest
    con.execute("alter table staging.versions drop column load_id")
    con.execute("update staging.schema_state set digest = 'older'")
    con.close()
    store = open_warehouse(lake.catalog, lake_data=lake.data_path)
    assert not store.schema_current  # so a partition run takes the lock alone and upgrades
    with store.writer():
        pass
    assert store.schema_current
    con = catalog.connect(lake)
    columns = [r[0] for r in con.execute("describe staging.versions").fetchall()]
    assert columns[-1] == "load_id"
    assert con.execute("select digest from staging.schema_state").fetchall() == [
        (catalog.schema_digest(),)
    ]


def test_raw_pages_append_read_back_and_time_travel(lake: LakeTarget, tmp_path: Path) -> None:
    con = catalog.connect(lake)
    catalog.create_tables(con)
    pages = seed_pages()
    before = catalog.current_snapshot(con)
    assert write_raw_pages(con, raw_table(pages[:5]), "load-1") == 5
    first = catalog.current_snapshot(con)
    assert first == before + 1  # rows and bytes: one snapshot
    assert write_raw_pages(con, raw_table(pages), "load-2") == len(pages) - 5
    assert write_raw_pages(con, raw_table(pages), "load-3") == 0  # the same bytes are stored once
    second = catalog.current_snapshot(con)

    assert catalog.count_at(con, "main.raw_pages", before) == 0
    assert catalog.count_at(con, "main.raw_pages", first) == 5
    assert catalog.count_at(con, "main.raw_pages", second) == len(pages)
    assert catalog.count_at(con, "raw.raw_page_content", first) == 5
    # "As of a moment": the snapshot current at that time.
    at_first = dict((i, t) for i, t, _ in catalog.snapshots(con))[first]
    row = con.execute(
        "select count(*) from raw_pages at (timestamp => $t)", {"t": at_first}
    ).fetchone()
    assert row == (5,)

    # Parquet under DATA_PATH, one folder per fetch month (UTC); pages without a fetch time apart.
    files = catalog.data_files(con, "main.raw_pages")
    assert all(f.startswith(lake.data_path) and f.endswith(".parquet") for f in files)
    days = sorted(
        {
            Path(f).parent.relative_to(Path(lake.data_path) / "main" / "raw_pages").as_posix()
            for f in files
        }
    )
    expected = sorted(
        {
            "year=__HIVE_DEFAULT_PARTITION__/month=__HIVE_DEFAULT_PARTITION__"
            if p.fetched_at is None
            else (lambda d: f"year={d.year}/month={d.month}")(p.fetched_at.astimezone(UTC))
            for p in pages
        }
    )
    assert days == expected

    # Read back through the shards a worker gets: every page, bytes and fields intact.
    shards = pending_shards(con, size=4)
    assert sorted(i for s in shards for i in s.page_ids) == sorted(p.page_id for p in pages)
    assert all(len(s.page_ids) <= 4 for s in shards)
    by_id = {p.page_id: p for p in pages}
    for shard in shards:
        for page in map(_raw_page, read_shard_rows(con, shard)):
            original = by_id[page.page_id]
            assert page.content == original.content
            assert (page.url, page.record, page.source_path, page.fetched_at) == (
                original.url,
                original.record,
                original.source_path,
                original.fetched_at,
            )


def test_a_session_reads_the_known_page_ids_once_and_again_after_another_writer(
    lake: LakeTarget,
) -> None:
    """An ingest's batches dedupe against the page ids read once; a page another session
    stored in between is still stored once."""
    con, other = catalog.connect(lake), catalog.connect(lake)
    catalog.create_tables(con)
    pages = seed_pages()
    known = KnownPages()
    assert write_raw_pages(con, raw_table(pages[:3]), "load-1", known=known) == 3
    read_at = known.snapshot
    assert read_at == catalog.current_snapshot(con)  # current with its own commit
    assert write_raw_pages(con, raw_table(pages[:5]), "load-1", known=known) == 2
    assert known.snapshot == read_at + 1  # no other commit between: no second read
    assert write_raw_pages(other, raw_table(pages[5:7]), "load-2") == 2  # another writer
    assert write_raw_pages(con, raw_table(pages[:8]), "load-1", known=known) == 1
    assert write_raw_pages(con, raw_table(pages), "load-1", known=known) == len(pages) - 8
    assert con.execute("select count(*), count(distinct page_id) from raw_pages").fetchone() == (
        len(pages),
        len(pages),
    )


def test_sessions_share_one_attached_instance_and_outlive_a_broken_catalog_connection(
    lake: LakeTarget,
) -> None:
    """Sessions are cursors of one instance per lake per process (own transactions and temp
    tables); when PostgreSQL drops the catalog's connections, the next session works."""
    con = catalog.connect(lake)
    catalog.create_tables(con)
    other = catalog.connect(lake)
    con.execute("create temp table mine as select 1 as x")
    with pytest.raises(duckdb.CatalogException):
        other.execute("from mine")
    pages = seed_pages()
    con.execute("begin transaction")
    write_raw_pages(other, raw_table(pages[:2]), "load-1")  # another session commits meanwhile
    con.execute("rollback")
    con.close()
    other.close()
    killer = catalog.attach(lake, read_only=True)
    with pytest.raises(duckdb.Error):  # the killer's own connections go too
        killer.execute(
            "from postgres_query('__ducklake_metadata_lake', 'select pg_terminate_backend(pid) "
            "from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()')"
        ).fetchall()
    killer.close()
    again = catalog.connect(lake)
    assert write_raw_pages(again, raw_table(pages[:4]), "load-2") == 2
    assert again.execute("select count(*) from raw_pages").fetchone() == (4,)


def test_writing_sessions_are_capped_and_spill_outside_the_data_path(lake: LakeTarget) -> None:
    capped = dataclasses.replace(lake, memory_limit="256MB")
    con = catalog.connect(capped)
    catalog.create_tables(con)
    limit, spill = con.execute(
        "select current_setting('memory_limit'), current_setting('temp_directory')"
    ).fetchone()
    assert limit == "244.1 MiB"  # 256 MB, as DuckDB prints it
    assert Path(spill) == capped.state_folder / "spill"
    assert Path(spill).is_dir() and not Path(spill).is_relative_to(lake.data_path)
    # a sort of ~400 MB under the cap spills there instead of failing
    spilled = (
        "select count(distinct s) from (select md5(i::text) s from range(6000000) t(i) order by s)"
    )
    assert con.execute(spilled).fetchone() == (6_000_000,)
    pages = seed_pages()
    for n, page in enumerate(pages):
        write_raw_pages(con, raw_table([page]), f"load-{n}")
    assert catalog.maintain(con, keep_since=datetime.now(UTC)).files_merged >= len(pages)
    assert con.execute("select count(*) from raw_pages").fetchone() == (len(pages),)
    reader = catalog.connect(capped, read_only=True)  # readers keep DuckDB's default
    assert reader.execute("select current_setting('memory_limit')").fetchone() != (limit,)


def test_maintenance_merges_files_and_expires_snapshots(lake: LakeTarget) -> None:
    con = catalog.connect(lake)
    catalog.create_tables(con)
    pages = seed_pages()
    for n, page in enumerate(pages):
        write_raw_pages(con, raw_table([page]), f"load-{n}")
    files_before = len(catalog.data_files(con, "main.raw_pages"))
    assert files_before == len(pages)  # one file per append
    result = catalog.maintain(con, keep_since=datetime.now(UTC) + timedelta(seconds=1))
    files_after = len(catalog.data_files(con, "main.raw_pages"))
    months = len(
        {
            None if p.fetched_at is None else p.fetched_at.astimezone(UTC).strftime("%Y-%m")
            for p in pages
        }
    )
    assert files_after == months  # one file per fetch month partition
    assert result.files_merged >= files_before
    assert result.files_deleted >= files_before
    assert len(catalog.snapshots(con)) == 1  # only the current one is kept
    assert con.execute("select count(*) from raw_pages").fetchone() == (len(pages),)


def test_maintenance_deletes_old_orphans_and_leaves_young_ones(lake: LakeTarget) -> None:
    con = catalog.connect(lake)
    catalog.create_tables(con)
    pages = seed_pages()
    write_raw_pages(con, raw_table(pages), "load-0")
    listed = catalog.data_files(con, "main.raw_pages")
    data = Path(lake.data_path)
    month_ago = time.time() - 30 * 86400
    old_orphan = data / "main" / "raw_pages" / "ducklake-died-before-commit.parquet"
    dead_shard = data / "_staging" / ".killed-load" / "shard-0.parquet"
    young_orphan = data / "main" / "raw_pages" / "ducklake-commit-in-flight.parquet"
    for orphan in (old_orphan, dead_shard, young_orphan):
        orphan.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(listed[0], orphan)
    for orphan in (old_orphan, dead_shard):
        os.utime(orphan, (month_ago, month_ago))
    result = catalog.maintain(con, keep_since=datetime.now(UTC) - timedelta(days=7))
    assert result.orphans_deleted == 2
    assert (old_orphan.exists(), dead_shard.exists(), young_orphan.exists()) == (False, False, True)
    assert all(Path(f).exists() for f in catalog.data_files(con, "main.raw_pages"))
    assert con.execute("select count(*) from raw_pages").fetchone() == (len(pages),)


APPENDER = """
import sys
import time
from pipelines.warehouse.lake import catalog
target = catalog.LakeTarget(catalog=sys.argv[1], data_path=sys.argv[2])
con = catalog.connect(target)
writer, n = sys.argv[3], int(sys.argv[4])
for k in range(n):
    con.execute("insert into load_runs (load_id, mode) values ($id, 'concurrent')", {"id": f"{writer}-{k}"})
print("done", writer)
"""


def test_two_processes_appending_at_once_both_land(lake: LakeTarget) -> None:
    con = catalog.connect(lake)
    catalog.create_tables(con)
    n = 40
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", APPENDER, lake.catalog, lake.data_path, w, str(n)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for w in ("a", "b")
    ]
    outputs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    rows = con.execute("select load_id from load_runs order by load_id").fetchall()
    assert [r[0] for r in rows] == sorted(f"{w}-{k}" for w in "ab" for k in range(n))


def test_an_insert_after_a_concurrent_delete_conflicts_and_is_run_again(lake: LakeTarget) -> None:
    writer, other = catalog.connect(lake), catalog.connect(lake)
    catalog.create_tables(writer)
    writer.execute("insert into search_state values ('x', 1), ('y', 2)")

    def insert_while_other_deletes(con: duckdb.DuckDBPyConnection) -> None:
        con.execute("insert into search_state values ('z', 3)")
        other.execute("delete from search_state where key = $k", {"k": "x"})  # commits first

    # Other rows than ours, still a conflict: DuckLake checks per table.
    with (
        pytest.raises(duckdb.TransactionException, match="Transaction conflict"),
        catalog.transaction(writer),
    ):
        insert_while_other_deletes(writer)
    writer.execute("insert into search_state values ('x', 1)")

    calls: list[int] = []

    def work(con: duckdb.DuckDBPyConnection) -> None:
        calls.append(1)
        con.execute("insert into search_state values ('z', 3)")
        if len(calls) == 1:
            other.execute("delete from search_state where key = 'x'")

    assert catalog.commit_retrying(writer, work, wait=0.01) == 2
    rows = writer.execute("select key, value from search_state order by key").fetchall()
    assert rows == [("y", 2), ("z", 3)]


def test_the_maintenance_job_compacts_the_lake_and_keeps_recent_snapshots(
    lake: LakeTarget, tmp_path: Path
) -> None:
    con = catalog.connect(lake)
    catalog.create_tables(con)
    pages = seed_pages()
    for n, page in enumerate(pages):
        write_raw_pages(con, raw_table([page]), f"load-{n}")
    con.execute("insert into load_runs (load_id, mode) values ('inlined', 'load')")
    snapshots_before = len(catalog.snapshots(con))
    con.close()
    settings = Settings(
        tmp_path,
        Path(lake.catalog),  # a ducklake: URL, as the settings read it from the environment
        workers=1,
        max_bytes=1_000_000,
        lake_data=lake.data_path,
    )
    job = build_definitions(settings).resolve_job_def("maintenance")

    result = job.execute_in_process()  # a week kept: merged and flushed, nothing expired
    assert result.success
    con = catalog.connect(lake, read_only=True)
    months = {
        None if p.fetched_at is None else p.fetched_at.astimezone(UTC).strftime("%Y-%m")
        for p in pages
    }
    assert len(catalog.data_files(con, "main.raw_pages")) == len(months)
    assert len(catalog.data_files(con, "main.load_runs")) == 1  # the inlined row, flushed
    assert len(catalog.snapshots(con)) > snapshots_before  # the maintenance's own commits
    assert con.execute("select count(*) from raw_pages").fetchone() == (len(pages),)
    con.close()

    result = job.execute_in_process(
        run_config={"ops": {"maintain_warehouse": {"config": {"keep_days": 0}}}}
    )
    assert result.success
    con = catalog.connect(lake, read_only=True)
    assert len(catalog.snapshots(con)) == 1  # nothing older than now kept: the latest only
    assert con.execute("select count(*) from raw_pages").fetchone() == (len(pages),)
