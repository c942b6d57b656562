"""Shared DOM helpers over a selectolax tree: clean node text, link text, ancestor walks."""

from __future__ import annotations

import re
from collections.abc import Callable

from selectolax.lexbor import LexborHTMLParser, LexborNode

from pipelines.normalize.text import clean_line
from pipelines.parse.select import css

DROP_TAGS = frozenset(
    "script style noscript template svg iframe object embed canvas button select".split()
)
# One css() walk of the tags' list finds them all, a third cheaper than a tags() lookup per
# tag, each a walk of the whole tree.
DROP_SCAN = ", ".join(sorted(DROP_TAGS))


def remove_drops(tree: LexborHTMLParser) -> None:
    """Remove the elements that are never text (DROP_TAGS) with all they hold."""
    decompose_all(css(tree, DROP_SCAN))


def decompose_all(nodes: list[LexborNode]) -> None:
    """Remove the nodes with all they hold, in the order given. Listed in page order, an
    element inside another (an <svg> in a <button>) comes after it: removed with the outer
    one already, it is only unlinked again (decompose() keeps its view valid)."""
    for node in nodes:
        node.decompose()


def attr_words(attrs: dict[str, str | None]) -> str:
    if not attrs:
        return ""
    return class_id_role(attrs.get("class"), attrs.get("id"), attrs.get("role"))


def class_id_role(cls: str | None, ident: str | None, role: str | None) -> str:
    """An element's class, id and role values as one string of words ('site-footer  nav')."""
    return f"{cls or ''} {ident or ''} {role or ''}"


# A <p> holds phrasing only (the parser closes it at any block): its text nodes join as the
# page shows them, without a space inside '<b>W</b>hale' or before the '.' of 'a <a>link</a>.'.
# A heading's parts may be blocks (a kicker line): they join with a space, except before
# closing punctuation. Other elements join their parts with a space (cells, list items).
_JOIN = "\x00"
# Written to open with the join itself, so that the search skips to each join instead of
# trying a lookbehind at every character of the text (14x faster on a long text).
# An ASCII apostrophe also opens quotes: only a contraction or possessive ending ('s, 'll)
# glues to the word before it.
_AT_PUNCTUATION = re.compile(
    rf"{_JOIN}(?:(?=[.,;:!?…)\]}}»”’])|(?='(?:s|d|ll|m|re|t|ve)\b)|(?<=[(\[{{«„]{_JOIN}))"
)
# '„' opens a German quote that '“' closes ('“' opens an English one): a join before the
# '“' that follows a '„' is inside the quote's pair.
_LOW_QUOTE_CLOSE = re.compile(rf"(„[^“]*?){_JOIN}(?=“)")
_HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())


def node_text(node: LexborNode) -> str:
    tag = node.tag
    if tag == "p":
        return clean_line(node.text(deep=True, separator="") or "")
    text = node.text(deep=True, separator=_JOIN) or ""
    if _JOIN not in text:  # one text node, nothing joined: a memchr() instead of the sub's scan
        return clean_line(text)
    if "„" in text:
        text = _LOW_QUOTE_CLOSE.sub(r"\1", text)
    return clean_line(_AT_PUNCTUATION.sub("", text).replace(_JOIN, " "))


def mark_line_breaks(breaks: list[LexborNode]) -> None:
    """A newline after each <br>, so that text joined without separators still breaks there
    ('line<br>next' -> 'line next'); the <br>s stay for readers of lines."""
    for br in breaks:
        br.insert_after("\n")


def link_text_len(node: LexborNode) -> int:
    """Characters of link text in a block, the block itself counted when it is a link. A
    walk: the blocks measured are mostly small, where a css() call, which compiles its
    selector each time, costs more."""
    return sum(len(node_text(a)) for a in node.traverse() if a.tag == "a")


def page_link_text_len(root: LexborNode) -> int:
    """link_text_len of a page's <body> (or any large node): there a css() walk in C costs less
    than a Python walk of every element, and finds the same links (the root too, were it one)."""
    return sum(len(node_text(a)) for a in css(root, "a"))


_LINE_BLOCKS = "br, h1, h2, h3, h4, h5, h6, p, div, li, tr, blockquote, pre, table"


def br_lines(node: LexborNode) -> list[str]:
    """A block's text split at its <br>s and blocks (a newline after each: the tree is
    changed), so that a heading above the lines is a line of its own."""
    for block in css(node, _LINE_BLOCKS):
        if block.mem_id != node.mem_id:
            block.insert_after("\n")
    lines = (clean_line(line) for line in (node.text(deep=True, separator="") or "").split("\n"))
    return [line for line in lines if line]


def _ancestor(node: LexborNode, matches: Callable[[LexborNode], bool]) -> LexborNode | None:
    """The nearest element above `node` that `matches`, if one does."""
    parent = node.parent
    while parent is not None and not matches(parent):
        parent = parent.parent
    return parent


def is_below(node: LexborNode, ancestor: LexborNode) -> bool:
    return _ancestor(node, lambda n: n.mem_id == ancestor.mem_id) is not None


def in_drop(node: LexborNode) -> bool:
    return _ancestor(node, lambda n: n.tag in DROP_TAGS) is not None


def element_sibling(node: LexborNode | None, forward: bool) -> LexborNode | None:
    """The next (or previous) sibling that is an element, past any text between."""
    node = (node.next if forward else node.prev) if node is not None else None
    while node is not None and not node.is_element_node:
        node = node.next if forward else node.prev
    return node


def element_before(node: LexborNode) -> LexborNode | None:
    """The previous sibling element when only blank text stands between ('<img>\n<p>'),
    else None (running text between them)."""
    sibling = node.prev
    while sibling is not None and not sibling.is_element_node:
        if (sibling.text_content or "").strip():
            return None
        sibling = sibling.prev
    return sibling


def article_of(node: LexborNode | None) -> int | None:
    """The mem_id of the <article> holding this node, if one does."""
    article = _ancestor(node, lambda n: n.tag == "article") if node is not None else None
    return article.mem_id if article is not None else None
