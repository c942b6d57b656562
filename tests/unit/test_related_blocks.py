"""Related items by structure: lists, feeds, tables, card grids, inline teasers; not ads,
nav, tags, running text or in-JSON recirculation."""

import pytest
from selectolax.lexbor import LexborHTMLParser

from pipelines.parse.related_blocks import find_related
from pipelines.parse.related_links import _sponsored_class, is_headline, page_headings, site_of

URL = "https://www.riverside-courier.example.com/city/2024/05/01/story/"
STORY = "<p>" + "The council met on Tuesday to discuss the budget for next year. " * 8 + "</p>"


def found(body: str, url: str | None = URL) -> list[tuple[str | None, str, str | None, str | None]]:
    tree = LexborHTMLParser(
        f"<html><body><main><article><h1>Headline</h1>{body}</article></main></body></html>"
    )
    for node in tree.css("script"):
        node.decompose()
    result = find_related(tree.root, url)
    return [(r.section, r.title, r.url, r.time_text) for r in result.items]


def test_sidebar_feed_with_clock_times() -> None:
    html = (
        STORY + "<aside><section><h2>Latest news</h2><ul>"
        '<li><span class="t">4:05 AM</span> <a href="/a/one/">Crews reopen the bridge after overnight repairs</a></li>'
        '<li><span class="t">11:58 PM</span> <a href="/a/two/">School board delays vote on later start times</a></li>'
        "</ul></section></aside>"
    )
    assert found(html) == [
        ("Latest news", "Crews reopen the bridge after overnight repairs", "/a/one/", "4:05 AM"),
        ("Latest news", "School board delays vote on later start times", "/a/two/", "11:58 PM"),
    ]


@pytest.mark.parametrize(
    ("box", "section"),
    [
        # a note between the heading and its list explains the list; the heading names it
        (
            '<h3>Latest news</h3><div><p class="note">All times Arizona (MST)</p>{list}</div>',
            "Latest news",
        ),
        # without a heading over the box, the short line before the list is its name
        ('<div><p class="note">Latest news</p>{list}</div>', "Latest news"),
        # a box holding more than the note and the list: the line just before the list
        (
            '<h3>Elsewhere</h3><div><p>Intro</p><p class="note">Most read</p>{list}</div>',
            "Most read",
        ),
    ],
)
def test_a_note_over_a_list_does_not_name_it(box: str, section: str) -> None:
    items = (
        '<ul><li><span class="t">9:58 a.m.</span> <a href="/a/one/">Crash closes eastbound lanes at Priest Drive</a></li>'
        '<li><span class="t">9:31 a.m.</span> <a href="/a/two/">Airport expects record spring break crowds</a></li></ul>'
    )
    html = STORY + "<aside>" + box.format(list=items) + "</aside>"
    assert {s for s, *_ in found(html)} == {section}


def test_table_rows_under_a_bold_heading() -> None:
    html = (
        STORY + "<hr><font><b>Other local headlines</b></font><table>"
        '<tr><td>11/05/2023 7:15 AM</td><td><a href="story.asp?id=1">Sheriff warns of a new phone scam in town</a></td></tr>'
        '<tr><td>11/03/2023</td><td><a href="story.asp?id=2">Library expands its Sunday opening hours</a></td></tr>'
        "</table>"
    )
    assert [(s, u, t) for s, _, u, t in found(html)] == [
        ("Other local headlines", "story.asp?id=1", "11/05/2023 7:15 AM"),
        ("Other local headlines", "story.asp?id=2", "11/03/2023"),
    ]


def test_card_grid_with_time_elements_and_heading_inside_link() -> None:
    html = (
        STORY
        + "<section>"
        + "".join(
            f'<article class="card"><a href="/c/{i}"><h3>Card headline number {i} about the city</h3></a>'
            f"<time>{i} hours ago</time></article>"
            for i in (1, 2, 3)
        )
        + "</section>"
    )
    assert [(t, s) for _, t, _, s in found(html)] == [
        ("Card headline number 1 about the city", "1 hours ago"),
        ("Card headline number 2 about the city", "2 hours ago"),
        ("Card headline number 3 about the city", "3 hours ago"),
    ]


