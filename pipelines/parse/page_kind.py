"""Why a page with little article text is no article: not found, paywall, consent wall, listing."""

from __future__ import annotations

import math
import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from pipelines.normalize.case_blind import CaseBlind
from pipelines.normalize.text import has_unspaced
from pipelines.normalize.vocabulary import pattern, select
from pipelines.parse.dom import node_text, page_link_text_len, remove_drops
from pipelines.parse.select import css, css_first

# Word-bounded, but a notice written without spaces (Japanese, Chinese) stands inside a line
# ('お探しのページは見つかりませんでした'): no boundary around it.
_UNSPACED_NOTICES = [p for p in select("not_found_notices") if has_unspaced(p)]
_SPACED_NOTICES = [p for p in select("not_found_notices") if p not in _UNSPACED_NOTICES]
_SPACED_NOT_FOUND = re.compile(rf"\b(?:{'|'.join(_SPACED_NOTICES)})\b", re.IGNORECASE)
# A notice written without spaces counts as the heading itself, not quoted inside a story's
# headline ('「ページが見つかりません」表示続く'): where it opens the title or the h1, past a
# status code; so does any notice, on a page a little longer.
_NOT_FOUND_HEADING = re.compile(
    rf"\s*(?:\d{{3}}\W*)?(?:{'|'.join(_SPACED_NOTICES + _UNSPACED_NOTICES)})", re.IGNORECASE
)
_NOT_FOUND_WORDS = 120  # a not-found page's text beside its notice: its apology and links
# or 400 characters where each Han or kana character counts as a word (a Japanese page's
# apology is 200 of them)
_NOT_FOUND_CHARS = 400
TEASER_WORDS = 150  # the free part of a paywalled story: a standfirst and a paragraph or two


def is_not_found(title: str | None, h1: str | None, words: int, chars: int) -> bool:
    """A page whose title or headline says it was not found, with little text beside it."""
    heading = any(_NOT_FOUND_HEADING.match(h or "") for h in (title, h1))
    if heading and (words < _NOT_FOUND_WORDS or chars < _NOT_FOUND_CHARS):
        return True
    spaced = _SPACED_NOT_FOUND.search(f"{title or ''} {h1 or ''}")
    return spaced is not None and words < _NOT_FOUND_WORDS


# Case-blind, run without the flag on a text's lower case where that reads the same: a
# whole page's text costs a flagged regex a try of every notice at every character.
_CONSENT = CaseBlind(pattern("consent_notices"))
PAYWALL = CaseBlind(pattern("paywall_notices"))
# Reader mode's own test (Mozilla Readability's isProbablyReaderable, behind Firefox's reader
# view): each text block of at least 140 characters scores the square root of the characters
# beyond 140, and a page scoring over 20 holds a story worth reading.
_READER_BLOCK_CHARS = 140
_READER_SCORE = 20.0


def short_page_kind(html: str | bytes, *, teaser: bool = False) -> str | None:
    """For a page with little article text: why (a consent wall, a paywall stub, a listing).
    For a short story its metadata declares paywalled (`teaser`): a paywall stub only where
    the wall stands in the story's <article> (or <main>), not a masthead's 'Log in'.

    Rare, so the page is parsed again rather than keeping the chrome the body pass removed.
    """
    tree = LexborHTMLParser(html)
    remove_drops(tree)
    body = tree.body
    if body is None:
        return None
    if teaser:
        story = css_first(tree, "article") or css_first(tree, "main") or body
        return "paywall" if _walled(story, node_text(story)) else None
    text = node_text(body)
    links = css(body, "a[href]")
    if _walled(body, text):
        return "paywall"
    if _CONSENT.count(text) >= 2:
        return "consent_wall"
    if len(links) >= 15 and page_link_text_len(body) > 0.5 * max(len(text), 1):
        return "listing"
    return None


def _walled(node: LexborNode, text: str) -> bool:
    """The element (whose text is `text`) shows a paywall: its notice or a paywall box."""
    return bool(PAYWALL.search(text)) or (
        css_first(node, '[class*="paywall"], [id*="paywall"]') is not None
    )


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


def consent_notices(text: str) -> int:
    """How many consent-dialog phrases the text holds ('cookies', 'consent', 'Accept all')."""
    return _CONSENT.count(text)


def shows_wall_notice(text: str) -> bool:
    """The text asks for consent to cookies or says the story is for subscribers."""
    return _CONSENT.search(text) or PAYWALL.search(text)
