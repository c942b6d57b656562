"""Page chrome removal: navigation, footers, asides, forms, figures and boilerplate classes."""

from __future__ import annotations

import re
from functools import lru_cache

from selectolax.lexbor import LexborHTMLParser, LexborNode

from pipelines.normalize.vocabulary import pattern, select
from pipelines.parse.dom import class_id_role, link_text_len, node_text
from pipelines.parse.select import css

# class/id/role words that mark a region as page chrome rather than article text. Words are
# split on whitespace, "-" and "_" ("site-footer", "cookie_banner"); compounds are matched whole.
_CHROME_WORDS = frozenset(select("chrome_words"))
_CHROME_COMPOUNDS = re.compile(pattern("chrome_compounds"))


# Chrome is a block: links, spans and images with a "share" class sit inside one that is
# removed anyway. Selecting by tag alone is three times cheaper in Lexbor than by attribute.
_CHROME_TAGS = frozenset({"nav", "footer", "aside", "dialog", "figure"})


# Chrome unless they hold the story: the article's own <header> has the headline, and ASP.NET
# pages wrap the whole page, story included, in one <form>.
_CHROME_UNLESS_STORY = frozenset({"header", "form"})
# Two passes. The first finds where the story is (the headline, the article element, the
# paragraphs) and the chrome tags, which go before the second: it reads the class words of
# the blocks left, a quarter fewer. Each is one css() walk of a selector list: a tags() lookup
# walks the whole tree once per tag, and the walks, not the tests, cost (a third less).
_STORY_AND_CHROME_SCAN = ", ".join(sorted(_CHROME_TAGS | {"h1", "article", "p"}))
_BLOCKS = frozenset("div section ul ol p table dl".split()) | _CHROME_UNLESS_STORY
# What the page does not show: the `hidden` attribute, an inline 'display: none', and what
# it hides from screen readers (icons, a formula's source beside its rendering). Readability
# drops them as invisible.
_HIDDEN_SCAN = '[hidden], [aria-hidden="true"], [style*="none"]'
_DISPLAY_NONE = re.compile(r"display\s*:\s*none")
# The blocks that may be chrome by their words: a block without a class, id or role has none
# to read, and is not listed (three in five). `:is()` lists each block once.
_WORDED_BLOCKS_SCAN = (
    f":is({', '.join(sorted(_BLOCKS - _CHROME_UNLESS_STORY))}):is([class], [id], [role])"
)
# A node comes once for each selector of the list it matches (a hidden <div> with a class:
# twice), the repeats one after another: a repeat adds nothing to what the first one found.
_BLOCKS_AND_HIDDEN_SCAN = (
    f"{', '.join(sorted(_CHROME_UNLESS_STORY))}, {_WORDED_BLOCKS_SCAN}, {_HIDDEN_SCAN}"
)


def _story_wrappers(
    anchors: list[LexborNode], paragraphs: list[LexborNode], texts: dict[int, str]
) -> set[int]:
    """Elements that hold the story, whatever their class says ("widget Blog",
    "sidebar-grid__content"): every ancestor of the headline and of the article element, and
    every element holding a third of the page's long-paragraph text or five long paragraphs.

    `anchors`: the page's h1s, <article>s and [itemprop=articleBody] elements; `paragraphs`:
    its <p>s. Each paragraph's clean text is left in `texts` (a <p> cannot hold the blocks
    the chrome pass removes, so the body pass can reuse it)."""
    wrappers: set[int] = set()
    for anchor in anchors:
        parent = anchor.parent
        while parent is not None and (key := parent.mem_id) not in wrappers:
            wrappers.add(key)
            parent = parent.parent
    parents: dict[int, tuple[LexborNode, int, int]] = {}  # a long paragraph's parent: size, count
    total = 0
    for p in paragraphs:
        size = len(text := node_text(p))
        texts[p.mem_id] = text
        if size < 80 or (parent := p.parent) is None:
            continue
        size -= link_text_len(p)  # a row of links ('About | Careers | ...') is no story text
        if size < 80:
            continue
        total += size
        _, held, count = parents.get(key := parent.mem_id, (parent, 0, 0))
        parents[key] = (parent, held + size, count + 1)
    # Sibling paragraphs share their ancestors: walk each parent's chain once.
    held_by: dict[int, int] = {}
    count_by: dict[int, int] = {}
    for ancestor, held, count in parents.values():
        node: LexborNode | None = ancestor
        while node is not None:
            key = node.mem_id
            held_by[key] = held_by.get(key, 0) + held
            count_by[key] = count_by.get(key, 0) + count
            node = node.parent
    wrappers.update(k for k, size in held_by.items() if size >= total / 3 or count_by[k] >= 5)
    return wrappers


