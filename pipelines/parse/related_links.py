"""Related-news candidates: the links of a page that read as headlines, outside page chrome
and sponsored blocks, on the page's site, each with its ancestors read once.

A link's title is its text without a kicker, a stamp or a rank number it holds in elements of
their own (`link_parts.py` reads those), or a teaser label, or a card's heading inside it; a
heading that names a list of stories ('Related', 'Most read') lets a link alone in its list
item count with a shorter title. `related_blocks.py` grows the candidates into items and
groups them into blocks. Pure: selectolax nodes in, strings out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from selectolax.lexbor import LexborNode

from pipelines.normalize.case_blind import CaseBlind
from pipelines.normalize.feed_times import is_stamp
from pipelines.normalize.outlets import ZONES
from pipelines.normalize.text import CJK, clean_line
from pipelines.normalize.vocabulary import pattern, select
from pipelines.parse.link_parts import heading_in, headline_in_parts, pieces
from pipelines.parse.related_items import HEADING_MAX, HEADING_TAGS, STAMP_TRIM, item_text
from pipelines.parse.select import css, css_first

_MIN_WORDS = 4
_MIN_WORDS_BESIDE = 3  # beside a headline in its list, a shorter one counts ('Market opens now')
_MIN_WORDS_LISTED = 2  # alone in a list item under a heading naming stories ('Another story')
_MIN_CHARS = 20
_MIN_CHARS_LISTED = 10
_MIN_CJK = 8  # or eight characters of a script written without spaces
_MAX_CHARS = 250
_LINK_WITH_SUMMARY = 120  # a link's text this long may be a card: its heading is the title
NOT_ITEM_TAGS = frozenset({"body", "html", "main"})
_HEADING_NAMES = sorted(HEADING_TAGS)  # h1 ... h6
_HEADINGS = ", ".join(_HEADING_NAMES)
_CARD_HEADINGS = HEADING_TAGS - {"h6"}  # the headings that title a card: h1 ... h5
# The links outside page chrome (nav, header, footer, form): the selector drops the chrome's
# links in Lexbor, before any of them costs a Python object. (A walk matching each extra tag
# costs about as much as a walk matching 'a[href]'.)
_LINKS = "a[href]:not(nav a, header a, footer a, form a)"
# The links and the headings in one walk, in page order: a walk for the headings alone costs
# about as much as the walk for the links (Lexbor's lists of one tag too).
_LINKS_AND_HEADINGS = f"{_LINKS}, {_HEADINGS}"
_CHROME_TAGS = frozenset({"nav", "header", "footer", "form", "button", "select"})
# Case-blind: searched without the flag on a text's lower case where that reads the same.
# Searched on the value after a space that stands for its start: the search then skips to
# each space, '_' or '-' (what a marker word follows), where '^|' made it try every character.
_SPONSORED_CLASS = CaseBlind(rf"[\s_-](?:{pattern('sponsored_classes')})(?:$|[\s_-])")
_LIST_HEADING = re.compile(
    rf"(?:{pattern('related_headings', use='html-related')})[.…:!»›]*", re.IGNORECASE
)
_LANDMARKS = frozenset(select("landmark_classes"))  # '<div id="footer">', '<ul class="nav">'
# A subscription's trial offer, a period for a price: 'Alle Artikel lesen – 4 Wochen für 0,99 €'.
_CURRENCY = pattern("currency_marks")
_AMOUNT = r"\d+(?:[.,]\d{1,2})?"
# It opens with the digit (the lookbehind after it), so that the search skips to each digit
# instead of trying the lookbehind at every character of the title (twice as fast).
_TRIAL_OFFER = re.compile(
    rf"\d(?<!\w\d)\d*\s+(?:{pattern('trial_offers')})\s+"
    rf"(?:(?:{_CURRENCY})\s?{_AMOUNT}|{_AMOUNT}\s?(?:{_CURRENCY}))"
    # the offer closes the link ('… 4 Wochen für 0,99 €', '3 months for $1*'): a headline goes
    # on past its figure ('jailed 6 months for $5 deal', '12 months for £4,500 from January')
    r"(?:\s*(?:/|per\s)\s*\w+)?[\s*)!.]*$",
    re.IGNORECASE,
)
# A call to open the story's gallery, a count of photos after it: 'View gallery (14 photos)'.
_GALLERY_CALL = re.compile(rf"(?:{pattern('gallery_calls')})\W*(?:\d+\W*\w*\W*)?", re.IGNORECASE)
# A teaser's label written inside its link ('<a><b>LEIA TAMBÉM:</b> Title</a>'): not the title.
_LABEL_IN_LINK = re.compile(rf"^(?:{pattern('teaser_labels')})\s*[:：]\s*", re.IGNORECASE)


# An ancestor as the walks up the tree read it: (mem_id, tag, node).
_Up = tuple[int, str | None, LexborNode]
_Ancestry = tuple[tuple[_Up, ...], bool, tuple[int, ...]]


@dataclass(slots=True)
class Item:
    """A candidate link; related_blocks grows it to its list item or card and reads it."""

    node: LexborNode
    link: LexborNode
    title: str
    href: str
    listed: bool = False  # a short title, under a heading naming a list of stories
    headline: bool = False  # a full headline's title, once the items are grouped
    block: int = 0
    label: str | None = None
    text: str = ""  # the item's whole text, once it is found
    labelled: str | None = None  # the link's whole text when it opens with a teaser label
    up: tuple[_Up, ...] = ()  # the link's ancestors below <body>, nearest first
    within: tuple[int, ...] = ()  # the mem_ids of `up` below its first <main>, if any
    beside: tuple[str, ...] = ()  # kickers and rank numbers in the link, not its title


@lru_cache(maxsize=4096)
def site_of(host: str | None) -> str | None:
    """'www.news.example.co.uk' -> 'example.co.uk'; 'amp.site.com' -> 'site.com'."""
    if not host:
        return None
    labels = host.lower().rstrip(".").split(".")
    keep = 3 if len(labels) >= 3 and labels[-2] in ZONES.second_level else 2
    return ".".join(labels[-keep:])


def host_of(href: str) -> str | None:
    """'https://www.x.com/a' -> 'www.x.com'; '//cdn.x.com/a' -> 'cdn.x.com'; '/a' -> None."""
    if href[:1] == "/" and href[1:2] != "/":
        return None  # a path on this host: most links
    at = href.find("//")
    if at < 0 or at > 6:
        return None
    host = href[at + 2 :].split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    return host.rsplit("@", 1)[-1].split(":", 1)[0].lower() or None


def is_headline(text: str, min_words: int = _MIN_WORDS, min_chars: int = _MIN_CHARS) -> bool:
    """'Gresham council delays vote on camping ordinance' -> True; 'Local' -> False."""
    size = len(text)
    if size > _MAX_CHARS:
        return False
    if (
        size >= min_chars
        and text.count(" ") >= min_words - 1
        and len(text.split(None, min_words - 1)) >= min_words  # its first words only
    ):
        return True
    if text.isascii():
        return False
    return len(CJK.findall(text)) >= _MIN_CJK  # a script written without spaces


def _marked(attrs: dict[str, str | None]) -> bool:
    """The element is navigation or a footer by its role, id or a whole class token (as pages
    before <nav> and <footer> mark them), or marked sponsored by its class, id or provider."""
    if not attrs:
        return False
    # One cached answer per element's markers: a template repeats them on every page (about
    # two elements in three read a key seen before), a cache hit costs four dict reads.
    return _marked_by(
        attrs.get("role"), attrs.get("id"), attrs.get("class"), attrs.get("data-provider")
    )


@lru_cache(maxsize=65536)
def _marked_by(
    role: str | None, ident: str | None, classes: str | None, provider: str | None
) -> bool:
    if role == "navigation" or ident in _LANDMARKS:
        return True
    # Each value alone: a class string repeats on every page of a template, an id seldom
    # does, and a marker word lies within one value.
    for value in (classes, ident, provider):
        if value and _sponsored_class(value):
            return True
    return bool(classes) and _landmark_class(classes)


@lru_cache(maxsize=65536)
def _landmark_class(words: str) -> bool:
    return not _LANDMARKS.isdisjoint(words.lower().split())


@lru_cache(maxsize=65536)  # a template repeats its class strings on every page
def _sponsored_class(words: str) -> bool:
    return _SPONSORED_CLASS.search(" " + words)


def _ancestry(link: LexborNode, known: dict[int, _Ancestry]) -> _Ancestry:
    """The link's ancestors below <body>, nearest first, whether one of them is page chrome
    or a sponsored block, and the ancestors' mem_ids below the first <main> (an item grows
    no further: related_blocks counts the items in each). `known` keeps each ancestor's
    answer: the links of one block share their ancestors, so each element is read once per
    page."""
    walked: list[_Up] = []
    up: tuple[_Up, ...] = ()
    excluded = False
    within: tuple[int, ...] = ()
    node: LexborNode | None = link.parent
    while node is not None:
        tag = node.tag
        if tag in ("body", "html"):
            break
        mem_id = node.mem_id
        cached = known.get(mem_id)
        if cached is not None:
            up, excluded, within = cached
            break
        walked.append((mem_id, tag, node))
        node = node.parent
    for ancestor in reversed(walked):  # from the top down: each answer holds those above
        excluded = excluded or ancestor[1] in _CHROME_TAGS or _marked(ancestor[2].attributes)
        up = (ancestor, *up)
        within = () if ancestor[1] in NOT_ITEM_TAGS else (ancestor[0], *within)
        known[ancestor[0]] = (up, excluded, within)
    return up, excluded, within


def _element(node: LexborNode | None, forward: bool = True) -> LexborNode | None:
    """The next (or previous) element sibling, skipping text and comments."""
    while node is not None and not node.is_element_node:
        node = node.next if forward else node.prev
    return node


def _listed_links(heading: LexborNode) -> list[LexborNode]:
    """The links in list items after a heading that names a list of stories, up to the next
    heading or a block with its own: '<h3>Related</h3><ul><li><a>…</a></li></ul>', also
    where the heading sits in a wrapper of its own ('<div><h3>Related</h3></div><ul>…')."""
    node = heading
    for _ in range(2):  # a wrapper holding only the heading: look after the wrapper
        if _element(node.next) is not None or _element(node.prev, forward=False) is not None:
            break
        parent = node.parent
        if parent is None or parent.tag in NOT_ITEM_TAGS:
            return []
        node = parent
    links: list[LexborNode] = []
    sibling = _element(node.next)
    while sibling is not None and sibling.tag not in HEADING_TAGS:
        if css_first(sibling, _HEADINGS) is not None:
            break  # another block under its own heading ('Tags')
        links.extend(css(sibling, "li a[href]") if sibling.tag not in ("li", "a") else ())
        sibling = _element(sibling.next)
    return links


def _alone_in_item(link: LexborNode) -> bool:
    """The link is the only one in its list item: '<li><a>Another story</a> <time>…</li>'."""
    node = link.parent
    for _ in range(3):
        if node is None:
            return False
        if node.tag == "li":
            return len(css(node, "a[href]")) == 1
        node = node.parent
    return False


def _names_list(heading: LexborNode) -> bool:
    """The heading names a list of stories ('Related', 'Most read', 'Lesen Sie auch')."""
    raw = heading.text_lexbor()  # text(deep=True), as Lexbor joins it: see candidates
    return len(raw) <= HEADING_MAX and _names_list_text(raw)


@lru_cache(maxsize=8192)  # a site's headings repeat on every page ('Most read', 'Sport')
def _names_list_text(raw: str) -> bool:
    return _LIST_HEADING.fullmatch(clean_line(raw)) is not None


def page_nodes(root: LexborNode) -> tuple[list[LexborNode], list[LexborNode]]:
    """The links outside chrome and the headings of a page (its <body> or <html>, which hold
    all the page's headings), each in page order."""
    links: list[LexborNode] = []
    heads: list[LexborNode] = []
    for node in css(root, _LINKS_AND_HEADINGS):
        (links if node.tag == "a" else heads).append(node)
    return links, heads


def page_headings(
    root: LexborNode, heads: list[LexborNode] | None = None
) -> tuple[set[int], dict[int, int]]:
    """The links under a heading that names a list of stories, and how many heading children
    each element holds (a block's own heading stops an item's climb). The headings are the
    page's (a root is its <body> or <html>), or `heads` when page_nodes listed them."""
    listed: set[int] = set()
    headed: dict[int, int] = {}
    for head in page_nodes(root)[1] if heads is None else heads:
        if (parent := head.parent) is not None:
            headed[parent.mem_id] = headed.get(parent.mem_id, 0) + 1
        if _names_list(head):
            listed.update(a.mem_id for a in _listed_links(head))
    return listed, headed


def candidates(
    links: list[LexborNode], site: str | None, page_host: str | None, listed: set[int]
) -> list[Item]:
    """The links (page_nodes) that read as headlines, outside chrome and sponsored blocks,
    on this site; `listed` holds the links whose list a heading names (a short title counts
    there). A heading's list holds only links after it, so the headings are read before any
    link."""
    found: list[Item] = []
    known: dict[int, _Ancestry] = {}
    for link in links:
        # Lexbor's own textContent: the text(deep=True) gives, joined in C without the
        # Python container selectolax fills piece by piece (every link's text is read).
        raw = link.text_lexbor()
        if len(raw) < _MIN_CJK:
            continue  # too short for any headline: most links on a page
        may_list = link.mem_id in listed if listed else False
        if (
            raw.count(" ") < _MIN_WORDS_BESIDE - 1
            and not may_list
            and (raw.isascii() or not CJK.search(raw))
        ):
            continue
        title = clean_line(raw)
        first = link.child
        # more than its text: children, or an element as its only child (read once: each
        # read of a node's neighbour makes a node object)
        has_parts = first is not None and (first.next is not None or first.is_element_node)
        parts_beside: tuple[str, ...] = ()
        if (
            has_parts
            and pieces(link, raw)
            and (split := headline_in_parts(link)) is not None
            and is_headline(split[0], _MIN_WORDS_BESIDE)
        ):
            title, parts_beside = split  # the headline without the kicker, stamp or rank
        labelled = None
        if (
            (":" in title or "：" in title)  # every label ends in a colon: most titles hold none
            and (label := _LABEL_IN_LINK.match(title)) is not None
            and label.end() < len(title)
        ):
            labelled, title = title, title[label.end() :]
        if len(title) > _LINK_WITH_SUMMARY:  # '<a><h3>Title</h3><p>summary…</p></a>'
            heading = heading_in(link, _CARD_HEADINGS) if has_parts else None
            title = item_text(heading) if heading is not None else title
        elif has_parts and (heading := heading_in(link)) is not None:
            # a card whose link wraps its stamp: '<a><h3>Title</h3><footer><time>01:45</time></footer></a>'
            shown = item_text(heading)
            beside = title.replace(shown, " ", 1).strip(STAMP_TRIM)
            if shown != title and is_stamp(beside) and is_headline(shown, _MIN_WORDS_BESIDE):
                title = shown
        is_listed = False
        if not is_headline(title, _MIN_WORDS_BESIDE):
            if not may_list or not is_headline(title, _MIN_WORDS_LISTED, _MIN_CHARS_LISTED):
                continue
            if not _alone_in_item(link):
                continue
            is_listed = True  # a short title: only alone in its list item, on this host
        attrs = link.attributes  # one dict: a missing key costs .attrs an exception
        href = (attrs.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
            continue
        rel = attrs.get("rel")
        if rel and ("sponsored" in (words := rel.lower().split()) or "tag" in words):
            continue
        host = host_of(href)
        if host and site and site_of(host) != site:
            continue  # another site: an ad network, a partner, a social share
        if is_listed and host and host != page_host:
            continue  # a short title to another host of the site: a shop, a service
        # After the cheaper tests: a third of the links read as no headline or go elsewhere.
        if _GALLERY_CALL.fullmatch(title) or _TRIAL_OFFER.search(title):
            continue  # a gallery's call to action, a subscription's offer: no story
        up, excluded, within = _ancestry(link, known)
        if excluded:
            continue  # a button, a select, navigation or a sponsored block
        found.append(
            Item(
                link,
                link,
                title,
                href,
                listed=is_listed,
                up=up,
                within=within,
                labelled=labelled,
                beside=parts_beside,
            )
        )
    return found
