"""The BM25 index: append the articles whose latest page changed; query it with sql/search/bm25.sql."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import duckdb
import pyarrow as pa

from pipelines.search.terms import document_terms, query_terms, snippet
from pipelines.warehouse.db import run_sql, transaction

INDEX_CHUNK = 2000

_STALE = """
select a.article_id
from articles as a
left join search_docs as d using (article_id)
where d.page_id is distinct from a.page_id
order by a.article_id
"""
_TEXTS = """
select article_id, page_id, language, title, body
from articles
where article_id in (select unnest($ids))
order by article_id
"""


@dataclass(frozen=True)
class SearchHit:
    article_id: str
    title: str
    url: str | None
    outlet: str | None
    published_at: str | None
    score: float
    snippet: str


def index_articles(con: duckdb.DuckDBPyConnection) -> int:
    """Index every article not indexed at its current page; returns how many were (re)indexed."""
    stale = [row[0] for row in con.execute(_STALE).fetchall()]
    for start in range(0, len(stale), INDEX_CHUNK):
        chunk = con.execute(_TEXTS, {"ids": stale[start : start + INDEX_CHUNK]}).fetchall()
        docs: dict[str, list[Any]] = {"article_id": [], "page_id": [], "language": [], "doc_len": []}
        terms: dict[str, list[Any]] = {
            "term": [], "article_id": [], "tf": [], "doc_len": [], "language": []
        }
        for article_id, page_id, language, title, body in chunk:
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
        doc_table = pa.table(docs, schema=pa.schema([("article_id", pa.string()), ("page_id", pa.string()),
                                                     ("language", pa.string()), ("doc_len", pa.int32())]))
        term_table = pa.table(terms, schema=pa.schema([("term", pa.string()), ("article_id", pa.string()),
                                                       ("tf", pa.int32()), ("doc_len", pa.int32()),
                                                       ("language", pa.string())]))
        with transaction(con):
            con.register("doc_batch", doc_table)
            con.register("term_batch", term_table)
            con.execute("delete from search_terms where article_id in (select article_id from doc_batch)")
            con.execute("delete from search_docs where article_id in (select article_id from doc_batch)")
            con.execute("insert into search_docs select * from doc_batch")
            con.execute("insert into search_terms select * from term_batch order by term")
            con.unregister("doc_batch")
            con.unregister("term_batch")
    if stale:
        compact_index(con)
    return len(stale)


def compact_index(con: duckdb.DuckDBPyConnection, *, tail_share: float = 0.2) -> bool:
    """Re-sort search_terms by term once the rows appended since the last sort pass `tail_share`."""
    total = int((con.execute("select count(*) from search_terms").fetchone() or (0,))[0])
    row = con.execute("select value from search_state where key = 'sorted_rows'").fetchone()
    sorted_rows = int(row[0]) if row else 0
    if total == 0 or total - sorted_rows <= tail_share * max(sorted_rows, 1):
        return False
    with transaction(con):
        con.execute("create or replace table search_terms_sorted as select * from search_terms order by term")
        con.execute("drop table search_terms")
        con.execute("alter table search_terms_sorted rename to search_terms")
        con.execute("delete from search_state where key = 'sorted_rows'")
        con.execute("insert into search_state values ('sorted_rows', $n)", {"n": total})
    return True


def search(con: duckdb.DuckDBPyConnection, query: str, limit: int = 10) -> list[SearchHit]:
    """Articles ranked by BM25 for `query`, best first."""
    languages = [row[0] for row in con.execute("select distinct language from search_docs").fetchall()]
    rows = query_terms(query, languages)
    if not rows:
        return []
    result = run_sql(
        con,
        "search/bm25",
        languages=[r[0] for r in rows],
        term_index=[r[1] for r in rows],
        terms=[r[2] for r in rows],
        limit=limit,
    ).fetchall()
    return [
        SearchHit(article_id, title, url, outlet, published, float(score), snippet(body, query))
        for article_id, title, url, outlet, published, body, score in result
    ]
