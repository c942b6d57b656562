import pytest
from selectolax.lexbor import LexborHTMLParser

from pipelines.normalize.date_rules import DateStamp
from pipelines.parse.dates import DATE_SCAN, read_date_stamps
from pipelines.parse.fields import PageFields
from pipelines.parse.meta import HEAD_SCAN, jsonld_objects, meta_tags
from pipelines.parse.shown_dates import read_shown_dates, source_timestamp


def _stamps(html: str) -> list[tuple[str, str, str]]:
    tree = LexborHTMLParser(html)
    nodes = [(n, n.attributes) for n in tree.css(f"{HEAD_SCAN}, {DATE_SCAN}")]
    scripts = [n for n in tree.css("script")]
    objects = jsonld_objects(scripts)
    stamps = read_date_stamps(objects, meta_tags(nodes), nodes, scripts)
    return [(s.text, s.source, s.kind) for s in stamps]


def _ld(body: str) -> str:
    return f'<script type="application/ld+json">{body}</script>'


def test_jsonld_article_then_meta_then_other_types() -> None:
    html = (
        _ld(
            '{"@graph": [{"@type": "WebPage", "datePublished": "2020-01-01"},'
            '{"@type": "BlogPosting", "datePublished": "2020-02-02", "dateModified": "2020-03-03"},'
            '{"@type": "Comment", "datePublished": "2020-04-04"}]}'
        )
        + '<meta property="article:published_time" content="2020-02-02T10:00:00+01:00">'
        + '<meta name="date" content="2020-05-05">'
    )
    assert _stamps(html) == [
        ("2020-02-02", "jsonld", "published"),
        ("2020-03-03", "jsonld", "updated"),
        ("2020-02-02T10:00:00+01:00", "meta", "published"),
        ("2020-01-01", "jsonld", "published"),
        ("2020-05-05", "meta", "published"),  # a name that says no more than 'date': last
    ]


def test_vendor_and_dublin_core_meta_names() -> None:
    html = (
        '<meta name="parsely-pub-date" content="2020-06-07T08:00:00Z">'
        '<meta name="DC.date.issued" content="2020-06-06">'
        '<meta name="dcterms.modified" content="2020-06-08">'
    )
    assert _stamps(html) == [
        ("2020-06-06", "meta", "published"),
        ("2020-06-07T08:00:00Z", "meta", "published"),
        ("2020-06-08", "meta", "updated"),
    ]


def test_broken_jsonld_still_gives_its_dates() -> None:
    html = _ld('{"@type": "NewsArticle", "datePublished": "2020-10-26T18:10:00+01:00"} {}')
    assert _stamps(html) == [("2020-10-26T18:10:00+01:00", "jsonld", "published")]


def test_microformats_and_time_elements() -> None:
    html = (
        "<body><article class='h-entry'>"
        "<abbr class='published' title='2016-12-23T05:11:00-05:00'>5:11 AM</abbr>"
        "<time class='dt-updated' datetime='2017-01-02'>2 Jan</time>"
        "<time datetime='2016-12-24T10:00:00Z'>later</time>"
        "<time>25. Dezember 2016</time>"
        "<abbr title='Bundeskriminalamt'>BKA</abbr>"
        "</article></body>"
    )
    assert _stamps(html) == [
        ("2016-12-23T05:11:00-05:00", "microformat", "published"),
        ("2017-01-02", "microformat", "updated"),
        ("2016-12-24T10:00:00Z", "time", "published"),  # the first <time>
        ("25. Dezember 2016", "time", "other"),
    ]


def test_microdata_reads_content_datetime_or_text() -> None:
    html = (
        "<body><span itemprop='datePublished' content='2020-01-13'>13 Jan</span>"
        "<p itemprop='dateModified'>Veröffentlicht: 30.07.2019 09:35 Uhr</p></body>"
    )
    stamps = _stamps(html)
    assert stamps == [
        ("2020-01-13", "microdata", "published"),
        ("Veröffentlicht: 30.07.2019 09:35 Uhr", "microdata", "updated"),
    ]


