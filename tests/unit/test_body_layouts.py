"""Bodies written outside the usual <article><p> shape: one small page per layout."""

import pytest
from selectolax.lexbor import LexborHTMLParser

from pipelines.parse.body import div_paragraphs
from pipelines.parse.html import parse_html

SENTENCE = "Sentence {i} of the story has words enough, commas, and detail to count as text."


def _paras(n: int, template: str = SENTENCE) -> str:
    return "".join(f"<p>{template.format(i=i)}</p>" for i in range(n))


def test_paragraphs_straight_inside_body() -> None:
    html = (
        f"<html><body><h1>A plain page</h1>{_paras(4)}<div><p>{'x ' * 20}</p></div></body></html>"
    )
    fields = parse_html(html)
    assert fields.paragraphs[:4] == [SENTENCE.format(i=i) for i in range(4)]


def test_story_around_a_layout_table() -> None:
    """Most of the story is in <body>; its first part sits in a layout table's cells."""
    cells = "".join(
        f"<td>{_paras(2, 'Cell {i} part of the story, with words enough, and more.')}</td>"
        for _ in range(2)
    )
    html = f"<html><body><h1>Essay</h1><table><tr>{cells}</tr></table>{_paras(6)}</body></html>"
    paragraphs = parse_html(html).paragraphs
    assert paragraphs[0] == "Cell 0 part of the story, with words enough, and more."
    assert paragraphs[-6:] == [SENTENCE.format(i=i) for i in range(6)]


def test_cards_of_a_heading_and_text_are_read_whole() -> None:
    items = "".join(
        f"<li><h2>Step {i}</h2><p>Step {i} is explained here in a sentence, with enough words.</p></li>"
        for i in range(4)
    )
    html = f"<html><body><h1>How to</h1><main><ul>{items}</ul></main></body></html>"
    paragraphs = parse_html(html).paragraphs
    assert paragraphs[:2] == [
        "Step 0",
        "Step 0 is explained here in a sentence, with enough words.",
    ]
    assert len(paragraphs) == 8


def test_list_item_notes_without_a_heading_stay_out() -> None:
    notes = (
        "<ul><li><p>A note in a list, not part of the story, in enough words here.</p></li></ul>"
    )
    html = f"<html><body><h1>Story</h1><article>{_paras(4)}{notes}</article></body></html>"
    assert parse_html(html).paragraphs == [SENTENCE.format(i=i) for i in range(4)]


def test_rows_of_a_data_table_are_lines() -> None:
    rows = "".join(
        f"<tr><td>Film {i}</td><td>199{i}</td><td>A loop, again.</td></tr>" for i in range(3)
    )
    html = f"<html><body><h1>List</h1><article>{_paras(3)}<table>{rows}</table></article></body></html>"
    paragraphs = parse_html(html).paragraphs
    assert paragraphs[3:] == [
        "Film 0 1990 A loop, again.",
        "Film 1 1991 A loop, again.",
        "Film 2 1992 A loop, again.",
    ]


def test_a_one_cell_row_is_a_photo_box_not_data() -> None:
    box = '<table><tr><td><img src="a.jpg"><br>Crews at work. (Staff photo)</td></tr></table>'
    html = f"<html><body><h1>News</h1><article>{box}{_paras(4)}</article></body></html>"
    assert parse_html(html).paragraphs == [SENTENCE.format(i=i) for i in range(4)]


def test_hidden_text_is_not_body() -> None:
    html = (
        "<html><body><h1>Math</h1><article>"
        '<p>The formula <span style="display: none">{\\displaystyle x}</span>holds for every case we know of here.</p>'
        '<p><span aria-hidden="true">**WRONG**</span>Second paragraph in words enough to be read as text.</p>'
        f"<div hidden>{_paras(1, 'A hidden block that the page never shows to its readers at all.')}</div>"
        f"{_paras(2)}</article></body></html>"
    )
    assert parse_html(html).paragraphs == [
        "The formula holds for every case we know of here.",
        "Second paragraph in words enough to be read as text.",
        SENTENCE.format(i=0),
        SENTENCE.format(i=1),
    ]