def test_inline_teasers_in_many_languages() -> None:
    html = (
        STORY
        + '<div class="x"><strong>RELATED:</strong> <a href="/r/1/">Residents say the ferry is their commute</a></div>'
        + STORY
        + '<p><strong>Leggi anche:</strong> <a href="/r/2/">Ponte chiuso di notte per tre settimane</a>'
        " <span>(28/09/2023 12:10)</span></p>"
        + '<div><span>Читайте також:</span> <a href="/r/3/">У місті відновили рух тролейбусів</a>'
        " <time>21 грудня, 18:40</time></div>"
        + STORY
        + '<aside><span>Lesen Sie auch</span> <a href="/r/4/">Neue Regeln für Fiaker ab Herbst</a></aside>'
    )
    assert found(html) == [
        ("RELATED", "Residents say the ferry is their commute", "/r/1/", None),
        ("Leggi anche", "Ponte chiuso di notte per tre settimane", "/r/2/", "28/09/2023 12:10"),
        ("Читайте також", "У місті відновили рух тролейбусів", "/r/3/", "21 грудня, 18:40"),
        ("Lesen Sie auch", "Neue Regeln für Fiaker ab Herbst", "/r/4/", None),
    ]


def test_not_related_ads_nav_tags_running_text_and_json() -> None:
    html = (
        '<nav><ul><li><a href="/news/">News</a></li><li><a href="/a/x/">A long navigation entry about the city</a></li>'
        '<li><a href="/a/y/">Another long navigation entry about sport</a></li></ul></nav>'
        "<p>The mayor said, as <a href='/a/1/'>the council voted on the new budget</a> and "
        "<a href='/a/2/'>residents protested outside the hall</a>, that the plan would pass. "
        * 3
        + "</p>"
        '<section class="sponsored-widget"><h3>Sponsored Stories</h3><ul>'
        '<li><a href="/p/1">These homeowners slashed their bills with one upgrade</a></li>'
        '<li><a href="/p/2">Seniors are switching to this surprising new plan</a></li></ul></section>'
        "<section><h3>Te puede interesar</h3><ul>"
        '<li><a href="https://ads.example/c/0">Los madrileños reciben esta ayuda del gobierno</a> <small>Patrocinado</small></li>'
        '<li><a href="https://ads.example/c/1" rel="sponsored">Así es el nuevo SUV que arrasa en ventas</a></li></ul></section>'
        '<div class="tags">Topics: <a href="/t/a" rel="tag">Weather</a> <a href="/t/b">Flooding</a></div>'
        '<script id="__NEXT_DATA__">{"recirc": [{"title": "A story in JSON only, not on the page"}]}</script>'
        "<footer><ul><li><a href='/about/'>About our newsroom and its standards</a></li>"
        "<li><a href='/jobs/'>Work with us in the newsroom today</a></li></ul></footer>"
    )
    assert found(html) == []


def test_single_list_item_under_a_heading_and_site_from_links() -> None:
    html = (
        STORY + '<section><h3>Most read</h3><ol><li><a href="https://riverside.example.org/s/1">'
        "Hundreds turn out for the sunrise swim</a> <span>Yesterday</span></li></ol></section>"
        '<p><a href="https://riverside.example.org/x">x</a></p>'
    )
    assert found(html, url=None) == [
        (
            "Most read",
            "Hundreds turn out for the sunrise swim",
            "https://riverside.example.org/s/1",
            "Yesterday",
        )
    ]


def test_helpers() -> None:
    assert site_of("www.news.example.co.uk") == "example.co.uk"
    assert site_of("amp.site.com") == "site.com"
    assert is_headline("大阪港、冷凍コンテナ専用の新倉庫が完成")
    assert not is_headline("Local news")


