"""Date strings -> aware datetimes in the outlet's zone. No clock: `fetched_at` comes in.

Fast paths first (ISO 8601, English "Month D, YYYY H:MM PM", clock times, "N hours ago");
dateparser only for the human text that is left, with the page's language when known.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, time, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo

from pipelines.normalize import named_dates
from pipelines.normalize.vocabulary import MONTH_NUMBERS, MONTH_PATTERN, pattern

# Month names of English and of the languages whose pages write "1. April 2025" or "23 de
# diciembre de 2023": read on the fast path, not by dateparser (whose first use of a
# language costs tens of milliseconds).
_ORDINAL = pattern("ordinal_suffixes")
_CLOCK = r"(?P<h>\d{1,2})[:.](?P<mi>\d{2})(?::(?P<s>\d{2}))?\s*(?P<ampm>[ap]\.?m\.?)?"

# "December 23, 2023 5:40 PM", "Dec. 8, 2023", "23 December 2023, 17:40"
_EN_MDY = re.compile(
    rf"\b(?P<mon>{MONTH_PATTERN})\.?\s+(?P<d>\d{{1,2}})(?:{_ORDINAL})?,?\s+(?P<y>\d{{4}})"
    rf"(?:(?:\s*,\s*|\s+at\s+|\s+|\s*[-|•·]\s*){_CLOCK})?",
    re.IGNORECASE,
)
_EN_DMY = re.compile(
    rf"\b(?P<d>\d{{1,2}})(?:{_ORDINAL}|\.)?\s+(?:de\s+)?(?P<mon>{MONTH_PATTERN})\.?,?\s+(?:de\s+)?"
    rf"(?P<y>\d{{4}})"
    rf"(?:(?:\s*,\s*|\s+at\s+|\s+|\s*[-|•·]\s*){_CLOCK})?",
    re.IGNORECASE,
)
# "23.12.2023 17:40", "23.12.2023, 17:40 Uhr", "Do 25.04.24": dot-separated dates are
# day-first everywhere; a two-digit year is this century's.
_DOTTED = re.compile(
    rf"\b(?P<d>\d{{1,2}})\.\s?(?P<mon>\d{{1,2}})\.\s?(?P<y>\d{{4}}|\d{{2}}(?![\d.]))"
    rf"(?:,?\s+(?:um\s+)?{_CLOCK})?",
    re.IGNORECASE,
)
# "2020/07/13 01:10", "2020.08.19.": year first, the order ISO 8601 and East Asian and
# Hungarian pages write; a dotted one takes two-digit parts (not a version like 2023.1.2).
_YMD = re.compile(
    rf"(?<![\w./])(?P<y>(?:19|20)\d{{2}})(?:/(?P<mon>\d{{1,2}})/(?P<d>\d{{1,2}})|"
    rf"\.\s?(?P<mon2>\d{{2}})\.\s?(?P<d2>\d{{2}}))(?![\d/.]\d)\.?"
    rf"(?:,?\s+{_CLOCK})?",
    re.IGNORECASE,
)
# "2025年1月14日 10:30", "2020년 6월 7일": the CJK national form, year, month and day marked.
# a CJK clock may mark its hour and minute ('7時05分', '7时5分', '7시 05분')
_CLOCK_MARKED = (
    rf"(?P<h>\d{{1,2}})(?:[:.]|\s*(?:{pattern('hour_marks')})\s*)"
    rf"(?P<mi>\d{{2}}(?!\d)|\d(?=\s*(?:{pattern('minute_marks')})))(?:\s*(?:{pattern('minute_marks')}))?"
    r"(?::(?P<s>\d{2}))?\s*(?P<ampm>[ap]\.?m\.?)?"
)
_YMD_MARKED = re.compile(
    rf"(?<!\d)(?P<y>(?:19|20)\d{{2}})\s*(?:{pattern('year_marks')})\s*(?P<mon>\d{{1,2}})\s*"
    rf"(?:{pattern('month_marks')})\s*(?P<d>\d{{1,2}})\s*(?:{pattern('day_marks')})"
    rf"(?:\s*(?:[(（][^)）]{{1,3}}[)）])?\s*{_CLOCK_MARKED})?",
    re.IGNORECASE,
)
_ISO_IN_TEXT = re.compile(
    r"\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?"
)
_CLOCK_ONLY = re.compile(rf"^\s*{_CLOCK}\s*$", re.IGNORECASE)
_RELATIVE = re.compile(
    rf"^\s*(?P<n>\d+|{pattern('relative_one')})\s*(?P<unit>{pattern('relative_units', use='dates')})"
    r"\s+ago\s*$",
    re.IGNORECASE,
)
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
# A bare Unix time: seconds (9-10 digits, 1973-2286) or milliseconds (12-13 digits).
_EPOCH = re.compile(r"^\s*(?P<n>\d{9,10}|\d{12,13})(?:\.\d+)?\s*$")
# No news page is dated before this; years near 1 or 9999 also overflow once shifted to UTC.
EARLIEST_YEAR = 1800
LATEST_YEAR = 2199
# dateparser reads relative text ('2 days ago', 'Monday') and two-digit years against a
# base, and against the clock when given none. Absolute text is read against a fixed late
# base (a two-digit year then means the latest such year, and a date after the fetch is
# dropped anyway); text it reads differently against a second base is relative, and is
# resolved against `fetched_at` or not at all.
_PROBE_BASES = (datetime(2099, 6, 15, 12, 0, 0), datetime(2061, 3, 4, 5, 6, 7))


@dataclass(frozen=True, slots=True)
class DateReading:
    """A date string read: the value kept, or None with why a date written there was dropped."""

    value: datetime | None
    note: str | None = None


@lru_cache(maxsize=1024)  # ZoneInfo keeps eight zones; a crawl of many outlets has more
def zone(name: str | None) -> tzinfo:
    """'Europe/Kyiv' -> ZoneInfo; None or an unknown name -> UTC."""
    if not name:
        return UTC
    try:
        return ZoneInfo(name)
    except (KeyError, ValueError):
        return UTC


def _clock_to_time(h: str, mi: str, s: str | None, ampm: str | None) -> time | None:
    hour, minute, second = int(h), int(mi), int(s or 0)
    if ampm:
        if not 1 <= hour <= 12:
            return None
        pm = ampm.lower().startswith("p")
        hour = hour % 12 + (12 if pm else 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    return time(hour, minute, second)


def normalize_clock(text: str) -> time | None:
    """'5:15 AM' -> time(5, 15); '23:17' -> time(23, 17); 'soon' -> None."""
    m = _CLOCK_ONLY.match(text)
    if not m:
        return None
    return _clock_to_time(m["h"], m["mi"], m["s"], m["ampm"])


def _not_after(value: datetime | None, fetched_at: datetime | None) -> datetime | None:
    if value is None or fetched_at is None:
        return value
    return None if value > fetched_at else value


def _sane(value: datetime | None, fetched_at: datetime | None, text: str) -> DateReading:
    """Keep a date only inside [1800, fetched_at] (or up to 2199 without a fetch time)."""
    if value is None:
        return DateReading(None)
    if value.year < EARLIEST_YEAR:
        return DateReading(None, f"dropped {text.strip()[:60]!r}: before {EARLIEST_YEAR}")
    if value.year > LATEST_YEAR:
        return DateReading(None, f"dropped {text.strip()[:60]!r}: after {LATEST_YEAR}")
    if fetched_at is not None and value > fetched_at:
        return DateReading(None, f"dropped {text.strip()[:60]!r}: after the page was fetched")
    return DateReading(value)


def checked_fetch_time(value: datetime | None) -> DateReading:
    """A record's fetch time, if it is one a page could have: year 1 or 9999 -> None, noted."""
    if value is None or EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        return DateReading(value)
    return DateReading(
        None, f"ignored fetch time {value.isoformat()}: outside {EARLIEST_YEAR}-{LATEST_YEAR}"
    )


