"""Which of a page's date stamps is its publication date, in the outlet's own day. Pure.

A page offers many stamps (structured data, meta tags, microformats, <time>, the URL, the
visible text). `choose_published` takes them in order of trust and returns the first that
reads as a plausible date, then checks it against the page's own evidence:

- a date in the URL path (`/2020/06/07/`) is the day the outlet filed the page under: a
  structured stamp of another day is a re-publish or a migration, so a stamp of the URL's
  day wins, else the URL's day itself;
- a stamp carried in UTC is moved to the page's local offset (a local wall-clock stamp of
  the same instant, offsets written elsewhere on the page, the outlet's zone), so that
  '2023-11-09T03:28:35Z' on a page written at UTC-5 is 8 November, as the outlet wrote it;
  a UTC midnight is a day written that way and stays that day;
- a JSON-LD stamp whose day contradicts the page's own <meta> timestamp gives way to it
  (htmldate reads the meta tags first), unless that tag only copies dateModified.

No clock: the latest plausible date is `fetched_at` when it is known.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from email.utils import parsedate_to_datetime

from pipelines.normalize.dates import find_date, normalize_date, parse_iso, read_epoch
from pipelines.normalize.vocabulary import MONTHS, pattern

EARLIEST = date(1995, 1, 1)  # the web's news archives start here (htmldate's lower bound too)
_QUARTER_HOUR = timedelta(minutes=15)
_MAX_OFFSET = timedelta(hours=14)

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


@dataclass(frozen=True, slots=True)
class DateStamp:
    """One date string found on a page: where (`source`) and what it claims (`kind`:
    'published', 'updated', or 'other' for stamps that only show the page's offset)."""

    text: str
    source: str
    kind: str = "published"
    machine: bool = True  # written for software (an attribute, a meta tag) or for readers


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


def read_stamp(text: str | None, tz: tzinfo = UTC, *, machine: bool = True) -> datetime | None:
    """A machine-written stamp -> datetime (naive when it carries no offset), fast paths only.

    '2020-09-26T12:07:40+02:00CET' -> 12:07:40+02:00; 'Tue Jan 28 15:28:56 CET 2020' ->
    15:28:56+01:00; 'Sat, 19 Oct 2019 00:04:00 +0200' -> that; '06/13/2019' -> 13 June.
    """
    if not text or len(text) > 80:
        return None
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


_SLASHED_IN_TEXT = re.compile(r"(?<![\d/.])\d{1,2}/\d{1,2}/\d{4}(?![\d/])")


# Every date the fast paths read has a four-digit year or a 'dd.mm.yy': found first, with a
# cheap pattern, then read in a small window around it (the month-name patterns are slow
# over a whole page: 14 ms on 80 KB of text, against well under 1 ms this way).
_YEARISH = re.compile(r"(?<!\d)(?:(?:19|20)\d{2}|\d{1,2}\.\d{1,2}\.\d{2})(?!\d)")


def dates_in_text(text: str, *, limit: int = 50) -> list[tuple[int, str]]:
    """(position, fragment) of each readable date in free text, in order, at most `limit`.

    'Von Eva | 22.11.2020 | 3 min' -> [(10, '22.11.2020')]; version numbers ('8. 9. 10')
    and impossible days are skipped.
    """
    out: list[tuple[int, str]] = []
    done = 0  # text before this is read
    for m in _YEARISH.finditer(text):
        if m.end() <= done:
            continue
        lo = max(m.start() - 40, done)
        found = _date_around(text[lo : m.end() + 25], m.start() - lo, m.end() - lo)
        if found is None:
            continue
        start, end, fragment = found
        done = lo + end
        out.append((lo + start, fragment))
        if len(out) >= limit:
            break
    return out


def _date_around(window: str, lo: int, hi: int) -> tuple[int, int, str] | None:
    """The readable date in `window` that holds window[lo:hi] (its year), if any."""
    slashed = _SLASHED_IN_TEXT.search(window)
    if slashed and slashed.start() <= lo and slashed.end() >= hi:
        value = read_stamp(slashed.group(0), machine=False)
        return (slashed.start(), slashed.end(), slashed.group(0)) if value else None
    offset = 0
    while (span := find_date(window[offset:])) is not None:
        start, end = offset + span[0], offset + span[1]
        if start > lo:
            return None
        if end >= hi:
            value = normalize_date(window[start:end])
            if value is None or value.date() < EARLIEST:
                return None
            return start, end, window[start:end]
        offset = end
    return None


_BEFORE_HEADLINE = 3_000
_WINDOW = 25_000


def date_near(text: str, anchor: str | None) -> str | None:
    """The date of a page's text: by its kind (`_text_date_kind`: labelled as the
    publication, a dateline, labelled as an update, in prose), then the one written
    nearest the headline `anchor` (before or after it: a dateline sits on either side),
    else the first; None without one."""
    at = text.find(anchor) if anchor else -1
    start = max(at - _BEFORE_HEADLINE, 0) if at >= 0 else 0
    window = text[start : start + _WINDOW]  # a dateline is near the headline; bounded work
    found = dates_in_text(window)
    if not found and len(window) < len(text):
        return next(
            (fragment for _, fragment in dates_in_text(text, limit=1)), None
        )  # far down a long menu
    if not found:
        return None
    if at < 0:
        return min(found, key=lambda f: (_text_date_kind(window, *f), f[0]))[1]
    at -= start
    end = at + len(anchor or "")

    def rank(found: tuple[int, str]) -> tuple[int, int, bool]:  # its kind, then the gap
        pos, fragment = found
        kind = _text_date_kind(window, pos, fragment)
        return (kind, pos - end, False) if pos >= end else (kind, at - pos - len(fragment), True)

    return min(found, key=rank)[1]


_LABEL_END = rf"(?!\w)(?:\s+(?:{pattern('date_label_particles')}))?\s*[:：]?\s*$"
_PUBLISHED_BEFORE = re.compile(rf"(?<!\w)(?:{pattern('published_labels')}){_LABEL_END}", re.I)
_UPDATED_BEFORE = re.compile(rf"(?<!\w)(?:{pattern('updated_labels')}){_LABEL_END}", re.I)
_DATELINE = 80  # a line this short around a date is a dateline; a longer one, prose
_IN_SENTENCE = re.compile(r"[^\W\d_]\s+$")  # a word, then the date: 'Seit 4. August 2014 ...'


def _text_date_kind(text: str, pos: int, fragment: str) -> int:
    """How a date in a page's text reads: 0 labelled as the publication ('Erschienen am
    01.11.2023'), 1 a dateline of its own, 2 labelled as an update ('Letzte Änderung:
    31.10.2023'), 3 a date in running prose ('Seit 4. August 2014 gilt ...'), which is
    about the story's events, not the page. The label may end the line before."""
    line_start = text.rfind("\n", 0, pos) + 1
    line_end = text.find("\n", pos)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    before = text[line_start:pos]
    if not before.strip() and line_start > 0:
        before = text[text.rfind("\n", 0, line_start - 1) + 1 : line_start - 1]
    before = before[-60:]
    if _PUBLISHED_BEFORE.search(before):
        return 0
    if _UPDATED_BEFORE.search(before):
        return 2
    if len(line.strip()) <= _DATELINE or not _IN_SENTENCE.search(before):
        return 1  # a short line, or a long one it opens ('Karlsruhe, (12.11.2021). Text')
    return 3


def _value(stamp: DateStamp, tz: tzinfo, languages: tuple[str, ...] | None) -> datetime | None:
    """The stamp as an aware datetime (wall times in `tz`), or None. `languages` None: the
    fast paths only (dateparser guessing among all its locales costs seconds to load)."""
    value = read_stamp(stamp.text, tz, machine=stamp.machine)
    if value is None and stamp.machine:  # '1733050800000': epoch milliseconds (or seconds)
        value = read_epoch(stamp.text.strip(), tz)
    if value is not None:
        return value if value.tzinfo is not None else value.replace(tzinfo=tz)
    if not stamp.machine and languages is not None:
        return normalize_date(stamp.text, tz=tz, languages=languages)
    # A value written for software that is no known format ('2023-11-02T20-59-53Z',
    # 'Tuesday, 28 January 2020'): the date inside it on the fast paths, never a guess
    # of dateparser's ('2013' alone is no day).
    span = find_date(stamp.text)
    return normalize_date(stamp.text[span[0] : span[1]], tz=tz) if span else None


def _plausible(value: datetime | None, fetched_at: datetime | None) -> bool:
    if value is None or value.date() < EARLIEST:
        return False
    return fetched_at is None or value <= fetched_at


def any_published(stamps: list[DateStamp]) -> bool:
    """Some 'published' stamp reads as a date on the fast paths (then the page's text need
    not be searched; dateparser, 10-800 ms on a first call, is not asked)."""
    for stamp in stamps:
        if stamp.kind != "published":
            continue
        value = read_stamp(stamp.text, machine=stamp.machine)
        if value is not None and value.date() >= EARLIEST:
            return True
        if value is None and find_date(stamp.text) is not None:
            return True
    return False


def page_offset(value: datetime, stamps: list[DateStamp], tz: tzinfo) -> tzinfo | None:
    """The local offset of a page whose `value` came in UTC, from the page's own evidence:
    a wall-clock stamp of the same instant ('2023-11-08 22:28:35' beside
    '2023-11-09T03:28:35Z' -> UTC-5), else the offset most stamps on the page carry, else
    the outlet's zone `tz`. None when nothing says (or the page is in UTC)."""
    naive_value = value.astimezone(UTC).replace(tzinfo=None)
    offsets: Counter[timedelta] = Counter()
    for stamp in stamps:
        other = read_stamp(stamp.text, tz, machine=stamp.machine)
        if other is None:
            continue
        if other.tzinfo is None:
            diff = other - naive_value
            if diff and abs(diff) <= _MAX_OFFSET and diff % _QUARTER_HOUR == timedelta(0):
                return timezone(diff)
        elif (off := other.utcoffset()) is not None and off:
            offsets[off] += 1
    if offsets:
        return timezone(offsets.most_common(1)[0][0])
    return tz if value.astimezone(tz).utcoffset() else None


def _shown_days(stamps: list[DateStamp], tz: tzinfo) -> set[date]:
    """The days the page's readable dates show (fast paths only)."""
    days = set()
    for stamp in stamps:
        if not stamp.machine and (value := _value(stamp, tz, None)) is not None:
            days.add(value.date())
    return days


def _localized(value: datetime, stamps: list[DateStamp], tz: tzinfo) -> datetime:
    if value.utcoffset() or value.timetz() == time(0, 0, tzinfo=value.tzinfo):
        return value  # its own offset (the outlet's wall time), or a day written as midnight
    zone = page_offset(value, stamps, tz)
    if zone is None:
        return value
    local = value.astimezone(zone)
    if local.date() != value.date():
        shown = _shown_days(stamps, tz)
        if value.date() in shown and local.date() not in shown:
            return value  # the page shows readers the UTC day: that is the outlet's day
    return local


_STRUCTURED = ("jsonld", "meta", "microdata", "microformat")
_UPDATE_LABEL = re.compile(rf"(?<!\w)(?:{pattern('updated_labels')})(?!\w)", re.IGNORECASE)


def _redated(
    published: datetime, stamps: list[DateStamp], tz: tzinfo, fetched_at: datetime | None
) -> tuple[datetime, str] | None:
    """The structured update, when the page's dateline shows its day (unlabelled, as the
    page's date) and not the structured publication's: the outlet re-dated the story and
    shows readers the new day (a re-publish). None otherwise."""
    shown = next((s for s in stamps if s.source == "visible" and s.kind == "published"), None)
    if shown is None or _UPDATE_LABEL.search(shown.text):
        return None  # no dateline, or one that says it shows the update
    shown_value = _value(shown, tz, None)
    if shown_value is None or shown_value.date() == published.date():
        return None
    for stamp in stamps:
        if stamp.kind == "updated" and stamp.source in _STRUCTURED:
            value = _value(stamp, tz, None)
            if not _plausible(value, fetched_at):
                continue
            assert value is not None
            value = _localized(value, stamps, tz)
            if value.date() == shown_value.date() and value > published:
                return value, stamp.source
            return None  # the first readable update only
    return None


def choose_published(
    stamps: list[DateStamp],
    *,
    url: str | None = None,
    tz: tzinfo = UTC,
    fetched_at: datetime | None = None,
    languages: tuple[str, ...] | None = (),
) -> tuple[datetime | None, str | None]:
    """The publication instant and its source, from `stamps` in order of trust. Text a
    reader sees goes to dateparser in `languages` (() lets it guess; None: never).

    [DateStamp('2023-11-09T03:28:35Z', 'jsonld'), DateStamp('2023-11-08 22:28:35', 'meta')]
    -> (2023-11-08 22:28:35-05:00, 'jsonld'); a stamp of another day than the URL's
    '/2017/7/12/' -> 2017-07-12 from the URL.
    """
    published = [s for s in stamps if s.kind == "published"]
    day = url_date(url)
    if day is not None and not _plausible(datetime.combine(day, MIDNIGHT, tzinfo=tz), fetched_at):
        day = None
    values: list[tuple[datetime, str]] = []
    for stamp in published:
        if values and day is None and stamp.source != "meta":
            continue  # past the first, only a meta tag can overrule it (below)
        # Past the first, the fast paths only: a later stamp is a check, worth no dateparser.
        value = _value(stamp, tz, None if values else languages)
        if not _plausible(value, fetched_at):
            continue
        assert value is not None
        values.append((_localized(value, stamps, tz), stamp.source))
        if day is None and len(values) > 1:
            break  # the first, and the meta tag that may overrule it
    if day is not None:
        # a UTC stamp kept as the page showed it may be the URL's day in the outlet's zone
        on_day = next((v for v in values if v[0].date() == day), None) or next(
            ((local, source) for v, source in values if (local := v.astimezone(tz)).date() == day),
            None,
        )
        return on_day or (datetime.combine(day, MIDNIGHT, tzinfo=tz), "url")
    if not values:
        return None, None
    first = values[0]
    if first[1] in _STRUCTURED and (redated := _redated(first[0], stamps, tz, fetched_at)):
        return redated
    if first[1] == "jsonld":
        # Structured data that contradicts the page's own meta tag (a full stamp, not an
        # edition's day) is a re-publish or a migration stamp: the meta tag is read first,
        # as htmldate does.
        meta = next((v for v in values if v[1] == "meta"), None)
        if (
            meta is not None
            and meta[0].date() != first[0].date()
            and meta[0].timetz().replace(tzinfo=None) != MIDNIGHT
        ):
            structured = ("jsonld", "meta")
            updated = {
                _value(s, tz, languages)
                for s in stamps
                if s.kind == "updated" and s.source in structured
            }
            if meta[0] not in updated:  # not a 'published' tag that copies dateModified
                return meta
    return first


def choose_updated(
    stamps: list[DateStamp],
    *,
    tz: tzinfo = UTC,
    fetched_at: datetime | None = None,
    languages: tuple[str, ...] | None = (),
    published: datetime | None = None,
) -> tuple[datetime | None, str | None]:
    """The first plausible 'updated' stamp, in the page's offset: a UTC stamp takes the
    offset the `published` instant was shown in, if the page gave none of its own."""
    for stamp in stamps:
        if stamp.kind != "updated":
            continue
        value = _value(stamp, tz, languages)
        if _plausible(value, fetched_at):
            assert value is not None
            value = _localized(value, stamps, tz)
            if not value.utcoffset() and published is not None and published.utcoffset():
                value = value.astimezone(published.tzinfo)
            return value, stamp.source
    return None, None
