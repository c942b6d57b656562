"""The writer's last steps: publish staged rows by relation, record a failed load, and keep
the search index. Extended by `Writer`; the relations' order is the caller's.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pyarrow as pa

from pipelines.warehouse.files import COLUMN_COMMENTS, sql_text, transaction
from pipelines.warehouse.reader import Reader

STAGING_TABLES = (
    "staging.versions",
    "staging.related",
    "staging.rejects",
    "staging.load_state",
    "staging.reparse_pages",
)
_FAILED_LOAD = """
insert into load_runs by name
select coalesce(s.load_id, $run_id) as load_id, $run_id as run_id, s.mode,
       s.started_at, now() as finished_at, s.files_seen, s.files_read, s.pages_seen,
       s.pages_new, s.pages_processed, 'failed' as status, $error as error
from (select 1) as one
left join staging.load_state as s on true
where not exists (select 1 from load_runs where run_id = $run_id)
"""
# Articles to (re)index: not indexed at their current page, or whose latest version the
# last load wrote (a reparse rewrites a page's text under the same page id).
_STALE = """
with last_load as (
    select load_id from load_runs
    where status = 'succeeded'
    order by finished_at desc
    limit 1
)

select a.article_id
from articles as a
left join search_docs as d using (article_id)
where d.page_id is distinct from a.page_id
    or a.load_id in (select load_id from last_load)
order by a.article_id
"""
_TEXTS = """
select article_id, page_id, language, title, body
from articles
where article_id in (select unnest($ids))
order by article_id
"""


class Publishing(Reader):
    def publish(self, load_id: str, relations: Sequence[str]) -> dict[str, Any]:
        """Fill each published table from staging (sql/publish/<table>.sql), in the order
        given, then empty staging: one transaction. Returns the load's load_runs row."""
        with transaction(self._con):
            self._con.execute("set variable load_id = $id", {"id": load_id})
            for table in relations:
                self._con.execute(sql_text(f"publish/{table}"))
            for table in STAGING_TABLES:
                self._con.execute(f"delete from {table}")
        self._con.execute("reset variable load_id")
        cur = self._con.execute("select * from load_runs where load_id = $id", {"id": load_id})
        row = cur.fetchone()
        return dict(zip([d[0] for d in cur.description], row, strict=True)) if row else {}

    def record_failed_load(self, run_id: str, error: str) -> None:
        """A run that failed leaves a load_runs row saying so (its pages stay pending)."""
        with transaction(self._con):
            self._con.execute(_FAILED_LOAD, {"run_id": run_id, "error": error})

    # -- the search index
    def drop_unindexable(self) -> None:
        """Forget the index rows of articles that no longer exist."""
        with transaction(self._con):
            for table in ("search_terms", "search_docs"):
                self._con.execute(
                    f"delete from {table} where article_id not in (select article_id from articles)"
                )

    def stale_article_ids(self) -> list[str]:
        return [row[0] for row in self._all(_STALE)]

    def article_texts(self, ids: list[str]) -> list[tuple[Any, ...]]:
        """(article_id, page_id, language, title, body) of the given articles."""
        return self._all(_TEXTS, {"ids": ids})

    def replace_index_rows(self, docs: pa.Table, terms: pa.Table) -> None:
        """Swap in the search_docs/search_terms rows of the articles in `docs`."""
        con = self._con
        con.register("doc_batch", docs)
        con.register("term_batch", terms)
        try:
            with transaction(con):
                for table in ("search_terms", "search_docs"):
                    con.execute(
                        f"delete from {table} "
                        "where article_id in (select article_id from doc_batch)"
                    )
                con.execute("insert into search_docs select * from doc_batch")
                con.execute("insert into search_terms select * from term_batch order by term")
        finally:
            con.unregister("doc_batch")
            con.unregister("term_batch")

    def compact_index(self, *, tail_share: float = 0.2) -> bool:
        """Re-sort search_terms by term once the rows appended since the last sort pass
        `tail_share` of the sorted ones."""
        total = self.count("search_terms")
        row = self._one("select value from search_state where key = 'sorted_rows'")
        sorted_rows = int(row[0]) if row else 0
        if total == 0 or total - sorted_rows <= tail_share * max(sorted_rows, 1):
            return False
        with transaction(self._con):
            self._con.execute(
                "create or replace table search_terms_sorted as "
                "select * from search_terms order by term"
            )
            self._con.execute("drop table search_terms")
            self._con.execute("alter table search_terms_sorted rename to search_terms")
            self._con.execute(sql_text(COLUMN_COMMENTS))  # a new table: describe it again
            self._con.execute("delete from search_state where key = 'sorted_rows'")
            self._con.execute("insert into search_state values ('sorted_rows', $n)", {"n": total})
        return True