def test_a_page_without_dates_has_no_stamps() -> None:
    assert _stamps("<html><body><p>Hello 2020</p></body></html>") == []
    assert DateStamp("x", "meta").machine is True


def _shown(html: str, headline: str | None = None) -> list[tuple[str, str]]:
    fields = PageFields()
    tree = LexborHTMLParser(html)
    read_shown_dates(fields, tree.body, headline)
    return [(s.text, s.source) for s in fields.date_stamps]


def test_dated_element_by_class_then_the_text_beside_the_headline() -> None:
    meta_line = (
        "<body><nav>Archiv 01.01.2019</nav><h1>Schlagzeile</h1>"
        "<div class='post-meta'>Erstellt am: 30.01.2022 18:36</div><p>Text 02.02.2020</p></body>"
    )
    assert _shown(meta_line, "Schlagzeile") == [("30.01.2022 18:36", "visible")]
    no_element = "<body><nav>Archiv 01.01.2019</nav><h1>Schlagzeile</h1><p>14.03.2022</p></body>"
    assert _shown(no_element, "Schlagzeile") == [("14.03.2022", "text")]


def test_a_sidebars_dates_are_not_the_page_s() -> None:
    sidebar = (
        "<body><h1>Titel</h1><p>Seit 4. August 2014 gilt das Gesetz.</p>"
        "<ul><li class='widget widget_recent_entries'><a href='/x'>X</a>"
        "<span class='post-date'>09/09/2019</span></li></ul>"
        "<aside><span class='date'>05.07.2019</span></aside></body>"
    )
    assert _shown(sidebar, "Titel") == [("4. August 2014", "text")]


def test_shown_dates_wait_behind_a_readable_stamp() -> None:
    fields = PageFields(date_stamps=[DateStamp("2020-01-01", "meta")])
    tree = LexborHTMLParser("<body><span class='date'>02.02.2020</span></body>")
    read_shown_dates(fields, tree.body, None)
    assert fields.date_stamps == [DateStamp("2020-01-01", "meta")]


def test_microformat_stamps_of_a_listing_date_nothing() -> None:
    entries = "".join(
        f"<li><span class='published' title='2019-09-2{d}T07:30:29Z'>x</span></li>" for d in "123"
    )
    html = f"<body><ul>{entries}</ul><time datetime='2019-06-28T13:49:45Z'>28 juin</time></body>"
    assert _stamps(html) == [("2019-06-28T13:49:45Z", "time", "published")]
    one_entry = "<body><span class='published' title='2019-09-21T07:30:29Z'>x</span></body>"
    assert _stamps(one_entry) == [("2019-09-21T07:30:29Z", "microformat", "published")]


def test_a_full_timestamp_in_the_source_dates_a_page_without_any_other() -> None:
    html = (
        "<html><head><script>show('2020/04/17 01:43:09')</script></head>"
        "<body><h1>Titel</h1><p>Text ohne Datum.</p></body></html>"
    )
    fields = PageFields()
    read_shown_dates(fields, LexborHTMLParser(html).body, "Titel", html.encode())
    assert fields.date_stamps == [DateStamp("2020-04-17 01:43:09", "source")]
    # inside a longer number, a bare date: no timestamp; a dated page does not look there
    for source in ("1.2020-04-17 01:43:09", "2020-04-17", "<p>2020-04-17 01:43:099</p>"):
        fields = PageFields()
        read_shown_dates(fields, LexborHTMLParser(html).body, "Titel", source)
        assert fields.date_stamps == []
    fields = PageFields(date_stamps=[DateStamp("2021-01-01", "meta")])
    read_shown_dates(fields, LexborHTMLParser(html).body, "Titel", html)
    assert fields.date_stamps == [DateStamp("2021-01-01", "meta")]


