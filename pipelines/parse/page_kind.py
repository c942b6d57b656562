"""Why a page with little article text is no article: not found, paywall, consent wall, listing."""

from __future__ import annotations

import math
import re
from functools import lru_cache

from selectolax.lexbor import LexborHTMLParser

from pipelines.normalize.vocabulary import pattern, select
from pipelines.parse.dom import DROP, link_text_len, node_text

NOT_FOUND = re.compile(rf"\b(?:{pattern('not_found_notices')})\b", re.IGNORECASE)
_CONSENT = re.compile(pattern("consent_notices"), re.IGNORECASE)
# The same notices for a text in lower case. The flag costs a regex a try of every notice
# at every character of a page's text; without it the regex skips to the characters that
# open a notice, seven times faster. (Kept only while the notices are plain lower-case
# phrases: a class like [A-Z] or \S reads otherwise without the flag.)
_CONSENT_LOWER = (
    re.compile(_CONSENT.pattern)
    if _CONSENT.pattern == _CONSENT.pattern.lower() and not {"\\", "["} & set(_CONSENT.pattern)
    else None
)
PAYWALL = re.compile(pattern("paywall_notices"), re.IGNORECASE)
# Words every match of PAYWALL holds, looked for before the regex runs.
PAYWALL_HINTS = select("paywall_hints")
# The letters of the notices above, to tell a text the flag reads as its lower case.
_LETTERS = "".join(sorted({c for c in _CONSENT.pattern + PAYWALL.pattern if c.isalpha()}))
_A_LETTER = re.compile(f"[{_LETTERS}]")
_A_LETTER_ANY_CASE = re.compile(f"[{_LETTERS}]", re.IGNORECASE)
# Reader mode's own test (Mozilla Readability's isProbablyReaderable, behind Firefox's reader
# view): each text block of at least 140 characters scores the square root of the characters
# beyond 140, and a page scoring over 20 holds a story worth reading.
_READER_BLOCK_CHARS = 140
_READER_SCORE = 20.0


def short_page_kind(html: str | bytes) -> str | None:
    """For a page with little article text: why (a consent wall, a paywall stub, a listing).

    Rare, so the page is parsed again rather than keeping the chrome the body pass removed.
    """
    tree = LexborHTMLParser(html)
    for node in reversed(tree.css(DROP)):
        node.decompose()
    body = tree.body
    if body is None:
        return None
    text = node_text(body)
    links = body.css("a[href]")
    if says_paywall(text) or body.css_first('[class*="paywall"], [id*="paywall"]') is not None:
        return "paywall"
    if _consent_notices(text) >= 2:
        return "consent_wall"
    if len(links) >= 15 and link_text_len(body) > 0.5 * max(len(text), 1):
        return "listing"
    return None


def _consent_notices(text: str) -> int:
    """How many consent notices the text shows, as _CONSENT.findall counts them: in its
    lower case when the flag reads each of its characters as lower() does."""
    if _CONSENT_LOWER is not None and _reads_as_lower(text):
        return len(_CONSENT_LOWER.findall(text.lower()))
    return len(_CONSENT.findall(text))


def _reads_as_lower(text: str) -> bool:
    """The case-blind regexes read the text as they would its lower case."""
    return all(_folds_as_lower(ch) for ch in set(text))


@lru_cache(maxsize=8192)
def _folds_as_lower(char: str) -> bool:
    """The case-blind regex matches `char` to a notice's letter exactly when its lower
    case is that letter: 'Ü' -> True; 'İ' (it lowers to two characters), 'ı' and 'ſ' (the
    flag reads them as 'i' and 's') -> False."""
    low = char.lower()
    if len(low) != 1:
        return False
    return (_A_LETTER_ANY_CASE.fullmatch(char) is None) == (_A_LETTER.fullmatch(low) is None)


def reads_as_story(paragraphs: list[str]) -> bool:
    """Paragraphs a reader mode would offer: a few long blocks of prose (three paragraphs of a
    few sentences each), not a handful of one-line items."""
    score = 0.0
    for text in paragraphs:
        if len(text) >= _READER_BLOCK_CHARS:
            score += math.sqrt(len(text) - _READER_BLOCK_CHARS)
            if score > _READER_SCORE:
                return True
    return False


_PROSE_LINE_CHARS = 100  # a line of prose under a headline: a sentence or more
_PROSE_LINES = 3
_PROSE_CHARS = 400
_SENTENCE_END = re.compile(r"\w[)\"'”’»]?[.!?…。！？]")


def reads_as_headed_story(lines: list[str]) -> bool:
    """Lines under a page's headline that tell a story: reader mode's test, or three lines
    of prose of a sentence or more (400 characters in all), where a story in short paragraphs
    (one sentence each, in spans, cells or slides) falls below reader mode's bar."""
    if reads_as_story(lines):
        return True
    prose = [ln for ln in lines if len(ln) >= _PROSE_LINE_CHARS and _SENTENCE_END.search(ln)]
    return len(prose) >= _PROSE_LINES and sum(map(len, prose)) >= _PROSE_CHARS


def story_beside_wall(kind: str | None, paragraphs: list[str]) -> bool:
    """A consent banner or a paywall box beside a whole story, not in place of it: the body
    found reads as a story and shows none of the wall's notices (a page whose headline is not
    marked up would otherwise be lost to the banner every page of some sites carries)."""
    if kind not in ("consent_wall", "paywall") or not reads_as_story(paragraphs):
        return False
    return not shows_wall_notice("\n".join(paragraphs))


def shows_wall_notice(text: str) -> bool:
    """The text asks for consent to cookies or says the story is for subscribers."""
    return _CONSENT.search(text) is not None or says_paywall(text)


def says_paywall(text: str) -> bool:
    """The text holds a paywall's notice ('Subscribe to continue reading'). Its hint words
    are looked for first, in its lower case: a whole page's text costs the regex a try at
    every character."""
    if _reads_as_lower(text):
        low = text.lower()
        if not any(hint in low for hint in PAYWALL_HINTS):
            return False
    return PAYWALL.search(text) is not None
