"""Plain-text dumps: layout rules, each on a small string."""

import pytest

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


NAV = "\n".join(f"Section {i}" for i in range(30))  # a long menu, one item a line


def test_consent_dialog_is_no_headline_and_the_byline_is_found_below_a_long_menu() -> None:
    """A consent dialog's block above the story is chrome; 'By NAME' under thirty menu lines
    is the byline; the headline is above the standfirst, past the buttons and the kicker."""
    text = (
        "We value your privacy\n"
        "We and our partners store cookies on a device and process personal data. You may "
        "consent to this processing or refuse consenting before you continue to the site.\n"
        "MORE OPTIONS\nAGREE\n\n"
        f"{NAV}\n\nNews > Local\n\n"
        "Council approves new cycle lanes for the city centre\n\n"
        "The scheme will add four miles of protected lanes and remove a hundred parking spaces "
        "from the streets around the market\n\n"
        "Share\nComments\n\nNews\nBy Anna Fox\nSenior Reporter\n14:32, 3 Nov 2024\n"
        f"Updated 17:48, 3 Nov 2024\n\n{BODY}"
    )
    fields = parse_text_dump(text)
    assert fields.title == "Council approves new cycle lanes for the city centre"
    assert fields.byline == "By Anna Fox"
    assert fields.published_text == "14:32, 3 Nov 2024"
    assert fields.updated_text == "17:48, 3 Nov 2024"
    assert fields.paragraphs == [f"Body paragraph {i} with enough words in it." for i in range(3)]


@pytest.mark.parametrize(
    ("top", "title"),
    [
        # a headline of two words under the site's tagline is still the headline
        ("Nachrichten aus aller Welt und der Region\n\nMerz gewählt", "Merz gewählt"),
        # a long headline under the tagline is no standfirst (a standfirst runs longer)
        (
            "News from across the North East since 1870\n\n"
            "Council approves controversial plan for 2,000 new homes on green belt land near Darlington",
            "Council approves controversial plan for 2,000 new homes on green belt land near Darlington",
        ),
        # a headline about cookies is no consent dialog: nothing else stands over the byline
        (
            "Google fined over cookie consent banners\nRegulator says refusing cookies must be easy",
            "Regulator says refusing cookies must be easy",
        ),
    ],
)
def test_the_headline_over_the_byline(top: str, title: str) -> None:
    fields = parse_text_dump(f"{top}\n\nBy Anna Fox\n3 Nov 2024\n\n{BODY}")
    assert fields.title == title
    assert fields.paragraphs == [f"Body paragraph {i} with enough words in it." for i in range(3)]


def test_a_breadcrumb_above_the_headline_is_no_headline() -> None:
    """The headline is long enough to be taken for a standfirst; the breadcrumb above it,
    shorter, is still no headline."""
    headline = "Light rail opening pushed back again after engineers find faults in the new track"
    text = f"News > Sydney > Transport\n\n{headline}\n\nBy Anna Fox\nOctober 6, 2024\n\n{BODY}"
    assert parse_text_dump(text).title == headline


def test_teaser_blocks_in_the_story_and_lists_after_it() -> None:
    """'Read More / Related Articles / TITLE / stamp' in the story flow is a teaser and the
    story goes on; 'Most Read' (numbered) and 'Top Stories' after it are lists; the footer
    under no heading holds no items, and neither does a sign-up form under a heading."""
    text = (
        "Headline\n\nBy Desk\n3 Nov 2024\n\nBody paragraph 0 with enough words in it.\n\n"
        "Read More\nRelated Articles\nFireworks warning as bonfire weekend brings more calls\n"
        "16:20, 1 Nov 2024\n\nBody paragraph 1 with enough words in it.\n\n"
        "Most Read\n1\nBus station toilets to close for six weeks\n2\nMan arrested after car crash\n\n"
        "Top Stories\nPlans for new homes on former colliery land approved\n"
        "Library to open on Sundays from March\n\n"
        "Editors' Picks\n\nEnter your email to subscribe\nSubscribe\n\nMorning Briefing with Anna Fox\n\n"
        "Contact Us\nDo not sell or share my personal information"
    )
    fields = parse_text_dump(text)
    assert fields.paragraphs == [f"Body paragraph {i} with enough words in it." for i in range(2)]
    assert [(r.section, r.title, r.time_text) for r in fields.related] == [
        (
            "Related Articles",
            "Fireworks warning as bonfire weekend brings more calls",
            "16:20, 1 Nov 2024",
        ),
        ("Most Read", "Bus station toilets to close for six weeks", None),
        ("Most Read", "Man arrested after car crash", None),
        ("Top Stories", "Plans for new homes on former colliery land approved", None),
        ("Top Stories", "Library to open on Sundays from March", None),
    ]  # one title left under a heading (a sign-up form's newsletter name) is no list


def test_a_dump_without_blank_lines_keeps_its_story_beside_cookie_links() -> None:
    """One block: the footer's two cookie links make no consent dialog of the story."""
    paragraph = "The council approved the plan on Tuesday after a long debate. " * 3
    text = f"Headline here\nBy Anna Fox\n3 Nov 2024\n{paragraph}\nCookie Notice\nCookie Settings"
    fields = parse_text_dump(text)
    assert fields.title == "Headline here"
    assert fields.paragraphs[0] == paragraph.strip()
