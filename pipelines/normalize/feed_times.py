"""Time stamps as news pages write them -> aware datetimes in the outlet's zone.

Clock times ('4:05 AM', '17:02', '14h05'), relative times in many languages ('12 min ago',
'hace 2 horas', '3 saat önce', '35分前'), year-less dates ('21 грудня, 18:40', '2月4日'),
numeric dates in the outlet's order (mm/dd/yyyy on US pages, dd.mm.yyyy elsewhere).
No clock: `fetched_at` comes in. The feed rule: each clock time is the latest moment at
that wall time not after the item above it (the first: not after `fetched_at`); in a
repeated hour after a fall-back that is the later (`fold=1`) occurrence when it fits.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import lru_cache
from typing import Literal

from pipelines.normalize.outlets import ZONES
from pipelines.normalize.vocabulary import MONTH_NUMBERS, MONTH_PATTERN, pattern, select

DateOrder = Literal["dmy", "mdy"]

_UNIT_SECONDS = {"seconds": 1, "minutes": 60, "hours": 3600, "days": 86400, "weeks": 604800}
_UNITS = sorted(
    (
        (start, seconds)
        for unit, seconds in _UNIT_SECONDS.items()
        for start in select(f"unit_{unit}")
    ),
    key=lambda pair: -len(pair[0]),
)
_AGO = re.compile(
    rf"(?:^|(?<=[\s\d(]))(?:{pattern('ago_markers')})(?=$|[\s).,])|{pattern('ago_suffixes')}"
)
_NUMBER_UNIT = re.compile(
    rf"(?P<n>\d+|\b(?:{pattern('relative_one')})\b)\s*(?P<unit>[^\W\d_]+)", re.IGNORECASE
)
_YESTERDAY = re.compile(rf"(?<!\w)(?:{pattern('yesterday')})(?!\w)", re.IGNORECASE)
_TODAY = re.compile(rf"(?<!\w)(?:{pattern('today')})(?!\w)", re.IGNORECASE)
_JUST_NOW = re.compile(rf"^\W*(?:{pattern('just_now')})\W*$", re.IGNORECASE)

_AMPM = r"(?P<ampm>[ap])\.?\s?m\b\.?"
_HOUR_MARK = pattern("hour_marks")
_MINUTE_MARK = pattern("minute_marks")
# '4:05 AM', '17:02', '18.40', '14h05', '07h30', '10:45 h', '5 p.m.', '6:12am', '7時05分', '9時5分'
_CLOCK = re.compile(
    rf"(?<![\d:.])(?P<h>[01]?\d|2[0-3])(?:(?P<sep>[:.hH]|\s*(?:{_HOUR_MARK})\s*)"
    rf"(?P<mi>[0-5]\d|\d(?=\s*(?:{_MINUTE_MARK})))(?::(?P<s>[0-5]\d))?(?:\s*(?:{_MINUTE_MARK}))?)?"
    rf"(?![\d:])\s*(?:{_AMPM})?",
    re.IGNORECASE,
)
# year first, then month and day: '2024-03-15', '2024.03.15', '2024. 03. 10.' (no language writes y-d-m)
_ISO = re.compile(
    r"(?<![\d.:/])(?P<y>\d{4})(?P<sep>[-./])\s?(?P<m>\d{1,2})(?P=sep)\s?(?P<d>\d{1,2})(?![\d/])\.?"
    r"(?:[T ](?=\d))?"
)
_CJK = re.compile(
    rf"(?:(?P<y>\d{{4}})\s*(?:{pattern('year_marks')})\s*)?(?P<m>\d{{1,2}})\s*"
    rf"(?:{pattern('month_marks')})\s*(?P<d>\d{{1,2}})\s*(?:{pattern('day_marks')})"
)
_NUMERIC = re.compile(
    r"(?<![\d.:/])(?P<a>\d{1,2})(?P<sep>[./-])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})(?![\d:])"
)
# A year-less numeric date before a clock time: '03.14 22:10', '14.03. 22:10', '12/03 à 14h35'
# (without the clock '14.03' is no date: '07.30' is a time in many languages).
_SHORT_NUMERIC = re.compile(
    r"(?<![\d.:/])(?P<a>\d{1,2})(?P<sep>[./-])(?P<b>\d{1,2})\.?,?\s+(?:[^\W\d_]{1,4}\.?\s+)?"
    r"(?=\d{1,2}[:.h]\d{2}(?!\d))"
)
_DAY_MONTH = re.compile(
    rf"(?<!\d)(?P<d>\d{{1,2}})(?:{pattern('ordinal_suffixes')}|\.)?\s*(?:de\s+)?(?P<mon>{MONTH_PATTERN})(?![^\W\d_])"
    rf"\.?(?:,?\s*(?:de\s+)?(?P<y>\d{{4}})(?!\d))?",
    re.IGNORECASE,
)
_MONTH_DAY = re.compile(
    rf"(?<![^\W\d_])(?P<mon>{MONTH_PATTERN})\.?\s+(?P<d>\d{{1,2}})(?:{pattern('ordinal_suffixes')})?(?!\d)"
    rf"(?:,?\s+(?P<y>\d{{4}})(?!\d))?",
    re.IGNORECASE,
)
# Every date form above holds a digit: a text without one (half the stamps and titles asked
# whether they are stamps) is passed over by this one scan instead of six. A month's name
# holds a letter: a stamp of figures alone ('05.06.2025 14:46') needs no name pattern.
_DIGIT = re.compile(r"\d")
_LETTER = re.compile(r"[^\W\d_]")


def date_order(texts: Sequence[str | None], zone_name: str | None) -> DateOrder:
    """Whether '02/09/2024' is 9 February ('mdy') or 2 September ('dmy') on this page:
    a part above 12 decides; else the zone's country (month first in the US)."""
    for text in texts:
        for m in _NUMERIC.finditer(text or ""):
            a, b = int(m["a"]), int(m["b"])
            if a > 12 >= b:
                return "dmy"
            if b > 12 >= a and m["sep"] != ".":
                return "mdy"
    return "mdy" if zone_name in ZONES.month_first else "dmy"


