"""Staged rows -> the tables analysts read, in one transaction per load.

Readers see either the warehouse before this load or after it, never half of it. Each
published table has one SQL file saying what fills it (sql/publish/<table>.sql); the order
they run in is stated here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pipelines.warehouse import LedgerCounts, Reader, Writer

PUBLISH_ORDER = (
    "rejected_pages",  # duplicates and staged rejects first: article_versions leaves them out
    "article_versions",
    "load_runs",  # before `articles` is rewritten: it counts what the rewrite changes
    "outlets",  # before `articles`: the articles it writes take their host's one name
    "articles",
    "article_authors",
    "authors",  # after article_authors: an author nobody credits any more is dropped
    "related_news",
)


@dataclass(frozen=True)
class PublishStats:
    articles_inserted: int
    articles_updated: int
    versions_added: int
    pages_rejected: int


def publish_staged(wh: Writer, load_id: str) -> PublishStats:
    """Publish every relation of PUBLISH_ORDER from staging, then empty staging."""
    run = wh.publish(load_id, PUBLISH_ORDER)
    return PublishStats(
        int(run.get("articles_inserted") or 0),
        int(run.get("articles_updated") or 0),
        int(run.get("versions_added") or 0),
        int(run.get("pages_rejected") or 0),
    )


@dataclass(frozen=True)
class Ledger(LedgerCounts):
    @property
    def balanced(self) -> bool:
        return (
            self.unaccounted == 0
            and self.in_both == 0
            and self.repeated == 0
            and self.last_processed == self.last_accounted
        )

    def as_metadata(self) -> dict[str, int | str]:
        return {
            "raw_pages": self.pages,
            "unaccounted_pages": self.unaccounted,
            "pages_both_loaded_and_rejected": self.in_both,
            "pages_recorded_twice": self.repeated,
            "last_load": self.last_load or "",
            "last_load_processed": self.last_processed,
            "last_load_versions_plus_rejects": self.last_accounted,
        }


def reconcile(wh: Reader, since: datetime | None = None, until: datetime | None = None) -> Ledger:
    """Where every raw page went: behind one article version or one reject, never both or
    none (a partition run answers for the pages fetched on its days: [since, until))."""
    counts = wh.ledger(since, until)
    return Ledger(**{f: getattr(counts, f) for f in counts.__dataclass_fields__})
