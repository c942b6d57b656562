"""HTML extraction on small inline pages: one behaviour each."""

import json

import pytest
from selectolax.lexbor import LexborHTMLParser

from pipelines.normalize.date_rules import DateStamp
from pipelines.parse.byline import AUTHOR_LINK, may_close_on_name
from pipelines.parse.fields import PageFields
from pipelines.parse.html import parse_html


def _numbered(template: str, n: int, sep: str = "") -> str:
    """`template` n times, {i} its number in each, joined by `sep`."""
    return sep.join(template.format(i=i) for i in range(n))


def _paras(template: str, n: int) -> str:
    """n <p>s of `template` with {i} their number."""
    return _numbered(f"<p>{template}</p>", n)


PARAS = _paras(
    "Paragraph {i} tells the story in enough words to count as article text, with detail.", 4
)


def test_jsonld_graph_with_nested_authors() -> None:
    html = f"""<html><head><script type="application/ld+json">
    {{"@graph": [{{"@type": "WebSite", "name": "Site"}},
     {{"@type": ["NewsArticle"], "headline": "Headline from JSON-LD",
       "author": [{{"@type": "Person", "name": "Ann Lee"}}, {{"name": "Bo Chan"}}],
       "datePublished": "2024-05-01T10:00:00+02:00", "inLanguage": "en-GB",
       "publisher": {{"name": "The Site"}}}}]}}
    </script></head><body><article>{PARAS}</article></body></html>"""
    fields = parse_html(html)
    assert fields.title == "Headline from JSON-LD"
    assert fields.byline == ["Ann Lee", "Bo Chan"]
    assert fields.date_stamps[0] == DateStamp("2024-05-01T10:00:00+02:00", "jsonld")
    assert fields.language == "en-GB"
    assert fields.site_name == "The Site"
    assert fields.sources["title"] == "jsonld"


def test_broken_jsonld_is_skipped_not_fatal() -> None:
    html = f"""<html><head><script type="application/ld+json">{{"@type": "NewsArticle",</script>
    <meta property="og:title" content="Meta title"></head><body>{PARAS}</body></html>"""
    assert parse_html(html).title == "Meta title"


def test_meta_only_page() -> None:
    html = f"""<html lang="de"><head>
    <meta property="og:title" content="Nur Meta">
    <meta property="article:published_time" content="2024-05-01T10:00:00+02:00">
    <meta name="author" content="Jana Becker">
    <meta property="og:url" content="https://example.de/a"></head><body>{PARAS}</body></html>"""
    fields = parse_html(html)
    assert (fields.title, fields.byline, fields.canonical_url) == (
        "Nur Meta",
        "Jana Becker",
        "https://example.de/a",
    )
    assert fields.date_stamps[0] == DateStamp("2024-05-01T10:00:00+02:00", "meta")
    assert fields.language == "de"


def test_visible_h1_wins_when_it_agrees_with_the_seo_title() -> None:
    html = f"""<html><head><title>Big news today | Daily Site</title>
    <meta property="og:title" content="Big news today | Daily Site"></head>
    <body><article><h1>Big news today</h1>{PARAS}</article></body></html>"""
    fields = parse_html(html)
    assert fields.title == "Big news today"
    assert fields.sources["title"] == "visible"


def test_title_tag_suffix_is_stripped() -> None:
    html = f"<html><head><title>Storm closes port - Harbour Gazette</title></head><body>{PARAS}</body></html>"
    assert parse_html(html).title == "Storm closes port"


def _titled(meta: str, h1: str) -> PageFields:
    head = f'<meta property="og:title" content="{meta}">'
    return parse_html(
        f"<html><head>{head}</head><body><article><h1>{h1}</h1>{PARAS}</article></body></html>"
    )


@pytest.mark.parametrize(
    ("meta", "h1", "title", "source"),
    [
        # a kicker the h1 leaves out belongs to the headline
        ("Kenia: Nairobi von unten", "Nairobi von unten", "Kenia: Nairobi von unten", "meta"),
        # a site name after a dash is not a kicker: the visible h1
        (
            "Unermüdlicher Einsatz - Die Tageszeitung",
            "Unermüdlicher Einsatz",
            "Unermüdlicher Einsatz",
            "visible",
        ),
        # a sentence before a colon is not a kicker either
        (
            "We asked the mayor what she will do next: Storm closes port",
            "Storm closes port",
            "Storm closes port",
            "visible",
        ),
        # metadata that disagrees with the h1 keeps its dashes; a pipe still separates
        (
            "Vädjar efter attackerna – kritiskt",
            "Zelenskyj vädjar efter nya attackerna",
            "Vädjar efter attackerna – kritiskt",
            "meta",
        ),
        (
            "Bubi-Bomber wieder da | Sport",
            "Ganz andere Überschrift",
            "Bubi-Bomber wieder da",
            "meta",
        ),
    ],
)
def test_metadata_headline_against_the_visible_h1(
    meta: str, h1: str, title: str, source: str
) -> None:
    fields = _titled(meta, h1)
    assert (fields.title, fields.sources["title"]) == (title, source)