def test_one_short_item_in_a_list_under_a_heading_naming_stories() -> None:
    """A heading that names a list of stories lets a link alone in its list item count with a
    short title, one item or many, in an <aside>, a complementary region or anywhere."""
    cases = [
        (
            '<aside class="related"><h3>Related</h3><ul><li><a href="/x">Another story</a> '
            '<time datetime="2024-05-01T09:00">9:00</time></li></ul></aside>',
            [("Related", "Another story", "/x", "9:00")],
        ),
        (
            '<div role="complementary"><div class="hd"><h2>Most read</h2></div><ol>'
            '<li><a href="/m/1">Budget passes</a></li><li><a href="/m/2">Ferry returns</a></li>'
            "</ol></div>",
            [
                ("Most read", "Budget passes", "/m/1", None),
                ("Most read", "Ferry returns", "/m/2", None),
            ],
        ),
        (
            '<section><h4>Lesen Sie auch:</h4><ul><li><a href="/d/1">Neue Brücke</a></li></ul></section>',
            [("Lesen Sie auch:", "Neue Brücke", "/d/1", None)],
        ),
        (
            '<aside><h3>Схожі новини</h3><ul><li><a href="/u/1">Ремонт мосту</a></li></ul></aside>',
            [("Схожі новини", "Ремонт мосту", "/u/1", None)],
        ),
    ]
    for body, expected in cases:
        assert found(STORY + body) == expected, body


def test_short_links_that_stay_out_of_related() -> None:
    """Near misses: short links under any other heading (tags, follow us, comments), beside
    another link in their item, to another host of the site, or in nav and sponsored asides."""
    cases = [
        '<aside><h3>Tags</h3><ul><li><a href="/t/1">Middle East</a></li></ul></aside>',
        '<aside><h3>Topics</h3><ul><li><a href="/t/1">City council</a></li>'
        '<li><a href="/t/2">Local elections</a></li></ul></aside>',
        '<aside><h3>Follow us</h3><ul><li><a href="/fb">Our Facebook</a></li></ul></aside>',
        '<section><h3>Comments</h3><ul><li><a href="/u/ann">Ann Lee</a> great piece</li></ul></section>',
        '<aside><h3>Related</h3><ul><li><a href="/r/1">Read more</a></li></ul></aside>',
        '<aside><h3>Related</h3><ul><li><a href="/r/1">Another story</a> '
        '<a href="/r/1#c">Comments open</a></li></ul></aside>',
        '<aside><h3>More from the Courier</h3><ul><li><a href="https://shop.riverside-courier'
        '.example.com/">Courier shop</a></li></ul></aside>',
        '<aside class="sponsored"><h3>Related</h3><ul><li><a href="/p/1">Cheap flights</a></li></ul></aside>',
        '<aside><h3>Sponsored</h3><ul><li><a href="/p/1">Cheap flights deals now</a></li></ul></aside>',
        '<nav><h3>Related</h3><ul><li><a href="/n/1">World news</a></li></ul></nav>',
        '<aside><h3>Related</h3><ul></ul><div><h4>Tags</h4><ul><li><a href="/t/1">Middle East</a>'
        "</li></ul></div></aside>",
        '<aside><h3>Related</h3><p>See <a href="/r/2">another story</a> for more.</p></aside>',
    ]
    for body in cases:
        assert found(STORY + body) == [], body


LIST = (
    '<ul><li><a href="/l/1">Crews reopen the bridge after overnight repairs</a></li>'
    '<li><a href="/l/2">School board delays vote on later start times</a></li></ul>'
)


def test_the_text_just_before_a_list_names_it_only_when_short() -> None:
    """A short line before a list names it, however much whitespace the markup wraps it in;
    a long text before it (the story, a column) names nothing."""
    padded = "<div>\n" + " " * 600 + "<span>Around the county</span>\n" + " " * 600 + "</div>"
    assert [s for s, *_ in found(STORY + padded + LIST)] == ["Around the county"] * 2
    one_word_then_space = "<div>Around" + " " * 600 + "the county</div>"
    assert [s for s, *_ in found(STORY + one_word_then_space + LIST)] == ["Around the county"] * 2
    column = "<div>" + "The council met on Tuesday to discuss the budget. " * 20 + "</div>"
    assert [s for s, *_ in found(STORY + column + LIST)] == [None, None]


