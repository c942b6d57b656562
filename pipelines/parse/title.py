"""The headline: the visible h1 against the metadata title, without the site name."""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from pipelines.normalize.outlet_name import name_key
from pipelines.normalize.urls import url_host
from pipelines.parse.dom import node_text
from pipelines.parse.fields import PageFields
from pipelines.parse.select import css

_TITLE_SPLIT = re.compile(r"\s+[|–—·-]\s+|\s+::\s+|\s+[»›]\s+")

# Where a site's name is set apart from the headline in a title: the separators above, a
# pipe or middle dot without spaces, 'Site: Headline', 'Headline_Site' and the CJK marks
# 'Headline【Site】', '「Site」Headline'. Captured, so that the text between stays as written.
_SITE_SEPARATOR = re.compile(r"(\s+[–—-]\s+|\s*[|·»›]\s*|\s+::\s+|:\s+|_|\s*[【】「」]\s*)")
# A site part splits off a section part at these, as 'Headline | Section | Site'.
_SECTION_SEPARATOR = re.compile(r"\s+[|·»›]\s+")
_ELLIPSIS = re.compile(r"\s*(?:…|\.\.\.)$")


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
    host = _host_label(fields.canonical_url)
    if h1 and meta_title and _is_kicker(meta_title.removesuffix(h1)):
        return  # 'Wahl: Die Stadt von unten' over the h1 'Die Stadt von unten': the kicker belongs
    if h1 and meta_title and _is_label(h1.removesuffix(meta_title)):
        # the h1 'Live Storm hits the coast' over the metadata's 'Storm hits the coast': a
        # badge or kicker set beside the headline, which the metadata leaves out
        fields.title = _strip_site(meta_title, site, _META_TITLE_SPLIT, host)
        return
    if h1 and meta_title and _cut_short(meta_title, h1):
        fields.title = h1  # 'Council backs new bus lanes on the…': the h1 has it whole
        fields.sources["title"] = "visible"
        return
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
    tag_title = _strip_site(title_tag, site, host=host) if title_tag else None
    if meta_title and not h1 and tag_title and _cut_short(meta_title, tag_title):
        fields.title = tag_title  # no h1, and the <title> has whole what the metadata cut
        fields.sources["title"] = "title"
        return
    if meta_title:
        fields.title = _strip_site(meta_title, site, _META_TITLE_SPLIT, host)
        return
    if h1 and tag_title and _is_label(h1.removesuffix(tag_title)):
        fields.offer("title", tag_title, "title")  # the h1's kicker span, which <title> leaves out
    fields.offer("title", h1 or heading, "visible")
    fields.offer("title", tag_title, "title")


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


_LABEL_WORDS = 4


def _is_label(prefix: str) -> bool:
    """'Live ', 'Wahl 2024 ' -> True: a few words set before a headline, no sentence of its
    own (no punctuation: 'Wahl: ' is a kicker the headline keeps); '' -> False."""
    words = prefix.split()
    return (
        0 < len(words) <= _LABEL_WORDS
        and prefix.endswith(" ")
        and all(ch.isalnum() or ch.isspace() for ch in prefix)
    )


def _cut_short(meta_title: str, h1: str) -> bool:
    """'Council backs new bus…' against the h1 'Council backs new bus lanes': metadata cut
    at a length limit, with an ellipsis, of which the h1 is the whole."""
    stem = _ELLIPSIS.sub("", meta_title)
    return stem != meta_title and len(stem) >= 20 and h1.startswith(stem) and len(h1) > len(stem)


def _norm(s: str) -> str:
    return re.sub(r"\W+", " ", s).strip().lower()


def _same(a: str, b: str) -> bool:
    return _norm(a) == _norm(b)


def _site_keys(site: str) -> tuple[str, ...]:
    """'Riverton Herald' -> ('rivertonherald',); 'rivertonherald.com' -> (..., 'rivertonherald')."""
    keys = [name_key(site)]
    if "." in site and " " not in site.strip():
        keys.append(name_key(site.strip().rsplit(".", 1)[0].removeprefix("www.")))
    return tuple(k for k in keys if len(k) >= 3)


_SHORT_NAME = 5  # characters of a key: a shorter part inside the site's name is a word of it


def _names_site(part: str, keys: tuple[str, ...], site_words: int) -> bool:
    """'The Riverton Herald' names the site 'Riverton Herald', and 'Riverton Herald' the
    site 'Riverton Herald Media Group'; 'Riverton Herald wins an award', a headline about
    the site, is too long a part to be its name."""
    key = name_key(part)
    return len(part.split()) <= site_words + 2 and any(
        (k in key and len(key) <= 2 * len(k) + 8) or (len(key) >= _SHORT_NAME and key in k)
        for k in keys
    )


def _without_site(title: str, site: str) -> str | None:
    """'Headline | Site', 'Site: Headline', 'Headline【Site】', 'Headline_Site' -> 'Headline'
    as written: the part at either end that names the site goes with its separator, and
    'Headline | Section | Site' loses the section too. None when neither end names it."""
    keys = _site_keys(site)
    pieces = _SITE_SEPARATOR.split(title)  # part, separator, part, ...
    parts = [i for i in range(0, len(pieces), 2) if pieces[i].strip()]
    if len(parts) < 2 or not keys:
        return None
    ends = (
        (parts[-1], pieces[parts[-1] - 1], pieces[: parts[-2] + 1]),  # 'Headline | Site'
        (parts[0], pieces[parts[0] + 1], pieces[parts[1] :]),  # 'Site | Headline'
    )
    for end, separator, rest in ends:
        if _names_site(pieces[end], keys, len(site.split())):
            kept = "".join(rest).strip()
            sections = _SECTION_SEPARATOR.split(kept)
            if len(sections) > 1 and _SECTION_SEPARATOR.fullmatch(separator):
                return max(sections, key=len)  # 'Headline | Section | Site'
            return kept or None
    return None


def _host_label(url: str | None) -> str | None:
    """'https://www.rivertonherald.com/a' -> 'rivertonherald': the host's longest label, the
    site's name as its domain spells it."""
    host = url_host(url)
    return max(host.split("."), key=len) if host else None


def _strip_site(
    title: str,
    site: str | None,
    split: re.Pattern[str] = _TITLE_SPLIT,
    host: str | None = None,
) -> str:
    """'Headline | Site' -> 'Headline': the site's part goes (see _without_site), the site
    named by the page or, without a name, by its host ('Riverton Herald' on
    rivertonherald.com); else, split at `split`, the longest part stays."""
    name = site or host
    if name and (kept := _without_site(title, name)):
        while (shorter := _without_site(kept, name)) is not None:
            kept = shorter  # 'Headline - Site - Site's slogan': each part of the site goes
        return kept
    parts = _TITLE_SPLIT.split(title)
    if len(parts) < 2:
        return title
    if site:
        kept_parts = [p for p in parts if site.lower() not in p.lower()]
        if kept_parts and len(kept_parts) < len(parts):
            return " - ".join(kept_parts)
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
        for a in css(h1, "a[href]")
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
    headings = [(node, _norm(node_text(node))) for node in css(tree, "h2, h3")]
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
