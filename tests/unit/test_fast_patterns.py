"""Patterns made cheaper match exactly what the plain ones matched."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipelines.normalize import dates, text_dates
from pipelines.normalize.case_blind import CaseBlind
from pipelines.normalize.text import clean_line
from pipelines.normalize.vocabulary import MONTH_NUMBERS, MONTH_PATTERN, alternation


def test_alternation_shares_prefixes() -> None:
    assert alternation(["CEST", "CET", "CST", "CT"]) == "C(?:E(?:ST|T)|ST|T)"
    assert alternation(["sep", "sept", "september"]) == "sep(?:t(?:ember)?)?"
    assert alternation(["a.m"]) == r"a\.m"


def test_month_pattern_matches_what_the_plain_alternation_matched() -> None:
    plain = "|".join(sorted(MONTH_NUMBERS, key=len, reverse=True))
    old = re.compile(rf"\b(?:{plain})\.?\s*\d", re.IGNORECASE)
    new = re.compile(rf"\b(?:{MONTH_PATTERN})\.?\s*\d", re.IGNORECASE)
    for word in MONTH_NUMBERS:
        for form in (word, word.upper(), word.title(), word[:-1], word + "x"):
            for text in (f"on {form} 5, 2020", f"{form}. 5", f"{form}5"):
                a, b = old.search(text), new.search(text)
                assert (a and a.span()) == (b and b.span()), text


def _six_searches(text: str) -> tuple[int, int] | None:
    """find_date as it was: each form searched, the earliest kept (the first form on a tie)."""
    found = [m for p in dates._FAST_FORMS if (m := p.search(text))]
    if not found:
        return None
    first = min(found, key=lambda m: m.start())
    return first.start(), first.end()


@pytest.mark.parametrize(
    "text",
    [
        "by Desk December 23, 2023 5:40 PM 2 min read",
        "Von Eva | 22.11.2020 | 3 min",
        "updated 2023-12-23T17:40:00Z and 23 December 2023",
        "2020/07/13 01:10 Seoul",
        "2025年1月14日 10:30",
        "Do 25.04.24, 17:40 Uhr",
        "8. 9. 10 a version",
        "no date here, 12 items",
        "2023.1.2 is a version; 2020.08.19. is a day",
        "Posted 23 de diciembre de 2023 at 5:40 pm",
        "T 2023-01-02t10:00",
    ],
)
def test_find_date_is_the_earliest_of_the_six_forms(text: str) -> None:
    assert dates.find_date(text) == _six_searches(text)


def _clean_line_in_full(text: str) -> str:
    """clean_line without its shortcut for text already clean."""
    text = unicodedata.normalize("NFC", text)
    text = re.sub(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]", "", text)
    return " ".join(text.split())


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "ok text",
        " x",
        "x ",
        "a  b",
        "a\u2028b",
        "a\x1cb",
        "x\u3000y",
        "a\u200bb",
        "e\u0301",
        "\u00a0x",
        "a\x85b",
        "caf\u00e9 au lait",
        "Fähre\tfährt",
        "\n    Indented line\n  ",
        "\u00a0caf\u00e9\u3000",
        " \u0301x ",
        "x\u200b ",
        " a  b ",
    ],
)
def test_clean_line_shortcut_keeps_what_it_gives(text: str) -> None:
    assert clean_line(text) == _clean_line_in_full(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=40))
def test_clean_line_shortcut_on_any_text(text: str) -> None:
    assert clean_line(text) == _clean_line_in_full(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0129.x -", max_size=30))
def test_yearish_finds_what_the_lookbehind_first_pattern_found(text: str) -> None:
    plain = re.compile(r"(?<!\d)(?:(?:19|20)\d{2}|\d{1,2}\.\d{1,2}\.\d{2})(?!\d)")
    assert [m.span() for m in text_dates._YEARISH.finditer(text)] == [
        m.span() for m in plain.finditer(text)
    ]


# Letters the case flag reads in odd ways: 'ı' and 'ſ' as 'i' and 's', 'σ' and 'ς' as one
# another (and 'Σ' lowers to either by its place), 'ß', 'K' (the Kelvin sign).
_TRICKY = CaseBlind(r"(?<!\w)(?:sign in|straße|σας|oκ|get (?:[\w'’-]+ ){0,2}app)(?!\w)|ok")


@pytest.mark.parametrize(
    "text",
    ["SIGN IN", "ſign in", "SİGN IN", "sıgn in", "STRASSE", "STRAẞE", "ΣΑΣ", "σας", "ΣΑς",
     "ΟΚ", "oϰ", "xOK", "oK", "ok", "GET THE APP", "get Ünser app", "get_in app", "",
     "Sign  in", "ΣΑΣ x"],
)  # fmt: skip
def test_case_blind_search_is_the_flagged_search(text: str) -> None:
    assert _TRICKY.search(text) == (_TRICKY.flagged.search(text) is not None)


def test_case_blind_search_beside_every_character() -> None:
    for code in range(0x10000):
        if 0xD800 <= code < 0xE000:
            continue
        char = chr(code)
        for text in (f"{char}ign in", f"sig{char} in", f"x{char}sign in", f"σα{char}", f"o{char}"):
            assert _TRICKY.search(text) == (_TRICKY.flagged.search(text) is not None), text


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="signSIGNıİſ σαςΣΑ okOKϰK_-'x", max_size=20))
def test_case_blind_search_on_any_text(text: str) -> None:
    assert _TRICKY.search(text) == (_TRICKY.flagged.search(text) is not None)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="signSIGNıİſ σαςΣΑ okOKϰK_-'x", max_size=30))
def test_case_blind_count_is_the_flagged_findall(text: str) -> None:
    assert _TRICKY.count(text) == len(_TRICKY.flagged.findall(text))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="signSIGNıİſ σαςΣΑ okOKϰK_-'x", max_size=30))
def test_case_blind_span_is_the_flagged_span(text: str) -> None:
    m = _TRICKY.flagged.search(text)
    assert _TRICKY.span(text) == (m.span() if m else None)
