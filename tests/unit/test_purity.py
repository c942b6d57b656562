"""Pure layers import no Dagster, DuckDB or Great Expectations: they are tested on strings."""

import ast
from pathlib import Path

import pytest

PIPELINES = Path(__file__).resolve().parents[2] / "pipelines"
PURE = [
    *sorted((PIPELINES / "parse").rglob("*.py")),
    *sorted((PIPELINES / "normalize").rglob("*.py")),
    *sorted((PIPELINES / "ingest").rglob("*.py")),
    *sorted((PIPELINES / "search").rglob("*.py")),
    PIPELINES / "extract.py",
    PIPELINES / "model.py",
]
FORBIDDEN = {"dagster", "duckdb", "great_expectations", "pyarrow", "pandas", "os"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("path", PURE, ids=lambda p: str(p.relative_to(PIPELINES)))
def test_pure_module_imports(path: Path) -> None:
    assert _imports(path) & FORBIDDEN == set()


def test_the_scan_sees_imports() -> None:
    assert "dagster" in _imports(PIPELINES / "definitions.py")
