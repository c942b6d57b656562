"""newswh from a shell: the real console script, real files; errors are one line, exit non-zero."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SEED_PAGE, SEEDS

NEWSWH = str(Path(sys.executable).with_name("newswh"))
COMMANDS = ["load", "extract", "search", "sql", "reparse", "synth", "status"]


def run(
    *args: str, env: dict[str, str] | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, **(env or {})}
    full_env.pop("DAGSTER_HOME", None)
    return subprocess.run(
        [NEWSWH, *args],
        capture_output=True,
        text=True,
        env=full_env,
        input=stdin,
        timeout=300,
        check=False,
    )


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: str) -> None:
    result = run(command, "--help")
    assert result.returncode == 0
    assert "Usage: newswh " + command in result.stdout


def test_top_level_help_lists_commands() -> None:
    out = run("--help").stdout
    assert all(c in out for c in COMMANDS)


def test_extract_json_of_the_seed() -> None:
    result = run("extract", str(SEED_PAGE), "--json")
    assert result.returncode == 0, result.stderr
    [line] = result.stdout.splitlines()
    obj = json.loads(line)
    assert obj["title"] == "NYT: Putin open to ceasefire if Russia keeps occupied territories"
    assert set(obj) >= {
        "page_id",
        "source_path",
        "record",
        "url",
        "fetched_at",
        "status",
        "reject_reason",
        "outlet",
        "title",
        "authors",
        "published_at",
        "updated_at",
        "language",
        "read_time_min",
        "word_count",
        "body",
        "image_caption",
        "image_credit",
        "related",
        "field_sources",
    }


def test_extract_a_folder_reports_rejects_in_one_line() -> None:
    result = run("extract", str(SEEDS), "--json")
    assert result.returncode == 1
    assert len(result.stdout.splitlines()) == 13
    assert result.stderr.strip() == (
        "newswh: error: 2 of 13 records rejected (900_empty.html: empty; 901_not_found.html: not_found)"
    )


def test_extract_names_each_record() -> None:
    """Human output: FILE#N for a record inside a container (N is the 0-based `record`)."""
    lines = run("extract", str(SEEDS)).stdout.splitlines()
    assert (
        "article   200_crawl_2024-12-21.jsonl#0  Odesa grain corridor keeps ships moving "
        "despite drone attacks" in lines
    )
    assert (
        "article   300_crawl_2024-12-20.warc.gz#3  Poltava museum brings evacuated paintings "
        "back on display" in lines
    )
    assert lines[-2] == (
        "rejected  900_empty.html  empty: the record has no content (0 bytes or only whitespace)"
    )


def test_extract_reads_pages_as_the_override_file_says_as_load_does(tmp_path: Path) -> None:
    page = "103_harbour_gazette_visible.html"
    for name in (page, f"{page}.meta.json"):
        shutil.copy(SEEDS / name, tmp_path / name)

    def extracted(env: dict[str, str] | None = None) -> tuple[str, str]:
        result = run("extract", str(tmp_path), "--json", env=env)
        assert result.returncode == 0, result.stderr
        obj = json.loads(result.stdout)
        return obj["outlet"], obj["published_at"]

    # 'Published 18 December 2024 at 07:15': the .co.uk zone without an override
    assert extracted() == ("Harbour Gazette", "2024-12-18T07:15:00+00:00")
    (tmp_path / "outlets.toml").write_text(
        '[[outlet]]\ndomain = "harbourgazette.co.uk"\nname = "Harbour Gazette (override)"\n'
        'time_zone = "Europe/Kyiv"\n'
    )
    assert extracted() == ("Harbour Gazette (override)", "2024-12-18T07:15:00+02:00")
    named = tmp_path.parent / "mine.toml"
    named.write_text(
        '[[outlet]]\ndomain = "harbourgazette.co.uk"\nname = "Named"\ntime_zone = "Asia/Tokyo"\n'
    )
    assert extracted({"NEWSWH_OUTLETS": str(named)}) == ("Named", "2024-12-18T07:15:00+09:00")
    named.write_text('[[outlet]]\ndomain = "harbourgazette.co.uk"\n')
    bad = run("extract", str(tmp_path), "--json", env={"NEWSWH_OUTLETS": str(named)})
    assert bad.returncode == 1 and bad.stdout == ""
    assert bad.stderr.startswith(f"newswh: error: {named}: not an outlets file")
    assert len(bad.stderr.splitlines()) == 1


