"""What readers ask of the warehouse: counts, schemas, previews, load history, search, SQL.

Every method takes and returns plain Python values or Arrow tables, so another backend can
answer the same questions.
"""

from __future__ import annotations

import contextlib
import io
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import duckdb
import pyarrow as pa

from pipelines.warehouse.files import sql_text

_NEWEST_ARTICLES = """
select outlet, coalesce(published_at_local, '') as published, title, url
from articles order by published_at desc nulls last, article_id limit $n
"""
_NEWEST_REJECTS = """
select r.source_path || coalesce('#' || r.record, '') as record, r.reason,
       coalesce(r.check_name, '') as check_name, r.details
from rejected_pages as r left join load_runs as l using (load_id)
order by l.started_at desc nulls last, r.page_id limit $n
"""
_RECENT_LOADS = """
select strftime(started_at, '%Y-%m-%d %H:%M') as started, mode, status,
       round(epoch(finished_at) - epoch(started_at), 1) as seconds,
       pages_seen as seen, pages_new as new, articles_inserted as inserted,
       articles_updated as updated, versions_added as versions, pages_rejected as rejected,
       left(error, 80) as error
from load_runs order by finished_at desc limit $n
"""
_RECENT_FAILURES = """
select coalesce(strftime(started_at, '%Y-%m-%d %H:%M'), '?') as started,
       coalesce(mode, 'load') as mode, coalesce(error, 'no error recorded') as error
from load_runs where status = 'failed'
order by coalesce(finished_at, started_at) desc nulls last limit $n
"""
_LAST_REJECTS = """
select reason, coalesce(check_name, '') as check_name, count(*) as pages
from rejected_pages
where load_id = (select load_id from load_runs order by started_at desc limit 1)
group by all order by pages desc
"""
_LEDGER = """
with raw as (
    select page_id from raw_pages
    where ($since is null or fetched_at >= $since) and ($until is null or fetched_at < $until)
),
versions as (select page_id, count(*) as n from article_versions group by page_id),
rejects as (select page_id, count(*) as n from rejected_pages group by page_id)
select
    (select count(*) from raw) as pages,
    (select count(*) from raw where page_id not in (select page_id from versions)
                                and page_id not in (select page_id from rejects)) as unaccounted,
    (select count(*) from versions join rejects using (page_id)) as in_both,
    (select count(*) from versions where n > 1) + (select count(*) from rejects where n > 1) as repeated
"""
_PUBLICATION = """
select
    (select count(*) from raw_pages) as raw_pages,
    (select count(*) from (select page_id from article_versions
                           union select page_id from rejected_pages)) as accounted,
    (select count(*) from (select page_id from article_versions
                           intersect select page_id from rejected_pages)) as in_both,
    (select count(*) - count(distinct page_id) from article_versions)
        + (select count(*) - count(distinct page_id) from rejected_pages) as repeated,
    (select count(*) from articles) as articles,
    (select count(*) from article_versions) as versions,
    (select mode from load_runs where status = 'succeeded'
     order by finished_at desc limit 1) as last_mode
"""
_LAST_LOAD = """
select load_id, pages_processed, versions_added, pages_rejected
from load_runs order by finished_at desc limit 1
"""

_COVERAGE = """
select count(*), count(published_at),
       count(*) filter (where article_id in (select article_id from article_authors))
from articles
"""
_RELATED_PER_LOAD = """
with related as (
    select page_id, count(*) as items from related_news group by page_id
),

versions as (
    select v.load_id, count(*) as versions, coalesce(sum(r.items), 0) as related
    from article_versions as v left join related as r using (page_id)
    group by v.load_id
)
select v.load_id, v.versions, v.related
from versions as v join load_runs as l using (load_id)
order by l.started_at desc limit $n
"""


class QueryError(RuntimeError):
    """The warehouse refused a query (syntax, unknown table, a write on a read-only file)."""


@dataclass(frozen=True)
class QueryResult:
    table: pa.Table
    text: str  # the rows as a boxed text table, for a terminal


@dataclass(frozen=True)
class LedgerCounts:
    pages: int
    unaccounted: int
    in_both: int
    repeated: int
    last_load: str | None
    last_processed: int
    last_accounted: int


@dataclass(frozen=True)
class PublicationCounts:
    """What a snapshot holds, for the guard that keeps a swap from losing any of it."""

    raw_pages: int
    accounted: int  # raw pages behind a version or a reject
    in_both: int
    repeated: int
    articles: int
    versions: int
    last_mode: str | None

    def holds(self) -> bool:
        """Every raw page behind one version or one reject, never both, never twice."""
        return self.in_both == 0 and self.repeated == 0 and self.accounted == self.raw_pages

    def keeps(self, other: PublicationCounts) -> bool:
        """Nothing `other` had is lost: articles, versions, accounted pages."""
        return (self.articles, self.versions, self.accounted) >= (
            other.articles,
            other.versions,
            other.accounted,
        )


