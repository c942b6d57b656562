"""Plain-text dumps of a rendered page (what a browser's "save as text" gives) -> PageFields.

Layout read: furniture lines (and a consent dialog's block), the headline (maybe over a
standfirst), a byline line that may also carry the date and the read time (maybe over a
role line), an optional photo caption ending in "(credit)", body paragraphs separated by
blank lines, then related blocks: teasers ("Title" + a snippet ending in "…") and headed
lists such as a "News Feed" whose items start with a clock time or "2 hours ago", or a
"Most Read" whose items are bare titles.
"""

from __future__ import annotations

import re

from pipelines.normalize.bylines import is_role_line
from pipelines.normalize.credit_lines import is_credit_line
from pipelines.normalize.dates import find_date, normalize_clock
from pipelines.normalize.meta_lines import read_meta_lines
from pipelines.normalize.text import clean_line
from pipelines.normalize.vocabulary import pattern, select
from pipelines.parse.fields import PageFields, RawRelated
from pipelines.parse.page_kind import consent_notices
from pipelines.parse.related_links import is_headline
from pipelines.parse.text_items import take_text_items

# Lines that are page chrome, never content.
_FURNITURE = re.compile(rf"^(?:{pattern('furniture_lines')})$", re.IGNORECASE)
# Headings after which nothing belongs to the article body.
_STOP_HEADINGS = re.compile(rf"^(?:{pattern('related_headings', use='text-end')})$", re.IGNORECASE)
# Headings that open a timed list of related items.
_FEED_HEADINGS = re.compile(rf"^(?:{pattern('feed_headings', use='text-feed')})$", re.IGNORECASE)
_BYLINE = re.compile(rf"^(?:{pattern('byline_prefixes', use='text-byline')})\s+\S", re.IGNORECASE)
_READ_TIME = re.compile(
    rf"(?P<n>\d+)\s*(?:{pattern('read_time_units')})\s*(?:{pattern('read_time_labels')})?",
    re.IGNORECASE,
)
_CREDIT = re.compile(r"^(?P<caption>.+?)\s*\((?P<credit>[^()]{2,80})\)\s*$")
_CREDIT_SOURCES = (rf"\b{a}\b" if len(a) <= 2 else a for a in select("agencies", use="text-credit"))
_CREDIT_HINT = re.compile(
    "|".join(("/", *select("credit_labels", use="text-credit"), *_CREDIT_SOURCES)), re.IGNORECASE
)
_RELATIVE_STAMP = re.compile(
    rf"^\d+\s*(?:{pattern('relative_units', use='text-stamp')})\s+ago$"
    rf"|^(?:{pattern('yesterday', use='text-stamp')})$|^(?:{pattern('just_now', use='text-stamp')})$",
    re.IGNORECASE,
)
_OPINION = re.compile(r"^(?P<author>[A-Z][\w’'.-]+(?: [A-Z][\w’'.-]+){1,3}):\s+(?P<title>.+)$")
_ELLIPSIS = ("…", "...")
_IMAGE_MARK = re.compile(r"^\[[^\]]{1,30}\]\s*")  # '[Image] ', '[Зображення] '
_CREDIT_LABEL = re.compile(r"(?<=[.!?»”])\s+[^\W\d_]{3,12}\s*:\s")  # '. Photo: ', '. Фото: '
_RANK = re.compile(r"^\d{1,2}[.)]?$")  # '1', '2.' before a title in a numbered list
# Titles a bare list gives at least: one line left under a heading, once a dump's sign-up
# form and its buttons are dropped, is the newsletter's name, not a list of stories.
_LIST_ITEMS = 2
_HEAD_LINES = 15  # content lines where a dateline may stand for the byline
_PROSE = 150  # characters: a line this long is a paragraph of the story (or of a dialog)
_CONSENT_NOTICES = 2  # consent phrases that make a block a consent dialog (as a consent wall)
_LABEL_WORDS = 1  # 'Share', 'Comments', 'News': a button or a kicker ('Merz gewählt' is a headline)
_STANDFIRST_MIN = 100  # characters of a standfirst under the headline (headlines run shorter)
# a breadcrumb ('News > Sydney > Transport') or a menu ('News | Sport | Business'), no headline
_NAV_LINE = re.compile(r"\s[>›»]\s|\s\|\s.*\s\|\s")


def _is_stamp(line: str) -> bool:
    return normalize_clock(line) is not None or bool(_RELATIVE_STAMP.match(line))


def _is_byline(line: str) -> bool:
    """A short line that starts with 'by'/'von'/... or carries a date (a dateline)."""
    return len(line) <= 160 and (bool(_BYLINE.match(line)) or find_date(line) is not None)


