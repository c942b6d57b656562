"""Headed lists of links (sidebars, feeds) -> related items with their time text."""

from __future__ import annotations

import re

from selectolax.lexbor import LexborNode

from pipelines.normalize.vocabulary import pattern
from pipelines.parse.dom import node_text
from pipelines.parse.fields import RawRelated

_FEED_HEADING = re.compile(
    rf"^(?:{pattern('feed_headings', 'related_headings', use='html-list')})$", re.IGNORECASE
)
_STAMP = re.compile(
    rf"^(?:\d{{1,2}}[:.]\d{{2}}\s*(?:[ap]\.?m\.?)?|{pattern('relative_ago')}|"
    rf"{pattern('yesterday', use='html-stamp')})$",
    re.IGNORECASE,
)


def read_related(headings: list[LexborNode]) -> list[RawRelated]:
    """Headed lists of links (sidebars, feeds) -> items with their time text when shown."""
    items: list[RawRelated] = []
    for heading in headings:
        section = node_text(heading)
        if not _FEED_HEADING.match(section):
            continue
        box = heading.parent
        if box is None:
            continue
        for entry in box.css("li, article"):
            link = entry.css_first("a[href]")
            if link is None:
                continue
            title = node_text(link)
            if not title:
                continue
            time_node = entry.css_first("time")
            stamp = None
            if time_node is not None:
                stamp = node_text(time_node) or time_node.attributes.get("datetime")
            else:
                stamp = next(
                    (
                        t
                        for t in (node_text(n) for n in entry.css("span, small, div"))
                        if _STAMP.match(t)
                    ),
                    None,
                )
            summary_node = entry.css_first("p")
            summary = node_text(summary_node) if summary_node is not None else None
            items.append(
                RawRelated(
                    title,
                    section,
                    summary=summary or None,
                    url=link.attributes.get("href"),
                    time_text=stamp,
                )
            )
    return items