def test_opening_paragraphs_before_the_fold_block() -> None:
    """The story's first paragraphs sit beside the block that holds the rest."""
    rest = f'<div class="more">{_paras(8)}</div>'
    opening = (
        "<p>The opening paragraph of the story sits above the fold, in words enough to count.</p>"
    )
    html = f"<html><body><h1>Story</h1><div>{opening}<p>Short.</p>{rest}</div></body></html>"
    paragraphs = parse_html(html).paragraphs
    assert (
        paragraphs[0]
        == "The opening paragraph of the story sits above the fold, in words enough to count."
    )
    assert paragraphs[1:] == [SENTENCE.format(i=i) for i in range(8)]


def test_jsonld_name_with_the_visible_headline_beats_its_description_headline() -> None:
    html = (
        '<html><head><title>Hermitian matrix - Encyclopedia</title><script type="application/ld+json">'
        '{"@type": "Article", "name": "Hermitian matrix", "headline": "matrix equal to its conjugate-transpose"}'
        f"</script></head><body><h1>Hermitian matrix</h1><article>{_paras(3)}</article></body></html>"
    )
    fields = parse_html(html)
    assert (fields.title, fields.sources["title"]) == ("Hermitian matrix", "visible")


def test_jsonld_headline_stays_when_its_name_is_the_headline() -> None:
    html = (
        '<html><head><title>Short title | Site</title><script type="application/ld+json">'
        '{"@type": "NewsArticle", "headline": "The longer headline of the story"}'
        f"</script></head><body><h1>Short title</h1><article>{_paras(3)}</article></body></html>"
    )
    assert parse_html(html).title == "The longer headline of the story"


def test_inline_parts_join_as_shown() -> None:
    """A drop cap and a link before a full stop join without a space; a <br> still breaks."""
    html = (
        "<html><body><h1><span>Kicker:</span>The <em>headline</em>, shown.</h1><article>"
        '<p><span class="drop">W</span>hales return to the bay, as <a href="/x">reported</a>.</p>'
        "<p>First line of a paragraph<br>and its second line, in words enough to count.</p>"
        f"{_paras(3)}</article></body></html>"
    )
    fields = parse_html(html)
    assert fields.title == "Kicker: The headline, shown."
    assert fields.paragraphs[:2] == [
        "Whales return to the bay, as reported.",
        "First line of a paragraph and its second line, in words enough to count.",
    ]


LINE = "This is sentence {i} of a story told in plain lines, with enough words to read"
LINES = "<br><br>".join(LINE.format(i=i) for i in range(8))


def test_lines_straight_inside_body() -> None:
    fields = parse_html(f"<html><body><h1>Title</h1>{LINES}</body></html>")
    assert fields.paragraphs == [LINE.format(i=i) for i in range(8)]


def test_lines_in_a_layout_cell_leave_the_headline_out() -> None:
    html = f"<html><body><table><tr><td><h1>Title</h1>{LINES}</td></tr></table></body></html>"
    assert parse_html(html).paragraphs == [LINE.format(i=i) for i in range(8)]


def test_preformatted_story_splits_at_blank_lines() -> None:
    text = "\n".join(LINE.format(i=i) for i in range(4)) + "\n\n" + LINE.format(i=4)
    fields = parse_html(f"<html><body><h1>Title</h1><pre>{text}</pre></body></html>")
    assert fields.paragraphs == [
        " ".join(LINE.format(i=i) for i in range(4)),
        LINE.format(i=4),
    ]


def test_slides_of_one_class_are_all_read() -> None:
    slides = "".join(
        f'<div class="slide"><h2>Slide {i}</h2><div class="txt">{LINE.format(i=i)}.</div></div>'
        for i in range(3)
    )
    fields = parse_html(f"<html><body><h1>Title</h1>{slides}</body></html>")
    assert fields.paragraphs == [
        part for i in range(3) for part in (f"Slide {i}", f"{LINE.format(i=i)}.")
    ]


def test_cards_of_a_heading_and_inline_text() -> None:
    cells = "".join(
        f'<div class="cell"><h3>Point {i}</h3><span>{LINE.format(i=i)}.</span></div>'
        for i in range(3)
    )
    html = f'<html><body><h1>Title</h1><div class="grid">{cells}</div></body></html>'
    assert parse_html(html).paragraphs == [f"Point {i} {LINE.format(i=i)}." for i in range(3)]


