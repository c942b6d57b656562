"""A page's date stamps, in order of trust, for `normalize.date_rules.choose_published`.

Each reader follows a published convention: schema.org JSON-LD (article types first, then
any type, `@graph` included), Open Graph / Dublin Core / vendor meta names, schema.org
microdata, microformats (h-entry `dt-published`, hAtom `published` / `updated`), HTML's
`<time>` (with `pubdate`, or its datetime). Strings only: nothing is parsed here.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from selectolax.lexbor import LexborNode

from pipelines.normalize.date_rules import DateStamp
from pipelines.normalize.text import clean_line
from pipelines.parse.meta import Tagged
from pipelines.parse.select import css_first

DATE_SCAN = "time, abbr[title], .dt-published, .dt-updated, .published, .updated"
"""The nodes read_date_stamps reads besides the head scan's (microformats and <time>)."""

# Meta names of a publication date: Open Graph and its article/video namespaces, Dublin
# Core (DC. and DCTERMS.), PRISM and Highwire (scholarly), schema.org as meta itemprop, and
# the names common analytics and recommendation vendors document for their page tags.
META_PUBLISHED = (
    "article:published_time",
    "og:article:published_time",
    "article:published",
    "og:published_time",
    "og:pubdate",
    "og:publish_date",
    "article.published",
    "datepublished",
    "datecreated",
    "date_published",
    "publishdate",
    "publish-date",
    "publish_date",
    "published-date",
    "publication_date",
    "pubdate",
    "dc.date.issued",
    "dc.date.created",
    "dc.created",
    "dcterms.created",
    "dcterms.issued",
    "prism.publicationdate",
    "citation_publication_date",
    "citation_online_date",
    "citation_date",
    "sailthru.date",
    "parsely-pub-date",
    "cxenseparse:recs:publishtime",
    "analyticsattributes.articledate",
    "og:video:release_date",
    "video:release_date",
    "uploaddate",
    # the further names htmldate reads as a publication date (its DATE_ATTRIBUTES)
    "article:published_date",
    "article:publicationdate",
    "article:post_date",
    "og:article:published",
    "og:datepublished",
    "og:question:published_time",
    "article.created",
    "article_date_original",
    "originalpublicationdate",
    "dc.date.publication",
    "dc:created",
    "dcsext.articlefirstpublished",
    "rnews:datepublished",
    "published_date",
    "published_time",
    "publish_time",
    "publisheddate",
    "date_created",
    "dateposted",
    "content_create_date",
    "shareaholic:article_published_time",
    "twt-published-at",
    "vr:published_time",
    "mediator_published_time",
    "bt:pubdate",
    "rbpubdate",
    "pdate",
    "ptime",
    "doc_date",
    "displaydate",
)
# Names that say 'a date' without saying which: trusted after the page's markup.
# Last, an HTTP 'Date' header written as <meta http-equiv> (htmldate reads it as original).
META_GENERIC = ("date", "dc.date", "dcterms.date", "dc:date", "created", "http-equiv:date")
META_UPDATED = (
    "article:modified_time",
    "og:updated_time",
    "article:modified",
    "article:modified_date",
    "article:post_modified",
    "og:modified_time",
    "modified_time",
    "updated_time",
    "datemodified",
    "dc.date.modified",
    "dc.modified",
    "dcterms.modified",
    "last-modified",
)
# JSON-LD types whose dates are not the page's: a comment or review dates itself.
_FOREIGN_TYPES = frozenset({"comment", "review", "rating", "aggregaterating", "offer", "event"})
_ARTICLE_HINTS = ("article", "posting", "report")


def _types(obj: dict[str, Any]) -> list[str]:
    t = obj.get("@type")
    return [str(v).lower() for v in (t if isinstance(t, list) else [t]) if v]


