"""Partition runs of the nightly job in their own processes, as the daemon launches them:
`newswh`'s runner with a fetch day, started at once, each waiting for the writer lock."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

from pipelines.settings import Settings

_RUN = """
import json, sys
from pathlib import Path
from pipelines.runner import run_load
from pipelines.settings import Settings

args = json.loads(sys.argv[1])
fields = args["settings"]
for name in ("source", "warehouse", "outlets"):
    if fields.get(name) is not None:
        fields[name] = Path(fields[name])
report = run_load(Settings(**fields), partition=args["day"], wait=args["wait"])
print(json.dumps({"success": report.success, "error": report.error, "run_id": report.run_id}))
"""


def start(settings: Settings, day: str | None, wait: float = 300.0) -> subprocess.Popen[str]:
    """A process running the nightly job for one fetch day (None: every pending page)."""
    fields = {k: (str(v) if isinstance(v, Path) else v) for k, v in asdict(settings).items()}
    args = json.dumps({"settings": fields, "day": day, "wait": wait})
    return subprocess.Popen(
        [sys.executable, "-c", _RUN, args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(process: subprocess.Popen[str], timeout: float = 600.0) -> dict[str, Any]:
    """The run's outcome: success, error, run_id."""
    out, err = process.communicate(timeout=timeout)
    assert process.returncode == 0, err[-3000:]
    result: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    return result


def run_at_once(settings: Settings, days: list[str]) -> list[dict[str, Any]]:
    """Start a run of each day at the same moment; wait for all of them."""
    processes = [start(settings, day) for day in days]
    return [finish(p) for p in processes]


def table_rows(settings: Settings, query: str) -> list[tuple[str, ...]]:
    """A query's rows as sorted text tuples, without the columns that differ between loads."""
    from pipelines.warehouse import open_warehouse

    with open_warehouse(settings.warehouse, lake_data=settings.lake_data).reader() as wh:
        return sorted_rows(wh.sql(query))


def sorted_rows(result: Any) -> list[tuple[str, ...]]:
    """A query result (`Reader.sql`) as sorted text tuples, without VARYING columns."""
    assert result is not None
    keep = [n for n in result.table.column_names if n not in VARYING]
    return sorted(tuple(str(r[n]) for n in keep) for r in result.table.select(keep).to_pylist())


VARYING = {"load_id", "run_id", "started_at", "finished_at"}  # differ between any two loads
PUBLISHED = (
    "raw_pages",
    "article_versions",
    "articles",
    "authors",
    "article_authors",
    "related_news",
    "rejected_pages",
    "outlets",
    "search_docs",
    "search_terms",
)


def published(settings: Settings) -> dict[str, list[tuple[str, ...]]]:
    """Every published table (load_runs aside: one row per load) as sorted text rows."""
    return {t: table_rows(settings, f"select * from {t}") for t in PUBLISHED}


def load_times(settings: Settings) -> dict[str, tuple[str, str, str]]:
    """run_id -> (status, started_at, finished_at) of every load."""
    from pipelines.warehouse import open_warehouse

    with open_warehouse(settings.warehouse, lake_data=settings.lake_data).reader() as wh:
        result = wh.sql("select run_id, status, started_at, finished_at from load_runs")
    assert result is not None
    return {
        str(r["run_id"]): (str(r["status"]), r["started_at"], r["finished_at"])
        for r in result.table.to_pylist()
    }


def accounted_by_day(settings: Settings) -> dict[str, tuple[int, int]]:
    """fetch day (UTC, 'None' unknown) -> (raw pages, pages behind a version or a reject)."""
    rows = table_rows(
        settings,
        "select strftime(fetched_at at time zone 'UTC', '%Y-%m-%d') as day, count(*) as pages, "
        "count(*) filter (where page_id in (select page_id from article_versions) "
        "or page_id in (select page_id from rejected_pages)) as accounted "
        "from raw_pages group by all",
    )
    return {day: (int(pages), int(accounted)) for day, pages, accounted in rows}
