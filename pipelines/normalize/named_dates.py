"""Dates written with a month name in the page's language, read as dateparser reads them.

dateparser's first use of a language costs tens of milliseconds (its locale's patterns are
compiled in Python). The dates news pages write most ('18. Okt 2023', 'Maret 30, 2015',
'19 Αυγούστου 2020 9:02 μμ') and the strings dateparser cannot read for want of a day or a
year ('13 Aug', 'juillet 2020', '10:49 Uhr') are decided here with dateparser's own words
(date_words.toml, generated from its locale data by scripts/gen_date_words.py), and only
where the result is certain to be dateparser's: every word must be one of that language's
month, weekday or skipped words; anything else ('heute', 'Nr.', '08h40') is left to it.
Pure: no clock, no IO but the package's data file.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time, tzinfo
from functools import cache
from importlib.resources import files
from typing import Any
from zoneinfo import ZoneInfo


@dataclass(frozen=True, slots=True)
class _Words:
    months: dict[str, int]  # 'okt' -> 10
    weekdays: frozenset[str]
    am: frozenset[str]
    pm: frozenset[str]
    skip: frozenset[str]
    long_units: frozenset[str]  # month, year, decade, century, fortnight words: 'jahren'
    number_patterns: tuple[str, ...] | None  # dateparser's words for numbers; None: unknown


@cache  # compiled on a language's first use: most runs see a few languages
def _number_words(patterns: tuple[str, ...]) -> re.Pattern[str]:
    """dateparser's simplifications to numbers, bounded as it bounds them (a word apart)."""
    if not patterns:
        return re.compile(r"(?!)")
    return re.compile("|".join(rf"(?<![^\W_]){p}(?![^\W_])" for p in patterns), re.IGNORECASE)


@cache  # read on first use: a run whose dates all take the earlier fast paths never needs it
def _data() -> dict[str, Any]:
    return tomllib.loads(files(__package__).joinpath("date_words.toml").read_text("utf-8"))


@cache
def known_language(language: str) -> bool:
    """Whether dateparser has the language ('de'); it raises ValueError for another ('no')."""
    return language in _data()["known"].split()


@cache
def _words(language: str) -> _Words | None:
    v = _data().get(language)
    if not isinstance(v, dict):
        return None
    return _Words(
        months={w: n for n, names in enumerate(v["months"], 1) for w in names.split()},
        weekdays=frozenset(w for names in v["weekdays"] for w in names.split()),
        am=frozenset(v["am"].split()),
        pm=frozenset(v["pm"].split()),
        skip=frozenset(v["skip"].split()),
        long_units=frozenset(v["long_units"].split()),
        number_patterns=tuple(v["number_patterns"]) if v["base_rule"] else None,
    )


# Clock times as dateparser's time parser takes them ('14:47', '9:02 μμ', '8:00am').
_CLOCK = re.compile(
    r"(?<![0-9:.])(?P<h>[0-9]{1,2}):(?P<mi>[0-9]{2})(?::(?P<s>[0-9]{2}))?(?![0-9:])"
    r"(?:\s*(?P<word>[^\W\d_]+)(?![\w.]))?"
)
_TOKEN = re.compile(r"(?P<n>[0-9]+)|(?P<w>[^\W\d_]+\.?)|(?P<p>[,.])|(?P<slash>/)|(?P<sp>\s+)|.")


def normal(text: str) -> str:
    """As dateparser compares text: NFKD without combining marks, lowercase."""
    return "".join(
        c for c in unicodedata.normalize("NFKD", text) if unicodedata.category(c) != "Mn"
    ).lower()


class Undecided(Exception):
    """The fast path cannot be sure of dateparser's reading: ask dateparser."""


def _clock(text: str, words: _Words) -> tuple[time, str]:
    """The one clock time in the (normalized) text, 00:00 without one, and the text left."""
    clocks = list(_CLOCK.finditer(text))
    if not clocks:
        return time(0, 0), text
    if len(clocks) > 1:
        raise Undecided
    m = clocks[0]
    hour, minute, second = int(m["h"]), int(m["mi"]), int(m["s"] or 0)
    end = m.end()
    if m["word"] in words.am | words.pm:  # '9:02 μμ'; any other word is read as a word
        if not 1 <= hour <= 12:
            raise Undecided
        hour = hour % 12 + (12 if m["word"] in words.pm else 0)
    elif m["word"] is not None:
        end = m.start("word")
    if hour > 23 or minute > 59 or second > 59:
        raise Undecided
    return time(hour, minute, second), f"{text[: m.start()]} {text[end:]}"


