"""The fast paths before dateparser give exactly what dateparser gives (asked here itself)."""

from __future__ import annotations

import random
from datetime import UTC, datetime, tzinfo
from zoneinfo import ZoneInfo

import pytest

from pipelines.normalize import named_dates
from pipelines.normalize.dates import (
    _dateparser,
    _dateparser_at,
    _month_first,
    _without_dateparser,
    read_date,
)


def _by_dateparser(text: str, tz: tzinfo, languages: tuple[str, ...]) -> datetime | None:
    """read_date's dateparser branch without a fetch time (relative text names no date)."""
    value, relative = _dateparser(text, getattr(tz, "key", None) or "UTC", languages)
    if relative or value is None:
        return None
    return value.astimezone(tz) if isinstance(tz, ZoneInfo) else value


BERLIN = ZoneInfo("Europe/Berlin")
FETCHED = datetime(2024, 5, 1, 10, 0, tzinfo=UTC)
CASES = [
    # (text, language, zone): decided on the fast path, as dateparser reads them
    ("18. Okt 2023", "de", "Europe/Berlin"),
    (", 01. Dez. 2017, 12:01 Uhr", "de", "Europe/Berlin"),
    ("18 Mai 2020 um 12:30 Uhr", "de", "Europe/Berlin"),
    ("10:49 Uhr", "de", "Europe/Berlin"),
    ("18 Mai", "de", "Europe/Berlin"),
    ("Januar 2022", "de", "Europe/Berlin"),
    ("Montag, 3. März 2021", "de", "Europe/Berlin"),
    ("vor 4 Stunden", "de", "Europe/Berlin"),
    ("Vor 1 Std.", "de", "Europe/Berlin"),
    ("Maret 30, 2015", "id", "Asia/Jakarta"),
    ("10. marts 2020", "da", "Europe/Copenhagen"),
    ("19 Αυγούστου 2020 9:02 μμ", "el", "Europe/Athens"),
    ("19 Αυγούστου 2020 9:02 πμ", "el", "Europe/Athens"),
    ("duminică, 20 septembrie 2020", "ro", "Europe/Bucharest"),
    ("ديسمبر 25, 2020", "ar", "Africa/Johannesburg"),
    ("11/02 19:16", "ja", "Asia/Tokyo"),
    ("juillet 2020", "fr", "Europe/Paris"),
    ("12 juillet 2020 14:05", "fr", "Europe/Paris"),
    ("před 2 hodinami", "cs", "Europe/Prague"),
    ("8 января, 17:46", "ru", "Europe/Kyiv"),
    ("8 января 2021, 17:46", "ru", "Europe/Kyiv"),
    ("alle 16:01", "it", "Europe/Rome"),
    ("02 Ago 2017", "it", "Europe/Rome"),  # 'ago' is August in Italian, not 'ago' in English
    ("13 Aug", "en", "America/New_York"),
    ("Sun Nov 24", "en", "America/New_York"),
    ("Sun Nov 24 2019", "en", "America/New_York"),
    ("Sat Nov 24 2019", "en", "America/New_York"),  # a weekday that does not fit: ignored
    ("12 Mai 2020 9:02 nachm", "de", "Europe/Berlin"),
    ("November 20 15:23 2019", "en", "America/New_York"),
    ("February 2018", "en", "UTC"),
    ("/ 5 h ago", "en", "Africa/Nairobi"),
    ("2 days ago at 07:52 am", "en", "America/Los_Angeles"),
    ("15 marzo 2023 10:00", "es", "Europe/Madrid"),
    ("3 março 2023", "pt", "America/Sao_Paulo"),
    ("5 kwietnia 2022 12:00", "pl", "Europe/Warsaw"),
    ("12 ekim 2021", "tr", "Europe/Istanbul"),
    ("14 листопада 2023, 09:15", "uk", "Europe/Kyiv"),
    ("31 oktober 2021", "nl", "Europe/Amsterdam"),
    ("mandag 5. august kl. 14:47", "no", "Europe/Oslo"),
    # no day, month and year, or only relative to the base: no date without a fetch time
    ("Publiziert heute um 12:19 Uhr", "de", "Europe/Zurich"),
    ("11:54 am)", "en", "Europe/London"),
    ("Today 12:01 AM", "en", "UTC"),
    ("52 weeks ago", "en", "UTC"),
    ("vor 3 Tagen", "de", "Europe/Berlin"),
    ("hace 2 horas", "es", "Europe/Madrid"),
    ("3 saat önce", "tr", "Europe/Istanbul"),
    ("Published 22 hours ago", "en", "America/New_York"),
]


