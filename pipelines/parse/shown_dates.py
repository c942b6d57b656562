"""The dates a reader sees, for a page whose markup gives no stamp.

After the stamps of `dates.py`: a dated element by its class (htmldate's cues), the story's
visible dateline, the date written nearest the headline, then a full timestamp anywhere in
the page's source. Strings only: nothing is parsed here.
"""

from __future__ import annotations

import re
from datetime import date

from selectolax.lexbor import LexborNode

from pipelines.normalize.date_rules import DateStamp, any_published, shown_day
from pipelines.normalize.text import clean_line
from pipelines.normalize.text_dates import date_near, dates_in_text
from pipelines.normalize.vocabulary import pattern
from pipelines.parse.dates import Above, off_story
from pipelines.parse.fields import PageFields
from pipelines.parse.select import css

# Elements whose class or id marks a date, a time, a publication line or a story's meta
# line (htmldate's cues; not its <footer>, whose 'as of' date is the site's): the first
# whose short text holds a date dates a page whose markup gives no stamp.
DATED_ELEMENTS = (
    '[class*="date"], [id*="date"], [class*="datum"], [class*="time"], [id*="time"], '
    '[class*="publish"], [class*="posted"], [class*="byline"], [class*="meta"], [id*="meta"], '
    '[class*="submitted"], [class*="fecha"], [class*="parution"], [class*="created"]'
)


_LISTED_TIMES = 3  # a class on this many links or list items, each of its own text: a listing


def listed_entry(node: LexborNode, peers: list[LexborNode]) -> bool:
    """The node is one entry of a list of other pages (recent posts, teaser cards): it sits
    in a link or a list item, and its class marks several `peers` of other texts."""
    classes = node.attributes.get("class")
    if not classes:
        return False
    texts = {n.text(deep=True) for n in peers if n.attributes.get("class") == classes}
    if len(texts) < _LISTED_TIMES:
        return False
    parent = node.parent
    while parent is not None and parent.tag not in ("body", "article", "main"):
        if parent.tag in ("a", "li"):
            return True
        parent = parent.parent
    return False


_UPDATED_LABEL = re.compile(rf"(?<!\w)(?:{pattern('updated_labels')})(?!\w)", re.IGNORECASE)
_PUBLISHED_LABEL = re.compile(rf"(?<!\w)(?:{pattern('published_labels')})(?!\w)", re.IGNORECASE)


def publication_part(line: str) -> str:
    """'Updated: June 9, 2020 | Published: June 7, 2020' -> 'Published: June 7, 2020': a
    line that shows the update first and labels the publication after it is read from the
    publication's label (up to a later update label). Other lines stay whole."""
    updated = _UPDATED_LABEL.search(line)
    if updated is None:
        return line
    published = _PUBLISHED_LABEL.search(line, updated.end())
    if published is None or _PUBLISHED_LABEL.search(line, 0, updated.start()):
        return line
    after = _UPDATED_LABEL.search(line, published.end())
    return line[published.start() : after.start() if after else None].strip(" |,;·•–-")


def dated_element(body: LexborNode) -> str | None:
    """The first date in a dated element's text (at most 200 characters), in page order,
    outside the sidebars, the readers' comments and the site's banner. A list of other
    pages' dates (a front page's entries) still dates a page that has no other: its newest
    entry is the page's news."""
    known: dict[int, Above] = {}  # off_story's answers, for the elements of this page
    for node in css(body, DATED_ELEMENTS):
        text = clean_line(node.text(deep=True) or "")
        if 6 <= len(text) <= 200 and (found := dates_in_text(publication_part(text), limit=1)):
            if off_story(node, known):
                continue
            return found[0][1]
    return None


