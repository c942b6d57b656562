"""The asset graph: landing folder -> raw_pages -> staged_pages -> validated_pages ->
warehouse tables -> search_index. Thin: each body calls the steps of pipelines.steps on a
session of the warehouse API.

Everything after raw_pages is partitioned by fetch day (UTC): a run of a partition stages,
checks and publishes the pending pages fetched that day (with `reparse`, parses that day's
pages again), under a load id of its own (the run's), so a backfill or a reparse of a range
is a backfill of partitions. A run tagged newswh/fetch-days=all (the nightly load, the
sensor, `newswh load`) takes every pending page, whatever its fetch day or none, as before
partitions, under the latest day's partition (Dagster runs partitioned assets only so).
"""

import time
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from typing import Any

import dagster as dg

from pipelines.defs.metadata import SEARCH_LINEAGE, column_schema, suite_checks, table_metadata
from pipelines.defs.progress import Progress
from pipelines.defs.resources import LandingResource, WarehouseResource, is_partition_run
from pipelines.fetch_range import fetch_range
from pipelines.quality.gx import build_data_docs, prune_data_docs
from pipelines.steps.dask_stage import stage_on_cluster
from pipelines.steps.index import index_articles
from pipelines.steps.ingest import IngestStats, begin_load, ingest_landing
from pipelines.steps.outlets import override_paths, read_overrides
from pipelines.steps.publish import publish_staged, reconcile
from pipelines.steps.stage import stage_pending
from pipelines.steps.validate import (
    validate_staged_related,
    validate_staged_rows,
    validate_staged_table,
)
from pipelines.warehouse import BACKEND_KIND, Writer

OWNERS = ["team:news-warehouse"]
# Every step that opens the warehouse for writing is in this pool; ops/dagster.yaml limits it to
# one run at a time (granularity "run"), so a run launched from the UI queues behind the nightly
# load like the job's own runs do.
WAREHOUSE_POOL = "warehouse"
DATA_DOCS_DIR = "data_docs"  # beside the warehouse file: GX Data Docs, a folder per run
SOURCE_TAG = "newswh/source"  # who launched the run: cli, schedule, sensor or ui
WAREHOUSE_TABLES = {
    "articles": "One row per article: its latest version by fetch time.",
    "article_versions": "One row per distinct content of an article, numbered by fetch time.",
    "authors": "One row per distinct author name and kind (person, desk, organization).",
    "article_authors": "One row per author of an article's latest version, in byline order.",
    "related_news": "One row per related item (feed entry, teaser) shown on a page.",
    "rejected_pages": "One row per input record that was not loaded, with its reason.",
    "load_runs": "One row per load: pages seen, new, inserted, updated, rejected.",
}
OPERATIONS = {"rejected_pages", "load_runs"}  # tables about the loads, not the news
# Fetch days, UTC, today's included (a page fetched an hour ago can be parsed again); pages
# fetched before the first day, or with no fetch time, are reached by runs of every pending
# page (newswh/fetch-days=all).
FETCH_DAYS = dg.DailyPartitionsDefinition(start_date="2020-01-01", end_offset=1)


def latest_fetch_day(at: datetime | None = None) -> str:
    """The partition a run of every pending page is recorded under: today's (UTC) at `at`."""
    return FETCH_DAYS.get_partition_key_for_timestamp((at or datetime.now(UTC)).timestamp())


def _tags(layer: str, domain: str = "news") -> dict[str, str]:
    """Asset tags: the layer (raw, staging, published, search) and the domain (news, operations)."""
    return {"layer": layer, "domain": domain}


def _step(group: str, layer: str, domain: str = "news") -> dict[str, Any]:
    """What every step asset shares: the writer's pool, its group, kinds, owners and tags;
    every step after ingest is partitioned by fetch day."""
    return {
        "pool": WAREHOUSE_POOL,
        "group_name": group,
        "kinds": {"python", BACKEND_KIND},
        "owners": OWNERS,
        "tags": _tags(layer, domain),
        **({} if layer == "raw" else {"partitions_def": FETCH_DAYS}),
    }


def run_fetch_days(tags: Mapping[str, str]) -> tuple[datetime, datetime] | None:
    """A run's fetch days as [since, until) in UTC from its partition tags, or None for a run
    of every pending page. {"dagster/partition": "2024-12-20"} -> (12-20T00:00Z, 12-21T00:00Z)"""
    if not is_partition_run(tags):
        return None
    first = tags.get("dagster/partition") or tags["dagster/asset_partition_range_start"]
    last = tags.get("dagster/partition") or tags["dagster/asset_partition_range_end"]
    since = FETCH_DAYS.time_window_for_partition_key(first).start
    until = FETCH_DAYS.time_window_for_partition_key(last).end
    return since.astimezone(UTC), until.astimezone(UTC)


def fetch_days(context: dg.AssetExecutionContext) -> tuple[datetime, datetime] | None:
    """The run's fetch days as [since, until) in UTC, or None for a run of every pending page."""
    return run_fetch_days(context.run.tags)