def read_epoch(text: str, tz: tzinfo) -> datetime | None:
    """'1733050800' (seconds) or '1733050800000' (milliseconds) -> that instant in `tz`."""
    m = _EPOCH.match(text)
    if not m:
        return None
    seconds = int(m["n"]) / (1000 if len(m["n"]) > 10 else 1)
    return datetime.fromtimestamp(seconds, UTC).astimezone(tz)


def parse_iso(text: str | None) -> datetime | None:
    """'2024-12-22T06:00:00Z' -> aware UTC datetime; '2024-12-22T08:00' -> naive; junk -> None."""
    candidate = text.strip() if isinstance(text, str) else ""
    if not candidate or not candidate[:4].isdigit():
        return None
    if candidate.endswith(("Z", "z")):
        candidate = candidate[:-1] + "+00:00"
    try:
        return datetime.fromisoformat(candidate)
    except ValueError:
        return None


def parse_instant(text: str | None) -> datetime | None:
    """An ISO 8601 instant (with an offset or Z) -> aware datetime; without an offset -> None."""
    value = parse_iso(text)
    return value if value is not None and value.tzinfo is not None else None


def _iso(text: str, tz: tzinfo) -> datetime | None:
    value = parse_iso(text)
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=tz)


# Each fast-path form holds a four-digit year or a dotted date's 'd.m.yy': text without one
# holds none of them (most of a page's short lines), and the six patterns need not run. One
# digit opens both forms: the scan skips to a digit, not trying each branch at every character.
_YEARISH = re.compile(r"\d(?:\d{3}|\.\s?\d{1,2}\.\s?\d\d)")
_FAST_FORMS = (_EN_MDY, _EN_DMY, _DOTTED, _ISO_IN_TEXT, _YMD, _YMD_MARKED)


