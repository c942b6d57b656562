"""The asset graph: landing folder -> raw_pages -> staged_pages -> validated_pages ->
warehouse tables -> search_index. Thin: each body calls the steps of pipelines.steps on a
session of the warehouse API.
"""

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import dagster as dg

from pipelines.defs.metadata import column_schema, markdown_table, table_metadata
from pipelines.defs.progress import Progress
from pipelines.defs.resources import LandingResource, WarehouseResource
from pipelines.quality.gx import SuiteResult, build_data_docs
from pipelines.steps.index import index_articles
from pipelines.steps.ingest import begin_load, ingest_landing
from pipelines.steps.publish import publish_staged, reconcile
from pipelines.steps.stage import stage_pending
from pipelines.steps.validate import (
    validate_staged_related,
    validate_staged_rows,
    validate_staged_table,
)
from pipelines.warehouse import BACKEND_KIND

OWNERS = ["team:news-warehouse"]
# Every step that opens the warehouse for writing is in this pool; ops/dagster.yaml limits it to
# one run at a time (granularity "run"), so a run launched from the UI queues behind the nightly
# load like the job's own runs do.
WAREHOUSE_POOL = "warehouse"
DATA_DOCS_DIR = "data_docs"  # beside the warehouse file: the GX Data Docs of the last load
WAREHOUSE_TABLES = {
    "articles": "One row per article: its latest version by fetch time.",
    "article_versions": "One row per distinct content of an article, numbered by fetch time.",
    "authors": "One row per distinct author name and kind (person, desk, organization).",
    "article_authors": "One row per author of an article's latest version, in byline order.",
    "related_news": "One row per related item (feed entry, teaser) shown on a page.",
    "rejected_pages": "One row per input record that was not loaded, with its reason.",
    "load_runs": "One row per load: pages seen, new, inserted, updated, rejected.",
}


def _step(group: str) -> dict[str, Any]:
    """What every step asset shares: the writer's pool, its group, kinds and owners."""
    return {
        "pool": WAREHOUSE_POOL,
        "group_name": group,
        "kinds": {"python", BACKEND_KIND},
        "owners": OWNERS,
    }


