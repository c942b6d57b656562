"""What a parser hands to normalization: strings only, each with where it came from."""

from __future__ import annotations

from dataclasses import dataclass, field

from pipelines.normalize.date_rules import DateStamp
from pipelines.normalize.dates import parse_instant


@dataclass(frozen=True, slots=True)
class RawRelated:
    """One related-news item as written on the page ('5:15 AM', '2 hours ago', a title...)."""

    title: str
    section: str | None
    summary: str | None = None
    url: str | None = None
    time_text: str | None = None
    author: str | None = None


@dataclass(slots=True)
class PageFields:
    """Strings found on one page. `sources` names where each field came from."""

    title: str | None = None
    byline: str | list[str] | None = None
    visible_byline: str | None = None  # the page's own byline text, whatever `byline` came from
    published_text: str | None = None
    updated_text: str | None = None
    read_time_text: str | None = None
    language: str | None = None
    canonical_url: str | None = None
    site_name: str | None = None
    image_caption: str | None = None
    image_credit: str | None = None
    paragraphs: list[str] = field(default_factory=list)  # each through clean_line: one line
    words: int | None = None  # word_count of the paragraphs, when the parser counted them
    related: list[RawRelated] = field(default_factory=list)
    date_stamps: list[DateStamp] = field(default_factory=list)  # every date, in order of trust
    page_text: str | None = None  # the page's whole text, where zone labels are looked for
    page_type: str | None = None  # og:type: 'article', 'website'
    title_tag: str | None = None  # the <title>, kept when no site name was declared
    jsonld_name: str | None = None  # the JSON-LD article's name, where its headline differs
    copyright_line: str | None = None  # the page's last '© …' text
    free: bool | None = None  # schema.org isAccessibleForFree of the article (False: paywalled)
    sources: dict[str, str] = field(default_factory=dict)
    page_kind: str | None = (
        None  # e.g. "not_found", "listing", "consent_wall" when a parser can tell
    )

    def shows_wall_times(self) -> bool:
        """A time without an offset is shown (a dateline, a feed's clock): the zone matters."""
        stamps = (self.published_text, self.updated_text, *(s.text for s in self.date_stamps))
        return any(t and parse_instant(t) is None for t in stamps) or any(
            r.time_text for r in self.related
        )

    def offer(self, name: str, value: object, source: str) -> None:
        """Set field `name` from `source` unless an earlier, better source already set it."""
        if value in (None, "", [], ()) or getattr(self, name) not in (None, "", []):
            return
        setattr(self, name, value)
        self.sources[name] = source