def _unnamed(p: re.Pattern[str]) -> str:
    """A pattern's text with its groups unnamed (each form names its own), its flag kept."""
    text = re.sub(r"\(\?P<\w+>", "(?:", p.pattern)
    return f"(?:{text})" if p.flags & re.IGNORECASE else f"(?-i:{text})"


# The forms as one alternation, in their order: one scan finds the leftmost date, and of two
# forms at the same place the first, as six searches and the earliest of them would.
_ANY_FAST_FORM = re.compile("|".join(_unnamed(p) for p in _FAST_FORMS), re.IGNORECASE)


def find_date(text: str) -> tuple[int, int] | None:
    """Span of the first date written in a fast-path form inside free text, else None.

    'by Desk December 23, 2023 5:40 PM 2 min read' -> the span of 'December 23, 2023 5:40 PM'.
    """
    if not _YEARISH.search(text):
        return None
    m = _ANY_FAST_FORM.search(text)
    return (m.start(), m.end()) if m else None


_CLOCK_ELSEWHERE = re.compile(
    r"(?<![\d:])(?P<h>[01]?\d|2[0-3]):(?P<mi>[0-5]\d)(?::(?P<s>[0-5]\d))?(?![\d:])"
    r"\s*(?P<ampm>[ap]\.?\s?m\.?)?",
    re.IGNORECASE,
)


def _english(text: str, tz: tzinfo) -> datetime | None:
    if not _YEARISH.search(text):
        return None
    m = (
        _EN_MDY.search(text)
        or _EN_DMY.search(text)
        or _DOTTED.search(text)
        or _YMD.search(text)
        or _YMD_MARKED.search(text)
    )
    if not m:
        return None
    parts = m.groupdict()  # a year-first date names its dotted parts apart
    mon, d = parts["mon"] or parts["mon2"], parts["d"] or parts["d2"]
    month = int(mon) if mon.isdigit() else MONTH_NUMBERS[mon.lower()]
    year = int(m["y"]) if len(m["y"]) == 4 else 2000 + int(m["y"])
    try:
        day = datetime(year, month, int(d))
    except ValueError:
        return None
    clock = time(0, 0)
    if m["h"] is not None:
        # '30. Januar 2022 1.99': digits after the date that are no clock (a price, a
        # version) leave the day as written, without a time.
        clock = _clock_to_time(m["h"], m["mi"], m["s"], m["ampm"]) or clock
    elif c := _CLOCK_ELSEWHERE.search(f"{text[: m.start()]} {text[m.end() :]}"):
        clock = _clock_to_time(c["h"], c["mi"], c["s"], c["ampm"]) or clock  # '17:40, 23 Dec 2023'
    return datetime.combine(day.date(), clock, tzinfo=tz)


