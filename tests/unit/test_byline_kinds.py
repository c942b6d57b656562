"""Authors on news templates of the kinds that vary between publishers, through
extract_page: bylines in several languages, names with roles, agency credits, JSON-LD
Person and Organization, rel=author links, meta author naming the site, <address>.

The expected names are what a reader sees as the writers; the outlets are made up. An
agency credited beside a writer is an author too (an organization), as the publishers'
own parsers give it."""

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
    "es": "El ayuntamiento aprobó el martes un nuevo plan para el puerto, "
    "tras meses de conversaciones con vecinos, comerciantes y la autoridad portuaria.",
    "fr": "Le conseil municipal a adopté mardi un nouveau plan pour le port, "
    "après des mois de discussions avec les habitants, les commerçants et le port.",
    "ja": "市議会は火曜日、住民や商店、港湾当局との数か月にわたる協議を経て、"
    "港の新しい計画を承認した。計画には防波堤の改修と新しい遊歩道が含まれる。",
    "it": "Il consiglio comunale ha approvato martedì un nuovo piano per il porto, "
    "dopo mesi di colloqui con residenti, commercianti e autorità portuale.",
}
SITE = "Riverton Herald"


def _meta(name: str, content: str, attr: str = "name") -> str:
    return f'<meta {attr}="{name}" content="{content}">'


def _ld(author: object) -> str:
    obj = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": "Council backs harbour plan",
        "author": author,
        "publisher": {"@type": "Organization", "name": SITE},
    }
    return f'<script type="application/ld+json">{json.dumps(obj)}</script>'


def _authors(head: str, byline: str, lang: str = "en") -> list[str]:
    story = "".join(f"<p>{_STORY[lang]} ({i})</p>" for i in range(6))
    html = (
        f'<html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>Council backs harbour plan | {SITE}</title>{head}</head><body>"
        f"<header><a href='/'>{SITE}</a></header><main><article>"
        f"<h1>Council backs harbour plan</h1>{byline}{story}</article></main>"
        f"<footer>© 2024 {SITE}</footer></body></html>"
    )
    page = html_page(html, url="https://rivertonherald.example/2024/harbour-plan")
    article = extract_page(page).article
    assert article is not None
    return [a.name for a in article.authors]


def _line(text: str) -> str:
    return f"<div class='byline'>{text}</div>"


# (kind, head, visible byline markup, language, expected names)
CASES: list[object] = [
    ("by-and", "", _line("By Anna Fox and John Doe"), "en", ["Anna Fox", "John Doe"]),
    ("von-und", "", _line("Von Anna Fuchs und Jan Müller"), "de", ["Anna Fuchs", "Jan Müller"]),
    ("por-y", "", _line("Por Ana Zorro y Juan Pérez"), "es", ["Ana Zorro", "Juan Pérez"]),
    ("par-et", "", _line("Par Jean Dupont et Marie Curie"), "fr", ["Jean Dupont", "Marie Curie"]),
    ("di-e", "", _line("di Mario Rossi e Luca Bianchi"), "it", ["Mario Rossi", "Luca Bianchi"]),
    (
        "list-und",
        "",
        _line("Anna Fuchs, Jan Müller und Eva Roth"),
        "de",
        ["Anna Fuchs", "Jan Müller", "Eva Roth"],
    ),
    ("name-comma-role", "", _line("Anna Fox, Reporter"), "en", ["Anna Fox"]),
    ("name-pipe-role", "", _line("Anna Fox | Staff Writer"), "en", ["Anna Fox"]),
    (
        "name-long-role",
        "",
        _line("By Anna Fox, Senior Political Correspondent"),
        "en",
        ["Anna Fox"],
    ),
    (
        "names-plural-role",
        "",
        _line("Anna Fox and John Doe | Staff Writers"),
        "en",
        ["Anna Fox", "John Doe"],
    ),
    ("text-label-de", "", _line("Text: Anna Fuchs"), "de", ["Anna Fuchs"]),
    ("credential", "", _line("By Anna Fox, PhD"), "en", ["Anna Fox"]),
    ("agency-alone-dpa", "", _line("dpa"), "de", ["dpa"]),
    ("agency-alone-by", "", _line("By Reuters"), "en", ["Reuters"]),
    ("person-and-agency", "", _line("Von Anna Fuchs, dpa"), "de", ["Anna Fuchs", "dpa"]),
    ("person-slash-agency", "", _line("Anna Fox/AFP"), "en", ["Anna Fox", "AFP"]),
    ("agency-and-person", "", _line("Reuters, Jan Müller"), "de", ["Reuters", "Jan Müller"]),
    (
        "jsonld-persons",
        _ld([{"@type": "Person", "name": "Anna Fox"}, {"@type": "Person", "name": "John Doe"}]),
        "",
        "en",
        ["Anna Fox", "John Doe"],
    ),
    (
        "jsonld-person-and-agency",
        _ld([{"@type": "Person", "name": "Anna Fox"}, {"@type": "Organization", "name": "AFP"}]),
        "",
        "en",
        ["Anna Fox", "AFP"],
    ),
    (
        "jsonld-outlet-org-writer-shown",
        _ld({"@type": "Organization", "name": SITE}),
        _line("By Anna Fox"),
        "en",
        ["Anna Fox"],
    ),
    ("jsonld-agency-org", _ld({"@type": "Organization", "name": "AFP"}), "", "en", ["AFP"]),
    (
        "rel-author-links",
        "",
        "<p class='meta'>By <a rel='author' href='/people/anna-fox'>Anna Fox</a> and "
        "<a rel='author' href='/people/john-doe'>John Doe</a></p>",
        "en",
        ["Anna Fox", "John Doe"],
    ),
    (
        "author-page-links",
        "",
        "<div class='meta'>Von <a href='/autor/anna-fuchs'>Anna Fuchs</a> und "
        "<a href='/autor/jan-mueller'>Jan Müller</a></div>",
        "de",
        ["Anna Fuchs", "Jan Müller"],
    ),
    ("meta-author-site-name", _meta("author", SITE), _line("By Anna Fox"), "en", ["Anna Fox"]),
    (
        "meta-author-two-names",
        _meta("author", "Anna Fox, John Doe"),
        "",
        "en",
        ["Anna Fox", "John Doe"],
    ),
    ("address-byline", "", "<address>By Anna Fox</address>", "en", ["Anna Fox"]),
    (
        "address-rel-author",
        "",
        "<address class='author'>By <a rel='author' href='/people/anna-fox'>Anna Fox</a></address>",
        "en",
        ["Anna Fox"],
    ),
    (
        "byline-with-date",
        "",
        _line("By Anna Fox · March 12, 2024, 4:05 pm"),
        "en",
        ["Anna Fox"],
    ),
]


