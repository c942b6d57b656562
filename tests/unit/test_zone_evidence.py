"""Outlet zone from page evidence: labels, offsets, country domain, dateline, language."""

from datetime import datetime

import pytest

from pipelines.normalize import zone_evidence
from pipelines.normalize.outlets import OUTLETS
from pipelines.normalize.zone_evidence import (
    dateline_zone,
    foreign_dateline_zone,
    guess_zone,
    zones_from_labels,
)

COUNTRIES = {
    "ua": "Europe/Kyiv",
    "pl": "Europe/Warsaw",
    "de": "Europe/Berlin",
    "br": "America/Sao_Paulo",
    "au": "Australia/Sydney",
    "tr": "Europe/Istanbul",
    "uk": "Europe/London",
}


def at(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (["Latest news · All times PT"], ["America/Los_Angeles"]),
        (["Latest (ET)"], ["America/New_York"]),
        (["Son Dakika (TSİ)"], ["Europe/Istanbul"]),
        (["News feed (Kyiv time)"], ["Europe/Kyiv"]),
        (["Стрічка новин, час київський"], ["Europe/Kyiv"]),
        (["Posted 6:15 PM EST"], ["America/New_York"]),
        (["All times Eastern"], ["America/New_York"]),
        (["the plaza’s eastern edge", "PT Barnum visited", "C'est la vie"], []),
        # a short label counts only as a whole token; then its every place is looked at
        (["FACET 6:15 PM", "6:15 PMEST"], []),
        (["Updated 6:15 PM EST|6:20 PM CET"], ["America/New_York", "Europe/Paris"]),
        (["EST", "5 pm EST"], ["America/New_York"]),
        (
            ["5 pm EST", "World", "5 pm EST", "6:20 PM CET", "World"],
            ["America/New_York", "Europe/Paris"],
        ),
        # a long label anywhere, once the first word of a long label stands as a word
        (["Opening at 9 (MOSCOW TIME)"], ["Europe/Moscow"]),
        (["moscow timetable", "Timesheet"], []),
        # a state on its own clock is named before the shared label beside it
        (["All times Arizona (MST)"], ["America/Phoenix", "America/Denver"]),
        (["Updated 8:00 a.m. Arizona time"], ["America/Phoenix"]),
        (["the three times Arizona has done it before"], []),
        (["All times are Hawaii time", "5 pm AKDT"], ["Pacific/Honolulu", "America/Anchorage"]),
    ],
)
def test_zones_from_labels(texts: list[str], expected: list[str]) -> None:
    assert zones_from_labels(texts) == expected


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"profile_zone": "Europe/Kyiv", "host": "example.de"}, ("Europe/Kyiv", "profile")),
        ({"label_texts": ["All times PT"], "host": "ledger.com"}, ("America/Los_Angeles", "label")),
        # a shared label yields to the country's zone with the same offset
        ({"label_texts": ["Godz. (CET)"], "host": "obserwator.pl"}, ("Europe/Warsaw", "label")),
        (
            {
                "page_times": [at("2024-02-02T05:00:00-08:00")],
                "host": "record.com",
                "language": "en",
            },
            ("America/Los_Angeles", "page_offset"),
        ),
        (
            {
                "page_times": [at("2024-02-14T09:00:00-05:00")],
                "host": "dispatch.com",
                "language": "en-US",
            },
            ("America/New_York", "page_offset"),
        ),
        # UTC offsets say nothing: the country domain decides
        (
            {"page_times": [at("2024-03-31T06:50:00Z")], "host": "obserwator.pl"},
            ("Europe/Warsaw", "cctld"),
        ),
        ({"host": "tide.com.au"}, ("Australia/Sydney", "cctld")),
        ({"host": "wire.com.ua", "language": "en"}, ("Europe/Kyiv", "cctld")),
        (
            {"host": "sentinel.com", "dateline": "UTICA, N.Y. — The council voted"},
            ("America/New_York", "dateline"),
        ),
        ({"host": "cerrado.com", "language": "pt-BR"}, ("America/Sao_Paulo", "language")),
        (
            {"host": "post.com", "language": "en", "fetched_at": at("2024-05-02T00:20:00-04:00")},
            ("America/New_York", "fetch_offset"),
        ),
        ({"host": "minato.com", "language": "ja"}, ("Asia/Tokyo", "language")),
        ({"host": "example.com", "language": "en"}, (None, "none")),
    ],
)
def test_guess_zone(kwargs: dict, expected: tuple[str | None, str]) -> None:  # type: ignore[type-arg]
    guess = guess_zone(country_zones=COUNTRIES, **kwargs)
    assert (guess.zone, guess.source) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("PORTLAND, Ore. — Crews cleared drains", "America/Los_Angeles"),
        ("SEATTLE — Riders deserve", "America/Los_Angeles"),
        ("PROVIDENCE — The city’s committee", "America/New_York"),
        ("Lviv — the council", None),
        ("The council voted", None),
    ],
)
def test_dateline_zone(text: str, expected: str | None) -> None:
    assert dateline_zone(text) == expected


