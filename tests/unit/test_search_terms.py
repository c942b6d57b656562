"""Search terms: a query word meets its inflected forms in each language the warehouse holds."""

from __future__ import annotations

import pytest

from pipelines.search.terms import document_terms, query_terms, stems, tokenize


@pytest.mark.parametrize(
    ("language", "query", "document_word"),
    [
        ("uk", "Харків", "Харкові"),
        ("uk", "тролейбус", "тролейбуси"),
        ("uk", "тролейбус", "тролейбусів"),
        ("uk", "Київ", "Києві"),
        ("ru", "Харьков", "Харькове"),
        ("ru", "троллейбус", "троллейбусы"),
        ("ru", "Киев", "Киеве"),
        ("de", "Straßenbahn", "Straßenbahnen"),
        ("de", "Haus", "Häuser"),
        ("en", "ceasefire", "ceasefires"),
        ("en", "city", "cities"),
        ("hr", "grad", "gradovima"),
    ],
)
def test_query_word_meets_its_inflected_form(language: str, query: str, document_word: str) -> None:
    counts, _ = document_terms("", f"У {document_word} in {document_word}", language)
    [(lang, index, stem)] = query_terms(query, [language])
    assert (lang, index) == (language, 0)
    assert stem in counts


@pytest.mark.parametrize(
    ("language", "words", "expected"),
    [
        ("uk", "Харкові тролейбуси", ["харків", "тролейбус"]),
        ("ru", "Харькове троллейбусы", ["харьк", "троллейбус"]),
        ("de", "Straßenbahnen", ["strassenbahn"]),
        ("en", "ceasefires", ["ceasefir"]),
        (None, "Харкові ceasefires", ["харкові", "ceasefires"]),
        ("ja", "東京", ["東京"]),
    ],
)
def test_stems(language: str | None, words: str, expected: list[str]) -> None:
    assert stems(tokenize(words), language) == expected
