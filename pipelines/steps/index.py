"""The BM25 index: (re)index the articles whose text changed, drop the ones that are gone,
and answer queries with sql/search/bm25.sql."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pyarrow as pa

from pipelines.search.terms import document_terms, query_terms, snippet
from pipelines.warehouse import Reader, Writer

_TEXT, _INT = pa.string(), pa.int32()
_DOCS = pa.schema({"article_id": _TEXT, "page_id": _TEXT, "language": _TEXT, "doc_len": _INT})
_TERMS = pa.schema(
    {"term": _TEXT, "article_id": _TEXT, "tf": _INT, "doc_len": _INT, "language": _TEXT}
)


@dataclass(frozen=True)
class SearchHit:
    article_id: str
    title: str
    url: str | None
    outlet: str | None
    published_at: str | None
    score: float
    snippet: str


def _index_tables(texts: list[tuple[Any, ...]]) -> tuple[pa.Table, pa.Table]:
    docs: dict[str, list[Any]] = {name: [] for name in _DOCS.names}
    terms: dict[str, list[Any]] = {name: [] for name in _TERMS.names}
    for article_id, page_id, language, title, body in texts:
        counts, length = document_terms(title, body, language)
        docs["article_id"].append(article_id)
        docs["page_id"].append(page_id)
        docs["language"].append(language)
        docs["doc_len"].append(length)
        for term, tf in counts.items():
            terms["term"].append(term)
            terms["article_id"].append(article_id)
            terms["tf"].append(tf)
            terms["doc_len"].append(length)
            terms["language"].append(language)
    return pa.table(docs, schema=_DOCS), pa.table(terms, schema=_TERMS)


def index_articles(wh: Writer, load_id: str | None = None) -> int:
    """Drop the index rows of deleted articles, then index every article not indexed at its
    current text (and those `load_id` rewrote); returns how many were (re)indexed."""
    wh.drop_unindexable()
    stale = wh.stale_article_ids(load_id)
    for texts in wh.article_texts(stale, wh.index_chunk):  # one commit per chunk
        wh.replace_index_rows(*_index_tables(texts))
    if stale:
        wh.compact_index()
    return len(stale)


def search(wh: Reader, query: str, limit: int = 10) -> list[SearchHit]:
    """Articles ranked by BM25 for `query`, best first."""
    rows = query_terms(query, wh.search_languages())
    if not rows:
        return []
    result = wh.bm25([r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows], limit)
    return [
        SearchHit(article_id, title, url, outlet, published, float(score), snippet(body, query))
        for article_id, title, url, outlet, published, body, score in result
    ]
