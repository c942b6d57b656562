"""Which pages are kept as articles and which are rejected, on small pages of each kind."""

import pytest

from pipelines.extract import extract_page
from pipelines.parse import page_kind
from pipelines.parse.page_kind import reads_as_story
from pipelines.parse.title import lead_title
from tests.unit.pages import html_page

LONG = (
    "The harbour board met on Monday evening to settle the winter timetable for the ferries,"
    " after a season in which storms cancelled more crossings than in any year before, and"
    " agreed that the early boat will run again from the first week of March."
)


def _extract(html: str):  # type: ignore[no-untyped-def]
    return extract_page(html_page(html))


def test_a_long_story_without_any_headline_is_kept_under_its_first_sentence() -> None:
    body = "".join(f"<p>{LONG} Part {i}.</p>" for i in range(3))
    extraction = _extract(f"<html><head></head><body>{body}</body></html>")
    assert extraction.reject is None and extraction.article is not None
    assert extraction.article.title == (
        "The harbour board met on Monday evening to settle the winter timetable for the ferries,"
        " after a season in which storms cancelled more crossings than…"
    )
    assert extraction.article.field_sources["title"] == "text"


def test_short_lines_without_any_headline_stay_rejected() -> None:
    lines = "".join(
        f"<p>Line {i} of a page with no headline says a little, in a dozen words or so.</p>"
        for i in range(6)
    )
    extraction = _extract(f"<html><body>{lines}</body></html>")
    assert extraction.article is None
    assert extraction.reject is not None and extraction.reject.code == "no_title"


@pytest.mark.parametrize(
    ("paragraphs", "story"),
    [
        ([LONG] * 3, True),  # 3 x 243 characters: 3 x sqrt(103) > 20
        ([LONG] * 2, True),  # 2 x sqrt(103) = 20.3
        ([LONG[:200]] * 2, False),  # 2 x sqrt(60) = 15.5
        (["A short line of text."] * 40, False),  # no block reaches 140 characters
        ([], False),
    ],
)
def test_reads_as_story(paragraphs: list[str], story: bool) -> None:
    assert reads_as_story(paragraphs) is story


@pytest.mark.parametrize(
    ("paragraphs", "title"),
    [
        (["Rain closed the pass. Crews cleared it by noon."], "Rain closed the pass."),
        (["A headline-like line without a full stop"], "A headline-like line without a full stop"),
        (["v2.1 ships today! More below."], "v2.1 ships today!"),
        (["台風が上陸した。交通が止まった。"], "台風が上陸した。"),
        ([], None),
    ],
)
def test_lead_title(paragraphs: list[str], title: str | None) -> None:
    assert lead_title(paragraphs) == title


_STORY = [f"{LONG} Part {i}." for i in range(6)]


@pytest.mark.parametrize(
    ("layout", "body"),
    [
        ("a quote", "<blockquote>{}</blockquote>".format("<br><br>".join(_STORY))),
        ("a definition list", "<dl>{}</dl>".format("".join(f"<dd>{s}</dd>" for s in _STORY))),
        ("a <center>", "<center>{}</center>".format("<br><br>".join(_STORY))),
        ("list items", "<ul>{}</ul>".format("".join(f"<li><p>{s}</p></li>" for s in _STORY))),
    ],
)
def test_a_story_in_odd_blocks_is_kept_whole(layout: str, body: str) -> None:
    extraction = _extract(f"<html><body><h1>Harbour timetable</h1>{body}</body></html>")
    assert extraction.article is not None, layout
    assert extraction.article.body.split("\n\n") == _STORY


def test_a_story_in_spans_between_breaks_is_kept() -> None:
    """No <span> holds a paragraph's worth of text of its own: the page's lines are read."""
    lines = [f"{s[:190]}." for s in _STORY]
    spans = "<br><br>".join(f"<span>{line}</span>" for line in lines)
    extraction = _extract(f"<html><body><article><h1>Harbour</h1>{spans}</article></body></html>")
    assert extraction.article is not None
    assert extraction.article.body.split("\n\n") == lines


def test_short_lines_in_odd_blocks_stay_rejected() -> None:
    links = "".join(f"<li><a href='/s/{i}'>Story number {i} of the day</a></li>" for i in range(30))
    extraction = _extract(f"<html><body><h1>Latest</h1><ul>{links}</ul></body></html>")
    assert extraction.article is None


_BANNER = (
    "<div class='cmp'><p>We use cookies. Accept all or open the privacy settings to manage"
    " your consent.</p><button>Accept all</button></div>"
)


def test_a_story_without_a_marked_headline_beside_a_cookie_banner_is_kept() -> None:
    story = "".join(f"<p>{s}</p>" for s in _STORY)
    page = (
        f"<html><head><title>Harbour timetable</title></head><body>{_BANNER}{story}</body></html>"
    )
    extraction = _extract(page)
    assert extraction.article is not None
    assert extraction.article.body.split("\n\n") == _STORY


# A consent notice's paragraph, numbered: the walls below are four of them.
_CONSENT = (
    "Purpose {i}: we and our partners store cookies and read device data with your consent to"
    " measure reach, show personalised content and advertising, and to develop products; you"
    " can withdraw consent in the privacy settings at any time."
)


def test_a_consent_wall_without_a_headline_stays_a_wall_however_long() -> None:
    wall = "".join(f"<p>{_CONSENT.format(i=i)}</p>" for i in range(4))
    page = f"<html><head><title>Before you continue</title></head><body>{wall}</body></html>"
    extraction = _extract(page)
    assert extraction.article is None
    assert extraction.reject is not None and extraction.reject.code == "consent_wall"


def test_a_consent_wall_in_odd_blocks_with_a_headline_stays_a_wall() -> None:
    items = "".join(f"<li><p>{_CONSENT.format(i=i)}</p></li>" for i in range(4))
    page = f"<html><body><h1>Your choices</h1><ul>{items}</ul></body></html>"
    extraction = _extract(page)
    assert extraction.reject is not None and extraction.reject.code == "consent_wall"


@pytest.mark.parametrize(
    "text",
    [
        "COOKIE Consent: Accept all",
        "We use cookies. ZGODA, согласие, KVKK, ÇEREZ, Datenschutz",
        "PRİVACY SETTINGS and cookie",  # 'İ' lowers to two characters
        "prıvacy settings, ſubscribe, cookie",  # the flag reads 'ı' as 'i', 'ſ' as 's'
        "PREMİUM CONTENT: ſubscribers only",
        "Nur für Abonnenten. Jetzt abonnieren",
        "Straße — naïve café, no notice here",
        "",
    ],
)
def test_consent_and_paywall_notices_read_as_the_case_blind_regexes(text: str) -> None:
    # the fast path (the text in lower case, a regex without the flag) reads as the flag does
    assert page_kind._CONSENT.count(text) == len(page_kind._CONSENT.flagged.findall(text))
    assert page_kind.PAYWALL.search(text) == (page_kind.PAYWALL.flagged.search(text) is not None)


@pytest.mark.parametrize("notice", ["Premium content: for subscribers", "PREMİUM CONTENT"])
def test_a_paywall_notice_is_not_story_text_whatever_letters_it_is_written_in(notice: str) -> None:
    # 'İ' lowers to two characters: the notice's words must not be looked for in lower case
    story = "".join(f"<p>{LONG} Part {i}.</p>" for i in range(3))
    html = f"<html><body><article><h1>Ferries</h1>{story}<p>{notice}</p></article></body></html>"
    extraction = _extract(html)
    assert extraction.article is not None
    assert [p for p in extraction.article.body.split("\n\n") if "Part" not in p] == []