# A second round, written after the first was fixed (14 of these 16 fail on main): link and
# button words, more credits and joiners, several name elements, a footer <address>.
CASES += [
    (
        "author-name-spans",
        "",
        "<div><span class='author-name'>Anna Fox</span> and "
        "<span class='author-name'>John Doe</span></div>",
        "en",
        ["Anna Fox", "John Doe"],
    ),
    ("handle-after-name", "", _line("By Anna Fox @annafox"), "en", ["Anna Fox"]),
    (
        "email-link-after-name",
        "",
        _line("By Anna Fox <a href='mailto:a@news.example'>Email</a>"),
        "en",
        ["Anna Fox"],
    ),
    ("follow-button", "", _line("Anna Fox <button>Follow</button>"), "en", ["Anna Fox"]),
    ("role-after-name-ja", "", _line("松岡大地 記者"), "ja", ["松岡大地"]),
    ("role-after-name-ko", "", _line("박준석 기자"), "en", ["박준석"]),
    ("photo-credit-beside", "", _line("Text: Anna Fuchs, Fotos: Jan Roe"), "de", ["Anna Fuchs"]),
    ("editing-credit", "", _line("Reporting by Anna Fox; Editing by John Doe"), "en", ["Anna Fox"]),
    ("and-others", "", _line("By Anna Fox, John Doe and others"), "en", ["Anna Fox", "John Doe"]),
    ("with-writer", "", _line("By Anna Fox with John Doe"), "en", ["Anna Fox", "John Doe"]),
    ("avec-agency", "", _line("Par Jean Dupont avec AFP"), "fr", ["Jean Dupont", "AFP"]),
    ("mit-agency", "", _line("Von Anna Fuchs mit dpa"), "de", ["Anna Fuchs", "dpa"]),
    ("pipe-agency", "", _line("Por Ana Zorro | EFE"), "es", ["Ana Zorro", "EFE"]),
    (
        "address-in-article-footer",
        "",
        "<footer><address>Anna Fox</address></footer>",
        "en",
        ["Anna Fox"],
    ),
    pytest.param(
        "dateline-after-name",
        "",
        _line("Von Anna Fuchs, Berlin"),
        "de",
        ["Anna Fuchs"],
        # a one-word credit after a writer may be a place or the outlet ('Jo Roe, t-online'),
        # and the publishers' truth keeps both ('A, B, Nairobi'): dropping the dateline cities
        # of outlets.toml cost fundus authors 0.934 -> 0.931, so the place stays
        marks=pytest.mark.xfail(strict=True, reason="a place after the name stays"),
    ),
    ("bullet-role", "", _line("By Anna Fox • Staff Writer"), "en", ["Anna Fox"]),
    ("middle-dot-role", "", _line("Anna Fox · Correspondent"), "en", ["Anna Fox"]),
    ("words-and-pictures", "", _line("Words and pictures by Anna Fox"), "en", ["Anna Fox"]),
    ("place-after-name", "", _line("By Anna Fox in Berlin"), "en", ["Anna Fox"]),
]

# A third round (all 7 fail on main): where the writer writes for, a place in brackets,
# review credits, a spaced slash between two credits.
CASES += [
    (
        "special-to",
        "",
        _line("By Anna Fox, Special to the Riverton Herald"),
        "en",
        ["Anna Fox"],
    ),
    (
        "two-for-the",
        "",
        _line("By Anna Fox And John Doe For The Riverton Herald"),
        "en",
        ["Anna Fox", "John Doe"],
    ),
    ("place-in-brackets", "", _line("Von Anna Fuchs (Berlin)"), "de", ["Anna Fuchs"]),
    ("reviewed-by", "", _line("By Anna Fox Reviewed by John Doe"), "en", ["Anna Fox"]),
    (
        "fact-checked-by",
        "",
        _line("Written by Anna Fox | Fact checked by John Doe"),
        "en",
        ["Anna Fox"],
    ),
    ("spaced-slash", "", _line("Anna Fox / John Doe"), "en", ["Anna Fox", "John Doe"]),
    ("lower-in-not-a-name", "", _line("Von Anna Fuchs in Hamburg"), "de", ["Anna Fuchs"]),
]


def _kind(case: object) -> str:
    return str(case.values[0] if hasattr(case, "values") else case[0])  # type: ignore[index]


@pytest.mark.parametrize(
    ("kind", "head", "byline", "lang", "expected"), CASES, ids=[_kind(c) for c in CASES]
)
def test_byline_kind(kind: str, head: str, byline: str, lang: str, expected: list[str]) -> None:
    assert _authors(head, byline, lang) == expected
