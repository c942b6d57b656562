"""The container's body blocks in order, without datelines, bylines, notices and related boxes."""

from __future__ import annotations

import re
from functools import lru_cache

from selectolax.lexbor import LexborNode

from pipelines.normalize.credit_lines import ends_in_credit, is_credit_line
from pipelines.normalize.dates import find_date
from pipelines.normalize.meta_lines import read_meta_lines
from pipelines.normalize.text import clean_line
from pipelines.normalize.vocabulary import pattern, select
from pipelines.parse.byline import AUTHOR_LINK
from pipelines.parse.dom import attr_words, br_lines, link_text_len, node_text
from pipelines.parse.page_kind import PAYWALL
from pipelines.parse.select import css, css_first

# class/id tokens of the byline and dateline blocks: read as metadata, never as body text.
_META_TOKEN = re.compile(rf"^(?:{pattern('meta_tokens')})$", re.IGNORECASE)
_TOKEN_SPLIT = re.compile(r"[\s_]+|(?<=[a-z])-(?=[a-z])")
_BLOCKS = "p, h2, h3, h4, blockquote, li, pre, tr, dt, dd"
# The blocks, the images and the links to a writer's page, from one walk of the container (a
# walk each costs two more: the walk, not the tests, is what costs). No block is an <img> or
# an <a>, so each node's tag tells which it is.
_SCAN = f"{_BLOCKS}, img, {AUTHOR_LINK}"
_DIV_SCAN = f"{_BLOCKS}, div, img, {AUTHOR_LINK}"
_HEADINGS = frozenset({"h2", "h3", "h4"})
_ITEMS = frozenset({"li", "dt", "dd"})  # list items: a <p> inside is read on its own
# What a table row of data does not hold: a row holding any of these lays out the page, and
# its blocks are read one by one. A <div> in a cell may only wrap a short value.
_ROW_BLOCKS = frozenset("p h1 h2 h3 h4 blockquote li pre table".split())
_ROW_MAX = 400  # characters of a row of data that wraps its cells' values in <div>s


def _is_data_row(row: LexborNode) -> bool:
    """A <tr> of two cells or more holding text only (a table of facts, a list told as a
    table). A row of one cell is a box the layout placed (a photo and its caption)."""
    cells = 0
    divs = False
    for node in row.traverse(include_text=False):
        if node.tag in _ROW_BLOCKS:
            return False
        cells += node.tag in ("td", "th")
        divs = divs or node.tag == "div"
    return cells >= 2 and not (divs and len(node_text(row)) > _ROW_MAX)


@lru_cache(maxsize=8192)
def _is_meta_words(words: str) -> bool:
    """'byline author-name' -> True: class/id words of a byline or dateline block."""
    tokens = _TOKEN_SPLIT.split(words.lower())
    return any(_META_TOKEN.match(t) for t in tokens if t)


def _is_meta(element: LexborNode, key: int, known: dict[int, bool]) -> bool:
    """The element (its mem_id `key`) is a byline/dateline block by its class/id words.
    `known` keeps each element's answer: siblings share their parent."""
    meta = known.get(key)
    if meta is None:
        attrs = element.attributes  # most blocks have none: no words to read
        meta = known[key] = bool(attrs) and _is_meta_words(attr_words(attrs))
    return meta


# A heading that ends the story: what follows is related links, teasers or comments.
_END_OF_STORY = re.compile(
    rf"^(?:{pattern('related_headings', use='html-end')})[.…:!]*$", re.IGNORECASE
)


# The notice a page shows in place of an embedded video or post until the reader agrees to
# load it ('two-click' embeds): it and what follows in its box are not the story.
_EMBED_NOTICE = re.compile(pattern("embed_notices"), re.IGNORECASE)


# A media player's caption line: '02:57 Min. . Verfügbar bis 06.05.2024 .'
_MEDIA_LABEL = "|".join(rf"\b{label}\b" for label in select("media_labels"))
_MEDIA_LINE = re.compile(rf"\b\d{{1,2}}:\d{{2}} ?min\b|{_MEDIA_LABEL}", re.I)
_LABEL_LINE = re.compile(r"^[^\W\d_]+(?: [^\W\d_]+)?:\s")
_BYLINE_PREFIXES = select("byline_prefixes", "lower_byline_prefixes", use="html-line")
# A line of a byline prefix, capitalized or not, and up to four capitalized words.
_BYLINE_LINE = re.compile(
    rf"^(?:{'|'.join(f'[{w[0].upper()}{w[0]}]{w[1:]}' for w in _BYLINE_PREFIXES)})\s+"
    r"(?:[A-Z\u00c0-\u00dd][\w'’.-]*\s*){1,4}$"
)
_DIGIT = re.compile(r"\d")


# Words every match of _EMBED_NOTICE holds, looked for before the regex runs.
_EMBED_HINTS = select("embed_hints")
# A search of texts joined at newlines finds every notice a search of each finds, unless the
# pattern anchors at a text's ends or looks around it: then each text is searched alone.
_PAYWALL_JOINS = re.search(r"[$^]|\\[AZ]|\(\?<?!", PAYWALL.flagged.pattern) is None