def test_synth_says_what_its_bad_inputs_become(tmp_path: Path) -> None:
    result = run("synth", "--pages", "400", "--out", str(tmp_path / "land"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.endswith(
        "; 4 bad: 2 not-found pages, 2 empty files (identical bytes: one page, one reject)\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["extract", "/no/such/file"], "newswh: error: /no/such/file: no such file or folder"),
        (
            ["load", "--source", "/no/such/dir"],
            "newswh: error: landing folder /no/such/dir does not exist",
        ),
        (
            ["search", "x", "--warehouse", "/no/such.duckdb"],
            "newswh: error: no warehouse at /no/such.duckdb",
        ),
        (
            ["sql", "select 1", "--warehouse", "/no/such.duckdb"],
            "newswh: error: no warehouse at /no/such.duckdb",
        ),
        (["frobnicate"], "newswh: error: No such command 'frobnicate'"),
    ],
)
def test_bad_input_is_one_clear_line(args: list[str], message: str) -> None:
    result = run(*args)
    assert result.returncode != 0
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert result.stderr.startswith(message)
    assert "Traceback" not in result.stderr


def test_load_search_and_sql(tmp_path: Path) -> None:
    landing = tmp_path / "landing"
    shutil.copytree(SEEDS, landing)
    env = {"NEWSWH_SOURCE": str(landing), "NEWSWH_WAREHOUSE": str(tmp_path / "w.duckdb")}
    first = run("load", "--progress", env=env)
    assert first.returncode == 0, first.stderr
    assert first.stderr.startswith("  parsed: 13 of 13 pages (100%), "), first.stderr
    assert "pages:    13 seen, 13 new" in first.stdout
    assert "articles: 10 inserted, 0 updated, 11 versions added" in first.stdout
    assert "rejected: 2 (empty 1, not_found 1)" in first.stdout
    second = run("load", env=env)
    assert "articles: 0 inserted, 0 updated, 0 versions added" in second.stdout
    status = run("status", env=env)
    assert status.returncode == 0 and status.stdout.count("succeeded") == 2
    assert status.stdout.rstrip().endswith("The last load rejected nothing.")

    hits = json.loads(run("search", "ceasefire", "--json", env=env).stdout)
    assert hits[0]["title"] == "NYT: Putin open to ceasefire if Russia keeps occupied territories"
    assert hits[0]["url"].startswith("https://kyivindependent.com/")
    assert hits[0]["published_at"] == "2023-12-23T17:40:00+02:00"
    assert hits[0]["score"] > 0
    text = run("search", "ceasefire", env=env).stdout
    assert text.startswith(" 1. NYT: Putin open to ceasefire")

    table = run("sql", "select count(*) as n from articles", env=env)
    assert table.returncode == 0 and "10" in table.stdout
    piped = run("sql", "--json", env=env, stdin="select title from articles where language = 'de'")
    assert json.loads(piped.stdout) == [
        {"title": "Köln: Neue Rheinbrücke für Radfahrer wird im Frühjahr eröffnet"}
    ]
    # sql --json and search --json print the same shape: a JSON array, one object a line
    many = run(
        "sql",
        "--json",
        "select title, url, fetched_at from articles order by fetched_at nulls first, title",
        env=env,
    )
    both = run("search", "grain", "--json", env=env)
    for out in (many.stdout, both.stdout):
        lines = out.splitlines()
        assert len(lines) > 1 and "\\/" not in out
        assert lines[0].startswith("[{") and lines[-1].endswith("}]")
        assert all(line.startswith(" {") and line.endswith("},") for line in lines[1:-1])
        assert [json.loads(line.strip("[],")) for line in lines] == json.loads(out)
    rows = json.loads(many.stdout)
    assert rows[0]["fetched_at"] is None
    assert rows[1]["url"].startswith("https://")
    assert rows[1]["fetched_at"] == "2024-12-17T11:00:00+00:00"
    assert run("sql", "--json", "select 1 as n where false", env=env).stdout == "[]\n"

    backfill = run("reparse", "--since", "2024-12-20", "--until", "2024-12-21", env=env)
    assert backfill.returncode == 0, backfill.stderr
    assert backfill.stdout.splitlines()[:5] == [
        f"Reparsed the raw pages kept in {tmp_path / 'w.duckdb'} "
        "(backfill: fetched from 2024-12-20 through 2024-12-21)",
        "  pages:    5 parsed again = 5 versions + 0 rejected",
        "  versions: 5 rewritten, replacing those pages' versions (article_versions 11 -> 11)",
        "  articles: 0 inserted, 0 updated (articles 10 -> 10)",
        "  rejected: 0",
    ]

    bad = run("sql", "select * from nope", env=env)
    assert bad.returncode == 1 and bad.stderr.startswith("newswh: error: Catalog Error")
    readonly = run("sql", "delete from articles", env=env)
    assert readonly.returncode == 1 and "read-only" in readonly.stderr