# A clock followed by a word: maybe the language's own 'pm' ('01:15 م', '9:02 μμ').
_CLOCK_THEN_WORD = re.compile(r"\d:\d{2}(?::\d{2})?\s*[^\W\d_]")


def own_meridiem(value: datetime | None, text: str, languages: tuple[str, ...]) -> datetime | None:
    """A date the numeric and month-name forms read, with the clock turned by the page
    language's own morning/afternoon word after it, which those forms read in English only
    ('14 مارس 2024 - 01:15 م' in Arabic: 13:15)."""
    if value is None or len(languages) != 1 or languages[0] == "en" or value.hour > 12:
        return value
    if not _CLOCK_THEN_WORD.search(text):
        return value
    half = named_dates.meridiem(text, languages[0])
    if half == "pm" and 1 <= value.hour < 12:
        return value.replace(hour=value.hour + 12)
    if half == "am" and value.hour == 12:
        return value.replace(hour=0)
    return value


def _dateparser_at(
    text: str, tz_name: str, languages: tuple[str, ...], base: datetime
) -> datetime | None:
    import dateparser  # imported on first use: it costs ~0.3 s

    settings = {
        "TIMEZONE": tz_name,
        "RETURN_AS_TIMEZONE_AWARE": True,
        "PREFER_DATES_FROM": "past",
        "REQUIRE_PARTS": ["day", "month", "year"],
        # Always a base: without one dateparser reads the clock for 'Monday' or '2 days ago'.
        "RELATIVE_BASE": base,
    }
    try:
        return dateparser.parse(text, languages=list(languages) or None, settings=settings)
    except (OverflowError, ValueError):  # 'year 0' or a day past the calendar's end
        return None


@lru_cache(maxsize=4096)
def _dateparser(
    text: str, tz_name: str, languages: tuple[str, ...]
) -> tuple[datetime | None, bool]:
    """(the date dateparser reads, whether it read it relative to its base)."""
    first = _dateparser_at(text, tz_name, languages, _PROBE_BASES[0])
    if first is None or abs(first.year - _PROBE_BASES[0].year) > 1:
        return first, False  # far from the base: not read relative to it
    second = _dateparser_at(text, tz_name, languages, _PROBE_BASES[1])
    return (first, False) if first == second else (None, True)


# '11.14.2019 09:00 AM', '3/09/15 8:00am': a numeric date as a whole, which dateparser reads
# month first in English and, given no language, in English first (the order of its
# locales). A two-digit year is read as strptime's %y (00-68: 2000s), which is dateparser's
# reading against the late probe base.
_MONTH_FIRST = re.compile(
    r"(?P<mon>\d{1,2})(?P<sep>[./])(?P<d>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})"
    r"(?:\s+(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2}))?(?:\s*(?P<ampm>[ap]m))?)?",
    re.IGNORECASE,
)


def _month_first(text: str, tz: tzinfo) -> datetime | None:
    """'11.14.2019 09:00 AM' -> 2019-11-14 09:00 in `tz`, as dateparser reads it in English;
    None for any other text, or where its reading may differ (no such day, a wall time in a
    DST gap or repeated hour)."""
    m = _MONTH_FIRST.fullmatch(text)
    if not m:
        return None
    year = int(m["y"])
    if len(m["y"]) == 2:
        year += 2000 if year <= 68 else 1900
    hour, minute, second = int(m["h"] or 0), int(m["mi"] or 0), int(m["s"] or 0)
    if m["ampm"]:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if m["ampm"].lower() == "pm" else 0)
    try:
        value = datetime(year, int(m["mon"]), int(m["d"]), hour, minute, second, tzinfo=tz)
    except ValueError:
        return None
    return value if named_dates.exact_wall(value) else None