class Reader:
    """A read session over one warehouse file."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self._con = con

    def _one(self, query: str, params: dict[str, Any] | None = None) -> tuple[Any, ...] | None:
        return self._con.execute(query, params).fetchone()

    def _all(self, query: str, params: dict[str, Any] | None = None) -> list[tuple[Any, ...]]:
        return self._con.execute(query, params).fetchall()

    def count(self, table: str) -> int:
        """Rows of a table (a name this code chose, never user input)."""
        row = self._one(f"select count(*) from {table}")
        return int(row[0]) if row else 0

    def columns(self, table: str, schema: str = "main") -> list[tuple[str, str, bool, str | None]]:
        """(name, type, nullable, description) of each column, in table order; the
        description is the column's COMMENT (sql/ddl/050_comments.sql)."""
        rows = self._all(
            "select column_name, data_type, is_nullable, comment from duckdb_columns() "
            "where database_name = current_database() and schema_name = $schema "
            "and table_name = $table order by column_index",
            {"schema": schema, "table": table},
        )
        return [(name, dtype, bool(nullable), comment) for name, dtype, nullable, comment in rows]

    def known_files(self) -> dict[str, tuple[int, int, int | None, int | None]]:
        """source_path -> (byte_size, mtime_ns, ctime_ns, inode) of every landing file read
        before (ctime and inode are null for files read before they were kept)."""
        rows = self._all(
            "select source_path, byte_size, mtime_ns, ctime_ns, inode from landing_files"
        )
        return {row[0]: (row[1], row[2], row[3], row[4]) for row in rows}

    def duplicate_keys(self, table: str, key: str) -> int:
        """Key values held by more than one row (names this code chose, never user input)."""
        row = self._one(
            f"select count(*) from (select {key} from {table} group by 1 having count(*) > 1)"
        )
        return int(row[0]) if row else 0

    def article_coverage(self) -> tuple[int, int, int]:
        """(articles, with a publication date, with at least one author)."""
        row = self._one(_COVERAGE)
        return (int(row[0]), int(row[1]), int(row[2])) if row else (0, 0, 0)

    def related_per_load(self, n: int) -> list[tuple[str, int, int]]:
        """(load_id, versions added, related items on them) of the last `n` loads that
        added versions, newest first."""
        return [(str(r[0]), int(r[1]), int(r[2])) for r in self._all(_RELATED_PER_LOAD, {"n": n})]

    def newest_articles(self, n: int) -> list[tuple[Any, ...]]:
        """(outlet, published, title, url) of the newest articles."""
        return self._all(_NEWEST_ARTICLES, {"n": n})

    def newest_rejects(self, n: int) -> list[tuple[Any, ...]]:
        """(record, reason, check, details) of the latest rejects."""
        return self._all(_NEWEST_REJECTS, {"n": n})

    def recent_loads(self, n: int) -> QueryResult:
        return self._result(self._con.sql(_RECENT_LOADS, params={"n": n}), 200)

    def recent_failures(self, n: int) -> list[tuple[str, str, str]]:
        """(started, mode, whole error) of the last failed loads, newest first."""
        return [(str(a), str(b), str(c)) for a, b, c in self._all(_RECENT_FAILURES, {"n": n})]

    def last_load_rejects(self) -> list[tuple[str, str, int]]:
        """(reason, check name or '', pages) of the last load's rejects, most first."""
        return [(r[0], r[1], int(r[2])) for r in self._all(_LAST_REJECTS)]

    def load_run(self, run_id: str) -> dict[str, Any] | None:
        """The load_runs row of a run, by column name."""
        cur = self._con.execute("select * from load_runs where run_id = $id", {"id": run_id})
        row = cur.fetchone()
        if row is None:
            return None
        return dict(zip([d[0] for d in cur.description], row, strict=True))

    def succeeded_runs(self) -> set[str]:
        """The run ids whose load_runs row says succeeded."""
        return {r[0] for r in self._all("select run_id from load_runs where status = 'succeeded'")}

    def reject_reasons(self, load_id: str) -> dict[str, int]:
        rows = self._all(
            "select reason, count(*) from rejected_pages where load_id = $id group by reason",
            {"id": load_id},
        )
        return {str(reason): int(n) for reason, n in rows}

    def ledger(self, since: datetime | None = None, until: datetime | None = None) -> LedgerCounts:
        """Where every raw page went (pages and unaccounted: of those fetched in [since,
        until) when given), and what the last load said it processed."""
        row = self._one(_LEDGER, {"since": since, "until": until}) or (0, 0, 0, 0)
        last = self._one(_LAST_LOAD)
        processed = int(last[1] or 0) if last else 0
        accounted = int((last[2] or 0) + (last[3] or 0)) if last else 0
        pages, unaccounted, in_both, repeated = (int(x) for x in row)
        last_load = str(last[0]) if last else None
        return LedgerCounts(pages, unaccounted, in_both, repeated, last_load, processed, accounted)

    def publication_counts(self) -> PublicationCounts:
        row = self._one(_PUBLICATION) or (0, 0, 0, 0, 0, 0, None)
        raw, accounted, in_both, repeated, articles, versions = (int(c or 0) for c in row[:6])
        return PublicationCounts(raw, accounted, in_both, repeated, articles, versions, row[6])

    def search_languages(self) -> list[str | None]:
        return [row[0] for row in self._all("select distinct language from search_docs")]

    def bm25(
        self, languages: list[str | None], term_index: list[int], terms: list[str], limit: int
    ) -> list[tuple[Any, ...]]:
        """(article_id, title, url, outlet, published_at, body, score), best first."""
        params = {"languages": languages, "term_index": term_index, "terms": terms, "limit": limit}
        return self._all(sql_text("search/bm25"), params)

    def sql(self, text: str, max_rows: int = 40) -> QueryResult | None:
        """Run an analyst's query; None for a statement that returns no rows."""
        try:
            rel = self._con.sql(text)
            return None if rel is None else self._result(rel, 200, max_rows)
        except duckdb.Error as exc:
            raise QueryError(str(exc).splitlines()[0]) from exc

    def _result(self, rel: duckdb.DuckDBPyRelation, width: int, max_rows: int = 40) -> QueryResult:
        table = rel.to_arrow_table()  # run once; render the fetched rows, not the query again
        shown = io.StringIO()
        with contextlib.redirect_stdout(shown):
            self._con.from_arrow(table).show(max_rows=max_rows, max_width=width)
        return QueryResult(table, shown.getvalue())
