"""The short lines around a headline (byline, dateline, read time, caption) -> PageFields.

Whatever the template's classes, these lines sit between the headline and the first long
paragraph; normalize.meta_lines reads them by their labels. Fields already set by
metadata stay; a visible byline the class rules cut short ('Олена Коваль' of 'Текст: Олена
Коваль, Андрій Мельник') gives way to the whole line.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from selectolax.lexbor import LexborNode

from pipelines.normalize.bylines import classify_author, normalize_authors
from pipelines.normalize.credit_lines import trailing_credit
from pipelines.normalize.meta_lines import labelled_update, read_meta_lines
from pipelines.normalize.text import clean_line
from pipelines.parse.dom import element_before, is_below
from pipelines.parse.fields import PageFields
from pipelines.parse.select import css_first

_LINE_TAGS = frozenset(
    "div span p time small b strong font figcaption address em i li td header dd".split()
)
_WRAPPERS = frozenset({"div", "li", "td", "header", "dd"})
_BLOCK_TAGS = frozenset("div p ul ol li section figure table header article".split())
_BODY_START = 150  # characters: a paragraph this long is the story's text
_MAX_LINES = 30


def header_lines(
    scope: LexborNode, h1: LexborNode | None, captions: list[str] | None = None
) -> list[str]:
    """Texts of the leaf blocks after the headline, up to the first long paragraph. A long
    paragraph inside the headline's own <header> is its standfirst, not the story's text:
    the byline and dateline lines after it in that <header> are still read. The lines written
    right after an image (its caption, without a <figcaption>) also go to `captions`."""
    lines: list[str] = []
    headline = clean_line(h1.text(deep=True, separator=" ") or "") if h1 is not None else ""
    header = _header_of(h1, scope)
    for node in _after(h1, scope):
        if (tag := node.tag) not in _LINE_TAGS:  # (read once: each read makes a string)
            continue
        if tag in _WRAPPERS and any(child.tag in _BLOCK_TAGS for child in node.iter()):
            continue  # a wrapper: its lines come one by one
        text = clean_line(node.text(deep=True, separator=" ") or "")
        if tag == "p" and len(text) >= _BODY_START:
            if header is not None and is_below(node, header):
                header = None  # one standfirst ('dek') under the headline; a <header> that
                continue  # wraps the whole story ends the lines at its next paragraph
            break
        if not text or text == headline or len(text) > 200:
            continue
        lines.append(text)
        if captions is not None and _after_image(node):
            captions.append(text)
        if len(lines) >= _MAX_LINES:
            break
    return lines


def _after_image(node: LexborNode) -> bool:
    """The element's previous sibling element is an image: an <img>, or a <picture> or link
    that holds one and no text ('<img …><p class="caption">…</p>')."""
    sibling = element_before(node)
    if sibling is None:
        return False  # no element before, or text between the image and the line
    if sibling.tag == "img":
        return True
    return (
        sibling.tag in ("picture", "a")
        and css_first(sibling, "img") is not None
        and not (sibling.text(deep=True) or "").strip()
    )


def _header_of(h1: LexborNode | None, scope: LexborNode) -> LexborNode | None:
    """The <header> element round the headline, within the scope (HTML: a <header> holds a
    section's introductory content: its heading, standfirst, byline and dates)."""
    node = h1.parent if h1 is not None else None
    while node is not None and node.mem_id != scope.mem_id:
        if node.tag == "header":
            return node
        node = node.parent
    return None


def _after(h1: LexborNode | None, scope: LexborNode) -> Iterator[LexborNode]:
    """The elements after the headline in document order, within the scope (all of the
    scope without a headline): the following siblings of the headline and of each of its
    ancestors up to the scope, each with its subtree."""
    if h1 is None:
        yield from scope.traverse(include_text=False)
        return
    node: LexborNode | None = h1
    while node is not None and node.mem_id != scope.mem_id:
        sibling = node.next
        while sibling is not None:
            if sibling.is_element_node:
                yield from sibling.traverse(include_text=False)
            sibling = sibling.next
        node = node.parent


def _lines_byline_wins(fields: PageFields, byline: str) -> bool:
    """The lines' byline replaces a visible one the class rules read: it names more authors
    ('Текст: A, B' over 'A'), or it is the same byline cut at its first bar ('Written by A'
    of 'Written by A | Bengaluru |': what follows the bar is a place, a desk, a date)."""
    visible = fields.visible_byline
    if fields.sources.get("byline") != "visible" or not visible:
        return False
    if visible in byline:
        return len(normalize_authors(byline)) > len(normalize_authors(visible))
    rest = visible[len(byline) :].lstrip() if visible.startswith(byline) else ""
    # ... but an agency after the bar is a credit of its own ('Por Ana Zorro | EFE')
    return rest.startswith("|") and classify_author(rest[1:].split("|")[0].strip()) == "person"


def offer_header_lines(fields: PageFields, lines: list[str], captions: Sequence[str] = ()) -> None:
    """Offer what the lines say to the fields that metadata left empty; a caption written
    beside its image may close on its credit with no label ('…in March. (A. Fox/The Daily)')."""
    found = read_meta_lines(lines)
    if found.byline and (fields.byline is None or _lines_byline_wins(fields, found.byline)):
        fields.byline = fields.visible_byline = found.byline
        fields.sources["byline"] = "visible"
    if (
        found.published_text
        and fields.sources.get("published_text") == "visible"
        and labelled_update(fields.published_text)
    ):  # a class rule took 'Mis à jour le …' for the date; the lines name the publication
        fields.published_text = found.published_text
    fields.offer("published_text", found.published_text, "visible")
    fields.offer("updated_text", found.updated_text, "visible")
    if found.read_time_min is not None:
        fields.offer("read_time_text", f"{found.read_time_min} min", "visible")
    fields.offer("image_credit", found.image_credit, "visible")
    for caption in captions:
        if (credit := trailing_credit(caption)) is not None:
            fields.offer("image_credit", credit, "visible")
            break
