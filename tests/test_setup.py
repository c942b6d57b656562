"""Set-up as a new user meets it: which Pythons, when `make` rebuilds .venv, and `make dev`.

The .venv tests run the real `make -n` on a copy of the Makefile, with small stand-in
interpreters that print the version `make` asks them for, so no venv is built here.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO

MAKE = shutil.which("make")
pytestmark = pytest.mark.skipif(MAKE is None, reason="make is not installed")

STAMP_LINE = (
    ".venv/bin/python -c 'import platform; print(platform.python_implementation(), "
    "platform.python_version())' > .venv/.installed.tmp && mv .venv/.installed.tmp .venv/.installed"
)
INSTALL = [
    '.venv/bin/python -m pip install --quiet --disable-pip-version-check "pip==26.3"',
    ".venv/bin/pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'",
    ".venv/bin/python -m compileall -q pipelines",  # an editable install ships no .pyc
    STAMP_LINE,  # the stamp is written last: a failed install leaves none
    'echo ".venv ready: $(cat .venv/.installed)"',
]


def make_env(path_first: Path | None = None) -> dict[str, str]:
    """The caller's environment without what an enclosing `make` passes down (PYTHON=...)."""
    env = {k: v for k, v in os.environ.items() if k not in {"MAKEFLAGS", "MFLAGS", "MAKELEVEL"}}
    env.pop("PYTHON", None)
    if path_first is not None:
        env["PATH"] = f"{path_first}{os.pathsep}{env['PATH']}"
    return env


