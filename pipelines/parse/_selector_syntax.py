"""The syntax `_fastcss` matches: lists of compound selectors, read into plain tuples.

A compound is a tag name or `*` followed by `.class`, `#id`, `[attr]`, `[attr OP "value"]`
(OP one of = ~= |= ^= $= *=) and `:is(...)` of compounds. Anything else, a combinator, another
pseudo-class, a case flag, a name with escapes, an empty value, gives None: Lexbor matches
that list itself.
"""

from __future__ import annotations

import re

Cond = tuple  # ("attr", name, op, value) | ("class", None, "", value) | ("id", ...) | ("is", [...])
Compound = tuple[str | None, list[Cond]]

_NAME = r"[a-z][a-z0-9-]*"
_IDENT = r"-?[A-Za-z_][A-Za-z0-9_-]*"
_TAG = re.compile(rf"\*|{_NAME}")
_SIMPLE = re.compile(
    rf"\.(?P<cls>{_IDENT})"
    rf"|#(?P<id>{_IDENT})"
    rf"|\[\s*(?P<attr>{_NAME})\s*(?:(?P<op>[~|^$*]?=)\s*"
    rf"(?:\"(?P<dq>[^\"\\\n]+)\"|'(?P<sq>[^'\\\n]+)'|(?P<bare>{_IDENT}))\s*)?\]"
    r"|:is\("
)


def _split_top(text: str) -> list[str] | None:
    """The selectors of a list: split at the commas outside brackets, parentheses and quotes."""
    parts, depth, quote, start = [], 0, "", 0
    for at, char in enumerate(text):
        if quote:
            quote = "" if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
            if depth < 0:
                return None
        elif char == "," and depth == 0:
            parts.append(text[start:at].strip())
            start = at + 1
    if quote or depth:
        return None
    parts.append(text[start:].strip())
    return parts if all(parts) else None


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
        if match.group() == ":is(":
            close = _closing(text, match.end())
            if close is None:
                return None
            inner = parse_list(text[match.end() : close])
            if inner is None:
                return None
            conds.append(("is", inner))
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
    depth, quote = 1, ""
    for at in range(start, len(text)):
        char = text[at]
        if quote:
            quote = "" if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return at
    return None


def parse_list(selector: str) -> list[Compound] | None:
    """'p, a[href*="/aut"], .x' -> [('p', []), ('a', [('attr', 'href', '*=', '/aut')]), ...];
    None when any part is more than a compound selector."""
    parts = _split_top(selector)
    if parts is None:
        return None
    compounds = [_compound(part) for part in parts]
    return None if any(c is None for c in compounds) else compounds  # type: ignore[return-value]


Flat = tuple[list[tuple[str | None, int, int]], list[Cond], int]


def flatten(compounds: list[Compound]) -> Flat:
    """The compounds in one list, the top-level ones first, and their conditions in another:
    a compound is (tag, its first condition's index, how many); an ':is(...)' condition
    becomes ("is", its first alternative's index, how many), the alternatives in a row."""
    flat: list[tuple[str | None, int, int]] = []
    conds: list[Cond] = []

    def add(items: list[Compound]) -> int:
        first = len(flat)
        for tag, own in items:
            flat.append((tag, len(conds), len(own)))
            conds.extend(own)
        return first

    add(compounds)
    at = 0
    while at < len(conds):  # the alternatives of the conditions listed so far, then theirs
        if conds[at][0] == "is":
            alternatives = conds[at][1]
            conds[at] = ("is", add(alternatives), len(alternatives))
        at += 1
    return flat, conds, len(compounds)