def _without_dateparser(
    text: str, tz: tzinfo, languages: tuple[str, ...], fetched_at: datetime | None
) -> tuple[bool, datetime | None]:
    """(decided, value): what `_dateparser` and the relative rule of `read_date` would
    give, where that is certain without asking dateparser (whose first use of a language
    costs tens of milliseconds); (False, None) where it is not."""
    if not all(named_dates.known_language(lang) for lang in languages):
        return True, None  # dateparser raises ValueError for a language it lacks
    if not (isinstance(tz, ZoneInfo) or tz is UTC):
        return False, None
    if languages in ((), ("en",)) and (value := _month_first(text, tz)) is not None:
        return True, value
    if len(languages) != 1:
        return False, None
    try:
        return True, named_dates.read_named(text, languages[0], tz)
    except named_dates.Undecided:
        pass
    if named_dates.foreign_word(text, languages[0]) or named_dates.idle_clock(text, languages[0]):
        return True, None  # not the language's text, or a clock alone: dateparser reads no date
    # 'vor 4 Stunden' is read against a base; without a fetch time it names no date.
    if fetched_at is None and named_dates.no_date_without_base(text, languages[0]):
        return True, None
    return False, None


# A dateline's label: one to three words and a colon before the date ('Published:',
# 'erstellt:', 'Stand:', 'Mis à jour :'). Digits end it, so '17:40' is never a label.
_LABEL = re.compile(r"^\s*[^\W\d]+(?:[ .][^\W\d]+){0,2}\s*:\s*(?=\S)")


def normalize_date(
    text: str | None,
    *,
    tz: tzinfo = UTC,
    fetched_at: datetime | None = None,
    languages: tuple[str, ...] = (),
) -> datetime | None:
    """An absolute date string -> aware datetime, never after `fetched_at`.

    '2023-12-23T17:40:00+02:00' -> that instant; 'December 23, 2023 5:40 PM' with
    tz=Europe/Kyiv -> 2023-12-23 17:40+02:00; '23. Dezember 2023' (languages=('de',)) -> day.
    """
    return read_date(text, tz=tz, fetched_at=fetched_at, languages=languages).value


def read_date(
    text: str | None,
    *,
    tz: tzinfo = UTC,
    fetched_at: datetime | None = None,
    languages: tuple[str, ...] = (),
) -> DateReading:
    """`normalize_date` with the reason a date that was read got dropped.

    '0001-01-01T00:00:00+02:00' -> DateReading(None, "dropped '0001-...': before 1800");
    '1733050800000' (epoch milliseconds) -> 2024-12-01 11:00 UTC in `tz`.
    """
    if not text or not text.strip() or len(text) > 200:
        return DateReading(None)
    text = _LABEL.sub("", text, count=1)  # 'erstellt: 01. April 2025' -> '01. April 2025'
    value = (
        read_epoch(text, tz) or _iso(text, tz) or own_meridiem(_english(text, tz), text, languages)
    )
    # A clock alone ('12:01 pm') names no day: dateparser, which requires day, month and
    # year, returns None for it after loading the language (tens of ms on its first use).
    if value is None and not _CLOCK_ONLY.match(text):
        decided, value = _without_dateparser(text.strip(), tz, languages, fetched_at)
        if decided:
            return _sane(value, fetched_at, text)
        tz_name = getattr(tz, "key", None) or "UTC"
        value, relative = _dateparser(text.strip(), tz_name, languages)
        if relative and fetched_at is not None:
            base = fetched_at.astimezone(tz).replace(tzinfo=None)
            value = _dateparser_at(text.strip(), tz_name, languages, base)
        if value is not None and value.tzinfo is not None and isinstance(tz, ZoneInfo):
            try:
                value = value.astimezone(tz)
            except OverflowError:
                return DateReading(None, f"dropped {text.strip()[:60]!r}: out of range")
    return _sane(value, fetched_at, text)


def to_utc(value: datetime | None) -> datetime | None:
    """Aware datetime -> the same instant in UTC (what the warehouse stores as TIMESTAMPTZ)."""
    return value.astimezone(UTC) if value is not None else None


def to_iso(value: datetime | None) -> str | None:
    """Aware datetime -> ISO 8601 with its own offset ('2023-12-23T17:40:00+02:00')."""
    return value.isoformat() if value is not None else None