def _hinted(low: str, hints: tuple[str, ...]) -> bool:
    for hint in hints:  # noqa: SIM110 (a loop costs a fifth less than any() over a generator)
        if hint in low:
            return True
    return False


def _is_stamp_line(text: str) -> bool:
    """A line that only dates or signs the story, or captions a player: 'Stand: 22.04.2024,
    06:00 Uhr', 'Von Anna Fox', '02:57 Min. . Verfügbar bis 06.05.2024'."""
    if _BYLINE_LINE.match(text):
        return True
    if _DIGIT.search(text) is None:  # what follows needs a digit: most lines stop here
        return False
    if _MEDIA_LINE.search(text):
        return True
    span = find_date(text)
    if span is None:
        return False
    if _LABEL_LINE.match(text):  # 'Sendung: Radio Example, 24.04.2024, 15:10 Uhr'
        return True
    rest = f"{text[: span[0]]} {text[span[1] :]}"
    return len(re.findall(r"[^\W\d_]{3,}", rest)) <= 2  # 'Stand:', 'Uhr', 'Updated'


def _inside(node: LexborNode, boxes: set[int], container_id: int) -> bool:
    parent = node.parent
    while parent is not None and parent.mem_id != container_id:
        if parent.mem_id in boxes:
            return True
        parent = parent.parent
    return False


def _pre_paragraphs(node: LexborNode) -> list[str]:
    """Preformatted text, its paragraphs at its blank lines."""
    text = node.text(deep=True, separator="") or ""
    return [line for part in re.split(r"\n\s*\n", text) if (line := clean_line(part))]


# A block read out of the container: (node, tag, parent, text, its known (text, link
# length) when the voting pass measured it).
_Block = tuple[LexborNode, str, LexborNode | None, str, tuple[str, int] | None]


# A long <div> block whose text is this much link text is a grid or list of links.
_LINK_GRID = 0.8


def body_blocks(
    container: LexborNode,
    measured: dict[int, tuple[str, int]],
    div_paragraphs: set[int] | None = None,
) -> list[str]:
    """The container's paragraphs and sub-headings in order, without the boxes headed like
    related links or comments ('Related', 'Comments', 'Lesen Sie auch', ...)."""
    images: list[LexborNode] = []
    author_links: list[LexborNode] = []
    blocks = _text_blocks(container, measured, div_paragraphs, images, author_links)
    # One search over the page's short blocks, joined at newlines, stands for a search of
    # each: where it finds no notice (most pages), no block holds one.
    short = "\n".join(b[3] for b in blocks if len(b[3]) < 200)
    walled = PAYWALL.search(short) if _PAYWALL_JOINS else True
    lows = "\n".join(b[3].lower() for b in blocks if len(b[3]) < 300)
    embeds = tuple(hint for hint in _EMBED_HINTS if hint in lows)
    out: list[str] = []
    boxes: set[int] = set()  # elements holding such a heading (below the container)
    container_id = container.mem_id
    pictured = _holding_images(container, images)
    bios = _author_boxes(container, author_links)
    for node, tag, parent, text, known in blocks:
        if boxes and _inside(node, boxes, container_id):
            continue
        size = len(text)
        if bios and size < _BIO_MAX and _is_bio(node, text, bios, container_id):
            continue  # the writer's bio in a box with the link to their page
        if (
            (size < 80 and _is_stamp_line(text))
            or (size < 200 and walled and PAYWALL.search(text))  # case-blind, fast where exact
            or (size < 300 and is_credit_line(text))
        ):
            continue  # a dateline, a byline, a player's caption; a paywall's notice; a credit
        if node.mem_id in pictured and ends_in_credit(text):
            continue  # a caption written beside its image, with its credit
        if (size < 60 and _END_OF_STORY.match(text)) or (
            size < 300 and embeds and _hinted(text.lower(), embeds) and _EMBED_NOTICE.search(text)
        ):
            if parent is not None and parent.mem_id != container_id:
                boxes.add(parent.mem_id)
            continue
        if size < 200 and tag in ("p", "li", "div", "tr"):
            links = known[1] if known is not None else link_text_len(node)
            if links > 0.6 * size:
                continue
        elif tag == "div" and link_text_len(node) > _LINK_GRID * size:
            continue  # a grid of story cards: link titles side by side, no sentence of its own
        if tag == "div" and css_first(node, "br") is not None:
            # a div of <br>-separated lines: each line a paragraph, a caption's among them not
            out.extend(line for line in br_lines(node) if not is_credit_line(line))
        elif tag == "pre":
            out.extend(_pre_paragraphs(node))
        else:
            out.append(text)
    return out


_BIO_MAX = 300  # characters of an author box's bio: a sentence or two


def _author_boxes(container: LexborNode, links: list[LexborNode]) -> dict[int, str]:
    """The boxes below the container that hold a link to a writer's page ('/autor/...',
    '/author/...': `links`, in page order), the link's parent and the box around it, each with
    the writer's name."""
    boxes: dict[int, str] = {}
    stop = container.mem_id
    for link in links:
        name = node_text(link)
        node = link.parent
        for _ in range(2):
            if not name or node is None or node.mem_id == stop:
                break
            boxes.setdefault(node.mem_id, name)
            node = node.parent
    return boxes


