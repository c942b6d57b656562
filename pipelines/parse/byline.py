"""The visible byline, dateline and image caption of the story."""

from __future__ import annotations

import re
from collections.abc import Iterator
from operator import itemgetter

from selectolax.lexbor import LexborNode

from pipelines.normalize.dates import find_date
from pipelines.normalize.vocabulary import pattern
from pipelines.parse.dom import article_of, element_sibling, link_text_len, node_text
from pipelines.parse.fields import PageFields
from pipelines.parse.select import css, css_first
from pipelines.parse.shown_dates import listed_entry

# Where a visible byline / dateline is, most specific first: (how, value) reads "the rel
# attribute is", "a class is", "the class attribute contains". One walk finds every
# candidate; the rules then pick, instead of a walk per CSS selector.
_BYLINE_RULES = (
    ("rel", "author"),
    ("class", "byline__name"),
    ("class", "byline-name"),
    ("class", "author-name"),
    ("class", "article-author"),
    ("class", "byline"),
    ("contains", "byline"),
    ("class", "author"),
    ("prefix", "author"),  # 'authorname', 'author_link'
    ("href", "/autor"),  # a link to the writer's page: '/autoren/name/anna-fox', '/author/x'
    ("href", "/author/"),
    ("suffix", "author"),  # 'news-author' (not 'comment-author')
    ("tag", "address"),  # HTML: the contact of its article's author
)
_DATE_RULES = (
    ("class", "published"),
    ("class", "publish-date"),
    ("class", "article-date"),
    ("class", "date"),
    ("contains", "date"),
)
# A link to a writer's page is found by one selector whose first substring test ('/aut', rare
# in an href) fails at almost every link before the two exact ones run: a selector per href
# would search every link's href twice (-0.13 G instructions over the benchmark pages). The
# scan may list a node once per selector it matches; the rules read the first match and
# count texts, so a node listed once or twice reads the same.
AUTHOR_LINK = 'a[href*="/aut"]:is([href*="/autor"], [href*="/author/"])'
_BYLINE_DATE_SCAN = (
    '[rel="author"], [class*="byline"], [class*="author"], [class*="date"], .published, '
    f"{AUTHOR_LINK}, address"
)
_CREDIT = re.compile(
    rf"^(?P<cap>.*?)[\s.—–]*(?:\((?P<a>[^()]+)\)|(?:{pattern('credit_labels', use='html-credit')})\s*[:=]\s*(?P<b>.+))$",
    re.I,
)

# A credit written as a name: a capital first, then no figure and no sentence's end
# ('PA', 'Ryan Bell/The Daily', 'Getty Images'; not 'Enlarge image 1 of 4', 'Show more.')
_NAME_LIKE = re.compile(r"(?=.{2,60}$)[^\W\d_][^\d!?:;]*[^\W\d_)]")

# a credit label and its dots or colon before the names
_LABEL_DOTS = re.compile(
    rf"^(?:{pattern('credit_labels', use='html-credit')})\s*[:.\u2026]+\s*", re.IGNORECASE
)
# What a credit is written with, beyond a name: a photographer's slash ('Ryan Bell/The Daily'),
# a (c), an agency, or an agency's capitals ('PA', 'EPA-EFE'); a place ('Antakya, Turkey'), a
# day or a button ('Hide caption') is none.
_CREDIT_FORM = re.compile(
    rf"[/\u00a9]|\b(?:{pattern('agencies', use='text-credit')})\b", re.IGNORECASE
)
_CREDIT_CAPS = re.compile(r"[A-Z][A-Z&.\- ]{0,11}")  # case-bound: 'PA', not 'Monday'
# a bare credit label as the whole text of an element ('<span class="visually-hidden">Credit</span>'):
# glued to the name it reads 'Credit Harry Campbell' ('Photo: A. Fox' reads as written, and stays)
_LABEL_ONLY = re.compile(rf"(?:{pattern('credit_labels', use='html-credit')})", re.IGNORECASE)

# '［辻本航］', '【山田太郎】': a name of one or two parts in full-width brackets, no figure
_CLOSING_NAME = re.compile(
    r"[\uff3b\u3010](?P<name>[^\W\d_]{1,12}(?:[ \u3000\u30fb][^\W\d_]{1,12})?)[\uff3d\u3011]"
)
_STORY_TEXT = 150  # characters: the block before the name holds the story's text
_NAME_OPENERS = ("\uff3b", "\u3010")  # the brackets such a name opens with, '［' and '【'
_NAME_OPENER_BYTES = tuple(c.encode() for c in _NAME_OPENERS)


Candidate = tuple[LexborNode, str, list[str], str, str]
"""A node of the byline scan: its class attribute, the words of it (split once), rel, href."""


