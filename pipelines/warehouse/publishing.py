"""The writer's last steps: publish staged rows by relation, record a failed load, and keep
the search index. Extended by `Writer`; the relations' order is the caller's.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
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
    "staging.handover",
)
_FAILED_LOAD = """
insert into load_runs by name
select coalesce(s.load_id, $run_id) as load_id, $run_id as run_id,
       coalesce(s.mode, $mode) as mode, coalesce(s.started_at, $started_at) as started_at,
       now() as finished_at, s.files_seen, s.files_read, s.pages_seen,
       s.pages_new, s.pages_processed, 'failed' as status, $error as error
from (select 1) as one
left join staging.load_state as s on s.run_id = $run_id
where not exists (select 1 from load_runs where run_id = $run_id)
"""
# A run that failed after its rows were published (the checkpoint or the snapshot copy on a
# full disk, the index) is not a success: its row says so, with the whole error.
_MARK_FAILED = """
update load_runs set status = 'failed', error = $error
where run_id = $run_id
"""
UNPUBLISHED_ERROR = (
    "its rows were committed but never reached readers: the snapshot was not copied out "
    "(killed, or the disk was full); the next load published them"
)
# Raw pages accounted for (behind a version or a reject), and the ledger's structural faults.
_ACCOUNTING = """
select
    (select count(*) from (select page_id from article_versions
                           union select page_id from rejected_pages)) as accounted,
    (select count(*) from (select page_id from article_versions
                           intersect select page_id from rejected_pages)) as in_both,
    (select count(*) - count(distinct page_id) from article_versions)
        + (select count(*) - count(distinct page_id) from rejected_pages) as repeated
"""
# A reparse drops the rows of the pages it parses again: each must be staged again, and only
# a reparse may carry such a list.
_UNSTAGED_REPARSE = """
with this_load as (select getvariable('load_id') as load_id)

select count(*) filter (where v.page_id is null and j.page_id is null) as unstaged,
       count(*) filter (where coalesce(s.mode, 'load') not in ('reparse', 'backfill')) as stray
from staging.reparse_pages as r
left join (select distinct page_id from staging.versions
           where load_id in (from this_load)) as v using (page_id)
left join (select distinct page_id from staging.rejects
           where load_id in (from this_load)) as j using (page_id)
left join (select any_value(mode) as mode from staging.load_state
           where load_id in (from this_load)) as s on true
where r.load_id in (from this_load)
"""
# Articles to (re)index: not indexed at their current page, or whose latest version the
# last load or this run's load wrote (a reparse rewrites a page's text under the same page
# id; with partition runs at once, the last load to finish may be another run's).
_STALE = """
with last_load as (
    (select load_id from load_runs
     where status = 'succeeded'
     order by finished_at desc
     limit 1)
    union
    select $load_id
)

select a.article_id
from articles as a
left join search_docs as d using (article_id)
where d.page_id is distinct from a.page_id
    or a.load_id in (select load_id from last_load)
order by a.article_id
"""
# Read once into a temp table, handed out in chunks by row number (a lake scans its article
# files once per read, not once per chunk).
_TEXTS = """
create or replace temp table index_texts as
select row_number() over (order by article_id) as n, article_id, page_id, language, title, body
from articles
where article_id in (select unnest($ids))
"""
_TEXTS_CHUNK = """
select article_id, page_id, language, title, body
from index_texts
where n > $start and n <= $start + $size
order by n
"""


class LedgerBroken(RuntimeError):
    """A publish would lose a raw page's accounting; its transaction was rolled back."""