def _wall(day: date, clock: time, tz: tzinfo, fold: int = 0) -> datetime | None:
    """The instant of a wall time in `tz`, or None in a spring-forward gap."""
    value = datetime.combine(day, clock, tzinfo=tz).replace(fold=fold)
    back = value.astimezone(UTC).astimezone(tz)
    if back.replace(tzinfo=None) != value.replace(tzinfo=None, fold=0):
        return None
    return value


def latest_at_clock(clock: time, bound: datetime, tz: tzinfo) -> datetime | None:
    """The latest moment at wall time `clock` in `tz` not after `bound` (an aware datetime).

    Gaps are skipped, and of a repeated hour the later occurrence wins when it fits.
    """
    local = bound.astimezone(tz)
    limit = bound.astimezone(UTC)
    best: datetime | None = None
    for back in range(3):
        day = local.date() - timedelta(days=back)
        for fold in (0, 1):
            value = _wall(day, clock, tz, fold)
            if value is None:
                continue
            instant = value.astimezone(UTC)
            if instant <= limit and (best is None or instant > best.astimezone(UTC)):
                best = value
        if best is not None:
            return best.astimezone(tz)
    return None


def _clock_of(m: re.Match[str]) -> time | None:
    hour, minute, second = int(m["h"]), int(m["mi"] or 0), int(m["s"] or 0)
    if m["ampm"]:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if m["ampm"].lower() == "p" else 0)
    elif m["mi"] is None:
        return None  # a bare number is no time ('3' of '3 saat önce')
    elif m["sep"] == "." and hour > 23:
        return None
    return time(hour, minute, second)


def find_clock(text: str) -> time | None:
    """'Posted 6:15 PM' -> 18:15; '14h05' -> 14:05; 'à 07h30' -> 07:30; '2024' -> None."""
    for m in _CLOCK.finditer(text):
        clock = _clock_of(m)
        if clock is not None:
            return clock
    return None


def _relative(text: str) -> timedelta | None:
    """'12 min ago' -> 12 minutes; 'hace 2 horas' -> 2 hours; '35分前' -> 35 minutes."""
    if not _AGO.search(text.lower()):
        return None
    for m in _NUMBER_UNIT.finditer(text):
        word = m["unit"].lower()
        seconds = next((size for start, size in _UNITS if word.startswith(start)), None)
        if seconds is None:
            continue
        n = int(m["n"]) if m["n"].isdigit() else 1
        return timedelta(seconds=n * seconds)
    return None


def relative_delta(text: str) -> timedelta | None:
    """The whole text is a relative stamp ('for 2 timer siden', '3 saat önce') -> its span."""
    delta = _relative(text)
    if delta is None or not is_stamp(text):
        return None
    return delta


def _year(y: str | None) -> int | None:
    if not y:
        return None
    return int(y) if len(y) == 4 else 2000 + int(y)


def find_date(text: str, order: DateOrder = "dmy") -> tuple[int | None, int, int, str] | None:
    """The first date in `text`: (year or None, month, day, the text left without it).

    '02/09/2024' with order 'mdy' -> (2024, 2, 9, ''); '21 грудня, 18:40' ->
    (None, 12, 21, ', 18:40'); '2024年2月5日 18:30' -> (2024, 2, 5, ' 18:30').
    """
    if _DIGIT.search(text) is None:
        return None
    found: list[tuple[int, int | None, int, int, re.Match[str]]] = []
    if m := _ISO.search(text):
        found.append((m.start(), int(m["y"]), int(m["m"]), int(m["d"]), m))
    if m := _CJK.search(text):
        found.append((m.start(), _year(m["y"]), int(m["m"]), int(m["d"]), m))
    if m := _NUMERIC.search(text):
        a, b = int(m["a"]), int(m["b"])
        month_first = (order == "mdy" and m["sep"] != "." and a <= 12) or b > 12
        month, day = (a, b) if month_first else (b, a)
        found.append((m.start(), _year(m["y"]), month, day, m))
    if not found and (m := _SHORT_NUMERIC.search(text)):
        a, b = int(m["a"]), int(m["b"])
        month, day = (a, b) if order == "mdy" or b > 12 else (b, a)
        found.append((m.start(), None, month, day, m))
    for named in (_DAY_MONTH, _MONTH_DAY) if _LETTER.search(text) else ():
        if m := named.search(text):
            found.append(
                (m.start(), _year(m["y"]), MONTH_NUMBERS[m["mon"].lower()], int(m["d"]), m)
            )
    for _, year, month, day, m in sorted(found, key=lambda f: f[0]):
        if 1 <= month <= 12 and 1 <= day <= 31:
            return year, month, day, text[: m.start()] + " " + text[m.end() :]
    return None


