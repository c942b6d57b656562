"""Body voting: paragraphs vote for the element that holds them; its blocks are the body."""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from pipelines.normalize.credit_lines import is_credit_line
from pipelines.normalize.text import word_count_of_lines
from pipelines.parse.blocks import body_blocks
from pipelines.parse.dom import br_lines, is_below, link_text_len, node_text, page_link_text_len
from pipelines.parse.page_kind import reads_as_headed_story, reads_as_story, shows_wall_notice
from pipelines.parse.select import css, css_first

# A <div> used as a paragraph ('body__paragraph', 'text__text' classes): a sentence's
# worth of text of its own and no block inside; a list item twice that. Looked for only when
# <p> found little.
_DIV_PARAGRAPH_MIN = 40
_INSIDE_A_PARAGRAPH = frozenset("p div li h1 h2 h3 h4 table section article ul ol".split())


def _paragraphs_and_link_lens(tree: LexborHTMLParser) -> tuple[list[LexborNode], dict[int, int]]:
    """The <p>s, and the link text length inside each, from one walk that finds both (half
    the cost of a tags() lookup and a walk for the links; a css() call per paragraph costs a
    selector compilation each). A <p> cannot hold a <p>, so a link's nearest is its own."""
    paragraphs = []
    lens: dict[int, int] = {}
    for node in css(tree, "p, p a"):
        if node.tag == "p":
            paragraphs.append(node)
            continue
        parent = node.parent
        while parent is not None and parent.tag != "p":
            parent = parent.parent
        if parent is not None:
            lens[parent.mem_id] = lens.get(parent.mem_id, 0) + len(node_text(node))
    return paragraphs, lens


_INLINE = frozenset(
    "span a b i em strong font br img small sup sub u abbr cite q mark time code s del ins"
    " -text -comment".split()
)


# A card: a heading and the text beside it, in inline elements ('<h3>Step 2</h3><span>...').
_CARD_HEADINGS = frozenset({"h2", "h3", "h4", "h5", "h6"})
_PHRASING = _INLINE | _CARD_HEADINGS  # what a <div> written as a paragraph holds


def div_paragraphs(tree: LexborHTMLParser) -> list[LexborNode]:
    """<div>s written as paragraphs (text of their own, or inline elements only, nothing
    block-level inside but a card's heading), list items long enough to be paragraphs (a
    story written as a list: players, steps, facts), and preformatted text."""
    found = []
    for node in css(tree, "div, li, pre"):
        tag = node.tag
        least = 2 * _DIV_PARAGRAPH_MIN if tag == "li" else _DIV_PARAGRAPH_MIN
        card = False
        if len((node.text(deep=False) or "").strip()) < least:
            if tag != "div":
                continue
            # '<div><span><span>text...': a paragraph in inline wrappers, maybe under a heading
            # (most such divs are layout: their first block child ends the look)
            if not all(c.tag in _PHRASING for c in node.iter(include_text=True)):
                continue
            headed = sum(len(c.text() or "") for c in node.iter() if c.tag in _CARD_HEADINGS)
            card = headed > 0
            if len((node.text(deep=True) or "").strip()) - headed < least:
                continue  # the text beside the heading makes the paragraph
        if not _holds_block(node, card):
            found.append(node)
    return found


def _holds_block(node: LexborNode, card: bool) -> bool:
    """A block inside the node, but a card's heading straight inside it. A walk stops at the
    first one, where a css() call compiles its selector and lists them all."""
    key = node.mem_id
    for inner in node.traverse():  # the node itself first
        if inner.tag not in _INSIDE_A_PARAGRAPH or inner.mem_id == key:
            continue
        parent = inner.parent
        if not (card and parent is not None and parent.mem_id == key):
            return True
    return False