def test_a_data_row_may_wrap_its_values_in_divs() -> None:
    rows = "".join(
        f"<tr><td><div><span>App {i}</span></div></td><td><div>7{i} MB</div></td></tr>"
        for i in range(2)
    )
    html = f"<html><body><h1>Sizes</h1><article>{_paras(3)}<table>{rows}</table></article></body></html>"
    assert parse_html(html).paragraphs[3:] == ["App 0 70 MB", "App 1 71 MB"]


def test_a_headline_in_h2_that_the_title_repeats_is_the_headline() -> None:
    """No <h1>: the <h2> the <title> repeats heads the page, so it is no headless page."""
    html = (
        "<html><head><title>Column: Why the stage needs drag - Theatre Site</title></head><body>"
        "<h2>Theatre Site</h2><div><h2>Column: Why the stage needs drag</h2>"
        f"{_paras(4)}</div></body></html>"
    )
    fields = parse_html(html)
    assert (fields.title, fields.sources["title"]) == (
        "Column: Why the stage needs drag",
        "visible",
    )
    assert fields.paragraphs == [SENTENCE.format(i=i) for i in range(4)]


def test_a_metadata_title_stays_over_a_heading_a_level_down() -> None:
    html = (
        '<html><head><meta property="og:title" content="Hotel opens as a theatre">'
        "<title>Premiere: Hotel opens as a theatre | Site</title></head><body>"
        f"<h2>Premiere: Hotel opens as a theatre</h2><article>{_paras(4)}</article></body></html>"
    )
    assert parse_html(html).title == "Hotel opens as a theatre"


def _front(meta: str) -> str:
    cards = "".join(f'<h3><a href="/s{i}">Story {i} of the day</a></h3>' for i in range(6))
    return (
        f'<html><head><meta property="og:type" content="website">{meta}</head><body>'
        f"<h1>The story</h1><article>{_paras(6)}</article><aside>{cards}</aside></body></html>"
    )


def test_a_grid_of_cards_without_a_date_is_a_section_front() -> None:
    assert parse_html(_front("")).page_kind == "section_front"


def test_a_story_whose_metadata_declares_its_date_beside_cards_is_no_front() -> None:
    meta = '<meta property="article:published_time" content="2022-02-02T11:17:45Z">'
    assert parse_html(_front(meta)).page_kind is None


def test_the_standfirst_in_the_article_header_opens_the_body() -> None:
    dek = "The council's plan moves money from roads to heating, and the vote was close, again."
    header = f"<header><h1>Winter budget passes</h1><p>{dek}</p><p>By A. Writer</p></header>"
    html = f"<html><body><article>{header}<section>{_paras(4)}</section></article></body></html>"
    assert parse_html(html).paragraphs == [dek, *(SENTENCE.format(i=i) for i in range(4))]


def test_a_standfirst_box_of_bare_text_before_the_story_opens_the_body() -> None:
    dek = (
        "A season of wins? The team keeps answering its doubters, and the league starts to"
        " notice that a new club is joining the very top of the table this year."
    )
    html = (
        f"<html><body><h1>Winning run</h1><div class='perex'>{dek}</div>"
        f"<div class='photo'><a href='/p'>Photo gallery</a></div>"
        f"<div class='content'>{_paras(12)}</div></body></html>"
    )
    assert parse_html(html).paragraphs == [dek, *(SENTENCE.format(i=i) for i in range(12))]


def test_boxes_of_bare_text_one_after_another_are_no_standfirst() -> None:
    """A story written in <div>s before the block the first pass chose: not its lead."""
    text = "A part of the story in a box of its own, long enough to be a paragraph here. " * 2
    boxes = "".join(f"<div class='para'>{i} {text}</div>" for i in range(2))
    html = f"<html><body><h1>Story</h1>{boxes}<div class='content'>{_paras(12)}</div></body></html>"
    assert parse_html(html).paragraphs == [SENTENCE.format(i=i) for i in range(12)]


