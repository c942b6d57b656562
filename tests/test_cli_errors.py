"""The CLI's error table: every bad input is one line on stderr and a non-zero exit.

Each row runs the real console script in a subprocess: (arguments, stdin, exit code, the one
stderr line). `{wh}` is a warehouse loaded from seeds/, `{fake}` a file that is no DuckDB
database, `{empty}` an empty folder, `{tmp}` this test's folder. Usage errors exit 2, as click
does; everything else exits 1.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from pipelines.runner import LoadReport
from tests.test_cli import run

NO_INPUTS = "(*.html, *.htm, *.txt, *.jsonl, *.warc, each optionally .gz)"
NOT_DUCKDB = "is not a DuckDB warehouse: pass another --warehouse, or move the file away"
VIEW = Path(__file__).resolve().parents[1] / "sql" / "views" / "feed_timeline.sql"


@dataclass(frozen=True)
class Case:
    args: tuple[str, ...]
    code: int
    line: str
    stdin: str | None = None


CASES = {
    "search --limit -3": Case(
        ("search", "grain", "--warehouse", "{wh}", "--limit", "-3"),
        2,
        "Invalid value for '--limit': -3 is not in the range x>=1 (see `newswh search --help`)",
    ),
    "search --limit 0": Case(
        ("search", "grain", "--warehouse", "{wh}", "--limit", "0"),
        2,
        "Invalid value for '--limit': 0 is not in the range x>=1 (see `newswh search --help`)",
    ),
    "search an empty query": Case(("search", " ", "--warehouse", "{wh}"), 1, "the query is empty"),
    "search without a warehouse": Case(
        ("search", "x", "--warehouse", "{tmp}/none.duckdb"),
        1,
        "no warehouse at {tmp}/none.duckdb: run `newswh load` (or `make run`) first",
    ),
    "sql on a non-DuckDB file": Case(
        ("sql", "select 1", "--warehouse", "{fake}"), 1, f"{{fake}} {NOT_DUCKDB}"
    ),
    "sql on an empty file": Case(
        ("sql", "select 1", "--warehouse", "{tmp}/zero.duckdb"),
        1,
        f"{{tmp}}/zero.duckdb {NOT_DUCKDB}",
    ),
    "sql without SQL": Case(
        ("sql", "--warehouse", "{wh}"), 1, "no SQL given (pass a QUERY or pipe it on stdin)", ""
    ),
    "sql of an unknown table": Case(
        ("sql", "select * from nope", "--warehouse", "{wh}"),
        1,
        "Catalog Error: Table with name nope does not exist!",
    ),
    "sql creating an installed view": Case(
        ("sql", "--warehouse", "{wh}"),
        1,
        "view feed_timeline is already installed in the warehouse (every load creates "
        'sql/views/): query it, e.g. newswh sql "select * from feed_timeline limit 5"',
        VIEW.read_text(encoding="utf-8"),
    ),
    "sql --max-rows 0": Case(
        ("sql", "select 1", "--warehouse", "{wh}", "--max-rows", "0"),
        2,
        "Invalid value for '--max-rows': 0 is not in the range x>=1 (see `newswh sql --help`)",
    ),
    "load into a non-DuckDB file": Case(
        ("load", "--warehouse", "{fake}"), 1, f"{{fake}} {NOT_DUCKDB}"
    ),
    "load from a missing folder": Case(
        ("load", "--source", "{tmp}/nowhere", "--warehouse", "{tmp}/w.duckdb"),
        1,
        "landing folder {tmp}/nowhere does not exist (use --source DIR)",
    ),
    "reparse with --until before --since": Case(
        ("reparse", "--warehouse", "{wh}", "--since", "2024-12-22", "--until", "2024-12-01"),
        1,
        "--until 2024-12-01 is before --since 2024-12-22: the range is empty",
    ),
    "reparse with a bad date": Case(
        ("reparse", "--warehouse", "{wh}", "--since", "2024-12-2x"),
        1,
        "--since '2024-12-2x' is not an ISO date (2024-12-01) or instant (2024-12-01T06:00Z)",
    ),
    "reparse without a warehouse": Case(
        ("reparse", "--warehouse", "{tmp}/none.duckdb"),
        1,
        "no warehouse at {tmp}/none.duckdb: run `newswh load` first",
    ),
    "reparse of a non-DuckDB file": Case(
        ("reparse", "--warehouse", "{fake}"), 1, f"{{fake}} {NOT_DUCKDB}"
    ),
    "maintain without a warehouse": Case(
        ("maintain", "--warehouse", "{tmp}/none.duckdb"),
        1,
        "no warehouse at {tmp}/none.duckdb: run `newswh load` first",
    ),
    "maintain a non-DuckDB file": Case(
        ("maintain", "--warehouse", "{fake}"), 1, f"{{fake}} {NOT_DUCKDB}"
    ),
    "extract an empty folder": Case(
        ("extract", "{empty}"), 1, f"no input files in {{empty}} {NO_INPUTS}"
    ),
    "extract a missing file": Case(
        ("extract", "{tmp}/no.html"), 1, "{tmp}/no.html: no such file or folder"
    ),
    "extract without a path": Case(
        ("extract",), 2, "Missing argument 'PATHS...' (see `newswh extract --help`)"
    ),
    "status --last 0": Case(
        ("status", "--warehouse", "{wh}", "--last", "0"),
        2,
        "Invalid value for '--last': 0 is not in the range x>=1 (see `newswh status --help`)",
    ),
    "synth --pages 0": Case(
        ("synth", "--pages", "0", "--out", "{tmp}/synth"),
        2,
        "Invalid value for '--pages': 0 is not in the range x>=1 (see `newswh synth --help`)",
    ),
    "an unknown command": Case(
        ("frobnicate",), 2, "No such command 'frobnicate' (see `newswh --help`)"
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_error_is_one_clear_line(
    name: str, seed_load: tuple[Path, LoadReport, LoadReport], tmp_path: Path
) -> None:
    case = CASES[name]
    (tmp_path / "fake.duckdb").write_text("not a database\n")
    (tmp_path / "zero.duckdb").write_bytes(b"")
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "README.md").write_text("documentation, not an input\n")
    places = {
        "{wh}": str(seed_load[0]),
        "{fake}": str(tmp_path / "fake.duckdb"),
        "{empty}": str(tmp_path / "empty"),
        "{tmp}": str(tmp_path),
    }

    def fill(text: str) -> str:
        for key, value in places.items():
            text = text.replace(key, value)
        return text

    before = sorted(p.name for p in tmp_path.iterdir())
    result = run(*(fill(a) for a in case.args), stdin=case.stdin)
    assert (result.returncode, result.stderr) == (case.code, f"newswh: error: {fill(case.line)}\n")
    assert result.stdout == ""
    # nothing is left beside a file that is not ours (no fake.work.duckdb), nothing made
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_newswh_alone_prints_the_help() -> None:
    alone, asked = run(), run("--help")
    assert (alone.returncode, alone.stderr) == (0, "")
    assert alone.stdout == asked.stdout
    assert alone.stdout.startswith("Usage: newswh [OPTIONS] [COMMAND] [ARGS]...")


def test_version() -> None:
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("newswh, version ")


def test_top_level_help_is_not_cut() -> None:
    out = run("--help").stdout
    commands = out.split("Commands:\n", 1)[1].splitlines()
    assert len(commands) == 9
    assert all("…" not in line and not line.endswith("...") for line in commands)