def meridiem(text: str, language: str) -> str | None:
    """'am' or 'pm' when the one clock time of the text is followed by that word of the
    language ('01:15 م' in Arabic -> 'pm'; '9:02 μμ' in Greek -> 'pm'); else None."""
    words = _words(language)
    if words is None or not (words.am or words.pm):
        return None
    clocks = list(_CLOCK.finditer(normal(text)))
    if len(clocks) != 1 or (word := clocks[0]["word"]) is None:
        return None
    return "pm" if word in words.pm else "am" if word in words.am else None


def exact_wall(value: datetime) -> bool:
    """The wall time names one instant in the zone (not in a DST gap or a repeated hour)
    in years dateparser's zone tables cover (32-bit: December 1901 to 2037): there its
    instant is this one."""
    if not isinstance(value.tzinfo, ZoneInfo):
        return True  # UTC or a fixed offset
    if not 1902 <= value.year <= 2037:
        return False
    return value.utcoffset() == value.replace(fold=1 - value.fold).utcoffset()


def read_named(text: str, language: str, tz: tzinfo) -> datetime | None:
    """'18. Okt 2023' (de) -> 2023-10-18 00:00 in `tz`; '13 Aug' (en, no year) -> None, as
    dateparser with day, month and year required; raises Undecided for anything else."""
    words = _words(language)
    if words is None or _ROMAN_YEAR.search(text):
        raise Undecided
    clock, rest = _clock(normal(text), words)
    numbers: list[str] = []
    months: list[int] = []
    weekdays = 0
    slash = False
    for m in _TOKEN.finditer(rest):
        if m["n"] is not None:
            if len(m["n"]) not in (1, 2, 4):
                raise Undecided  # '20231018', '123': dateparser may split or skip them
            numbers.append(m["n"])
        elif m["w"] is not None:
            word = m["w"]
            month = words.months.get(word) or words.months.get(word.rstrip("."))
            if month:
                months.append(month)
            elif word in words.weekdays or word.rstrip(".") in words.weekdays:
                weekdays += 1
            elif word not in words.skip:
                raise Undecided  # a skipped word only as written ('kl', not 'd.' for 'd')
        elif m["slash"] is not None:
            slash = True
        elif m["p"] is None and m["sp"] is None:
            raise Undecided
    if len(months) <= 1 and len(numbers) + len(months) <= 2:
        return None  # at most two of day, month and year: dateparser requires all three
    if slash or len(months) != 1 or len(numbers) != 2 or weekdays > 1:
        raise Undecided  # two weekdays: dateparser reads no date
    days = [n for n in numbers if len(n) <= 2]
    years = [n for n in numbers if len(n) == 4]
    if len(days) != 1 or len(years) != 1:
        raise Undecided
    try:
        day = date(int(years[0]), months[0], int(days[0]))
    except ValueError:
        raise Undecided from None
    value = datetime.combine(day, clock, tzinfo=tz)
    if not exact_wall(value):
        raise Undecided
    return value


_TIME = re.compile(r"(?<![0-9:.])[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?(?![0-9:])")
_ROMAN_YEAR = re.compile(r"\bM[MDCLXVI]{2,}\b")  # dateparser reads 'MMXX' as a year
_ANY_NUMBER = re.compile(r"\d+")
_WORD = re.compile(r"[^\W\d_]+")
# A relative date this many units back (or ahead) stays within a year of the base, so
# dateparser's probe reads it relative: 52 weeks, 52 days, hours... (months and longer
# units are excluded by word).
_MOST_UNITS = 52


