"""Pending raw pages -> staged rows (staging.versions / related / rejects), in chunks.

A raw page is pending until it is behind an article version or in rejected_pages, so a load
that died before publishing is simply staged again by the next one. Every page is parsed in
a worker process under a time budget (`isolation`): a page that hangs or crashes its parser
is staged as a reject, so it does not stop this load and is not tried again by the next.
SIGTERM or SIGINT during staging stops the workers and fails the step within a second; the
pages stay pending for the next load.
"""

from __future__ import annotations

import json
import signal
import threading
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

import pyarrow as pa

from pipelines.model import Article, RawPage, Reject
from pipelines.normalize.dates import to_iso, to_utc
from pipelines.normalize.outlets import Outlets
from pipelines.steps.isolation import DEFAULT_PARSE_TIMEOUT, IsolatedParser, in_process
from pipelines.steps.outlets import OutletKnowledge
from pipelines.warehouse import Writer

CHUNK = 500
POOL_THRESHOLD = 300  # fewer pending pages than this get one worker: a second is not worth it
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
        fetched_at_text,
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
        fetched_at_text=fetched_at_text,
    )


def outlet_knowledge(wh: Writer, overrides: Outlets | None = None) -> OutletKnowledge:
    """What a load knows about outlets before it parses: the user's overrides, the profiles,
    and the zones the last publish learned."""
    outlets = OutletKnowledge(learned=wh.learned_zones())
    return outlets if overrides is None else replace(outlets, overrides=overrides)


def with_zones(pages: list[RawPage], outlets: OutletKnowledge | None) -> list[RawPage]:
    """The pages, each with the zone the pipeline knows for its host (if any)."""
    return pages if outlets is None else [outlets.zoned(p) for p in pages]


def record_outlet_knowledge(wh: Writer, outlets: OutletKnowledge) -> None:
    """Tell publish what the load knew about outlets, with the zones learned from every
    page's explicit offsets (tonight's staged pages among them)."""
    learned = outlets.learned_table(wh.zone_evidence())
    wh.retrying(
        lambda: wh.write_outlet_knowledge(outlets.rules_table(), outlets.tlds_table(), learned)
    )


def read_pages(wh: Writer, ids: list[str], outlets: OutletKnowledge | None = None) -> list[RawPage]:
    """The raw pages, each with the zone the pipeline knows for its host (if any)."""
    return with_zones([_raw_page(row) for row in wh.raw_pages(ids)], outlets)


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
                "time_zone": a.time_zone,
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


class StageInterrupted(Exception):
    """SIGTERM or SIGINT arrived while pages were being parsed."""


@contextmanager
def _stop_on_signals() -> Iterator[None]:
    """Turn SIGTERM/SIGINT into an exception, so the workers are stopped on the way out."""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set handlers; Dagster's run worker has its own
        return

    def stop(signum: int, _frame: object) -> None:
        raise StageInterrupted(f"stopped by {signal.Signals(signum).name}; pages stay pending")

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def stage_pending(
    wh: Writer,
    *,
    workers: int = 1,
    reparse: bool = False,
    timeout: float = DEFAULT_PARSE_TIMEOUT,
    progress: Callable[[int, int], None] | None = None,
    overrides: Outlets | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> StageStats:
    """Parse every pending raw page (fetched in [since, until) when given: a partition run;
    for a reparse, the pages it covers) into the session's load's staging rows, then tell
    publish what is known about outlets (overrides, profiles, learned zones).

    Each page gets `timeout` seconds in a worker process; 0 parses in this process, unguarded.
    """
    wh.clear_staged_rows()
    outlets = outlet_knowledge(wh, overrides)
    ids = wh.pending_page_ids(reparse=reparse, since=since, until=until)
    stats = StageStats(pending=len(ids))
    wh.set_pages_processed(len(ids))
    with _stop_on_signals():
        parser = None
        if timeout > 0 and ids:
            parser = IsolatedParser(workers if len(ids) >= POOL_THRESHOLD else 1, timeout)
        try:
            parse = parser.map if parser is not None else in_process
            done = 0
            for chunk in _chunks(ids, CHUNK):
                pages = read_pages(wh, chunk, outlets)
                tables = _tables(pages, parse(pages))
                wh.write_staged(*tables)
                stats.articles += tables[0].num_rows
                stats.rejected += tables[2].num_rows
                done += len(pages)
                if progress is not None:
                    progress(done, len(ids))
        finally:
            if parser is not None:
                parser.close()
    record_outlet_knowledge(wh, outlets)
    return stats