def test_a_list_item_with_only_an_empty_paragraph_is_read() -> None:
    """Old markup spaces list items with an empty <p>: the item's text is still the story's."""
    items = "".join(
        f"<li>Reply {i} said the same thing in other words, again.<p></p></li>" for i in range(3)
    )
    html = (
        f"<html><body><h1>Replies</h1><article>{_paras(4)}<ul>{items}</ul></article></body></html>"
    )
    assert parse_html(html).paragraphs[4:] == [
        f"Reply {i} said the same thing in other words, again." for i in range(3)
    ]


def test_a_headline_a_level_down_keeps_its_story_out_of_the_chrome_pass() -> None:
    """A blog template wraps the post in a 'widget' block; its headline is an <h3> that the
    <title> repeats, and the post is bare text between <br>s: the headline marks the story."""
    post = "<br>".join(f"{SENTENCE.format(i=i)} {SENTENCE.format(i=i)}" for i in range(3))
    html = (
        "<html><head><title>Notes: The release is out today</title></head><body>"
        "<div class='widget Blog'><div class='post'><h3>The release is out today</h3>"
        f"<div class='post-body'>{post}</div></div></div></body></html>"
    )
    fields = parse_html(html)
    assert fields.title == "The release is out today"
    assert fields.paragraphs == [f"{SENTENCE.format(i=i)} {SENTENCE.format(i=i)}" for i in range(3)]


def test_definition_list_text_in_the_story_is_read() -> None:
    """Terms and their definitions (<dt>/<dd>, and indented lines written as <dd>) are story
    text; a definition holding <p>s is read by its paragraphs."""
    dl = (
        "<dl><dt>Node</dt><dd>A single running kernel on a server, counted once.</dd>"
        "<dd><p>Proof: the count is taken once per kernel, as defined above.</p></dd></dl>"
    )
    html = f"<html><body><h1>Terms</h1><article>{_paras(4)}{dl}</article></body></html>"
    assert parse_html(html).paragraphs[4:] == [
        "Node",
        "A single running kernel on a server, counted once.",
        "Proof: the count is taken once per kernel, as defined above.",
    ]


def test_a_div_paragraph_holds_no_block_but_its_own_card_heading() -> None:
    """A heading straight inside makes a card; one a level down is a block inside."""
    text = "The text beside the heading, in a sentence long enough to read."
    html = (
        f"<html><body><div id='card'><h3>Step one</h3><span>{text}</span></div>"
        f"<div id='nested'><span><h3>Step two</h3></span><span>{text}</span></div>"
        f"<div id='block'>{text}<ul><li>an item</li></ul></div></body></html>"
    )
    tree = LexborHTMLParser(html)
    assert [node.attributes.get("id") for node in div_paragraphs(tree)] == ["card"]


def test_a_short_list_item_mostly_of_links_is_left_out() -> None:
    items = (
        "<li>Read the <a href='/a'>whole guide to the city's bridges</a></li>"
        "<li>A fact about the bridges, with <a href='/b'>one link</a> in it.</li>"
    )
    html = (
        f"<html><body><h1>Bridges</h1><article>{_paras(3)}<ul>{items}</ul></article></body></html>"
    )
    assert parse_html(html).paragraphs[3:] == ["A fact about the bridges, with one link in it."]


# --- credits and sign-offs beside the story (issues #13, #14) --------------------------

RU = [
    "В Самаре из-за аварии на теплотрассе без отопления остались 46 жилых домов района.",
    "Аварийные бригады работают на месте, подачу тепла планируют восстановить к утру.",
    "В двух школах временно установлены электрические обогреватели, сообщили в мэрии.",
    "Жителям рекомендуют сообщать о проблемах по телефону единой дежурной службы города.",
]
ZH = [
    "杭州市交通运输局10日表示，春节假期期间地铁运营时间将延长至次日凌晨1点，以满足市民夜间出行需求。",
    "据介绍，延时运营将覆盖全部12条线路，重点站点还将增派工作人员引导客流，保障乘客安全。",
    "交通部门提醒，假期最后两天预计将迎来返程高峰，建议乘客错峰出行，提前规划路线。",
]
EN = [SENTENCE.format(i=i) for i in range(4)]