def test_boilerplate_is_not_body() -> None:
    html = f"""<html><body>
    <nav><p>Home News Sport and a long navigation sentence that should never be in a body.</p></nav>
    <div class="cookie-banner"><p>We use cookies to improve your experience on this website, accept them.</p></div>
    <article><h1>T</h1>{PARAS}
      <div class="newsletter-signup"><p>Enter your email to receive the morning briefing every day.</p></div>
    </article>
    <footer><p>Copyright notice and contact details of the newsroom for readers.</p></footer>
    <script>var x = "script text must not leak into the body";</script>
    </body></html>"""
    body = "\n".join(parse_html(html).paragraphs)
    assert "Paragraph 0" in body and "Paragraph 3" in body
    for furniture in ("navigation", "cookies", "morning briefing", "Copyright", "script text"):
        assert furniture not in body


def test_visible_byline_and_date_are_fields_not_body() -> None:
    html = f"""<html><body><div class="main"><h1>Ferry resumes</h1>
    <p class="byline">By Eilidh Campbell, Senior Reporter</p><p class="date">18 December 2024 at 07:15</p>
    {PARAS}</div></body></html>"""
    fields = parse_html(html)
    assert fields.byline == "By Eilidh Campbell, Senior Reporter"
    assert fields.published_text == "18 December 2024 at 07:15"
    assert not any("Eilidh" in p for p in fields.paragraphs)


def test_a_teaser_cards_byline_and_date_do_not_date_the_story() -> None:
    cards = "".join(
        f"<li><a href='/s{d}'><h3>Story {d}</h3><span class='card-author'>0{d}.10.2021</span></a></li>"
        for d in "123"
    )
    html = f"""<html><body><div class="main"><h1>Ferry resumes</h1>
    <div>24.01.2022 11:38</div>{PARAS}</div><ul>{cards}</ul></body></html>"""
    assert parse_html(html).published_text == "24.01.2022 11:38"
    one_card = f"""<html><body><div class="main"><h1>Ferry resumes</h1>{PARAS}</div>
    <div><span class='card-author'>Eva Brandt</span> <span>01.10.2021</span></div></body></html>"""
    assert parse_html(one_card).published_text == "01.10.2021"


def test_caption_and_credit() -> None:
    html = f"""<html><body><article><h1>T</h1><figure><img src="a.jpg">
    <figcaption>Pupils walk in. <span class="credit">Photo: Iryna Savchenko</span></figcaption></figure>
    {PARAS}</article></body></html>"""
    fields = parse_html(html)
    assert fields.image_caption == "Pupils walk in."
    assert fields.image_credit == "Photo: Iryna Savchenko"
    assert not any("Pupils" in p for p in fields.paragraphs)


def test_a_credit_keeps_its_agency_and_a_schema_org_caption_is_read_beside_its_image() -> None:
    """'Foto: NAME (EFE)' keeps the agency's brackets; without a <figcaption>, the caption is
    the element marked itemprop="caption" (schema.org ImageObject) next to the <figure>."""
    agency = f"""<html><body><article><h1>T</h1><figure><img src="a.jpg"><figcaption>
    <span>Grúas del puerto.</span><span>Foto: Manuel Bruixola (EFE)</span></figcaption></figure>
    {PARAS}</article></body></html>"""
    assert parse_html(agency).image_credit == "Manuel Bruixola (EFE)"
    beside = f"""<html><body><article><h1>T</h1>{PARAS}<div><figure><img src="a.jpg"></figure>
    <p itemprop="caption">Árvore sobre ônibus — Foto: Luciano Prates/Agência Metropolitana</p>
    </div></article></body></html>"""
    fields = parse_html(beside)
    assert (fields.image_caption, fields.image_credit) == (
        "Árvore sobre ônibus",
        "Luciano Prates/Agência Metropolitana",
    )
    assert not any("Árvore" in p for p in fields.paragraphs)


def test_related_sidebar_with_relative_times() -> None:
    html = f"""<html><body><article><h1>T</h1>{PARAS}</article>
    <aside><section><h3>Latest news</h3><ul>
      <li><a href="https://x.com/a">First item of the news feed today</a> <span>35 minutes ago</span></li>
      <li><a href="https://x.com/b">Second item of the news feed today</a> <time datetime="2024-12-22T06:00">2 hours ago</time></li>
    </ul></section></aside></body></html>"""
    related = parse_html(html).related
    assert [(r.section, r.title, r.url, r.time_text) for r in related] == [
        ("Latest news", "First item of the news feed today", "https://x.com/a", "35 minutes ago"),
        ("Latest news", "Second item of the news feed today", "https://x.com/b", "2 hours ago"),
    ]


