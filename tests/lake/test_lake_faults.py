"""What an operator sees when the lake's pieces are missing: one line naming the piece and a
non-zero exit, from every command (no traceback, no misleading 'run newswh load first')."""

from __future__ import annotations

import os
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import duckdb
import pytest

from pipelines.warehouse import CatalogUnreachable, WarehouseSettingError, open_warehouse
from pipelines.warehouse.lake.catalog import LakeTarget, connect, create_tables, data_files
from tests.conftest import SEEDS
from tests.services import free_port

NEWSWH = str(Path(sys.executable).with_name("newswh"))


def _run(env: dict[str, str], *args: str, cwd: Path | None = None) -> tuple[int, str, str]:
    done = subprocess.run(
        [NEWSWH, *args],
        env={**os.environ, **env},
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )
    return done.returncode, done.stdout, done.stderr


def test_a_catalog_nobody_listens_for_is_named_by_every_command(tmp_path: Path) -> None:
    port = free_port()  # nothing listens there
    url = f"ducklake:postgres:dbname=news host=127.0.0.1 port={port} user=newswh"
    env = {"NEWSWH_WAREHOUSE": url, "NEWSWH_LAKE_DATA": str(tmp_path / "lake")}
    expected = (
        f"newswh: error: cannot reach the lake's catalog (dbname=news host=127.0.0.1 port={port}):"
        " Connection refused; is PostgreSQL up, and NEWSWH_WAREHOUSE right?"
    )
    for command in (
        ["status"],
        ["sql", "select count(*) from articles"],
        ["search", "ferry"],
        ["maintain"],
        ["load", "--source", str(tmp_path)],
    ):
        code, out, err = _run(env, *command)
        assert (command[0], code, out) == (command[0], 1, "")
        assert err.splitlines() == [expected], command


def test_the_api_raises_catalog_unreachable_not_a_duckdb_error(tmp_path: Path) -> None:
    url = f"ducklake:postgres:dbname=news host=127.0.0.1 port={free_port()} user=newswh"
    with pytest.raises(CatalogUnreachable, match="Connection refused"):
        connect(LakeTarget(url, str(tmp_path) + "/"))
    store = open_warehouse(url, lake_data=str(tmp_path))
    with pytest.raises(CatalogUnreachable):
        assert store.started  # not False: an unreachable lake is not an empty one


def test_a_data_path_that_is_a_file_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    data = tmp_path / "lake"
    data.write_text("not a folder")
    url = "ducklake:postgres:dbname=news host=127.0.0.1 port=5432 user=newswh"
    with pytest.raises(WarehouseSettingError, match="is a file"):
        open_warehouse(url, lake_data=str(data))
    code, out, err = _run({"NEWSWH_WAREHOUSE": url, "NEWSWH_LAKE_DATA": str(data)}, "status")
    assert (code, out, err) == (
        1,
        "",
        f"newswh: error: NEWSWH_LAKE_DATA {data} is a file: name the lake's data folder\n",
    )
    assert data.read_text() == "not a folder"


def test_doctor_on_a_lake_checks_the_catalog_tables_and_files_not_three_local_files(
    lake: LakeTarget, tmp_path: Path
) -> None:
    env = {"NEWSWH_WAREHOUSE": lake.catalog, "NEWSWH_LAKE_DATA": lake.data_path}
    cwd = tmp_path / "cwd"
    cwd.mkdir()

    def doctor() -> tuple[int, list[str], str]:
        code, out, err = _run(env, "doctor", cwd=cwd)
        return code, out.splitlines(), err

    code, out, err = doctor()
    assert (code, out[1:], err) == (
        1,
        [
            "  tables    PROBLEM: none yet: nothing was ever loaded (the first `newswh load` makes them)"
        ],
        "newswh: error: to repair: run `newswh load` to make the lake\n",
    )
    assert out[0] == f"Warehouse {lake.catalog} (data: {lake.data_path})"

    assert _run(env, "load", "--source", str(SEEDS))[0] == 0
    code, out, err = doctor()
    assert (code, err) == (0, "")
    assert out[1].startswith("  tables    ok (10 articles, 11 versions, 13 of 13 raw pages")
    listed = int(out[2].split()[2])
    assert out[2:] == [
        f"  files     ok; {listed} listed, all present",
        "  orphans   ok; 0 files under the data path no snapshot lists",
        "The lake is sound.",
    ]

    with closing(connect(lake)) as con:
        lost = data_files(con, "main.raw_pages")[0]
    Path(lost).unlink()
    code, out, err = doctor()
    assert code == 1
    assert out[2] == (
        f"  files     PROBLEM: 1 of {listed} data files the catalog lists are missing under "
        f"{lake.data_path}: {lost}"
    )
    assert err == (
        "newswh: error: to repair: restore the missing files into the data path from its backup "
        "(until then the tables that list them cannot be read)\n"
    )
    assert list(cwd.iterdir()) == []  # no lock file named after the URL in the working folder


def test_a_lake_on_object_storage_writes_its_files_through_httpfs(lake: LakeTarget) -> None:
    """The catalog takes an s3:// data path offline (httpfs comes from its pip package); rows
    inlined in the catalog need no object store, a Parquet file goes to the S3 endpoint."""
    remote = LakeTarget(lake.catalog, "s3://news-bucket/lake/")
    port = free_port()  # no object store listens there: the PUT shows where the file goes
    with closing(connect(remote)) as con:
        create_tables(con)
        con.execute("insert into load_runs (load_id, mode) values ('l1', 'load')")
        assert con.execute("select count(*) from load_runs").fetchone() == (1,)
        con.execute(
            f"set s3_endpoint = '127.0.0.1:{port}'; set s3_use_ssl = false; "
            "set s3_url_style = 'path'"
        )
        with pytest.raises(
            duckdb.IOException,
            match=f"HTTP PUT to 'http://127.0.0.1:{port}/news-bucket/lake/main/raw_pages/",
        ):
            con.execute("insert into raw_pages (page_id) values ('p1')")