def _use_load(context: dg.AssetExecutionContext, wh: Writer) -> str:
    """The load this step works on: the run's own (its run id, begun by raw_pages or
    staged_pages); in a run that holds the warehouse alone and began none, the load an
    earlier run handed over (a partial materialization), else the run's."""
    load_id = context.run_id
    if fetch_days(context) is None and not wh.load_began(load_id):
        load_id = wh.current_load_id() or load_id
    wh.use_load(load_id)
    return load_id


def _tag_source(context: dg.AssetExecutionContext) -> None:
    """A run launched without a source (the UI's "Materialize") is tagged as the UI's."""
    if SOURCE_TAG not in context.run.tags:
        context.instance.add_run_tags(context.run_id, {SOURCE_TAG: "ui"})


class IngestConfig(dg.Config):
    """rescan: read every landing file again, changed or not (page ids still dedupe bytes)."""

    rescan: bool = False


@dg.asset(
    **_step("ingest", "raw", "operations"),
    description="Every input record of the landing folder with its raw bytes (grain: page_id).",
)
def raw_pages(
    context: dg.AssetExecutionContext,
    config: IngestConfig,
    landing: LandingResource,
    warehouse: WarehouseResource,
) -> dg.MaterializeResult:
    _tag_source(context)
    started = datetime.now(UTC)
    # to the run's log only: what `newswh load` prints on a terminal is the CLI's to decide
    progress = Progress(
        context.log.info, f"ingested from {landing.root}", unit="files", terminal=False
    )
    # a partition run keeps the other loads' staging rows: their runs may be alive
    alone = not is_partition_run(context.run.tags)
    run = context.run_id
    store = warehouse.store
    with store.writer() as wh, store.turn("ingest"):  # overlapping runs ingest one at a time
        begin_load(wh, run, run, started, IngestStats(), supersede=alone)  # a kill: a row
        stats = ingest_landing(
            wh, landing.root, run, landing.limits, progress, rescan=config.rescan
        )
        begin_load(wh, run, run, started, stats, supersede=alone)
        metadata = table_metadata(wh, "raw_pages")
    context.log.info(f"landing {landing.root}: {stats.summary()}")
    return dg.MaterializeResult(
        metadata={
            "landing_folder": str(landing.root),
            "files_seen": stats.files_seen,
            "files_read": stats.files_read,
            "pages_seen": stats.pages_seen,
            "pages_new": stats.pages_new,
            "files_transient": stats.files_transient,
            **metadata,
        }
    )


class StageConfig(dg.Config):
    """reparse: parse raw pages again and rebuild what derives from them; with since/until
    (ISO 8601, e.g. 2024-12-01 or 2024-12-01T00:00:00+02:00) only pages fetched in that range;
    an `until` date includes its whole (UTC) day. A run of partitions takes its fetch days
    instead of since/until."""

    reparse: bool = False
    since: str | None = None
    until: str | None = None


@dg.asset(
    **_step("parse", "staging"),
    deps=[raw_pages],
    description="Pending raw pages parsed and normalized into staging tables (not yet published).",
)
def staged_pages(
    context: dg.AssetExecutionContext,
    config: StageConfig,
    landing: LandingResource,
    warehouse: WarehouseResource,
) -> dg.MaterializeResult:
    _tag_source(context)
    overrides = read_overrides(override_paths(landing.root, landing.outlets or None))
    days = fetch_days(context)
    since, until = days or (None, None)
    with warehouse.store.writer() as wh:
        if config.reparse:
            since, until = days or fetch_range(config.since, config.until)
            wh.begin_reparse(context.run_id, context.run_id, since, until, supersede=days is None)
        else:
            load_id = _use_load(context, wh)
            if days is not None and not wh.load_began(load_id):  # no raw_pages in this run
                started = datetime.now(UTC)
                begin_load(wh, load_id, context.run_id, started, IngestStats(), supersede=False)
        progress = Progress(context.log.info, "parsed")
        if warehouse.dask_scheduler:  # the lake's parse on a Dask cluster
            stats = stage_on_cluster(
                wh,
                warehouse.dask_scheduler,
                reparse=config.reparse,
                progress=progress,
                since=since,
                until=until,
                timeout=landing.parse_timeout,
                overrides=overrides,
            )
        else:
            stats = stage_pending(
                wh,
                workers=landing.workers,
                reparse=config.reparse,
                timeout=landing.parse_timeout,
                progress=progress,
                overrides=overrides,
                since=since,
                until=until,
            )
    where = f" fetched {since:%Y-%m-%d} to {until:%Y-%m-%d}" if days and since and until else ""
    context.log.info(
        f"staged {stats.pending:,} pending pages{where}: {stats.articles:,} articles, "
        f"{stats.rejected:,} rejected"
    )
    # this load's counts, named as such: the staging tables empty at every publish, so a
    # `dagster/row_count` here would plot a drop after every quiet night
    return dg.MaterializeResult(
        metadata={
            "pages_pending_this_load": stats.pending,
            "articles_staged_this_load": stats.articles,
            "pages_rejected_this_load": stats.rejected,
        }
    )