def test_not_found_page_is_marked() -> None:
    html = "<html><head><title>Page not found</title></head><body><h1>404</h1><p>Gone.</p></body></html>"
    assert parse_html(html).page_kind == "not_found"


def test_a_story_split_over_sibling_sections_is_read_whole() -> None:
    half = "".join(
        f"<p>Part {{}} sentence {i} carries enough words to count as article text here.</p>"
        for i in range(4)
    )
    html = (
        "<html><body><main><h1>T</h1><div class='story'>"
        f"<section class='a'>{half.replace('{}', 'one')}</section><section class='b'>{half.replace('{}', 'two')}</section>"
        "</div></main></body></html>"
    )
    paragraphs = parse_html(html).paragraphs
    assert paragraphs[0].startswith("Part one sentence 0") and paragraphs[-1].startswith(
        "Part two sentence 3"
    )


def test_a_chrome_class_on_the_story_wrapper_does_not_remove_the_story() -> None:
    html = f"<html><body><div class='widget Blog'><article><h1>T</h1>{PARAS}</article></div></body></html>"
    assert len(parse_html(html).paragraphs) == 4


def test_metadata_escaped_twice_is_unescaped() -> None:
    html = f"""<html><head><script type="application/ld+json">
    {{"@type": "NewsArticle", "headline": "Mexico to fight &#8216;illogical&#8217; tariffs",
      "author": {{"name": "Ana &amp; Bo"}}}}</script>
    <meta property="og:title" content="x"></head><body>{PARAS}</body></html>"""
    fields = parse_html(html)
    assert fields.title == "Mexico to fight ‘illogical’ tariffs"
    assert fields.byline == ["Ana & Bo"]


def test_a_chrome_class_on_the_block_holding_most_text_does_not_remove_it() -> None:
    long = _paras("Long paragraph {i} " + "with plenty of words in it " * 5, 5)
    html = (
        "<html><body><div class='page'><h1>T</h1></div>"
        f"<div class='sidebar-grid__content'>{long}</div>"
        "<div class='sidebar'><p>Short promo text that is not the story at all.</p></div></body></html>"
    )
    paragraphs = parse_html(html).paragraphs
    assert len(paragraphs) == 5 and all(p.startswith("Long paragraph") for p in paragraphs)


def test_a_page_without_paragraph_tags_reads_its_br_lines() -> None:
    lines = _numbered(
        "Line {i} of a story told without paragraph tags, as old sites do it.", 6, sep="<br><br>"
    )
    html = f"<html><body><h1>Old site</h1><div class='content'>{lines}</div></body></html>"
    paragraphs = parse_html(html).paragraphs
    assert paragraphs[0] == "Line 0 of a story told without paragraph tags, as old sites do it."
    assert len(paragraphs) == 6


def test_a_story_of_one_paragraph_per_block_is_read_whole() -> None:
    """Postmedia wraps each paragraph in its own div inside its own section, in several blocks,
    deep under <main>: the page's other paragraphs near <main> must not cap the climb."""
    blocks = "".join(
        "<div class='block'><div class='block-content'>"
        + "".join(
            f"<section class='group'><div class='inline'><p>Block {b} paragraph {i} tells "
            "the story, with enough words, commas, and detail to count.</p></div></section>"
            for i in range(4)
        )
        + "</div></div>"
        for b in range(5)
    )
    html = (
        "<html><body><main><p>Sign up for the morning newsletter, delivered daily.</p>"
        f"<div class='story-v2'><article class='story'><h1>T</h1>{blocks}</article></div>"
        "</main></body></html>"
    )
    paragraphs = parse_html(html).paragraphs
    assert len(paragraphs) == 20
    assert paragraphs[0].startswith("Block 0 paragraph 0") and paragraphs[-1].startswith(
        "Block 4 paragraph 3"
    )


def test_a_page_wrapped_in_one_form_keeps_its_story() -> None:
    """ASP.NET wraps the whole page in <form>: it is chrome only where it holds no story."""
    html = (
        "<html><body><form id='aspnetForm'><nav><a href='/'>Home</a></nav>"
        f"<article><h1>T</h1>{PARAS}</article></form>"
        "<form class='search'><p>Search the whole site for more news stories today.</p></form>"
        "</body></html>"
    )
    paragraphs = parse_html(html).paragraphs
    assert len(paragraphs) == 4 and all(p.startswith("Paragraph") for p in paragraphs)