@pytest.mark.parametrize(("text", "lang", "zone"), CASES)
def test_fast_path_gives_dateparsers_reading(text: str, lang: str, zone: str) -> None:
    tz = UTC if zone == "UTC" else ZoneInfo(zone)
    decided, value = _without_dateparser(text, tz, (lang,), None)
    assert decided, text
    assert value == _by_dateparser(text, tz, (lang,))
    if value is not None:
        assert value.utcoffset() == _by_dateparser(text, tz, (lang,)).utcoffset()  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("vor zwei Stunden", "de"),  # a number in words
        ("99 weeks ago", "en"),  # two years back: dateparser reads it as a date
        ("a decade ago", "en"),
        ("il y a 3 heures", "fr"),  # 'a' is also a year to dateparser in French
        ("18 Mai MMXX", "de"),  # a year in Roman numerals
        ("vor 2 Jahren", "de"),  # two years back: dateparser reads it as a date
        ("05/03/2024 08h40", "pt"),
        ("28 March 2021 02:30", "en"),  # a wall time in the spring-forward gap
        ("3 de março de 2023", "pt"),  # 'de' is no word dateparser skips alone
    ],
)
def test_uncertain_text_goes_to_dateparser(text: str, lang: str) -> None:
    assert _without_dateparser(text, BERLIN, (lang,), None) == (False, None)


# A word the language does not read: dateparser finds the language does not apply, and reads
# no date, not even a relative one against a fetch time.
FOREIGN = [
    ("DIE ZEIT Nr. 28/2013", "de"),
    ("Published 4 months ago", "en"),
    ("Fouzia Van Der Fort | Published 4 months ago", "en"),
    ("Updated Nov 19, 6:55 AM; Posted Nov 19, 6:51 AM", "en"),
    ("Nov 19, 9:41 AM; Posted Nov 18, 8:19 PM", "en"),
    ("Posted 2 days ago", "en"),
    ("by Jane Doe, 12 March 2024", "en"),
    ("1/14 21:17） 789文字", "ja"),
    ("記事 2024年1月14日", "ja"),
    ("۲۹ بهمن ۱۳۹۸ - ۰۶:۵۵", "fa"),
    ("دوشنبه ۲ تير ۱۳۹۹", "fa"),
    ("Aktualisiert vor 3 Tagen", "de"),
    ("Stand: gestern Abend", "de"),
    ("Publicado hace 2 horas", "es"),
    ("mis à jour il y a 3 heures", "fr"),
    ("Redakcja 5 kwietnia 2022", "pl"),
    ("Ενημερώθηκε 19 Αυγούστου 2020", "el"),
    ("Оновлено 14 листопада 2023", "uk"),
    ("Yayın 12 ekim 2021", "tr"),
]
# Words the language does read, in any case and with or without their marks: left alone.
NOT_FOREIGN = [
    ("2 days ago", "en"),
    ("Yesterday 12:01 AM", "en"),
    ("TODAY", "en"),
    ("vor 3 Tagen", "de"),
    ("GESTERN, 18:30", "de"),
    ("18. März 2024", "de"),
    ("18. Marz 2024", "de"),
    ("hace 2 horas", "es"),
    ("il y a 3 heures", "fr"),
    ("ΑΥΓΟΥΣΤΟΣ 2020", "el"),
    ("2024年1月14日", "ja"),
    ("18 Mai MMXX", "de"),  # a year in Roman numerals is read
    ("Fouzia 12:00 UTC+05:30", "en"),  # an offset may take the text after it
    ("Published on: 12 March 2024", "en"),  # dateparser drops what precedes 'on: '
]


