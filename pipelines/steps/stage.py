"""Pending raw pages -> staged rows (staging.versions / related / rejects), in chunks.

A raw page is pending until it is behind an article version or in rejected_pages, so a load
that died before publishing is simply staged again by the next one. Parsing fans out to a
process pool when there is enough work to pay for it.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from multiprocessing import get_context
from typing import Any

import pyarrow as pa

from pipelines.extract import extract_page
from pipelines.model import Article, RawPage, Reject
from pipelines.normalize.dates import to_iso, to_utc
from pipelines.normalize.outlets import Outlets
from pipelines.normalize.urls import url_host
from pipelines.steps.outlets import OutletKnowledge
from pipelines.warehouse import Writer

CHUNK = 500
POOL_THRESHOLD = 300  # fewer pending pages than this parse in-process: a pool costs ~1 s to start
_AUTHORS = pa.list_(pa.struct([("name", pa.string()), ("kind", pa.string())]))
_TS = pa.timestamp("us", tz="UTC")


@dataclass
class StageStats:
    pending: int = 0
    articles: int = 0
    rejected: int = 0


def _raw_page(row: tuple[Any, ...]) -> RawPage:
    (
        page_id,
        source_path,
        record,
        url,
        fetched_at,
        source,
        fmt,
        media,
        encoding,
        status,
        err,
        content,
    ) = row
    error: tuple[str, str] | None = None
    if err:
        code, _, message = err.partition(": ")
        error = (code, message)
    return RawPage(
        page_id=page_id,
        source_path=source_path,
        record=record,
        content=zlib.decompress(content),
        format=fmt,
        media=media,
        url=url,
        fetched_at=fetched_at,
        source=source,
        charset=encoding,
        http_status=status,
        error=error,
    )


def read_pages(wh: Writer, ids: list[str], outlets: OutletKnowledge | None = None) -> list[RawPage]:
    """The raw pages, each with the zone the pipeline knows for its host (if any)."""
    pages = [_raw_page(row) for row in wh.raw_pages(ids)]
    if outlets is None:
        return pages
    return [replace(p, time_zone=outlets.zone_for(url_host(p.url))) for p in pages]


def outcome(page: RawPage) -> Article | Reject:
    """Worker entry point: only the outcome travels back, not the page bytes."""
    result = extract_page(page)
    if result.article is not None:
        return result.article
    assert result.reject is not None  # an Extraction holds one or the other
    return result.reject


def _tables(
    pages: list[RawPage], outcomes: list[Article | Reject]
) -> tuple[pa.Table, pa.Table, pa.Table]:
    versions: list[dict[str, object]] = []
    related: list[dict[str, object]] = []
    rejects: list[dict[str, object]] = []
    for page, result in zip(pages, outcomes, strict=True):
        if isinstance(result, Reject):
            rejects.append(
                {
                    "page_id": page.page_id,
                    "source_path": page.source_path,
                    "record": page.record,
                    "reason": result.code,
                    "check_name": None,
                    "details": result.message,
                }
            )
            continue
        a = result
        versions.append(
            {
                "article_id": a.article_id,
                "page_id": page.page_id,
                "fetched_at": to_utc(page.fetched_at),
                "url": a.url,
                "outlet": a.outlet,
                "title": a.title,
                "body": a.body,
                "published_at": to_utc(a.published_at),
                "published_at_local": to_iso(a.published_at),
                "updated_at": to_utc(a.updated_at),
                "updated_at_local": to_iso(a.updated_at),
                "language": a.language,
                "read_time_min": a.read_time_min,
                "word_count": a.word_count,
                "image_caption": a.image_caption,
                "image_credit": a.image_credit,
                "authors": [{"name": x.name, "kind": x.kind} for x in a.authors],
                "field_sources": json.dumps(a.field_sources, ensure_ascii=False),
                "content_hash": a.content_hash,
            }
        )
        for r in a.related:
            related.append(
                {
                    "page_id": page.page_id,
                    "article_id": a.article_id,
                    "position": r.position,
                    "section": r.section,
                    "time_text": r.time_text,
                    "published_at": to_utc(r.published_at),
                    "published_at_local": to_iso(r.published_at),
                    "title": r.title,
                    "summary": r.summary,
                    "url": r.url,
                    "author": r.author,
                }
            )
    return (
        _arrow(
            versions,
            {
                "fetched_at": _TS,
                "published_at": _TS,
                "updated_at": _TS,
                "authors": _AUTHORS,
                "read_time_min": pa.int32(),
                "word_count": pa.int32(),
            },
        ),
        _arrow(related, {"published_at": _TS, "position": pa.int32()}),
        _arrow(rejects, {"record": pa.int32()}),
    )


def _arrow(rows: list[dict[str, object]], types: dict[str, pa.DataType]) -> pa.Table:
    if not rows:
        return pa.table({})
    names = list(rows[0])
    arrays = [pa.array([r[n] for r in rows], type=types.get(n, pa.string())) for n in names]
    return pa.Table.from_arrays(arrays, names=names)


def _chunks(ids: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def stage_pending(
    wh: Writer,
    *,
    workers: int = 1,
    reparse: bool = False,
    progress: Callable[[int, int], None] | None = None,
    overrides: Outlets | None = None,
) -> StageStats:
    """Parse every pending raw page (or, for a reparse, the pages it covers) into staging,
    then tell publish what is known about outlets (overrides, profiles, learned zones)."""
    wh.clear_staged_rows()
    outlets = OutletKnowledge(learned=wh.learned_zones())
    if overrides is not None:
        outlets = replace(outlets, overrides=overrides)
    ids = wh.pending_page_ids(reparse=reparse)
    stats = StageStats(pending=len(ids))
    wh.set_pages_processed(len(ids))
    pool = None
    if workers > 1 and len(ids) >= POOL_THRESHOLD:
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=get_context("forkserver"))
    try:
        mapper: Callable[[Iterable[RawPage]], Iterable[Article | Reject]]
        if pool is not None:
            mapper = lambda pages: pool.map(outcome, pages, chunksize=16)  # noqa: E731
        else:
            mapper = lambda pages: map(outcome, pages)  # noqa: E731
        done = 0
        for chunk in _chunks(ids, CHUNK):
            pages = read_pages(wh, chunk, outlets)
            outcomes = list(mapper(pages))
            tables = _tables(pages, outcomes)
            wh.write_staged(*tables)
            stats.articles += tables[0].num_rows
            stats.rejected += tables[2].num_rows
            done += len(pages)
            if progress is not None:
                progress(done, len(ids))
    finally:
        if pool is not None:
            pool.shutdown()
    learned = outlets.learned_table(wh.zone_evidence())
    wh.write_outlet_knowledge(outlets.rules_table(), outlets.tlds_table(), learned)
    return stats
