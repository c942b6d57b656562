"""The page this project started from must come out exactly so."""

from pathlib import Path

import pytest

from pipelines.extract import extract_page
from pipelines.extract_json import extraction_json
from pipelines.ingest import read_file
from tests.conftest import SEED_PAGE

BODY_START = "Russian President Vladimir Putin has been reportedly signaling"
BODY_END = "good-faith peace negotiations."
FURNITURE = [
    "Skip to content",
    "Edit post",
    "This audio is created with AI assistance",
    "Subscribe",
    "* indicates required",
    "News Feed",
    "MORE NEWS",
    "Editors' Picks",
    "Enter your email",
    "Thank you for signing up",
    "Contributor/Getty Images",
    "Khrebet",
]


@pytest.fixture(scope="module")
def seed() -> dict:
    [page] = list(read_file(SEED_PAGE, SEED_PAGE.parent))
    return extraction_json(extract_page(page))


def test_record(seed: dict) -> None:
    assert seed["status"] == "article"
    assert seed["reject_reason"] is None
    assert seed["source_path"] == "000_9a9297568ba89d2f.txt"
    assert seed["record"] is None
    assert seed["fetched_at"] == "2024-12-22T08:00:00+02:00"
    assert (
        seed["url"]
        == "https://kyivindependent.com/nyt-putin-open-to-ceasefire-if-russia-keeps-occupied-territories/"  # as the sidecar gives it
    )
    assert seed["outlet"] == "The Kyiv Independent"
    assert seed["language"] == "en"


def test_headline_byline_and_dates(seed: dict) -> None:
    assert seed["title"] == "NYT: Putin open to ceasefire if Russia keeps occupied territories"
    assert seed["authors"] == [{"name": "The Kyiv Independent news desk", "kind": "desk"}]
    assert seed["published_at"] == "2023-12-23T17:40:00+02:00"
    assert seed["updated_at"] is None
    assert seed["read_time_min"] == 2


def test_image(seed: dict) -> None:
    assert seed["image_caption"].startswith("Russian President Vladimir Putin (C) leaves the hall")
    assert seed["image_caption"].endswith("run for president again in the 2024 election.")
    assert seed["image_credit"] == "Contributor/Getty Images"


def test_body_is_the_article_and_nothing_else(seed: dict) -> None:
    body = seed["body"]
    assert body.startswith(BODY_START)
    assert body.endswith(BODY_END)
    raw = SEED_PAGE.read_text(encoding="utf-8")
    span = raw[raw.index(BODY_START) : raw.index(BODY_END) + len(BODY_END)]
    expected = [" ".join(p.split()) for p in span.split("\n\n")]
    assert body.split("\n\n") == expected
    assert len(expected) == 14
    for furniture in FURNITURE:
        assert furniture not in body
    assert seed["word_count"] == sum(len(p.split()) for p in expected) == 392  # as wc -w counts


def test_related_items(seed: dict) -> None:
    rows = [
        (r["position"], r["section"], r["title"], r["time_text"], r["published_at"], r["author"])
        for r in seed["related"]
    ]
    assert rows == [
        (
            1,
            "Opinion",
            "Don’t write off Ukrainians living under Russian occupation",
            None,
            None,
            "Alexander Khrebet",
        ),
        (
            2,
            "News Feed",
            "Media identifies nearly 85,000 Russian soldiers killed in Ukraine.",
            "5:15 AM",
            "2024-12-22T05:15:00+02:00",
            None,
        ),
        (
            3,
            "News Feed",
            "Zelensky meets with CIA director in Kyiv.",
            "11:17 PM",
            "2024-12-21T23:17:00+02:00",
            None,
        ),
        (
            4,
            "News Feed",
            "IMF approves $1.1 billion in funding for Ukraine.",
            "4:16 AM",
            "2024-12-21T04:16:00+02:00",
            None,
        ),
    ]
    teaser, media, zelensky, imf = seed["related"]
    assert teaser["summary"].startswith(
        "Standing at an intersection just outside Russian-occupied Donetsk"
    )
    assert teaser["summary"].endswith("The huge antenna tower I still remember standing…")
    assert media["summary"].startswith(
        "According to the outlets' conclusions for the year, 2024 will likely"
    )
    assert zelensky["summary"].startswith("President Volodymyr Zelensky said on Dec. 21")
    assert imf["summary"].endswith("over four years.")


def test_without_fetch_time_feed_times_stay_null_and_text_is_kept(tmp_path: Path) -> None:
    copy = tmp_path / "page.txt"
    copy.write_bytes(SEED_PAGE.read_bytes())
    [page] = list(read_file(copy, tmp_path))
    result = extraction_json(extract_page(page))
    feed = [r for r in result["related"] if r["section"] == "News Feed"]
    assert [(r["time_text"], r["published_at"]) for r in feed] == [
        ("5:15 AM", None),
        ("11:17 PM", None),
        ("4:16 AM", None),
    ]