def _text(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("@value")
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(int(value))  # epoch seconds or milliseconds, written as a JSON number
    return value.strip() if isinstance(value, str) and value.strip() else None


def jsonld_stamps(objects: list[dict[str, Any]]) -> tuple[list[DateStamp], list[DateStamp]]:
    """schema.org dates of (article-like objects, the page's other objects: a WebPage, a
    video's uploadDate...); never a comment's or a review's."""
    articles: list[DateStamp] = []
    others: list[DateStamp] = []
    for obj in objects:
        types = _types(obj)
        if any(t in _FOREIGN_TYPES for t in types):
            continue
        into = articles if any(h in t for t in types for h in _ARTICLE_HINTS) else others
        for key, kind in (
            ("datePublished", "published"),
            ("dateCreated", "published"),
            ("uploadDate", "published"),
            ("dateModified", "updated"),
        ):
            if (value := obj.get(key)) is not None and (text := _text(value)):
                into.append(DateStamp(text, "jsonld", kind))
    return articles, others


def meta_stamps(meta: dict[str, str], names: tuple[str, ...] = META_PUBLISHED) -> list[DateStamp]:
    """<meta> dates by name, in the order of `names`, then the 'updated' ones."""
    out = [DateStamp(meta[k], "meta") for k in names if k in meta]
    if names is META_PUBLISHED:
        out += [DateStamp(meta[k], "meta", "updated") for k in META_UPDATED if k in meta]
    return out


def _stamp_of(node: LexborNode, attrs: dict[str, str | None]) -> tuple[str, bool] | None:
    """A node's date: its datetime or title attribute (for software), else its text."""
    for attr in ("datetime", "content", "title"):
        value = attrs.get(attr)
        if value and value.strip() and any(ch.isdigit() for ch in value):
            return value.strip(), True
    text = clean_line(node.text(deep=True) or "")
    if 5 < len(text) < 80 and any(ch.isdigit() for ch in text):
        return text, False
    return None


_LISTING_DAYS = 3  # microformat 'published' stamps of this many days mark a listing's entries

# A reader's comment under the story: WordPress's comment markup ('comment-metadata',
# 'comment-body', <li id="comment-96">, the '#comments' section), schema.org's Comment as
# microdata, and the many themes that name a comment box with the word 'comment' as one
# part of a class. Its <time> dates the comment, not the page. A 'comments' link or count
# beside the byline ('entry-comments-link', 'date-comments-wrapper') is not one.
_COMMENT_NOT = frozenset({"link", "links", "count", "number", "button"})


@lru_cache(maxsize=8192)  # a template repeats its class strings up every ancestor chain
def _comment_name(value: str) -> bool:
    for token in value.lower().split():
        parts = token.replace("_", "-").split("-")
        if token in ("comments", "commentlist") or (
            "comment" in parts and not _COMMENT_NOT.intersection(parts)
        ):
            return True
    return False


# What an element and the elements above it (up to <body>) are: the places beside the story
# ('comment', 'aside'), inside the site's banner, inside the story (<article>, <main>).
Above = tuple[frozenset[str], bool, bool]
_NOWHERE: Above = (frozenset(), False, False)


def _with(element: LexborNode, tag: str | None, above: Above) -> Above:
    """What `element` is, with what the elements above it are."""
    places, banner, in_story = above
    attrs = element.attributes
    classes = attrs.get("class") or ""
    if (
        (attrs.get("itemtype") or "").rstrip("/").lower().endswith("/comment")
        or _comment_name(classes)
        or _comment_name(attrs.get("id") or "")
    ):
        places |= {"comment"}
    if tag == "aside" or "widget" in classes.split():
        places |= {"aside"}
    if tag in ("article", "main"):
        in_story = True
    elif tag == "nav" or (tag == "header" and css_first(element, "h1") is None):
        banner = True
    return places, banner, in_story


def off_story(node: LexborNode, known: dict[int, Above] | None = None) -> set[str]:
    """Where beside the story a node sits, read in one walk up to <body>; empty in the story.

    'comment': a reader's comment or the comments section below the story. 'banner': the
    site's navigation (<nav>) or its banner, a <header> outside any <article> or <main> that
    holds no <h1> (HTML: a page-level header without the page's heading is the site's); a
    date there is the site's clock, today's date. 'aside': an <aside> (HTML: content beside
    the page's) or a sidebar widget (WordPress marks each with the class 'widget'); a date
    there is a recent post's.

    `known` keeps each element's answer for the next node of the page: the dates of a list
    share their ancestors, so each element is read once."""
    known = {} if known is None else known
    walked: list[tuple[LexborNode, str | None]] = []
    above = _NOWHERE
    parent = node.parent
    while parent is not None and (tag := parent.tag) not in ("body", "html"):
        if (cached := known.get(parent.mem_id)) is not None:
            above = cached
            break
        walked.append((parent, tag))
        parent = parent.parent
    for element, tag in reversed(walked):  # from the top down: each answer holds those above
        above = known[element.mem_id] = _with(element, tag, above)
    places, banner, in_story = above
    return set(places) | {"banner"} if banner and not in_story else set(places)


def markup_stamps(tagged: Iterable[Tagged]) -> list[DateStamp]:
    """Microdata (itemprop datePublished/dateModified), microformats (h-entry
    dt-published, hAtom published/updated), <time pubdate>, then the first other <time>;
    every other <time datetime>, and every date in a reader's comment or the site's
    banner, is kept as evidence of the page's offset only."""
    microdata: list[DateStamp] = []
    formats: list[DateStamp] = []
    times: list[DateStamp] = []
    aside_times: list[DateStamp] = []
    elsewhere: list[DateStamp] = []  # a comment's, the banner's clock: not the page's
    known: dict[int, Above] = {}  # off_story's answers, for the nodes of this page
    for node, attrs in tagged:
        prop = attrs.get("itemprop")
        if prop in ("datePublished", "dateModified"):
            found = _stamp_of(node, attrs)
            if found and "comment" in off_story(node, known):  # a schema.org Comment's own date
                elsewhere.append(DateStamp(found[0], "microdata", "other", found[1]))
            elif found:
                kind = "published" if prop == "datePublished" else "updated"
                microdata.append(DateStamp(found[0], "microdata", kind, found[1]))
            continue
        # most nodes are <meta>s with no class: read no further than that (an <abbr title>
        # is a date only when a microformat says so)
        if (class_attr := attrs.get("class")) is None and "pubdate" not in attrs:
            if node.tag != "time":
                continue
            published = updated = False
        else:
            classes = class_attr.split() if class_attr else ()
            published = "dt-published" in classes or "published" in classes or "pubdate" in attrs
            updated = "dt-updated" in classes or "updated" in classes
            if not (published or updated) and node.tag != "time":
                continue
        found = _stamp_of(node, attrs)
        if found is None:
            continue
        beside = off_story(node, known)
        if beside & {"comment", "banner"}:
            elsewhere.append(DateStamp(found[0], "time", "other", found[1]))
            continue
        if published:
            formats.append(DateStamp(found[0], "microformat", "published", found[1]))
        elif updated:
            formats.append(DateStamp(found[0], "microformat", "updated", found[1]))
        elif "aside" in beside:  # a sidebar's <time>: a recent post's, unless no other
            aside_times.append(DateStamp(found[0], "time", "other", found[1]))
        else:
            times.append(DateStamp(found[0], "time", "other", found[1]))
    if len({s.text[:10] for s in formats if s.kind == "published"}) >= _LISTING_DAYS:
        formats = []  # hAtom marks every entry of a listing (posts, comments): none is the page's
    times += aside_times
    first_time = [DateStamp(s.text, s.source, "published", s.machine) for s in times[:1]]
    return microdata + formats + first_time + times[1:] + elsewhere


# A JSON-LD date key and its string value, read from a block that is not valid JSON.
_JSONLD_DATE_KEYS = ("datePublished", "dateCreated", "dateModified")
_JSONLD_DATE = re.compile(rf'"({"|".join(_JSONLD_DATE_KEYS)})"\s*:\s*"([^"]{{8,40}})"')


def broken_jsonld_stamps(scripts: Iterable[LexborNode]) -> list[DateStamp]:
    """Dates from JSON-LD blocks that do not parse (a trailing comma, two objects without
    a list): the blocks that do parse were read by `jsonld_stamps`."""
    out: list[DateStamp] = []
    for script in scripts:
        if (script.attributes.get("type") or "").strip().lower() != "application/ld+json":
            continue
        raw = script.text(deep=True) or ""
        if '"date' not in raw:
            continue
        try:
            json.loads(raw, strict=False)
        except ValueError:
            for key, value in _JSONLD_DATE.findall(raw):
                kind = "updated" if key == "dateModified" else "published"
                out.append(DateStamp(value, "jsonld", kind))
    return out


def read_date_stamps(
    objects: list[dict[str, Any]],
    meta: dict[str, str],
    found: Iterable[Tagged],
    scripts: Iterable[LexborNode] = (),
) -> list[DateStamp]:
    """All of a page's date stamps in order of trust: JSON-LD articles, meta, other JSON-LD,
    markup. `found` are the head scan's and DATE_SCAN's nodes with their attributes, in
    document order (duplicates are read once); the <script> nodes are read again only when
    no JSON-LD object gave a date."""
    unique = list({n.mem_id: (n, a) for n, a in found}.values())  # first place kept: document order
    articles, others = jsonld_stamps(objects)
    if not any(s.kind == "published" for s in articles + others):
        articles = broken_jsonld_stamps(scripts)
    # Open Graph's article:published_time outranks a WebPage's or a video's own date.
    markup = markup_stamps(unique)
    return articles + meta_stamps(meta) + others + markup + meta_stamps(meta, META_GENERIC)
