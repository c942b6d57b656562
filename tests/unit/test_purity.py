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


# Extraction is a function of the page and its fetch metadata: nothing in it reads the clock.
CLOCK_CALLS = {
    "now",
    "utcnow",
    "today",
    "time",
    "time_ns",
    "monotonic",
    "perf_counter",
    "localtime",
}
CLOCK_CODE = [
    *sorted((PIPELINES / "parse").rglob("*.py")),
    *sorted((PIPELINES / "normalize").rglob("*.py")),
    PIPELINES / "extract.py",
    PIPELINES / "extract_json.py",
]


def _clock_reads(path: Path) -> list[str]:
    """Calls like datetime.now(), date.today(), time.time(), and dateparser calls whose
    settings carry no RELATIVE_BASE (dateparser then reads the clock for 'Monday')."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "time":
            found.append(f"line {node.lineno}: from time import ...")
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name in CLOCK_CALLS and not node.args:
            found.append(f"line {node.lineno}: {ast.unparse(func)}()")
        if ast.unparse(func) == "dateparser.parse" and "RELATIVE_BASE" not in ast.unparse(node):
            settings = [k.value for k in node.keywords if k.arg == "settings"]
            names = [s.id for s in settings if isinstance(s, ast.Name)]
            if not any(_assigns_relative_base(tree, n) for n in names):
                found.append(f"line {node.lineno}: dateparser.parse without RELATIVE_BASE")
    return found


def _assigns_relative_base(tree: ast.AST, name: str) -> bool:
    return any(
        isinstance(node, ast.Assign)
        and any(isinstance(t, ast.Name) and t.id == name for t in node.targets)
        and "RELATIVE_BASE" in ast.unparse(node.value)
        for node in ast.walk(tree)
    )


@pytest.mark.parametrize("path", CLOCK_CODE, ids=lambda p: str(p.relative_to(PIPELINES)))
def test_extraction_reads_no_clock(path: Path) -> None:
    assert _clock_reads(path) == []


def test_the_clock_scan_sees_clock_calls(tmp_path: Path) -> None:
    code = tmp_path / "clocky.py"
    code.write_text(
        "import dateparser\nfrom datetime import datetime\n"
        "a = datetime.now()\nb = dateparser.parse('Monday', settings={'TIMEZONE': 'UTC'})\n"
        "s = {'RELATIVE_BASE': a}\nc = dateparser.parse('Monday', settings=s)\n"
    )
    assert _clock_reads(code) == [
        "line 3: datetime.now()",
        "line 4: dateparser.parse without RELATIVE_BASE",
    ]
