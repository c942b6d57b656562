"""One raw record -> an Article or a Reject. Pure: no IO, no clock, no Dagster, no DuckDB.

This is what `newswh extract` prints and what the pipeline stages; both call `extract_page`.
"""

from __future__ import annotations

import re
from datetime import datetime, tzinfo

from pipelines.model import Article, Extraction, RawPage, Reject, RelatedItem
from pipelines.normalize.asks import without_asks
from pipelines.normalize.bylines import page_authors
from pipelines.normalize.date_forms import EARLIEST, url_date
from pipelines.normalize.date_rules import DateStamp, choose_published, choose_updated
from pipelines.normalize.dates import (
    DateReading,
    checked_fetch_time,
    normalize_date,
    own_meridiem,
    parse_instant,
    parse_iso,
    read_date,
    zone,
)
from pipelines.normalize.feed_times import DateOrder, date_order, normalize_stamp, resolve_times
from pipelines.normalize.language import detect_language
from pipelines.normalize.outlet_name import outlet_from_title
from pipelines.normalize.outlets import TLD_ZONES, profile_for, time_zone_for
from pipelines.normalize.text import clean_line, join_paragraphs, word_count, word_count_of_lines
from pipelines.normalize.urls import absolute_url, article_id_for, normalize_url, url_host
from pipelines.normalize.zone_evidence import ZoneGuess, guess_zone
from pipelines.parse.encoding import declares_utf8, decode_page, looks_binary
from pipelines.parse.fields import PageFields, RawRelated
from pipelines.parse.html import parse_html
from pipelines.parse.limits import MAX_DEPTH, nesting_depth_over
from pipelines.parse.page_kind import TEASER_WORDS, reads_as_story, story_beside_wall
from pipelines.parse.text_dump import parse_text_dump
from pipelines.parse.title import lead_title

MIN_WORDS = 40  # fewer words than this is a stub, a listing or a wall, not an article
_READ_MIN = re.compile(r"\d+")
_MARKUP = re.compile(rb"\s*<")
_SHORT_KINDS = {
    "consent_wall": "a cookie or consent wall with {words} words of text, not the article",
    "paywall": "a paywall stub with {words} words of text, not the article",
    "listing": "a section or listing page (mostly links, {words} words of text), not an article",
}
# PageFields names -> the names of the extract JSON, for field_sources.
_SOURCE_NAMES = {
    "published_text": "published_at",
    "updated_text": "updated_at",
    "byline": "authors",
    "read_time_text": "read_time_min",
    "canonical_url": "url",
    "site_name": "outlet",
}
_SPACE_BEFORE_COLON = re.compile(r"(?<=\w) +:(?= )")
_LANG = re.compile(r"^[a-z]{2}(?=$|[-_])", re.IGNORECASE)


def _reject(page: RawPage, code: str, message: str) -> Extraction:
    return Extraction(page=page, reject=Reject(code, message))


def _language(value: str | None) -> str | None:
    """'en-US' -> 'en'; 'uk_UA' -> 'uk'; 'english' -> None."""
    m = _LANG.match(value.strip()) if value else None
    return m.group(0).lower() if m else None


def _read_fields(page: RawPage) -> tuple[PageFields | None, Reject | None]:
    if not page.content or page.content.isspace():  # not strip(): no copy of the page
        return None, Reject("empty", "the record has no content (0 bytes or only whitespace)")
    if looks_binary(page.content):
        return None, Reject("not_text", "the record is binary, not a text or HTML page")
    content = page.content
    if (depth := nesting_depth_over(content)) is not None:
        return None, Reject(
            "too_deep",
            f"the markup nests more than {depth - 1:,} elements deep (the limit is {MAX_DEPTH:,});"
            " a parser would take minutes",
        )
    if (page.media == "html" or _MARKUP.match(content[:200])) and declares_utf8(
        content, page.charset
    ):
        # Lexbor parses UTF-8 bytes natively: no decoding pass, unless the page was not the
        # UTF-8 it declared (its text then shows U+FFFD, and the bytes are read as below).
        fields = parse_html(content)
        if not _replaced(fields):
            return fields, None
    text, encoding = decode_page(content, page.charset)
    if not (page.media == "html" or re.match(r"\s*<", text[:200])):
        return parse_text_dump(text), None
    # Valid UTF-8 goes to Lexbor as the bytes it already is.
    return parse_html(content if encoding == "utf-8" else text), None