def _blocks(lines: list[str]) -> list[list[str]]:
    """Consecutive non-empty lines form a block; blank lines separate blocks."""
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in lines:
        if line:
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _split_byline(line: str, fields: PageFields) -> None:
    """'by Desk December 23, 2023 5:40 PM 2 min read' -> byline, date text, read time."""
    rest = line
    span = find_date(line)
    if span:
        fields.offer("published_text", line[span[0] : span[1]], "text")
        tail = line[span[1] :]
        rest = line[: span[0]]
        read = _READ_TIME.search(tail)
        if read:
            fields.offer("read_time_text", read.group(0), "text")
    fields.offer("byline", rest.strip(" ,|•·-"), "text")


def _teaser(block: list[str]) -> RawRelated | None:
    """['Name: Title', 'snippet…'] -> an opinion teaser; ['Title', 'snippet…'] -> related."""
    if len(block) != 2 or not block[1].endswith(_ELLIPSIS):
        return None
    m = _OPINION.match(block[0])
    if m:
        return RawRelated(m["title"], "Opinion", summary=block[1], author=m["author"])
    return RawRelated(block[0], "Related", summary=block[1])


def _feed_items(lines: list[str], section: str) -> list[RawRelated]:
    """Lines after a feed heading: a stamp line opens an item; its first line is the title."""
    items: list[RawRelated] = []
    stamp: str | None = None
    body: list[str] = []

    def flush() -> None:
        if body:
            summary = "\n\n".join(body[1:]) or None
            items.append(RawRelated(body[0], section, summary=summary, time_text=stamp))

    for line in lines:
        if not line:
            continue
        if _is_stamp(line):
            flush()
            stamp, body = line, []
        elif stamp is not None:
            body.append(line)
    flush()
    return items


def parse_text_dump(text: str) -> PageFields:
    """A plain-text page dump -> PageFields (title, byline, date, caption, body, related)."""
    fields = PageFields(page_text=text)
    lines = [clean_line(x) for x in text.splitlines()]
    lines = ["" if _FURNITURE.match(x) else x for x in lines]
    lines = _without_consent_dialog(lines)
    content = [i for i, x in enumerate(lines) if x]
    if not content:
        return fields

    byline_at = _byline_at(lines, content)
    if byline_at is not None:
        before = [i for i in content if i < byline_at]
        if before:
            fields.offer("title", _headline(lines, before), "text")
        _split_byline(lines[byline_at], fields)
        start = byline_at + 1
    else:
        fields.offer("title", lines[content[0]], "text")
        start = content[0] + 1

    rest = _read_header_lines(
        lines[start:], lines[byline_at] if byline_at is not None else "", fields
    )
    split = take_text_items(rest)
    rest = split.body
    fields.related.extend(split.items)
    first = next((i for i, x in enumerate(rest) if x), None)
    if first is not None:
        m = _CREDIT.match(rest[first])
        if m and _CREDIT_HINT.search(m["credit"]) and len(rest[first]) > 40:
            fields.offer("image_caption", m["caption"], "text")
            fields.offer("image_credit", m["credit"], "text")
            rest = rest[first + 1 :]

    _read_body_and_related(rest, fields)
    return fields


def _without_consent_dialog(lines: list[str]) -> list[str]:
    """A consent dialog's text above the story ('We value your privacy', 'We and our partners
    store … cookies … consent', 'AGREE'): a block before the first paragraph of other prose
    that holds two consent phrases, as a consent wall does, and no paragraph without one (a
    dump with no blank lines is one block), is page chrome."""
    out = list(lines)
    start = 0
    dropped = (0, 0)
    for block in _blocks(lines):
        at = out.index(block[0], start)
        start = at + len(block)
        prose = [line for line in block if len(line) >= _PROSE]
        if consent_notices(" ".join(block)) >= _CONSENT_NOTICES and all(
            map(consent_notices, prose)
        ):
            out[at:start] = [""] * len(block)
            dropped = (at, start)
        elif prose:
            break
    if dropped == (0, 0):
        return out
    # The block right over the byline or dateline holds the headline, whatever it is about
    # ('Google fined over cookie consent'): a dialog that would leave no line above it is none.
    byline = next((i for i, x in enumerate(lines) if x and _is_byline(x)), None)
    if byline is not None and dropped[0] < byline and not any(out[:byline]):
        out[dropped[0] : dropped[1]] = lines[dropped[0] : dropped[1]]
    return out


def _byline_at(lines: list[str], content: list[int]) -> int | None:
    """The byline's line: in the first lines a byline or a dateline; below a long menu, a
    line that opens with a byline prefix ('By NAME') before the story's first paragraph."""
    found = next((i for i in content[:_HEAD_LINES] if _is_byline(lines[i])), None)
    if found is not None:
        return found
    for i in content[_HEAD_LINES:]:
        if len(lines[i]) >= _PROSE:
            return None
        if len(lines[i]) <= 160 and _BYLINE.match(lines[i]):
            return i
    return None