@dg.asset(
    **_step("ingest"),
    description="Every input record of the landing folder with its raw bytes (grain: page_id).",
)
def raw_pages(
    context: dg.AssetExecutionContext, landing: LandingResource, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    started = datetime.now(UTC)
    with warehouse.store.writer() as wh:
        stats = ingest_landing(wh, landing.root, context.run_id, landing.limits)
        begin_load(wh, context.run_id, context.run_id, started, stats)
        metadata = table_metadata(wh, "raw_pages")
    context.log.info(f"landing {landing.root}: {stats}")
    context.instance.add_run_tags(
        context.run_id,
        {"newswh/pages_seen": str(stats.pages_seen), "newswh/pages_new": str(stats.pages_new)},
    )
    return dg.MaterializeResult(
        metadata={
            "landing_folder": str(landing.root),
            "files_seen": stats.files_seen,
            "files_read": stats.files_read,
            "pages_seen": stats.pages_seen,
            "pages_new": stats.pages_new,
            **metadata,
        }
    )


class StageConfig(dg.Config):
    """reparse: parse raw pages again and rebuild what derives from them; with since/until
    (ISO 8601, e.g. 2024-12-01 or 2024-12-01T00:00:00+02:00) only pages fetched in that range."""

    reparse: bool = False
    since: str | None = None
    until: str | None = None


def _instant(value: str | None) -> datetime | None:
    """'2024-12-01' -> 2024-12-01T00:00 UTC; an ISO string with an offset keeps it."""
    if not value:
        return None
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


@dg.asset(
    **_step("parse"),
    deps=[raw_pages],
    description="Pending raw pages parsed and normalized into staging tables (not yet published).",
)
def staged_pages(
    context: dg.AssetExecutionContext,
    config: StageConfig,
    landing: LandingResource,
    warehouse: WarehouseResource,
) -> dg.MaterializeResult:
    with warehouse.store.writer() as wh:
        if config.reparse:
            since, until = _instant(config.since), _instant(config.until)
            wh.begin_reparse(context.run_id, context.run_id, since, until)
        progress = Progress(context.log.info, "parsed")
        stats = stage_pending(
            wh, workers=landing.workers, reparse=config.reparse, progress=progress
        )
    context.log.info(f"staged {stats}")
    return dg.MaterializeResult(
        metadata={"pending": stats.pending, "articles": stats.articles, "rejected": stats.rejected}
    )


def _check_metadata(result: SuiteResult, docs: dict[str, str]) -> dict[str, Any]:
    page = docs.get(result.suite) or docs.get("index")
    links: dict[str, Any] = {}
    if page:  # the GX Data Docs page of this suite's validation in this run
        links = {
            "data_docs": dg.MetadataValue.url(page),
            "data_docs_file": dg.MetadataValue.path(page.removeprefix("file://")),
        }
    return {
        **links,
        "failing_rows": sum(e.unexpected_count for e in result.failed),
        "failed_expectations": [e.name for e in result.failed],
        "expectations": {
            e.name: ("pass" if e.success else f"fail ({e.unexpected_count})")
            for e in result.expectations
        },
    }


@dg.asset(
    **_step("quality"),
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
        rows = validate_staged_rows(wh)
        table = validate_staged_table(wh)
        related = validate_staged_related(wh)
        staged = wh.count("staging.versions")
    docs_dir = Path(warehouse.path).parent / DATA_DOCS_DIR
    docs = build_data_docs(docs_dir)
    if docs:
        context.log.info(f"Great Expectations Data Docs: {docs['index']}")
    elif (docs_dir / "index.html").exists():  # nothing to validate: the last load's docs stand
        docs = {"index": (docs_dir / "index.html").resolve().as_uri()}
    return dg.MaterializeResult(
        metadata={"quarantined": rows.quarantined, "dagster/row_count": staged},
        check_results=[
            dg.AssetCheckResult(
                check_name="article_row_suite",
                passed=rows.result.success,
                severity=dg.AssetCheckSeverity.WARN,
                metadata={
                    **_check_metadata(rows.result, docs),
                    "quarantined_to_rejected_pages": rows.quarantined,
                    "sample_failing_rows": dg.MetadataValue.md(
                        markdown_table(
                            ["record", "expectation", "title"],
                            [(r["record"], r["expectation"], r["title"]) for r in rows.sample],
                        )
                    ),
                },
            ),
            dg.AssetCheckResult(
                check_name="article_table_suite",
                passed=table.success,
                metadata=_check_metadata(table, docs),
            ),
            dg.AssetCheckResult(
                check_name="related_table_suite",
                passed=related.success,
                metadata=_check_metadata(related, docs),
            ),
        ],
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
            description=text,
        )
        for name, text in WAREHOUSE_TABLES.items()
    ],
    can_subset=False,
)
def warehouse_tables(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource
) -> Iterator[dg.MaterializeResult]:
    """Publish the validated staging rows to every warehouse table in one transaction."""
    with warehouse.store.writer() as wh:
        load_id = wh.current_load_id() or context.run_id  # the load raw_pages started
        stats = publish_staged(wh, load_id)
        tables = {name: table_metadata(wh, name) for name in WAREHOUSE_TABLES}
    warehouse.store.publish()  # load_runs gains a row every load, so readers always see the load
    context.log.info(f"load {load_id}: {stats}")
    context.instance.add_run_tags(
        context.run_id,
        {
            "newswh/articles_inserted": str(stats.articles_inserted),
            "newswh/articles_updated": str(stats.articles_updated),
            "newswh/versions_added": str(stats.versions_added),
            "newswh/pages_rejected": str(stats.pages_rejected),
        },
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
    **_step("search"),
    deps=["articles"],
    description="BM25 index over article titles and bodies, appended for changed articles.",
)
def search_index(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    store = warehouse.store
    with store.writer() as wh:
        indexed = index_articles(wh)
        docs = wh.count("search_docs")
        schema = column_schema(wh, "search_terms")
    if indexed or not store.published:
        store.publish()  # nothing new in the index: the snapshot is already current
    return dg.MaterializeResult(
        metadata={
            "indexed_now": indexed,
            "dagster/row_count": docs,
            "dagster/column_schema": schema,
        }
    )


@dg.asset_check(
    pool=WAREHOUSE_POOL,
    asset="load_runs",
    description="Every input record is behind exactly one article version or one reject, "
    "and the last load's versions + rejects equal the pages it processed.",
)
def accounting_reconciles(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    with warehouse.store.writer() as wh:
        ledger = reconcile(wh)
    return dg.AssetCheckResult(passed=ledger.balanced, metadata=ledger.as_metadata())


ASSETS = [raw_pages, staged_pages, validated_pages, warehouse_tables, search_index]
CHECKS = [accounting_reconciles]
