"""Lines in a story's container that are no story (ad-slot markers, tip-line and subscription
asks, a writer's bio box), and pages that are no article (a paywall teaser, a 404 page)."""

import pytest
from selectolax.lexbor import LexborHTMLParser

from pipelines.extract import extract_page
from pipelines.normalize.asks import is_ask
from pipelines.parse.chrome import strip_boilerplate
from pipelines.parse.meta import shows_error_route
from pipelines.parse.page_kind import is_not_found
from tests.unit.pages import html_page

LONG = (
    "The harbour board met on Monday evening to settle the winter timetable for the ferries,"
    " after a season in which storms cancelled more crossings than in any year before, and"
    " agreed that the early boat will run again from the first week of March."
)


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        ("Story continues below", True),
        ("Story continues below advertisement", True),
        ("Article continues below", True),
        ("— ADVERTISEMENT —", True),
        ("Anzeige", True),
        ("La suite après cette publicité", True),
        ("Реклама", True),
        ("広告", True),
        ("The story continues below the surface, where divers found the wreck.", False),
        ("Advertisement revenue fell 10 percent last year.", False),
        ("Есть новость? Пишите нам в WhatsApp: +7 701 000 12 34", True),
        ("Got a story? Email the newsroom.", True),
        ("Masz temat? Napisz do nas!", True),
        ("Jetzt KK+ testen: Alle Artikel lesen – die ersten 4 Wochen für 0,99 €.", True),
        ("VÍDEOS: tudo sobre Campinas e região", True),
        ("デジタル会員に登録すると、すべての記事が読み放題になります。", True),
        ("電子書籍の読み放題サービスは初月無料で使える。", False),
        ("The pass gives unlimited access to all museums in the city.", False),
        ("Die ersten 6 Wochen für die Kinder waren schwer.", False),
        ("Die Stadt will die ersten Ergebnisse im März vorlegen.", False),
        ("He got a story from a friend who had been there.", False),
    ],
)
def test_ad_markers_tip_lines_and_offers_are_asks(paragraph: str, expected: bool) -> None:
    assert bool(is_ask(paragraph)) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("お探しのページは見つかりませんでした", True),
        ("ページが見つかりません｜しまなみ新報", True),
        ("页面不存在", True),
        ("요청하신 페이지를 찾을 수 없습니다", True),
        ("Pagina non trovata", True),
        ("Sayfa bulunamadı", True),
        ("新しいページが公開されました", False),
        ("404 Page not found", True),
    ],
)
def test_not_found_notices_with_and_without_spaces(text: str, expected: bool) -> None:
    assert is_not_found(text, None, words=30, chars=90) is expected


@pytest.mark.parametrize(
    ("title", "words", "chars", "expected"),
    [
        # a notice opening the heading: 120 words, or 400 characters of Han and kana
        ("ページが見つかりません｜新報", 200, 390, True),
        ("Page not found", 119, 900, True),
        ("Page not found", 130, 900, False),
        # quoted in a story's headline: a story, unless the page is as short as a 404's
        ("「ページが見つかりません」表示続く　マイナポータルで障害", 154, 154, False),
        ("Why 'page not found' errors cost shops money", 130, 700, False),
    ],
)
def test_a_not_found_page_is_short(title: str, words: int, chars: int, expected: bool) -> None:
    assert is_not_found(title, title, words, chars) is expected


def _scripts(html: str):  # type: ignore[no-untyped-def]
    return LexborHTMLParser(html).tags("script")


def test_a_next_js_page_rendered_its_not_found_route() -> None:
    page = '<script id="__NEXT_DATA__" type="application/json">{"props":{},"page":"/404"}</script>'
    assert shows_error_route(_scripts(page)) is True
    story = '<script id="__NEXT_DATA__">{"props":{},"page":"/articles/[slug]"}</script>'
    assert shows_error_route(_scripts(story)) is False
    assert shows_error_route(_scripts('<script>{"page":"/404"}</script>')) is False


