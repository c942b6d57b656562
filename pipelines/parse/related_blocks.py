"""Related-news items found by structure; a heading's words only lower the bar for a title.

A related item is a link whose text reads as a headline, alone in its item (a list item,
a table row, a card) with at most a time stamp or a short label beside it. Items that
repeat in one block (a list under a heading, a sidebar, a card grid) are a list or feed;
a single item whose label ends in a colon ('Read also:', 'RELATED:', 'Czytaj także:') is
an inline teaser. In a list under a heading that names a list of stories ('Related',
'Most read', 'Lesen Sie auch'; in an <aside> or anywhere), a link alone in its list item
counts with a shorter title ('Another story'), one item or many. Not related: links to
another site or marked sponsored, blocks whose class or heading says sponsored,
navigation, headers, footers and tag lists (short link texts under any other heading).
Pure: selectolax nodes in, strings out; the caller resolves URLs and times.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from itertools import chain

from selectolax.lexbor import LexborNode

from pipelines.parse.fields import RawRelated
from pipelines.parse.related_items import (
    HEADING_TAGS,
    block_heading,
    item_text,
    item_time,
    label_before,
    own_text,
    sponsored,
    summary_and_time,
    teaser_label,
)
from pipelines.parse.related_links import (
    NOT_ITEM_TAGS,
    Item,
    candidates,
    host_of,
    is_headline,
    page_headings,
    page_nodes,
    site_of,
)
from pipelines.parse.select import css_first

_BESIDE = 80  # characters an item may hold beside its headline: a stamp, a label, a kicker
_OWN_TEXT = 30  # a list's own text between its items: separators, not sentences
_MENU_OTHERS = 3  # links in list items beside a lone item: a menu
_ITEM_TAGS = frozenset({"li", "tr", "dd", "article"})


@dataclass(slots=True)
class RelatedFound:
    """The items in page order, and the teaser nodes that are not body text."""

    items: list[RawRelated] = field(default_factory=list)
    teasers: list[LexborNode] = field(default_factory=list)


def _climb(items: list[Item], headed: dict[int, int]) -> None:
    """Each item grows from its link to the largest ancestor holding no other candidate,
    little text beside the headline and no heading but the item's own (`headed` counts each
    element's heading children)."""
    # The candidates below each of an item's first 8 ancestors up to a <main>, counted in C.
    counts = Counter(chain.from_iterable(item.within[:8] for item in items))
    for item in items:
        node = item.link
        node_tag: str | None = "a"  # a link: no item by itself
        squeezed = len(item.title) - item.title.count(" ")  # its length as strip=True reads it
        up = item.up
        climbed = 0
        for mem_id, tag, parent in up[:8]:  # up ends below <body>
            if node_tag in _ITEM_TAGS:
                break
            if tag in NOT_ITEM_TAGS or counts.get(mem_id) != 1:
                break
            if headed.get(mem_id, 0) > (1 if node_tag in HEADING_TAGS else 0):
                break  # the block's own heading: the item stops below it (not its title's)
            if len(parent.text(deep=True, strip=True) or "") > squeezed + _BESIDE:
                break
            node, node_tag = parent, tag
            climbed += 1
        item.node = node
        if climbed < len(up):  # the block: the item's parent, the next ancestor read
            item.block = up[climbed][0]
        else:
            above = node.parent
            item.block = above.mem_id if above is not None else 0


def _in_menu(node: LexborNode) -> bool:
    """A lone item among list items whose links read as no headline: a menu of sections or
    places where one name runs long ('<p>Areas</p><ul><li><a>North</a></li>… <li><a>Harbour
    and the old town</a></li>…'), not a list of stories."""
    others = 0
    sibling = node.parent.child if node.parent is not None else None
    while sibling is not None:
        if (
            sibling.tag == node.tag
            and sibling.mem_id != node.mem_id
            and (link := css_first(sibling, "a[href]")) is not None
            and not is_headline(item_text(link))  # a sponsored story, an offer: no menu entry
        ):
            others += 1
            if others >= _MENU_OTHERS:
                return True
        sibling = sibling.next
    return False


