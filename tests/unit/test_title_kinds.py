"""Headlines on news templates of the kinds that vary between publishers, through
extract_page: where the site's name sits in the <title> and how it is marked, a kicker or a
section beside the headline, truncated structured data, an <h1> that is no headline.

The expected title is what a reader sees as the headline; the outlets are made up."""

from __future__ import annotations

import json

import pytest

from pipelines.extract import extract_page
from tests.unit.pages import html_page

_STORY = {
    "en": "The council met on Tuesday and agreed on a new plan for the harbour, "
    "after months of talks with residents, traders and the port authority.",
    "de": "Der Gemeinderat hat am Dienstag einen neuen Plan für den Hafen beschlossen, "
    "nach monatelangen Gesprächen mit Anwohnern, Händlern und der Hafenbehörde.",
    "ja": "市議会は火曜日、住民や商店、港湾当局との数か月にわたる協議を経て、"
    "港の新しい計画を承認した。計画には防波堤の改修と新しい遊歩道が含まれる。",
    "zh": "市议会周二在与居民、商户和港务局进行了数月的磋商后，批准了港口的新计划。"
    "该计划包括修缮防波堤和新建滨海步道。",
    "ar": "وافق المجلس البلدي يوم الثلاثاء على خطة جديدة للميناء بعد أشهر من المحادثات "
    "مع السكان والتجار وسلطة الميناء، وتشمل الخطة تجديد كاسر الأمواج.",
    "he": "מועצת העיר אישרה ביום שלישי תוכנית חדשה לנמל לאחר חודשים של שיחות "
    "עם התושבים, הסוחרים ורשות הנמל, והתוכנית כוללת שיפוץ של שובר הגלים.",
}


def _meta(name: str, content: str, attr: str = "property") -> str:
    return f'<meta {attr}="{name}" content="{content}">'


def _ld(obj: dict[str, object]) -> str:
    return f'<script type="application/ld+json">{json.dumps({"@context": "https://schema.org", **obj})}</script>'


def _title(head: str, body_top: str, lang: str = "en") -> str | None:
    """The title extract_page gives a page of `head` and an <article> that starts with
    `body_top` (its headline, byline) and goes on with a story."""
    story = "".join(f"<p>{_STORY[lang]} ({i})</p>" for i in range(6))
    html = (
        f'<html lang="{lang}"><head><meta charset="utf-8">{head}</head><body>'
        f"<header><nav><a href='/'>Home</a> <a href='/news'>News</a></nav></header>"
        f"<main><article>{body_top}{story}</article></main>"
        f"<footer>© 2024 The publisher</footer></body></html>"
    )
    page = html_page(html, url="https://news.example/2024/a-story")
    article = extract_page(page).article
    return article.title if article is not None else None


HEADLINE = "Council backs new bus lanes on the harbour road"
SITE = "Riverton Herald"