def test_a_story_written_in_divs_is_read_when_paragraph_tags_find_little() -> None:
    """CNN and Reuters write paragraphs as <div>s with text of their own."""
    divs = _numbered(
        "<div class='zn-body__paragraph'>Sentence {i} of the story, written in a div rather "
        "than a paragraph tag, as some large sites do.</div>",
        8,
    )
    html = (
        "<html><body><article><h1>T</h1><p>Editor's note: a short line before the story.</p>"
        f"<section class='zn-body'><div class='l-container'>{divs}<div class='ad'></div></div>"
        "</section></article><div class='promo'><p>Other short text somewhere else.</p></div>"
        "</body></html>"
    )
    paragraphs = parse_html(html).paragraphs
    assert [p.split(" of the story")[0] for p in paragraphs] == [f"Sentence {i}" for i in range(8)]


def test_boxes_headed_as_related_or_comments_are_not_story() -> None:
    """A 'Lesen Sie auch' box inside the story and the comments after it are left out;
    the story goes on after the box."""
    first = _paras("Before the box, paragraph {i} of the story with words enough to count.", 3)
    after = _paras("After the box, paragraph {i} of the story with words enough to count.", 3)
    box = (
        "<div class='teaser'><h3>Lesen Sie auch</h3>"
        "<p>A teaser of another article that is long enough to be a paragraph here.</p></div>"
    )
    comments = (
        "<div class='thread'><h2>Comments</h2>"
        "<p>Hi Gary, I disagree with the whole premise of this article and say so at length.</p></div>"
    )
    html = f"<html><body><article><h1>T</h1>{first}{box}{after}{comments}</article></body></html>"
    paragraphs = parse_html(html).paragraphs
    assert [p.split(",")[0] for p in paragraphs] == ["Before the box"] * 3 + ["After the box"] * 3


def test_br_lines_win_over_a_few_stray_paragraphs() -> None:
    """MacRumors-style: the story is <br>-separated text in one div; the only <p> is a blurb."""
    blurb = (
        "<p>" + "This site attracts a broad audience of readers interested in news. " * 4 + "</p>"
    )
    lines = _numbered(
        "Line {i} of the story, written between line breaks in a single content block.",
        12,
        sep="<br><br>",
    )
    html = (
        f"<html><body><div class='about'>{blurb}</div>"
        f"<div class='article'><h1>T</h1><div class='content'>{lines}</div></div></body></html>"
    )
    paragraphs = parse_html(html).paragraphs
    assert len(paragraphs) == 12 and paragraphs[0].startswith("Line 0 of the story")


def test_microdata_authors_nested_or_plain() -> None:
    html = (
        "<html><body><article><h1>T</h1>"
        "<span itemprop='author' itemscope><span itemprop='name'>Anna Fox</span></span>"
        "<span itemprop='author'>John Doe</span>"
        f"{PARAS}</article></body></html>"
    )
    fields = parse_html(html)
    assert fields.byline == ["Anna Fox", "John Doe"] and fields.sources["byline"] == "microdata"


def test_a_story_written_as_a_list_is_read_when_paragraph_tags_find_little() -> None:
    items = _numbered(
        "<li>Player {i} had a strong game, with long runs, good passes, and a clean sheet "
        "that the coach praised after the match.</li>",
        8,
    )
    html = (
        "<html><body><div class='consent'><p>We use cookies to improve your experience on "
        "this site and to show you relevant offers.</p></div>"
        f"<article><h1>T</h1><div class='entry-content'><ul>{items}</ul></div></article>"
        "<nav><ul><li><a href='/'>Home</a></li></ul></nav></body></html>"
    )
    paragraphs = parse_html(html).paragraphs
    assert [p.split(" had")[0] for p in paragraphs] == [f"Player {i}" for i in range(8)]


def test_the_story_container_is_never_a_byline_block_whatever_its_class() -> None:
    """HubSpot's post body is a span classed 'hs_cos_wrapper_meta_field': its paragraphs are
    the story; a real byline block inside it is still left out."""
    html = (
        "<html><body><div class='post'><h1>T</h1>"
        "<span class='hs_cos_wrapper hs_cos_wrapper_meta_field'>"
        "<div class='post-meta'><p>Von Anna Fox, 12. Mai 2024, in the byline block here</p></div>"
        f"{PARAS}</span></div></body></html>"
    )
    paragraphs = parse_html(html).paragraphs
    assert len(paragraphs) == 4 and all(p.startswith("Paragraph") for p in paragraphs)


def test_paragraphs_in_inline_wrappers_are_read() -> None:
    """Blogger posts: '<div style=...><span><span>text</span></span></div>', no <p> at all."""
    body = _numbered(
        "<div style='text-align: justify;'><span><span>Sentence {i} of a post whose text "
        "sits in spans inside a div, as old blog editors write it.</span></span></div>",
        6,
    )
    html = (
        "<html><body><div class='widget Blog'><h1>T</h1>"
        f"<div class='post-body post-content'>{body}</div></div></body></html>"
    )
    paragraphs = parse_html(html).paragraphs
    assert [p.split(" of a post")[0] for p in paragraphs] == [f"Sentence {i}" for i in range(6)]