def _is_bio(node: LexborNode, text: str, bios: dict[int, str], container_id: int) -> bool:
    """A short block that opens with the name of the writer whose link shares its box (the
    block's parent or the parent's parent, below the container): 'Anna Fox – reporter of
    the city desk, writes about transport.' beside '<a href="/autor/anna-fox">Anna Fox</a>'."""
    parent = node.parent
    for _ in range(2):
        if parent is None or parent.mem_id == container_id:
            return False
        name = bios.get(parent.mem_id)
        if name is not None and text.startswith(name) and text != name:
            return True
        parent = parent.parent
    return False


def _text_blocks(
    container: LexborNode,
    measured: dict[int, tuple[str, int]],
    div_paragraphs: set[int] | None,
    images: list[LexborNode],
    author_links: list[LexborNode],
) -> list[_Block]:
    """The container's blocks that hold text, in order, by their structure: not a byline or
    dateline block, not a list item or a quote read through its paragraphs, not a layout row.
    The walk's images and links to a writer's page are left in `images` and `author_links`."""
    found: list[_Block] = []
    meta_known: dict[int, bool] = {}
    cards: set[int] = set()  # list items headed by a sub-heading
    container_id = container.mem_id
    for node in css(container, _DIV_SCAN if div_paragraphs else _SCAN):
        tag = node.tag or ""
        if tag == "img":
            images.append(node)
            continue
        if tag == "a":
            author_links.append(node)
            continue
        key = node.mem_id
        if tag == "div" and key not in (div_paragraphs or ()):
            continue
        parent = node.parent
        parent_id = parent.mem_id if parent is not None else container_id
        # The node or its parent a byline/dateline block; the container holding the story
        # never is one, whatever its class says (a CMS's 'hs_cos_wrapper_meta_field').
        if (key != container_id and _is_meta(node, key, meta_known)) or (
            parent is not None
            and parent_id != container_id
            and _is_meta(parent, parent_id, meta_known)
        ):
            continue
        if tag == "div" and _parts_are_meta(node, meta_known):
            continue  # a header line of byline and date <span>s ('news-author', 'news-date')
        if tag in _ITEMS and _holds_paragraph(node):
            continue  # the <p> inside is read on its own (an empty one is only a spacer)
        if tag == "tr" and not _is_data_row(node):
            continue
        if tag == "p" and parent is not None:
            parent_tag = parent.tag
            if parent_tag == "blockquote":
                continue  # the quote is read whole
            # a list item's paragraphs are notes or answers, unless the item is a card of
            # a story told in cards (a heading, then its text: steps, features, slides)
            if parent_tag == "li" and parent_id not in cards:
                continue
        elif tag in _HEADINGS and parent is not None:
            if parent.tag == "li":
                cards.add(parent_id)
            elif div_paragraphs and parent_id in div_paragraphs:
                continue  # a card's heading: read with its text
        known = measured.get(key)
        text = known[0] if known is not None else node_text(node)
        if text:
            found.append((node, tag, parent, text, known))
    return found


def _holding_images(container: LexborNode, images: list[LexborNode]) -> set[int]:
    """The elements below the container that hold one of its `images`: a walk up from each."""
    held: set[int] = set()
    stop = container.mem_id
    for image in images:
        node = image.parent
        while node is not None and (key := node.mem_id) != stop and key not in held:
            held.add(key)
            node = node.parent
    return held


def _holds_paragraph(item: LexborNode) -> bool:
    """A list item holds a <p> with text. A walk of a (small) item costs less than a css()
    call, which compiles its selector each time."""
    return any(node_text(n) for n in item.traverse() if n.tag == "p")


def _parts_are_meta(div: LexborNode, known: dict[int, bool]) -> bool:
    """A <div> paragraph whose text all sits in inline parts that are byline, dateline,
    update or read-time lines, by their class words or their text: the header line under the
    headline ('<span class="news-author">Текст: A</span><span>Обновлено: 6 января…</span>')."""
    parts = 0
    for child in div.iter(include_text=True):
        if child.tag == "-text":
            if (child.text_content or "").strip():
                return False  # text of its own: a paragraph that may name a date
            continue
        if not (text := node_text(child)):
            continue
        meta = _is_meta(child, child.mem_id, known)
        if not meta and (len(text) > _META_PART or not _is_meta_line(text)):
            return False
        parts += 1
    return parts > 0


_META_PART = 120  # characters of a header line's part read by its words


def _is_meta_line(text: str) -> bool:
    """'Обновлено: 6 января 2024, 00:01', 'Время чтения: 5 минут', 'By A. Fox' -> True;
    'By the end of the year, ...' -> False (a byline by its words is a prefix and names only:
    the stamp line's rule, not the header reader's, which takes any 'By ...')."""
    if _is_stamp_line(text):
        return True
    found = read_meta_lines([text])
    return bool(found.published_text or found.updated_text) or found.read_time_min is not None
