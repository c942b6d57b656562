"""css() and css_first() of a selectolax node, matched in C where the selector list allows.

Lexbor's engine costs most on the lists the parse walks whole pages with: tag lists, and
substring tests on class names (`[class*="date"], [id*="time"], ...`), 0.3-0.4 CPU-s over the
830 benchmark pages for that one list. `_fastcss` (compiled at install) matches selector lists
over Lexbor's own structures at a third to a fifth of that; a list it does not take
(`_selector_syntax.py`: a child or sibling combinator, another pseudo-class) goes to Lexbor.
Both give the same nodes in the same order.

`_fastcss` reads structures of the Lexbor that selectolax compiles in. At import it is checked
against Lexbor on pages of its own; if it is missing (an install without a C compiler) or any
answer differs, every call goes to Lexbor, with one warning, and the results are the same.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

log = logging.getLogger(__name__)

# The pages and lists the compiled matcher is checked on: both document modes (quirks makes
# class and id tests case-blind), static and per-document attribute names, value-less and
# empty attributes, HTML's case-blind attribute values, SVG (not HTML: case-sensitive), class
# lists split by any whitespace, nesting.
_PROBE_BODY = (
    '<div id="Main" class="a\tStory-Body  x" data-k="v" hidden><p class="">One</p>'
    '<a href="/author/x" rel="AUTHOR" lang="en-GB">Two</a><span class="date-line meta" '
    'aria-hidden="true" style="display: none">3</span></div><svg class="Date"><a rel="AUTHOR" '
    'href="/autor/y"></a></svg><section><ul><li class="story">4</li></ul><p id="main">5</p>'
    '</section><abbr title="t">6</abbr><time>7</time><meta itemprop="x" content="y">'
)
_PROBES = (
    f"<!DOCTYPE html><html><head></head><body>{_PROBE_BODY}</body></html>",
    f"<html><body>{_PROBE_BODY}</body></html>",  # no doctype: quirks mode
)
_PROBE_LISTS = (
    "div, p, a, span, svg, section, ul, li, abbr, time, meta",
    "*",
    ".story-body, .Story-Body, .x, #main, #Main, .date-line",
    '[class*="date"], [class*="Date"], [id*="ain"], [class*="meta"], [data-k], [data-k="v"]',
    '[rel="author"], [rel~="author"], [lang|="en"], [href^="/aut"], [href$="/x"], [hidden]',
    '[aria-hidden="true"], [style*="none"], [class], abbr[title], meta[content]',
    'a[href*="/aut"]:is([href*="/autor"], [href*="/author/"]), [itemprop], time',
)


def _checked() -> Any:
    """The compiled module, when it is there and answers as Lexbor does on the probes."""
    try:
        from pipelines.parse import _fastcss
    except ImportError as exc:
        log.warning("compiled selector matcher unavailable (%s): Lexbor matches all", exc)
        return None
    try:
        for html in _PROBES:
            tree = LexborHTMLParser(html)
            roots = [r for r in (tree.root, tree.body, *tree.css("div, section")) if r is not None]
            for selector in _PROBE_LISTS:
                matcher = _fastcss.compile_selector(selector)
                for root in roots:
                    want = [n.mem_id for n in root.css(selector)]
                    if matcher is None or [n.mem_id for n in matcher.select(root)] != want:
                        raise ValueError(f"{selector!r} differs from Lexbor")
    except Exception as exc:  # a layout it does not know: a wrong answer, or none
        log.warning("compiled selector matcher off (%s): Lexbor matches all", exc)
        return None
    return _fastcss


_fast = _checked()
FAST = _fast is not None
"""The compiled matcher is in use (built, and it answers as Lexbor does)."""


@lru_cache(maxsize=512)
def _matcher(selector: str) -> Any:
    return _fast.compile_selector(selector) if _fast is not None else None


def _compiled_for(node: LexborNode, selector: str) -> Any:
    """The compiled matcher of the list for this node, or None when Lexbor is to walk it: a
    list the matcher does not take, or a node without a parent (as selectolax shows it), which
    is a fragment's top-level node, searched from the fragment's hidden wrapper with its
    siblings (`is_fragment=True`), or a node made or removed, outside any page."""
    matcher = _matcher(selector)
    return None if matcher is None or node.parent is None else matcher


def css(node: LexborNode | LexborHTMLParser | None, selector: str) -> list[LexborNode]:
    """`node.css(selector)`: the elements of its subtree, itself included, that match, in
    page order, each once per selector of the list it matches. A parser stands for its root."""
    if isinstance(node, LexborHTMLParser):
        node = node.root
    if node is None:
        return []
    matcher = _compiled_for(node, selector)
    return node.css(selector) if matcher is None else matcher.select(node)


def css_first(node: LexborNode | LexborHTMLParser | None, selector: str) -> LexborNode | None:
    """`node.css_first(selector)`: the first of css(node, selector), or None."""
    if isinstance(node, LexborHTMLParser):
        node = node.root
    if node is None:
        return None
    matcher = _compiled_for(node, selector)
    if matcher is None:
        return node.css_first(selector)
    found = matcher.select(node, 1)
    return found[0] if found else None
