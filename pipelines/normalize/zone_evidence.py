"""An outlet's time zone from the evidence a careful reader uses, with where it came from.

In order: the outlet's profile; a zone label by its times ('All times PT', 'Son Dakika
(TSİ)', 'Kyiv time'); explicit offsets elsewhere on the page (JSON-LD, meta, <time
datetime>); the country-code domain; a US dateline ('UTICA, N.Y. —'); the language's
region ('pt-BR'); the crawler's fetch-time offset among the language's zones; the language.
Pure: the caller hands in the strings and the country -> zone table.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from pipelines.normalize.news_words import ZONE_LABELS, alternation

# Zones a language's news is written in, most common first: offsets pick among them.
LANGUAGE_ZONES: dict[str, tuple[str, ...]] = {
    "en": (
        "America/New_York",
        "America/Chicago",
        "America/Denver",
        "America/Los_Angeles",
        "Europe/London",
        "Australia/Sydney",
        "Australia/Brisbane",
        "Australia/Adelaide",
        "Australia/Perth",
        "Pacific/Auckland",
        "Asia/Kolkata",
        "Africa/Johannesburg",
        "Africa/Lagos",
        "Africa/Nairobi",
        "Asia/Singapore",
        "Asia/Manila",
        "America/Anchorage",
        "Pacific/Honolulu",
        "America/Phoenix",
        "Europe/Dublin",
    ),
    "uk": ("Europe/Kyiv",),
    "ru": ("Europe/Moscow", "Europe/Kyiv", "Europe/Minsk", "Asia/Almaty"),
    "tr": ("Europe/Istanbul",),
    "ja": ("Asia/Tokyo",),
    "ko": ("Asia/Seoul",),
    "zh": ("Asia/Shanghai", "Asia/Taipei", "Asia/Hong_Kong"),
    "pl": ("Europe/Warsaw",),
    "cs": ("Europe/Prague",),
    "it": ("Europe/Rome",),
    "fr": ("Europe/Paris", "Europe/Brussels", "Europe/Zurich", "America/Toronto"),
    "de": ("Europe/Berlin", "Europe/Vienna", "Europe/Zurich"),
    "nl": ("Europe/Amsterdam", "Europe/Brussels"),
    "es": (
        "Europe/Madrid",
        "America/Mexico_City",
        "America/Bogota",
        "America/Argentina/Buenos_Aires",
        "America/Santiago",
        "America/Lima",
    ),
    "pt": ("America/Sao_Paulo", "Europe/Lisbon"),
    "el": ("Europe/Athens",),
    "ro": ("Europe/Bucharest",),
    "hu": ("Europe/Budapest",),
    "sv": ("Europe/Stockholm",),
    "da": ("Europe/Copenhagen",),
    "no": ("Europe/Oslo",),
    "nb": ("Europe/Oslo",),
    "fi": ("Europe/Helsinki",),
}
# Countries whose code as a domain differs, or that have no domain of their own in use.
_COUNTRY_ALIASES = {"gb": "uk"}
_COUNTRY_EXTRA = {"us": "America/New_York"}

# AP-style state abbreviations of US datelines ('PORTLAND, Ore. —') -> the state's zone.
_EASTERN = "America/New_York"
_CENTRAL = "America/Chicago"
_MOUNTAIN = "America/Denver"
_PACIFIC = "America/Los_Angeles"
US_STATES: dict[str, str] = {
    **dict.fromkeys(
        "Conn. Del. D.C. Fla. Ga. Ind. Ky. Md. Mass. Me. Maine Mich. N.H. N.J. N.Y. N.C. "
        "Ohio Pa. R.I. S.C. Vt. Va. W.Va.".split(),
        _EASTERN,
    ),
    **dict.fromkeys(
        "Ala. Ark. Ill. Iowa Kan. La. Minn. Miss. Mo. Neb. N.D. Okla. S.D. Tenn. Texas Wis.".split(),
        _CENTRAL,
    ),
    **dict.fromkeys("Colo. Mont. N.M. Utah Wyo. Idaho".split(), _MOUNTAIN),
    **dict.fromkeys("Calif. Nev. Ore. Wash.".split(), _PACIFIC),
    "Ariz.": "America/Phoenix",
    "Alaska": "America/Anchorage",
    "Hawaii": "Pacific/Honolulu",
}
# Cities AP datelines name without a state -> their zone.
US_DATELINE_CITIES: dict[str, str] = {
    **dict.fromkeys(
        "ATLANTA BALTIMORE BOSTON CINCINNATI CLEVELAND DETROIT INDIANAPOLIS MIAMI "
        "NEW YORK PHILADELPHIA PITTSBURGH WASHINGTON PROVIDENCE".split(" "),
        _EASTERN,
    ),
    **dict.fromkeys(
        "CHICAGO DALLAS HOUSTON MILWAUKEE MINNEAPOLIS NEW ORLEANS OKLAHOMA CITY "
        "SAN ANTONIO ST. LOUIS".split(" "),
        _CENTRAL,
    ),
    "DENVER": _MOUNTAIN,
    "SALT LAKE CITY": _MOUNTAIN,
    "PHOENIX": "America/Phoenix",
    **dict.fromkeys(
        ["LOS ANGELES", "SAN DIEGO", "SAN FRANCISCO", "SEATTLE", "LAS VEGAS"], _PACIFIC
    ),
    "HONOLULU": "Pacific/Honolulu",
}
_DATELINE = re.compile(
    r"^\s*(?P<city>[A-Z][A-Z.'’ -]{1,30}[A-Z.])(?:,\s*(?P<state>[A-Z][A-Za-z.]{1,6}))?"
    r"\s*(?:\([^)]{1,20}\)\s*)?[—–-]"
)


@dataclass(frozen=True, slots=True)
class ZoneGuess:
    zone: str | None
    source: str  # profile | label | page_offset | cctld | dateline | language | fetch_offset


def _label_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    """One pattern for every label (a page's text is scanned once): short capitals ('ET',
    'CET', 'TSİ') only beside times, in parentheses or after 'times'; words anywhere."""
    short: dict[str, str] = {}
    long: dict[str, str] = {}
    for _, entry in ZONE_LABELS:
        label, _, zone_name = entry.partition("=")
        if zone_name != "-":
            (short if len(label) <= 4 and label.isupper() else long)[label] = zone_name
    caps = alternation(short)
    pattern = (
        rf"\(\s*(?P<a>{caps})\s*\)|(?i:\btimes?\s+(?:are\s+)?(?:in\s+)?)(?P<b>{caps})\b|"
        rf"(?<=\d)\s*(?:(?i:[ap]\.?m\.?)\s*)?(?P<c>{caps})\b|\b(?P<d>{caps})\s*[)/]|"
        rf"\b(?P<e>{caps})\s+time\b|(?<!\w)(?P<f>(?i:{alternation(long)}))(?!\w)"
    )
    zones = {**short, **{k.casefold(): v for k, v in long.items()}}
    return re.compile(pattern), zones


_LABELS, _LABEL_ZONES = _label_pattern()


def zones_from_labels(texts: Iterable[str | None]) -> list[str]:
    """Zones named by labels in the texts, in order of first mention.

    'Latest news · All times PT' -> ['America/Los_Angeles']; 'Son Dakika (TSİ)' ->
    ['Europe/Istanbul']; 'PT Barnum' -> [].
    """
    out: list[str] = []
    for text in texts:
        for m in _LABELS.finditer(text or ""):
            label = next(g for g in m.groups() if g)
            zone_name = _LABEL_ZONES.get(label) or _LABEL_ZONES.get(label.casefold())
            if zone_name and zone_name not in out:
                out.append(zone_name)
    return out


@lru_cache(maxsize=256)
def _zone(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name)
    except (KeyError, ValueError):
        return None


def _offset_at(zone_name: str, instant: datetime) -> timedelta | None:
    tz = _zone(zone_name)
    return instant.astimezone(tz).utcoffset() if tz is not None else None


def _fits(zone_name: str, offsets: Sequence[datetime]) -> bool:
    """Every aware datetime's own offset is the zone's offset at that instant."""
    return all(_offset_at(zone_name, v) == v.utcoffset() for v in offsets)


def country_zone(code: str | None, country_zones: Mapping[str, str]) -> str | None:
    """'ua' -> 'Europe/Kyiv'; 'gb' -> the 'uk' entry; unknown -> None."""
    if not code:
        return None
    code = _COUNTRY_ALIASES.get(code.lower(), code.lower())
    return country_zones.get(code) or _COUNTRY_EXTRA.get(code)


def dateline_zone(text: str | None) -> str | None:
    """'UTICA, N.Y. — The council…' -> 'America/New_York'; 'SEATTLE — …' -> Los Angeles."""
    m = _DATELINE.match(text or "")
    if not m:
        return None
    if m["state"]:
        return US_STATES.get(m["state"])
    return US_DATELINE_CITIES.get(m["city"].strip())


def _language_parts(language: str | None) -> tuple[str | None, str | None]:
    """'pt-BR' -> ('pt', 'br'); 'uk' -> ('uk', None)."""
    if not language:
        return None, None
    parts = re.split(r"[-_]", language.strip().lower())
    region = parts[1] if len(parts) > 1 and len(parts[1]) == 2 else None
    return parts[0] or None, region


def guess_zone(
    *,
    profile_zone: str | None = None,
    named_zones: Sequence[str] = (),
    label_texts: Iterable[str | None] = (),
    page_times: Iterable[datetime | None] = (),
    host: str | None = None,
    country_zones: Mapping[str, str] | None = None,
    dateline: str | None = None,
    language: str | None = None,
    fetched_at: datetime | None = None,
) -> ZoneGuess:
    """The outlet's zone and the evidence it came from (see the module docstring).

    A label shared by zones (CET) yields to the country-code zone with the same offset;
    UTC offsets ('Z', +00:00) on the page say nothing (many CMSs store UTC).
    """
    table = country_zones or {}
    tld_zone = country_zone(host.rsplit(".", 1)[-1], table) if host and "." in host else None
    lang, region = _language_parts(language)
    region_zone = country_zone(region, table) if region else None
    line_zone = dateline_zone(dateline)
    lang_zones = LANGUAGE_ZONES.get(lang or "", ())
    if profile_zone:
        return ZoneGuess(profile_zone, "profile")
    now = fetched_at or datetime(2024, 1, 15, tzinfo=UTC)
    preferred = [z for z in (tld_zone, line_zone, region_zone, *lang_zones) if z]
    labels = [*named_zones, *zones_from_labels(label_texts)]
    if labels:
        named = labels[0]
        same = [z for z in preferred if _offset_at(z, now) == _offset_at(named, now)]
        return ZoneGuess(same[0] if same and named.startswith("Europe/") else named, "label")
    offsets = [v for v in page_times if v is not None and v.utcoffset() not in (None, timedelta(0))]
    if offsets:
        for candidate in (*preferred, *_ALL_ZONES):
            if _fits(candidate, offsets):
                return ZoneGuess(candidate, "page_offset")
    if tld_zone:
        return ZoneGuess(tld_zone, "cctld")
    if line_zone:
        return ZoneGuess(line_zone, "dateline")
    if region_zone:
        return ZoneGuess(region_zone, "language")
    if fetched_at is not None and fetched_at.utcoffset() not in (None, timedelta(0)):
        for candidate in lang_zones:
            if _fits(candidate, [fetched_at]):
                return ZoneGuess(candidate, "fetch_offset")
    if len(lang_zones) >= 1 and lang != "en":
        return ZoneGuess(lang_zones[0], "language")
    return ZoneGuess(None, "none")


_ALL_ZONES: tuple[str, ...] = tuple(dict.fromkeys(z for zs in LANGUAGE_ZONES.values() for z in zs))
