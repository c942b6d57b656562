"""Plain-text dumps: layout rules, each on a small string."""

from pipelines.parse.text_dump import parse_text_dump

BODY = "\n\n".join(f"Body paragraph {i} with enough words in it." for i in range(3))


def test_byline_line_is_split_into_byline_date_and_read_time() -> None:
    text = f"Skip to content\n\nHeadline here\n\nby Anna Fox March 3, 2024 9:05 AM 4 min read\n\n{BODY}"
    fields = parse_text_dump(text)
    assert fields.title == "Headline here"
    assert fields.byline == "by Anna Fox"  # "by" is stripped by normalize_authors
    assert fields.published_text == "March 3, 2024 9:05 AM"
    assert fields.read_time_text == "4 min read"


def test_caption_with_credit_follows_the_byline() -> None:
    text = (
        "Headline\n\nby Desk March 3, 2024\n"
        "A long caption describing the photo above the story in detail. (Jane Roe/Reuters)\n\n"
        + BODY
    )
    fields = parse_text_dump(text)
    assert fields.image_caption == "A long caption describing the photo above the story in detail."
    assert fields.image_credit == "Jane Roe/Reuters"
    assert fields.paragraphs[0] == "Body paragraph 0 with enough words in it."


def test_teaser_and_feed_end_the_body() -> None:
    text = (
        f"Headline\n\nby Desk March 3, 2024\n\n{BODY}\n\n"
        "Jane Roe: Why it matters\nA teaser snippet that stops mid-sentence…\n\n"
        "News Feed\n\n7:00 AM\n\nFirst item.\n\nIts summary.\n6:30 AM\n\nSecond item.\n\nMORE NEWS\n\nNot an item."
    )
    fields = parse_text_dump(text)
    assert fields.paragraphs[-1] == "Body paragraph 2 with enough words in it."
    assert [(r.section, r.title, r.summary, r.time_text, r.author) for r in fields.related] == [
        (
            "Opinion",
            "Why it matters",
            "A teaser snippet that stops mid-sentence…",
            None,
            "Jane Roe",
        ),
        ("News Feed", "First item.", "Its summary.", "7:00 AM", None),
        ("News Feed", "Second item.", None, "6:30 AM", None),
    ]


def test_furniture_lines_are_dropped() -> None:
    text = f"Skip to content\nEdit post\n\nHeadline\n\nby Desk March 3, 2024\nSubscribe\n\n{BODY}\n\n* indicates required"
    fields = parse_text_dump(text)
    assert fields.title == "Headline"
    assert "Subscribe" not in fields.paragraphs
    assert all("indicates" not in p for p in fields.paragraphs)


def test_dump_without_byline_takes_first_line_as_title() -> None:
    fields = parse_text_dump(f"Just a headline\n\n{BODY}")
    assert fields.title == "Just a headline"
    assert fields.byline is None
    assert len(fields.paragraphs) == 3


def test_credit_and_sign_off_lines_are_not_body() -> None:
    """A photo's credit line and the editors' sign-off under the story, in two languages."""
    text = (
        "Headline\n\nby Desk March 3, 2024\n\n"
        f"{BODY}\n\nFoto: Anna Fuchs / Stadtblatt\n\n"
        "(Reporting by Anna Fox; Editing by Jan Roe)\n\n责任编辑：赵敏"
    )
    fields = parse_text_dump(text)
    assert fields.paragraphs == [f"Body paragraph {i} with enough words in it." for i in range(3)]
