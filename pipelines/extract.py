"""One raw record -> an Article or a Reject. Pure: no IO, no clock, no Dagster, no DuckDB.

This is what `newswh extract` prints and what the pipeline stages; both call `extract_page`.
"""

from __future__ import annotations

import re
from datetime import datetime, tzinfo
from urllib.parse import urljoin

from pipelines.model import Article, Extraction, RawPage, Reject, RelatedItem
from pipelines.normalize.asks import without_asks
from pipelines.normalize.bylines import page_authors
from pipelines.normalize.dates import normalize_date, parse_instant, parse_iso, zone
from pipelines.normalize.feed_times import DateOrder, date_order, normalize_stamp, resolve_times
from pipelines.normalize.language import detect_language
from pipelines.normalize.outlet_name import outlet_from_title
from pipelines.normalize.outlets import TLD_ZONES, profile_for
from pipelines.normalize.text import clean_line, join_paragraphs, word_count, word_count_of_lines
from pipelines.normalize.urls import article_id_for, normalize_url, url_host
from pipelines.normalize.zone_evidence import ZoneGuess, guess_zone
from pipelines.parse.encoding import declares_utf8, decode_page, looks_binary
from pipelines.parse.fields import PageFields, RawRelated
from pipelines.parse.html import parse_html
from pipelines.parse.text_dump import parse_text_dump

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
    if not page.content.strip():
        return None, Reject("empty", "the record has no content (0 bytes or only whitespace)")
    if looks_binary(page.content):
        return None, Reject("not_text", "the record is binary, not a text or HTML page")
    content = page.content
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
    if fields.page_kind in _SHORT_KINDS and (words < MIN_WORDS or headless):
        return _reject(page, fields.page_kind, _SHORT_KINDS[fields.page_kind].format(words=words))
    if fields.page_kind == "section_front":
        return _reject(page, "listing", _SHORT_KINDS["listing"].format(words=words))
    if not fields.title:
        return _reject(page, "no_title", "no headline found on the page")
    if words < MIN_WORDS:
        return _reject(
            page, "not_article", f"the body has {words} words; an article has at least {MIN_WORDS}"
        )
    return Extraction(page=page, article=_article(page, fields, body, words))


def _article(page: RawPage, fields: PageFields, body: str, words: int) -> Article:
    url = _given_url(page.url) or _given_url(fields.canonical_url)  # as given; the id normalizes
    profile = profile_for(url, page.source)
    outlet = page.source or (profile.name if profile else None) or fields.site_name
    outlet_source = None
    if outlet is None:  # the title's site suffix, where the page confirms it; else the host
        outlet, outlet_source = outlet_from_title(
            fields.title_tag, fields.title, url_host(url), fields.copyright_line
        )
        outlet = outlet or url_host(url)
    language = _language(fields.language) or (profile.language if profile else None)
    detected = None
    if language is None:  # nothing declared: ask the detector, on the headline and body
        detected = language = detect_language(f"{fields.title or ''}\n{body}")
    langs = (language,) if language else ()
    fetched = page.fetched_at
    if page.time_zone:  # what the warehouse knows of the host: an override, learned or profiled
        guess = ZoneGuess(page.time_zone, "outlets")
    else:
        guess = _zone_guess(page, fields, url, profile.time_zone if profile else None, language)
    tz = zone(guess.zone)
    order = date_order(
        [fields.published_text, fields.updated_text, *(r.time_text for r in fields.related)],
        guess.zone,
    )
    published = _moment(fields.published_text, tz, fetched, langs, order)
    updated = _moment(fields.updated_text, tz, fetched, langs, order)
    if updated is not None and published is not None and updated == published:
        updated = None  # dateModified == datePublished: no separate modification
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
            url=urljoin(base, item.url) if item.url and base else item.url,
            time_text=item.time_text,
            published_at=when,
            author=item.author,
        )
        for i, (item, when) in enumerate(zip(fields.related, times, strict=True), start=1)
    )
    sources = {_SOURCE_NAMES.get(k, k): v for k, v in fields.sources.items()}
    if url:
        sources["url"] = "record" if _given_url(page.url) else "canonical"
    if guess.zone:
        sources["time_zone"] = guess.source
    if outlet_source:
        sources["outlet"] = outlet_source
    if language and "language" not in sources:
        sources["language"] = "detected" if detected else "profile"
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
            host=url_host(url),
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
    )


def _given_url(url: str | None) -> str | None:
    """The URL as given, when it is an http(s) URL: ' https://x.com/a/ ' -> 'https://x.com/a/'."""
    return url.strip() if url and normalize_url(url) else None


def _zone_guess(
    page: RawPage,
    fields: PageFields,
    url: str | None,
    profile_zone: str | None,
    language: str | None,
) -> ZoneGuess:
    """The outlet's zone: its profile, else the page's evidence (zone_evidence)."""
    if not fields.shows_wall_times():  # every time carries its offset: the zone is a label
        return guess_zone(profile_zone=profile_zone, host=url_host(url), country_zones=TLD_ZONES)
    return guess_zone(
        profile_zone=profile_zone,
        label_texts=[fields.page_text, *(r.section for r in fields.related)],
        page_times=[parse_instant(fields.published_text), parse_instant(fields.updated_text)],
        host=url_host(url),
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
        value = normalize_stamp(text, tz=tz, fetched_at=fetched, order=order)
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