@pytest.mark.parametrize(("text", "lang"), FOREIGN)
def test_a_word_the_language_does_not_read_means_no_date(text: str, lang: str) -> None:
    assert named_dates.foreign_word(text, lang)
    assert _without_dateparser(text, BERLIN, (lang,), None) == (True, None)
    assert _without_dateparser(text, BERLIN, (lang,), FETCHED) == (True, None)
    for base in (datetime(2099, 6, 15, 12), datetime(2024, 5, 1, 10)):
        assert _dateparser_at(text, "Europe/Berlin", (lang,), base) is None


@pytest.mark.parametrize(("text", "lang"), NOT_FOREIGN)
def test_words_the_language_reads_are_not_foreign(text: str, lang: str) -> None:
    assert not named_dates.foreign_word(text, lang)


def test_every_word_of_dateparsers_dictionaries_is_known() -> None:
    """Each word dateparser's locale looks up (and its native spelling's, for Arabic and
    Persian), as written, upper-cased and titled, is no foreign word."""
    from dateparser.conf import Settings
    from dateparser.languages.loader import LocaleDataLoader

    settings = Settings()
    loader = LocaleDataLoader()
    for lang in named_dates._vocabulary()["words"]:
        locale = loader.get_locale(lang)
        for each in {locale, locale._native}:
            for word in each._get_dictionary(settings)._dictionary:
                for form in (word, word.upper(), word.title()):
                    assert not named_dates.foreign_word(form, lang), (lang, form)


@pytest.mark.parametrize("seed", range(3))
def test_generated_texts_with_a_foreign_word_are_no_date_to_dateparser(seed: int) -> None:
    """Texts mixing the locale's words, other words, numbers, clocks and month names
    (seeded): every one holding a foreign word, dateparser reads as no date."""
    rng = random.Random(seed)
    others = ["Posted", "Nr.", "by", "Redaktion", "tıme", "ΑΥΓΟΥΣΤΟΣ", "straße", "ſeit", "EST"]
    others += ["MSK", "Q1", "T", "г.", "文字", "年", "記事", "a", "de", "le", "AM", "Uhr", "ago"]
    checked = 0
    for lang, words in named_dates._vocabulary()["words"].items():
        vocabulary = words.split()
        months = [w for m in named_dates._data().get(lang, {}).get("months", []) for w in m.split()]
        for _ in range(12):
            parts = []
            for _ in range(rng.randint(1, 6)):
                kind = rng.random()
                if kind < 0.3:
                    parts.append(rng.choice(vocabulary))
                elif kind < 0.45:
                    parts.append(rng.choice(others))
                elif kind < 0.6:
                    parts.append(str(rng.choice([1, 3, 12, 19, 28, 2013, 2020])))
                elif kind < 0.7:
                    parts.append(f"{rng.randint(0, 23)}:{rng.randint(0, 59):02d}")
                elif kind < 0.85 and months:
                    parts.append(rng.choice(months).title())
                else:
                    parts.append(rng.choice([",", "|", "-", "/", ";", "(", ")"]))
            text = " ".join(parts)
            if named_dates.foreign_word(text, lang):
                checked += 1
                for base in (datetime(2099, 6, 15, 12), datetime(2024, 5, 1, 10)):
                    assert _dateparser_at(text, "UTC", (lang,), base) is None, (lang, text)
    assert checked >= 100


@pytest.mark.parametrize("lang", sorted(named_dates._vocabulary()["idle"]))
def test_a_clock_among_idle_words_is_no_date_to_dateparser(lang: str) -> None:
    """Each word the language reads as nothing, before, after or around a clock time, alone
    or two together, upper-cased or not: no date to dateparser, with either base."""
    rng = random.Random(lang)
    idle = sorted(named_dates._vocabulary()["idle"][lang].split())
    texts = [f"{word} 21:05" for word in idle]
    # upper-cased where that reads back the same ('YAKLASIK' is not 'yaklasık')
    texts += [f"07:30, {w.upper()}" for w in idle if named_dates.normal(w.upper()) == w]
    texts += [f"{rng.choice(idle)} 9:41 {rng.choice(idle)}" for _ in range(6)]
    for text in texts:
        assert named_dates.idle_clock(text, lang), text
        assert _without_dateparser(text, BERLIN, (lang,), FETCHED) == (True, None)
        for base in (datetime(2099, 6, 15, 12), datetime(2024, 5, 1, 10)):
            assert _dateparser_at(text, "Europe/Berlin", (lang,), base) is None, (lang, text)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("heute 18:30", "de"),  # a relative day
        ("Today 12:01 AM", "en"),
        ("à 21:00 demain", "fr"),
        ("le 3 21:00", "fr"),  # another number
        ("at 21:00 and 22:00", "en"),  # two clocks
        ("at 25:00", "en"),  # no clock
        ("um18:30", "de"),  # written together
    ],
)
def test_a_clock_beside_other_words_is_not_idle(text: str, lang: str) -> None:
    assert not named_dates.idle_clock(text, lang)