class Publishing(Reader):
    def publish(
        self, load_id: str, relations: Sequence[str], *, guard: bool = True
    ) -> dict[str, Any]:
        """Fill each published table from this load's staging rows (sql/publish/<table>.sql),
        in the order given, then drop them: one transaction. Returns the load's load_runs row.

        The transaction rolls back (LedgerBroken) if it would drop a reparsed page without
        staging it again, or leave an accounted raw page in no table, in two, or twice.
        guard=False is for tests of one relation's SQL alone, where the ledger is partial."""
        self._con.execute("set variable load_id = $id", {"id": load_id})
        with transaction(self._con):
            if guard:
                self._guard_reparse()
            before = self._one(_ACCOUNTING) or (0, 0, 0)
            for table in relations:
                self._con.execute(sql_text(f"publish/{table}"))
            for table in STAGING_TABLES:
                self._con.execute(f"delete from {table} where load_id = $id", {"id": load_id})
            after = self._one(_ACCOUNTING) or (0, 0, 0)
            if guard and (after[0] < before[0] or after[1] or after[2]):  # roll back
                raise LedgerBroken(
                    f"publishing would leave {max(before[0] - after[0], 0)} accounted raw pages "
                    f"in no table, {after[1]} in both, {after[2]} twice; nothing was published"
                )
        cur = self._con.execute("select * from load_runs where load_id = $id", {"id": load_id})
        row = cur.fetchone()
        return dict(zip([d[0] for d in cur.description], row, strict=True)) if row else {}

    def _guard_reparse(self) -> None:
        row = self._one(_UNSTAGED_REPARSE) or (0, 0)
        unstaged, stray = int(row[0] or 0), int(row[1] or 0)
        if stray:
            raise LedgerBroken(
                f"{stray} pages of a reparse are listed in staging but this is not a reparse; "
                "nothing was published"
            )
        if unstaged:
            raise LedgerBroken(
                f"{unstaged} pages of the reparse were not staged again: publishing would drop "
                "their versions; nothing was published"
            )

    def record_failed_load(
        self,
        run_id: str,
        error: str,
        *,
        mode: str | None = None,
        started_at: datetime | None = None,
    ) -> None:
        """A run that failed leaves a load_runs row saying so, with the whole error (its pages
        stay pending). A row the run already has (a failed one, or the row its publish wrote
        before the failure) gets this error instead."""
        params: dict[str, Any] = {"run_id": run_id, "error": error}
        with transaction(self._con):
            self._con.execute(_MARK_FAILED, params)
            self._con.execute(_FAILED_LOAD, params | {"mode": mode, "started_at": started_at})

    def mark_unpublished(self, published: set[str]) -> list[str]:
        """Runs the work file holds as succeeded but readers never got (`published`: the
        succeeded runs of the snapshot) committed their rows and then failed to copy them
        out: killed, or a full disk, at the checkpoint or the copy. Their rows say so (the
        next publish carries their rows to readers). Returns what was marked, one line."""
        unpublished = sorted(self.succeeded_runs() - published)
        if not unpublished:
            return []
        with transaction(self._con):
            self._con.execute(
                "update load_runs set status = 'failed', error = $error "
                "where run_id in (select unnest($runs))",
                {"runs": unpublished, "error": UNPUBLISHED_ERROR},
            )
        return [f"marked failed {len(unpublished)} load(s) whose publish never reached readers"]

    # -- the search index
    def drop_unindexable(self) -> None:
        """Forget the index rows of articles that no longer exist. search_docs (a row per
        article) says whether there are any: the scan of search_terms (a row per term and
        article) is skipped when none, as on most nights."""
        with transaction(self._con):
            gone = self._one(
                "select count(*) from search_docs "
                "where article_id not in (select article_id from articles)"
            )
            if not gone or not gone[0]:
                return
            for table in ("search_terms", "search_docs"):
                self._con.execute(
                    f"delete from {table} where article_id not in (select article_id from articles)"
                )

    def stale_article_ids(self, load_id: str | None = None) -> list[str]:
        """Articles whose index rows are missing or older than their text (`load_id`: the
        calling run's load, whose rewritten pages are reindexed even if another run's
        load finished after it)."""
        return [row[0] for row in self._all(_STALE, {"load_id": load_id})]

    def article_texts(self, ids: list[str], size: int) -> Iterator[list[tuple[Any, ...]]]:
        """(article_id, page_id, language, title, body) of the given articles, by article_id,
        in lists of `size`, from one read of `articles`."""
        if not ids:
            return
        self._con.execute(_TEXTS, {"ids": ids})
        try:
            for start in range(0, len(ids), size):
                yield self._all(_TEXTS_CHUNK, {"start": start, "size": size})
        finally:
            self._con.execute("drop table if exists temp.main.index_texts")

    def replace_index_rows(self, docs: pa.Table, terms: pa.Table) -> None:
        """Swap in the search_docs/search_terms rows of the articles in `docs`. Articles
        never indexed (search_docs has no row: a night's new articles) have no rows to
        delete, and search_terms is not scanned for them."""
        con = self._con
        con.register("doc_batch", docs)
        con.register("term_batch", terms)
        try:
            with transaction(con):
                indexed = self._one(
                    "select count(*) from search_docs "
                    "where article_id in (select article_id from doc_batch)"
                )
                for table in ("search_terms", "search_docs") if indexed and indexed[0] else ():
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
