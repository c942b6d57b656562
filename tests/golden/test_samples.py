"""Every sample page in seeds/: what extraction must give (title, authors, dates, outcome)."""

import pytest

from pipelines.extract import extract_page
from pipelines.extract_json import extraction_json
from pipelines.ingest import read_file
from pipelines.landing_walk import discover
from tests.conftest import SEEDS


def _all() -> dict[tuple[str, int | None], dict]:
    out = {}
    for path in discover(SEEDS):
        for page in read_file(path, SEEDS):
            obj = extraction_json(extract_page(page))
            out[(obj["source_path"], obj["record"])] = obj
    return out


RESULTS = _all()

EXPECTED = [
    (
        "101_dnipro_herald_jsonld.html",
        None,
        "Dnipro opens first underground school shelter for 900 pupils",
        ["Olena Marchuk", "Taras Lytvyn"],
        "2024-12-20T09:30:00+02:00",
        "en",
    ),
    (
        "102_baltic_ledger_meta_only.html",
        None,
        "Riga port handles record grain volumes as rail routes shift",
        ["Marta Ozola"],
        "2024-12-19T16:45:00+02:00",
        "en",
    ),
    (
        "103_harbour_gazette_visible.html",
        None,
        "Ferry service to the islands resumes after storm repairs",
        ["Eilidh Campbell"],
        "2024-12-18T07:15:00+00:00",
        "en",  # no lang attribute: detected
    ),
    (
        "104_slobidskyi_visnyk_uk.html",
        None,
        "У Харкові відновили рух тролейбусів на Салтівці",
        ["Оксана Гриценко"],
        "2024-12-21T14:05:00+02:00",
        "uk",
    ),
    (
        "105_lviv_daily_sidebar.html",
        None,
        "Lviv volunteers assemble 10,000 winter kits for frontline towns",
        ["Andrii Kostiv"],
        "2024-12-22T06:40:00+02:00",
        "en",
    ),
    (
        "106_rheinblatt_de.html",
        None,
        "Köln: Neue Rheinbrücke für Radfahrer wird im Frühjahr eröffnet",
        ["Jana Becker", "Lukas Hoffmann"],
        "2024-12-17T10:12:00+01:00",
        "de",
    ),
    (
        "200_crawl_2024-12-21.jsonl",
        0,
        "Odesa grain corridor keeps ships moving despite drone attacks",
        ["Serhii Bondar"],
        "2024-12-21T17:05:00+02:00",
        "en",
    ),
    (
        "200_crawl_2024-12-21.jsonl",
        1,
        "Dnipro opens first underground school shelter for 900 pupils",
        ["Olena Marchuk", "Taras Lytvyn"],
        "2024-12-20T09:30:00+02:00",
        "en",
    ),
    (
        "300_crawl_2024-12-20.warc.gz",
        1,
        "Bridge over the Desna reopened to light traffic",
        ["Iryna Shevchuk"],
        "2024-12-19T13:10:00+02:00",
        "en",
    ),
    (
        "300_crawl_2024-12-20.warc.gz",
        3,
        "Poltava museum brings evacuated paintings back on display",
        ["Mykola Tkachenko"],
        "2024-12-20T09:00:00+02:00",
        "en",
    ),
]


@pytest.mark.parametrize(("path", "record", "title", "authors", "published", "language"), EXPECTED)
def test_sample_article(
    path: str,
    record: int | None,
    title: str,
    authors: list[str],
    published: str,
    language: str | None,
) -> None:
    obj = RESULTS[(path, record)]
    assert obj["status"] == "article"
    assert obj["title"] == title
    assert [a["name"] for a in obj["authors"]] == authors
    assert obj["published_at"] == published
    assert obj["language"] == language
    assert obj["word_count"] >= 80


@pytest.mark.parametrize(
    ("path", "reason"),
    [("900_empty.html", "empty"), ("901_not_found.html", "not_found")],
)
def test_bad_inputs_are_rejected_with_a_reason(path: str, reason: str) -> None:
    obj = RESULTS[(path, None)]
    assert obj["status"] == "rejected"
    assert obj["reject_reason"] == reason
    assert obj["reject_details"]


def test_every_seed_record_is_accounted_for() -> None:
    assert len(RESULTS) == 13


def test_furniture_stays_out_of_html_bodies() -> None:
    for obj in RESULTS.values():
        body = obj["body"] or ""
        for furniture in (
            "cookie",
            "Cookie",
            "newsletter",
            "Subscribe",
            "Share on",
            "©",
            "Most read",
        ):
            assert furniture not in body, (obj["source_path"], furniture)


def test_relative_sidebar_times_resolve_against_fetch_time() -> None:
    related = RESULTS[("105_lviv_daily_sidebar.html", None)]["related"]
    assert [(r["time_text"], r["published_at"]) for r in related] == [
        ("35 minutes ago", "2024-12-22T07:25:00+02:00"),
        ("2 hours ago", "2024-12-22T06:00:00+02:00"),
        ("Yesterday", None),  # no time shown: no moment to invent
    ]


def test_windows_1251_declared_in_http_header_decodes() -> None:
    obj = RESULTS[("300_crawl_2024-12-20.warc.gz", 1)]
    assert "Desna" in obj["body"]


def test_caption_and_credit_from_markup() -> None:
    obj = RESULTS[("101_dnipro_herald_jsonld.html", None)]
    assert (
        obj["image_caption"]
        == "Pupils walk down to the new classrooms on the first day of lessons."
    )
    assert obj["image_credit"] == "Photo: Iryna Savchenko"


def test_url_falls_back_to_canonical_as_given() -> None:
    obj = RESULTS[("101_dnipro_herald_jsonld.html", None)]
    given = "https://dniproherald.com.ua/city/underground-school-shelter-opens/"  # JSON-LD's
    assert obj["url"] == given  # as given: only article_id normalizes the URL
    assert obj["field_sources"]["url"] == "canonical"


def test_kicker_and_headline_spans_do_not_leave_a_space_before_the_colon() -> None:
    from pipelines.extract import extract_page as extract
    from pipelines.model import RawPage, page_id_of

    paragraphs = "".join(
        f"<p>Sentence {i} with words enough to make this page an article.</p>" for i in range(6)
    )
    for lang, expected in (("de", "Kenia: Nairobi von unten"), ("fr", "Kenia : Nairobi von unten")):
        html = f'<html lang="{lang}"><body><article><h1><span>Kenia</span> <span>: Nairobi von unten</span></h1>{paragraphs}</article></body></html>'
        data = html.encode()
        result = extract(RawPage(page_id_of(data), "k.html", None, data, "html", "html"))
        assert result.article is not None and result.article.title == expected


def test_undeclared_language_is_detected_and_says_so() -> None:
    obj = RESULTS[("103_harbour_gazette_visible.html", None)]
    assert (obj["language"], obj["field_sources"]["language"]) == ("en", "detected")