def _matches(how: str, value: str, candidate: Candidate) -> bool:
    """Whether the candidate matches the rule (how, value)."""
    node, classes, words, rel, href = candidate
    return (
        (how == "rel" and rel == value)
        or (how == "class" and value in words)
        or (how == "contains" and value in classes)
        or (how == "prefix" and any(w.startswith(value) for w in words))
        or (how == "suffix" and any(w.endswith(value) and "comment" not in w for w in words))
        or (how == "href" and value in href)
        # an <address> inside an <article> is its author's; outside, the site's (postal)
        or (how == "tag" and node.tag == value and article_of(node) is not None)
    )


# Where a rule's value is found whenever the rule matches (a candidate's class attribute, rel,
# href): a substring test there passes over most candidates before the rule itself is read.
_CLASSES, _REL, _HREF = itemgetter(1), itemgetter(3), itemgetter(4)
_HOLDS_VALUE = {
    "rel": _REL,
    "class": _CLASSES,
    "contains": _CLASSES,
    "prefix": _CLASSES,
    "suffix": _CLASSES,
    "href": _HREF,
}


def _first_by_rules(
    candidates: list[Candidate], rules: tuple[tuple[str, str], ...]
) -> Iterator[tuple[LexborNode, tuple[str, str]]]:
    """For each rule in turn, the first candidate it matches."""
    for how, value in rules:
        holder = _HOLDS_VALUE.get(how)
        for candidate in candidates:
            if (holder is None or value in holder(candidate)) and _matches(how, value, candidate):
                yield candidate[0], (how, value)
                break


_MAX_BYLINE_NODES = 6
_NAME_CHARS = 60


def _byline_of(node: LexborNode, rule: tuple[str, str], candidates: list[Candidate]) -> str:
    """The byline's text: of `node`, and of the nodes beside it (the same parent) that the
    same rule matches, as '<span class=author-name>A</span> and <span ...>B</span>'."""
    parent = node.parent
    if parent is None:
        return node_text(node)
    same = [
        c[0]
        for c in candidates
        if (up := c[0].parent) is not None and up.mem_id == parent.mem_id and _matches(*rule, c)
    ]
    texts = list(dict.fromkeys(text for n in same if (text := node_text(n))))
    if not 2 <= len(texts) <= _MAX_BYLINE_NODES or any(len(t) > _NAME_CHARS for t in texts):
        return node_text(node)  # one byline line, or lines that are more than names
    return ", ".join(texts)


def visible_byline_and_date(scope: LexborNode, fields: PageFields) -> None:
    candidates: list[Candidate] = []
    for node in css(scope, _BYLINE_DATE_SCAN):
        attrs = node.attributes
        classes = attrs.get("class") or ""
        rel, href = attrs.get("rel") or "", attrs.get("href") or ""
        candidates.append((node, classes, classes.split(), rel, href))
    if not candidates:
        return
    nodes = [c[0] for c in candidates]
    byline = None
    for node, rule in _first_by_rules(candidates, _BYLINE_RULES):
        text = _byline_of(node, rule, candidates)
        if 2 < len(text) < 200:
            fields.offer("byline", text, "visible")
            fields.visible_byline, byline = text, node
            break
    for node, _ in _first_by_rules(candidates, _DATE_RULES):
        text = node_text(node)
        if 5 < len(text) < 100 and any(ch.isdigit() for ch in text):
            if listed_entry(node, nodes):
                break  # the first dated entry of a list of other pages dates none of this
            fields.offer("published_text", text, "visible")
            return
    if (
        byline is not None and byline.parent is not None and not listed_entry(byline, nodes)
    ):  # 'Do 25.04.24 | 14:07 Uhr | Von A'
        line = node_text(byline.parent)
        if len(line) < 200 and (span := find_date(line)) is not None:
            fields.offer("published_text", line[span[0] :], "visible")


def may_close_on_name(html: str | bytes) -> bool:
    """Whether the page (its text, or its UTF-8 bytes) holds a bracket a closing name opens
    with: a plain search, where most pages hold none, before closing_byline's walk of every
    block."""
    if isinstance(html, bytes):
        # a one-byte search is a memchr, ~15x faster over a page than the three-byte one,
        # and a page without the lead byte (most of a Latin-script set) holds no opener
        return any(b[:1] in html and b in html for b in _NAME_OPENER_BYTES)
    return any(c in html for c in _NAME_OPENERS)


def closing_byline(scope: LexborNode, fields: PageFields) -> None:
    """Offer the byline a Japanese story closes on: the reporter's name alone in full-width
    brackets, in the element right after the story's text ('<div class="text">…</div><p>
    ［NAME］</p>'). A bracketed word beside short lines ('［経済］', a section label in the
    dateline) is none, nor a box's heading ('【関連記事】' over its links or pictures)."""
    if fields.byline is not None:
        return
    for node in css(scope, "p, div, span"):
        m = _CLOSING_NAME.fullmatch((node.text(deep=False) or "").strip())
        if m is None or any(child.is_element_node for child in node.iter()):
            continue  # the name alone, no link or part of its own
        before, after = element_sibling(node, False), element_sibling(node, True)
        if before is None or len(before.text(deep=True) or "") < _STORY_TEXT:
            continue
        if after is not None and (
            after.tag in ("ul", "ol", "a", "img") or _links_or_pictures(after)
        ):
            continue  # a box's heading over its links or pictures ('【写真特集】')
        if m["name"].isascii():
            continue  # '［PR］': the names are written in the story's script
        fields.byline = fields.visible_byline = m["name"]
        fields.sources["byline"] = "visible"
        return


