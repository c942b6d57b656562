"""Page metadata as a cascade: JSON-LD, then OpenGraph/meta tags, then microdata.

Each reader offers values to PageFields; the first source to offer a field wins, so the
order of the calls in `read_metadata` is the order of trust. Dates are read by
`parse/dates.py` from the same scan: every stamp, for a chooser that weighs them.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

from pipelines.normalize.text import clean_line
from pipelines.parse.fields import PageFields
from pipelines.parse.select import css, css_first

ARTICLE_TYPES = {
    "newsarticle",
    "article",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "backgroundnewsarticle",
    "reviewnewsarticle",
    "liveblogposting",
    "blogposting",
    "socialmediaposting",
    "report",
}
_META_TITLE = ("og:title", "twitter:title", "dc.title", "title")
_META_AUTHOR = (
    "author",
    "article:author",
    "byl",
    "dc.creator",
    "parsely-author",
    "sailthru.author",
)
_META_LANG = ("og:locale", "content-language", "language", "dc.language")


def clean_meta(text: str) -> str:
    """Metadata strings are often HTML-escaped once more than markup needs:
    'The mayor&#039;s &quot;plan&quot;' -> 'The mayor's "plan"'."""
    return clean_line(html.unescape(text) if "&" in text else text)


def _types(obj: dict[str, Any]) -> set[str]:
    t = obj.get("@type")
    values = t if isinstance(t, list) else [t]
    return {str(v).lower() for v in values if v}


# schema.org properties whose values are objects of the page read as its own: @graph's,
# the main entity, a list's items, the WebPage an article nests (with the page's dates).
_NESTING_KEYS = ("@graph", "mainEntity", "itemListElement", "mainEntityOfPage")


def _walk_jsonld(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, list):
        for item in node:
            yield from _walk_jsonld(item)
    elif isinstance(node, dict):
        yield node
        for key in _NESTING_KEYS:
            if key in node:
                yield from _walk_jsonld(node[key])


_CDATA = re.compile(r"^\s*(?:<!\[CDATA\[|//\s*<!\[CDATA\[)|(?://\s*)?\]\]>\s*$")
HEAD_SCAN = 'meta[content], link[rel="canonical"], [itemprop]'
"""The nodes meta_tags and read_markup read, found in one walk of the tree with the <time>s of
dates.DATE_SCAN: each selector of a walk is tested on every element, so a tag wanted alone
(the <script>s jsonld_objects reads) is found by the parser's tags() lookup instead."""

Tagged = tuple[LexborNode, dict[str, str | None]]
"""A node of the head scan with its attributes, read once (`.attributes` builds a dict each
call) for meta_tags, read_markup and dates.read_date_stamps."""


def jsonld_objects(nodes: Iterable[LexborNode]) -> list[dict[str, Any]]:
    """Every JSON-LD object in these <script> nodes, @graph and arrays flattened; broken
    blocks skipped. Other nodes are ignored."""
    out: list[dict[str, Any]] = []
    for script in nodes:
        if script.tag != "script":
            continue
        if (script.attributes.get("type") or "").strip().lower() != "application/ld+json":
            continue
        raw = (script.text(deep=True) or "").strip()
        if "<![CDATA[" in raw:  # the regex tries every position of a long block: only if needed
            raw = _CDATA.sub("", raw)
        try:
            data = json.loads(raw, strict=False)
        except ValueError:
            continue
        out.extend(_walk_jsonld(data))
    return out


def _names(value: Any) -> list[str]:
    """JSON-LD author value (str, object, list of either) -> names."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        name = value.get("name")
        if isinstance(name, str):
            return [name]
        if isinstance(name, list):
            return [n for n in name if isinstance(n, str)]
        return []
    if isinstance(value, list):
        return [n for item in value for n in _names(item)]
    return []


def _str(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("@value") or value.get("name") or value.get("@id")
    return clean_meta(str(value)) if isinstance(value, str | int | float) and value != "" else None


def read_jsonld(objects: list[dict[str, Any]], fields: PageFields) -> str | None:
    """Offer headline, authors, language, url from the article object; return articleBody."""
    article = next((o for o in objects if _types(o) & ARTICLE_TYPES), None)
    if article is None:
        return None
    headline, name = _str(article.get("headline")), _str(article.get("name"))
    fields.offer("title", headline or name, "jsonld")
    if headline and name and name != headline:
        fields.jsonld_name = name
    names = [clean_meta(n) for n in _names(article.get("author")) if not n.startswith("http")]
    fields.offer("byline", [n for n in names if n], "jsonld")
    fields.offer("language", _str(article.get("inLanguage")), "jsonld")
    page = article.get("mainEntityOfPage")
    fields.offer("canonical_url", _str(article.get("url")) or _str(page), "jsonld")
    publisher = article.get("publisher")
    if isinstance(publisher, dict):
        fields.offer("site_name", _str(publisher.get("name")), "jsonld")
    fields.free = _accessible_for_free(article.get("isAccessibleForFree"))
    body = article.get("articleBody")
    return body if isinstance(body, str) and body.strip() else None


def _accessible_for_free(value: Any) -> bool | None:
    """schema.org isAccessibleForFree, which marks a paywalled story (Google's subscription
    and paywalled content markup): False, 'false', 'False' -> False; absent -> None."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    return None