def _replaced(fields: PageFields) -> bool:
    """Some text the page shows came out as U+FFFD: bytes that were not valid UTF-8."""
    texts = [fields.title, fields.image_caption, *fields.paragraphs]
    texts += fields.byline if isinstance(fields.byline, list) else [fields.byline]
    texts += [item.title for item in fields.related]
    return any(t is not None and "\ufffd" in t for t in texts)


def extract_page(page: RawPage) -> Extraction:
    """A raw record -> Extraction with either an Article or a Reject (code + message)."""
    if page.error is not None:
        return _reject(page, *page.error)
    if page.http_status is not None and page.http_status >= 400:
        return _reject(page, "http_error", f"the crawler got HTTP {page.http_status} for this page")
    fields, reject = _read_fields(page)
    if reject is not None or fields is None:
        return Extraction(page=page, reject=reject)
    if fields.page_kind == "not_found":
        return _reject(page, "not_found", "the page is a 'not found' (404) page, not an article")
    paragraphs = without_asks(fields.paragraphs)  # newsletter, donation, follow-us asks
    body = join_paragraphs(paragraphs)
    if len(paragraphs) < len(fields.paragraphs):
        words = word_count_of_lines(paragraphs)
    else:
        words = fields.words if fields.words is not None else word_count(body)
    headless = fields.sources.get("title") in (None, "title")  # no h1, no metadata headline
    wall = headless and not story_beside_wall(fields.page_kind, paragraphs)
    # a story its metadata declares paywalled (isAccessibleForFree false), shown only up to
    # the wall: the teaser is no article
    teaser = fields.page_kind == "paywall" and fields.free is False and words < TEASER_WORDS
    if fields.page_kind in _SHORT_KINDS and (words < MIN_WORDS or wall or teaser):
        message = _SHORT_KINDS[fields.page_kind].format(words=words)
        return _dated_reject(page, fields, fields.page_kind, message)
    if fields.page_kind == "section_front":
        return _dated_reject(page, fields, "listing", _SHORT_KINDS["listing"].format(words=words))
    if not fields.title:
        if not reads_as_story(paragraphs):
            return _dated_reject(page, fields, "no_title", "no headline found on the page")
        fields.offer("title", lead_title(paragraphs), "text")  # a story with no headline at all
    if words < MIN_WORDS:
        message = f"the body has {words} words; an article has at least {MIN_WORDS}"
        return _dated_reject(page, fields, "not_article", message)
    return Extraction(page=page, article=_article(page, fields, body, words))


def _dates(
    page: RawPage,
    fields: PageFields,
    url: str | None,
    tz: tzinfo,
    langs: tuple[str, ...] | None,
    fetched: datetime | None,
    order: DateOrder | None = None,
) -> tuple[tuple[datetime | None, str | None], tuple[datetime | None, str | None]]:
    """(published, its source), (updated, its source) from every stamp the page offers.

    The lines under the headline (or a text dump's) come last, read in the outlet's date
    order ('11/04/2023 6:15 PM' on a US page, '07h30') when it is known."""
    dated = list(fields.date_stamps)
    shown: dict[str, tuple[datetime, str]] = {}  # the lines under the headline, read
    for name, kind in (("published_text", "published"), ("updated_text", "updated")):
        text, source = getattr(fields, name), fields.sources.get(name)
        if not text or source not in ("visible", "text"):
            continue
        value = _moment(text, tz, fetched, langs or (), order) if order else None
        if value is not None:
            shown[kind] = (value, source)
        if all(s.text != text for s in dated):
            dated.append(
                DateStamp(value.isoformat(), source, kind)
                if value is not None
                else DateStamp(text, source, kind, machine=False)
            )
    if url_date(url) is None:  # a crawl URL without the day: the page's canonical URL's day
        url = fields.canonical_url
    published = _timed(
        choose_published(dated, url=url, tz=tz, fetched_at=fetched, languages=langs),
        shown.get("published"),
    )
    updated = _timed(
        choose_updated(dated, tz=tz, fetched_at=fetched, languages=langs, published=published[0]),
        shown.get("updated"),
        published[0],
    )
    return published, updated


def _timed(
    chosen: tuple[datetime | None, str | None],
    shown: tuple[datetime, str] | None,
    published: datetime | None = None,
) -> tuple[datetime | None, str | None]:
    """A date-only stamp (midnight) gives way to the line the page shows for the same day
    with its time ('12/02/2024' in a <time> beside '12/02/2024 - 10:45 h'); an update that
    only repeats the publication gives way to the update line the page shows."""
    value, _ = chosen
    if shown is None:
        return chosen
    if value is None or value == published:  # nothing chosen, or the publication again
        return shown
    at_midnight = (value.hour, value.minute, value.second) == (0, 0, 0)
    if at_midnight and shown[0].date() == value.date() and shown[0] != value:
        return shown
    return chosen