def _on_day(
    year: int | None, month: int, day: int, clock: time, tz: tzinfo, fetched_at: datetime | None
) -> datetime | None:
    """A wall time on a date; a year-less date is the latest such not after `fetched_at`."""
    if year is not None:
        years = [year]
    elif fetched_at is not None:
        now_year = fetched_at.astimezone(tz).year
        years = [now_year, now_year - 1]
    else:
        return None
    for y in years:
        try:
            day_ = date(y, month, day)
        except ValueError:
            continue
        value = _wall(day_, clock, tz) or _wall(day_, clock, tz, 1)
        if value is None:  # a wall time in a spring-forward gap: the hour after
            value = datetime.combine(day_, clock, tzinfo=tz) + timedelta(hours=1)
        if year is not None or fetched_at is None or value.astimezone(UTC) <= fetched_at:
            return value
    return None


def normalize_stamp(
    text: str | None,
    *,
    tz: tzinfo,
    fetched_at: datetime | None,
    order: DateOrder = "dmy",
    bound: datetime | None = None,
) -> datetime | None:
    """One stamp -> an aware datetime in `tz`, or None when it names no moment.

    A clock time alone is the latest at that wall time not after `bound` (default
    `fetched_at`); 'Yesterday' without a time is None; a date without a time is 00:00.
    '12 min ago' with fetched_at 10:00Z -> 09:48Z in `tz`.
    """
    if not text or not text.strip() or len(text) > 120:
        return None
    text = text.strip()
    if fetched_at is not None and _JUST_NOW.match(text):
        return fetched_at.astimezone(tz)
    if fetched_at is not None and (delta := _relative(text)) is not None:
        return (fetched_at - delta).astimezone(tz)
    dated = find_date(text, order)
    if dated is not None:
        year, month, day, rest = dated
        return _on_day(year, month, day, find_clock(rest) or time(0, 0), tz, fetched_at)
    clock = find_clock(text)
    if _YESTERDAY.search(text):
        if clock is None or fetched_at is None:
            return None
        day_before = fetched_at.astimezone(tz).date() - timedelta(days=1)
        return _wall(day_before, clock, tz, 1) or _wall(day_before, clock, tz)
    if clock is None:
        return None
    limit = bound or fetched_at
    if limit is None:
        return None
    if _TODAY.search(text) and fetched_at is not None:
        limit = min(limit, fetched_at)
    return latest_at_clock(clock, limit, tz)


def resolve_times(
    stamps: Sequence[str | None],
    *,
    fetched_at: datetime | None,
    tz: tzinfo,
    order: DateOrder = "dmy",
) -> list[datetime | None]:
    """A newest-first list's stamps -> datetimes by the feed rule.

    ['4:05 AM', '1:55 AM', '11:58 PM'] fetched 2024-03-10 11:20Z in Los Angeles ->
    04:05-07:00, 01:55-08:00 (before the spring-forward gap), 9 March 23:58-08:00.
    Every resolved stamp (clock, relative or dated) bounds the clock times below it.
    """
    if fetched_at is None:
        return [None] * len(stamps)
    bound = fetched_at
    out: list[datetime | None] = []
    for stamp in stamps:
        value = normalize_stamp(stamp, tz=tz, fetched_at=fetched_at, order=order, bound=bound)
        if value is not None:
            bound = value
        out.append(value)
    return out


# A stamp beside a headline repeats on a template's cards ('Politics', '2 hours ago'): a pure
# function of the text, cached.
@lru_cache(maxsize=8192)
def is_stamp(text: str) -> bool:
    """'00:31', '12:05 AM', '2 hours ago', 'Вчора', '17.01.2024, 18:20' -> True; a title -> False."""
    text = text.strip()
    if not text or len(text) > 40:
        return False
    if _relative(text) is not None or _JUST_NOW.match(text):
        return True
    if _YESTERDAY.fullmatch(text) or _TODAY.fullmatch(text):
        return True
    rest = text
    dated = find_date(text)
    if dated is not None:
        rest = dated[3]
    rest = _CLOCK.sub(" ", rest) if find_clock(rest) is not None or dated is not None else rest
    rest = _YESTERDAY.sub(" ", _TODAY.sub(" ", rest))
    if rest == text:
        return False
    return len(re.sub(r"[\W\d_]+", "", rest)) <= 3  # 'h', 'Uhr', 'at'