def test_relative_text_with_a_fetch_time_goes_to_dateparser() -> None:
    fetched = datetime(2024, 5, 1, 10, 0, tzinfo=UTC)
    assert _without_dateparser("vor 4 Stunden", BERLIN, ("de",), fetched) == (False, None)
    assert read_date("vor 4 Stunden", tz=BERLIN, fetched_at=fetched, languages=("de",)).value


def test_exact_values() -> None:
    athens = ZoneInfo("Europe/Athens")
    assert named_dates.read_named("19 Αυγούστου 2020 9:02 μμ", "el", athens) == datetime(
        2020, 8, 19, 21, 2, tzinfo=athens
    )
    assert named_dates.read_named("18. Okt 2023", "de", BERLIN) == datetime(
        2023, 10, 18, tzinfo=BERLIN
    )
    assert named_dates.read_named("13 Aug", "en", BERLIN) is None
    assert read_date("Maret 30, 2015", tz=UTC, languages=("id",)).value == datetime(
        2015, 3, 30, tzinfo=UTC
    )


def test_a_language_dateparser_lacks_reads_no_date() -> None:
    assert not named_dates.known_language("no") and named_dates.known_language("de")
    assert _by_dateparser("mandag 5. august 2019 kl. 14:47", BERLIN, ("no",)) is None
    assert _without_dateparser("5. august 2019", BERLIN, ("no",), None) == (True, None)


FUZZ_ZONES = {
    "en": "America/New_York",
    "de": "Europe/Berlin",
    "fr": "Europe/Paris",
    "es": "Europe/Madrid",
    "uk": "Europe/Kyiv",
    "hu": "Europe/Budapest",
    "da": "Europe/Copenhagen",
    "el": "Europe/Athens",
    "it": "Europe/Rome",
}


@pytest.mark.parametrize("lang", sorted(FUZZ_ZONES))
def test_generated_dates_decided_as_dateparser_reads_them(lang: str) -> None:
    """Dates built from the language's own words in many orders (seeded): every one the
    fast path decides, dateparser reads the same."""
    rng = random.Random(lang)
    tz = ZoneInfo(FUZZ_ZONES[lang])
    data = named_dates._data()[lang]
    months = [names.split() for names in data["months"]]
    weekdays = [w for names in data["weekdays"] for w in names.split()]
    extras = [*data["skip"].split(), "vor 3", "3", "ago", "h", "hours", "heute", "a"]
    decided = 0
    for _ in range(40):
        month = rng.choice(rng.choice([m for m in months if m]))
        month = rng.choice([month, month.title(), month.upper(), month + "."])
        day, year = str(rng.randint(1, 31)), str(rng.choice([1999, 2015, 2020, 2036]))
        parts = rng.choice(
            [
                [day, month, year],
                [month, day, year],
                [day + ".", month, year],
                [day, month],
                [month, year],
                [month, day + ",", year],
                [year, month, day],
            ]
        )
        if rng.random() < 0.3 and weekdays:
            parts.insert(0, rng.choice(weekdays) + rng.choice(["", ","]))
        if rng.random() < 0.4:
            parts.append(f"{rng.randint(0, 23)}:{rng.randint(0, 59):02d}")
        if rng.random() < 0.3:
            parts.insert(rng.randrange(len(parts) + 1), rng.choice(extras))
        text = " ".join(parts)
        done, value = _without_dateparser(text, tz, (lang,), None)
        if done:
            decided += 1
            expected = _by_dateparser(text, tz, (lang,))
            assert value == expected, text
            assert value is None or value.utcoffset() == expected.utcoffset(), text  # type: ignore[union-attr]
    assert decided >= 20  # the fast path takes most of them