# (kind, head, top of the article, language, expected headline)
CASES: list[object] = [
    # the site's name after or before a separator in <title>, no other headline
    ("suffix-pipe", f"<title>{HEADLINE} | {SITE}</title>", "", "en", HEADLINE),
    ("suffix-endash", f"<title>{HEADLINE} – {SITE}</title>", "", "en", HEADLINE),
    ("suffix-emdash", f"<title>{HEADLINE} — {SITE}</title>", "", "en", HEADLINE),
    ("suffix-middot", f"<title>{HEADLINE} · {SITE}</title>", "", "en", HEADLINE),
    ("suffix-guillemet", f"<title>{HEADLINE} » {SITE}</title>", "", "en", HEADLINE),
    ("prefix-pipe", f"<title>{SITE} | {HEADLINE}</title>", "", "en", HEADLINE),
    (
        "prefix-colon-site-named",
        f"<title>{SITE}: {HEADLINE}</title>" + _meta("og:site_name", SITE),
        "",
        "en",
        HEADLINE,
    ),
    # the site's name given by og:site_name / application-name, the title only in metadata
    (
        "og-title-suffix-site-named",
        _meta("og:title", f"{HEADLINE} – {SITE}") + _meta("og:site_name", SITE),
        "",
        "en",
        HEADLINE,
    ),
    (
        "og-title-prefix-site-named",
        _meta("og:title", f"{SITE} - {HEADLINE}") + _meta("og:site_name", SITE),
        "",
        "en",
        HEADLINE,
    ),
    (
        "middot-application-name",
        f"<title>{HEADLINE} · {SITE}</title>" + _meta("application-name", SITE, "name"),
        "",
        "en",
        HEADLINE,
    ),
    (
        "short-headline-long-site",
        f"<title>Mill fire | {SITE} Online Edition</title>"
        + _meta("og:site_name", f"{SITE} Online Edition"),
        "",
        "en",
        "Mill fire",
    ),
    (
        "site-name-as-domain",
        f"<title>Mill fire | {SITE}</title>" + _meta("og:site_name", "rivertonherald.com"),
        "",
        "en",
        "Mill fire",
    ),
    (
        "section-and-site",
        f"<title>{HEADLINE} | Local News | {SITE}</title>" + _meta("og:site_name", SITE),
        "",
        "en",
        HEADLINE,
    ),
    (
        "dash-inside-headline",
        f"<title>Storm closes roads – police urge caution | {SITE}</title>"
        + _meta("og:site_name", SITE),
        "",
        "en",
        "Storm closes roads – police urge caution",
    ),
    # the visible headline against metadata
    (
        "h1-and-seo-title",
        f"<title>{HEADLINE} | {SITE}</title>" + _meta("og:title", f"{HEADLINE} | {SITE}"),
        f"<h1>{HEADLINE}</h1>",
        "en",
        HEADLINE,
    ),
    (
        "og-title-section-prefix",
        _meta("og:title", f"Sport | {HEADLINE}") + _meta("og:site_name", SITE),
        f"<h1>{HEADLINE}</h1>",
        "en",
        HEADLINE,
    ),
    (
        "kicker-in-metadata-and-spans",
        _meta("og:title", f"Analysis: {HEADLINE}"),
        f"<h1><span class='kicker'>Analysis:</span> <span class='headline'>{HEADLINE}</span></h1>",
        "en",
        f"Analysis: {HEADLINE}",
    ),
    (
        "h1-kicker-span-metadata-without",
        _meta("og:title", "Die Stadt von unten neu denken")
        + _ld({"@type": "NewsArticle", "headline": "Die Stadt von unten neu denken"}),
        "<h1><span class='kicker'>Wahl 2024</span> "
        "<span class='title'>Die Stadt von unten neu denken</span></h1>",
        "de",
        "Die Stadt von unten neu denken",
    ),
    (
        "jsonld-headline-cut-with-ellipsis",
        _ld(
            {
                "@type": "NewsArticle",
                "headline": (
                    "Council backs new bus lanes on the harbour road after months of talks "
                    "with residents, traders and the port…"
                ),
            }
        )
        + _meta(
            "og:title",
            "Council backs new bus lanes on the harbour road after months of talks with "
            "residents, traders and the port authority",
        ),
        "<h1>Council backs new bus lanes on the harbour road after months of talks with "
        "residents, traders and the port authority</h1>",
        "en",
        "Council backs new bus lanes on the harbour road after months of talks with "
        "residents, traders and the port authority",
    ),
    (
        "metadata-cut-with-ellipsis-no-h1",
        _meta(
            "og:title",
            "Council backs new bus lanes on the harbour road after months of talks with...",
        )
        + "<title>Council backs new bus lanes on the harbour road after months of talks with "
        f"residents and traders | {SITE}</title>",
        "<p class='byline'>By Ana Lima</p>",
        "en",
        "Council backs new bus lanes on the harbour road after months of talks with "
        "residents and traders",
    ),
    (
        "jsonld-headline-cut-at-110",
        _ld(
            {
                "@type": "NewsArticle",
                "headline": (
                    "Council backs new bus lanes on the harbour road after months of talks "
                    "with residents, traders and the port authority"
                )[:110],
            }
        ),
        "<h1>Council backs new bus lanes on the harbour road after months of talks with "
        "residents, traders and the port authority</h1>",
        "en",
        "Council backs new bus lanes on the harbour road after months of talks with "
        "residents, traders and the port authority",
    ),
    (
        "h1-holds-a-date",
        _meta("og:title", HEADLINE) + f"<title>{HEADLINE} | {SITE}</title>",
        "<h1>12 March 2024</h1><h2>Council backs new bus lanes on the harbour road</h2>",
        "en",
        HEADLINE,
    ),
    (
        "h1-live-label",
        _meta("og:title", "Storm hits the coast: latest updates"),
        "<h1><span class='badge'>Live</span> Storm hits the coast: latest updates</h1>",
        "en",
        "Storm hits the coast: latest updates",
    ),
    pytest.param(
        "og-title-live-label",
        _meta("og:title", "LIVE: Storm hits the coast")
        + "<title>LIVE: Storm hits the coast</title>",
        "<h1>Storm hits the coast</h1>",
        "en",
        "Storm hits the coast",
        # metadata that adds a label to the h1 keeps it ('Wahl: ...' is the headline's on the
        # dev pages); a status label would need its own vocabulary, left for now
        marks=pytest.mark.xfail(strict=True, reason="a label the metadata adds stays"),
    ),
    (
        "logo-h1-first",
        f"<title>{HEADLINE} | {SITE}</title>",
        f"<h1 class='logo'><a href='https://news.example/'>{SITE}</a></h1><h1>{HEADLINE}</h1>",
        "en",
        HEADLINE,
    ),
    (
        "inline-link-before-comma",
        _meta("og:title", "Council backs bus lanes, residents object"),
        "<h1>Council backs <a href='/topic/bus'>bus lanes</a>, residents object</h1>",
        "en",
        "Council backs bus lanes, residents object",
    ),
    # scripts and directions
    (
        "cjk-lenticular-site-suffix",
        "<title>東京で大雨、交通に影響【河川新報】</title>" + _meta("og:site_name", "河川新報"),
        "",
        "ja",
        "東京で大雨、交通に影響",
    ),
    (
        "cjk-lenticular-with-h1",
        _meta("og:title", "東京で大雨、交通に影響【河川新報】"),
        "<h1>東京で大雨、交通に影響</h1>",
        "ja",
        "東京で大雨、交通に影響",
    ),
    (
        "cjk-corner-bracket-site-prefix",
        "<title>「河川新報」東京で大雨、交通に影響</title>" + _meta("og:site_name", "河川新報"),
        "",
        "ja",
        "東京で大雨、交通に影響",
    ),
    (
        "cjk-underscore-site",
        "<title>东京大雨影响交通_河川新闻网</title>" + _meta("og:site_name", "河川新闻网"),
        "",
        "zh",
        "东京大雨影响交通",
    ),
    (
        "rtl-arabic-pipe",
        "<title>المجلس يوافق على خطة الميناء | صحيفة النهر</title>"
        + _meta("og:site_name", "صحيفة النهر"),
        "",
        "ar",
        "المجلس يوافق على خطة الميناء",
    ),
    (
        "rtl-hebrew-h1",
        _meta("og:title", "המועצה אישרה את תוכנית הנמל - חדשות הנהר"),
        "<h1>המועצה אישרה את תוכנית הנמל</h1>",
        "he",
        "המועצה אישרה את תוכנית הנמל",
    ),
]