def test_the_parser_counts_the_words_of_the_paragraphs_it_hands_over() -> None:
    """extract_page takes `words` instead of counting the body again: it must be the count
    of the very paragraphs, from whichever pass (<p>, <br> lines, JSON-LD articleBody)."""
    from pipelines.normalize.text import join_paragraphs, word_count

    jsonld_body = "First \u200b line of the story.\\n\\n" + "東京都は晴れ。 " * 30
    pages = [
        f"<html><body><article><h1>T</h1>{PARAS}<p>東京都は晴れ。</p></article></body></html>",
        "<html><body><h1>Old</h1><div class='content'>"
        + "<br><br>".join(f"Line {i} of a story told without paragraph tags." for i in range(9))
        + "</div></body></html>",
        '<html><head><script type="application/ld+json">{"@type": "NewsArticle", '
        f'"headline": "T", "articleBody": "{jsonld_body}"}}</script></head>'
        "<body><h1>T</h1><p>A teaser only.</p></body></html>",
    ]
    sources = []
    for html in pages:
        fields = parse_html(html)
        sources.append(fields.sources.get("body"))
        assert fields.words == word_count(join_paragraphs(fields.paragraphs)) > 0
    assert sources == ["visible", "visible", "jsonld"]


def test_the_story_scope_is_the_article_with_the_most_text() -> None:
    """Teasers are <article>s too: the byline, the date in the byline's line and the
    caption are read from the story's."""
    teaser = "<article class='teaser'><a href='/x'>Another story</a></article>"
    story = (
        "<article class='story'><h3>Hotel opens once more</h3>"
        "<div class='technicalline'><div class='lineinfo'>Do 25.04.24 | 14:07 Uhr | Von "
        "<span class='authorname'>Eva Kirchner-Rätsch</span></div></div>"
        f"<figure><img src='a.jpg'><figcaption>The hotel (Photo: rbb)</figcaption></figure>{PARAS}"
        "</article>"
    )
    fields = parse_html(f"<html><body><nav>{teaser * 3}</nav>{story}</body></html>")
    assert fields.byline == "Eva Kirchner-Rätsch"
    assert fields.published_text == "25.04.24 | 14:07 Uhr | Von Eva Kirchner-Rätsch"
    assert (fields.image_caption, fields.image_credit) == ("The hotel", "Photo: rbb")


def test_a_comment_author_is_not_the_byline() -> None:
    comments = (
        "<div class='comments'><span class='comment-author vcard'>Reader One</span>"
        "<div class='comment-form-author'>Name (required)</div></div>"
    )
    html = f"<html><body><article><h1>T</h1>{PARAS}{comments}</article></body></html>"
    assert parse_html(html).byline is None


def test_a_link_to_the_writers_page_is_the_byline() -> None:
    meta = (
        "<p class='reader__meta-info'>von <a href='/autoren/name/max-kolter'>Dr. Max Kolter</a></p>"
    )
    html = f"<html><body><article><h1>T</h1>{meta}{PARAS}</article></body></html>"
    assert parse_html(html).byline == "Dr. Max Kolter"


@pytest.mark.parametrize(
    ("href", "writers_page"),
    [
        ("/autoren/name/max-kolter", True),
        ("https://example.org/author/jane-doe/", True),
        ("/autor/author/x", True),  # both substrings: one node all the same
        ("/auto/cars-of-the-year", False),  # the scan's first test passes, no exact one does
        ("/authors/jane-doe", False),  # no '/author/' and no '/autor'
        ("/Author/jane-doe", False),  # an attribute's substring is case-sensitive
        ("/aut", False),
    ],
)
def test_the_author_link_selector_means_its_two_substrings(href: str, writers_page: bool) -> None:
    """AUTHOR_LINK is `a[href*="/autor"], a[href*="/author/"]` behind a cheaper first test."""
    tree = LexborHTMLParser(f"<a href='{href}'>A</a><span href='{href}'>S</span>")
    assert [n.tag for n in tree.css(AUTHOR_LINK)] == (["a"] if writers_page else [])


@pytest.mark.parametrize(
    "line",
    [
        "Stand: 22.04.2024, 06:00 Uhr",  # a dateline
        "17:41 JST, October 13, 2024",
        "Sendung: Antenne Brandenburg, 24.04.2024, 15:10 Uhr",  # a broadcast's label line
        "Von Nina Magoley",  # the byline again
        "02:57 Min. . Verfügbar bis 06.05.2024 .",  # a player's caption
        "Il vous reste 57% de cet article à lire. La suite est réservée aux abonnés.",
        "To view this video please enable JavaScript",
    ],
)
def test_lines_that_date_sign_or_wall_the_story_are_not_story(line: str) -> None:
    html = f"<html><body><article><h1>T</h1>{PARAS}<p>{line}</p></article></body></html>"
    paragraphs = parse_html(html).paragraphs
    assert len(paragraphs) == 4 and line not in paragraphs


