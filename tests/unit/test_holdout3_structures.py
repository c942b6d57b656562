"""Page structures of hold-out 3 (tests/data/newsroom_probe/holdout3), one rule each: a card
whose link wraps its heading and its stamp, a byline cut at its first bar, an author's page
(og:type profile) as a listing, a Japanese clock with hour and minute marks."""

import pytest
from selectolax.lexbor import LexborHTMLParser

from pipelines.normalize.dates import read_date, zone
from pipelines.parse.html import parse_html
from pipelines.parse.related_blocks import find_related

URL = "https://www.ledger.example.co.uk/council-tax-freeze-delayed/"
STORY = "<p>" + "The council met on Tuesday to discuss the budget for next year. " * 8 + "</p>"


def related(body: str) -> list[tuple[str | None, str, str | None]]:
    tree = LexborHTMLParser(
        f"<html><body><main><article><h1>Headline</h1>{body}</article></main></body></html>"
    )
    return [(r.section, r.title, r.time_text) for r in find_related(tree.root, URL).items]


@pytest.mark.parametrize(
    ("card", "title", "stamp"),
    [
        # the link wraps the card: its heading is the title, the stamp beside it its time
        (
            '<a href="/a/{i}/"><h3>Opposition group claims win on tax freeze {i}</h3>'
            "<footer><time>01:4{i}</time></footer></a>",
            "Opposition group claims win on tax freeze {i}",
            "01:4{i}",
        ),
        (
            '<a href="/a/{i}/"><h3>Strong winds bring down trees on the coast {i}</h3>'
            "<span>{i} hours ago</span></a>",
            "Strong winds bring down trees on the coast {i}",
            "{i} hours ago",
        ),
    ],
)
def test_card_link_wrapping_heading_and_stamp(card: str, title: str, stamp: str | None) -> None:
    cards = "".join(f"<article class='card'>{card.format(i=i)}</article>" for i in (1, 2))
    html = f"{STORY}<section><h2>More in Politics</h2><div class='feed'>{cards}</div></section>"
    assert related(html) == [
        ("More in Politics", title.format(i=i), stamp.format(i=i) if stamp else None)
        for i in (1, 2)
    ]


def test_a_kicker_heading_beside_a_headline_is_no_title() -> None:
    cards = "".join(
        f'<article class="card"><a href="/a/{i}/"><h3>Security in the city</h3>'
        f"<span>Minister: 2,000 more officers on the streets by {i} May</span></a></article>"
        for i in (1, 2)
    )
    html = f"{STORY}<section><h2>More in Politics</h2><div class='feed'>{cards}</div></section>"
    titles = [title for _, title, _ in related(html)]
    assert len(titles) == 2
    assert all(
        t.endswith(f"officers on the streets by {i} May")
        for i, t in zip((1, 2), titles, strict=True)
    )


PARAS = "".join(
    f"<p>Paragraph {i} tells the story in enough words to count as article text, with detail.</p>"
    for i in range(4)
)


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        (
            'Written by <a href="/author/kavya-menon/">Kavya Menon</a> | Bengaluru |',
            "Written by Kavya Menon",
        ),
        (
            'By <a href="/author/jane-doe/">Jane Doe</a> | Pune | Updated: Nov 14, 2024',
            "By Jane Doe",
        ),
        ("By Marisol Tran and Dean Kowalczyk", "By Marisol Tran and Dean Kowalczyk"),
    ],
)
def test_byline_cut_at_its_first_bar(byline: str, expected: str) -> None:
    html = (
        "<html><body><article><h1>Metro line to open its first stretch in January</h1>"
        f'<div class="byline">{byline}</div>{PARAS}</article></body></html>'
    )
    assert parse_html(html).byline == expected


def test_author_page_is_a_listing() -> None:
    cards = "".join(
        f'<li><a href="/news/local/story-{i}/"><h3>Council approves plan number {i} for the city</h3></a>'
        f"<p>A short teaser sentence about plan {i}.</p><span>March {i + 1}, 2024</span></li>"
        for i in range(6)
    )
    html = (
        '<html><head><meta property="og:type" content="profile"></head><body><main>'
        "<h1>Marisol Tran</h1><p>Staff Writer</p><p>Marisol Tran covers the eastern suburbs for the"
        " station. She joined in 2019 after five years at newspapers in New Mexico and has"
        " reported on water, housing and city hall.</p>"
        f"<h2>Latest from Marisol Tran</h2><ul>{cards}</ul></main></body></html>"
    )
    assert parse_html(html).page_kind == "section_front"
    assert parse_html(html.replace('"profile"', '"article"')).page_kind != "section_front"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024年11月3日 7時05分", "2024-11-03T07:05:00+09:00"),
        ("2024年11月3日 9時5分", "2024-11-03T09:05:00+09:00"),
        ("2024年2月5日（月）18:30", "2024-02-05T18:30:00+09:00"),
        ("2024年11月3日 7時", "2024-11-03T00:00:00+09:00"),
    ],
)
def test_japanese_clock_with_hour_and_minute_marks(text: str, expected: str) -> None:
    value = read_date(text, tz=zone("Asia/Tokyo"), languages=("ja",)).value
    assert (value.isoformat() if value else None) == expected
