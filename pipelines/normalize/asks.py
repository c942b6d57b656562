"""Asks are not article text: newsletter sign-ups, donation and membership asks, follow-us
lines. A short paragraph that makes one is left out of the body."""

from __future__ import annotations

import re

from pipelines.normalize.news_words import ASKS, alternation, words

_ASK = re.compile(rf"(?<!\w)(?:{alternation(words(ASKS))})(?!\w)", re.IGNORECASE)
_SHORT = 240  # characters: an ask is a line or two; a story paragraph that quotes one is longer


def is_ask(paragraph: str) -> bool:
    """'Follow us on Facebook for more news.' -> True; a paragraph of the story -> False."""
    return len(paragraph) <= _SHORT and _ASK.search(paragraph) is not None


def without_asks(paragraphs: list[str]) -> list[str]:
    """The paragraphs that are not asks."""
    return [p for p in paragraphs if not is_ask(p)]
