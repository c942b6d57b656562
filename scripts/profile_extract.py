"""Where `newswh extract` spends its time: CPU seconds per extraction stage, in process.

`bench_speed.py` says how fast extraction is as a whole process; this says where the time goes,
to choose what to make faster. Every page of the four benchmark sets (or the folders given) is
extracted once, as `newswh extract` does, with each stage's function timed (CPU time of this
process; a stage inside another counts in both). Run it on a quiet machine, or twice.

    .venv/bin/python scripts/profile_extract.py [FOLDER ...]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSWH_SHARED", REPO.parent / "shared"))
SETS = ("fundus", "aeb", "dates", "readability")

# The stages of one page, by module, in the order they run (`_read_fields` is the HTML parse
# with parse_html and its checks; `_article` the values read from its fields).
STAGES = {
    "pipelines.extract": (
        "_read_fields",
        "_article",
        "detect_language",
        "_zone_guess",
        "_dates",
        "without_asks",
        "nesting_depth_over",
    ),
    "pipelines.parse.html": (
        "LexborHTMLParser",
        "read_date_stamps",
        "find_related",
        "visible_byline_and_date",
        "header_lines",
        "offer_header_lines",
        "read_shown_dates",
        "strip_boilerplate",
        "read_body",
        "div_paragraphs",
        "line_paragraphs",
        "short_page_kind",
    ),
    "pipelines.normalize.dates": ("_dateparser_at",),
}

seconds: dict[str, float] = {}
calls: Counter[str] = Counter()


def _timed(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    def timed(*args: Any, **kwargs: Any) -> Any:
        started = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            seconds[name] = seconds.get(name, 0.0) + time.process_time() - started
            calls[name] += 1

    return timed


def _wrap(module: ModuleType, names: tuple[str, ...]) -> None:
    for name in names:
        setattr(module, name, _timed(name, getattr(module, name)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path, help="default: the four benchmark sets")
    folders = parser.parse_args().folders or [SHARED / "benchmarks" / s / "pages" for s in SETS]
    folders = [f for f in folders if f.is_dir()]
    if not folders:
        raise SystemExit(f"no page folders (looked under {SHARED / 'benchmarks'})")

    started = time.process_time()
    from pipelines.cli import _records

    imports = time.process_time() - started
    for module_name, names in STAGES.items():
        __import__(module_name)
        _wrap(sys.modules[module_name], names)

    started = time.process_time()
    pages = sum(1 for _ in _records(tuple(str(f) for f in folders)))
    total = time.process_time() - started

    print(f"{pages} pages from {', '.join(f.parent.name for f in folders)}")
    print(f"{'stage':28} {'CPU s':>7} {'calls':>6}  share of the pages' time")
    print(f"{'imports (pipelines)':28} {imports:7.2f}")
    print(f"{'all pages':28} {total:7.2f} {pages:6}  100%")
    for name, spent in sorted(seconds.items(), key=lambda item: -item[1]):
        print(f"{name:28} {spent:7.2f} {calls[name]:6}  {spent / total:4.0%}")
    print("(dateparser's first use of a language loads and compiles it: _dateparser_at)")


if __name__ == "__main__":
    main()