@pytest.mark.parametrize(
    ("text", "language", "hour"),
    [
        ("14 مارس 2024 - 01:15 م", "ar", 13),  # the language's own 'pm' after the clock
        ("14 مارس 2024 01:15 ص", "ar", 1),  # ...and its 'am'
        ("14 مارس 2024 12:15 ص", "ar", 0),  # 12 in the morning is 0
        ("14/03/2024 9:02 μμ", "el", 21),
        ("14 March 2024 01:15 pm", "en", 13),  # English as before
        ("14.03.2024 10:30 em Lisboa", "pt", 10),  # another language's 'pm' is a word here
        ("12. März 2024, 17:40 Uhr", "de", 17),
    ],
)
def test_a_clock_is_turned_by_the_languages_own_meridiem(
    text: str, language: str, hour: int
) -> None:
    value = read_date(text, languages=(language,)).value
    assert value is not None and value.hour == hour


@pytest.mark.parametrize(
    ("text", "zone", "expected"),
    [
        ("11.14.2019 09:00 AM", "UTC", "2019-11-14T09:00:00+00:00"),
        ("3/09/15 8:00am", "America/New_York", "2015-03-09T08:00:00-04:00"),
        ("10.15.15", "America/New_York", "2015-10-15T00:00:00-04:00"),
        ("12/31/69 12:30 AM", "UTC", "1969-12-31T00:30:00+00:00"),  # %y: 69 is 1969
        ("1/2/68 23:05:09", "UTC", "2068-01-02T23:05:09+00:00"),
    ],
)
def test_a_numeric_date_is_read_month_first_as_dateparser_reads_it(
    text: str, zone: str, expected: str
) -> None:
    tz = UTC if zone == "UTC" else ZoneInfo(zone)
    for languages in ((), ("en",)):
        assert _without_dateparser(text, tz, languages, None) == (
            True,
            datetime.fromisoformat(expected),
        )
        assert _by_dateparser(text, tz, languages) == datetime.fromisoformat(expected)


@pytest.mark.parametrize(
    "text",
    [
        "14.11.2019",  # no 14th month
        "2/30/2020",  # no such day
        "3/10/2019 2:30 AM",  # the spring-forward gap in New York
        "11/14/2019 13:00 PM",  # a 12-hour clock past 12
        "11/14/2019 9:00 Uhr",  # a word after the clock
        "11-14-2019",  # another separator
        "11.14/2019",
    ],
)
def test_other_numeric_text_is_not_read_month_first(text: str) -> None:
    assert _month_first(text, ZoneInfo("America/New_York")) is None


def test_generated_numeric_dates_read_as_dateparser_reads_them() -> None:
    """Numeric dates (seeded) in English or no language: every one read month first,
    dateparser reads the same, in the same zone."""
    rng = random.Random("month-first")
    decided = 0
    for _ in range(150):
        month, day = rng.randint(1, 13), rng.randint(1, 31)
        year = rng.choice([f"{rng.randint(0, 99):02d}", str(rng.randint(1895, 2105))])
        sep = rng.choice("./")
        text = f"{month}{sep}{day:0{rng.choice([1, 2])}d}{sep}{year}"
        if rng.random() < 0.6:
            text += f" {rng.randint(0, 24)}:{rng.randint(0, 59):02d}"
            text += rng.choice(["", " AM", " PM", "pm", ":07", ":07 am"])
        zone = rng.choice(["UTC", "America/New_York", "Europe/London"])
        tz = UTC if zone == "UTC" else ZoneInfo(zone)
        languages = rng.choice([(), ("en",)])
        value = _month_first(text, tz)
        if value is not None:
            decided += 1
            expected = _by_dateparser(text, tz, languages)
            assert value == expected, text
            assert value.utcoffset() == expected.utcoffset(), text  # type: ignore[union-attr]
    assert decided >= 60