def test_a_caption_and_a_header_line_beside_a_story_of_br_lines() -> None:
    """A story in <br> lines: the photo box beside it (a caption ending in its credit) and the
    header line of byline and date <span>s are not body."""
    html = (
        "<html><body><h1>Без отопления остались 46 домов</h1>"
        "<div class='info'><span class='news-author'>Текст: Ирина Соколова</span>"
        "<span class='news-date-time'>5 января 2024, 22:30</span>"
        "<span>Обновлено: 6 января 2024, 00:01</span><span>Время чтения: 5 минут</span></div>"
        "<div class='picture'><img src='a.jpg'><div class='sign'>Аварийная бригада на улице."
        " Фото: Алексей Громов / «Вестник»</div></div>"
        f"<div class='text'>{'<br><br>'.join(RU)}</div></body></html>"
    )
    assert parse_html(html).paragraphs == RU


@pytest.mark.parametrize(
    ("caption", "story"),
    [
        ("乘客在武林广场站候车。（摄影：陈晨）", ZH),
        ("Crews repair the main on Ash Street. Photo: A. Fox", EN),
        ("Einsatzkräfte an der Ash Street. Foto: Anna Fuchs / Stadtblatt", EN),
        ("Foto: PAP", EN),
        ("Бригада на месте. (Фото: Алексей Громов)", RU),
    ],
)
def test_a_caption_ending_in_its_credit_is_not_body(caption: str, story: list[str]) -> None:
    html = (
        "<html><body><h1>Story</h1><article><p class='pic'><img src='a.jpg'></p>"
        f"<p class='note'>{caption}</p>{''.join(f'<p>{s}</p>' for s in story)}</article></body></html>"
    )
    assert parse_html(html).paragraphs == story


@pytest.mark.parametrize(
    ("sign_off", "story"),
    [
        ("责任编辑：赵敏", ZH),
        ("[责任编辑：王丽]", ZH),
        ("Editor: Budi Santoso", EN),
        ("Redaktion: Anna Fuchs, Faktencheck: Jan Roe", EN),
        ("(Reporting by Anna Fox in Paris; Editing by Jan Roe)", EN),
        ("Reporting by A. Fox; additional reporting by B. Roe, editing by C. Doe", EN),
    ],
)
def test_the_editors_sign_off_under_the_story_is_not_body(sign_off: str, story: list[str]) -> None:
    html = (
        f"<html><body><h1>Story</h1><article>{''.join(f'<p>{s}</p>' for s in story)}"
        f"<p class='end'>{sign_off}</p></article></body></html>"
    )
    assert parse_html(html).paragraphs == story


@pytest.mark.parametrize(
    "line",
    [
        "He showed the picture: a boy on the beach, with his dog, at dawn.",
        "Editor's note: this story was updated to correct the date of the vote.",
        "The mayor said the plan was edited by the council before the vote.",
        "Der Redakteur sagt: Wir haben das Foto nicht verändert, sagte er.",
        "记者从市交通局获悉，地铁编辑部门将发布新的时刻表。",
    ],
)
def test_a_story_line_that_mentions_a_photo_or_an_editor_stays(line: str) -> None:
    html = f"<html><body><h1>Story</h1><article><p>{line}</p>{_paras(3)}</article></body></html>"
    assert parse_html(html).paragraphs == [line, *(SENTENCE.format(i=i) for i in range(3))]


@pytest.mark.parametrize(
    "wrapper",
    ["<font>", "<font face='arial' size='2'>", "<b>"],
)
@pytest.mark.parametrize(
    "where", ["{}", "<div class='story'>{}</div>", "<table><tr><td>{}</td></tr></table>"]
)
@pytest.mark.parametrize("n", [2, 5, 8])
def test_a_formatting_wrapper_around_open_paragraphs_keeps_the_last(
    wrapper: str, where: str, n: int
) -> None:
    """'<font><p>a<p>b</font>': the parser closes the last paragraph's <font> early and moves
    the paragraph beside it (the HTML adoption agency)."""
    tag = wrapper[1:].split()[0].rstrip(">")
    story = "".join(f"<p>{SENTENCE.format(i=i)}" for i in range(n))
    html = f"<html><body><h1>Old page</h1>{where.format(f'{wrapper}{story}</{tag}>')}</body></html>"
    assert parse_html(html).paragraphs == [SENTENCE.format(i=i) for i in range(n)]


