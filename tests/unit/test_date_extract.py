"""extract_page's dates: the cascade on whole pages, with the source in field_sources."""

from datetime import datetime
from typing import Any

from pipelines.extract import extract_page
from pipelines.extract_json import extraction_json
from tests.unit.pages import html_page

STORY = "".join(
    f"<p>Paragraph {i} tells the story in enough words to count as article text, with detail.</p>"
    for i in range(6)
)


def _extract(head: str, body: str, url: str | None, fetched: str | None = None) -> dict[str, Any]:
    html = f"<html><head>{head}</head><body>{body}</body></html>"
    page = html_page(html, url=url, fetched_at=datetime.fromisoformat(fetched) if fetched else None)
    return extraction_json(extract_page(page))


def _ld(obj: str) -> str:
    return f'<script type="application/ld+json">{obj}</script>'


def test_utc_jsonld_takes_the_offset_of_the_pages_own_wall_clock() -> None:
    head = _ld('{"@type": "NewsArticle", "datePublished": "2023-11-09T01:49:09Z"}')
    body = (
        "<article><h1>Headline</h1>"
        "<time datetime='2023-11-08 17:49:09'>November 8, 2023 at 5:49 p.m.</time>"
        f"{STORY}</article>"
    )
    out = _extract(head, body, "https://news.example.com/a/story")
    assert out["published_at"] == "2023-11-08T17:49:09-08:00"
    assert out["field_sources"]["published_at"] == "jsonld"


def test_webpage_jsonld_and_url_day() -> None:
    head = _ld('{"@graph": [{"@type": "WebPage", "datePublished": "2019-06-17T18:28:00+0200"}]}')
    body = f"<article><h1>Headline</h1>{STORY}</article>"
    out = _extract(head, body, "https://blog.example.de/2017/7/12/unter-uns")
    assert out["published_at"] == "2017-07-12T00:00:00+02:00"
    assert out["field_sources"]["published_at"] == "url"


def test_hatom_published_abbr() -> None:
    body = (
        "<article class='hentry'><h1>Headline</h1>"
        "<abbr class='published' title='2016-12-23T05:11:00-05:00'>5:11 AM</abbr>"
        f"{STORY}</article>"
    )
    out = _extract("", body, "https://blog.example.org/a-release.html")
    assert out["published_at"] == "2016-12-23T05:11:00-05:00"
    assert out["field_sources"]["published_at"] == "microformat"


def test_dateline_beside_the_headline_when_no_markup_dates_it() -> None:
    body = (
        "<nav>Archiv 01.01.2019</nav><article><h1>Headline</h1><p>14.03.2022 | Redaktion</p>"
        f"{STORY}</article><footer>Stand 02.02.2020</footer>"
    )
    out = _extract("", body, "https://verband.example.de/aktuell/headline")
    assert out["published_at"] == "2022-03-14T00:00:00+01:00"
    assert out["field_sources"]["published_at"] == "visible"  # the line under the headline


def test_no_date_after_the_fetch() -> None:
    head = '<meta property="article:published_time" content="2024-05-01T10:00:00+02:00">'
    body = f"<article><h1>Headline</h1>{STORY}</article>"
    out = _extract(head, body, None, fetched="2024-05-01T07:59:00+00:00")
    assert out["status"] == "article"
    assert out["published_at"] is None
    assert "published_at" not in out["field_sources"]


def test_a_rejected_page_keeps_its_own_date() -> None:
    head = _ld('{"@type": "NewsArticle", "datePublished": "2020-09-06T19:23:03+01:00"}')
    out = _extract(head, "<h1>Headline</h1><p>Subscribe to read on.</p>", None)
    assert out["status"] == "rejected"
    assert out["published_at"] == "2020-09-06T19:23:03+01:00"


def test_the_canonical_urls_day_when_the_crawl_url_has_none() -> None:
    head = '<link rel="canonical" href="https://blog.example.de/2017/07/12/unter-uns">' + _ld(
        '{"@type": "BlogPosting", "datePublished": "2019-06-17T18:28:00+02:00"}'
    )
    body = f"<article><h1>Headline</h1>{STORY}</article>"
    out = _extract(head, body, "https://blog.example.de/?p=123")
    assert out["published_at"] == "2017-07-12T00:00:00+02:00"
    assert out["field_sources"]["published_at"] == "url"
    # the crawl URL's own day comes first
    out = _extract(head, body, "https://blog.example.de/2017/07/13/unter-uns")
    assert out["published_at"] == "2017-07-13T00:00:00+02:00"


def test_the_update_line_in_the_pages_language_with_its_own_pm() -> None:
    head = '<meta charset="utf-8"><meta http-equiv="content-language" content="ar">'
    body = (
        "<article><h1>عنوان الخبر</h1>"
        "<p>نشر في: 14 مارس 2024 - 10:30 ص</p><p>آخر تحديث: 14 مارس 2024 - 01:15 م</p>"
        + "<p>افتتحت البلدية اليوم الجسر الجديد فوق الوادي بعد عامين من أعمال البناء.</p>" * 6
        + "</article>"
    )
    got = _extract(
        head, body, "https://news.example.sa/2024/03/14/story", "2024-03-14T12:00:00+00:00"
    )
    assert (got["published_at"], got["updated_at"]) == (
        "2024-03-14T10:30:00+03:00",
        "2024-03-14T13:15:00+03:00",
    )