def _links_or_pictures(node: LexborNode) -> bool:
    """A box of links (half its text or more) or of pictures (an image, no text)."""
    text = node_text(node)
    if not text:
        return css_first(node, "img") is not None
    return 2 * link_text_len(node) >= len(text)


def _unbracketed(credit: str) -> str:
    """'(Foto: A. Fox)' -> 'Foto: A. Fox', 'A. Fox (EFE)' -> itself: the brackets round the
    whole credit go, and one left unmatched at either end; an agency's brackets stay."""
    text = credit.strip()
    if text.startswith("(") and text.endswith(")") and "(" not in text[1:-1]:
        text = text[1:-1].strip()
    if text.endswith(")") and text.count(")") > text.count("("):
        text = text[:-1].rstrip()
    if text.startswith("(") and text.count("(") > text.count(")"):
        text = text[1:].lstrip()
    return text


def _credit_part(caption: LexborNode) -> LexborNode | None:
    """The last of a <figcaption>'s parts when it is the credit, set apart from the caption in
    an element of its own: '<span>Hotels have been used since 2020</span> <span>PA</span>',
    '<span>A rider waits.</span> <span>Ryan Bell/The Daily</span>'. The caption is an image's
    (its <figure> holds one); the part is short, written like a name (a capital first, no
    figure, no sentence's end) and shorter than the caption it follows."""
    figure = caption.parent
    while figure is not None and figure.tag != "figure":
        figure = figure.parent
    if figure is None or css_first(figure, "img, picture") is None:
        return None
    parts: list[tuple[LexborNode, str]] = []
    for child in caption.iter(include_text=True):
        if child.tag == "-text":
            if (child.text_content or "").strip():
                return None  # caption text written bare between the parts
        elif text := node_text(child):
            parts.append((child, text))
    if len(parts) < 2:
        return None
    node, text = parts[-1]
    if (
        node.tag in ("button", "a", "time", "p")
        or "role" in node.attributes
        or not text[0].isupper()
        or _NAME_LIKE.fullmatch(text) is None
        or not (_CREDIT_CAPS.fullmatch(text) or _CREDIT_FORM.search(text))
    ):
        return None
    return node if len(text) < sum(len(t) for _, t in parts[:-1]) else None


def _credit_text(node: LexborNode) -> str:
    """A credit element's text without the labels set in elements of their own before the
    name: '<span><span>Credit</span> Harry Campbell</span>' -> 'Harry Campbell', and a label
    written twice ('<span>Credit</span><span><span>Credit</span><span>A. Fox/AP</span></span>',
    one for the eye and one for screen readers) -> 'A. Fox/AP'."""
    text = node_text(node)
    for leaf in node.traverse():
        if leaf is node or any(c.tag != "-text" for c in leaf.iter(include_text=True)):
            continue  # only elements holding text alone
        label = node_text(leaf)
        if not label:
            continue
        rest = text[len(label) :].lstrip()
        if (
            _LABEL_ONLY.fullmatch(label) is None
            or not text.startswith(label)
            or not rest[:1].isalpha()
        ):
            break  # the name, a label that reads as written ('<b>Credit</b>: A. Fox'), or a
            # word of the credit ('<b>POOL</b>/AFP')
        text = rest
    return text


_CAPTIONS = 'figure figcaption, [itemprop="caption"]'


def read_caption(scope: LexborNode, fields: PageFields) -> bool:
    """Offer the story's first image caption and credit; whether a credit element was removed
    from the tree (the caption is read without it)."""
    # a <figcaption>; else a schema.org caption (ImageObject.caption) written beside its image.
    # One walk first finds whether either is there: a page with neither (most) is walked once,
    # not once per selector.
    if css_first(scope, _CAPTIONS) is None:
        return False
    figure = css_first(scope, "figure figcaption") or css_first(scope, '[itemprop="caption"]')
    if figure is None:
        return False
    credit_node = css_first(figure, '.credit, [class*="credit"], .copyright, small')
    credit = _credit_text(credit_node) if credit_node is not None else None
    removed = credit_node is not None
    if credit_node is not None:
        credit_node.decompose()
    caption = node_text(figure)
    if not credit:
        m = _CREDIT.match(caption)
        if m and (m["a"] or m["b"]):
            caption, credit = m["cap"].strip(), (m["a"] or m["b"]).strip()
        elif (part := _credit_part(figure)) is not None:
            credit = _LABEL_DOTS.sub("", _credit_text(part))  # 'Credit... A. Fox/AP' -> 'A. Fox/AP'
            part.decompose()
            caption = node_text(figure)
            removed = True
    fields.offer("image_caption", caption or None, "visible")
    fields.offer("image_credit", _unbracketed(credit or "") or None, "visible")
    return removed
