"""An outlet's time zone from the evidence a careful reader uses, with where it came from.

In order: the outlet's profile; a zone label by its times ('All times PT', 'Son Dakika
(TSİ)', 'Kyiv time'); explicit offsets elsewhere on the page (JSON-LD, meta, <time
datetime>); the country-code domain; a US dateline ('UTICA, N.Y. —'); the language's
region ('pt-BR'); the crawler's fetch-time offset among the language's zones; the language;
on an English page with nothing else, a foreign dateline ('KYIV, Ukraine —', 'LONDON —').
Pure: the caller hands in the strings and the country -> zone table.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from itertools import islice
from typing import AnyStr
from zoneinfo import ZoneInfo

from pipelines.normalize.outlets import ZONES
from pipelines.normalize.vocabulary import alternation as _alternation

_DATELINE = re.compile(
    r"^\s*(?P<city>[A-Z\u00c0-\u00de][A-Z\u00c0-\u00de.'’ -]{1,30}[A-Z\u00c0-\u00de.])(?:,\s*(?P<state>[A-Z][^\W\d_]{1,11}\.?|[A-Z][\w.]{1,6}))?"
    r"\s*(?:\([^)]{1,20}\)\s*)?[—–-]"
)


@dataclass(frozen=True, slots=True)
class ZoneGuess:
    zone: str | None
    source: str  # profile | label | page_offset | cctld | dateline | language | fetch_offset


def _label_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    """One pattern for every label (a page's text is scanned once): short capitals ('ET',
    'CET', 'TSİ') only beside times, in parentheses or after 'times'; words anywhere."""
    short = {k: v for k, v in ZONES.labels.items() if len(k) <= 4 and k.isupper()}
    long = {k: v for k, v in ZONES.labels.items() if k not in short}
    caps = _alternation(short)
    pattern = (
        rf"\(\s*(?P<a>{caps})\s*\)|(?i:\btimes?\s+(?:are\s+)?(?:in\s+)?)(?P<b>{caps})\b|"
        rf"(?<=\d)\s*(?:(?i:[ap]\.?m\.?)\s*)?(?P<c>{caps})\b|\b(?P<d>{caps})\s*[)/]|"
        rf"\b(?P<e>{caps})\s+time\b|(?<!\w)(?P<f>(?i:{_alternation(long)}))(?!\w)"
    )
    zones = {**short, **{k.casefold(): v for k, v in long.items()}}
    return re.compile(pattern), zones


_LABELS, _LABEL_ZONES = _label_pattern()


_SHORT = frozenset(k for k in _LABEL_ZONES if len(k) <= 4 and k.isupper())
_LONG = tuple(k for k in _LABEL_ZONES if k not in _SHORT)
_LONG_FIRST = frozenset(label.split()[0] for label in _LONG)
_PUNCT = re.compile(r"[()\[\]/.,:;·|]")
_TOKEN_EDGE = "()[]/.,:;·|"  # what _PUNCT turns into spaces: with whitespace, a token's edge
# A short label standing as a whole token: what follows it is checked here, what precedes it
# by the caller, which tries it only where a token may begin with one.
_SHORT_TOKEN = re.compile(rf"{_alternation(_SHORT)}(?![^\s()\[\]/.,:;·|])")
# A text's UTF-8 where an ASCII capital reads 'A' and any other byte 'a': where two capitals
# meet is found by plain search, many times faster than a regex scan for the labels' first
# letters (a test of every character against a set).
_CAPITALS = bytes(ord("A") if 65 <= i <= 90 else ord("a") for i in range(256))
# A run of two or more capitals there: a place inside a run follows a capital and begins no
# token, so each run is one place to try (a regex on a literal start skips ahead as fast).
_CAPITAL_RUN = re.compile(rb"AA+")
# The labels that do not begin with two ASCII capitals ('МСК'): looked for by their UTF-8.
_SHORT_ODD = tuple(sorted(k.encode() for k in _SHORT if not (k[:2].isascii() and k[:2].isupper())))
# The first two bytes of each label: most places where capitals meet ('US', 'NEWS') begin
# none, and are passed over by this test alone.
_SHORT_OPENINGS = frozenset(k.encode()[:2] for k in _SHORT)
# Bytes from a label's start that hold the label and the character after it, whole.
_LABEL_BYTES = max(len(k.encode()) for k in _SHORT) + 4


def _label_keys(labels: Sequence[str]) -> tuple[tuple[str, tuple[tuple[str, int], ...]], ...]:
    """A few words that together occur in every label, each with the labels that hold it and
    where ('time': 'eastern time' at 8, 'uk time' at 3, ...): the word shared by the most
    labels first. A plain search for a word runs several times faster than a regex scan for
    all the labels, and most pages hold none of them."""
    words = sorted({w for label in labels for w in label.split()}, key=len, reverse=True)
    left, keys = list(labels), []
    while left:
        key = max(words, key=lambda w: sum(w in label for label in left))  # the longest of ties
        keys.append((key, tuple((label, label.find(key)) for label in left if key in label)))
        left = [label for label in left if key not in label]
    return tuple(keys)


_LONG_KEYS = _label_keys(_LONG)  # on the casefolded text
# The keys that, with all their labels, are ASCII: looked for in a text's UTF-8 bytes. Each
# other key comes with what each of its labels leaves in the text's two cheap readings: its
# characters past ASCII, one after the other, and its longest ASCII run. A text holding
# neither for any label of a key holds none of its labels.
_ALL_ASCII = [
    key.isascii() and all(label.isascii() for label, _ in labels) for key, labels in _LONG_KEYS
]
_ASCII_KEYS = tuple(
    (key.encode(), tuple((label.encode(), offset) for label, offset in labels))
    for (key, labels), ascii_only in zip(_LONG_KEYS, _ALL_ASCII, strict=True)
    if ascii_only
)
_OTHER_KEYS = tuple(
    (key, labels)
    for (key, labels), ascii_only in zip(_LONG_KEYS, _ALL_ASCII, strict=True)
    if not ascii_only
)
# Each label of those keys, with its key's place in _OTHER_KEYS: one loop over them all.
_OTHER_LABELS = tuple(
    (
        "".join(c for c in label if not c.isascii()),
        max(re.findall(r"[\x00-\x7f]*", label), key=len).encode(),
        place,
    )
    for place, (_, labels) in enumerate(_OTHER_KEYS)
    for label, _ in labels
)
_ASCII_BYTES = bytes(range(128))


def _utf8(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


def _holds_long_label(text: str, data: bytes) -> bool:
    """Whether some long label occurs in the casefolded text (`data`: its UTF-8).

    Casefolding a whole page costs more than the search: only its characters past ASCII are
    casefolded here (on most pages a few quotes and dashes), and those that fold into ASCII
    ('ß' -> 'ss', 'ﬆ' -> 'st') replaced by their folds. The ASCII runs of the casefolded text
    are then those of its UTF-8 bytes with ASCII lowered: where the ASCII labels are looked
    for. Casefolding works character by character, so the casefolded text's characters past
    ASCII, one after the other, are those of the folds: a label's are there too when it is.
    Only a text that may hold another label (its characters past ASCII and its longest ASCII
    run are there) is casefolded whole, and searched for the labels of those keys alone."""
    others = data.translate(None, _ASCII_BYTES).decode("utf-8", "surrogatepass")
    folded = others.casefold()
    if folded.encode("ascii", "ignore"):  # some character folds into ASCII
        # bytes.replace of a character's UTF-8 replaces just that character: UTF-8 is
        # self-synchronizing, and the whole text need not be encoded again.
        for c in set(others):
            if c.casefold().encode("ascii", "ignore"):
                data = data.replace(_utf8(c), _utf8(c.casefold()))
        folded = _utf8(folded).translate(None, _ASCII_BYTES).decode("utf-8", "surrogatepass")
    low = data.lower()
    if _holds_key(low, _ASCII_KEYS):
        return True
    places = {
        place for past_ascii, run, place in _OTHER_LABELS if past_ascii in folded and run in low
    }
    keys = tuple(_OTHER_KEYS[place] for place in sorted(places))
    return bool(keys) and _holds_key(text.casefold(), keys)


def _holds_key(
    low: AnyStr, keys: tuple[tuple[AnyStr, tuple[tuple[AnyStr, int], ...]], ...]
) -> bool:
    """Whether some label occurs in `low`: where its key word does."""
    for key, labels in keys:
        at = low.find(key)
        while at >= 0:
            if any(at >= offset and low.startswith(label, at - offset) for label, offset in labels):
                return True
            at = low.find(key, at + 1)
    return False


_WINDOW = 40  # characters either side of a label candidate that its context may take


def _places(text: AnyStr, part: AnyStr, step: int = 1) -> Iterator[int]:
    """Where `part` occurs in `text`, each search going on `step` past the last place."""
    at = text.find(part)
    while at >= 0:
        yield at
        at = text.find(part, at + step)


def _occurrences(text: str, label: str, most: int = 20) -> list[int]:
    """Where `label` occurs in `text` (plain search; at most `most` places)."""
    return list(islice(_places(text, label), most))


def _short_tokens(data: bytes) -> set[str]:
    """The short labels that stand as whole tokens of a text (split at whitespace and
    _PUNCT), from its UTF-8 `data`: tried only where a token may begin with one, where a
    run of capitals begins, instead of a token set of the whole page. No label
    holds an edge character, so a match never hides a whole token."""
    starts = [m.start() for m in _CAPITAL_RUN.finditer(data.translate(_CAPITALS))]
    for label in _SHORT_ODD:  # its first byte (a one-byte search) is on few pages
        if label[:1] in data:
            starts += _places(data, label)
    found: set[str] = set()
    for at in starts:
        if data[at : at + 2] not in _SHORT_OPENINGS:
            continue
        if at and not ((before := _char_before(data, at)).isspace() or before in _TOKEN_EDGE):
            continue  # inside a token
        if (m := _SHORT_TOKEN.match(_chars_from(data, at, _LABEL_BYTES))) is not None:
            found.add(m.group())
    return found


def _char_before(data: bytes, at: int) -> str:
    """The character whose UTF-8 ends where byte `at` begins (0 < at)."""
    start = at - 1
    while 0x80 <= data[start] < 0xC0:  # a continuation byte: the character began before
        start -= 1
    return data[start:at].decode("utf-8", "surrogatepass")


def _chars_from(data: bytes, at: int, size: int) -> str:
    """The whole characters of UTF-8 `data` from byte `at` within `size` bytes."""
    end = min(at + size, len(data))
    while end < len(data) and 0x80 <= data[end] < 0xC0:  # not cut inside a character
        end -= 1
    return data[at:end].decode("utf-8", "surrogatepass")


def zones_from_labels(texts: Iterable[str | None]) -> list[str]:
    """Zones named by labels in the texts, in order of first mention.

    'Latest news · All times PT' -> ['America/Los_Angeles']; 'Son Dakika (TSİ)' ->
    ['Europe/Istanbul']; 'PT Barnum' -> []. A page's whole text is cheap to scan: label
    candidates are found by plain search, and the context pattern runs only around them.
    """
    out: list[str] = []
    # A text met again (a related block's section, on each of its items) names no zone anew.
    for text in dict.fromkeys(texts):
        if not text:
            continue
        data = text.encode("utf-8", "surrogatepass")  # read by both label searches
        spots = [at for label in _short_tokens(data) for at in _occurrences(text, label)]
        # Long labels count where the first word of some long label is a whole token; both
        # are looked for only on the rare page holding a long label at all.
        if _holds_long_label(text, data) and _LONG_FIRST & {
            t.casefold() for t in _PUNCT.sub(" ", text).split()
        }:
            low = text.casefold()
            spots += [at for label in _LONG if (at := low.find(label)) >= 0]
        found: list[tuple[int, str]] = []
        for spot in sorted(spots):
            start = max(spot - _WINDOW, 0)
            for m in _LABELS.finditer(text[start : spot + _WINDOW]):
                label = next(g for g in m.groups() if g)
                zone_name = _LABEL_ZONES.get(label) or _LABEL_ZONES.get(label.casefold())
                if zone_name:
                    found.append((start + m.start(), zone_name))
        for _, zone_name in sorted(found):
            if zone_name not in out:
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
    """'ua' -> 'Europe/Kyiv'; 'us' (a language region) -> the region table's zone."""
    if not code:
        return None
    code = code.lower()
    return country_zones.get(code) or ZONES.region_zones.get(code)


