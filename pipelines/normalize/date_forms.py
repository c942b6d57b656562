"""One date stamp as content systems write it -> datetime, and the day in a URL's path. Pure.

Machine-written stamps first: ISO 8601 and its loose variants, the C library's date(1)
form, RFC 2822, slashed dates (US order when written for software); `url_date` reads
'/2020/06/07/', '/20200607/' and '/29-10-2021' from a path. `date_rules` chooses among
the stamps read here; `text_dates` finds dates in a page's text.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from email.utils import parsedate_to_datetime
from functools import lru_cache

from pipelines.normalize.dates import parse_iso
from pipelines.normalize.vocabulary import MONTHS

EARLIEST = date(1995, 1, 1)  # the web's news archives start here (htmldate's lower bound too)

# '2022-1-26T14:32:06+02:00', '2022-01-10T22:06:08:684Z', '2020-09-26T12:07:40+02:00CET',
# '2023-11-08 17:49:09': ISO 8601 as content systems really write it.
_LOOSE_ISO = re.compile(
    r"^\s*(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
    r"(?:[T ](?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2}))?(?:[.,:]\d+)?)?"
    r"\s*(?P<z>Z|[+-]\d{2}:?\d{2})?(?:\s*[A-Z]{1,5})?\s*$"
)
# 'Tue Jan 28 15:28:56 CET 2020': the C library's date(1) form, with a zone abbreviation.
_CTIME = re.compile(
    r"^\s*[A-Za-z]{3},?\s+(?P<mon>[A-Za-z]{3})\s+(?P<d>\d{1,2})\s+"
    r"(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2}))?\s+(?P<zone>[A-Z]{1,5}\s+)?(?P<y>\d{4})\s*$"
)
_MON3 = {  # 'jan' -> 1: date(1) writes the English abbreviations whatever the locale
    word[:3]: month
    for month, spellings in enumerate(MONTHS["en"].split(","), start=1)
    for word in spellings.split()
}
# RFC 822 / 2822 zone names, plus the Central European pair that date(1) writes.
_ZONE_ABBR = {
    "UT": 0,
    "UTC": 0,
    "GMT": 0,
    "Z": 0,
    "EST": -5,
    "EDT": -4,
    "CST": -6,
    "CDT": -5,
    "MST": -7,
    "MDT": -6,
    "PST": -8,
    "PDT": -7,
    "CET": 1,
    "CEST": 2,
}
# '11/01/2023 12:43:42', '06/13/2019': a slashed date. Machine-written values (meta tags,
# structured data) follow the US month/day order of the software that wrote them; text a
# reader sees follows day/month unless a part above 12 says otherwise.
_SLASHED = re.compile(
    r"^\s*(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4})"
    r"(?:[ ,T]+(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2}))?)?\s*$"
)
_RFC2822 = re.compile(r"^\s*[A-Za-z]{3},\s+\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d")

# Dates in a URL path: '/2020/06/07/', '/2017/7/12/', '/2020-06-07-', '/20200607/',
# '/29-10-2021'. The day ends its segment ('/2023/10/3-fragen' is a month and a title).
# Only the path is read, never the query.
_URL_YMD = re.compile(
    r"(?<![\d])(?P<y>(?:19|20)\d{2})(?P<sep>[/_-])(?P<m>0?[1-9]|1[0-2])(?P=sep)"
    r"(?P<d>0?[1-9]|[12]\d|3[01])(?:(?P=sep)|[/._]|$)"
)
_URL_COMPACT = re.compile(
    r"(?<![\d])(?P<y>(?:19|20)\d{2})(?P<m>0[1-9]|1[0-2])(?P<d>0[1-9]|[12]\d|3[01])(?![\d])"
)
_URL_DMY = re.compile(
    r"(?<![\d])(?P<d>0[1-9]|[12]\d|3[01])-(?P<m>0[1-9]|1[0-2])-(?P<y>(?:19|20)\d{2})(?![\d])"
)

MIDNIGHT = time(0, 0)  # a date-only value's wall time


def url_date(url: str | None) -> date | None:
    """'https://x.org/2020/06/07/story' -> date(2020, 6, 7); '/20200607/' too; no day -> None."""
    if not url:
        return None
    path = url.split("?", 1)[0].split("#", 1)[0]
    path = path.split("://", 1)[-1]
    path = path[path.find("/") :] if "/" in path else ""
    for shape in (_URL_YMD, _URL_COMPACT, _URL_DMY):
        m = shape.search(path)
        if m:
            try:
                return date(int(m["y"]), int(m["m"]), int(m["d"]))
            except ValueError:
                continue
    return None


def _clock(h: str | None, mi: str | None, s: str | None) -> time | None:
    if h is None:
        return time(0, 0)
    hour, minute, second = int(h), int(mi or 0), int(s or 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    return time(hour, minute, second)


def _offset(text: str | None) -> tzinfo | None:
    if not text:
        return None
    if text == "Z":
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))


def _build(y: int, m: int, d: int, clock: time | None, tz: tzinfo | None) -> datetime | None:
    if clock is None:
        return None
    try:
        return datetime.combine(date(y, m, d), clock, tzinfo=tz)
    except ValueError:
        return None


def read_stamp(text: str | None, *, machine: bool = True) -> datetime | None:
    """A machine-written stamp -> datetime (naive when it carries no offset), fast paths only.

    '2020-09-26T12:07:40+02:00CET' -> 12:07:40+02:00; 'Tue Jan 28 15:28:56 CET 2020' ->
    15:28:56+01:00; 'Sat, 19 Oct 2019 00:04:00 +0200' -> that; '06/13/2019' -> 13 June.
    """
    if not text or len(text) > 80:
        return None
    return _read_stamp(text, machine)


# A page's stamps are read again for each value placed among them (date_rules.page_offset):
# a pure function of the text, cached.
@lru_cache(maxsize=4096)
def _read_stamp(text: str, machine: bool) -> datetime | None:
    value = parse_iso(text)
    if value is not None:
        return value
    if m := _LOOSE_ISO.match(text):
        tzv = _offset(m["z"])
        return _build(int(m["y"]), int(m["m"]), int(m["d"]), _clock(m["h"], m["mi"], m["s"]), tzv)
    if m := _CTIME.match(text):
        month = _MON3.get(m["mon"].lower())
        zone = (m["zone"] or "").strip()
        hours = _ZONE_ABBR.get(zone) if zone else None
        if month is None or (zone and hours is None):
            return None
        tzv = timezone(timedelta(hours=hours)) if hours is not None else None
        return _build(int(m["y"]), month, int(m["d"]), _clock(m["h"], m["mi"], m["s"]), tzv)
    if _RFC2822.match(text):
        try:
            return parsedate_to_datetime(text)
        except (TypeError, ValueError):
            return None
    if m := _SLASHED.match(text):
        a, b = int(m["a"]), int(m["b"])
        month, day = (a, b) if (machine and a <= 12) or b > 12 else (b, a)
        return _build(int(m["y"]), month, day, _clock(m["h"], m["mi"], m["s"]), None)
    return None
