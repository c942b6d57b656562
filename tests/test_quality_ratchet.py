"""The extraction scores on ../shared/benchmarks may rise, never fall (skips where ../shared is absent).

Raise a floor when a change lifts a score; never lower one to make a change pass.
"""

import importlib.util
import json
import os
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from pipelines.extract import extract_page
from pipelines.extract_json import extraction_json
from pipelines.ingest import read_file

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSWH_SHARED", REPO.parent / "shared"))
BENCH = SHARED / "benchmarks"
SCORER = SHARED / "tools" / "eval_extract.py"

FLOORS = {
    ("fundus", "title", "em"): 0.90,
    ("fundus", "authors", "micro_f1"): 0.934,
    ("fundus", "date", "day_acc"): 0.99,
    ("fundus", "date", "minute_acc"): 0.98,
    ("fundus", "body", "f1"): 0.970,  # 0.9702 with standfirsts in <header> and lead boxes
    ("aeb", "body", "f1"): 0.981,  # 0.9822 with captions, credits and sign-off lines left out
    # 0.9326 / 0.9853 (issue 13): source timestamps, UTC days shown, re-dated stories, teasers;
    # 0.9432: comments' and the site banner's dates skipped, labelled text dates ranked
    ("dates", "date", "day_acc"): 0.943,
    ("dates", "date", "predicted"): 0.985,
    # 0.8499 with asks kept out of the body (issue 14); 0.9195 with bodies in unusual layouts
    # (issue 13); 0.9410 with a story kept when no headline is marked up at all, with the
    # standfirst in the article's <header> and definition lists read (issue 13). The truth keeps one
    # page's "SIGN UP FOR OUR NEWSLETTER" lines, its author bio, figure captions in the story; its
    # 36-word page (not readerable) stays rejected (40 words is the warehouse's row rule), a 0
    ("readability", "body", "f1"): 0.940,
    ("readability", "date", "day_acc"): 1.0,
}

pytestmark = pytest.mark.skipif(not SCORER.exists(), reason=f"no benchmarks at {BENCH}")


def _scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("eval_extract", SCORER)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _predict(name: str, tmp: Path) -> Path:
    truths = [
        json.loads(line) for line in (BENCH / name / "truth.jsonl").read_text().splitlines() if line
    ]
    out = tmp / f"{name}.jsonl"
    with out.open("w", encoding="utf-8") as fh:
        for t in truths:
            page = tmp / f"{t['id']}.html"
            # a copy, not a link: read_file rejects links that leave the folder it reads
            page.write_bytes((BENCH / name / "pages" / page.name).read_bytes())
            crawl = t.get("crawl_date")
            meta = {
                "url": t.get("url"),
                "fetched_at": crawl.replace(" ", "T") + "+00:00" if crawl else None,
            }
            (tmp / f"{page.name}.meta.json").write_text(json.dumps(meta))
            [record] = list(read_file(page, tmp))
            obj = extraction_json(extract_page(record))
            pred = {
                "id": t["id"],
                "title": obj["title"],
                "published_at": obj["published_at"],
                "body": obj["body"],
                "authors": [a["name"] for a in obj["authors"]],
            }
            fh.write(json.dumps(pred, ensure_ascii=False) + "\n")
    return out


@pytest.fixture(scope="module")
def scores(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    scorer = _scorer()
    out: dict[str, Any] = {}
    for name in sorted({benchmark for benchmark, _, _ in FLOORS}):
        tmp = tmp_path_factory.mktemp(name)
        summary = tmp / "summary.json"
        scorer.main(
            [
                "--truth",
                str(BENCH / name / "truth.jsonl"),
                "--pred",
                str(_predict(name, tmp)),
                "--json",
                str(summary),
            ]
        )
        out[name] = json.loads(summary.read_text())
    return out


@pytest.mark.parametrize(("benchmark", "field", "metric"), sorted(FLOORS))
def test_score_does_not_fall(
    scores: dict[str, Any], benchmark: str, field: str, metric: str
) -> None:
    assert scores[benchmark][field][metric] >= FLOORS[(benchmark, field, metric)]
