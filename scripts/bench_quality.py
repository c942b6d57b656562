"""Extraction accuracy on ../shared/benchmarks (fundus, aeb), beside trafilatura, in one run.

Each benchmark page is laid in a temporary landing folder with a sidecar carrying what a
crawler knows (the URL and the crawl time), `newswh extract --json` runs over it, and the
shared scorer scores the predictions. trafilatura (the `bench` extra) runs on the same pages.
Prints one table. Skips with a message when ../shared/benchmarks is absent.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSWH_SHARED", REPO.parent / "shared"))
BENCH = SHARED / "benchmarks"
SCORER = SHARED / "tools" / "eval_extract.py"
NEWSWH = Path(sys.executable).with_name("newswh")
SETS = ("fundus", "aeb")
# (set, label, path in the scorer's summary JSON)
ROWS = [
    ("fundus", "title exact", "title.em"),
    ("fundus", "authors F1", "authors.micro_f1"),
    ("fundus", "date, day", "date.day_acc"),
    ("fundus", "date, minute", "date.minute_acc"),
    ("fundus", "body F1", "body.f1"),
    ("aeb", "body F1", "body.f1"),
]
GOALS = {
    ("fundus", "title.em"): 0.90,
    ("fundus", "authors.micro_f1"): 0.92,
    ("fundus", "date.day_acc"): 0.99,
    ("fundus", "date.minute_acc"): 0.95,
    ("fundus", "body.f1"): 0.965,
    ("aeb", "body.f1"): 0.97,
}


def read_truth(name: str) -> list[dict[str, Any]]:
    with (BENCH / name / "truth.jsonl").open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def crawl_time(truth: dict[str, Any]) -> str | None:
    """fundus crawl dates are naive and behave like UTC; aeb has none."""
    value = truth.get("crawl_date")
    if not value:
        return None
    return value.replace(" ", "T") + ("" if "+" in value else "+00:00")


def landing_folder(name: str, truths: list[dict[str, Any]], into: Path) -> Path:
    folder = into / name
    folder.mkdir()
    for t in truths:
        page = BENCH / name / "pages" / f"{t['id']}.html"
        target = folder / page.name
        target.write_bytes(page.read_bytes())  # a link out of the folder would be rejected
        meta = {"url": t.get("url"), "fetched_at": crawl_time(t)}
        (folder / f"{page.name}.meta.json").write_text(json.dumps(meta))
    return folder


def predict_newswh(folder: Path) -> tuple[list[dict[str, Any]], float]:
    started = time.perf_counter()
    out = subprocess.run(
        [str(NEWSWH), "extract", str(folder), "--json"], capture_output=True, text=True, check=False
    )
    elapsed = time.perf_counter() - started
    preds = []
    for line in out.stdout.splitlines():
        obj = json.loads(line)
        preds.append(
            {
                "id": obj["source_path"].removesuffix(".html"),
                "title": obj.get("title"),
                "authors": [a["name"] for a in obj.get("authors") or []],
                "published_at": obj.get("published_at"),
                "body": obj.get("body"),
            }
        )
    return preds, elapsed


def predict_trafilatura(
    name: str, truths: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], float] | None:
    try:
        from trafilatura import bare_extraction
    except ImportError:
        return None
    preds = []
    started = time.perf_counter()
    for t in truths:
        html = (BENCH / name / "pages" / f"{t['id']}.html").read_text(encoding="utf-8")
        doc = bare_extraction(
            html,
            url=t.get("url"),
            with_metadata=True,
            date_extraction_params={
                "extensive_search": True,
                "original_date": True,
                "outputformat": "%Y-%m-%dT%H:%M:%S%z",
            },
        )
        doc = doc.as_dict() if hasattr(doc, "as_dict") else (doc or {})
        author = doc.get("author")
        preds.append(
            {
                "id": t["id"],
                "title": doc.get("title"),
                "authors": [a.strip() for a in author.split(";")] if author else [],
                "published_at": doc.get("date"),
                "body": doc.get("text"),
            }
        )
    return preds, time.perf_counter() - started


def score(
    name: str, preds: list[dict[str, Any]], work: Path, label: str, per_page: bool
) -> dict[str, Any]:
    pred_path = work / f"{label}-{name}.jsonl"
    pred_path.write_text(
        "".join(json.dumps(p, ensure_ascii=False) + "\n" for p in preds), encoding="utf-8"
    )
    summary = work / f"{label}-{name}.summary.json"
    cmd = [
        sys.executable,
        str(SCORER),
        "--truth",
        str(BENCH / name / "truth.jsonl"),
        "--pred",
        str(pred_path),
        "--json",
        str(summary),
    ]
    if per_page:
        cmd += ["--per-page", str(REPO / ".bench" / f"{label}-{name}.per-page.jsonl")]
    subprocess.run(cmd, capture_output=True, text=True, check=True)
    data: dict[str, Any] = json.loads(summary.read_text())
    return data


def metric(summary: dict[str, Any], path: str) -> float | None:
    """'body.f1' -> summary['body']['f1'], or None where the scorer gave none."""
    value: Any = summary
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return float(value) if isinstance(value, int | float) else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--no-trafilatura", action="store_true", help="score newswh only")
    parser.add_argument(
        "--per-page", action="store_true", help="write per-page scores under .bench/"
    )
    args = parser.parse_args()
    if not (BENCH / "fundus" / "truth.jsonl").exists() or not SCORER.exists():
        print(f"bench-quality: skipped, no benchmarks at {BENCH} (they live in ../shared)")
        return 0
    (REPO / ".bench").mkdir(exist_ok=True)
    results: dict[tuple[str, str], dict[str, Any]] = {}
    timings: dict[tuple[str, str], float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for name in SETS:
            truths = read_truth(name)
            preds, seconds = predict_newswh(landing_folder(name, truths, work))
            results[("newswh", name)] = score(name, preds, work, "newswh", args.per_page)
            timings[("newswh", name)] = seconds
            if not args.no_trafilatura:
                other = predict_trafilatura(name, truths)
                if other is not None:
                    results[("trafilatura", name)] = score(
                        name, other[0], work, "trafilatura", args.per_page
                    )
                    timings[("trafilatura", name)] = other[1]
    tools = [t for t in ("newswh", "trafilatura") if (t, "fundus") in results]
    header = f"{'set':8} {'metric':14}" + "".join(f"{t:>13}" for t in tools) + f"{'goal':>8}"
    print(header)
    print("-" * len(header))
    for name, label, key in ROWS:
        values = [metric(results[(t, name)], key) for t in tools]
        cells = "".join(f"{v:>13.3f}" if v is not None else f"{'-':>13}" for v in values)
        goal = GOALS[(name, key)]
        mark = "" if values[0] is None or values[0] >= goal else "  below goal"
        print(f"{name:8} {label:14}{cells}{goal:>8.3f}{mark}")
    for name in SETS:
        print(f"{name:8} {'seconds':14}" + "".join(f"{timings[(t, name)]:>13.2f}" for t in tools))
    if not tools or "trafilatura" not in tools:
        print("(trafilatura not installed: `make bench-quality` installs the bench extra)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