def _dropped(
    stamps: tuple[DateStamp, ...] | list[DateStamp],
    kind: str,
    chosen: datetime | None,
    tz: tzinfo,
    fetched: datetime | None,
    langs: tuple[str, ...] = (),
) -> DateReading:
    """Why the page's first `kind` stamp gave no date, when none was chosen (year 1, a date
    after the fetch): the record says so rather than staying silent. Read in the page's
    language as the cascade read it: letting dateparser guess among all its locales costs
    about a second in a fresh process, for a stamp the page's own language did not read."""
    if chosen is not None:
        return DateReading(chosen)
    first = next((s for s in stamps if s.kind == kind), None)
    if first is None:
        return DateReading(None)
    return read_date(first.text, tz=tz, fetched_at=fetched, languages=langs)


def _after_floor(value: datetime | None) -> bool:
    return value is not None and value.date() >= EARLIEST


def _first_source(fields: PageFields, kind: str) -> str | None:
    return next((s.source for s in fields.date_stamps if s.kind == kind), None)


def _dated_reject(page: RawPage, fields: PageFields, code: str, message: str) -> Extraction:
    """A rejected page that is no 404 still says when it was published, if it shows it (a
    paywalled or consent-walled story, a forum thread, a listing of one post)."""
    url = normalize_url(page.url) or normalize_url(fields.canonical_url)
    langs = (lang,) if (lang := _language(fields.language)) else None  # no guessing for these
    tz = zone(page.time_zone or time_zone_for(url, page.source))
    fetched = checked_fetch_time(page.fetched_at).value
    (published, _), _ = _dates(page, fields, url, tz, langs, fetched)
    return Extraction(page=page, reject=Reject(code, message), published_at=published)


def extract_guarded(page: RawPage) -> Extraction:
    """`extract_page`, with an exception inside extraction turned into a parse_error reject.

    A page nested 5,000 JSON arrays deep makes the JSON decoder raise RecursionError: that
    page is rejected with the error, and the pages after it are still extracted.
    """
    try:
        return extract_page(page)
    except Exception as exc:  # RecursionError, MemoryError, a library's own bug
        text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        return _reject(page, "parse_error", f"extraction raised {type(exc).__name__}: {text}"[:500])


def _article(page: RawPage, fields: PageFields, body: str, words: int) -> Article:
    given = _given_url(page.url)
    url = given or _given_url(fields.canonical_url)  # as given; the id normalizes
    host = url_host(url)
    profile = profile_for(url, page.source)
    outlet = page.source or (profile.name if profile else None) or fields.site_name
    outlet_source = None
    if outlet is None:  # the title's site suffix, where the page confirms it; else the host
        outlet, outlet_source = outlet_from_title(
            fields.title_tag, fields.title, host, fields.copyright_line
        )
        outlet = outlet or host
    language = _language(fields.language) or (profile.language if profile else None)
    detected = None
    if language is None:  # nothing declared: ask the detector, on the headline and body
        detected = language = detect_language(f"{fields.title or ''}\n{body}")
    langs = (language,) if language else ()
    fetch_read = checked_fetch_time(page.fetched_at)
    if page.fetched_at_text is not None:  # given, but not an instant: say so, don't guess
        fetch_read = DateReading(
            None, f"ignored fetch time {page.fetched_at_text!r}: not an ISO 8601 instant"
        )
    fetched = fetch_read.value
    guess = _zone_guess(page, fields, host, profile.time_zone if profile else None, language)
    if page.time_zone and page.time_zone != guess.zone:  # the warehouse knows the host better:
        guess = ZoneGuess(page.time_zone, "outlets")  # an override, or a zone it learned
    tz = zone(guess.zone)
    order = date_order(
        [fields.published_text, fields.updated_text, *(r.time_text for r in fields.related)],
        guess.zone,
    )
    (published, published_from), (updated, updated_from) = _dates(
        page, fields, url, tz, langs, fetched, order
    )
    published_read = _dropped(fields.date_stamps, "published", published, tz, fetched, langs)
    updated_read = _dropped(fields.date_stamps, "updated", updated, tz, fetched, langs)
    if published is None and _after_floor(published_read.value):  # '2 hours ago' in a meta tag
        published, published_from = published_read.value, _first_source(fields, "published")
    if updated is not None and published is not None and updated == published:
        updated, updated_from = None, None  # dateModified == datePublished: no separate update
    read_time = _READ_MIN.search(fields.read_time_text or "")
    title = clean_line(fields.title or "")
    if language != "fr":  # a kicker and headline in separate spans read as "Kicker : Headline"
        title = _SPACE_BEFORE_COLON.sub(":", title)
    times = _related_times(fields.related, fetched, tz, order)
    base = page.url or fields.canonical_url
    related = tuple(
        RelatedItem(
            position=i,
            section=item.section,
            title=clean_line(item.title),
            summary=item.summary,
            url=absolute_url(base, item.url),
            time_text=item.time_text,
            published_at=when,
            author=item.author,
        )
        for i, (item, when) in enumerate(zip(fields.related, times, strict=True), start=1)
    )
    sources = {_SOURCE_NAMES.get(k, k): v for k, v in fields.sources.items()}
    for key, source in (("published_at", published_from), ("updated_at", updated_from)):
        if source is None:
            sources.pop(key, None)
        else:
            sources[key] = source
    if url:
        sources["url"] = "record" if given else "canonical"
    if guess.zone:
        sources["time_zone"] = guess.source
    if outlet_source:
        sources["outlet"] = outlet_source
    if language and "language" not in sources:
        sources["language"] = "detected" if detected else "profile"
    # Why a date the page did show is null: the record says so rather than staying silent.
    notes = (
        ("fetched_at", fetch_read),
        ("published_at", published_read),
        ("updated_at", updated_read),
    )
    for name, reading in notes:
        if reading.note:
            sources[f"{name}_note"] = reading.note
    return Article(
        article_id=article_id_for(
            url, outlet, title, published.date().isoformat() if published else None
        ),
        url=url,
        outlet=outlet,
        title=title,
        authors=page_authors(
            fields.byline,
            visible=fields.sources.get("byline") == "visible",
            shown=fields.visible_byline,
            outlet_names=(outlet, fields.site_name),
            host=host,
        ),
        published_at=published,
        updated_at=updated,
        language=language,
        read_time_min=int(read_time.group(0)) if read_time else None,
        word_count=words,
        body=body,
        image_caption=fields.image_caption,
        image_credit=fields.image_credit,
        related=related,
        field_sources=sources,
        time_zone=guess.zone,
    )


