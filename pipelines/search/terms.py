"""Text -> BM25 terms: Unicode word tokens, lower-cased, stemmed in the document's language.

Pure: the indexer and the query use the same functions, so a query term meets its documents.
Digits are kept ("2024" is searchable).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import cache

import snowballstemmer

_TOKEN = re.compile(r"\w+", re.UNICODE)
_STEMMERS = {
    "ar": "arabic",
    "ca": "catalan",
    "cs": "czech",
    "da": "danish",
    "de": "german",
    "el": "greek",
    "en": "english",
    "es": "spanish",
    "et": "estonian",
    "eu": "basque",
    "fi": "finnish",
    "fr": "french",
    "ga": "irish",
    "hi": "hindi",
    "hu": "hungarian",
    "hy": "armenian",
    "id": "indonesian",
    "it": "italian",
    "lt": "lithuanian",
    "nb": "norwegian",
    "ne": "nepali",
    "nl": "dutch",
    "no": "norwegian",
    "pl": "polish",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "sr": "serbian",
    "sv": "swedish",
    "ta": "tamil",
    "tr": "turkish",
}
TITLE_WEIGHT = 2  # a title word counts as much as two body words
MAX_TOKEN = 40


@cache
def _stemmer(language: str | None) -> snowballstemmer.Stemmer | None:
    name = _STEMMERS.get(language or "")
    return snowballstemmer.stemmer(name) if name else None


def tokenize(text: str) -> list[str]:
    """'Putin’s ceasefire, 2024!' -> ['putin', 's', 'ceasefire', '2024']."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return [t for t in _TOKEN.findall(folded) if len(t) <= MAX_TOKEN and t != "_"]


def stems(tokens: list[str], language: str | None) -> list[str]:
    """Tokens -> stems in `language` ('en': 'ceasefires' -> 'ceasefir'); unknown language: as is."""
    stemmer = _stemmer(language)
    return stemmer.stemWords(tokens) if stemmer else tokens


def document_terms(title: str, body: str, language: str | None) -> tuple[Counter[str], int]:
    """An article -> (term frequencies, document length), title words weighted double."""
    title_terms = stems(tokenize(title), language)
    body_terms = stems(tokenize(body), language)
    counts = Counter(body_terms)
    for term in title_terms:
        counts[term] += TITLE_WEIGHT
    return counts, len(body_terms) + TITLE_WEIGHT * len(title_terms)


def query_terms(query: str, languages: list[str | None]) -> list[tuple[str | None, int, str]]:
    """A query -> (language, query-term index, stem) rows, one per language in the index."""
    tokens = list(dict.fromkeys(tokenize(query)))
    rows: list[tuple[str | None, int, str]] = []
    for language in languages:
        for index, stem in enumerate(stems(tokens, language)):
            rows.append((language, index, stem))
    return rows


def snippet(body: str, query: str, width: int = 160) -> str:
    """The part of `body` around the first query word, about `width` characters, one line."""
    flat = " ".join(body.split())
    lowered = flat.casefold()
    positions = [lowered.find(t) for t in tokenize(query)]
    hits = [p for p in positions if p >= 0]
    start = max(min(hits) - width // 3, 0) if hits else 0
    if start:
        space = flat.find(" ", start)
        start = space + 1 if 0 <= space < start + 20 else start
    text = flat[start : start + width]
    return ("…" if start else "") + text + ("…" if start + width < len(flat) else "")