# A second round, written after the first was fixed (4 of these 9 fail on main).
CASES += [
    (
        "section-and-site-unnamed",
        f"<title>{HEADLINE} - Local News - {SITE}</title>",
        "",
        "en",
        HEADLINE,
    ),
    ("single-guillemet-suffix", f"<title>{HEADLINE} › {SITE}</title>", "", "en", HEADLINE),
    ("breadcrumb-title", f"<title>{SITE} › Local › {HEADLINE}</title>", "", "en", HEADLINE),
    (
        "og-title-site-spelled-by-host",
        _meta("og:title", f"{HEADLINE} - {SITE}")
        + "<link rel='canonical' href='https://www.rivertonherald.com/2024/a-story'>",
        "",
        "en",
        HEADLINE,
    ),
    (
        "site-at-both-ends",
        f"<title>{SITE} | {HEADLINE} | {SITE}</title>" + _meta("og:site_name", SITE),
        "",
        "en",
        HEADLINE,
    ),
    (
        "headline-about-the-site",
        f"<title>{SITE} wins national press award | {SITE}</title>" + _meta("og:site_name", SITE),
        "",
        "en",
        f"{SITE} wins national press award",
    ),
    (
        "colon-inside-headline",
        _meta("og:title", f"Bus lanes: what changes for drivers | {SITE}")
        + _meta("og:site_name", SITE),
        "",
        "en",
        "Bus lanes: what changes for drivers",
    ),
    (
        "h1-line-break",
        _meta("og:title", HEADLINE),
        "<h1>Council backs new bus lanes<br>on the harbour road</h1>",
        "en",
        HEADLINE,
    ),
    pytest.param(
        "h1-with-subtitle",
        _meta("og:title", HEADLINE),
        f"<h1>{HEADLINE} <small>Residents object to the plan</small></h1>",
        "en",
        HEADLINE,
        # an h1 longer than the metadata may be the whole of a title the metadata cut
        # short: the text alone does not tell a subtitle from the rest of the headline
        marks=pytest.mark.xfail(strict=True, reason="the h1 with its subtitle stays"),
    ),
]


# A third round (1 of 3 fails on main): a kicker span in the h1 that the <title> leaves
# out, a site's name with its slogan, a publisher's name longer than the title's.
CASES += [
    (
        "h1-kicker-span-title-tag-without",
        "<title>Die Stadt von unten neu denken | Beispiel</title>",
        "<h1><span class='kicker'>Wahl 2024</span> <span>Die Stadt von unten neu denken</span></h1>",
        "de",
        "Die Stadt von unten neu denken",
    ),
    (
        "site-and-its-slogan",
        f"<title>{HEADLINE} - {SITE} - Local news for the valley</title>"
        + _meta("og:site_name", f"{SITE} - Local news for the valley"),
        "",
        "en",
        HEADLINE,
    ),
    (
        "publisher-name-longer-than-title-part",
        f"<title>{HEADLINE} | {SITE}</title>"
        + _ld(
            {
                "@type": "NewsArticle",
                "publisher": {"@type": "Organization", "name": f"{SITE} Media Group"},
            }
        ),
        "",
        "en",
        HEADLINE,
    ),
]


def _kind(case: object) -> str:
    return str(case.values[0] if hasattr(case, "values") else case[0])  # type: ignore[index]


@pytest.mark.parametrize(
    ("kind", "head", "top", "lang", "expected"), CASES, ids=[_kind(c) for c in CASES]
)
def test_title_kind(kind: str, head: str, top: str, lang: str, expected: str) -> None:
    assert _title(head, top, lang) == expected