def _given_url(url: str | None) -> str | None:
    """The URL as given, when it is an http(s) URL: ' https://x.com/a/ ' -> 'https://x.com/a/'."""
    return url.strip() if url and normalize_url(url) else None


def _zone_guess(
    page: RawPage,
    fields: PageFields,
    host: str | None,
    profile_zone: str | None,
    language: str | None,
) -> ZoneGuess:
    """The outlet's zone: its profile, else the page's evidence (zone_evidence)."""
    if not fields.shows_wall_times():  # every time carries its offset: the zone is a label
        return guess_zone(profile_zone=profile_zone, host=host, country_zones=TLD_ZONES)
    stamps = (fields.published_text, fields.updated_text, *(s.text for s in fields.date_stamps))
    return guess_zone(
        profile_zone=profile_zone,
        label_texts=[fields.page_text, *(r.section for r in fields.related)],
        # read only where the profile and the labels leave the zone open
        page_times=(parse_instant(text) for text in stamps),
        host=host,
        country_zones=TLD_ZONES,
        dateline=fields.paragraphs[0] if fields.paragraphs else None,
        language=fields.language or language,
        fetched_at=page.fetched_at,
    )


def _moment(
    text: str | None,
    tz: tzinfo,
    fetched: datetime | None,
    langs: tuple[str, ...],
    order: DateOrder,
) -> datetime | None:
    """A published/updated string -> instant: ISO and English forms first, then the news
    stamp forms (numeric dates in the outlet's order, '07h30', year-less dates)."""
    if not text:
        return None
    if parse_iso(text) is None:
        value = own_meridiem(
            normalize_stamp(text, tz=tz, fetched_at=fetched, order=order), text, langs
        )
        if value is not None:
            return value if fetched is None or value <= fetched else None
    return normalize_date(text, tz=tz, fetched_at=fetched, languages=langs)


def _related_times(
    items: list[RawRelated], fetched: datetime | None, tz: tzinfo, order: DateOrder
) -> list[datetime | None]:
    """Each block's stamps resolved by the feed rule on their own (a teaser's date does not
    bound the feed below it)."""
    times: list[datetime | None] = []
    start = 0
    for end in range(1, len(items) + 1):
        if end == len(items) or items[end].section != items[start].section:
            stamps = [item.time_text for item in items[start:end]]
            times += resolve_times(stamps, fetched_at=fetched, tz=tz, order=order)
            start = end
    return times