def test_links_under_chrome_navigation_buttons_and_sponsored_blocks_stay_out() -> None:
    """Any ancestor counts, however far up: page chrome, a navigation role, a button, or a
    class or id that says sponsored."""
    for wrap in (
        "<header><div>{}</div></header>",
        "<form><div><section>{}</section></div></form>",
        '<div role="navigation"><div>{}</div></div>',
        "<div><button>{}</button></div>",
        '<div class="promo-rail"><section><div>{}</div></section></div>',
        '<div id="partner_box"><section>{}</section></div>',
    ):
        assert found(STORY + wrap.format(LIST)) == [], wrap
    assert len(found(STORY + "<div><section><div>" + LIST + "</div></section></div>")) == 2


def test_cards_whose_title_is_a_heading_around_the_link() -> None:
    """'<article><h3><a>Title</a></h3><div>stamp</div></article>' repeated (a theme's
    module block): the heading is each card's title, not a block heading that stops it."""
    card = (
        '<article class="post"><h3 class="post-title"><a href="{href}">{title}</a></h3>'
        '<div class="post-date">{stamp}</div></article>'
    )
    cards = [
        (
            "/cluj/accident-calea-floresti/",
            "Accident cu trei mașini pe Calea Florești",
            "acum 15 minute",
        ),
        ("/cluj/ora-de-vara-trenuri/", "Trenurile de noapte, întârziate de ora de vară", "04:05"),
        ("/cluj/incendiu-manastur/", "Incendiu într-un apartament din Mănăștur", "02:40"),
    ]
    html = (
        STORY
        + '<div class="sidebar"><div class="block-heading"><h3><span>Ultima oră</span></h3></div>'
        + '<div class="posts">'
        + "".join(card.format(href=h, title=t, stamp=s) for h, t, s in cards)
        + "</div></div>"
    )
    assert found(html) == [("Ultima oră", t, h, s) for h, t, s in cards]


def test_teaser_label_inside_its_link() -> None:
    html = (
        STORY
        + '<p class="leia"><a href="/lisboa/2024/06/28/elevador-gloria-obras/"><strong>LEIA TAMBÉM:</strong>'
        + " Elevador da Glória fecha para obras em setembro</a></p>"
        + STORY
    )
    assert found(html) == [
        (
            "LEIA TAMBÉM",
            "Elevador da Glória fecha para obras em setembro",
            "/lisboa/2024/06/28/elevador-gloria-obras/",
            None,
        )
    ]


def test_a_kicker_marked_by_its_class_inside_the_link_is_not_the_title() -> None:
    cards = (
        '<li><a href="/p/1/"><span class="kicker">Politics</span>Senate passes the harbour bill</a></li>'
        '<li><a href="/p/2/"><div class="card__eyebrow">Fußball - Bundesliga</div>'
        "<h3>Sturm: Neuer Trainer für die nächste Saison</h3></a></li>"
        '<li><a href="/p/3/"><span class="post-category">Insights</span> '
        "<span>How we rebuilt the ferry timetable</span></a></li>"
        # not a kicker: a plain span, or a label of more than four words
        '<li><a href="/p/4/"><b>Breaking</b> Bridge reopens after overnight repairs</a></li>'
        '<li><a href="/p/5/"><span class="kicker">A label that runs far too long</span>'
        "Council delays the vote on the budget</a></li>"
    )
    html = STORY + f"<aside><h2>More in Politics</h2><ul>{cards}</ul></aside>"
    titles = [title for _, title, _, _ in found(html)]
    assert titles[:4] == [
        "Senate passes the harbour bill",
        "Sturm: Neuer Trainer für die nächste Saison",
        "How we rebuilt the ferry timetable",
        "Breaking Bridge reopens after overnight repairs",
    ]
    assert len(titles) == 5 and titles[4].startswith("A label that runs far too long")


@pytest.mark.parametrize(
    ("words", "marked"),
    [
        ("Ad-Slot", True),
        ("PARTNERS_box", True),
        ("teaser promo", True),
        ("ſponsored", True),  # the long s reads as 's' case-blind: searched with the flag
        ("header shadow", False),
        ("loaded", False),
    ],
)
def test_sponsored_class_words_are_read_case_blind(words: str, marked: bool) -> None:
    assert _sponsored_class(words) is marked