def _without(text: str, beside: tuple[str, ...]) -> str:
    """An item's text without the kickers and rank numbers its link holds beside the title."""
    for part in beside:
        text = text.replace(part, " ", 1)
    return " ".join(text.split()) if beside else text


def find_related(root: LexborNode | None, page_url: str | None = None) -> RelatedFound:
    """Related items of a page, in page order (hrefs as written; the caller resolves them).

    `root` is the page's <body> or <html>: the headings naming lists are the page's.
    `page_url` names the site; without it the site is the most common host of the page's
    headline links.
    """
    if root is None:
        return RelatedFound()
    page_host = host_of(page_url) if page_url else None
    site = site_of(page_host)
    links, heads = page_nodes(root)
    listed, headed = page_headings(root, heads)
    items = candidates(links, site, page_host, listed)
    if not items:
        return RelatedFound()
    if site is None:  # the site is the host most headline links go to; others are not its
        hosts: dict[str, int] = {}
        for item in items:
            if named := site_of(host_of(item.href)):
                hosts[named] = hosts.get(named, 0) + 1
        if hosts:
            site = max(hosts, key=lambda h: hosts[h])
            items = [i for i in items if (h := host_of(i.href)) is None or site_of(h) == site]
    _climb(items, headed)
    by_block: dict[int, list[Item]] = {}
    for item in items:
        item.headline = is_headline(item.title)
        by_block.setdefault(item.block, []).append(item)
    for block_id, group in list(by_block.items()):  # short titles only beside a headline
        if not any(i.listed or i.headline for i in group):
            del by_block[block_id]
    items = [
        i
        for i in items
        if i.block in by_block
        and (i.headline or len(by_block[i.block]) > 1 or i.listed)
        and (not i.listed or i.node.tag == "li")  # a short title only alone in its list item
    ]
    found = RelatedFound()
    seen: set[tuple[int, str]] = set()
    headings: dict[int, str | None] = {}  # each block's heading, looked for once
    running: dict[int, bool] = {}  # each block's own text: a list's separators or sentences
    for item in items:
        if item.labelled is not None and len(by_block[item.block]) > 1:
            item.title = item.labelled  # 'Watch: …' in a list: a kicker, the list's own item
        item.text = item_text(item.node)
        shown = _without(item.text, item.beside)  # no kicker or rank before its label or time
        item.label = teaser_label(shown, item.title)
        single = len(by_block[item.block]) == 1
        if item.label is None and single and item.node.tag not in ("li", "tr", "dd"):
            item.label = label_before(item.node)  # '<p>Read also</p><article>card</article>'
        if item.label is None:  # the cheap tests of structure first, the heading then
            if single and item.node.tag not in ("li", "tr", "dd"):
                continue
            if not single:
                if item.block not in running:
                    running[item.block] = len(own_text(item.node.parent)) > _OWN_TEXT
                if running[item.block]:
                    continue  # links inside running text, not a list
            if item.block not in headings:
                headings[item.block] = block_heading(item.node.parent)
            heading = headings[item.block]
            if single and (heading is None or _in_menu(item.node)):
                continue
        else:
            heading = item.label
        if sponsored(heading, item.text, item.title):
            continue
        if item.label is not None:
            found.teasers.append(item.node)
        key = (item.block, item.href)
        if key in seen:
            continue
        seen.add(key)
        summary_node, time_node = summary_and_time(item.node, item.link)
        summary = item_text(summary_node) if summary_node is not None else None
        found.items.append(
            RawRelated(
                item.title,
                heading,
                summary=summary if summary and summary != item.title else None,
                url=item.href,
                time_text=item_time(shown, item.title, item.label, time_node),
            )
        )
    return found