# A full timestamp anywhere in the page's source ('2020-04-24 21:36:31', '2016-11-04T20:37:27Z',
# '2020/04/17 01:43:09'): in a script's data, a comment, an attribute. htmldate's last rescue
# before its free-text search; a date alone is too loose there (a copyright, a version).
_SOURCE_TIMESTAMP = (
    r"(?<![\d/.-])(?:199\d|20[0-3]\d)([-/])(?:0[1-9]|1[0-2])\1(?:0[1-9]|[12]\d|3[01])"
    r"[T ](?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?(?![\d:])"
)
_SOURCE_TIMESTAMP_STR = re.compile(_SOURCE_TIMESTAMP)
_SOURCE_TIMESTAMP_BYTES = re.compile(_SOURCE_TIMESTAMP.encode())
# Where a stamp may be: the ':MM:SS' of its time. A pattern that opens with a fixed character
# is searched by skipping to that character, 7x faster over a page than one that opens with a
# digit; each hit is checked from where its stamp starts, 13 characters before the colon
# ('2020-04-24T21:'). No hit is missed: the characters before a stamp's colon hold none.
_TIME = r":[0-5]\d:[0-5]\d"
_TIME_STR = re.compile(_TIME)
_TIME_BYTES = re.compile(_TIME.encode())
_BEFORE_COLON = len("2020-04-24T21")


def source_timestamp(html: str | bytes) -> str | None:
    """The first full timestamp in a page's source, written as ISO 8601 ('/' read as '-')."""
    if isinstance(html, bytes):
        for time in _TIME_BYTES.finditer(html, _BEFORE_COLON):
            if found := _SOURCE_TIMESTAMP_BYTES.match(html, time.start() - _BEFORE_COLON):
                return found.group(0).decode("ascii").replace("/", "-")
        return None
    for time_text in _TIME_STR.finditer(html, _BEFORE_COLON):
        if found_text := _SOURCE_TIMESTAMP_STR.match(html, time_text.start() - _BEFORE_COLON):
            return found_text.group(0).replace("/", "-")
    return None


_DAY_ONLY = re.compile(r"\s*\d{4}-\d\d-\d\d\s*")


def _day_only(stamps: list[DateStamp]) -> date | None:
    """The day of the first publication stamp when it is a day without a time
    ('2016-02-14')."""
    first = next((s for s in stamps if s.kind == "published"), None)
    if first is None or _DAY_ONLY.fullmatch(first.text) is None:
        return None
    try:
        return date.fromisoformat(first.text.strip())
    except ValueError:
        return None


def read_shown_dates(
    fields: PageFields,
    body: LexborNode | None,
    headline: str | None,
    source: str | bytes | None = None,
) -> None:
    """After the markup's stamps, the dates a reader sees. When no stamp so far reads as a
    date: the first dated element's date, the story's element found by class
    (`fields.published_text` from 'visible'), then the date written nearest the headline
    in the page's text, then the first full timestamp in the page's `source` (its HTML).
    Call it before the chrome pass removes the datelines."""
    shown = fields.published_text if fields.sources.get("published_text") == "visible" else None
    if shown and shown != (part := publication_part(shown)):
        shown = fields.published_text = part
    if any_published(fields.date_stamps) or body is None:
        if not shown and body is not None and (day := _day_only(fields.date_stamps)):
            # a stamp of the day alone: the dated element showing that day may give its time
            element = dated_element(body)
            if element and shown_day(element) == day:
                shown = element
                fields.offer("published_text", shown, "visible")
        fields.date_stamps += [DateStamp(shown, "visible", machine=False)] if shown else []
        return
    if element := dated_element(body):
        fields.date_stamps.append(DateStamp(element, "visible", machine=False))
    if shown:
        fields.date_stamps.append(DateStamp(shown, "visible", machine=False))
    if not any_published(fields.date_stamps):
        text = date_near(body.text(separator="\n"), headline)
        fields.date_stamps += [DateStamp(text, "text", machine=False)] if text else []
    if source is not None and not any_published(fields.date_stamps):
        stamp = source_timestamp(source)
        fields.date_stamps += [DateStamp(stamp, "source")] if stamp else []
