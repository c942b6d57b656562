"""Run nightly_load in process (what `newswh load` and `make run` do) and report its counts."""

from __future__ import annotations

import contextlib
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

import dagster as dg

from pipelines.definitions import build_definitions
from pipelines.defs import EVERY_DAY, SOURCE_TAG, latest_fetch_day, step_failure_message
from pipelines.defs.failures import record_failure
from pipelines.settings import Settings
from pipelines.warehouse import Warehouse, open_warehouse

TOTALS = ("articles", "article_versions", "authors", "related_news", "rejected_pages")


@dataclass
class LoadReport:
    settings: Settings
    success: bool
    run_id: str
    error: str | None = None
    counts: dict[str, int] = field(default_factory=dict)
    reject_reasons: dict[str, int] = field(default_factory=dict)
    totals: dict[str, int] = field(default_factory=dict)
    before: dict[str, int] = field(default_factory=dict)  # the snapshot's totals before the run
    mode: str = "load"
    scope: str = "every raw page"  # what a reparse covers
    published: bool = False  # the snapshot readers open holds this run's load_runs row
    cleared: list[str] = field(default_factory=list)  # what a dead writer left, cleared first

    def summary(self) -> str:
        c = self.counts
        reasons = ", ".join(f"{k} {v}" for k, v in sorted(self.reject_reasons.items()))
        rejected = f"  rejected: {c.get('pages_rejected', 0)}" + (
            f" ({reasons})" if reasons else ""
        )
        if self.mode in ("reparse", "backfill"):
            lines = self._reparse_lines(rejected)
        else:
            lines = [
                f"Loaded {self.settings.source} into {self.settings.warehouse}",
                f"  files:    {c.get('files_seen', 0)} seen, "
                f"{c.get('files_read', 0)} new or changed",
                f"  pages:    {c.get('pages_seen', 0)} seen, {c.get('pages_new', 0)} new",
                f"  articles: {c.get('articles_inserted', 0)} inserted, "
                f"{c.get('articles_updated', 0)} updated, "
                f"{c.get('versions_added', 0)} versions added",
                rejected,
            ]
        lines[1:1] = [f"  recovered: {line}" for line in self.cleared]
        if self.totals:
            lines.append(
                "  warehouse now: " + ", ".join(f"{v} {k}" for k, v in self.totals.items())
            )
        if not self.success:
            lines.append(f"  FAILED: {self.error}")
            lines.append(
                "  its tables were published before it failed"
                if self.published
                else "  nothing of it was published: readers keep the last good snapshot"
            )
        return "\n".join(lines)

    def _reparse_lines(self, rejected: str) -> list[str]:
        """A reparse writes every version of the pages it parses again in place of the old
        ones: say so, and how the totals moved, so the numbers add up."""
        c = self.counts

        def moved(table: str) -> str:
            if table not in self.before or table not in self.totals:
                return ""
            return f" ({table} {self.before[table]} -> {self.totals[table]})"

        return [
            f"Reparsed the raw pages kept in {self.settings.warehouse} ({self.mode}: {self.scope})",
            f"  pages:    {c.get('pages_processed', 0)} parsed again = "
            f"{c.get('versions_added', 0)} versions + {c.get('pages_rejected', 0)} rejected",
            f"  versions: {c.get('versions_added', 0)} rewritten, replacing those pages' versions"
            + moved("article_versions"),
            f"  articles: {c.get('articles_inserted', 0)} inserted, "
            f"{c.get('articles_updated', 0)} updated" + moved("articles"),
            rejected,
        ]


def _instance() -> dg.DagsterInstance:
    """The persistent instance when DAGSTER_HOME is set (runs then show in the UI)."""
    return (
        dg.DagsterInstance.get()
        if os.environ.get("DAGSTER_HOME")
        else dg.DagsterInstance.ephemeral()
    )


def _failure(result: dg.ExecuteInProcessResult) -> str | None:
    message = step_failure_message(result.all_events)
    if message:
        return message
    for evaluation in result.get_asset_check_evaluations():
        if not evaluation.passed and evaluation.severity == dg.AssetCheckSeverity.ERROR:
            return f"blocking check {evaluation.check_name} failed; nothing was published"
    return None if result.success else "the run failed"


