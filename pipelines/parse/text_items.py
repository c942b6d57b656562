"""Related items in a plain-text page dump, which shows no links: by line shape.

A run of lines that each open with a time stamp ('00:31 Title', '12:05 AM  Title',
'Вчора · Title') is a feed or list under the short line above it; a line 'Label: Title'
whose label is a teaser label ('Читайте також:', 'OPINION:') is an inline teaser, with its
date in parentheses when shown, and so is a block of its own of a label line or two, one
title and its stamp ('Read More / Related Articles / Title / 16:20, 1 Nov 2024'). Everything
from the first such run on is not body text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipelines.normalize.feed_times import is_stamp, relative_delta
from pipelines.normalize.meta_lines import read_meta_lines
from pipelines.normalize.vocabulary import pattern
from pipelines.parse.fields import RawRelated
from pipelines.parse.related_links import is_headline

_TEASER = re.compile(
    rf"^(?P<label>{pattern('teaser_labels')})\s*[:：]\s*(?P<title>.+?)"
    r"(?:\s*\((?P<stamp>[^()]{4,40})\))?$",
    re.IGNORECASE,
)
# 'stamp  title', 'stamp · title', 'stamp | title', or a clock and one space
_SPLITS = (re.compile(r"\s{2,}|\s+[·|•–—]\s+"), re.compile(r"(?<=\d)\s+(?=\D)"))
_AM_PM = re.compile(r"^(?P<clock>\d{1,2}[:.]\d{2}\s*[ap]\.?m\.?)\s+(?P<title>.+)$", re.IGNORECASE)
_HEADING_MAX = 60
_RELATIVE_LINE = 160  # characters: a feed line, not a paragraph
_RELATIVE_WORDS = 5  # 'for 2 timer siden', 'il y a 2 heures', 'hace 25 minutos'
_DIGIT_START = re.compile(r"^\W*(?:\w+\s+){0,3}\d")  # a number among the first words
# the label lines over a teaser block: a teaser label ('Read More'), maybe with a heading
# after which no body follows ('Related Articles'); a heading alone opens a list
_TEASER_LABEL = re.compile(rf"^(?:{pattern('teaser_labels')})[:：]?$", re.IGNORECASE)
_BOX_LABEL = re.compile(
    rf"^(?:{pattern('teaser_labels')}|{pattern('related_headings', use='text-end')})[:：]?$",
    re.IGNORECASE,
)
_BOX_LABELS = 2  # 'Read More' over 'Related Articles'


@dataclass(slots=True)
class TextItems:
    body: list[str] = field(default_factory=list)  # the lines left for the body ('' kept)
    items: list[RawRelated] = field(default_factory=list)


def stamped(line: str) -> tuple[str, str] | None:
    """'00:31 Укренерго: …' -> ('00:31', 'Укренерго: …'); '12:05 AM  Fire…' -> split; else None."""
    if (m := _AM_PM.match(line)) and is_headline(m["title"]):
        return m["clock"], m["title"]
    for split in _SPLITS:
        parts = split.split(line, maxsplit=1)
        if len(parts) == 2 and is_stamp(parts[0]) and is_headline(parts[1].strip()):
            meta = read_meta_lines([parts[1]])
            if meta.updated_text is None and meta.read_time_min is None:  # a dateline, no item
                return parts[0].strip(), parts[1].strip()
    return _relative_first(line)


def _relative_first(line: str) -> tuple[str, str] | None:
    """'for 2 timer siden Ny cykelbro …' (one space between): the shortest opening words that
    are a relative stamp, before a capitalized headline: ('for 2 timer siden', 'Ny cykelbro …')."""
    if len(line) > _RELATIVE_LINE or not _DIGIT_START.match(line):
        return None
    words = line.split(" ")
    for k in range(2, min(_RELATIVE_WORDS, len(words) - 1) + 1):
        stamp, title = " ".join(words[:k]), " ".join(words[k:])
        if title[:1].isupper() and relative_delta(stamp) is not None and is_headline(title):
            return stamp, title
    return None


def teaser(line: str) -> RawRelated | None:
    """'Читайте також: Title (17.01.2024, 18:20)' -> a teaser item; a body line -> None."""
    m = _TEASER.match(line)
    if m is None or not is_headline(m["title"]):
        return None
    return RawRelated(m["title"], m["label"], time_text=m["stamp"])


def boxed_teaser(block: list[str]) -> RawRelated | None:
    """['Read More', 'Related Articles', 'Title', '16:20, 1 Nov 2024'] (a block of lines
    between blank ones: a teaser label and maybe a heading, one title and maybe its stamp)
    -> a teaser; ['Top Stories', 'Title'] or a paragraph -> None."""
    labels, title, stamp = block[:-1], block[-1], None
    if len(block) > 2 and is_stamp(block[-1]):
        labels, title, stamp = block[:-2], block[-2], block[-1]
    if not 1 <= len(labels) <= _BOX_LABELS or not all(_BOX_LABEL.match(x) for x in labels):
        return None
    if not any(_TEASER_LABEL.match(x) for x in labels):
        return None  # 'Top Stories / Title': a list of one, read after the story
    if not is_headline(title) or stamped(title) is not None:
        return None
    return RawRelated(title, labels[-1], time_text=stamp)


def _boxed_teasers(lines: list[str]) -> dict[int, tuple[int, RawRelated]]:
    """The teaser blocks of the lines: where each starts -> (where it ends, the teaser)."""
    boxes: dict[int, tuple[int, RawRelated]] = {}
    i = 0
    while i < len(lines):
        if not lines[i]:
            i += 1
            continue
        end = next((j for j in range(i, len(lines)) if not lines[j]), len(lines))
        if end - i <= _BOX_LABELS + 2 and (found := boxed_teaser(lines[i:end])) is not None:
            boxes[i] = (end, found)
        i = end
    return boxes


def take_text_items(lines: list[str]) -> TextItems:
    """Split a dump's lines after the headline into body lines and related items."""
    out = TextItems()
    in_body = True
    boxes = _boxed_teasers(lines)
    box_end = 0
    for i, line in enumerate(lines):
        if i in boxes:
            box_end, box = boxes[i]
            out.items.append(box)
        if i < box_end:
            if in_body:
                out.body.append("")
            continue
        item = stamped(line) if line else None
        if item is not None:
            if in_body:  # the run's heading is the last short line before it
                heading_at = _heading_before(lines, i)
                if heading_at is not None:
                    out.body = out.body[:heading_at]
                in_body = False
            section = _section(lines, i)
            out.items.append(RawRelated(item[1], section, time_text=item[0]))
            continue
        found = teaser(line) if line else None
        if found is not None:
            out.items.append(found)
            out.body.append("")
            continue
        if in_body:
            out.body.append(line)
    return out


def _heading_before(lines: list[str], i: int) -> int | None:
    j = i - 1
    while j >= 0 and not lines[j]:
        j -= 1
    if j >= 0 and len(lines[j]) <= _HEADING_MAX and stamped(lines[j]) is None:
        return j
    return None


def _section(lines: list[str], i: int) -> str | None:
    """The heading of the run holding line i: the short line above its first item."""
    j = i
    while j > 0 and (stamped(lines[j - 1]) is not None):
        j -= 1
    at = _heading_before(lines, j)
    return lines[at] if at is not None else None
