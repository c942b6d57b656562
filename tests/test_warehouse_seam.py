"""The warehouse API is the one seam to storage: nothing else in pipelines/ imports the
database driver or runs a statement, so a second backend replaces pipelines/warehouse/ only."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "pipelines"
SEAM = PACKAGE / "warehouse"
DRIVER_CALLS = {"execute", "executemany", "register"}


def _outside_the_seam() -> list[Path]:
    return [p for p in sorted(PACKAGE.rglob("*.py")) if SEAM not in p.parents]


def test_only_the_warehouse_api_imports_the_driver() -> None:
    importers = []
    for path in _outside_the_seam():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            if any(n.split(".")[0] == "duckdb" for n in names):
                importers.append(str(path.relative_to(PACKAGE)))
    assert importers == []


def test_only_the_warehouse_api_runs_statements() -> None:
    callers = []
    for path in _outside_the_seam():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in DRIVER_CALLS:
                callers.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert callers == []
