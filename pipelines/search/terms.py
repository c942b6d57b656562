"""Text -> BM25 terms: Unicode word tokens, lower-cased, stemmed in the document's language.

Pure: the indexer and the query use the same functions, so a query term meets its documents.
Digits are kept ("2024" is searchable).

Which language gets what (README, "Search"): a Snowball stemmer where Snowball has the
language; a dictionary lemma (simplemma) for languages Snowball lacks, Ukrainian among them
('Харкові' -> 'харків'); Russian gets the lemma, then its Snowball stem, because the stemmer
alone cuts a city and its locative differently ('Харьков' -> 'харьк', 'Харькове' -> 'харьков').
Any other language is matched as written.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import cache

import simplemma
import snowballstemmer
from simplemma.strategies.dictionaries.dictionary_factory import SUPPORTED_LANGUAGES

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
# Languages whose tokens are lemmatized (simplemma) before any Snowball stem: those Snowball
# lacks, and Russian, where lemma-then-stem joins the forms the stemmer alone splits.
_LEMMATIZED = (SUPPORTED_LANGUAGES - _STEMMERS.keys()) | {"ru"}
_LEMMA_NAMES = {"hr": "hbs", "bs": "hbs"}  # ISO 639-1 -> simplemma's code (Serbo-Croatian)
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


_STEM_CACHE: dict[tuple[str | None, str], str] = {}
_STEM_CACHE_MAX = 500_000


def _stem(token: str, language: str | None) -> str:
    """One token -> its stem; the Snowball stemmers are pure Python, so stems are cached."""
    key = (language, token)
    stem = _STEM_CACHE.get(key)
    if stem is None:
        stem = token
        lemma_language = _LEMMA_NAMES.get(language or "", language)
        if lemma_language in _LEMMATIZED:
            stem = simplemma.lemmatize(token, lang=lemma_language).casefold()
        stemmer = _stemmer(language)
        if stemmer:
            stem = stemmer.stemWord(stem)
        if len(_STEM_CACHE) < _STEM_CACHE_MAX:
            _STEM_CACHE[key] = stem
    return stem


def stems(tokens: list[str], language: str | None) -> list[str]:
    """Tokens -> stems in `language` ('en': 'ceasefires' -> 'ceasefir'; 'uk': 'харкові' ->
    'харків'); unknown language: as is."""
    return [_stem(t, language) for t in tokens]


def document_terms(title: str, body: str, language: str | None) -> tuple[Counter[str], int]:
    """An article -> (term frequencies, document length), title words weighted double."""
    counts: Counter[str] = Counter()
    body_tokens = Counter(tokenize(body))
    title_tokens = tokenize(title)
    for token, n in body_tokens.items():
        counts[_stem(token, language)] += n
    for token in title_tokens:
        counts[_stem(token, language)] += TITLE_WEIGHT
    return counts, sum(body_tokens.values()) + TITLE_WEIGHT * len(title_tokens)


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