def interpreter(path: Path, ident: str) -> Path:
    """An executable that answers the Makefile's version question with `ident`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"#!/bin/sh\necho '{ident}'\n")
    path.chmod(0o755)
    return path


# What the install stamp depends on: the pins, and the compiled matcher's sources (a change
# rebuilds it).
STAMP_INPUTS = (
    "pyproject.toml",
    "constraints.txt",
    "setup.py",
    "pipelines/parse/_fastcss.pyx",
    "pipelines/parse/_lexbor_layout.h",
)


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Path]:
    """The Makefile and what its stamp depends on, in a folder of their own, both an hour old."""
    for name in ("Makefile", *STAMP_INPUTS):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO / name, tmp_path / name)
        hour_ago = time.time() - 3600
        os.utime(tmp_path / name, (hour_ago, hour_ago))
    yield tmp_path


def plan(project: Path, *args: str, path_first: Path | None = None) -> list[str]:
    """The commands `make -n setup` would run."""
    result = subprocess.run(
        [str(MAKE), "-n", "--no-print-directory", "setup", *args],
        cwd=project,
        env=make_env(path_first),
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.splitlines()


def venv(project: Path, ident: str, stamp: str | None) -> None:
    interpreter(project / ".venv" / "bin" / "python", ident)
    if stamp is not None:
        (project / ".venv" / ".installed").write_text(stamp)


def test_supported_pythons_agree_across_pyproject_and_makefile() -> None:
    meta = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    makefile = (REPO / "Makefile").read_text()
    supported = re.search(r"^PY_SUPPORTED := (.+)$", makefile, re.M)
    assert supported is not None
    minors = supported.group(1).split()
    assert minors == ["3.11", "3.12", "3.13"]
    assert meta["requires-python"] == ">=3.11,<3.14"
    classified = [c.rsplit(" :: ", 1)[1] for c in meta["classifiers"] if re.search(r"3\.\d+$", c)]
    assert classified == minors
    this = f"{sys.version_info.major}.{sys.version_info.minor}"
    assert this in minors


def test_a_complete_venv_is_kept(project: Path) -> None:
    venv(project, "CPython 3.13.0", "CPython 3.13.0\n")
    bin_dir = project / "bin"
    interpreter(bin_dir / "python3", "CPython 3.11.7")
    # without PYTHON a complete .venv is kept, whatever its Python; asked for by name, too
    assert plan(project, path_first=bin_dir) == ["make: Nothing to be done for 'setup'."]
    same = interpreter(bin_dir / "python3.13", "CPython 3.13.0")
    assert plan(project, f"PYTHON={same}") == ["make: Nothing to be done for 'setup'."]


def test_another_python_asked_for_rebuilds_venv_from_scratch(project: Path) -> None:
    venv(project, "CPython 3.11.7", "CPython 3.11.7\n")
    other = interpreter(project / "bin" / "python3.13", "CPython 3.13.0")
    assert plan(project, f"PYTHON={other}") == [
        "rm -rf .venv",
        f"{other} -m venv .venv",
        *INSTALL,
    ]


def test_a_half_built_venv_is_never_taken_as_done(project: Path) -> None:
    # a failed `make PYTHON=python3.12` left a 3.12 .venv without its stamp: plain `make` rebuilds
    venv(project, "CPython 3.12.1", None)
    bin_dir = project / "bin"
    interpreter(bin_dir / "python3", "CPython 3.11.7")
    assert plan(project, path_first=bin_dir) == ["rm -rf .venv", "python3 -m venv .venv", *INSTALL]


def test_a_stamp_that_names_no_python_reinstalls_in_place(project: Path) -> None:
    # stamps written before they recorded the interpreter are empty: same Python, no wipe
    venv(project, "CPython 3.11.7", "")
    bin_dir = project / "bin"
    interpreter(bin_dir / "python3", "CPython 3.11.7")
    assert plan(project, path_first=bin_dir) == INSTALL


@pytest.mark.parametrize("changed", STAMP_INPUTS[1:])
def test_a_changed_pin_or_compiled_source_reinstalls_in_place(project: Path, changed: str) -> None:
    venv(project, "CPython 3.12.1", "CPython 3.12.1\n")
    half_hour_ago = time.time() - 1800
    os.utime(project / ".venv" / ".installed", (half_hour_ago, half_hour_ago))
    assert plan(project) == ["make: Nothing to be done for 'setup'."]
    (project / changed).touch()
    assert plan(project) == INSTALL


@pytest.mark.parametrize(
    ("ident", "message"),
    [
        (
            "CPython 3.10.13",
            "make: PYTHON={python} is CPython 3.10.13; news-warehouse runs on Python 3.11 3.12 3.13",
        ),
        (
            None,
            "make: cannot run PYTHON={python}; name an installed Python (3.11 3.12 3.13), "
            "e.g. PYTHON=python3.12",
        ),
    ],
)
def test_an_unsupported_python_is_refused_before_venv_is_touched(
    project: Path, ident: str | None, message: str
) -> None:
    venv(project, "CPython 3.11.7", "CPython 3.11.7\n")
    python = project / "bin" / "python3.10"
    if ident is not None:
        interpreter(python, ident)
    result = subprocess.run(
        [str(MAKE), "--no-print-directory", "setup", f"PYTHON={python}"],
        cwd=project,
        env=make_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    ours, makes = result.stderr.splitlines()
    assert ours == message.format(python=python)
    assert re.fullmatch(r"make: \*\*\* \[Makefile:\d+: \.venv/\.installed\] Error 1", makes)
    assert (project / ".venv" / ".installed").read_text() == "CPython 3.11.7\n"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_make_dev_on_a_busy_port_says_so_in_one_line_and_starts_nothing() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run(
            [str(MAKE), "--no-print-directory", "dev", f"PORT={port}"],
            cwd=REPO,
            env=make_env(),
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert result.returncode == 2
    assert result.stdout == ""
    ours, makes = result.stderr.splitlines()
    found = re.fullmatch(
        rf"make dev: cannot serve on 127\.0\.0\.1:{port}: in use by another program; "
        r"pick another port, e\.g\. make dev PORT=(\d+)",
        ours,
    )
    assert found, ours
    assert int(found.group(1)) > port
    assert re.fullmatch(r"make: \*\*\* \[Makefile:\d+: dev-port\] Error 1", makes)


def test_make_dev_refuses_a_port_that_is_no_number() -> None:
    result = subprocess.run(
        [str(MAKE), "--no-print-directory", "dev-port", "PORT=30x0"],
        cwd=REPO,
        env=make_env(),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert (
        result.stderr.splitlines()[0]
        == "make dev: PORT must be a number from 1 to 65535, not '30x0'"
    )


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def test_when_the_webserver_cannot_listen_the_daemon_goes_down_with_it(tmp_path: Path) -> None:
    """The port is taken after the check, before the webserver binds it: everything stops."""
    home = tmp_path / "home"
    home.mkdir()
    shutil.copy(REPO / "ops" / "dagster.yaml", home / "dagster.yaml")
    (tmp_path / "landing").mkdir()
    env = {
        **os.environ,
        "DAGSTER_HOME": str(home),
        "NEWSWH_SOURCE": str(tmp_path / "landing"),
        "NEWSWH_WAREHOUSE": str(tmp_path / "news.duckdb"),
    }
    port = _free_port()
    script = REPO / "scripts" / "dagster_dev.py"
    args = [sys.executable, str(script), "--port", str(port), "-m", "pipelines.definitions"]
    with (tmp_path / "dagster.log").open("w") as log:
        proc = subprocess.Popen(
            args, cwd=REPO, env=env, stdout=log, stderr=subprocess.PIPE, text=True
        )
    assert proc.stderr is not None
    pgid = 0
    try:
        started = proc.stderr.readline()
        found = re.fullmatch(
            rf"make dev: starting dagster dev on http://127\.0\.0\.1:{port} \(process group (\d+)\)\n",
            started,
        )
        assert found, started
        pgid = int(found.group(1))
        with socket.socket() as squatter:
            squatter.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            squatter.bind(("127.0.0.1", port))
            squatter.listen()
            rest = proc.stderr.read()
            assert proc.wait(timeout=240) == 1
    finally:
        if proc.poll() is None:
            proc.kill()
        if pgid and _group_alive(pgid):
            os.killpg(pgid, signal.SIGKILL)
    assert rest.splitlines() == [
        f"make dev: the webserver could not listen on 127.0.0.1:{port} (in use by another "
        "program): stopping dagster dev and its daemon",
        "make dev: stopped",
    ]
    assert not _group_alive(pgid)
    assert "address already in use" in (tmp_path / "dagster.log").read_text()