# Outlets of the probe pages (tests/data/newsroom_probe): the data file's own tables.
@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"host": "attikiimera.gr"}, ("Europe/Athens", "cctld")),
        ({"host": "gazetasomesului.ro"}, ("Europe/Bucharest", "cctld")),
        ({"host": "pestihirmondo.hu"}, ("Europe/Budapest", "cctld")),
        ({"host": "najdalyoum.sa", "language": "ar"}, ("Asia/Riyadh", "cctld")),
        (
            {"host": "news.example.com", "label_texts": ["Senin, 20 Mei 2024 10:15 WIB"]},
            ("Asia/Jakarta", "label"),
        ),
        (
            {"host": "news.example.com", "label_texts": ["北京时间 2月10日 08:30"]},
            ("Asia/Shanghai", "label"),
        ),
        ({"host": "news.example.com", "language": "id"}, ("Asia/Jakarta", "language")),
    ],
)
def test_guess_zone_from_the_data_file(kwargs: dict, expected: tuple[str | None, str]) -> None:  # type: ignore[type-arg]
    guess = guess_zone(country_zones=OUTLETS.tld_zones, **kwargs)
    assert (guess.zone, guess.source) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("NEW YORK (Reuters) — Oil prices fell", "America/New_York"),
        ("ST. LOUIS — The council", "America/Chicago"),
        ("OKLAHOMA CITY — Storms", "America/Chicago"),
        ("AURORA, Colo. — A 36-inch water main burst", "America/Denver"),
        ("KYIV, Ukraine — The city council", None),  # abroad: foreign_dateline_zone reads it
    ],
)
def test_dateline_zone_multiword_us_cities(text: str, expected: str | None) -> None:
    assert dateline_zone(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("KYIV, Ukraine — The city council", "Europe/Kyiv"),
        ("LONDON (AP) — Ministers said", "Europe/London"),
        ("NEW DELHI — The metro", "Asia/Kolkata"),
        ("ISTANBUL, Türkiye — Ferries", "Europe/Istanbul"),
        ("SÃO PAULO — A greve", "America/Sao_Paulo"),
        ("LEEDS, England — The trams", "Europe/London"),
        ("SEATTLE — Riders", None),
        ("The council voted", None),
    ],
)
def test_foreign_dateline_zone(text: str, expected: str | None) -> None:
    assert foreign_dateline_zone(text) == expected


# A foreign dateline is the weakest evidence: a wire story on a US page names where it was
# written, so it counts only on an English page that shows nothing else.
@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        (
            {"host": "kyivdispatch.com", "language": "en", "dateline": "KYIV, Ukraine — The city"},
            ("Europe/Kyiv", "dateline"),
        ),
        (
            {"host": "ledger.com", "language": "en-US", "dateline": "LONDON — Ministers"},
            ("America/New_York", "language"),
        ),
        (
            {"host": "ledger.com.au", "language": "en", "dateline": "LONDON — Ministers"},
            ("Australia/Sydney", "cctld"),
        ),
        (
            {"host": "haber.com", "language": "tr", "dateline": "LONDON — Bakanlar"},
            ("Europe/Istanbul", "language"),
        ),
        (
            {
                "host": "ledger.com",
                "language": "en",
                "dateline": "LONDON — Ministers",
                "label_texts": ["Updated 9:12 AM EST"],
            },
            ("America/New_York", "label"),
        ),
    ],
)
def test_foreign_dateline_is_the_last_evidence(
    kwargs: dict, expected: tuple[str | None, str]
) -> None:  # type: ignore[type-arg]
    guess = guess_zone(country_zones=OUTLETS.tld_zones, **kwargs)
    assert (guess.zone, guess.source) == expected


