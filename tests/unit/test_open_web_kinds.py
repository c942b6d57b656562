"""The kinds of open-web page issue #13 lists, one small page per variant, through
extract_page: dates (markup conventions, URL, the day), bodies in unusual layouts,
titles and authors. Strings in, values out."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from pipelines.extract import extract_page
from pipelines.extract_json import extraction_json
from tests.unit.pages import html_page

_STORY_WORDS = {
    "en": "The council met on Tuesday and agreed on a new plan for the harbour, "
    "after months of talks with residents, traders and the port authority.",
    "de": "Der Gemeinderat hat am Dienstag einen neuen Plan für den Hafen beschlossen, "
    "nach monatelangen Gesprächen mit Anwohnern, Händlern und der Hafenbehörde.",
    "fr": "Le conseil municipal a adopté mardi un nouveau plan pour le port, "
    "après des mois de discussions avec les habitants, les commerçants et le port.",
    "es": "El ayuntamiento aprobó el martes un nuevo plan para el puerto, "
    "tras meses de conversaciones con vecinos, comerciantes y la autoridad portuaria.",
}


def story(lang: str = "en", n: int = 5) -> str:
    return "".join(f"<p>{_STORY_WORDS[lang]} ({i})</p>" for i in range(n))


def _extract(html: str, url: str | None) -> dict[str, Any]:
    page = html_page(html, url=url)
    return extraction_json(extract_page(page))


def _page(head: str, body: str, lang: str) -> str:
    return f'<html lang="{lang}"><head>{head}</head><body>{body}</body></html>'


def _ld(obj: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(obj)}</script>'


def _meta(name: str, content: str, attr: str = "name") -> str:
    return f'<meta {attr}="{name}" content="{content}">'


# (label, lang, head, body markup before the story, url, expected publication day)
_NO_URL = {
    "en": "https://news.example.com/local/harbour-plan",
    "de": "https://www.example.de/lokales/hafenplan",
    "fr": "https://www.example.fr/local/plan-du-port",
    "es": "https://www.example.es/local/plan-del-puerto",
}
DATE_CASES: list[tuple[str, str, str, str, str, str]] = [
    # 1. numeric dates beside the byline
    (
        "byline-pipe-de",
        "de",
        "",
        "<div class='byline'>Von Max Muster | 07.06.2020</div>",
        "",
        "2020-06-07",
    ),
    (
        "date-then-name-de",
        "de",
        "",
        "<p class='meta'>07.06.2020 – Max Muster</p>",
        "",
        "2020-06-07",
    ),
    ("no-zeros-de", "de", "", "<div class='autor'>Max Muster, 7.6.2020</div>", "", "2020-06-07"),
    (
        "byline-dot-en",
        "en",
        "",
        "<div class='author'>By Jane Doe · 07.06.2020</div>",
        "",
        "2020-06-07",
    ),
    (
        "byline-fr",
        "fr",
        "",
        "<div class='auteur'>Par Jean Dupont, le 07/06/2020</div>",
        "",
        "2020-06-07",
    ),
    (
        "byline-es",
        "es",
        "",
        "<div class='autor'>Por Juan Pérez | 07/06/2020</div>",
        "",
        "2020-06-07",
    ),
    (
        "after-figure-de",
        "de",
        "",
        "<figure><img src='a.jpg'><figcaption>Der Hafen.</figcaption></figure><span>Max Muster</span> <span>07.06.2020</span>",
        "",
        "2020-06-07",
    ),
    (
        "short-year-de",
        "de",
        "",
        "<div class='byline'>Max Muster · 07.06.20</div>",
        "",
        "2020-06-07",
    ),
    # 1. dates in the URL path
    (
        "url-slashes",
        "en",
        "",
        "",
        "https://blog.example.com/2020/06/07/harbour-plan/",
        "2020-06-07",
    ),
    ("url-compact", "de", "", "", "https://www.example.de/news/20200607/hafenplan", "2020-06-07"),
    ("url-dashes", "en", "", "", "https://blog.example.com/2020-06-07/harbour-plan", "2020-06-07"),
    (
        "url-slug-compact",
        "fr",
        "",
        "",
        "https://www.example.fr/actu/20200607-plan-du-port.html",
        "2020-06-07",
    ),
    # 1. schema.org beyond the *Article family
    (
        "yoast-graph",
        "en",
        _ld(
            {
                "@context": "https://schema.org",
                "@graph": [
                    {"@type": "Organization", "name": "Org"},
                    {"@type": "WebSite", "name": "Site"},
                    {
                        "@type": "WebPage",
                        "datePublished": "2020-06-07T08:00:00+00:00",
                        "dateModified": "2021-02-03T08:00:00+00:00",
                    },
                    {"@type": "BlogPosting", "datePublished": "2020-06-07T08:00:00+00:00"},
                ],
            }
        ),
        "",
        "",
        "2020-06-07",
    ),
    (
        "webpage-only",
        "de",
        _ld(
            {
                "@context": "https://schema.org",
                "@type": ["WebPage", "ItemPage"],
                "datePublished": "2020-06-07",
            }
        ),
        "",
        "",
        "2020-06-07",
    ),
    (
        "main-entity",
        "en",
        _ld(
            {
                "@type": "WebPage",
                "mainEntity": {"@type": "Article", "datePublished": "2020-06-07T10:00:00-04:00"},
            }
        ),
        "",
        "",
        "2020-06-07",
    ),
    (
        "blog-posts",
        "en",
        _ld(
            {
                "@type": "Blog",
                "blogPost": [
                    {"@type": "BlogPosting", "datePublished": "2020-06-07T10:00:00-04:00"}
                ],
            }
        ),
        "",
        "",
        "2020-06-07",
    ),
    (
        "recipe",
        "es",
        _ld({"@type": "Recipe", "name": "Tortilla", "datePublished": "2020-06-07"}),
        "",
        "",
        "2020-06-07",
    ),
    (
        "video",
        "fr",
        _ld({"@type": "VideoObject", "uploadDate": "2020-06-07T10:00:00+02:00"}),
        "",
        "",
        "2020-06-07",
    ),
    (
        "top-list",
        "de",
        _ld(
            [
                {"@type": "BreadcrumbList"},
                {"@type": "NewsArticle", "datePublished": "2020-06-07T10:00:00+02:00"},
            ]
        ),
        "",
        "",
        "2020-06-07",
    ),
    # 1. Dublin Core
    ("dc-date", "de", _meta("DC.date", "2020-06-07"), "", "", "2020-06-07"),
    ("dc-date-upper", "de", _meta("DC.Date", "2020-06-07"), "", "", "2020-06-07"),
    ("dcterms-created", "en", _meta("dcterms.created", "2020-06-07"), "", "", "2020-06-07"),
    ("dcterms-issued", "fr", _meta("DCTERMS.issued", "2020-06-07"), "", "", "2020-06-07"),
    (
        "dc-date-issued",
        "es",
        _meta("DC.date.issued", "2020-06-07T09:00:00+02:00"),
        "",
        "",
        "2020-06-07",
    ),
    # 1. microformats and HTML semantics
    (
        "h-entry",
        "en",
        "",
        "<time class='dt-published' datetime='2020-06-07 08:00:00'>June 7</time>",
        "",
        "2020-06-07",
    ),
    ("hatom-span", "en", "", "<span class='published'>June 7, 2020</span>", "", "2020-06-07"),
    (
        "hatom-abbr",
        "de",
        "",
        "<abbr class='published' title='2020-06-07T08:00:00+02:00'>7. Juni</abbr>",
        "",
        "2020-06-07",
    ),
    (
        "time-pubdate",
        "en",
        "",
        "<time pubdate datetime='2020-06-07'>Sunday</time>",
        "",
        "2020-06-07",
    ),
    ("time-pubdate-text", "de", "", "<time pubdate>7. Juni 2020</time>", "", "2020-06-07"),
    (
        "wp-entry-date",
        "fr",
        "",
        "<time class='entry-date published' datetime='2020-06-07T09:00:00+02:00'>7 juin 2020</time><time class='updated' datetime='2021-01-02T09:00:00+01:00'>2 janvier 2021</time>",
        "",
        "2020-06-07",
    ),
    # 1. vendor and other meta names
    ("parsely", "en", _meta("parsely-pub-date", "2020-06-07T12:00:00Z"), "", "", "2020-06-07"),
    ("sailthru", "en", _meta("sailthru.date", "2020-06-07 12:00:00"), "", "", "2020-06-07"),
    ("meta-date", "de", _meta("date", "2020-06-07"), "", "", "2020-06-07"),
    ("meta-date-dotted", "de", _meta("date", "07.06.2020"), "", "", "2020-06-07"),
    ("publishdate", "en", _meta("publishdate", "2020-06-07"), "", "", "2020-06-07"),
    ("publishdate-compact", "en", _meta("publishdate", "20200607"), "", "", "2020-06-07"),
    (
        "og-name-attr",
        "es",
        _meta("article:published_time", "2020-06-07T12:00:00+02:00"),
        "",
        "",
        "2020-06-07",
    ),
    (
        "og-property",
        "fr",
        _meta("article:published_time", "2020-06-07T12:00:00+02:00", "property"),
        "",
        "",
        "2020-06-07",
    ),
    ("og-itemprop", "de", _meta("datePublished", "2020-06-07", "itemprop"), "", "", "2020-06-07"),
    (
        "http-equiv-date",
        "en",
        _meta("date", "Sun, 07 Jun 2020 08:00:00 GMT", "http-equiv"),
        "",
        "",
        "2020-06-07",
    ),
    (
        "parsely-page",
        "en",
        _meta(
            "parsely-page",
            "{&quot;title&quot;: &quot;T&quot;, &quot;pub_date&quot;: &quot;2020-06-07T12:00:00Z&quot;}",
        ),
        "",
        "",
        "2020-06-07",
    ),
    ("citation", "en", _meta("citation_publication_date", "2020/06/07"), "", "", "2020-06-07"),
    ("publish-date-words", "en", _meta("publish-date", "June 7, 2020"), "", "", "2020-06-07"),
    # 2. the wrong day: a later structured stamp against the URL and the visible date
    (
        "migration-url-visible",
        "de",
        _ld({"@type": "Article", "datePublished": "2022-09-01T10:00:00+02:00"}),
        "<p class='date'>4. Mai 2019</p>",
        "https://www.example.de/2019/05/04/hafenplan/",
        "2019-05-04",
    ),
    (
        "migration-meta-url",
        "en",
        _meta("article:published_time", "2022-09-01T10:00:00+00:00", "property"),
        "<p class='date'>May 4, 2019</p>",
        "https://blog.example.com/2019/05/04/harbour/",
        "2019-05-04",
    ),
    # 2. UTC instants and the local day
    (
        "utc-late-de",
        "de",
        _meta("article:published_time", "2020-06-06T23:30:00Z", "property"),
        "",
        "",
        "2020-06-07",
    ),
    (
        "utc-midnight-de",
        "de",
        _ld({"@type": "NewsArticle", "datePublished": "2020-06-06T22:00:00.000Z"}),
        "",
        "",
        "2020-06-07",
    ),
    (
        "utc-midnight-fr",
        "fr",
        _meta("article:published_time", "2020-06-06T22:00:00+00:00", "property"),
        "",
        "",
        "2020-06-07",
    ),
    (
        "utc-midnight-es",
        "es",
        _ld({"@type": "NewsArticle", "datePublished": "2020-06-06T22:00:00Z"}),
        "",
        "",
        "2020-06-07",
    ),
    (
        "au-utc-midnight",
        "en",
        _ld({"@type": "NewsArticle", "datePublished": "2020-06-06T14:00:00Z"}),
        "",
        "https://www.example.com.au/news/harbour",
        "2020-06-07",
    ),
    (
        "naive-late",
        "en",
        _ld({"@type": "NewsArticle", "datePublished": "2020-06-07T23:30:00"}),
        "",
        "",
        "2020-06-07",
    ),
    (
        "offset-late",
        "en",
        _ld({"@type": "NewsArticle", "datePublished": "2020-06-07T21:00:00-04:00"}),
        "",
        "",
        "2020-06-07",
    ),
    # 2. a UTC instant takes the offset of the wall clock the page shows its readers
    (
        "utc-reader-clock-en",
        "en",
        _meta("article:published_time", "2020-06-08T02:00:00Z", "property"),
        "<time>June 7, 2020 10:00 PM</time>",
        "",
        "2020-06-07T22:00:00-04:00",
    ),
    (
        "utc-reader-clock-de",
        "de",
        _ld({"@type": "NewsArticle", "datePublished": "2020-06-07T23:30:00Z"}),
        "<p class='date'>Montag, 8. Juni 2020, 01:30 Uhr</p>",
        "",
        "2020-06-08T01:30:00+02:00",
    ),
    # 2. a structured stamp later than the dateline, without a URL date, stays: on the dev
    # sets the earlier dateline was another day's (a reference, an event) on 6 of 6 pages
    (
        "ld-later-than-dateline",
        "de",
        _ld({"@type": "Article", "datePublished": "2022-09-01T10:00:00+02:00"}),
        "<div class='byline'>Von Max Muster | 04.05.2019</div>",
        "",
        "2022-09-01",
    ),
    # 1. a sidebar's <time> (HTML <aside>, a widget) waits behind the story's own
    (
        "aside-time-first",
        "en",
        "",
        "<aside><time datetime='2021-01-01'>Jan 1</time></aside><div class='byline'><time datetime='2020-06-07T10:00:00-04:00'>June 7</time></div>",
        "",
        "2020-06-07",
    ),
    # 1. schema.org nesting: the WebPage an article names as its mainEntityOfPage
    (
        "ld-main-entity-of-page",
        "en",
        _ld(
            {
                "@type": "Article",
                "headline": "H",
                "mainEntityOfPage": {"@type": "WebPage", "datePublished": "2020-06-07"},
            }
        ),
        "",
        "",
        "2020-06-07",
    ),
    # 2. a line showing the update first and the publication after it: the publication
    (
        "update-then-published-en",
        "en",
        "",
        "<p class='meta'>Updated: June 9, 2020 | Published: June 7, 2020</p>",
        "",
        "2020-06-07",
    ),
    (
        "update-then-published-de",
        "de",
        "",
        "<p class='meta'>Zuletzt aktualisiert: 09.06.2020 | Erstellt: 07.06.2020</p>",
        "",
        "2020-06-07",
    ),
    (
        "update-then-published-es",
        "es",
        "",
        "<p class='meta'>Actualizado el 09/06/2020 - Publicado el 07/06/2020</p>",
        "",
        "2020-06-07",
    ),
    (
        "published-then-update-fr",
        "fr",
        "",
        "<p class='meta'>Publié le 07/06/2020 à 10h00, mis à jour le 09/06/2020 à 12h00</p>",
        "",
        "2020-06-07T10:00",
    ),
    # 1. structured values in other shapes than ISO 8601
    (
        "ld-space-time",
        "en",
        _ld({"@type": "NewsArticle", "datePublished": "2020-06-07 10:00:00"}),
        "",
        "",
        "2020-06-07",
    ),
    (
        "ld-dotted-de",
        "de",
        _ld({"@type": "NewsArticle", "datePublished": "07.06.2020"}),
        "",
        "",
        "2020-06-07",
    ),
    (
        "ld-words-de",
        "de",
        _ld({"@type": "NewsArticle", "datePublished": "7. Juni 2020"}),
        "",
        "",
        "2020-06-07",
    ),
    (
        "og-offset-without-colon",
        "de",
        _meta("article:published_time", "2020-06-07T10:00:00+0200", "property"),
        "",
        "",
        "2020-06-07T10:00:00+02:00",
    ),
    ("dateline-city-de", "de", "", "<p>Berlin, 07.06.2020 – Der Rat tagte.</p>", "", "2020-06-07"),
    # 1. a structured stamp of the day alone takes its time from the dated element shown
    (
        "day-stamp-shown-time",
        "en",
        _meta("publishdate", "2020-06-07"),
        "<div class='timeline'>Jun 7, 2020 10:47 AM EST</div>",
        "",
        "2020-06-07T10:47",
    ),
    # 2. a day stored as local midnight in UTC, on a host that names no country: the zone
    # the page's language is written in (not English's: written around the world)
    (
        "utc-midnight-de-on-com",
        "de",
        _ld({"@type": "NewsArticle", "datePublished": "2020-06-06T22:00:00Z"}),
        "",
        "https://www.example.com/de/hafen",
        "2020-06-07T00:00:00+02:00",
    ),
    (
        "utc-midnight-fr-on-org",
        "fr",
        _meta("article:published_time", "2020-01-06T23:00:00Z", "property"),
        "",
        "https://www.example.org/port",
        "2020-01-07T00:00:00+01:00",
    ),
    (
        "utc-evening-en-on-com",
        "en",
        _ld({"@type": "NewsArticle", "datePublished": "2020-06-06T22:00:00Z"}),
        "",
        "https://www.example.com/n/harbour",
        "2020-06-06T22:00:00+00:00",
    ),
    # 1. more shapes of the same kinds
    (
        "wp-posted-on",
        "en",
        "",
        "<div class='entry-meta'>Posted on June 7, 2020 by admin</div>",
        "",
        "2020-06-07",
    ),
    ("text-date-de", "de", "", "<span class='datum'>7. Juni 2020</span>", "", "2020-06-07"),
    ("text-date-es", "es", "", "<span class='fecha'>7 de junio de 2020</span>", "", "2020-06-07"),
    (
        "text-date-fr",
        "fr",
        "",
        "<span class='date'>Publié le 7 juin 2020 à 10h30</span>",
        "",
        "2020-06-07",
    ),
    (
        "byline-time-de",
        "de",
        "",
        "<div class='meta'>Max Muster, 07.06.2020, 14:35 Uhr</div>",
        "",
        "2020-06-07",
    ),
    (
        "url-after-slug",
        "en",
        "",
        "",
        "https://www.example.com/news/harbour-plan-2020-06-07",
        "2020-06-07",
    ),
    (
        "url-single-digits",
        "en",
        "",
        "",
        "https://www.example.com/2020/6/7/harbour-plan",
        "2020-06-07",
    ),
    (
        "sailthru-rfc",
        "en",
        _meta("sailthru.date", "Sun, 07 Jun 2020 12:00:00 -0400"),
        "",
        "",
        "2020-06-07",
    ),
    (
        "ld-epoch",
        "en",
        _ld({"@type": "NewsArticle", "datePublished": 1591524000}),
        "",
        "",
        "2020-06-07",
    ),
    (
        "ld-date-created",
        "fr",
        _ld({"@type": "CreativeWork", "dateCreated": "2020-06-07"}),
        "",
        "",
        "2020-06-07",
    ),
    (
        "modified-later",
        "en",
        _meta("article:published_time", "2020-06-07T10:00:00+00:00", "property")
        + _meta("article:modified_time", "2022-01-01T10:00:00+00:00", "property"),
        "",
        "",
        "2020-06-07",
    ),
    (
        "itemprop-text",
        "de",
        "",
        "<span itemprop='datePublished'>07.06.2020</span>",
        "",
        "2020-06-07",
    ),
]


@pytest.mark.parametrize(
    ("label", "lang", "head", "before", "url", "day"),
    DATE_CASES,
    ids=[c[0] for c in DATE_CASES],
)
def test_publication_day(label: str, lang: str, head: str, before: str, url: str, day: str) -> None:
    body = f"<article><h1>Headline of the story</h1>{before}{story(lang)}</article>"
    out = _extract(_page(head, body, lang), url or _NO_URL[lang])
    assert out["status"] == "article"
    assert (out["published_at"] or "")[: len(day)] == day


def _sentences(lang: str, n: int) -> list[str]:
    return [f"{_STORY_WORDS[lang]} ({i})" for i in range(n)]


_CHROME = (
    "<header><a href='/'>Home</a> <a href='/news'>News</a> <a href='/about'>About</a></header>"
    "<nav><ul><li><a href='/a'>Section A</a></li><li><a href='/b'>Section B</a></li></ul></nav>"
)
_FOOT = "<footer><p>© 2020 Example. All rights reserved. Imprint, privacy, contact.</p></footer>"


def _br(lang: str, n: int) -> str:
    return "<br><br>".join(_sentences(lang, n))


BODY_CASES: list[tuple[str, str, str, list[str]]] = [
    # 3. text separated by <br> inside one container
    (
        "br-div",
        "de",
        f"<h1>Schlagzeile</h1><div class='text'>{_br('de', 5)}</div>",
        _sentences("de", 5),
    ),
    (
        "br-td",
        "en",
        f"<table><tr><td class='nav'><a href='/'>Home</a></td><td><h1>Headline</h1>{_br('en', 5)}</td></tr></table>",
        _sentences("en", 5),
    ),
    (
        "br-font",
        "fr",
        f"<center><h1>Titre</h1><font size='2'>{_br('fr', 5)}</font></center>",
        _sentences("fr", 5),
    ),
    (
        "br-single",
        "es",
        f"<h1>Titular</h1><div id='content'>{'<br>'.join(_sentences('es', 5))}</div>",
        _sentences("es", 5),
    ),
    (
        "br-article",
        "en",
        f"<article><h1>Headline</h1><div class='entry'>{_br('en', 4)}</div></article>",
        _sentences("en", 4),
    ),
    # 3. <pre>
    (
        "pre",
        "en",
        "<h1>Headline</h1><pre>" + "\n\n".join(_sentences("en", 5)) + "</pre>",
        _sentences("en", 5),
    ),
    (
        "pre-article",
        "de",
        "<article><h1>Schlagzeile</h1><pre>"
        + "\n\n".join(_sentences("de", 5))
        + "</pre></article>",
        _sentences("de", 5),
    ),
    # 3. tables used for layout
    (
        "layout-table-p",
        "en",
        "<table width='100%'><tr><td width='150'><a href='/'>Home</a><br><a href='/x'>Archive</a></td><td><h1>Headline</h1>"
        + story("en")
        + "</td></tr></table>",
        _sentences("en", 5),
    ),
    (
        "layout-table-rows",
        "de",
        "<table><tr><td><h1>Schlagzeile</h1></td></tr>"
        + "".join(f"<tr><td>{s}</td></tr>" for s in _sentences("de", 5))
        + "</table>",
        _sentences("de", 5),
    ),
    # 3. a story split into repeated sibling blocks
    (
        "steps",
        "en",
        "<h1>How to plan a harbour</h1><div class='steps'>"
        + "".join(
            f"<div class='step'><h3>Step {i}</h3><p>{s}</p></div>"
            for i, s in enumerate(_sentences("en", 5))
        )
        + "</div>",
        [x for i, s in enumerate(_sentences("en", 5)) for x in (f"Step {i}", s)],
    ),
    (
        "slides",
        "de",
        "<h1>Bilder vom Hafen</h1><div class='gallery'>"
        + "".join(
            f"<div class='slide'><img src='{i}.jpg'><div class='caption'>{s}</div></div>"
            for i, s in enumerate(_sentences("de", 5))
        )
        + "</div>",
        _sentences("de", 5),
    ),
    (
        "grid-cells",
        "fr",
        "<main><h1>Les ports</h1><div class='grid'>"
        + "".join(
            f"<div class='cell'><h4>Port {i}</h4><span>{s}</span></div>"
            for i, s in enumerate(_sentences("fr", 5))
        )
        + "</div></main>",
        [f"Port {i} {s}" for i, s in enumerate(_sentences("fr", 5))],  # a card reads whole
    ),
    (
        "sections",
        "es",
        "<article><h1>Titular</h1>"
        + "".join(
            f"<section><h2>Parte {i}</h2><div>{s}</div></section>"
            for i, s in enumerate(_sentences("es", 5))
        )
        + "</article>",
        [x for i, s in enumerate(_sentences("es", 5)) for x in (f"Parte {i}", s)],
    ),
    # 3. a headline and a real story in an unusual layout: spans, a div per sentence
    (
        "span-lines",
        "en",
        "<div class='post'><h1>Headline</h1>"
        + "".join(f"<span class='line'>{s}</span><br>" for s in _sentences("en", 5))
        + "</div>",
        _sentences("en", 5),
    ),
    (
        "div-lines",
        "de",
        "<div id='main'><h2 class='title'>Rat beschließt den Hafenplan</h2>"
        + "".join(f"<div>{s}</div>" for s in _sentences("de", 5))
        + "</div>",
        _sentences("de", 5),
    ),
]


@pytest.mark.parametrize(
    ("label", "lang", "body", "expected"), BODY_CASES, ids=[c[0] for c in BODY_CASES]
)
def test_story_in_an_unusual_layout(label: str, lang: str, body: str, expected: list[str]) -> None:
    headline = re.search(r"<h[12][^>]*>(.*?)</h[12]>", body)
    title = f"<title>{headline.group(1) if headline else 'Page'} - Example</title>"
    html = _page(title, f"{_CHROME}{body}{_FOOT}", lang)
    out = _extract(html, _NO_URL[lang])
    assert out["status"] == "article", out.get("reject_details")
    assert out["body"].split("\n\n") == expected


TITLE_CASES: list[tuple[str, str, str, str, str]] = [
    # 4. a structured headline that names the site gives way to the visible h1 that the
    # <title> repeats; one that is another headline of the story stays (the reader-mode and
    # the publishers' truth take it: measured on the dev sets)
    (
        "ld-site-name",
        "en",
        _ld({"@type": "NewsArticle", "headline": "Example News"})
        + "<title>Council backs harbour plan | Example News</title>",
        "<h1>Council backs harbour plan</h1>",
        "Council backs harbour plan",
    ),
    (
        "og-site-name",
        "de",
        _meta("og:title", "Beispiel Zeitung", "property")
        + _meta("og:site_name", "Beispiel Zeitung", "property")
        + "<title>Rat beschließt Hafenplan</title>",
        "<h1>Rat beschließt Hafenplan</h1>",
        "Rat beschließt Hafenplan",
    ),
    (
        "microdata-site-name",
        "fr",
        "<title>Le conseil adopte le plan du port - Exemple Info</title>",
        "<span itemprop='headline'>Exemple Info</span><h1>Le conseil adopte le plan du port</h1>",
        "Le conseil adopte le plan du port",
    ),
    (
        "ld-other-headline",
        "en",
        _ld(
            {
                "@type": "NewsArticle",
                "headline": "Harbour plan: what residents need to know in 2020",
            }
        )
        + "<title>Council backs harbour plan | Example News</title>",
        "<h1>Council backs harbour plan</h1>",
        "Harbour plan: what residents need to know in 2020",
    ),
    (
        "og-other-headline",
        "de",
        _meta("og:title", "Hafenplan – alles, was Anwohner wissen müssen", "property")
        + "<title>Rat beschließt Hafenplan - Beispiel</title>",
        "<h1>Rat beschließt Hafenplan</h1>",
        "Hafenplan – alles, was Anwohner wissen müssen",
    ),
    (
        "ld-agrees-h1",
        "en",
        _ld({"@type": "NewsArticle", "headline": "Council backs harbour plan"})
        + "<title>Example News</title>",
        "<h1>Council backs harbour plan</h1>",
        "Council backs harbour plan",
    ),
    # 4. an <h1> that is the site's logo (a link home, a name) is no headline: the heading
    # a level down that the <title> repeats is
    (
        "h1-logo-h2-headline",
        "en",
        "<title>Council backs harbour plan | Example News</title>",
        "</article><header><h1><a href='/'>Example News</a></h1></header><article><h2>Council backs harbour plan</h2>",
        "Council backs harbour plan",
    ),
    (
        "h1-logo-rel-home-de",
        "de",
        "<title>Beispiel Blog » Archiv » Rat beschließt Hafenplan</title>",
        "</article><h1><a rel='home' href='https://blog.example.de/'>Beispiel Blog</a></h1><article><h2>Rat beschließt Hafenplan</h2>",
        "Rat beschließt Hafenplan",
    ),
    (
        "h1-logo-then-h1",
        "es",
        "<title>x</title>",
        "</article><h1 id='logo'><a href='/'><img src='logo.png' alt='Ejemplo'></a></h1><article><h1>El ayuntamiento aprueba el plan</h1>",
        "El ayuntamiento aprueba el plan",
    ),
    (
        "h1-linked-to-itself",
        "en",
        "<title>x</title>",
        "<h1><a href='/news/harbour-plan'>Council backs harbour plan</a></h1>",
        "Council backs harbour plan",
    ),
    # 4. inline joins: no stray space before punctuation
    (
        "inline-comma",
        "de",
        "<title>x</title>",
        "<h1>Warum <em>wir</em>, nicht ihr</h1>",
        "Warum wir, nicht ihr",
    ),
    (
        "inline-bang",
        "en",
        "<title>x</title>",
        "<h1>Hello <a href='/w'>world</a>!</h1>",
        "Hello world!",
    ),
    (
        "inline-possessive",
        "en",
        "<title>x</title>",
        "<h1><a href='/p/mayor'>Mayor</a>'s plan: <em>what</em>'ll change, and the <b>port</b>'s 'yes'</h1>",
        "Mayor's plan: what'll change, and the port's 'yes'",
    ),
    (
        "inline-question",
        "en",
        "<title>x</title>",
        "<h1><span>Is it over</span>?</h1>",
        "Is it over?",
    ),
    (
        "inline-period",
        "es",
        "<title>x</title>",
        "<h1><span>El plan</span><span>.</span> <span>Y ahora</span></h1>",
        "El plan. Y ahora",
    ),
    (
        "inline-colon-span",
        "en",
        "<title>x</title>",
        "<h1><span class='kicker'>Harbour</span><span>: the plan</span></h1>",
        "Harbour: the plan",
    ),
    (
        "inline-quote",
        "de",
        "<title>x</title>",
        "<h1>„<span>Wir bauen</span>“ sagt der Rat</h1>",
        "„Wir bauen“ sagt der Rat",
    ),
    (
        "inline-paren",
        "en",
        "<title>x</title>",
        "<h1>The plan (<em>and</em> its cost)</h1>",
        "The plan (and its cost)",
    ),
]


@pytest.mark.parametrize(
    ("label", "lang", "head", "h1", "expected"), TITLE_CASES, ids=[c[0] for c in TITLE_CASES]
)
def test_title(label: str, lang: str, head: str, h1: str, expected: str) -> None:
    html = _page(head, f"<article>{h1}{story(lang)}</article>", lang)
    out = _extract(html, _NO_URL[lang])
    assert out["title"] == expected


AUTHOR_CASES: list[tuple[str, str, str, str, list[str]]] = [
    # 5. job titles and department names are no names; credentials stay with their name
    (
        "role-after-comma-en",
        "en",
        "",
        "<div class='byline'>By Jane Doe, Senior Editor</div>",
        ["Jane Doe"],
    ),
    (
        "role-after-comma-de",
        "de",
        "",
        "<div class='byline'>Von Max Muster, Redakteur für Politik</div>",
        ["Max Muster"],
    ),
    (
        "two-with-role",
        "en",
        "",
        "<div class='byline'>By Jane Doe and John Roe, Staff Writers</div>",
        ["Jane Doe", "John Roe"],
    ),
    ("credential-phd", "en", "", "<div class='byline'>By Jane Doe, PhD</div>", ["Jane Doe"]),
    ("credential-ma", "en", "", "<div class='byline'>By Jane Doe, MA</div>", ["Jane Doe"]),
    (
        "credential-md",
        "en",
        _ld({"@type": "Article", "author": [{"@type": "Person", "name": "Jane Doe, M.D."}]}),
        "",
        ["Jane Doe"],
    ),
    (
        "credential-ld-list",
        "en",
        _ld(
            {
                "@type": "Article",
                "author": [
                    {"@type": "Person", "name": "Jane Doe, PhD"},
                    {"@type": "Person", "name": "John Roe, MPH"},
                ],
            }
        ),
        "",
        ["Jane Doe", "John Roe"],
    ),
    (
        "credential-de",
        "de",
        "",
        "<div class='byline'>Von Dr. Max Muster, M.A.</div>",
        ["Dr. Max Muster"],
    ),
    ("job-title-meta", "en", _meta("author", "Marketing Manager"), "", []),
    (
        "job-title-line",
        "en",
        "",
        "<div class='author'>Jane Doe<br>Head of Communications</div>",
        ["Jane Doe"],
    ),
    (
        "job-title-de",
        "de",
        "",
        "<div class='author'>Max Muster<br>Leiter der Pressestelle</div>",
        ["Max Muster"],
    ),
    (
        "department-de",
        "de",
        "",
        "<div class='byline'>Von Max Muster, Ressort Wirtschaft</div>",
        ["Max Muster"],
    ),
    (
        "role-fr",
        "fr",
        "",
        "<div class='auteur'>Par Jean Dupont, journaliste</div>",
        ["Jean Dupont"],
    ),
    ("role-es", "es", "", "<div class='autor'>Por Juan Pérez, redactor jefe</div>", ["Juan Pérez"]),
    ("credentials-chain", "en", "", "<div class='byline'>By Jane Doe, MA, RD</div>", ["Jane Doe"]),
    (
        "credentials-nurse",
        "en",
        _ld({"@type": "Article", "author": {"@type": "Person", "name": "Jane Doe, RN, BSN"}}),
        "",
        ["Jane Doe"],
    ),
    (
        "job-title-fr",
        "fr",
        "",
        "<div class='author'>Jean Dupont, directeur général</div>",
        ["Jean Dupont"],
    ),
    (
        "job-title-es",
        "es",
        "",
        "<div class='author'>Juana Pérez, directora de comunicación</div>",
        ["Juana Pérez"],
    ),
    (
        "job-title-dash-de",
        "de",
        "",
        "<div class='author'>Max Muster – Leiter Kommunikation</div>",
        ["Max Muster"],
    ),
    (
        "desk-after-names-de",
        "de",
        "",
        "<div class='byline'>Von Anna Muster und Max Muster, Redaktion</div>",
        ["Anna Muster", "Max Muster"],
    ),
    (
        "desk-after-name-en",
        "en",
        "",
        "<div class='byline'>By Jane Doe, Newsroom</div>",
        ["Jane Doe"],
    ),
    (
        "department-after-name-en",
        "en",
        _ld(
            {
                "@type": "Article",
                "author": [
                    {"@type": "Person", "name": "Jane Doe"},
                    {"@type": "Person", "name": "Marketing Department"},
                ],
            }
        ),
        "",
        ["Jane Doe"],
    ),
    (
        "role-with-modifier-de",
        "de",
        "",
        "<div class='byline'>Von Max Muster, freier Journalist</div>",
        ["Max Muster"],
    ),
    (
        "role-with-place-en",
        "en",
        "",
        "<div class='byline'>By Jane Doe, Washington correspondent</div>",
        ["Jane Doe"],
    ),
    (
        "role-envoy-fr",
        "fr",
        "",
        "<div class='author'>Par Jean Dupont, envoyé spécial à Kiev</div>",
        ["Jean Dupont"],
    ),
    (
        "credential-de-mdb",
        "de",
        "",
        "<div class='byline'>Von Max Muster, MdB</div>",
        ["Max Muster"],
    ),
    ("name-suffix", "en", "", "<div class='byline'>By John Roe, Jr.</div>", ["John Roe Jr"]),
    # a surname that is a job-title word, and a desk signing alone, stay
    (
        "surname-like-title-de",
        "de",
        "",
        "<div class='byline'>Von Anna Leiter</div>",
        ["Anna Leiter"],
    ),
    (
        "desk-alone-de",
        "de",
        "",
        "<div class='byline'>Redaktion Wirtschaft</div>",
        ["Redaktion Wirtschaft"],
    ),
]


@pytest.mark.parametrize(
    ("label", "lang", "head", "byline", "expected"), AUTHOR_CASES, ids=[c[0] for c in AUTHOR_CASES]
)
def test_authors(label: str, lang: str, head: str, byline: str, expected: list[str]) -> None:
    body = f"<article><h1>Headline of the story</h1>{byline}{story(lang)}</article>"
    out = _extract(_page(head, body, lang), _NO_URL[lang])
    assert [a["name"] for a in out["authors"]] == expected


_INLINE_SENTENCE = (
    "The council met on Tuesday and agreed on a new plan for the harbour with "
    "<a href='/port'>the port</a>, who asked for changes; <b>really</b>."
)


@pytest.mark.parametrize(
    "block",
    [
        "<ul>"
        + "".join(f"<li>{_INLINE_SENTENCE} Item {i}, more.</li>" for i in range(5))
        + "</ul>",
        "".join(f"<div>{_INLINE_SENTENCE} Item {i}, more.</div>" for i in range(5)),
        story()
        + "<blockquote>“<em>We will build it</em>”, said <a href='/m'>Jane Doe</a>.</blockquote>",
    ],
    ids=["list-items", "div-paragraphs", "blockquote"],
)
def test_inline_parts_of_a_block_join_without_a_space_before_punctuation(block: str) -> None:
    html = _page("<title>Headline - Example</title>", f"<h1>Headline</h1>{block}", "en")
    body = _extract(html, _NO_URL["en"])["body"]
    assert re.findall(r"\w [,.;”]", body) == []
    assert "the port, who asked for changes; really." in body or "Jane Doe." in body


def test_teasers_under_a_section_heading_are_no_story_of_short_paragraphs() -> None:
    teasers = "".join(
        f"<li><a href='/n/{i}'>Council backs the harbour plan after talks, part {i}</a> "
        "<em>The council agreed on a new plan for the harbour on Tuesday.</em></li>"
        for i in range(6)
    )
    html = _page(
        "<title>Local news - Example</title>", f"<h1>Local news</h1><ul>{teasers}</ul>", "en"
    )
    assert _extract(html, _NO_URL["en"])["status"] == "rejected"
