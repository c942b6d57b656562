"""One related item read out: its label, the heading over its block, its summary and time.

`related_links.py` finds the links that read as headlines, `related_blocks.py` grows them to
their list item or card; these read what sits around one. Plain values in and out: node text, strings.
"""

from __future__ import annotations

import re
from functools import lru_cache

from selectolax.lexbor import LexborNode

from pipelines.normalize.text import clean_line
from pipelines.normalize.vocabulary import pattern
from pipelines.parse.dom import element_before, element_sibling

_LABEL_MAX = 40
HEADING_MAX = 60  # a heading longer than this is a headline, not a list's name
HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_HEADING_LIKE = frozenset({"b", "strong", "font", "p", "span", "div", "dt", "caption", "legend"})
_TEASER_LABEL = re.compile(rf"(?:{pattern('teaser_labels')})", re.IGNORECASE)
_SPONSORED_TEXT = re.compile(rf"(?<!\w)(?:{pattern('sponsored_labels')})(?!\w)", re.IGNORECASE)
_DAY_WORD = re.compile(rf"(?<!\w)(?:{pattern('yesterday', 'today')})(?!\w)", re.IGNORECASE)
STAMP_TRIM = " \t·|•–—-()[],;"  # around the time an item holds beside its headline


def item_text(node: LexborNode) -> str:
    """A node's text as one clean line, its parts joined with spaces."""
    return clean_line(node.text(deep=True, separator=" ") or "")


def _first(node: LexborNode, tag: str) -> LexborNode | None:
    """The first element of this tag below a small node (a walk: no selector to compile)."""
    for inner in node.traverse(include_text=False):
        if inner.tag == tag and inner.mem_id != node.mem_id:
            return inner
    return None


def teaser_label(text: str, title: str) -> str | None:
    """('Read also: Ferry link resumes', 'Ferry link resumes') -> 'Read also': a short label
    ending in a colon before the headline, or a teaser label without one."""
    at = text.find(title)
    if at <= 0:
        return None
    label = text[:at].strip()
    if len(label) > _LABEL_MAX or len(label.split()) > 5:
        return None
    if not label.endswith((":", "：")) and not _TEASER_LABEL.fullmatch(label.rstrip(" »›>|-–—")):
        return None  # without a colon, only a teaser label ('Read also', 'Czytaj także')
    return label.rstrip(":：»›>|-–— ") or None


def label_before(node: LexborNode) -> str | None:
    """A teaser label in the element just before an item that ends its climb by itself
    (a card's <article>): '<p>Read also</p><article><h2><a>Title</a></h2></article>'
    -> 'Read also'."""
    prev = element_before(node)  # None with running text between the label and the item
    if prev is None or prev.tag == "a":
        return None
    text = _line_up_to(prev.text(deep=True, separator=" ") or "", _LABEL_MAX)
    if not text:
        return None
    label = text.rstrip(":：»›>|-–— ")
    return label if _TEASER_LABEL.fullmatch(label) else None


def _line_up_to(raw: str, limit: int) -> str | None:
    """clean_line(raw) when it is at most `limit` characters, else None. A long text is told
    by its start cut at a space: words clean alone as in the whole text (NFC composes no
    mark across a space), so a long start is a long text, without cleaning all of it."""
    if len(raw) > 8 * limit:
        start = raw[: 8 * limit].rsplit(None, 1)
        if len(start) == 2 and len(clean_line(start[0])) > limit:
            return None
    text = clean_line(raw)
    return text if len(text) <= limit else None


def _heading_over(note: LexborNode, block: LexborNode) -> str | None:
    """The <h*> just before a box that holds only a short note and the block: the note
    ('<p>All times Arizona (MST)</p>') explains the list, the heading names it
    ('<h3>Latest news</h3><div><p>All times …</p><ul>…</ul></div>')."""
    box = block.parent
    if box is None or element_sibling(note, False) is not None:
        return None
    if element_sibling(block, True) is not None:
        return None
    above = element_sibling(box, False)
    if above is not None and above.tag in HEADING_TAGS and above.tag != "h1":  # h1: the story's
        return item_text(above) or None
    return None


def block_heading(block: LexborNode | None) -> str | None:
    """The heading just before a block, or opening it, up to two levels up."""
    node = block
    for _ in range(3):
        if node is None:
            return None
        first = node.child
        while first is not None and not first.is_element_node:
            first = first.next
        if first is not None and first.tag in HEADING_TAGS:
            return item_text(first) or None
        prev = element_sibling(node, False)
        if prev is not None:
            if prev.tag in HEADING_TAGS:
                return item_text(prev)
            # Often the story or a whole column: only a short text can name the block.
            text = _line_up_to(prev.text(deep=True, separator=" ") or "", HEADING_MAX)
            if text and prev.tag in _HEADING_LIKE and _first(prev, "a") is None:
                return _heading_over(prev, node) or text
            if prev.tag != "hr" and text != "":  # None: a long text
                return None
        node = node.parent
    return None


def summary_and_time(
    node: LexborNode, link: LexborNode
) -> tuple[LexborNode | None, LexborNode | None]:
    """The first <p> (a summary) and the first <time> below an item grown past its link, in
    one walk (an item is small: faster than compiling a selector)."""
    paragraph: LexborNode | None = None
    stamp: LexborNode | None = None
    if node is link:
        return paragraph, stamp
    own = node.mem_id
    for inner in node.traverse(include_text=False):
        tag = inner.tag
        if tag == "p" and paragraph is None and inner.mem_id != own:
            paragraph = inner
        elif tag == "time" and stamp is None and inner.mem_id != own:
            stamp = inner
    return paragraph, stamp


def item_time(text: str, title: str, label: str | None, time_node: LexborNode | None) -> str | None:
    """The item's time as written: a <time>'s text (or datetime), else what is left of the
    item's text beside its headline and label when it holds a digit or a day word."""
    if time_node is not None:
        shown = item_text(time_node)
        if shown and (any(map(str.isdigit, shown)) or _DAY_WORD.search(shown)):
            return shown
        return time_node.attributes.get("datetime") or shown or None
    rest = text.replace(title, " ", 1)
    if label:
        rest = rest.replace(label, " ", 1).replace(":", " ", 1)
    rest = clean_line(rest).strip(STAMP_TRIM)
    if not rest or len(rest) > 40:
        return None
    if any(map(str.isdigit, rest)) or _DAY_WORD.search(rest):
        return rest
    return None


def sponsored(heading: str | None, text: str, title: str) -> bool:
    """The block's heading, or what the item holds beside its headline, says sponsored."""
    if heading and _says_sponsored(heading):
        return True
    return _says_sponsored(text.replace(title, " "))


@lru_cache(maxsize=4096)  # a block's heading, and what items hold beside a title, repeat
def _says_sponsored(text: str) -> bool:
    return _SPONSORED_TEXT.search(text) is not None


def own_text(block: LexborNode | None) -> str:
    """A block's own text, between its children: a list's separators or running sentences."""
    return (block.text(deep=False) or "").strip() if block is not None else ""
