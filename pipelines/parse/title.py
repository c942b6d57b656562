"""The headline: the visible h1 against the metadata title, without the site name."""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from pipelines.parse.dom import node_text
from pipelines.parse.fields import PageFields

_TITLE_SPLIT = re.compile(r"\s+[|–—-]\s+|\s+::\s+|\s+»\s+")


# A kicker before the headline proper: 'Wahl: ', 'Nach dem Rücktritt: '.
_KICKER = re.compile(r"[^\W\d][^:]{0,59}:\s+")


# A headline from metadata keeps its dashes ('Storm closes roads – "critical"'); only a
# pipe there is a separator ('... | Sport').
_META_TITLE_SPLIT = re.compile(r"\s+\|\s+")

# A sentence ends at . ! ? … before a space or the line's end, or at a full-width 。！？
_SENTENCE_END = re.compile(r"[.!?…](?=\s|$)|[。！？]")
_LEAD_TITLE_CHARS = 150


def choose_title(
    fields: PageFields,
    h1: str | None,
    title_tag: str | None,
    site: str | None,
    heading: str | None = None,
) -> None:
    """Prefer the visible h1 when metadata agrees with it; strip ' | Site' from SEO titles.
    Without either, a `heading` the <title> repeats (see title_heading) is the headline."""
    meta_title = fields.title
    if h1 and meta_title and _is_kicker(meta_title.removesuffix(h1)):
        return  # 'Wahl: Die Stadt von unten' over the h1 'Die Stadt von unten': the kicker belongs
    if h1 and meta_title and (h1 in meta_title or meta_title in h1 or _same(h1, meta_title)):
        fields.title = h1
        fields.sources["title"] = "visible"
        return
    if (
        h1
        and fields.jsonld_name
        and fields.sources.get("title") == "jsonld"
        and _same(fields.jsonld_name, h1)
        and title_tag
        and _norm(h1) in _norm(title_tag)
    ):
        # JSON-LD's name, the visible headline and the <title> agree: its 'headline' is a
        # description ('matrix equal to its conjugate-transpose')
        fields.title = h1
        fields.sources["title"] = "visible"
        return
    if (
        h1
        and meta_title
        and title_tag
        and _title_tag_names(title_tag, h1)
        and _names_the_site(meta_title, title_tag, site)
        and not _names_the_site(h1, title_tag, site)
    ):
        # the metadata 'headline' is the site's name, while the visible headline and the
        # <title> agree on the page's: the page's own headline, twice shown, wins. (A
        # metadata headline that is another headline stays: the reader-mode and the
        # publishers' truth both take the structured headline over the visible one.)
        fields.title = h1
        fields.sources["title"] = "visible"
        return
    if meta_title:
        fields.title = _strip_site(meta_title, site, _META_TITLE_SPLIT)
        return
    fields.offer("title", h1 or heading, "visible")
    if title_tag:
        fields.offer("title", _strip_site(title_tag, site), "title")


def _title_tag_names(title_tag: str, h1: str) -> bool:
    """'Council backs plan | Example News' names the h1 'Council backs plan': the whole
    <title>, or one of its parts split at a site separator, is the h1 (a headline of at
    least three words: a one-word h1 is a site's logo or a section)."""
    h1_norm = _norm(h1)
    if len(h1_norm.split()) < 3:
        return False
    return any(_norm(part) == h1_norm for part in [title_tag, *_TITLE_SPLIT.split(title_tag)])


def _names_the_site(meta_title: str, title_tag: str, site: str | None) -> bool:
    """The metadata title is the site's name: og:site_name when the page gives one, else a
    part of the <title> after its first ('Council backs plan | Example News')."""
    name = _norm(meta_title)
    if site:
        return name == _norm(site)
    return any(_norm(part) == name for part in _TITLE_SPLIT.split(title_tag)[1:])


def _is_kicker(prefix: str) -> bool:
    """'Wahl: ' -> True: a label of up to six words and a colon; '' or a sentence -> False."""
    return _KICKER.fullmatch(prefix) is not None and len(prefix.split()) <= 6


def _norm(s: str) -> str:
    return re.sub(r"\W+", " ", s).strip().lower()


def _same(a: str, b: str) -> bool:
    return _norm(a) == _norm(b)


def _strip_site(title: str, site: str | None, split: re.Pattern[str] = _TITLE_SPLIT) -> str:
    """'Headline | Site' -> 'Headline': the parts naming the site go; else, split at `split`,
    the longest part stays."""
    parts = _TITLE_SPLIT.split(title)
    if len(parts) < 2:
        return title
    if site:
        kept = [p for p in parts if site.lower() not in p.lower()]
        if kept and len(kept) < len(parts):
            return " - ".join(kept)
    return max(split.split(title), key=len)


_HOME_HREF = re.compile(r"^(?:(?:https?:)?//[^/?#]+)?/?(?:index\.\w+)?$", re.IGNORECASE)
_LOGO_WORDS = 5  # a site's name, not a headline


def _site_logo(h1: LexborNode) -> bool:
    """An <h1> that is the site's logo, not the page's headline: it links to the site's home
    page ('/', the host's root, rel="home") and holds a name of a few words at most (many
    blog themes put the blog's name in an <h1> on every page, the post's title a level down)."""
    home = any(
        "home" in (a.attributes.get("rel") or "").split()
        or _HOME_HREF.match((a.attributes.get("href") or "").strip()) is not None
        for a in h1.css("a[href]")
    )
    return home and len(node_text(h1).split()) <= _LOGO_WORDS


def page_h1(nodes: list[LexborNode]) -> LexborNode | None:
    """The first <h1> of `nodes` that is not the site's logo."""
    return next((n for n in nodes if not _site_logo(n)), None)


def title_heading(tree: LexborHTMLParser, title_tag: str) -> LexborNode | None:
    """On a page without <h1>: the first <h2>/<h3> that the <title> repeats, as most of its
    text ('Kolumne: Queer Royal' under '<title>Kolumne: Queer Royal - Site'): the page's
    headline written a level down. A site name or a section label is too short a part."""
    title = _norm(title_tag)
    parts = {_norm(part) for part in _TITLE_SPLIT.split(title_tag)[1:]}
    headings = [(node, _norm(node_text(node))) for node in tree.css("h2, h3")]
    for node, text in headings:
        if len(text) >= 10 and 2 * len(text) >= len(title) and text in title:
            return node  # most of the <title>
    # else the <title>'s part after the site's name ('Blog » Archive » Post title')
    return next((node for node, text in headings if len(text) >= 10 and text in parts), None)


def lead_title(paragraphs: list[str]) -> str | None:
    """A story without any headline (no h1, no <title>, no metadata title): its first sentence
    names it, as a text dump's first line does; past 150 characters, cut at a word, with '…'."""
    lead = paragraphs[0].strip() if paragraphs else ""
    end = _SENTENCE_END.search(lead)
    sentence = lead[: end.end()] if end else lead
    if len(sentence) <= _LEAD_TITLE_CHARS:
        return sentence or None
    cut = sentence[:_LEAD_TITLE_CHARS].rsplit(" ", 1)[0].rstrip(" ,;:-–—")
    return f"{cut}…"