def _paragraph_of(node: LexborNode) -> int | None:
    """The mem_id of the <p> holding an inline node, if one does (a few levels up)."""
    parent = node.parent
    for _ in range(6):
        if parent is None:
            return None
        if parent.tag == "p":
            return parent.mem_id
        parent = parent.parent
    return None


def _is_hidden(attrs: dict[str, str | None]) -> bool:
    if not attrs or not ("style" in attrs or "hidden" in attrs or "aria-hidden" in attrs):
        return False
    if "hidden" in attrs or attrs.get("aria-hidden") == "true":
        return True
    style = attrs.get("style")
    return style is not None and "none" in style and _DISPLAY_NONE.search(style) is not None


def _is_chrome(words: str) -> bool:
    """'site-footer js' -> True; 'story-body' -> False."""
    if not words.strip():
        return False
    low = words.lower()
    if not _CHROME_WORDS.isdisjoint(low.replace("-", " ").replace("_", " ").split()):
        return True
    return _CHROME_COMPOUNDS.search(low) is not None


# An outlet's template repeats its class strings on every page. Keyed by the three values as
# read, a hit costs no string built (150k blocks; a third of the keys are new: ids, hashes).
@lru_cache(maxsize=65536)
def _chrome_words(cls: str | None, ident: str | None, role: str | None) -> str:
    """A block's class/id/role words when they mark it as chrome, else ''."""
    words = class_id_role(cls, ident, role)
    return words if _is_chrome(words) else ""


def _story_classes(blocks: list[LexborNode], story: set[int]) -> set[str]:
    """The class/id/role words of the blocks that hold the story and are chrome by them."""
    classes = set()
    for node in blocks:
        if node.mem_id in story and node.tag not in _CHROME_UNLESS_STORY:
            attrs = node.attributes
            if (
                attrs
                and not _is_hidden(attrs)
                and (words := _chrome_words(attrs.get("class"), attrs.get("id"), attrs.get("role")))
            ):
                classes.add(words)
    return classes


def strip_boilerplate(
    tree: LexborHTMLParser, texts: dict[int, str], story_bodies: list[LexborNode]
) -> None:
    """Remove page chrome (navigation, footers, asides, forms, figures, boilerplate classes).

    The story's wrappers are worked out before anything is removed, from the whole page.
    Nodes are found tag by tag, not in page order, and removed in any order: selectolax's
    decompose() unlinks a subtree and keeps the views of its nodes valid (detached), so a
    node inside one removed before is only unlinked again.
    """
    anchors: list[LexborNode] = [*story_bodies]  # where the story is: h1, article...
    paragraphs: list[LexborNode] = []  # ...and the paragraphs' text
    chrome_tags: list[LexborNode] = []
    for node in css(tree, _STORY_AND_CHROME_SCAN):
        tag = node.tag
        attrs = node.attributes
        if _is_hidden(attrs):
            continue  # chrome unless it holds the story: the second walk finds it
        if tag == "p":
            paragraphs.append(node)
            if attrs.get("itemprop") == "articleBody":
                anchors.append(node)
        elif tag in _CHROME_TAGS:
            chrome_tags.append(node)
        else:
            anchors.append(node)
    story = _story_wrappers(anchors, paragraphs, texts)
    # A story split into blocks of one class ('sidebar-grid__content', between ads and
    # pictures) is story in every block, the short first one too, when one of them holds it.
    story_classes: set[str] = set()
    for node in chrome_tags:
        if node.mem_id in story:  # an <aside> of long paragraphs, the headline in a <nav>
            story_classes |= _story_classes(css(node, _WORDED_BLOCKS_SCAN), story)
    for node in chrome_tags:
        node.decompose()
    # (node, its class/id/role words): chrome unless it holds the story
    found: list[tuple[LexborNode, str]] = []
    hidden_in: list[int] = []  # paragraphs holding a hidden part
    for node in css(tree, _BLOCKS_AND_HIDDEN_SCAN):
        tag = node.tag
        attrs = node.attributes
        if (  # the three keys first: a call per block costs more than the test (150k blocks)
            attrs
            and ("style" in attrs or "hidden" in attrs or "aria-hidden" in attrs)
            and _is_hidden(attrs)
        ):
            found.append((node, ""))
            if (p := _paragraph_of(node)) is not None:
                hidden_in.append(p)  # its text is measured once it is gone
        elif tag in _CHROME_UNLESS_STORY:
            found.append((node, ""))
        # an element without attributes has no class, id or role to read
        elif attrs and (
            words := _chrome_words(attrs.get("class"), attrs.get("id"), attrs.get("role"))
        ):
            found.append((node, words))
    for p in hidden_in:
        texts.pop(p, None)
    story_classes |= {words for node, words in found if words and node.mem_id in story}
    for node, words in found:
        if not (node.mem_id in story or words in story_classes):
            node.decompose()