def _extract(html: str):  # type: ignore[no-untyped-def]
    return extract_page(html_page(html))


def test_a_japanese_404_page_is_rejected() -> None:
    apology = "お探しのページは、掲載期間が終了したか、URLが変更・削除された可能性があります。" * 3
    html = (
        "<html><head><title>ページが見つかりません｜新報</title></head><body>"
        f"<h1>お探しのページは見つかりませんでした</h1><p>{apology}</p></body></html>"
    )
    extraction = _extract(html)
    assert extraction.reject is not None and extraction.reject.code == "not_found"


def test_a_story_quoting_a_not_found_notice_in_its_headline_is_kept() -> None:
    report = (
        "マイナポータルで２日朝から障害が発生し、利用者の画面に「ページが見つかりません」と表示される状態が続いた。"
        * 2
    )
    html = (
        "<html><head><title>「ページが見つかりません」表示続く　マイナポータルで障害</title></head>"
        f"<body><article><h1>「ページが見つかりません」表示続く　マイナポータルで障害</h1><p>{report}</p>"
        "</article></body></html>"
    )
    assert _extract(html).article is not None


_TEASER = (
    '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Ferries",'
    ' "isAccessibleForFree": "False"}</script>'
)


@pytest.mark.parametrize(("ld", "rejected"), [(_TEASER, True), ("", False)])
def test_a_paywalled_teaser_is_rejected_when_its_metadata_says_so(ld: str, rejected: bool) -> None:
    html = (
        f"<html><head>{ld}</head><body><article><h1>Ferries</h1><p>{LONG}</p><p>{LONG}</p>"
        '<div class="paywall"><p>This article is for subscribers only.</p></div>'
        "</article></body></html>"
    )
    extraction = _extract(html)
    assert (extraction.reject is not None and extraction.reject.code == "paywall") is rejected
    assert (extraction.article is None) is rejected


def test_a_short_whole_story_under_a_masthead_log_in_is_kept() -> None:
    html = (
        f"<html><head>{_TEASER}</head><body><header><a href='/login'>Already a subscriber? "
        f"Log in</a></header><article><h1>Ferries</h1><p>{LONG}</p><p>{LONG}</p></article>"
        "</body></html>"
    )
    assert _extract(html).article is not None


def test_a_paywalled_story_shown_whole_is_kept() -> None:
    story = "".join(f"<p>{LONG} Part {i}.</p>" for i in range(4))
    html = (
        f"<html><head>{_TEASER}</head><body><article><h1>Ferries</h1>{story}"
        '<div class="paywall"><p>Already a subscriber?</p></div></article></body></html>'
    )
    extraction = _extract(html)
    assert extraction.article is not None


def test_an_author_box_bio_is_no_story_text() -> None:
    story = "".join(f"<p>{LONG} Part {i}.</p>" for i in range(3))
    box = (
        '<section><img src="a.jpg" alt=""><div><a href="/autor/anna-fox">Anna Fox</a>'
        "<p>Anna Fox – reporter of the city desk, writes about transport.</p></div></section>"
    )
    html = f"<html><body><article><h1>Ferries</h1><div>{story}{box}</div></article></body></html>"
    extraction = _extract(html)
    assert extraction.article is not None
    assert [p for p in extraction.article.body.split("\n\n") if "Part" not in p] == []


def test_a_row_of_links_does_not_make_a_footer_hold_the_story() -> None:
    story = "".join(f"<p>{LONG[:90]} {i}.</p>" for i in range(2))
    links = " | ".join(f'<a href="/{i}">Section page number {i}</a>' for i in range(6))
    html = (
        f'<html><body><div id="main"><h1>Ferries</h1>{story}</div>'
        f'<div id="footer"><p>{links}</p><p>{links}</p></div></body></html>'
    )
    tree = LexborHTMLParser(html)
    strip_boilerplate(tree, {}, [])
    assert tree.css_first("#footer") is None
