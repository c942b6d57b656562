"""How deep a page's markup nests, read from its bytes before any DOM is built.

Lexbor's tree builder is quadratic in nesting depth (5,000 nested elements parse in about
0.15 s, 30,000 in 9 s, 10^6 never), so a page nested past `MAX_DEPTH` is refused before it
reaches the parser. Two cheap passes rule out almost every page; only a page that might be
that deep is scanned tag by tag.
"""

from __future__ import annotations

import re
import sys

MAX_DEPTH = 5000  # real pages nest under 1,000 even with unclosed tags; browsers flatten at 512
_BLOCK = 16384
_TAG = re.compile(rb"<(/?)([A-Za-z][A-Za-z0-9]{0,15})\b[^<>]*?(/?)>")
# Elements that never hold others (void) or that the next sibling closes: they add no depth.
_FLAT = frozenset(
    b"area base br col embed hr img input link meta param source track wbr "
    b"p li dt dd option tr td th".split()
)


def _opening_brackets(content: bytes) -> int:
    """How many '<' the bytes hold. numpy compares 32 bytes an instruction where bytes.count
    tests them one by one (1.3 G instructions for 160 MB of pages, against 0.05 G); it is
    used once the language model has loaded it, and never loaded for this alone (its import
    costs a run of a few pages more than their count)."""
    np = sys.modules.get("numpy")
    if np is None:
        return content.count(b"<")
    return int(np.count_nonzero(np.frombuffer(content, dtype=np.uint8) == ord("<")))


def _depth_bound(content: bytes) -> int:
    """An upper bound of the nesting depth: every '<' not a '</' counts as an open tag."""
    depth = top = 0
    for start in range(0, len(content), _BLOCK):
        closes = content.count(b"</", start, start + _BLOCK)
        opens = content.count(b"<", start, start + _BLOCK) - closes
        top = max(top, depth + opens)
        depth = max(0, depth + opens - closes)
    return top


def _depth(content: bytes, limit: int) -> int:
    """Deepest nesting of elements that hold others, stopping once past `limit`."""
    depth = deepest = 0
    for m in _TAG.finditer(content):  # lazily: a hostile page stops early
        close, name, self_closing = m.groups()
        if self_closing or name.lower() in _FLAT:
            continue
        if close:
            depth = max(0, depth - 1)
        else:
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > limit:
                    break
    return deepest


def nesting_depth_over(content: bytes, limit: int = MAX_DEPTH) -> int | None:
    """The nesting depth of markup that goes past `limit`, else None.

    b'<div>' * 10**6 -> 5001 (counting stops there); an ordinary page -> None.
    """
    if _opening_brackets(content) <= limit or _depth_bound(content) <= limit:
        return None
    depth = _depth(content, limit)
    return depth if depth > limit else None