def _holds_long_label(text: str) -> bool:
    return zone_evidence._holds_long_label(text, text.encode("utf-8", "surrogatepass"))


def test_a_long_label_is_found_wherever_it_stands() -> None:
    """The key-word search finds every long label, at the start, inside and at the end of a
    text, and nothing in a text holding only parts of labels."""
    for label in zone_evidence._LONG:
        for text in (label, f"latest news · {label}", f"{label} only", f"x{label}x"):
            assert _holds_long_label(text), text
    parts = " ".join(w[:-1] for label in zone_evidence._LONG for w in label.split())
    assert not _holds_long_label(parts)
    assert not _holds_long_label("times change; eastern europe at night")


@pytest.mark.parametrize(
    "text",
    [
        "All times Eastern Time",
        "ALL TIMES EASTERN TIME’",
        "Straße · EAﬆERN TIME",  # 'ﬆ' folds to 'st'
        "Moſcow time — ſee",  # 'ſ' folds to 's'
        "UK TIME İstanbul",
        "Uk tİme",  # 'İ' folds to 'i' and a dot: no label
        "Saat 12:00 (TÜRKİYE SAATİ)",
        "TÜRKIYE SAATI ß",
        "HORÁRIO DE BRASÍLIA",
        "horário de brasília",
        "ПО КИЕВУ",
        "Час київський",
        "日本時間 12時",
        "بتوقيت مكة",
        "mountain  time",  # two spaces: no label
        "\u212ayiv time",  # the Kelvin sign folds to 'k'
        "eastern\ud800 time",
        "pacific time\ud800",
    ],
)
def test_a_long_label_is_found_as_in_the_casefolded_text(text: str) -> None:
    """Only the characters past ASCII are casefolded: the answer is the whole text's."""
    low = text.casefold()
    expected = any(label in low for label in zone_evidence._LONG)
    assert _holds_long_label(text) is expected


@pytest.mark.parametrize(
    ("text", "part", "step", "expected"),
    [
        ("abcabc", "bc", 1, [1, 4]),
        ("aaaa", "aa", 1, [0, 1, 2]),
        (b"AAAAA", b"AA", 2, [0, 2]),
        ("abc", "x", 1, []),
    ],
)
def test_places(text: str | bytes, part: str | bytes, step: int, expected: list[int]) -> None:
    assert list(zone_evidence._places(text, part, step)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Latest (ET) and ET/PT",
        "NASA EST 10:30ET XET",
        "AEST. CEST,MESZ·WITA|",
        "\u00a0EST and EST\u00a0",  # no-break spaces are whitespace
        "ÉEST ЕEST EST",  # a capital past ASCII before a label joins it
        "Москва (МСК), ПМСК",
        "Son Dakika (TSİ) TSİX",
        "EESTEST ACSTX PT",
        "\u3000EST\u3000PT😀 😀CET (МСК)\u2009",  # spaces and characters of 2 to 4 bytes
        "\ud800EST MSK\ud800 CET",  # a lone surrogate is no space
        "ET",
        "",
    ],
)
def test_short_tokens_are_the_labels_among_the_texts_tokens(text: str) -> None:
    """Tried only where two capitals meet (or a label past ASCII begins): the answer is the
    token set's."""
    tokens = set(zone_evidence._PUNCT.sub(" ", text).split())
    assert (
        zone_evidence._short_tokens(text.encode("utf-8", "surrogatepass"))
        == tokens & zone_evidence._SHORT
    )


@pytest.mark.parametrize(
    ("text", "at", "expected"),
    [("aEST", 1, "a"), ("é EST", 3, " "), ("😀EST", 4, "😀"), ("\u3000EST", 3, "\u3000")],
)
def test_char_before(text: str, at: int, expected: str) -> None:
    assert zone_evidence._char_before(text.encode(), at) == expected


@pytest.mark.parametrize(
    ("text", "at", "size", "expected"),
    [
        ("EST é", 0, 5, "EST "),
        ("EST é", 0, 6, "EST é"),
        ("EST😀", 0, 6, "EST"),
        ("xET", 1, 9, "ET"),
    ],
)
def test_chars_from_cuts_no_character(text: str, at: int, size: int, expected: str) -> None:
    assert zone_evidence._chars_from(text.encode(), at, size) == expected
