"""Every failed load is a row; files that vanish, change or loop never abort a load; a
corrupt raw store is diagnosed and repaired; no temp file outlives a failed load."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb
import pytest

import pipelines.steps.ingest as ingest_step
from pipelines.landing_walk import Listed, scan
from tests.conftest import load
from tests.faults.conftest import DAGSTER, load_runs, newswh, snapshot, start


def _corrupt(path: Path) -> None:
    """Overwrite blocks inside the file (its header stays): DuckDB's checksums catch it."""
    size = path.stat().st_size
    with path.open("r+b") as fh:
        for offset in (12288 + 64, size // 2):
            fh.seek(offset)
            fh.write(os.urandom(2048))


def _rejects(warehouse: Path) -> dict[str, str]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute("select source_path, reason from rejected_pages").fetchall()
    return {path: reason for path, reason in rows}


def test_a_corrupt_raw_store_fails_loads_with_a_row_and_doctor_repairs_it(
    landing: Path, warehouse: Path
) -> None:
    good = snapshot(warehouse)
    raw = warehouse.with_name("news.raw.duckdb")
    _corrupt(raw)

    failed = newswh("load", "--source", str(landing), "--warehouse", str(warehouse))
    assert failed.returncode == 1
    assert "nothing of it was published" in failed.stdout
    status, mode, error, started, finished = load_runs(warehouse)[-1]
    assert (status, mode, started, finished) == ("failed", "load", True, True)
    assert "Corrupt database file" in error and error.endswith("(see `newswh doctor`)")
    shown = newswh("status", "--warehouse", str(warehouse))
    lines = shown.stdout.splitlines()
    assert lines[1] == "Failed loads, newest first:"
    assert lines[2].endswith(f" load: {error}")  # the whole error

    doctor = newswh("doctor", "--warehouse", str(warehouse), "--source", str(landing))
    assert doctor.returncode == 1
    assert "  raw       PROBLEM: cannot be read: IO Error: Corrupt database file" in doctor.stdout
    assert doctor.stderr.strip() == (
        f"newswh: error: to repair: `newswh doctor --repair --source {landing}` sets the raw "
        f"store aside and refills it from {landing}"
    )

    gone = sorted(landing.glob("*.html"))[0]  # one file whose bytes are gone for good
    source = warehouse.parent / "landing"
    shutil.copytree(landing, source)
    (source / gone.name).unlink()
    repaired = newswh("doctor", "--repair", "--warehouse", str(warehouse), "--source", str(source))
    assert repaired.returncode == 0, repaired.stderr
    assert "  repaired: set the raw store aside (news.raw.duckdb.corrupt-" in repaired.stdout
    assert "  1 raw pages have no bytes anywhere" in repaired.stdout
    assert f"    {gone.name}  " in repaired.stdout
    assert "  raw       ok; 1 raw pages have no bytes (a reparse leaves them as they are)" in (
        repaired.stdout
    )
    assert repaired.stdout.rstrip().endswith("All three files are sound.")
    assert snapshot(warehouse) == good  # nothing dropped from the snapshot

    again = newswh("reparse", "--warehouse", str(warehouse))
    assert again.returncode == 0, again.stderr
    assert snapshot(warehouse) == good  # the page without bytes keeps its version


def test_the_asset_job_of_materialize_all_writes_its_failure(
    landing: Path, warehouse: Path
) -> None:
    _corrupt(warehouse.with_name("news.raw.duckdb"))
    job = start(
        DAGSTER,
        "job",
        "execute",
        "-m",
        "pipelines.definitions",
        "-j",
        "__ASSET_JOB",
        landing=landing,
        warehouse=warehouse,
    )
    job.communicate(timeout=300)
    assert job.returncode != 0
    status, mode, error, started, finished = load_runs(warehouse)[-1]
    assert (status, mode, started, finished) == ("failed", "load", True, True)
    assert error.startswith("step raw_pages failed: _duckdb.IOException: IO Error: Corrupt")


def test_a_file_deleted_after_discover_and_links_that_go_nowhere_do_not_abort_a_load(
    landing: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "landing"
    source.mkdir()
    pages = sorted(landing.glob("*.html"))[:6]
    for page in pages:
        shutil.copyfile(page, source / page.name)
    (source / "dangling.html").symlink_to(source / "nothing-here.html")
    (source / "loop.html").symlink_to(source / "loop.html")
    doomed = source / pages[0].name

    def listed_then_deleted(root: Path) -> list[Listed]:
        found = scan(root)
        doomed.unlink(missing_ok=True)  # gone between the listing and the read
        return found

    monkeypatch.setattr(ingest_step, "scan", listed_then_deleted)
    warehouse = tmp_path / "news.duckdb"
    report = load(source, warehouse)
    assert report.success, report.error
    assert _rejects(warehouse) == {
        "dangling.html": "broken_link",
        "loop.html": "symlink_loop",
        pages[0].name: "vanished",
    }
    assert report.counts["versions_added"] == 5

    monkeypatch.undo()
    shutil.copyfile(pages[0], doomed)  # it comes back: no manifest row, so it is read
    again = load(source, warehouse)
    assert again.success, again.error
    assert again.counts["files_read"] == 1 and again.counts["versions_added"] == 1


def test_a_file_rewritten_with_the_same_size_and_mtime_is_read_again(
    landing: Path, tmp_path: Path
) -> None:
    source = tmp_path / "landing"
    source.mkdir()
    first, second = sorted(landing.glob("*.html"))[:2]
    page = source / "page.html"
    shutil.copyfile(first, page)
    warehouse = tmp_path / "news.duckdb"
    assert load(source, warehouse).success
    before = page.stat()
    body = second.read_bytes()[: before.st_size].ljust(before.st_size, b" ")
    page.unlink()  # a new file under the old name: another inode, same size and mtime
    page.write_bytes(body)
    os.utime(page, ns=(before.st_atime_ns, before.st_mtime_ns))
    report = load(source, warehouse)
    assert report.success, report.error
    assert report.counts["files_read"] == 1 and report.counts["pages_new"] == 1

    unchanged = load(source, warehouse)
    assert unchanged.counts["files_read"] == 0
    rescan = newswh("load", "--rescan", "--source", str(source), "--warehouse", str(warehouse))
    assert rescan.returncode == 0, rescan.stderr
    assert "  files:    1 seen, 1 new or changed" in rescan.stdout
    assert "  pages:    1 seen, 0 new" in rescan.stdout  # the same bytes are the same page


def test_stale_snapshot_copies_of_dead_writers_are_removed_by_the_next(
    landing: Path, warehouse: Path
) -> None:
    stale = warehouse.with_name(f".{warehouse.name}.999999.tmp")
    stale.write_bytes(b"half a copy")
    done = newswh("load", "--source", str(landing), "--warehouse", str(warehouse))
    assert done.returncode == 0, done.stderr
    assert f"  recovered: removed the half-written copy {stale.name}" in done.stdout
    assert not list(warehouse.parent.glob("*.tmp"))


def test_a_file_whose_name_is_not_utf8_is_loaded_under_an_escaped_name(
    landing: Path, tmp_path: Path
) -> None:
    """The OS hands such a name over with surrogates, which no text column holds: it failed
    every load while the file stayed. Its bytes are written as escapes instead."""
    source = tmp_path / "landing"
    source.mkdir()
    first, second = sorted(landing.glob("*.html"))[:2]
    shutil.copyfile(first, source / first.name)
    shutil.copyfile(second, os.fsdecode(bytes(source) + b"/bad\xff\xfename.html"))
    warehouse = tmp_path / "news.duckdb"
    report = load(source, warehouse)
    assert report.success, report.error
    assert report.counts["versions_added"] == 2
    with duckdb.connect(str(warehouse), read_only=True) as con:
        names = sorted(
            row[0] for row in con.execute("select source_path from raw_pages").fetchall()
        )
    assert names == sorted([first.name, "bad\\xff\\xfename.html"])
    again = load(source, warehouse)
    assert again.success, again.error
    assert again.counts["files_read"] == 0
