"""`newswh sql` cannot touch files (issue 12, item 7): the analyst's SQL reads the warehouse's
tables and views, and nothing else on disk unless a folder of their own is named."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from pipelines.runner import LoadReport

NEWSWH = str(Path(sys.executable).with_name("newswh"))


def _sql(warehouse: Path, query: str, *flags: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [NEWSWH, "sql", "--warehouse", str(warehouse), *flags, query],
        capture_output=True,
        text=True,
        timeout=120,
    )


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def warehouse(seed_load: tuple[Path, LoadReport, LoadReport]) -> Path:
    return seed_load[0]


def _files(warehouse: Path) -> list[Path]:
    return [
        warehouse,
        warehouse.with_name("news.work.duckdb"),
        warehouse.with_name("news.raw.duckdb"),
    ]


@pytest.mark.parametrize(
    ("query", "path"),
    [
        ("copy (select 'x') to '{work}' (format csv)", "{work}"),
        ("select * from read_text('/etc/passwd')", "/etc/passwd"),
        ("attach '{raw}' as raw", "{raw}"),
        ("select * from read_csv('{raw}')", "{raw}"),
        # DuckDB writes a COPY to a temporary name first, and is stopped there.
        ("copy (select 'x') to '{snapshot}' (format csv)", "{folder}/tmp_news.duckdb"),
    ],
    ids=["copy-to-work", "read-passwd", "attach-raw", "read-raw", "copy-to-snapshot"],
)
def test_sql_cannot_touch_files(warehouse: Path, query: str, path: str) -> None:
    names = {
        "work": _files(warehouse)[1],
        "raw": _files(warehouse)[2],
        "snapshot": warehouse,
        "folder": warehouse.parent,
    }
    before = [_digest(p) for p in _files(warehouse)]
    done = _sql(warehouse, query.format(**names))
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr == (
        f'newswh: error: Permission Error: Cannot access file "{path.format(**names)}"'
        " - file system operations are disabled by configuration\n"
    )
    assert [_digest(p) for p in _files(warehouse)] == before


def test_the_lock_cannot_be_lifted_from_sql(warehouse: Path) -> None:
    done = _sql(warehouse, "set enable_external_access = true")
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1
    assert "the configuration has been locked" in done.stderr


def test_views_and_search_still_work(warehouse: Path) -> None:
    done = _sql(warehouse, "select count(*) as n from articles_per_outlet_day", "--csv")
    assert (done.returncode, done.stdout) == (0, "n\n10\n")
    found = subprocess.run(
        [NEWSWH, "search", "--warehouse", str(warehouse), "ceasefire", "--json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert found.returncode == 0, found.stderr
    assert '"title"' in found.stdout


def test_allow_files_opens_a_folder_of_ones_own(warehouse: Path, tmp_path: Path) -> None:
    (tmp_path / "mine.csv").write_text("a,b\n1,2\n")
    done = _sql(
        warehouse,
        f"select a + b as s from read_csv('{tmp_path / 'mine.csv'}')",
        "--allow-files",
        str(tmp_path),
        "--csv",
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, "s\n3\n", "")
    # Still no way into the warehouse's own files, through '..' or a symlink either.
    (tmp_path / "raw.duckdb").symlink_to(_files(warehouse)[2])
    before = [_digest(p) for p in _files(warehouse)]
    for query in (
        f"copy (select 1) to '{tmp_path}/../{warehouse.parent.name}/news.work.duckdb'",
        f"attach '{tmp_path / 'raw.duckdb'}' as raw",
        f"copy (select 1) to '{tmp_path / 'raw.duckdb'}' (format csv)",
    ):
        done = _sql(warehouse, query, "--allow-files", str(tmp_path))
        assert done.returncode == 1, query
        assert "file system operations are disabled by configuration" in done.stderr
    assert [_digest(p) for p in _files(warehouse)] == before


def test_allow_files_refuses_the_warehouse_folder(warehouse: Path) -> None:
    done = _sql(warehouse, "select 1", "--allow-files", str(warehouse.parent))
    assert done.returncode == 1
    assert done.stderr == (
        f"newswh: error: --allow-files {warehouse.parent.resolve()} holds the warehouse files;"
        " name a folder that does not\n"
    )