@pytest.mark.parametrize(
    "caption",
    [
        "The first global map of the moon. (NASA/JPL-Caltech/ASU)",
        "Das Hermelin ist im Winter gut getarnt. (mlharing / iStock.com)",
        "The logo is displayed outside an office in New York.Reuters",
        "The road to retiring early isn't easy.Anna Fox/Getty",
        # a gallery's slide: the caption, its truncated copy, then the credit
        f"{'Crews work on the main on Ash Street, Tuesday, Nov. 19, 2019. ' * 3}... more Photo: A. Fox, AP",
        "Vecinos en la plaza mayor durante la fiesta del barrio ... más Foto: Ana Ruiz / Diario",
    ],
)
def test_a_caption_written_beside_its_image_with_its_credit_is_not_body(caption: str) -> None:
    """The image and its caption in one paragraph, the credit in brackets or glued after the
    caption's full stop."""
    html = (
        f"<html><body><h1>Story</h1><article>{_paras(2)}"
        f"<p><span><a href='/i'><img src='a.jpg'></a><span>{caption}</span></span></p>"
        f"{_paras(2)}</article></body></html>"
    )
    assert parse_html(html).paragraphs == [SENTENCE.format(i=i) for i in (0, 1, 0, 1)]


@pytest.mark.parametrize(
    "line",
    [
        "The team won the final at home. (Again.)",
        "Wie hoch liegt der Sand (ρ = 1 600 kg/m³)?",
        "Ein Spiel für Kinder: http://example.org/2A6mxCW",
        "The prices rose (by 3%).",
    ],
)
def test_a_story_line_beside_an_image_stays(line: str) -> None:
    html = (
        f"<html><body><h1>Story</h1><article>{_paras(2)}"
        f"<p><img src='a.jpg'>{line}</p></article></body></html>"
    )
    assert parse_html(html).paragraphs == [SENTENCE.format(i=0), SENTENCE.format(i=1), line]


@pytest.mark.parametrize(
    ("parts", "kept"),
    [
        (
            "<span class='byline'>By Anna Fox and Jan Roe, Staff Writers</span>"
            "<span class='date'>March 3, 2024, 9:05 AM</span>",
            [],
        ),
        (
            "<span>Von Anna Fuchs</span><span>Aktualisiert: 3. März 2024, 09:05 Uhr"
            "</span><span>Lesezeit: 4 Minuten</span>",
            [],
        ),
        (
            "<span class='date'>March 3, 2024</span><span>The council met again on Tuesday to vote on the budget.</span>",
            ["March 3, 2024 The council met again on Tuesday to vote on the budget."],
        ),
        (
            "<span>By the end of the year, the council will vote on the new budget plan.</span>",
            ["By the end of the year, the council will vote on the new budget plan."],
        ),
    ],
)
def test_a_header_line_of_inline_parts_is_not_body(parts: str, kept: list[str]) -> None:
    """A <div> of <span>s each a byline, date, update or read-time line (by class or words) is
    the header line; one story sentence among them makes it text."""
    story = [f"{LINE.format(i=i)}." for i in range(6)]
    divs = "".join(f"<div class='p'>{line}</div>" for line in story)
    html = f"<html><body><h1>Title</h1><div class='info'>{parts}</div>{divs}</body></html>"
    assert parse_html(html).paragraphs == [*kept, *story]


def test_a_grid_of_story_links_is_no_body_text() -> None:
    """A video page's 'More videos' grid: a <div> of card links, their titles side by side
    with no sentence of their own, is left out however long it is; a paragraph that links a
    few words stays."""
    cards = "".join(
        f'<a href="/video/{i}"><img src="t{i}.jpg" alt="">Card title number {i} of the grid</a>'
        for i in range(12)
    )
    linked = (
        "The council <a href='/a'>approved the plan</a> on Monday, and the mayor said the works "
        "would start in the spring, once the budget is signed and the contracts are awarded."
    )
    html = f"""<html><body><main><h1>Watch: the river rescue</h1>{_paras(5)}
    <div class="grid">{cards}</div><p>{linked}</p></main></body></html>"""
    paragraphs = parse_html(html).paragraphs
    assert paragraphs == [
        *(SENTENCE.format(i=i) for i in range(5)),
        linked.replace("<a href='/a'>", "").replace("</a>", ""),
    ]
