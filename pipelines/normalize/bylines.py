"""Byline strings -> author names with a kind (person, desk, organization)."""

from __future__ import annotations

import re

from pipelines.model import Author, AuthorKind
from pipelines.normalize.dates import find_date
from pipelines.normalize.news_words import (
    BYLINE_PREFIXES,
    COLON_ONLY_PREFIXES,
    alternation,
    words,
)

# Leading words that introduce a byline ('Posted by', 'Tekst:', '文：'): news_words' list.
_LOWER_ONLY = frozenset({"di", "da", "de", "af", "av", "door"})  # 'Di Maria' keeps its name
_SPACED = (w for w in words(BYLINE_PREFIXES) if w not in _LOWER_ONLY | COLON_ONLY_PREFIXES)
_PREFIX = re.compile(
    rf"^\s*(?:(?:{alternation(_SPACED)})(?:\s*[:：]\s*|\s+)|"
    rf"(?:{alternation(COLON_ONLY_PREFIXES)})\s*[:：]\s*)(?=\S)",
    re.IGNORECASE,
)
# Lower-case only, so that "Di Maria" or "De Luca" keep their names.
_LOWER_PREFIX = re.compile(r"^\s*(?:di|da|de|af|av|door)\s+")
# Separators between names: commas, semicolons, "and" in several languages, ampersands.
_SPLIT = re.compile(
    r"\s*(?:,|;|、|\s&\s|\s\+\s|\band\b|\bund\b|\by\b|\bet\b|\be\b|\bi\b|\bog\b|\boch\b|\ben\b|"
    r"\bта\b|\bі\b|\bи\b|\bve\b)\s*",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"\S+@\S+")
_ROLE = re.compile(
    r"\s*[,|–—-]?\s*\b(?:senior|chief|staff|special|foreign|political|news|deputy|managing|"
    r"contributing)?\s*(?:reporter|correspondent|editor|writer|journalist|columnist|"
    r"contributor|photographer|redakteur(?:in)?|korrespondent(?:in)?|journalistin?)\b.*$",
    re.IGNORECASE,
)
_ROLE_AFTER_SEPARATOR = re.compile(r"\s*[,|–—-]")
_MORE = re.compile(r"\s*(?:and|\+)\s*\d+\s+others?\b.*$", re.IGNORECASE)
_DESK = re.compile(
    r"\b(?:news\s*desk|desk|staff|newsroom|editorial|editors|team|redaktion|redacción|"
    r"rédaction|redazione|redakcja|редакція|редакция)\b",
    re.IGNORECASE,
)
_DESK_SHORT = {"red", "redaktion"}  # 'red' signs for the newsroom in German-language papers
_AGENCIES = {
    "ap",
    "associated press",
    "the associated press",
    "afp",
    "agence france-presse",
    "reuters",
    "dpa",
    "epa",
    "efe",
    "ansa",
    "kyodo",
    "xinhua",
    "tass",
    "interfax",
    "ukrinform",
    "upi",
    "bloomberg",
    "sid",
    "kna",
    "epd",
    "apa",
}
_ORG_WORDS = re.compile(
    r"\b(?:news|press|agency|media|times|post|online|tv|radio|\.com|\.de|\.ua|\.at)\b",
    re.IGNORECASE,
)


_DOMAIN = re.compile(r"^[\w-]+(?:\.[\w-]+)*\.[a-z]{2,6}$", re.IGNORECASE)  # "Lrt.lt"


def classify_author(name: str) -> AuthorKind:
    """'The Kyiv Independent news desk' -> desk; 'Reuters' -> organization; 'Anna Fox' -> person."""
    if _DESK.search(name) or name.lower().strip(". ") in _DESK_SHORT:
        return "desk"
    if name.lower().strip(". ") in _AGENCIES or _ORG_WORDS.search(name) or _DOMAIN.match(name):
        return "organization"
    return "person"