def test_a_sentence_with_a_date_is_story() -> None:
    line = "Am 24.04.2024 kam es auf der Autobahn zum Unfall mit zwei Lastwagen."
    html = f"<html><body><article><h1>T</h1>{PARAS}<p>{line}</p></article></body></html>"
    assert parse_html(html).paragraphs[-1] == line


def test_an_embed_notice_and_its_box_are_not_story() -> None:
    notice = (
        "<div class='box do-display-embed'><div class='info-box'>"
        "<p>An dieser Stelle findest du einen externen Inhalt von YouTube, der den Artikel "
        "ergänzt.</p><p class='info'>Ich bin damit einverstanden, dass mir Inhalte von YouTube "
        "angezeigt werden.</p></div></div>"
    )
    html = f"<html><body><article><h1>T</h1>{PARAS}{notice}<p>The story goes on after the video, as stories do.</p></article></body></html>"
    paragraphs = parse_html(html).paragraphs
    assert len(paragraphs) == 5 and paragraphs[-1].startswith("The story goes on")


def test_a_jsonld_body_written_twice_is_read_once() -> None:
    story = " ".join(
        f"Sentence {i} of the story as the publisher's JSON-LD gives it." for i in range(40)
    )
    body = json.dumps(f"{story} {story}")
    html = (
        '<html><head><script type="application/ld+json">'
        f'{{"@type": "NewsArticle", "headline": "T", "articleBody": {body}}}</script></head>'
        "<body><h1>T</h1><p>A teaser only.</p></body></html>"
    )
    fields = parse_html(html)
    assert fields.sources["body"] == "jsonld" and fields.paragraphs == [story]


def test_an_endless_page_reads_the_first_story_not_the_next() -> None:
    """Dagbladet: the next story follows as a second, longer <article>."""
    first = _paras("First story paragraph {i}, about the port and the storm, told at length.", 6)
    second = _paras("Next story paragraph {i}, about football and a manager, told at length.", 10)
    html = (
        "<html><body><main>"
        f"<article class='article-entity'><h1>Port closed</h1><div class='byline'>Anna Fox</div>{first}</article>"
        f"<div class='under-article'><article class='article-entity second'><h1>Manager back</h1>"
        f"<div class='byline'>John Doe</div>{second}</article></div>"
        "</main></body></html>"
    )
    fields = parse_html(html)
    assert fields.byline == "Anna Fox"
    assert len(fields.paragraphs) == 6 and fields.paragraphs[0].startswith(
        "First story paragraph 0"
    )


def test_the_standfirst_before_the_story_block_is_read() -> None:
    """A summary <h2>, a lead <p> or the free part of a metered story sits just before the
    block with the story; a dateline between them is passed over, links stop the search."""
    lead = (
        "A summary of the story that the page sets apart above it, long enough to be a "
        "standfirst and not a label or a date line, as the sites write them above a story."
    )
    free = (
        "The free opening paragraph of a metered story, which the site keeps in a block of "
        "its own before the rest of the text that only the subscribers of the site see."
    )
    rest = _paras(
        "Paragraph {i} of the metered part, long enough to count as article text, with detail.", 12
    )
    teaser = (
        "<div class='more'><a href='/a'>"
        + "Another story with a long teaser headline " * 4
        + "</a></div>"
    )
    html = (
        f"<html><body><article><h1>T</h1>{teaser}<h2 class='summary'>{lead}</h2>"
        f"<div class='date'>21.04.2024, 20:24 Uhr</div><div class='free'><p>{free}</p></div>"
        f"<div class='metered'>{rest}</div></article></body></html>"
    )
    paragraphs = parse_html(html).paragraphs
    assert paragraphs[:3] == [
        lead,
        free,
        "Paragraph 0 of the metered part, long enough to count as article text, with detail.",
    ]
    assert len(paragraphs) == 14


def test_every_block_of_the_story_class_is_story_when_one_holds_it() -> None:
    """POLITICO: the story in blocks classed 'sidebar-grid__content' between ads; the short
    first block is story as much as the long second one."""
    first = _paras(
        "Opening paragraph {i} of the story, in the first and shorter block, before the advertisement.",
        2,
    )
    second = _paras(
        "Later paragraph {i} of the story, in the long block that follows the advertisement.", 8
    )
    block = "<div class='sidebar-grid__content article__content'>{}</div>"
    html = (
        f"<html><body><article><h1>T</h1>{block.format(first)}<div class='ad'></div>"
        f"{block.format(second)}</article><aside class='sidebar'><p>{'Elsewhere on the site. ' * 6}</p></aside></body></html>"
    )
    paragraphs = parse_html(html).paragraphs
    assert len(paragraphs) == 10 and paragraphs[0].startswith("Opening paragraph 0")