@dg.asset(
    **_step("quality", "staging"),
    deps=[staged_pages],
    description="Staged rows after the Great Expectations row suite: failing rows are moved to "
    "the rejects with the expectation's name.",
    check_specs=[
        dg.AssetCheckSpec(
            "article_row_suite",
            asset="validated_pages",
            description="Row expectations on staged articles; failing rows are quarantined.",
        ),
        dg.AssetCheckSpec(
            "article_table_suite",
            asset="validated_pages",
            blocking=True,
            description="Every pending page is staged or rejected exactly once.",
        ),
        dg.AssetCheckSpec(
            "related_table_suite",
            asset="validated_pages",
            blocking=True,
            description="Related items are unique per page and position, with titles.",
        ),
    ],
)
def validated_pages(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    with warehouse.store.writer() as wh:
        _use_load(context, wh)
        rows = validate_staged_rows(wh)
        table = validate_staged_table(wh)
        related = validate_staged_related(wh)
        staged = wh.staged_count()
    docs_root = warehouse.docs_root / DATA_DOCS_DIR
    docs = build_data_docs(docs_root, context.run_id)
    if docs:
        context.log.info(f"Great Expectations Data Docs: {docs['index']}")
    if docs_root.is_dir():
        pruned = prune_data_docs(docs_root, warehouse.data_docs_days, time.time())
        if pruned:
            days = warehouse.data_docs_days
            context.log.info(f"Data Docs of {len(pruned)} runs older than {days} days removed")
    return dg.MaterializeResult(
        metadata={"quarantined": rows.quarantined, "articles_validated_this_load": staged},
        check_results=suite_checks(rows, table, related, docs, context.run_id),
    )


@dg.multi_asset(
    pool=WAREHOUSE_POOL,
    specs=[
        dg.AssetSpec(
            name,
            deps=[validated_pages],
            group_name="warehouse",
            kinds={BACKEND_KIND},
            owners=OWNERS,
            tags=_tags("published", "operations" if name in OPERATIONS else "news"),
            description=text,
        )
        for name, text in WAREHOUSE_TABLES.items()
    ],
    can_subset=False,
    partitions_def=FETCH_DAYS,
)
def warehouse_tables(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource
) -> Iterator[dg.MaterializeResult]:
    """Publish the validated staging rows to every warehouse table in one transaction."""
    _tag_source(context)
    store = warehouse.store
    with store.writer() as wh, store.turn("publish"):  # overlapping runs publish in turn
        load_id = _use_load(context, wh)  # the load raw_pages or staged_pages began
        stats = publish_staged(wh, load_id)
        tables = {name: table_metadata(wh, name) for name in WAREHOUSE_TABLES}
    store.publish()  # load_runs gains a row every load, so readers always see the load
    context.log.info(
        f"load {load_id}: {stats.articles_inserted:,} articles inserted, "
        f"{stats.articles_updated:,} updated, {stats.versions_added:,} versions added, "
        f"{stats.pages_rejected:,} pages rejected"
    )
    for name in WAREHOUSE_TABLES:
        metadata: dict[str, Any] = tables[name]
        if name == "load_runs":
            metadata.update(
                load_id=load_id,
                articles_inserted=stats.articles_inserted,
                articles_updated=stats.articles_updated,
                versions_added=stats.versions_added,
                pages_rejected=stats.pages_rejected,
            )
        yield dg.MaterializeResult(asset_key=name, metadata=metadata)


@dg.asset(
    **_step("search", "search"),
    deps=["articles"],
    description="BM25 index over article titles and bodies, appended for changed articles.",
)
def search_index(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    store = warehouse.store
    with store.writer() as wh, store.turn("publish"):
        indexed = index_articles(wh, context.run_id)
        docs = wh.count("search_docs")
        schema = column_schema(wh, "search_terms")
    if indexed or not store.published:
        store.publish()  # nothing new in the index: the snapshot is already current
    return dg.MaterializeResult(
        metadata={
            "indexed_now": indexed,
            "dagster/row_count": docs,
            "dagster/column_schema": schema,
            "dagster/column_lineage": SEARCH_LINEAGE,
        }
    )


@dg.asset_check(
    pool=WAREHOUSE_POOL,
    asset="load_runs",
    description="Every input record (of a partition run: fetched on its days) is behind exactly "
    "one article version or one reject, and the last load's versions + rejects equal the pages "
    "it processed.",
)
def accounting_reconciles(
    context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource
) -> dg.AssetCheckResult:
    with warehouse.store.writer() as wh:
        ledger = reconcile(wh, *(run_fetch_days(context.run.tags) or (None, None)))
    return dg.AssetCheckResult(passed=ledger.balanced, metadata=ledger.as_metadata())


ASSETS = [raw_pages, staged_pages, validated_pages, warehouse_tables, search_index]
CHECKS = [accounting_reconciles]
