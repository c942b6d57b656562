"""The README's examples run as written, on a seeds load in a temporary copy.

Every line of a fenced `sh` block that calls `.venv/bin/newswh` runs in bash, in the order the
README gives, from a folder holding `seeds/`, `sql/`, `warehouse/` and `.venv/bin/newswh`; the
`python` blocks run there too. A block right after `<!-- readme-test: skip (why) -->` needs
something the repository does not have (a landing folder of your own) and is not run. The
outputs the README shows (a load, a backfill) are what the commands print.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
SKIP = re.compile(r"^<!-- readme-test: skip \(.+\) -->$")
NEWSWH = Path(sys.executable).with_name("newswh")


@dataclass(frozen=True)
class Block:
    lang: str
    lines: tuple[str, ...]
    skipped: bool


def _blocks(text: str) -> list[Block]:
    blocks: list[Block] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        if lines[i].startswith("```"):
            lang = lines[i][3:].strip()
            before = [line for line in lines[:i] if line.strip()]
            skipped = bool(before) and bool(SKIP.match(before[-1]))
            end = lines.index("```", i + 1)
            blocks.append(Block(lang, tuple(lines[i + 1 : end]), skipped))
            i = end + 1
        else:
            i += 1
    return blocks


BLOCKS = _blocks(README)
COMMANDS = [
    line
    for block in BLOCKS
    if block.lang == "sh" and not block.skipped
    for line in block.lines
    if ".venv/bin/newswh" in line
]
PYTHON = ["\n".join(b.lines) for b in BLOCKS if b.lang == "python" and not b.skipped]


def _shown_output(first_word: str) -> list[str]:
    """The lines of the README's output block that starts with `first_word`."""
    [block] = [b for b in BLOCKS if b.lang == "" and b.lines and b.lines[0].startswith(first_word)]
    return list(block.lines)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder laid out like a clone after `make run`: seeds/, sql/, .venv/bin/newswh."""
    base = tmp_path_factory.mktemp("readme")
    shutil.copytree(ROOT / "seeds", base / "seeds")
    shutil.copytree(ROOT / "sql", base / "sql")
    (base / ".venv" / "bin").mkdir(parents=True)
    (base / ".venv" / "bin" / "newswh").symlink_to(NEWSWH)
    return base


def _env(workdir: Path) -> dict[str, str]:
    env = {**os.environ, "NEWSWH_SOURCE": str(workdir / "seeds")}
    env["NEWSWH_WAREHOUSE"] = str(workdir / "warehouse" / "news.duckdb")
    env.pop("DAGSTER_HOME", None)
    return env


def _bash(workdir: Path, line: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-c", line],
        cwd=workdir,
        env=_env(workdir),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="module")
def loaded(workdir: Path) -> subprocess.CompletedProcess[str]:
    """`make run`'s load of seeds/, what the README's examples start from."""
    result = _bash(workdir, ".venv/bin/newswh load")
    assert result.returncode == 0, result.stderr
    return result


def test_the_readme_has_examples_to_run() -> None:
    assert len(COMMANDS) >= 10
    assert any("reparse --since" in line for line in COMMANDS)
    assert all("/data/" not in line for line in COMMANDS)
    assert PYTHON


def test_the_load_prints_what_the_readme_shows(loaded: subprocess.CompletedProcess[str]) -> None:
    shown = _shown_output("Loaded ")
    assert loaded.stdout.splitlines()[1:] == shown[1:]


@pytest.mark.parametrize("line", COMMANDS)
def test_example_runs(line: str, workdir: Path, loaded: subprocess.CompletedProcess[str]) -> None:
    result = _bash(workdir, line)
    assert (result.returncode, result.stderr) == (0, ""), line
    assert result.stdout.strip(), line
    if "reparse --since" in line:
        shown = _shown_output("Reparsed ")
        assert result.stdout.splitlines()[1 : len(shown)] == shown[1:]


@pytest.mark.parametrize("code", PYTHON)
def test_python_example_runs(
    code: str, workdir: Path, loaded: subprocess.CompletedProcess[str]
) -> None:
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=workdir,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.strip()