_INITIALS = re.compile(r"\s*\((?:[^\W\d_]{2,5})\.?\)\s*$")  # "Elena Oberholzer (obe)", "(cog.)"
_LONGEST_NAME = 6  # words: more is a role or an affiliation ("profesorius of ... faculty")


_WEEKDAY = re.compile(
    r"[\s,|·•–-]*\b(?:mon|tues|wednes|thurs|fri|satur|sun)day[\s,]*$|"
    r"[\s,|·•–-]*\b(?:montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag)[\s,]*$",
    re.IGNORECASE,
)


_DIGIT = re.compile(r"\d")
_DATE_LEFTOVER = re.compile(r"\d[\s:]|[\s:]\d")
_STAMP_LABEL = re.compile(r"[\s,|·•–-]*\b(?:published|updated|posted)\b.*$", re.IGNORECASE)


def _before_date(byline: str) -> str:
    """'By A and B Monday, November 18, 2019, 04:05 pm PT' -> 'By A and B': a byline line
    that goes on with its date ends before it (and one that starts with it, after it)."""
    if (label := _STAMP_LABEL.search(byline)) is not None and label.start() > 0:
        byline = byline[: label.start()]  # 'Tom Davies Associated Press Published 11:34 PM EST'
    if _DIGIT.search(byline) is None:  # no date: most bylines
        return byline.strip()
    span = find_date(byline)
    if span is None:
        return byline.strip()
    if span[0] == 0:  # 'December 23, 2023 by Anna Fox'
        return byline[span[1] :].strip(" ,|·•–-")
    return _WEEKDAY.sub("", byline[: span[0]]).strip()


def _desk_name(piece: str) -> str | None:
    """'Guardian staff reporter', 'Staff writer' -> kept whole: a desk's byline, where the role
    words name the desk. After a separator they are a person's role ('Jo Doe, staff writer')."""
    if not _DESK.search(piece):
        return None
    role = _ROLE.search(piece)
    if role is not None and _ROLE_AFTER_SEPARATOR.match(role.group(0)):
        return None
    return _clean_name(piece, roles=False)


def _clean_name(part: str, roles: bool = True) -> str:
    part = _INITIALS.sub("", _EMAIL.sub("", part))
    if roles:
        part = _ROLE.sub("", part)
    part = re.sub(r"^[\s\-–—:|/]+|[\s\-–—:|/.,]+$", "", part)
    return re.sub(r"\s+", " ", part).strip()


def normalize_authors(byline: str | list[str] | None) -> tuple[Author, ...]:
    """'By Anna Fox and John Doe, Senior Reporter' -> (Anna Fox, person), (John Doe, person).

    A list is taken as names already separated (JSON-LD); each is still cleaned.
    """
    if not byline:
        return ()
    pieces: list[str] = []
    for raw in [byline] if isinstance(byline, str) else byline:
        text = _MORE.sub("", _LOWER_PREFIX.sub("", _PREFIX.sub("", _before_date(raw))))
        if _DESK.search(text) and " and " not in text.lower():
            pieces.append(text)  # "The Kyiv Independent news desk" is one name
        else:
            pieces.extend(_SPLIT.split(text))
    seen: set[str] = set()
    out: list[Author] = []
    for piece in pieces:
        piece = _LOWER_PREFIX.sub("", _PREFIX.sub("", piece))
        desk = _desk_name(piece)
        name = desk or _clean_name(piece)
        if len(name) < 2 or len(name) > 80 or name.lower() in seen:
            continue
        if not any(ch.isalpha() for ch in name) or _DATE_LEFTOVER.search(name):
            continue  # '04:05 pm PT', 'Nov 19': what was left of a date (a handle may have digits)
        seen.add(name.lower())
        out.append(Author(name=name, kind="desk" if desk else classify_author(name)))
    if any(a.kind == "person" and len(a.name.split()) <= _LONGEST_NAME for a in out):
        # beside a writer's name, the outlet's domain and an affiliation are not authors
        out = [a for a in out if not _DOMAIN.match(a.name) and len(a.name.split()) <= _LONGEST_NAME]
    return tuple(out)
