"""The syntax `_fastcss` matches: selector lists, read into plain tuples.

A selector is compounds joined by the descendant combinator (spaces), written in printable
ASCII. A compound is a tag name or `*` followed by `.class`, `#id`, `[attr]`, `[attr OP
"value"]` (OP one of = ~= |= ^= $= *=), `:is(...)` and `:not(...)` of selector lists. Anything else, another combinator or
pseudo-class, a case flag, a name with escapes, an empty value, gives None: Lexbor matches that
list itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# ("attr", name, op, value) | ("class", None, "", value) | ("id", ...) | ("is"|"not", [...])
Cond = tuple
Compound = tuple[str | None, list[Cond]]
Complex = list[Compound]  # left to right: the last is the element itself, the others ancestors

_NAME = r"[a-z][a-z0-9-]*"
_IDENT = r"-?[A-Za-z_][A-Za-z0-9_-]*"
_TAG = re.compile(rf"\*|{_NAME}")
_SIMPLE = re.compile(
    rf"\.(?P<cls>{_IDENT})"
    rf"|#(?P<id>{_IDENT})"
    rf"|\[ *(?P<attr>{_NAME}) *(?:(?P<op>[~|^$*]?=) *"
    rf"(?:\"(?P<dq>[^\"\\\n]+)\"|'(?P<sq>[^'\\\n]+)'|(?P<bare>{_IDENT})) *)?\]"
    r"|:is\(|:not\("
)


def _outside_quotes(text: str, start: int = 0, depth: int = 0) -> Iterator[tuple[int, str, int]]:
    """(index, character, depth) of each character of text[start:] outside quotes, the depth
    that of the brackets and parentheses around it (a closing one's is that after it)."""
    quote = ""
    for at in range(start, len(text)):
        char = text[at]
        if quote:
            quote = "" if char == quote else quote
            continue
        if char in "\"'":
            quote = char
            continue
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        yield at, char, depth
    if quote:
        yield len(text), "", -1  # a quote not closed: as unbalanced as a bracket


def _split_outside(text: str, separator: str) -> list[str] | None:
    """`text` split at the separator characters outside brackets, parentheses and quotes;
    None when those are not closed."""
    parts, start, depth = [], 0, 0
    for at, char, depth in _outside_quotes(text):
        if depth < 0:
            return None
        if char == separator and depth == 0:
            parts.append(text[start:at])
            start = at + 1
    if depth:
        return None
    parts.append(text[start:])
    return parts


def _compound(text: str) -> Compound | None:
    tag = None
    at = 0
    if match := _TAG.match(text):
        tag = None if match.group() == "*" else match.group()
        at = match.end()
    conds: list[Cond] = []
    while at < len(text):
        match = _SIMPLE.match(text, at)
        if match is None:
            return None  # a combinator, another pseudo-class, a case flag...
        if match.group() in (":is(", ":not("):
            close = _closing(text, match.end())
            if close is None:
                return None
            inner = parse_list(text[match.end() : close])
            if inner is None:
                return None
            conds.append((match.group()[1:-1], inner))
            at = close + 1
            continue
        if match.group("cls") is not None:
            conds.append(("class", None, "", match.group("cls")))
        elif match.group("id") is not None:
            conds.append(("id", None, "", match.group("id")))
        else:
            value = match.group("dq") or match.group("sq") or match.group("bare")
            conds.append(("attr", match.group("attr"), match.group("op") or "", value))
        at = match.end()
    if tag is None and not conds and not text.startswith("*"):
        return None
    return tag, conds


def _closing(text: str, start: int) -> int | None:
    """The index of the ')' that closes the '(' just before `start`, if one does."""
    for at, char, depth in _outside_quotes(text, start, 1):
        if depth == 0 and char == ")":
            return at
    return None


def _complex(text: str) -> Complex | None:
    """'nav a[href]' -> [('nav', []), ('a', [...])]: compounds split at the spaces outside
    brackets, parentheses and quotes."""
    parts = [part for part in _split_outside(text, " ") or [] if part]
    if any(part.startswith(":") for part in parts[:-1]):
        # Lexbor tests a compound that opens with ':is(' or ':not(' left of a space on the
        # parent alone, as if '>' (3.1.0): not the descendant combinator matched here
        return None
    compounds = [_compound(part) for part in parts]
    if not compounds or any(c is None for c in compounds):
        return None  # '>', '+', '~' are no compound: they land here
    return compounds  # type: ignore[return-value]


def parse_list(selector: str) -> list[Complex] | None:
    """'p, nav a[href*="/aut"]' -> [[('p', [])], [('nav', []), ('a', [('attr', 'href', '*=',
    '/aut')])]]; None when any part is more than the syntax above."""
    if not (selector.isascii() and selector.isprintable()):
        # CSS reads CR, FF and NUL otherwise than Python, and its whitespace is ASCII: a list
        # with any other character than printable ASCII and the space is Lexbor's to read
        return None
    parts = _split_outside(selector, ",")
    if parts is None or not all(part.strip() for part in parts):
        return None
    found = [_complex(part.strip()) for part in parts]
    return None if any(c is None for c in found) else found  # type: ignore[return-value]


Flat = tuple[list[tuple[str | None, int, int]], list[tuple[int, int]], list[Cond], int]


def flatten(selectors: list[Complex]) -> Flat:
    """Flat lists for C: compounds (tag, first condition, how many), selectors (first
    compound, how many: left to right, in a row) and conditions, the top-level selectors first.
    An ':is(...)' or ':not(...)' condition becomes (kind, its first selector, how many)."""
    compounds: list[tuple[str | None, int, int]] = []
    complexes: list[tuple[int, int]] = []
    conds: list[Cond] = []

    def add(items: list[Complex]) -> int:
        first = len(complexes)
        complexes.extend((0, 0) for _ in items)  # the list's selectors in a row, filled below
        for index, chain in enumerate(items):
            complexes[first + index] = (len(compounds), len(chain))
            for tag, own in chain:
                compounds.append((tag, len(conds), len(own)))
                conds.extend(own)
        return first

    add(selectors)
    at = 0
    while at < len(conds):  # the inner lists of the conditions listed so far, then theirs
        if conds[at][0] in ("is", "not"):
            inner = conds[at][1]
            conds[at] = (conds[at][0], add(inner), len(inner))
        at += 1
    return compounds, complexes, conds, len(selectors)
