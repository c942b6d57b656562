"""Run nightly_load in process (what `newswh load` and `make run` do) and report its counts."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

import dagster as dg

from pipelines.definitions import build_definitions
from pipelines.defs import SOURCE_TAG, step_failure_message
from pipelines.settings import Settings
from pipelines.warehouse import Warehouse

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
        if self.totals:
            lines.append(
                "  warehouse now: " + ", ".join(f"{v} {k}" for k, v in self.totals.items())
            )
        if not self.success:
            lines.append(f"  FAILED: {self.error}")
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


def _totals(store: Warehouse) -> dict[str, int]:
    """The published snapshot's table sizes (empty before the first load)."""
    if not store.published:
        return {}
    with store.reader() as wh:
        return {table: wh.count(table) for table in TOTALS}


def run_load(
    settings: Settings,
    *,
    verbose: bool = False,
    job_name: str = "nightly_load",
    stage_config: dict[str, object] | None = None,
) -> LoadReport:
    """Execute nightly_load (or reparse_warehouse) in this process; read its counts back."""
    job = build_definitions(settings).resolve_job_def(job_name)
    before = _totals(Warehouse(settings.warehouse))
    level = "INFO" if verbose else "CRITICAL"
    with _instance() as instance:
        result = job.execute_in_process(
            instance=instance,
            raise_on_error=False,
            tags={SOURCE_TAG: "cli"},
            run_config={
                "loggers": {"console": {"config": {"log_level": level}}},
                **({"ops": {"staged_pages": {"config": stage_config}}} if stage_config else {}),
            },
        )
    error = _failure(result)
    report = LoadReport(settings, success=error is None, run_id=result.run_id, error=error)
    report.before = before
    if stage_config and (stage_config.get("since") or stage_config.get("until")):
        since, until = stage_config.get("since"), stage_config.get("until")
        report.scope = (
            f"fetched {'from ' + str(since) if since else ''}"
            f"{' ' if since and until else ''}{'through ' + str(until) if until else ''}"
        )
    store = Warehouse(settings.warehouse)
    if not store.started:
        return report
    # The work file has this run's load_runs row even when nothing changed and the snapshot
    # was not copied again; no writer holds it once the run is over.
    with store.reader(work=True) as wh:
        row = wh.load_run(result.run_id)
        if row is not None:
            report.counts = {k: int(v) for k, v in row.items() if isinstance(v, int)}
            report.mode = str(row["mode"] or "load")
            report.reject_reasons = wh.reject_reasons(str(row["load_id"]))
        report.totals = {table: wh.count(table) for table in TOTALS}
    return report