def test_never_text_elements_go_with_what_they_hold() -> None:
    # an <svg> in a <button> in a <noscript>: each removed once, the story's text stays
    html = f"""<html><head><title>Tools</title><style>p {{color: red}}</style></head><body>
    <article><h1>The headline of the story</h1>
    <noscript><button>Share <svg><title>icon</title><path d="M0"/></svg></button></noscript>
    <template><p>A template paragraph never shown.</p></template>
    {PARAS}<select><option>Pick one</option></select><script>var x = 1;</script></article>
    </body></html>"""
    fields = parse_html(html)
    assert fields.title == "The headline of the story"
    assert fields.paragraphs == [
        f"Paragraph {i} tells the story in enough words to count as article text, with detail."
        for i in range(4)
    ]


def test_never_text_elements_are_no_metadata_whatever_they_carry() -> None:
    # a sort button classed 'published', an icon marked as the article body: neither is read
    html = f"""<html><head><title>Tools</title></head><body><article>
    <h1>The headline of the story</h1>
    <button class="published" title="2020-01-02">Newest first</button>
    <svg itemprop="articleBody"><title>icon</title></svg>
    {PARAS}</article></body></html>"""
    fields = parse_html(html)
    assert [s for s in fields.date_stamps if s.kind == "published"] == []
    assert len(fields.paragraphs) == 4 and fields.sources["body"] == "visible"


def test_a_long_standfirst_in_the_headlines_header_does_not_end_the_header_lines() -> None:
    """The lines after a <header>'s long standfirst paragraph (byline, dates, read time) are
    still header lines; a long paragraph outside the <header> is the story and ends them."""
    dek = "The trial, paid for with state and county money, starts in February " * 3
    header = f"""<html><body><article><header><h1>Fare-free pilot approved</h1>
    <p class="dek">{dek}</p><div class="meta"><span>3 min read</span></div></header>
    {PARAS}</article></body></html>"""
    assert parse_html(header).read_time_text == "3 min"
    no_header = f"""<html><body><article><h1>Fare-free pilot approved</h1>
    <p class="dek">{dek}</p><div class="meta"><span>3 min read</span></div>
    {PARAS}</article></body></html>"""
    assert parse_html(no_header).read_time_text is None
    # a <header> round the whole story: its second long paragraph is the story's, and ends them
    wraps_all = f"""<html><body><article><header><h1>Fare-free pilot approved</h1>
    <p class="dek">{dek}</p><p>{dek}</p><p>3 min read</p>{PARAS}</header></article></body></html>"""
    assert parse_html(wraps_all).read_time_text is None


@pytest.mark.parametrize(
    ("caption", "credit"),
    [
        # the credit in an element of its own after the caption's, whatever its class
        ("<span>Hotels have housed asylum seekers since 2020</span> <span>PA</span>", "PA"),
        (
            "<span>A rider waits at a stop.</span> <span>Ryan Bell/The Daily</span>",
            "Ryan Bell/The Daily",
        ),
        ("<span>A rider waits at a stop.</span><span>Credit... Ann Roe/AP</span>", "Ann Roe/AP"),
        # its label in elements of its own, written once or twice (for the eye, for a reader)
        (
            "<span>A rider waits at a stop on Main Street in the heat.</span>"
            '<span itemprop="copyrightHolder"><span>Credit'
            "</span><span><span>Credit</span><span>Ann Roe/The Daily</span></span></span>",
            "Ann Roe/The Daily",
        ),
        (
            '<span class="credit"><span class="visually-hidden">Credit</span> Harry Campbell</span>',
            "Harry Campbell",
        ),
        (
            '<span>A rider waits.</span> <span class="credit"><b>Photo:</b> Ann Roe</span>',
            "Photo: Ann Roe",  # a label that reads as written stays
        ),
        (
            '<span>A rider waits.</span> <span class="credit"><span>Credit</span>: Ann Roe</span>',
            "Credit: Ann Roe",
        ),
        # a place, a link, a day, a button's word: no credit's form (slash, (c), agency, capitals)
        (
            "<span>Rescue workers search the rubble in Antakya</span> <span>Antakya, Turkey</span>",
            None,
        ),
        ('<span>The stadium will hold 60,000 fans</span> <a href="/g/">See all photos</a>', None),
        ("<span>Shoppers on the High Street in Brighton</span> <time>Monday</time>", None),
        (
            "<span>Councillors voted 31 to 18 in favour of the plan</span> <span>Hide caption</span>",
            None,
        ),
        (
            '<span>The summit in Brussels</span> <span class="credit"><span>POOL</span>/AFP</span>',
            "POOL /AFP",
        ),
        # a label's word inside the name stays ('Picture Desk' is not a label element)
        (
            '<span>A rider waits.</span> <span class="credit">Picture Desk/AP</span>',
            "Picture Desk/AP",
        ),
        # a second sentence, a counter, a lower-case tail, a button: no credit
        ("<span>A rider waits at a stop.</span> <span>It was hot.</span>", None),
        ("<span>A rider waits at a stop.</span> <span>Image 1 of 4</span>", None),
        ("<span>A rider waits at a stop.</span> <span>show more</span>", None),
        ("<span>A rider waits at a stop.</span> <button>Enlarge</button>", None),
        # caption text written bare beside the parts, or a part as long as the caption
        ("A rider <em>waits</em> at <span>Main Street</span>", None),
        ("<span>Rider</span> <span>Ryan Bell/The Daily</span>", None),
    ],
)
def test_a_figcaptions_last_part_written_like_a_name_is_its_credit(
    caption: str, credit: str | None
) -> None:
    html = f"""<html><body><article><h1>T</h1><figure><img src="a.jpg">
    <figcaption>{caption}</figcaption></figure>{PARAS}</article></body></html>"""
    assert parse_html(html).image_credit == credit