def _best_container(
    tree: LexborHTMLParser,
    measured: dict[int, tuple[str, int]],
    div_paragraphs: list[LexborNode] | None = None,
    texts: dict[int, str] | None = None,
    story_article: int | None = None,
    totals: dict[int, int] | None = None,
) -> LexborNode | None:
    """The element that holds the article's paragraphs.

    Each paragraph's (text, link text length) is left in `measured` for body_blocks.
    `div_paragraphs` vote like <p>s.

    Paragraphs vote for their parent (full weight) and grandparent (half); when an ancestor
    holds clearly more paragraph text, the winner climbs to the lowest ancestor holding 80 %
    of it (a story split over sibling blocks belongs to their common parent).
    """
    scores: dict[int, float] = {}
    totals = {} if totals is None else totals  # paragraph text each element holds
    nodes: dict[int, LexborNode] = {}
    by_parent: dict[int, tuple[LexborNode, float, int]] = {}  # votes and plain text, summed
    paragraphs, link_lens = _paragraphs_and_link_lens(tree)
    for p in paragraphs:
        key = p.mem_id
        text = texts.get(key) if texts else None
        if text is None:
            text = node_text(p)
        # measured whatever the paragraph's size: body_blocks weighs short ones' links too
        links = link_lens.get(key, 0)
        measured[key] = (text, links)
        _vote(by_parent, p, text, links)
    for div in div_paragraphs or ():
        text = node_text(div)
        links = link_text_len(div)
        measured[div.mem_id] = (text, links)
        _vote(by_parent, div, text, links)
    for parent, votes, held in by_parent.values():  # siblings share ancestors: walk them once
        node: LexborNode | None = parent
        for depth in range(6):
            # <body> holds the story itself on plain pages (paragraphs straight inside it);
            # above anything else it would gather every block of the page
            if node is None or (tag := node.tag) == "html" or (tag == "body" and depth > 0):
                break
            key = node.mem_id
            nodes[key] = node
            totals[key] = totals.get(key, 0) + held
            if depth < 2:
                scores[key] = scores.get(key, 0.0) + votes * (1.0 if depth == 0 else 0.5)
            node = node.parent
    if not scores:
        return None
    best = nodes[max(scores, key=lambda k: scores[k])]
    chain = [best]
    while chain[-1].parent is not None and chain[-1].parent.mem_id in totals:
        chain.append(chain[-1].parent)
    # the most any ancestor holds: the topmost one may count only a few paragraphs, those
    # near enough to it (paragraphs count for six levels up)
    top = max(totals[node.mem_id] for node in chain)
    if top >= 1.25 * totals[best.mem_id]:  # the story goes on outside the best block
        best = next(node for node in chain if totals[node.mem_id] >= 0.8 * top)
    # An endless page holds the next stories as <article>s beside the one with the headline:
    # a container above several of them is cut back to the headline's, if it holds a fair part.
    article = nodes.get(story_article) if story_article is not None else None
    if (
        article is not None
        and article.mem_id != best.mem_id
        and totals[article.mem_id] >= 0.3 * totals[best.mem_id]
        and is_below(article, best)
    ):
        best = article
    return best


def _vote(
    by_parent: dict[int, tuple[LexborNode, float, int]], p: LexborNode, text: str, links: int
) -> None:
    """A paragraph of some length votes for its parent: its size and commas, less its links."""
    if len(text) < 25 or (parent := p.parent) is None:
        return
    score = 1 + len(text) / 100 + text.count(",") * 0.3 - 3 * links / max(len(text), 1)
    plain = max(len(text) - links, 0)
    _, votes, held = by_parent.get(key := parent.mem_id, (parent, 0.0, 0))
    by_parent[key] = (parent, votes + score, held + plain)