# Next.js writes the route it rendered into the page's __NEXT_DATA__ JSON: '/404' (or
# '/_error') for a page that was not found, whatever URL served it.
_NEXT_ERROR_ROUTE = re.compile(r'"page"\s*:\s*"/(?:404|_error)"')


def shows_error_route(scripts: Iterable[LexborNode]) -> bool:
    """A Next.js page rendered its not-found (or error) route: __NEXT_DATA__ says so."""
    for script in scripts:
        if script.attributes.get("id") == "__NEXT_DATA__":
            return _NEXT_ERROR_ROUTE.search(script.text(deep=True) or "") is not None
    return False


def meta_tags(found: Iterable[Tagged]) -> dict[str, str]:
    """<meta property|name|itemprop=... content=...> -> {lower-case key: first content}.
    Other nodes are ignored."""
    out: dict[str, str] = {}
    for node, attrs in found:
        if node.tag != "meta":
            continue
        key = attrs.get("property") or attrs.get("name") or attrs.get("itemprop")
        if not key and (pragma := attrs.get("http-equiv")):
            key = f"http-equiv:{pragma}"  # HTML's pragma: an HTTP header written in the page
        content = attrs.get("content")
        if key and content and content.strip():
            out.setdefault(key.strip().lower(), content.strip())
    return out


def read_meta(meta: dict[str, str], fields: PageFields) -> None:
    """Offer the OpenGraph / article:* / Dublin Core values."""
    for key in _META_TITLE:
        fields.offer("title", clean_meta(meta.get(key, "")), "meta")
    for key in _META_AUTHOR:
        value = meta.get(key, "")
        if value and not value.startswith("http"):
            fields.offer("byline", clean_meta(value), "meta")
    for key in _META_LANG:
        fields.offer("language", meta.get(key), "meta")
    fields.offer("canonical_url", meta.get("og:url"), "meta")
    fields.offer("site_name", meta.get("og:site_name") or meta.get("application-name"), "meta")
    fields.offer("page_type", (meta.get("og:type") or "").strip().lower() or None, "meta")


def _attr_or_text(node: LexborNode, *attrs: str) -> str | None:
    for attr in attrs:
        value = node.attributes.get(attr)
        if value and value.strip():
            return value.strip()
    return clean_line(node.text(deep=True) or "") or None


def read_markup(
    tree: LexborHTMLParser, fields: PageFields, found: list[Tagged]
) -> dict[str, list[LexborNode]]:
    """Offer canonical link, <html lang> and microdata (itemprop), from `found`: the tree's
    nodes matching HEAD_SCAN (outside script, svg and the like), in document order. Returns
    the itemprop nodes by name, in document order."""
    itemprops: dict[str, list[LexborNode]] = {}
    first: dict[str, LexborNode] = {}  # the first node of each itemprop and link rel
    for node, attrs in found:
        if "itemprop" in attrs:
            name = attrs.get("itemprop") or ""
            itemprops.setdefault(name, []).append(node)
            first.setdefault(name, node)
        if node.tag == "link" and attrs.get("rel") == "canonical":
            first.setdefault("<canonical>", node)
    if "<canonical>" in first:
        fields.offer("canonical_url", first["<canonical>"].attributes.get("href"), "markup")
    html = css_first(tree, "html")
    if html is not None:
        fields.offer("language", html.attributes.get("lang"), "markup")
    if "headline" in first:
        fields.offer("title", _attr_or_text(first["headline"], "content"), "microdata")
    if "author" in first:
        names = []
        for author in itemprops["author"]:
            # css() matches the node itself too: the names are the other matches
            inner = [n for n in css(author, '[itemprop="name"]') if n.mem_id != author.mem_id]
            names.append(_attr_or_text(inner[0] if inner else author, "content"))
        fields.offer("byline", [n for n in names if n], "microdata")
    return itemprops
