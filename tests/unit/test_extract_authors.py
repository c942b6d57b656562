"""extract_page's authors: metadata that names only the outlet gives way to a writer shown."""

import json

import pytest

from pipelines.extract import extract_page
from tests.unit.pages import html_page

STORY = "".join(
    f"<p>Paragraph {i} tells the story in enough words to count as article text, with detail.</p>"
    for i in range(6)
)


def _authors(metadata_author: str, shown: str) -> list[tuple[str, str]]:
    ld = json.dumps(
        {
            "@type": "NewsArticle",
            "headline": "T",
            "author": {"@type": "Organization", "name": metadata_author},
        }
    )
    html = (
        f'<html><head><script type="application/ld+json">{ld}</script></head><body><article>'
        f"<h1>T</h1><div class='byline'>{shown}</div>{STORY}</article></body></html>"
    )
    page = html_page(html, url="https://krautreporter.de/548-x")
    article = extract_page(page).article
    assert article is not None
    return [(a.name, a.kind) for a in article.authors]


@pytest.mark.parametrize(
    ("metadata_author", "shown", "expected"),
    [
        # the outlet in metadata, a writer on the page: the writer
        ("Krautreporter", "Shany Littman", [("Shany Littman", "person")]),
        # no writer on the page (a desk, the outlet again): the metadata stays
        ("Krautreporter", "red, Krautreporter", [("Krautreporter", "organization")]),
        # text that is not a name (a label and button words): the metadata stays
        ("Krautreporter", "この記事の筆者 松岡大地 フォロー", [("Krautreporter", "organization")]),
        # metadata naming someone, not the outlet: it stays
        ("Anna Fox", "Shany Littman", [("Anna Fox", "person")]),
    ],
)
def test_outlet_named_metadata_gives_way_to_a_writer_shown(
    metadata_author: str, shown: str, expected: list[tuple[str, str]]
) -> None:
    assert _authors(metadata_author, shown) == expected