def run_load(
    settings: Settings,
    *,
    verbose: bool = False,
    job_name: str = "nightly_load",
    stage_config: dict[str, object] | None = None,
    wait: float = 0.0,
    rescan: bool = False,
    partition: str | None = None,
) -> LoadReport:
    """Execute nightly_load (or reparse_warehouse) in this process under the writer lock
    (waiting up to `wait` seconds for another writer, else WarehouseLocked); read its counts
    back from the snapshot readers open. `partition` (a fetch day, 2024-12-20) runs that
    day's partition: its pending pages (or, reparsing, its pages), beside other partition
    runs on the lake."""
    store = open_warehouse(
        settings.warehouse,
        lake_data=settings.lake_data,
        lake_memory=settings.lake_memory,
        memory_limit=settings.writer_memory,
        lock_wait=wait,
    )
    command = _command(job_name)
    with store.lock(command=command, partition=partition is not None) as cleared:
        before = _totals(store)
        report = _execute(settings, verbose, job_name, stage_config, rescan, partition)
        report.cleared = cleared
        report.before = before
        report.scope = _scope(stage_config)
        if report.error is None:
            _read_back(store, report)
            return report
        # The run's row says failed: written here when the run failed before any step, or
        # when its publish wrote a row before the failure. The run's own error is what the
        # user gets, whatever follows it: the full disk that failed the run may fail these.
        with contextlib.suppress(Exception):
            if _run_status(store, report.run_id) != "failed":
                mode = "reparse" if job_name == "reparse_warehouse" else "load"
                record_failure(store, report.run_id, report.error, mode)
        with contextlib.suppress(Exception):
            _read_back(store, report)
    return report


def _command(job_name: str) -> str:
    return " ".join([Path(sys.argv[0]).name, *sys.argv[1:]]) if sys.argv[0] else job_name


def _execute(
    settings: Settings,
    verbose: bool,
    job_name: str,
    stage_config: dict[str, object] | None,
    rescan: bool,
    partition: str | None = None,
) -> LoadReport:
    job = build_definitions(settings).resolve_job_def(job_name)
    level = "INFO" if verbose else "CRITICAL"
    ops: dict[str, object] = {}
    if job_name == "reparse_warehouse":  # given run config replaces the job's own (a reparse)
        stage_config = {"reparse": True, **(stage_config or {})}
    if stage_config:
        ops["staged_pages"] = {"config": stage_config}
    if rescan:
        ops["raw_pages"] = {"config": {"rescan": True}}
    with _instance() as instance:
        result = job.execute_in_process(
            instance=instance,
            raise_on_error=False,
            partition_key=partition or latest_fetch_day(),
            tags={SOURCE_TAG: "cli", **({} if partition else EVERY_DAY)},
            run_config={
                "loggers": {"console": {"config": {"log_level": level}}},
                **({"ops": ops} if ops else {}),
            },
        )
    error = _failure(result)
    return LoadReport(settings, success=error is None, run_id=result.run_id, error=error)


def _totals(store: Warehouse) -> dict[str, int]:
    """The published snapshot's table sizes (empty before the first load)."""
    if not store.published:
        return {}
    with store.reader() as wh:
        return {table: wh.count(table) for table in TOTALS}


def _scope(stage_config: dict[str, object] | None) -> str:
    """What a reparse covers, in words: 'every raw page' or 'fetched from X through Y'."""
    if not stage_config or not (stage_config.get("since") or stage_config.get("until")):
        return "every raw page"
    since, until = stage_config.get("since"), stage_config.get("until")
    return (
        f"fetched {'from ' + str(since) if since else ''}"
        f"{' ' if since and until else ''}{'through ' + str(until) if until else ''}"
    )


def _run_status(store: Warehouse, run_id: str) -> str | None:
    """The status of the run's load_runs row in the work file, None when it has none."""
    if not store.started:
        return None
    with store.reader(work=True) as wh:
        row = wh.load_run(run_id)
    return None if row is None else str(row["status"])


def _read_back(store: Warehouse, report: LoadReport) -> None:
    """The run's load_runs row (from the work file, where even an unpublished run has one)
    and the totals of the snapshot readers open: what they see is what is printed."""
    if store.started:
        with store.reader(work=True) as wh:
            row = wh.load_run(report.run_id)
            if row is not None:
                report.counts = {k: int(v) for k, v in row.items() if isinstance(v, int)}
                report.mode = str(row["mode"] or "load")
                report.reject_reasons = wh.reject_reasons(str(row["load_id"]))
    if store.published:
        report.totals = _totals(store)
        with store.reader() as wh:
            row = wh.load_run(report.run_id)
            # the run's rows reached readers (a run failed before publishing has no versions)
            report.published = row is not None and row["versions_added"] is not None