@pytest.mark.parametrize(
    ("body", "listed", "headed"),
    [
        ("<div><h2>Related</h2><ul><li><a href='/a'>One</a></li></ul></div>", ["/a"], {"div": 1}),
        ("<section><h2>Weather</h2><h3>Tags</h3><p>x</p></section>", [], {"section": 2}),
        (
            "<div><div><h3>Most read</h3></div><ul><li><a href='/b'>B</a></li></ul></div>",
            ["/b"],
            {"div": 1},
        ),
        ("<p>No heading <a href='/c'>here</a></p>", [], {}),
    ],
)
def testpage_headings(body: str, listed: list[str], headed: dict[str, int]) -> None:
    """The links under a heading naming a list of stories; the heading children per element."""
    tree = LexborHTMLParser(f"<html><body>{body}</body></html>")
    links, counts = page_headings(tree.body)
    by_id = {node.mem_id: node for node in tree.body.traverse()}
    assert [by_id[i].attributes["href"] for i in links] == listed
    assert {by_id[i].tag: n for i, n in counts.items()} == headed


def test_a_card_link_of_parts_is_titled_by_its_headline_part() -> None:
    # an image, a kicker marked by its class, the headline and a date, each a block of its
    # own inside one link: the date is the item's time, the kicker neither title nor label
    teaser = (
        '<aside class="read-also"><span class="label">Read also</span>'
        '<a class="card" href="/p/7/"><img src="/i.jpg" alt=""><span class="card-kicker">Traffic</span>'
        '<span class="card-title">New car park approved behind the station</span>'
        '<span class="card-date">2 November 2024</span></a></aside>'
    )
    assert found(STORY + teaser + STORY) == [
        ("Read also", "New car park approved behind the station", "/p/7/", "2 November 2024")
    ]


def test_a_date_or_rank_number_in_its_own_element_inside_the_link_is_not_the_title() -> None:
    items = (
        '<li><a href="/p/1/"><span class="d">04/11/2024</span> '
        "<span>Copper cables stolen from the street lights</span></a></li>"
        # a rank glued to the title shows as a block of its own; in an element beside one
        '<li><a href="/p/2/"><span class="n">2</span><span>Bus timetable changes for the winter</span></a></li>'
        '<li><a href="/p/3/"><span>3</span> <span>Rents rise again across the city centre</span></a></li>'
        # a number the title's own words go on from is the title's
        '<li><a href="/p/4/"><b>5</b> things to know about the new bridge</a></li>'
    )
    html = STORY + f"<aside><h2>Most read</h2><ul>{items}</ul></aside>"
    assert [(title, stamp) for _, title, _, stamp in found(html)] == [
        ("Copper cables stolen from the street lights", "04/11/2024"),
        ("Bus timetable changes for the winter", None),
        ("Rents rise again across the city centre", None),
        ("5 things to know about the new bridge", None),
    ]


def test_a_teaser_label_in_the_element_before_a_card_article_labels_it() -> None:
    card = (
        '<aside class="also"><p class="also-head">Read also</p><article class="card">'
        '<figure><a href="/p/8/"><img src="/i.jpg" alt=""></a></figure>'
        '<h2><a href="/p/8/">Port tenders the northern terminal extension</a></h2></article></aside>'
    )
    assert found(STORY + card + STORY) == [
        ("Read also", "Port tenders the northern terminal extension", "/p/8/", None)
    ]
    # any other line before a lone card names no teaser
    other = card.replace("Read also", "Our partners")
    assert found(STORY + other + STORY) == []