def test_a_figcaption_without_an_image_has_no_credit_part() -> None:
    html = f"""<html><body><article><h1>T</h1><figure><blockquote>We will win.</blockquote>
    <figcaption><span>Said the coach after the long match</span> <span>Anna Fox</span>
    </figcaption></figure>{PARAS}</article></body></html>"""
    assert parse_html(html).image_credit is None


@pytest.mark.parametrize(
    ("caption", "credit"),
    [
        ("The trolley on a game day. (Omar Haddad/The Daily)", "Omar Haddad/The Daily"),
        ("初競りで最高値が付いた寒ブリ＝５日午前（共同通信）", "共同通信"),
        ("The trolley on a game day (left)", None),
    ],
)
def test_a_caption_written_right_after_its_image_closes_on_its_credit(
    caption: str, credit: str | None
) -> None:
    """No <figure>: '<div><img><p class="caption">…(NAME/Outlet)</p></div>' under the
    headline."""
    html = f"""<html><body><h1>Trolley adds Sunday service</h1><div><img src="a.jpg">
    <p class="caption">{caption}</p></div>{PARAS}</body></html>"""
    assert parse_html(html).image_credit == credit
    # the same line, not after an image, credits nothing
    apart = html.replace('<img src="a.jpg">', "")
    assert parse_html(apart).image_credit is None


_JA_STORY = (
    "<p>金沢市中央卸売市場で５日、新年恒例の初競りがあった。寒ブリが次々と競りにかけられた。</p>"
    * 4
)


@pytest.mark.parametrize(
    ("after_story", "byline"),
    [
        ("<p class='writer'>［辻本航］</p><div>会員に登録すると読み放題</div>", "辻本航"),
        ("<p>【山田 太郎】</p>", "山田 太郎"),
        # a box's heading over its links, a name with a figure, a linked line: no byline
        ("<p>【関連記事】</p><ul><li><a href='/a'>県内の漁港</a></li></ul>", None),
        ("<p>［写真3枚］</p>", None),
        ("<p>［<a href='/w/1'>辻本航</a>］</p>", None),
        (
            "<p>【関連記事】</p><div class='rel'><a href='/a'>県内の漁港、しけで出漁見合わせ</a></div>",
            None,
        ),
        ("<p>【写真特集】</p><div><a href='/g'><img src='g.jpg'></a></div>", None),
        ("<div>［PR］</div><div class='ad'></div>", None),
        # an ask box after the name, with a link in its text, is no box of links
        (
            "<p>［辻本航］</p><div><p>会員に登録すると、すべての記事が読み放題になります。</p>"
            "<a href='/s'>詳しく</a></div>",
            "辻本航",
        ),
    ],
)
def test_a_japanese_story_closes_on_its_reporters_name_in_brackets(
    after_story: str, byline: str | None
) -> None:
    html = f"""<html><body><div class="article"><h1>金沢で初競り</h1>
    <p class="info"><span>2025/01/05 09:40</span> <span class="genre">［経済］</span></p>
    <div class="text">{_JA_STORY}</div>{after_story}</div></body></html>"""
    assert parse_html(html).byline == byline


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        ("<p>［辻本航］</p>", True),
        ("<p>【山田 太郎】</p>".encode(), True),  # the UTF-8 bytes Lexbor parses as they are
        ("<p>(Anna Fox)</p>", False),
        (b"<p>[Anna Fox]</p>", False),
    ],
)
def test_only_a_page_holding_full_width_brackets_is_walked_for_a_closing_name(
    page: str | bytes, expected: bool
) -> None:
    assert may_close_on_name(page) is expected


def test_a_utf8_page_closes_on_its_reporters_name() -> None:
    html = f"<html><body><article><h1>初競り</h1><div>{_JA_STORY}</div><p>［辻本航］</p></article></body></html>"
    assert parse_html(html.encode()).byline == "辻本航"
