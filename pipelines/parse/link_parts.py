"""A link's parts: the kicker, stamp or rank number a link holds beside its headline in
elements of their own, and the heading inside a card's link.

'<a><span class="kicker">Politics</span><span>Senate passes…</span><time>2 Nov</time></a>'
reads as the headline 'Senate passes…' with the kicker 'Politics' beside it (the stamp is
the item's time, read later). `related_links.py` asks this of each candidate link that holds
more than its text. Pure: selectolax nodes in, strings out.
"""

from __future__ import annotations

import re
from functools import lru_cache

from selectolax.lexbor import LexborNode

from pipelines.normalize.feed_times import is_stamp
from pipelines.normalize.text import clean_line
from pipelines.normalize.vocabulary import pattern
from pipelines.parse.related_items import HEADING_TAGS

_KICKER_CLASS = re.compile(rf"(?:^|[\s_])(?:{pattern('kicker_classes')})(?:$|[\s_])", re.IGNORECASE)
_KICKER_WORDS = 4
_RANK = re.compile(r"\d{1,3}[.)]?")  # a list's number: '1', '2.', '10)'


@lru_cache(maxsize=8192)  # a template's link markup repeats on every card of every page
def _kicker_class(words: str) -> bool:
    return _KICKER_CLASS.search(words) is not None


def _text_of(node: LexborNode) -> str:
    return (node.text_lexbor() if node.is_element_node else node.text_content) or ""


def _parts(link: LexborNode) -> list[tuple[LexborNode, str]]:
    """The link's children and their texts, read through wrappers that hold all its text
    ('<a><div><span>Kicker</span><span>Title</span></div></a>'); an image holds none."""
    node = link
    for _ in range(3):
        children = [(child, _text_of(child)) for child in node.iter(include_text=True)]
        full = [(child, text) for child, text in children if text.strip()]
        if len(full) != 1 or not full[0][0].is_element_node:
            return children
        node = full[0][0]
    return []


def _beside_headline(
    part: LexborNode, text: str, after: LexborNode | None, glued: bool
) -> str | None:
    """What a part at either end of a link is when it is not the title: 'stamp' (a <time>,
    '04/11/2024'), 'rank' (a list's number in its own element: '<span>1</span><span>Title'
    or glued to the title, as a block of its own shows: '1Title'; '<b>5</b> things to know'
    is a title), 'kicker' (marked by its class), or None."""
    if not part.is_element_node:
        return None
    if part.tag == "time" or is_stamp(text):
        return "stamp"
    if _RANK.fullmatch(text):
        return "rank" if glued or (after is not None and after.is_element_node) else None
    if len(text.split()) <= _KICKER_WORDS and _kicker_class(part.attributes.get("class") or ""):
        return "kicker"
    return None


def pieces(link: LexborNode, raw: str) -> bool:
    """The link's text (`raw`) may lie in two text nodes or more that are not blank, so in
    parts (headline_in_parts); else no level of _parts has two parts (a child's text is not
    blank only when it holds that one node). One C call joins the text nodes that are not
    all ASCII space, with a mark between them (the parser keeps no NUL in text), where
    _parts reads each child of each level (a third of the cost). A join that is not `raw`
    but for spaces at its ends holds text of another kind (a CDATA section): read the parts.
    """
    joined = link.text(deep=True, separator="\x00", skip_empty=True)
    return "\x00" in joined or joined.strip() != raw.strip()


def headline_in_parts(link: LexborNode) -> tuple[str, tuple[str, ...]] | None:
    """A link of several parts -> its headline part without what is set beside it in
    elements of their own at either end (a kicker marked by its class, a stamp, a rank
    number), and the texts of the kickers and ranks dropped (the item's time is read from
    the stamps): '<a><img><span class="kicker">Politics</span><span>Senate passes…</span>
    <span>2 November 2024</span></a>' -> ('Senate passes…', ('Politics',)); None when no part
    is dropped. Whether the rest reads as a headline is the caller's test."""
    children = _parts(link)
    full = [i for i, (_, text) in enumerate(children) if text.strip()]
    if len(full) < 2:
        return None
    dropped: list[str] = []
    start, end = 0, len(full)  # the parts kept: full[start:end]
    while start < end - 1:
        here, after = full[start], full[start + 1]
        text, next_text = children[here][1], children[after][1]
        # glued: no space between the part and the next, as blocks of their own show
        glued = after == here + 1 and not text[-1:].isspace() and not next_text[:1].isspace()
        line = clean_line(text)
        kind = _beside_headline(children[here][0], line, children[after][0], glued)
        if kind is None:
            break
        if kind != "stamp":
            dropped.append(line)
        start += 1
    while end - 1 > start:
        part, text = children[full[end - 1]]
        line = clean_line(text)
        kind = _beside_headline(part, line, None, False)
        if kind is None or kind == "rank":
            break
        if kind != "stamp":
            dropped.append(line)
        end -= 1
    if start == 0 and end == len(full):
        return None
    middle = "".join(text for _, text in children[full[start] : full[end - 1] + 1])
    return clean_line(middle).strip(" :|·•–—-"), tuple(dropped)


def heading_in(link: LexborNode, tags: frozenset[str] = HEADING_TAGS) -> LexborNode | None:
    """The first heading element (of `tags`) inside a link that holds elements (a walk of a
    small node, faster than compiling a selector; the caller passes over the links that hold
    their text alone, most of them)."""
    for inner in link.traverse(include_text=False):
        if inner.tag in tags and inner.mem_id != link.mem_id:
            return inner
    return None