def _dateline_zone(
    text: str | None, by_state: Mapping[str, str], by_city: Mapping[str, str]
) -> str | None:
    """The zone of a dateline's state (or country) after its city, else of its city."""
    m = _DATELINE.match(text or "")
    if not m:
        return None
    if m["state"]:
        return by_state.get(m["state"])
    return by_city.get(m["city"].strip())


def dateline_zone(text: str | None) -> str | None:
    """'UTICA, N.Y. — The council…' -> 'America/New_York'; 'SEATTLE — …' -> Los Angeles."""
    return _dateline_zone(text, ZONES.dateline_states, ZONES.dateline_cities)


def foreign_dateline_zone(text: str | None) -> str | None:
    """'KYIV, Ukraine — …' -> 'Europe/Kyiv'; 'LONDON (AP) — …' -> 'Europe/London'."""
    return _dateline_zone(text, ZONES.dateline_countries, ZONES.dateline_foreign_cities)


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
    lang_zones = ZONES.language_zones.get(lang or "", ())
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
    if (abroad := foreign_dateline_zone(dateline)) is not None:
        return ZoneGuess(abroad, "dateline")  # the weakest: a wire story names where it was written
    return ZoneGuess(None, "none")


_ALL_ZONES = tuple(dict.fromkeys(z for zs in ZONES.language_zones.values() for z in zs))
