import logging
from pathlib import Path

import pytest

from pipelines.defs.progress import PROGRESS, Progress
from pipelines.steps.ingest import ingest_landing
from pipelines.warehouse import Warehouse


def test_one_line_per_interval_and_always_the_last(caplog: pytest.LogCaptureFixture) -> None:
    now = [100.0]
    lines: list[str] = []
    progress = Progress(lines.append, "parsed", every=10.0, clock=lambda: now[0])
    with caplog.at_level(logging.INFO, logger=PROGRESS.name):
        for done, at in ((500, 104.0), (1000, 110.0), (1500, 115.0), (2000, 120.5), (2400, 121.0)):
            now[0] = at
            progress(done, 2400)
    assert lines == [
        "parsed: 1,000 of 2,400 pages (42%), 100 pages/s",
        "parsed: 2,000 of 2,400 pages (83%), 98 pages/s",
        "parsed: 2,400 of 2,400 pages (100%), 114 pages/s",
    ]
    assert [r.getMessage() for r in caplog.records if r.name == PROGRESS.name] == lines


def test_ingest_reports_files_as_it_goes_and_a_readable_summary(tmp_path: Path) -> None:
    landing = tmp_path / "landing"
    landing.mkdir()
    for name in ("a", "b", "c"):
        (landing / f"{name}.html").write_text(f"<p>{name}</p>")
    calls: list[tuple[int, int]] = []
    with Warehouse(tmp_path / "w.duckdb").writer() as wh:
        stats = ingest_landing(wh, landing, "load-1", progress=lambda d, t: calls.append((d, t)))
    assert calls == [(1, 3), (2, 3), (3, 3)]
    assert stats.summary() == "3 files seen, 3 read; 3 pages seen, 3 new"
    now = [0.0]
    lines: list[str] = []
    files = Progress(lines.append, "ingested", every=10.0, unit="files", clock=lambda: now[0])
    now[0] = 2.0
    files(3, 3)
    assert lines == ["ingested: 3 of 3 files (100%), 2 files/s"]