def _headline(lines: list[str], before: list[int]) -> str:
    """The headline above the byline: the last line before it, past buttons and a kicker
    of a word or two ('Share', 'Comments', 'News'); when that line is a standfirst (a long
    line under a shorter headline that is no breadcrumb or menu), the line above it."""
    at = len(before) - 1
    while at > 0 and len(lines[before[at]].split()) <= _LABEL_WORDS:
        at -= 1
    line = lines[before[at]]
    if at > 0 and len(line) >= _STANDFIRST_MIN:
        above = lines[before[at - 1]]
        if len(above) < len(line) and is_headline(above) and not _NAV_LINE.search(above):
            return above
    return line


_HEADER_LINES = 4


def _read_header_lines(lines: list[str], byline: str, fields: PageFields) -> list[str]:
    """Datelines, read time and the photo credit under the byline ('17.01.2024, 21:40 ·
    Оновлено: … · Час читання: 3 хв', 'Caption. Photo: A/B'): read, then left out."""
    out = list(lines)
    seen = 0
    for i, line in enumerate(lines):
        if not line:
            continue
        seen += 1
        if seen > _HEADER_LINES:
            break
        if seen == 1 and is_role_line(line):  # 'Senior Reporter' under 'By NAME'
            out[i] = ""
            continue
        found = read_meta_lines([line])
        if found.image_credit and len(line) > 40:
            m = _CREDIT_LABEL.search(line)
            caption = line[: m.start()].strip() if m else None
            fields.offer("image_caption", _IMAGE_MARK.sub("", caption or "") or None, "text")
            fields.offer("image_credit", found.image_credit, "text")
            out[i] = ""
        elif found.published_text or found.updated_text or found.read_time_min is not None:
            fields.offer("published_text", found.published_text, "text")
            fields.offer("updated_text", found.updated_text, "text")
            if found.read_time_min is not None:
                fields.offer("read_time_text", f"{found.read_time_min} min", "text")
            out[i] = ""
    found = read_meta_lines([byline])
    fields.offer("updated_text", found.updated_text, "text")
    if found.read_time_min is not None:
        fields.offer("read_time_text", f"{found.read_time_min} min", "text")
    return out


def _read_body_and_related(lines: list[str], fields: PageFields) -> None:
    """Body paragraphs until the first teaser or heading; then teasers and feeds."""
    in_body = True
    i = 0
    blocks_start = 0
    while i <= len(lines):
        line = lines[i] if i < len(lines) else ""
        if line and (_STOP_HEADINGS.match(line) or _FEED_HEADINGS.match(line)):
            _take_blocks(lines[blocks_start:i], fields, in_body)
            in_body = False
            if _STOP_HEADINGS.match(line):
                fields.related.extend(_listed_items(lines[i:]))
                return
            end = next(
                (j for j in range(i + 1, len(lines)) if _STOP_HEADINGS.match(lines[j])),
                len(lines),
            )
            fields.related.extend(_feed_items(lines[i + 1 : end], line))
            i = blocks_start = end
            continue
        i += 1
    _take_blocks(lines[blocks_start:], fields, in_body)


def _listed_items(lines: list[str]) -> list[RawRelated]:
    """Lists headed 'Most Read', 'Top Stories' after the story: the titles in the block a
    heading opens (or in the next block, under a heading alone), past their rank numbers; a
    list has two titles at least. Blocks under no such heading (tags, share links, the footer) hold no items."""
    items: list[RawRelated] = []
    blocks = _blocks(lines)
    for k, block in enumerate(blocks):
        heading = block[0]
        if not _STOP_HEADINGS.match(heading):
            continue
        listed = block[1:] or (blocks[k + 1] if k + 1 < len(blocks) else [])
        if listed and _STOP_HEADINGS.match(listed[0]):
            continue  # a heading over a heading: the lower one opens the list
        titles = [
            x for x in listed if not _RANK.match(x) and is_headline(x) and not _NAV_LINE.search(x)
        ]
        if len(titles) >= _LIST_ITEMS:
            items.extend(RawRelated(x, heading) for x in titles)
    return items


def _take_blocks(lines: list[str], fields: PageFields, in_body: bool) -> None:
    for block in _blocks(lines):
        teaser = _teaser(block)
        if teaser is not None:
            fields.related.append(teaser)
            in_body = False
        elif in_body:  # a photo's credit or the editors' sign-off is no body text
            fields.paragraphs.extend(line for line in block if not is_credit_line(line))
    if fields.paragraphs:
        fields.sources.setdefault("body", "text")