def no_date_without_base(text: str, language: str) -> bool:
    """Whether dateparser (day, month and year required) reads no date from `text`, or only
    one relative to its base ('vor 4 Stunden', 'Today 12:01 AM', '11:54 am)'), which names
    no date without a fetch time. Certain when, beside one clock time, the text holds at
    most one number, of at most 52, and no word dateparser reads as a number ('zwei', 'a')
    or as a unit of a month or more: then it has no day, month and year, and a relative
    reading stays within a year of the base."""
    words = _words(language)
    if words is None or words.number_patterns is None or _ROMAN_YEAR.search(text):
        return False
    low = normal(text)
    rest, clocks = _TIME.subn(" ", low)
    if clocks > 1:
        return False
    numbers = _ANY_NUMBER.findall(rest)  # any digits: dateparser reads '٣' as 3
    if len(numbers) > 1 or (numbers and (len(numbers[0]) > 2 or int(numbers[0]) > _MOST_UNITS)):
        return False
    if any(w in words.long_units for w in _WORD.findall(rest)):
        return False
    return _number_words(words.number_patterns).search(low) is None


@cache  # read on first use: only text that no other rule decides reaches it
def _vocabulary() -> dict[str, Any]:
    return tomllib.loads(files(__package__).joinpath("date_vocabulary.toml").read_text("utf-8"))


_DOTLESS_I = {0x131: "i"}


def _fold(text: str) -> str:
    """As dateparser's case-insensitive patterns match letters: 'Σ', 'σ' and 'ς' alike, and
    the dotless i as 'i'."""
    return text.casefold().translate(_DOTLESS_I)


@cache
def _known(language: str) -> tuple[frozenset[str], bool, dict[int, int]] | None:
    """The words of the language's locale (folded), whether it writes words unspaced (then
    its known letters count, not its words), and the letters read alike in Arabic and
    Persian; None where no word is foreign to it."""
    vocabulary = _vocabulary()
    words = vocabulary["words"].get(language)
    if words is None:
        return None
    folded = {_fold(w) for w in (*words.split(), *vocabulary["zones"].split())}
    variants = str.maketrans(*vocabulary["letter_variants"])
    if language in vocabulary["unspaced"].split():
        return frozenset("".join(folded)), True, variants
    return frozenset(folded), False, variants


# What dateparser rewrites before it reads the words: a 'UTC+05:30' offset may take the text
# after it, 'on: ' drops the text before it, an apostrophe look-alike splits a word and an
# Arabic short vowel becomes a space; 'MMXX' is a year.
_REWRITTEN = ("utc", "gmt", "on:")
_REWRITTEN_CHARS = frozenset(map(chr, (0x2B9, 0x2BB, 0x2BC, 0x55A, 0x64E, 0x64F, 0xA78C)))
_ROMAN = re.compile(r"(?<![^\W\d_])M[MDCLXVI]*(?![^\W\d_])")


def foreign_word(text: str, language: str) -> bool:
    """Whether the text holds a word that no word, pattern or time-zone name of the
    language's locale in dateparser reads ('Posted' in English): dateparser then finds the
    language does not apply to the text, and reads no date ('Nov 19, 6:55 AM; Posted Nov
    19, 6:51 AM', 'DIE ZEIT Nr. 28/2013'). A word is a run of letters as dateparser compares
    them; in a language written without spaces, one letter it does not know is enough."""
    known = _known(language)
    low = text.lower()
    if known is None or any(w in low for w in _REWRITTEN) or not _REWRITTEN_CHARS.isdisjoint(text):
        return False
    if _ROMAN.search(text):
        return False
    words, unspaced, variants = known
    letters = "".join(c if c.isalpha() else " " for c in normal(text))
    if unspaced:
        return any(not set(_fold(c)) <= words for c in letters if c != " ")
    return any(
        w not in words and w.translate(variants) not in words for w in map(_fold, letters.split())
    )


@cache
def _idle(language: str) -> frozenset[str]:
    return frozenset(_vocabulary()["idle"].get(language, "").split())


_CLOCK_TOKEN = re.compile(r"(?:[01]?[0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9])?")


def idle_clock(text: str, language: str) -> bool:
    """Whether the text is one clock time among words dateparser's dictionary reads as
    nothing ('à 21:00', 'um 18:30 Uhr'): it reads a clock alone, no day, month and year,
    and so no date, with a base or without."""
    idle = _idle(language)
    tokens = normal(text).replace(",", " ").split()
    clocks = [i for i, token in enumerate(tokens) if _CLOCK_TOKEN.fullmatch(token)]
    if not idle or len(clocks) != 1:
        return False
    return all(token in idle for i, token in enumerate(tokens) if i != clocks[0])
