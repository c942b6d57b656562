"""Dates written in a page's text for readers: found cheaply, read on the fast paths,
and the one that dates the page chosen by its label and its distance to the headline. Pure.
"""

from __future__ import annotations

import re

from pipelines.normalize.date_forms import EARLIEST, read_stamp
from pipelines.normalize.dates import find_date, normalize_date
from pipelines.normalize.vocabulary import pattern

_SLASHED_IN_TEXT = re.compile(r"(?<![\d/.])\d{1,2}/\d{1,2}/\d{4}(?![\d/])")


# Every date the fast paths read has a four-digit year or a 'dd.mm.yy': found first, with a
# cheap pattern, then read in a small window around it (the month-name patterns are slow
# over a whole page: 14 ms on 80 KB of text, against well under 1 ms this way). Not inside a
# longer number. The pattern opens with one digit, then the branches: a pattern that opens
# with a class lets the scan skip from digit to digit, one that opens with branches ('1' or
# '2' or a digit) is tried at every character (4x slower over a page's text).
_YEARISH = re.compile(r"\d(?<!\d\d)(?:(?<=1)9\d{2}|(?<=2)0\d{2}|\d?\.\d{1,2}\.\d{2})(?!\d)")


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
