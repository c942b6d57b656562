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
from zoneinfo import ZoneInfo

from pipelines.normalize.date_forms import EARLIEST, MIDNIGHT, read_stamp, url_date
from pipelines.normalize.dates import find_date, normalize_date, read_epoch
from pipelines.normalize.outlets import ZONES
from pipelines.normalize.vocabulary import pattern

_QUARTER_HOUR = timedelta(minutes=15)
_HALF_HOUR = timedelta(minutes=30)
_MAX_OFFSET = timedelta(hours=14)


@dataclass(frozen=True, slots=True)
class DateStamp:
    """One date string found on a page: where (`source`) and what it claims (`kind`:
    'published', 'updated', or 'other' for stamps that only show the page's offset)."""

    text: str
    source: str
    kind: str = "published"
    machine: bool = True  # written for software (an attribute, a meta tag) or for readers


def _value(stamp: DateStamp, tz: tzinfo, languages: tuple[str, ...] | None) -> datetime | None:
    """The stamp as an aware datetime (wall times in `tz`), or None. `languages` None: the
    fast paths only (dateparser guessing among all its locales costs seconds to load)."""
    value = read_stamp(stamp.text, machine=stamp.machine)
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


def shown_day(text: str) -> date | None:
    """The day a date written for readers shows, on the fast paths only ('Feb 14, 2016
    10:47 AM EST' -> 2016-02-14); None when they do not read it."""
    value = _value(DateStamp(text, "visible", machine=False), UTC, None)
    return value.date() if value is not None else None


def page_offset(
    value: datetime, stamps: list[DateStamp], tz: tzinfo, kind: str = "published"
) -> tzinfo | None:
    """The local offset of a page whose `value` came in UTC, from the page's own evidence:
    a wall-clock stamp of the same instant ('2023-11-08 22:28:35' beside
    '2023-11-09T03:28:35Z' -> UTC-5; a `kind` stamp written for readers, 'November 8, 2023
    10:28 PM', when it is whole or half hours off), else the offset most stamps on the page carry, else
    the outlet's zone `tz`. None when nothing says (or the page is in UTC)."""
    naive_value = value.astimezone(UTC).replace(tzinfo=None)
    offsets: Counter[timedelta] = Counter()
    for stamp in stamps:
        other = read_stamp(stamp.text, machine=stamp.machine)
        step = _QUARTER_HOUR
        if other is None and not stamp.machine and stamp.kind == kind:
            shown = _value(stamp, UTC, None)  # 'June 7, 2020 10:00 PM': a reader's clock
            other = shown.replace(tzinfo=None) if shown and (shown.hour or shown.minute) else None
            step = _HALF_HOUR
        if other is None:
            continue
        if other.tzinfo is None:
            diff = other - naive_value
            if diff and abs(diff) <= _MAX_OFFSET and diff % step == timedelta(0):
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


def _localized(
    value: datetime, stamps: list[DateStamp], tz: tzinfo, kind: str = "published"
) -> datetime:
    if value.utcoffset() or value.timetz() == time(0, 0, tzinfo=value.tzinfo):
        return value  # its own offset (the outlet's wall time), or a day written as midnight
    zone = page_offset(value, stamps, tz, kind)
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
            value = _localized(value, stamps, tz, "updated")
            if value.date() == shown_value.date() and value > published:
                return value, stamp.source
            return None  # the first readable update only
    return None


def _language_zone(tz: tzinfo, languages: tuple[str, ...] | None) -> tzinfo:
    """The outlet's zone, or, when none is known (UTC), the zone the page's language is
    written in when it has one (not English: its news is written around the world), so
    that a day stored as local midnight in UTC ('2020-06-06T22:00:00Z' on a German page)
    is that local day again. The zone evidence's own table (outlets.toml)."""
    if tz is not UTC or not languages or languages[0] == "en":
        return tz
    zones = ZONES.language_zones.get(languages[0], ())
    return ZoneInfo(zones[0]) if zones else tz


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
    tz = _language_zone(tz, languages)
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
    tz = _language_zone(tz, languages)
    for stamp in stamps:
        if stamp.kind != "updated":
            continue
        value = _value(stamp, tz, languages)
        if _plausible(value, fetched_at):
            assert value is not None
            value = _localized(value, stamps, tz, "updated")
            if not value.utcoffset() and published is not None and published.utcoffset():
                value = value.astimezone(published.tzinfo)
            return value, stamp.source
    return None, None