def line_paragraphs(
    tree: LexborHTMLParser, h1: str | None = None, whole_page: bool = False
) -> list[str]:
    """Pages without <p>: the block with the most text of its own, its <br> lines as
    paragraphs (the headline, when it is among them, left out). With `whole_page` (nothing
    else found a story), the page's own lines when no block holds text of its own."""
    best: LexborNode | None = None
    best_size = 0
    for node in css(tree, "body, div, td, section, article, main, font, span"):
        size = len((node.text(deep=False) or "").strip())
        if size > best_size:
            best, best_size = node, size
    found = []
    if best is not None and best_size >= 200:
        found = [line for line in br_lines(best) if line != h1 and not is_credit_line(line)]
    if not whole_page or tree.body is None or word_count_of_lines(found) >= _ARTICLE_WORDS:
        return found
    # No block holds the story's text itself: it sits in inline wrappers (<font>, <span>s,
    # <center>), quotes, definition lists or list items. The page's lines, when they read as
    # a story without the lines of a wall's notice (a consent text is left to the wall check).
    for cell in css(tree.body, "dt, dd, td, th"):  # blocks too, which br_lines does not split at
        cell.insert_after("\n")
    lines = [
        ln
        for ln in br_lines(tree.body)
        if ln != h1 and not shows_wall_notice(ln) and not is_credit_line(ln)
    ]
    if not reads_as_story(lines):
        if not (h1 and reads_as_headed_story(lines)):
            return found  # with a headline, a story of short paragraphs is one too
        if page_link_text_len(tree.body) > _HEADED_LINKS * sum(map(len, lines)):
            return found  # but not teasers of other pages under a section's heading
    return lines if word_count_of_lines(lines) > word_count_of_lines(found) else found


_HEADED_LINKS = 0.3  # the share of link text above which headed short lines are a listing
_ARTICLE_WORDS = 40  # the body an article has at least (the reject rule's MIN_WORDS)


def read_body(
    tree: LexborHTMLParser,
    h1: str | None,
    div_paragraphs: list[LexborNode] | None = None,
    texts: dict[int, str] | None = None,
    story_article: int | None = None,
) -> list[str]:
    """The best container's blocks, without a repeat of the headline at their top."""
    measured: dict[int, tuple[str, int]] = {}
    totals: dict[int, int] = {}
    container = _best_container(tree, measured, div_paragraphs, texts, story_article, totals)
    if container is None:
        return []
    ids = {d.mem_id for d in div_paragraphs} if div_paragraphs else None
    lead = _lead(container, measured) if div_paragraphs is None else []
    before = _opening_paragraphs(container, measured)
    if before:
        lead = [*(t for t in lead if t not in before), *before]
    blocks = lead
    for part in _repeated_parts(container, totals):
        blocks.extend(body_blocks(part, measured, ids))
    blocks.extend(_split_tail(container, measured))
    return blocks[1:] if h1 and blocks and blocks[0] == h1 else blocks


# Formatting elements that the HTML parser splits around a paragraph left open at their end
# (the spec's adoption agency: '<font><p>a<p>b</font>' becomes '<font><p>a</p></font>
# <p><font>b</font></p>'), so the story's last paragraph lands beside its wrapper.
_FORMATTING = frozenset("a b code em font i s small strong u".split())


def _split_tail(container: LexborNode, measured: dict[int, tuple[str, int]]) -> list[str]:
    """The paragraph the parser moved out of a formatting element that holds the story: the
    <p> right after it that opens with a copy of it (same tag, same attributes)."""
    if container.tag not in _FORMATTING:
        return []
    node = container.next
    while node is not None and node.tag == "-text" and not (node.text_content or "").strip():
        node = node.next
    if node is None or node.tag != "p" or (copy := node.child) is None:
        return []
    if copy.tag != container.tag or copy.attributes != container.attributes:
        return []
    text = measured[node.mem_id][0] if node.mem_id in measured else node_text(node)
    return [text] if text else []


def _repeated_parts(container: LexborNode, totals: dict[int, int]) -> list[LexborNode]:
    """The container and its siblings of the same tag and class that hold story text too, in
    page order: a story told in repeated blocks (slides, steps, cards), of which the best
    is only one. Readability gives such siblings a bonus for sharing the winner's class.
    Sibling <article>s are other stories (an endless page's next ones)."""
    classes = container.attributes.get("class")
    parent = container.parent
    if not classes or parent is None or container.tag in ("body", "article"):
        return [container]
    parts = []
    node = parent.child
    while node is not None:
        if node.mem_id == container.mem_id or (
            node.tag == container.tag
            and totals.get(node.mem_id, 0) > 0
            and node.attributes.get("class") == classes
        ):
            parts.append(node)
        node = node.next
    return parts


_SIBLING_MIN = 80  # characters of a paragraph beside the container that belongs to the story
_SIBLING_LINKS = 0.25  # at most this share of it in links


