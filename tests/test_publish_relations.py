"""Each publish relation (sql/publish/<table>.sql) on a few given rows -> the exact rows out.

Every test writes small staging and warehouse tables into a fresh work file, publishes one
relation through the warehouse API as load L2, and reads the table the relation fills.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pytest

from pipelines.steps.publish import PUBLISH_ORDER
from pipelines.warehouse import Warehouse
from pipelines.warehouse.files import SQL_DIR, work_path

LOAD = "L2"
# staging rows are keyed by load: given ones belong to L2 unless a row says otherwise
KEYED = ("staging.versions", "staging.related", "staging.rejects", "staging.reparse_pages")
T1, T2, T3 = (datetime(2024, 12, day, 9, tzinfo=UTC) for day in (1, 2, 3))


def version(page: str, article: str, fetched: datetime | None, content: str, **more: Any) -> dict:
    """An article_versions row with only what a relation looks at; the rest is filler."""
    row = {
        "article_id": article,
        "page_id": page,
        "fetched_at": fetched,
        "title": f"title {page}",
        "body": f"body {content}",
        "word_count": 100,
        "content_hash": content,
        "authors": [],
    }
    return row | more


def raw(page: str, record: int | None = None) -> dict:
    return {
        "page_id": page,
        "source_path": f"{page}.html",
        "record": record,
        "format": "html",
        "media": "html",
        "byte_size": 1,
        "load_id": "L1",
    }


class Given:
    """A fresh work file; `rows` puts rows in a table, `publish` runs one relation."""

    def __init__(self, tmp_path: Path) -> None:
        self.store = Warehouse(tmp_path / "w.duckdb")
        with self.store.writer():  # create the schema
            pass
        self.work = str(work_path(self.store.path))

    def rows(self, table: str, rows: list[dict]) -> None:
        if table in KEYED:
            rows = [{"load_id": LOAD} | row for row in rows]
        batch = pa.Table.from_pylist(rows)  # noqa: F841 - read by name in the SQL below
        with duckdb.connect(self.work) as con:
            con.execute(f"insert into {table} by name select * from batch")

    def publish(self, relation: str) -> None:
        with self.store.writer() as wh:
            wh.publish(LOAD, [relation], guard=False)  # one relation alone: a partial ledger

    def select(self, query: str) -> list[tuple]:
        with duckdb.connect(self.work, read_only=True) as con:
            con.execute("set TimeZone = 'UTC'")
            return con.execute(query).fetchall()


@pytest.fixture
def given(tmp_path: Path) -> Iterator[Given]:
    given = Given(tmp_path)
    with given.store.lock():  # the test is the live writer: its staging rows are not a dead one's
        yield given


def test_publish_order_names_every_relation_file_once() -> None:
    files = sorted(p.stem for p in (SQL_DIR / "publish").glob("*.sql"))
    assert sorted(PUBLISH_ORDER) == files


def test_rejected_pages_are_duplicates_and_staged_rejects(given: Given) -> None:
    given.rows("raw_pages", [raw(p) for p in ("p0", "p1", "p2", "p3", "p4", "p7")])
    given.rows("article_versions", [version("p0", "a1", T1, "h1", version=1, load_id="L1")])
    given.rows("article_versions", [version("p7", "a9", T1, "h9", version=1, load_id="L1")])
    given.rows(
        "staging.versions",
        [
            version("p1", "a1", T2, "h1"),  # the content of stored p0
            version("p2", "a2", T3, "h2"),  # repeats p3, fetched before it
            version("p3", "a2", T2, "h2"),
            version("p4", "a3", None, "h3"),
            version("p8", "a9", T2, "h9"),  # p7 holds h9, but p7 is being reparsed
        ],
    )
    given.rows(
        "staging.rejects",
        [
            {"page_id": "p5", "source_path": "p5.txt", "record": 3, "reason": "empty"},
            {"page_id": "p6", "source_path": "p6.txt", "reason": "empty"},  # already rejected
        ],
    )
    given.rows(
        "rejected_pages",
        [
            {"page_id": "p6", "source_path": "p6.txt", "reason": "empty", "load_id": "L1"},
            {"page_id": "p7", "source_path": "p7.html", "reason": "empty", "load_id": "L1"},
        ],
    )
    given.rows("staging.reparse_pages", [{"page_id": "p7"}])
    given.publish("rejected_pages")
    assert given.select(
        "select page_id, source_path, record, reason, check_name, details, load_id "
        "from rejected_pages order by page_id"
    ) == [
        ("p1", "p1.html", None, "duplicate", None, "same article content as page p0", LOAD),
        ("p2", "p2.html", None, "duplicate", None, "same article content as page p3", LOAD),
        ("p5", "p5.txt", 3, "empty", None, None, LOAD),
        ("p6", "p6.txt", None, "empty", None, None, "L1"),
    ]


def test_article_versions_skip_duplicates_and_number_by_fetch_time(given: Given) -> None:
    given.rows(
        "article_versions",
        [
            version("p0", "a1", T3, "h1", version=1, load_id="L1"),
            version("p7", "a9", T1, "h9", version=1, load_id="L1"),
        ],
    )
    given.rows(
        "staging.versions",
        [
            version("p1", "a1", T2, "h2"),  # older than p0: it becomes version 1
            version("p2", "a1", None, "h3"),  # no fetch time counts as the oldest
            version("p3", "a1", T1, "h1"),  # rejected as a duplicate of p0
            version("p4", "a2", T1, "h4"),
        ],
    )
    given.rows(
        "rejected_pages",
        [{"page_id": "p3", "reason": "duplicate", "details": "same as p0", "load_id": LOAD}],
    )
    given.rows("staging.reparse_pages", [{"page_id": "p7"}])
    given.publish("article_versions")
    assert given.select(
        "select article_id, version, page_id, load_id from article_versions order by all"
    ) == [
        ("a1", 1, "p2", LOAD),
        ("a1", 2, "p1", LOAD),
        ("a1", 3, "p0", "L1"),
        ("a2", 1, "p4", LOAD),
    ]


def test_later_versions_are_numbered_on_without_numbering_the_article_again(
    given: Given,
) -> None:
    """Pages later than all an article holds (most nights) take the next numbers as they
    are inserted; pages among themselves in fetch order."""
    given.rows("article_versions", [version("p0", "a1", T1, "h1", version=1, load_id="L1")])
    given.rows(
        "staging.versions",
        [
            version("p2", "a1", T3, "h3"),
            version("p1", "a1", T2, "h2"),
            version("p4", "a2", None, "h4"),
        ],
    )
    given.publish("article_versions")
    assert given.select(
        "select article_id, version, page_id, load_id from article_versions order by all"
    ) == [
        ("a1", 1, "p0", "L1"),
        ("a1", 2, "p1", LOAD),
        ("a1", 3, "p2", LOAD),
        ("a2", 1, "p4", LOAD),
    ]


def test_load_runs_counts_what_the_articles_rewrite_will_do(given: Given) -> None:
    given.rows(
        "staging.load_state",
        [
            {
                "load_id": LOAD,
                "run_id": "run-2",
                "started_at": T1,
                "files_seen": 4,
                "files_read": 3,
                "pages_seen": 5,
                "pages_new": 5,
                "pages_processed": 5,
            }
        ],
    )
    given.rows(
        "article_versions",
        [
            version("p0", "a1", T1, "h1", version=1, load_id="L1"),
            version("p1", "a1", T2, "h2", version=2, load_id=LOAD),  # a1's latest changes
            version("p9", "a3", T1, "h8", version=1, load_id="L1"),
            version("p2", "a3", None, "h9", version=1, load_id=LOAD),  # older: a3 stays
            version("p3", "a2", T2, "h3", version=1, load_id=LOAD),  # a new article
        ],
    )
    given.rows(
        "articles",
        [
            {"article_id": a, "title": "t", "word_count": 1, "body": "b", "page_id": p}
            | {"version": 1, "versions": 1, "load_id": "L1"}
            for a, p in (("a1", "p0"), ("a3", "p9"))
        ],
    )
    given.rows(
        "rejected_pages",
        [{"page_id": p, "reason": "empty", "load_id": LOAD} for p in ("p4", "p5")],
    )
    given.publish("load_runs")
    assert given.select(
        "select load_id, mode, run_id, files_seen, files_read, pages_seen, pages_new, "
        "pages_processed, articles_inserted, articles_updated, versions_added, pages_rejected, "
        "status, error, finished_at is not null from load_runs"
    ) == [(LOAD, "load", "run-2", 4, 3, 5, 5, 5, 1, 1, 3, 2, "succeeded", None, True)]


def test_articles_are_the_latest_version_of_what_the_load_touched(given: Given) -> None:
    given.rows(
        "article_versions",
        [
            version("p0", "a1", T1, "h1", version=1, load_id="L1"),
            version("p1", "a1", T2, "h2", version=2, load_id=LOAD),
            version("p5", "a5", T1, "h5", version=1, load_id="L1"),  # untouched
        ],
    )
    old = {"title": "old", "word_count": 1, "body": "b", "version": 1, "versions": 1}
    given.rows(
        "articles",
        [
            {"article_id": "a1", "page_id": "p0", "load_id": "L1"} | old,
            {"article_id": "a5", "page_id": "p5", "load_id": "L1"} | old,
            {"article_id": "a6", "page_id": "gone", "load_id": "L1"} | old,  # no version left
        ],
    )
    given.rows("staging.reparse_pages", [{"page_id": "gone"}])  # a reparse took its page
    given.publish("articles")
    assert given.select(
        "select article_id, page_id, title, version, versions, load_id from articles order by 1"
    ) == [
        ("a1", "p1", "title p1", 2, 2, LOAD),
        ("a5", "p5", "old", 1, 1, "L1"),
    ]


AUTHOR_A = {"name": "Ann Lee", "kind": "person"}
AUTHOR_B = {"name": "Desk", "kind": "desk"}


def _author_id(name: str, kind: str) -> str:
    import hashlib

    return hashlib.md5(f"{name.lower()}\x1f{kind}".encode()).hexdigest()[:16]


def _latest(given: Given) -> None:
    """a1 moves to p1 (authors B, A) in this load; a2 (no versions) lost its pages."""
    given.rows(
        "article_versions",
        [
            version("p0", "a1", T1, "h1", version=1, load_id="L1", authors=[AUTHOR_A]),
            version("p1", "a1", T2, "h2", version=2, load_id=LOAD, authors=[AUTHOR_B, AUTHOR_A]),
        ],
    )
    given.rows(
        "articles",
        [
            {"article_id": "a1", "title": "t", "word_count": 1, "body": "b", "page_id": "p1"}
            | {"version": 2, "versions": 2, "load_id": LOAD}
        ],
    )


def test_article_authors_follow_the_latest_version_in_byline_order(given: Given) -> None:
    _latest(given)
    given.rows(
        "article_authors",
        [
            {"article_id": "a1", "author_id": _author_id("Ann Lee", "person"), "position": 1},
            {"article_id": "a2", "author_id": "gone", "position": 1},
        ],
    )
    given.publish("article_authors")
    assert given.select("select * from article_authors order by all") == [
        ("a1", _author_id("Ann Lee", "person"), 2),
        ("a1", _author_id("Desk", "desk"), 1),
    ]


def test_authors_gain_the_new_names_and_lose_the_uncredited(given: Given) -> None:
    _latest(given)
    ann, desk = _author_id("Ann Lee", "person"), _author_id("Desk", "desk")
    given.rows(
        "article_authors",
        [
            {"article_id": "a1", "author_id": ann, "position": 2},
            {"article_id": "a1", "author_id": desk, "position": 1},
        ],
    )
    given.rows(
        "authors",
        [
            {"author_id": ann, "name": "Ann Lee", "kind": "person"},
            {"author_id": "nobody", "name": "Old Name", "kind": "person"},
        ],
    )
    given.publish("authors")
    assert given.select("select * from authors order by all") == sorted(
        [(ann, "Ann Lee", "person"), (desk, "Desk", "desk")]
    )


def test_related_news_of_the_pages_that_became_versions(given: Given) -> None:
    given.rows("article_versions", [version("p1", "a1", T1, "h1", version=1, load_id=LOAD)])
    item = {"article_id": "a1", "title": "item"}
    given.rows(
        "staging.related",
        [
            {"page_id": "p1", "position": 1} | item,
            {"page_id": "p1", "position": 2} | item,
            {"page_id": "p2", "position": 1} | item,  # p2 was a duplicate: no version
        ],
    )
    given.rows(
        "related_news",
        [
            {"page_id": "p7", "position": 1} | item,  # reparsed: replaced
            {"page_id": "p8", "position": 1} | item,  # untouched
        ],
    )
    given.rows("staging.reparse_pages", [{"page_id": "p7"}])
    given.publish("related_news")
    assert given.select("select page_id, position from related_news order by all") == [
        ("p1", 1),
        ("p1", 2),
        ("p8", 1),
    ]


def test_publish_empties_staging(given: Given) -> None:
    given.rows("staging.versions", [version("p1", "a1", T1, "h1")])
    given.rows("staging.reparse_pages", [{"page_id": "p7"}])
    given.publish("related_news")
    assert given.select(
        "select (select count(*) from staging.versions), "
        "(select count(*) from staging.reparse_pages)"
    ) == [(0, 0)]
