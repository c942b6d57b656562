"""Frozen records passed between stages: raw input -> extracted article or reject.

Nothing here does IO; every stage takes and returns these.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

AuthorKind = Literal["person", "desk", "organization"]


def page_id_of(content: bytes) -> str:
    """Identity of one input record: sha256 of its raw bytes, hex."""
    return hashlib.sha256(content).hexdigest()


@dataclass(frozen=True, slots=True)
class RawPage:
    """One input record as read from the landing folder, before any parsing.

    `format` is how the bytes were found ("html", "text", "jsonl", "warc");
    `media` is what the bytes are ("html" or "text").
    `error` is set when the container itself could not give a usable record
    (a truncated WARC, a malformed JSON line); such a record is rejected as is.
    """

    page_id: str
    source_path: str
    record: int | None
    content: bytes
    format: str
    media: Literal["html", "text"]
    url: str | None = None
    fetched_at: datetime | None = None
    source: str | None = None
    charset: str | None = None
    http_status: int | None = None
    error: tuple[str, str] | None = None  # (reason code, message)
    # The zone the pipeline knows for the page's host (a user override, a profile, or learned
    # from the host's other pages); None: extraction decides from the page and the URL.
    time_zone: str | None = None
    fetched_at_text: str | None = None  # a fetch time given but unreadable, as it was given


@dataclass(frozen=True, slots=True)
class Author:
    """One name of a byline and its kind: 'Anna Fox' (person), 'Newsroom desk' (desk),
    'Example Press' (organization)."""

    name: str
    kind: AuthorKind


@dataclass(frozen=True, slots=True)
class RelatedItem:
    """A related-news item of an article, numbered from 1, its time resolved when shown."""

    position: int
    section: str | None
    title: str
    summary: str | None = None
    url: str | None = None
    time_text: str | None = None
    published_at: datetime | None = None
    author: str | None = None


@dataclass(frozen=True, slots=True)
class Article:
    """What extraction returns for a page that is an article."""

    article_id: str
    url: str | None
    outlet: str | None
    title: str
    authors: tuple[Author, ...]
    published_at: datetime | None
    updated_at: datetime | None
    language: str | None
    read_time_min: int | None
    word_count: int
    body: str
    image_caption: str | None
    image_credit: str | None
    related: tuple[RelatedItem, ...]
    field_sources: dict[str, str] = field(default_factory=dict)
    time_zone: str | None = None  # the zone its wall-clock times were read in (IANA)

    @property
    def content_hash(self) -> str:
        """Changes when what a reader sees changes; a re-fetch with the same hash is no new version."""
        parts = [
            self.title,
            self.body,
            self.published_at.isoformat() if self.published_at else "",
            self.updated_at.isoformat() if self.updated_at else "",
            "|".join(a.name for a in self.authors),
        ]
        return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class Reject:
    """A record that is not loaded, and why: `code` is short and stable ('not_found'),
    `message` is for people."""

    code: str
    message: str


@dataclass(frozen=True, slots=True)
class Extraction:
    """The outcome for one record: exactly one of `article` and `reject` is set."""

    page: RawPage
    article: Article | None = None
    reject: Reject | None = None
    published_at: datetime | None = None  # a rejected page's own date, when it shows one
