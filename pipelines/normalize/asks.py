"""Asks are not article text: newsletter sign-ups, donation, membership and subscription
asks, follow-us lines, tip-line asks ('Got a story? Write to us'), and contact lines
('Contact A at a@b.com or 315-555-0192.'). A short paragraph that makes one is left out of
the body, and so is a line that only marks an ad slot ('Story continues below
advertisement')."""

from __future__ import annotations

import re
from itertools import filterfalse

from pipelines.normalize.case_blind import CaseBlind
from pipelines.normalize.text import CJK, has_unspaced
from pipelines.normalize.vocabulary import pattern, select

_HANGUL = re.compile(r"[\uac00-\ud7af]")
_PHRASES = select("asks", "tip_lines")
_SPACED = [p for p in _PHRASES if not CJK.search(p)]
_KOREAN = [p for p in _PHRASES if _HANGUL.search(p)]
_UNSPACED = [p for p in _PHRASES if has_unspaced(p)]
# Word-bounded, but a Korean word takes its particle without a space ('뉴스레터를 구독하고'):
# a Korean phrase needs a boundary before it only; a Japanese or Chinese one, written
# without spaces, none ('…公式LINEアカウントを友だち登録すると').
_ASK = CaseBlind(
    rf"(?<!\w)(?:(?:{'|'.join(_SPACED)})(?!\w)|{'|'.join(_KOREAN)})|{'|'.join(_UNSPACED)}"
)
# The whole paragraph, but for the dashes, brackets or stars around it ('— Advertisement —').
_AD_MARKER = re.compile(rf"[\W_]*(?:{pattern('ad_markers')})[\W_]*", re.IGNORECASE)
_AD_MARKER_MAX = 80  # characters: the longest marker is a short sentence
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def _key_word(phrase: str) -> str | None:
    """The phrase's longest plain word (not a regex part): a paragraph without it holds no
    such ask. 'sign up to our' -> 'sign'; 'your inbox' -> 'inbox'."""
    plain = [w.casefold() for w in phrase.split() if _WORD.fullmatch(w)]
    return max(plain, key=len) if plain else None


_KEYS = [_key_word(p) for p in _SPACED]
_KEY_WORDS = frozenset(k for k in _KEYS if k)
_UNKEYED = None in _KEYS  # a phrase of regex parts only: the pattern runs on every paragraph
_SHORT = 240  # characters: an ask is a line or two; a story paragraph that quotes one is longer


def _holds_key_word(paragraph: str) -> bool:
    """Whether an ask's key word is a word (_WORD) of the casefolded paragraph.

    Split at whitespace, a token of letters only is a word as it stands, and so is a token
    that is a key word: the pattern reads only the other tokens ('us:', '“subscribe'), a
    fifth of a paragraph's, where a scan of the whole paragraph costs several times more.
    'Follow us: @x' -> True; 'A follower, unfollowed' -> False."""
    tokens = paragraph.casefold().split()
    if not _KEY_WORDS.isdisjoint(tokens):
        return True
    return not _KEY_WORDS.isdisjoint(_WORD.findall(" ".join(filterfalse(str.isalpha, tokens))))


def is_ask(paragraph: str) -> bool:
    """'Follow us on Facebook for more news.', 'Story continues below' -> True; a paragraph
    of the story -> False."""
    if len(paragraph) > _SHORT:
        return False
    if len(paragraph) <= _AD_MARKER_MAX and _AD_MARKER.fullmatch(paragraph) is not None:
        return True
    if "@" in paragraph and _EMAIL.search(paragraph) is not None:
        return True
    if (
        not _UNKEYED
        and (paragraph.isascii() or CJK.search(paragraph) is None)
        and not _holds_key_word(paragraph)
    ):
        return False  # no ask's key word in it: the pattern need not run
    return _ASK.search(paragraph)


def without_asks(paragraphs: list[str]) -> list[str]:
    """The paragraphs that are not asks."""
    return [p for p in paragraphs if not is_ask(p)]