def test_the_further_meta_names_htmldate_reads() -> None:
    html = (
        '<meta property="og:datepublished" content="2020-06-07">'
        '<meta name="dc:date" content="2020-06-01">'
        '<meta property="og:modified_time" content="2020-06-09">'
    )
    assert _stamps(html) == [
        ("2020-06-07", "meta", "published"),
        ("2020-06-09", "meta", "updated"),
        ("2020-06-01", "meta", "published"),  # 'a date', after the page's markup
    ]


def test_a_readers_comment_dates_the_comment_not_the_page() -> None:
    comments = (
        "<body><h1>Folge 12</h1><p>Veröffentlicht am 16.08.2019</p>"
        "<ol class='comment-list'><li id='comment-7'><div class='comment-metadata'>"
        "<time datetime='2019-08-24T03:36:11+02:00'>24. August 2019</time></div></li></ol>"
        "<div class='recipe-comment-box'><time datetime='2019-08-25T10:00:00+02:00'>x</time></div>"
        "<div itemscope itemtype='https://schema.org/Comment'>"
        "<span class='published' title='2019-08-26'>26.08.</span>"
        "<span itemprop='datePublished' content='2019-08-27'>27.08.</span></div></body>"
    )
    assert _stamps(comments) == [
        ("2019-08-24T03:36:11+02:00", "time", "other"),  # the page's offset, still
        ("2019-08-25T10:00:00+02:00", "time", "other"),
        ("2019-08-26", "time", "other"),
        ("2019-08-27", "microdata", "other"),
    ]
    assert _shown(comments, "Folge 12") == [("16.08.2019", "text")]
    # a comments link or count beside the byline is not a comment: its <time> is the page's
    byline = (
        "<body><span class='entry-comments-link'><time datetime='2023-11-06'>6.11.</time></span>"
        "<div class='date-comments-wrapper'><time datetime='2023-11-05'>5.11.</time></div></body>"
    )
    assert _stamps(byline) == [
        ("2023-11-06", "time", "published"),
        ("2023-11-05", "time", "other"),
    ]


def test_the_site_banners_clock_is_not_the_page_s_date() -> None:
    banner = (
        "<body><header><a href='/'>Logo</a><span class='datetime'>"
        "<time datetime='2023-11-01T13:56:20+01:00'>Mittwoch, 01. November 2023</time>"
        "</span></header><nav><time datetime='2023-11-01'>1.11.</time></nav>"
        "<h1>Kolumne</h1><div class='meta'>31.10.2023</div><p>Text.</p></body>"
    )
    assert _stamps(banner) == [
        ("2023-11-01T13:56:20+01:00", "time", "other"),
        ("2023-11-01", "time", "other"),
    ]
    assert _shown(banner, "Kolumne") == [("31.10.2023", "visible")]
    # the story's own header (with its <h1>, or inside <article>/<main>) dates the page
    story = (
        "<body><header class='entry-header'><h1>T</h1><time datetime='2022-01-25'>x</time>"
        "</header><main><header><time datetime='2022-01-26'>y</time></header></main></body>"
    )
    assert _stamps(story) == [("2022-01-25", "time", "published"), ("2022-01-26", "time", "other")]


@pytest.mark.parametrize(
    ("source", "stamp"),
    [
        ('{"t": "2016-11-04T20:37:27Z"}', "2016-11-04T20:37:27Z"),
        ("2020-04-24T21:36:31", "2020-04-24T21:36:31"),  # at the very start of the source
        ("<!-- 2020/04/17 01:43:09 -->", "2020-04-17 01:43:09"),
        ("at 12:00:00, then 2020-04-24 21:36:31.25+02:00", "2020-04-24 21:36:31.25+02:00"),
        ("v1.2020-04-24 21:36:31 2019-01-02 03:04:05", "2019-01-02 03:04:05"),  # a version's
        ("2020-04-24 21:36:31:00", None),  # a longer clock than a time
        ("2020-04/24 21:36:31", None),  # one separator throughout
        ("2020-04-24 and 21:36:31", None),
    ],
)
def test_source_timestamp_is_the_first_full_stamp(source: str, stamp: str | None) -> None:
    assert source_timestamp(source) == stamp
    assert source_timestamp(source.encode()) == stamp