def _opening_paragraphs(container: LexborNode, measured: dict[int, tuple[str, int]]) -> list[str]:
    """Paragraphs beside the container and before it: the opening of the story that its
    template left outside the block holding the rest (above a 'read more' fold), merged as
    Readability merges siblings: long, few links. (Those after it are a comment policy, a
    bio, a notice more often than the story.)"""
    parent = container.parent
    if parent is None or container.tag == "body":
        return []
    found: list[str] = []
    node = parent.child
    while node is not None and node.mem_id != container.mem_id:
        if node.tag == "p":
            text, links = measured.get(node.mem_id) or (node_text(node), link_text_len(node))
            if len(text) >= _SIBLING_MIN and links < _SIBLING_LINKS * len(text):
                found.append(text)
        node = node.next
    return found


_LEAD_BOXES = frozenset({"div", "section", "header"})  # <header>: the article's own, in HTML
_LEAD_TAGS = frozenset({"p", "h2", *_LEAD_BOXES})
_LEAD_SIBLINGS = 8  # elements before the container looked at
_STANDFIRST_MIN = 80  # characters of a standfirst paragraph in a box before the story
_LEAD_MIN = 150  # characters: a standfirst, not a dateline or a label


def _lead(container: LexborNode, measured: dict[int, tuple[str, int]]) -> list[str]:
    """The standfirst or opening paragraph just before the container, in a block of its own
    (a summary <h2>, a lead <p>, the free part of a metered story): long text with few links
    among the container's preceding siblings, short ones (a dateline, share buttons) passed."""
    found: list[str] = []
    node = container.prev
    elements = 0
    bare: str | None = None  # a box of text without <p>: a standfirst when there is one only
    while node is not None and elements < _LEAD_SIBLINGS:  # text and comments between not counted
        if node.is_element_node:
            elements += 1
            text = node_text(node)
            if len(text) >= _LEAD_MIN:
                if node.tag not in _LEAD_TAGS or link_text_len(node) > 0.1 * len(text):
                    break
                if node.tag not in _LEAD_BOXES:
                    found.insert(0, text)
                elif css_first(node, "p") is not None:  # its paragraphs (not a byline's line)
                    found[:0] = _standfirst(node)
                elif _is_bare_text(node, text):
                    if bare is not None:  # boxes of text one after another: a story in
                        found.remove(bare)  # <div>s, which the <div> pass reads
                        break
                    bare = text
                    found.insert(0, text)
        node = node.prev
    return found


def _standfirst(box: LexborNode) -> list[str]:
    """The standfirst paragraphs of a box before the story (the article's <header> under its
    headline, a lead <div>): its <p>s of some length outside a figure's caption."""
    return [
        t
        for p in css(box, "p")
        if len(t := node_text(p)) >= _STANDFIRST_MIN and not _in_figure(p, box)
    ]


def _is_bare_text(box: LexborNode, text: str) -> bool:
    """A box holding sentences and no block inside: one paragraph of its own ('perex')."""
    inner = box.traverse(include_text=False)
    if any(n.tag in _INNER_BLOCKS and n.mem_id != box.mem_id for n in inner):
        return False
    return _SENTENCE.search(text) is not None


_INNER_BLOCKS = frozenset(
    "div section header h1 h2 h3 h4 h5 h6 ul ol table figure blockquote".split()
)
_SENTENCE = re.compile(r"\w[.!?…。！？]")


def _in_figure(node: LexborNode, box: LexborNode) -> bool:
    parent = node.parent
    while parent is not None and parent.mem_id != box.mem_id:
        if parent.tag in ("figure", "figcaption"):
            return True
        parent = parent.parent
    return False


def once(text: str | None) -> str | None:
    """A JSON-LD articleBody that holds the story twice over (some CMSs write it so)
    -> the story once."""
    if not text or len(text) < 400:
        return text
    repeat = text.find(text[:80], 80)
    if repeat > 0 and text[repeat:].split() == text[:repeat].split():
        return text[:repeat].strip()
    return text


def char_count(paragraphs: list[str]) -> int:
    return sum(len(p) for p in paragraphs)
