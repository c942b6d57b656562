"""The `newswh extract --json` shape: one JSON object per input record (docs/contract.md).

The extractor returns an `Extraction`; this is how the command line writes it, and the
contract users build on: every key is always present, null (or empty) when it does not apply.
"""

from __future__ import annotations

from typing import Any

from pipelines.model import Extraction
from pipelines.normalize.dates import to_iso

_ARTICLE_KEYS = (
    "outlet",
    "title",
    "authors",
    "published_at",
    "updated_at",
    "language",
    "read_time_min",
    "word_count",
    "body",
    "image_caption",
    "image_credit",
    "related",
    "field_sources",
)


def extraction_json(result: Extraction) -> dict[str, Any]:
    """The `newswh extract --json` object for one record (docs/contract.md)."""
    page, art = result.page, result.article
    out: dict[str, Any] = {
        "page_id": page.page_id,
        "source_path": page.source_path,
        "record": page.record,
        "url": art.url if art else page.url,
        "fetched_at": to_iso(page.fetched_at),
        "status": "article" if art else "rejected",
        # The code to group by and the words for a person, apart, as in rejected_pages
        # (reason, details).
        "reject_reason": result.reject.code if result.reject else None,
        "reject_details": result.reject.message if result.reject else None,
    }
    if art is None:
        empty: dict[str, Any] = {k: None for k in _ARTICLE_KEYS}
        return {**out, **empty, "authors": [], "related": [], "field_sources": {}}
    out.update(
        outlet=art.outlet,
        title=art.title,
        authors=[{"name": a.name, "kind": a.kind} for a in art.authors],
        published_at=to_iso(art.published_at),
        updated_at=to_iso(art.updated_at),
        language=art.language,
        read_time_min=art.read_time_min,
        word_count=art.word_count,
        body=art.body,
        image_caption=art.image_caption,
        image_credit=art.image_credit,
        related=[
            {
                "position": r.position,
                "section": r.section,
                "time_text": r.time_text,
                "published_at": to_iso(r.published_at),
                "title": r.title,
                "summary": r.summary,
                "url": r.url,
                "author": r.author,
            }
            for r in art.related
        ],
        field_sources=art.field_sources,
    )
    return out
