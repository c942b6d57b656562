"""Poison pages are quarantined, not fatal (issue 12, items 3 and 10).

Real hostile files in a landing folder beside the seeds, real loads: each bad page ends in
rejected_pages with its reason (or, for a bad date, loads with the date dropped and noted),
the good pages of the same load publish, the next load does not try them again, and
`newswh reparse` does. SIGTERM in the middle of a hanging parse stops the load in seconds.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from pipelines.runner import LoadReport, run_load
from pipelines.settings import Settings
from tests.conftest import SEEDS
from tests.faults import hostile

NEWSWH = str(Path(sys.executable).with_name("newswh"))
BUDGET = 2.0  # seconds a page may parse here; the slow page needs about 10


def _load(source: Path, warehouse: Path, timeout: float = BUDGET) -> LoadReport:
    settings = Settings(
        source=source,
        warehouse=warehouse,
        workers=1,
        max_bytes=20 * 1024 * 1024,
        parse_timeout=timeout,
    )
    return run_load(settings)


def _env(timeout: float) -> dict[str, str]:
    env = {**os.environ, "NEWSWH_WORKERS": "1", "NEWSWH_PARSE_TIMEOUT": str(timeout)}
    env.pop("DAGSTER_HOME", None)
    return env


def _rows(warehouse: Path, query: str) -> list[tuple[object, ...]]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(query).fetchall()


def _rejects(warehouse: Path) -> dict[str, tuple[str, str]]:
    rows = _rows(warehouse, "select source_path, reason, details from rejected_pages")
    return {str(path): (str(reason), str(details)) for path, reason, details in rows}


def _article(warehouse: Path, slug: str) -> dict[str, object]:
    rows = _rows(
        warehouse,
        "select published_at::varchar, field_sources::varchar from articles "
        f"where url = 'https://example.org/news/{slug}'",
    )
    assert len(rows) == 1, slug
    published, sources = rows[0]
    return {"published_at": published, "field_sources": json.loads(str(sources))}


@pytest.fixture(scope="module")
def landing(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("poison") / "landing"
    shutil.copytree(SEEDS, folder)
    hostile.write_all(folder)
    return folder


@pytest.fixture(scope="module")
def loaded(landing: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, LoadReport]:
    warehouse = tmp_path_factory.mktemp("poison_wh") / "news.duckdb"
    return warehouse, _load(landing, warehouse)


def test_the_load_with_poison_pages_succeeds(loaded: tuple[Path, LoadReport]) -> None:
    warehouse, report = loaded
    assert report.success, report.error
    # The seeds' 10 articles and the 4 hostile pages whose dates were the only trouble.
    assert report.counts["articles_inserted"] == 14
    assert _rows(warehouse, "select count(*) from articles") == [(14,)]


def test_each_poison_page_is_quarantined_with_its_reason(loaded: tuple[Path, LoadReport]) -> None:
    rejects = _rejects(loaded[0])
    assert rejects["deep_divs.html"] == (
        "too_deep",
        "the markup nests more than 5,000 elements deep (the limit is 5,000);"
        " a parser would take minutes",
    )
    assert rejects["deep_jsonld.html"][0] == "parse_error"
    assert rejects["deep_jsonld.html"][1].startswith("extraction raised RecursionError: ")
    assert rejects["slow.html"] == (
        "parse_timeout",
        f"parsing took longer than {BUDGET:g} s; the worker was stopped",
    )
    assert loaded[1].reject_reasons == {
        "empty": 1,
        "not_found": 1,
        "parse_error": 1,
        "parse_timeout": 1,
        "too_deep": 1,
    }


def test_year_one_is_dropped_with_a_note(loaded: tuple[Path, LoadReport]) -> None:
    article = _article(loaded[0], "year-one")
    assert article["published_at"] is None
    assert article["field_sources"] == {
        "title": "jsonld",
        # no value, so no source: the note says which stamp was dropped and why
        "published_at_note": "dropped '0001-01-01T00:00:00+02:00': before 1800",
        "url": "canonical",
        "language": "markup",
        "body": "visible",
    }


def test_epoch_numbers_read_as_2024(loaded: tuple[Path, LoadReport]) -> None:
    assert _article(loaded[0], "epoch-ms")["published_at"] == "2024-12-01 11:00:00+00"
    assert _article(loaded[0], "epoch-s")["published_at"] == "2024-12-01 11:00:00+00"


def test_a_relative_date_without_a_fetch_time_stays_null(loaded: tuple[Path, LoadReport]) -> None:
    assert _article(loaded[0], "relative")["published_at"] is None


def test_a_second_load_does_not_try_them_again(
    landing: Path, loaded: tuple[Path, LoadReport]
) -> None:
    warehouse = loaded[0]
    started = time.monotonic()
    again = _load(landing, warehouse)
    assert again.success, again.error
    assert again.counts["pages_processed"] == 0
    assert time.monotonic() - started < 60
    assert _rejects(warehouse)["slow.html"][0] == "parse_timeout"


def test_reparse_tries_them_again(landing: Path, loaded: tuple[Path, LoadReport]) -> None:
    warehouse = loaded[0]
    before = _rejects(warehouse)
    done = subprocess.run(
        [NEWSWH, "reparse", "--warehouse", str(warehouse)],
        env=_env(BUDGET),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    processed = _rows(warehouse, "select pages_processed from load_runs where mode = 'reparse'")
    assert processed == [(20,)]  # every raw page, the quarantined ones too
    assert _rejects(warehouse) == before
    assert _rows(warehouse, "select count(*) from articles") == [(14,)]


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        if ppid == pid:
            found.append(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["TERM", "INT"])
def test_a_signal_stops_a_hanging_parse_in_seconds(tmp_path: Path, signum: signal.Signals) -> None:
    landing = tmp_path / "landing"
    shutil.copytree(SEEDS, landing)
    (landing / "slow.html").write_bytes(hostile.slow_paragraphs())
    warehouse = tmp_path / "wh" / "news.duckdb"
    load = subprocess.Popen(
        [NEWSWH, "load", "--source", str(landing), "--warehouse", str(warehouse)],
        env=_env(600.0),  # no budget to save it: only the signal ends this parse
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 240
    workers: list[int] = []
    while not workers and time.monotonic() < deadline:  # the fork server's children parse
        workers = [w for server in _children(load.pid) for w in _children(server)]
        time.sleep(0.2)
    assert workers, "the load never started parsing"
    time.sleep(2)  # well inside the slow page
    sent = time.monotonic()
    load.send_signal(signum)
    _out, err = load.communicate(timeout=60)
    assert time.monotonic() - sent < 15
    assert load.returncode == 1
    assert f"stopped by {signum.name}; pages stay pending" in err
    assert err.count("\n") == 1  # one line, no traceback
    time.sleep(1)
    assert [w for w in workers if _alive(w)] == []
    # The next load takes the pages up where the stopped one left them.
    again = _load(landing, warehouse)
    assert again.success, again.error
    assert _rejects(warehouse)["slow.html"][0] == "parse_timeout"
    assert _rows(warehouse, "select count(*) from articles") == [(10,)]


def test_an_unreadable_fetch_time_is_noted_in_the_record(tmp_path: Path) -> None:
    page = hostile.relative_time_only().decode()
    given = ["not a date", "99999-01-01T00:00:00Z", "2024-12-22T08:00:00+02:00"]
    lines = [
        json.dumps(
            {
                "url": f"https://example.org/news/f{i}",
                "fetched_at": at,
                "html": page.replace("relative", f"f{i}"),  # other bytes: another page
            }
        )
        for i, at in enumerate(given)
    ]
    landing = tmp_path / "landing"
    landing.mkdir()
    (landing / "pages.jsonl").write_text("\n".join(lines) + "\n")
    warehouse = tmp_path / "wh" / "news.duckdb"
    assert _load(landing, warehouse).success
    rows = _rows(
        warehouse,
        "select a.url, a.published_at::varchar, json_extract_string(a.field_sources, "
        "'$.fetched_at_note') from articles as a order by a.url",
    )
    assert rows == [
        (
            "https://example.org/news/f0",
            None,
            "ignored fetch time 'not a date': not an ISO 8601 instant",
        ),
        (
            "https://example.org/news/f1",
            None,
            "ignored fetch time '99999-01-01T00:00:00Z': not an ISO 8601 instant",
        ),
        # '2 hours ago' against a fetch time it has: 06:00 Kyiv time, 04:00 UTC.
        ("https://example.org/news/f2", "2024-12-22 04:00:00+00", None),
    ]