def test_links_in_a_footer_or_menu_named_by_its_id_or_class_are_no_stories() -> None:
    links = (
        '<a href="/info/3.html">Subscribe to the printed paper today</a> | '
        '<a href="/info/5.html">Our privacy policy and your data rights</a> | '
        '<a href="/info/9.html">Using our articles and photographs</a>'
    )
    for wrapper in ('<div id="footer"><p>{}</p></div>', '<div class="wrap nav"><p>{}</p></div>'):
        assert found(STORY + wrapper.format(links)) == []
    # a class word inside a longer token ('article-footer') marks no landmark
    kept = found(STORY + f'<div class="article-footer"><p>{links}</p></div>')
    assert [title for _, title, _, _ in kept] == [
        "Subscribe to the printed paper today",
        "Our privacy policy and your data rights",
        "Using our articles and photographs",
    ]


@pytest.mark.parametrize(
    ("text", "call"),
    [
        ("Zobacz galerię (14 zdjęć)", True),
        ("View gallery (12 photos)", True),
        ("Zur Bildergalerie", True),
        ("Guarda la fotogallery", True),
        ("Смотреть фото", True),
        ("See the photos: storm damage across the region", False),  # a headline goes on
        ("Gallery owners fear the new rents in the old town", False),
    ],
)
def test_a_call_to_open_a_gallery_is_no_story(text: str, call: bool) -> None:
    teaser = (
        '<p>Read also: <a href="/news/2024/11/03/other-story/">Ferry link resumes after the storm</a></p>'
        f'<div class="g"><a href="/gallery/g1"><img src="/g1.jpg" alt=""><span>{text}</span></a></div>'
    )
    titles = [title for _, title, _, _ in found(STORY + teaser + STORY)]
    assert (text in titles) is not call


@pytest.mark.parametrize(
    ("text", "offer"),
    [
        ("Read every article for a month: 4 weeks for $1", True),
        ("Alle Artikel lesen – 4 Wochen für 0,99 €", True),
        ("Abonnez-vous : 2 mois pour 1 €", True),
        ("Man jailed for 6 months for the theft of 500 euros", False),  # no price after 'for'
        ("Streaming service raises its price to $15.49 a month", False),
        # a headline goes on past its figure: the offer closes its link
        ("Accountant jailed for 18 months for £250,000 fraud", False),
        ("Drug dealer jailed 6 months for $5 deal near school", False),
        ("Rail season ticket: 12 months for £4,500 from January", False),
        ("Try 3 months for $1/month", True),
    ],
)
def test_a_subscription_trial_offer_is_no_story(text: str, offer: bool) -> None:
    box = (
        '<section class="picks"><h2>Editor picks</h2>'
        '<div><a href="/news/one/"><h3>Ferry link resumes after the storm</h3></a></div>'
        '<div><a href="/news/two/"><h3>School board delays the vote on start times</h3></a></div>'
        f'<a class="cta" href="/news/three/">{text}</a></section>'
    )
    titles = [title for _, title, _, _ in found(STORY + box)]
    assert titles[:2] == [
        "Ferry link resumes after the storm",
        "School board delays the vote on start times",
    ]
    assert (text in titles) is not offer


def test_a_lone_long_name_in_a_menu_of_short_links_is_no_story() -> None:
    names = "".join(
        f'<li><a href="/area/{i}/">{n}</a></li>'
        for i, n in enumerate("North South East West".split())
    )
    menu = (
        f"<div><p>Areas</p><ul>{names}"
        '<li><a href="/area/9/">Harbour and the old town quarter</a></li></ul></div>'
    )
    assert found(STORY + menu) == []
    # alone in its list under a heading, the same link is an item
    alone = '<div><p>Areas</p><ul><li><a href="/area/9/">Harbour and the old town quarter</a></li></ul></div>'
    assert [title for _, title, _, _ in found(STORY + alone)] == [
        "Harbour and the old town quarter"
    ]
    # sponsored stories beside it are headlines, not a menu's short names
    sponsored = "".join(
        f'<li class="sponsored"><a href="https://ads.example.net/{i}">Ten tricks to cut your '
        f"energy bill this winter, part {i}</a></li>"
        for i in range(3)
    )
    related = (
        "<div><h2>Related stories</h2><ul><li><a href='/news/4/'>Bakery to close after 40 years "
        f"on the High Street</a></li>{sponsored}</ul></div>"
    )
    assert "Bakery to close after 40 years on the High Street" in [
        title for _, title, _, _ in found(STORY + related)
    ]
