import logging

import pytest

from pipelines.defs.progress import PROGRESS, Progress


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
