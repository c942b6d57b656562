"""HTML pages -> PageFields with selectolax: metadata cascade, visible byline/date, body, related.

The body is found generically: paragraphs vote for the element that holds them (text
length, minus link text), the best-scoring container wins, and its paragraphs and
sub-headings are read in order, skipping boilerplate regions.
"""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser, LexborNode

from pipelines.normalize.text import clean_line, word_count, word_count_of_lines
from pipelines.parse.body import char_count, div_paragraphs, line_paragraphs, once, read_body
from pipelines.parse.byline import (
    closing_byline,
    may_close_on_name,
    read_caption,
    visible_byline_and_date,
)
from pipelines.parse.chrome import strip_boilerplate
from pipelines.parse.dates import DATE_SCAN, read_date_stamps
from pipelines.parse.dom import (
    DROP_SCAN,
    DROP_TAGS,
    article_of,
    decompose_all,
    in_drop,
    mark_line_breaks,
    node_text,
)
from pipelines.parse.fields import PageFields
from pipelines.parse.header_lines import header_lines, offer_header_lines
from pipelines.parse.meta import (
    HEAD_SCAN,
    Tagged,
    jsonld_objects,
    meta_tags,
    read_jsonld,
    read_markup,
    read_meta,
    shows_error_route,
)
from pipelines.parse.page_kind import TEASER_WORDS, is_not_found, short_page_kind
from pipelines.parse.related_blocks import find_related
from pipelines.parse.select import css, css_first
from pipelines.parse.shown_dates import read_shown_dates
from pipelines.parse.title import choose_title, page_h1, title_heading

_FEW_CHARS = 1200  # a body shorter than this (~200 words of Latin text) may be the wrong block
_HEADLINE_LINKS = "h2 a[href], h3 a[href], h4 a[href], a[href] h2, a[href] h3, a[href] h4"
_COPYRIGHT_CHARS = 120  # the '© 2024 Outlet Name. All rights reserved.' line
_LISTING_TYPES = ("website", "profile")
# The never-text tags are no metadata, whatever they carry (`<svg itemprop=...>`, `<button
# class="published">`), and a <br> is none either.
_NOT_HEADS = DROP_TAGS | {"br"}
_FIRST_SCAN = f"{HEAD_SCAN}, {DATE_SCAN}, {DROP_SCAN}, br, article"
_FRONT_STORIES = 6  # headline links in headings: a section front's grid of story cards


def _story_scope(tree: LexborHTMLParser, articles: list[LexborNode]) -> LexborNode | None:
    """Where the headline, visible byline, date and caption are looked for: the <article>;
    of many (teasers are <article>s too, and an endless page's next stories), the first with
    at least half the text of the longest; else the body."""
    if len(articles) > 1:
        sizes = [len(a.text(deep=True) or "") for a in articles]
        return next(a for a, size in zip(articles, sizes, strict=True) if size >= max(sizes) / 2)
    return articles[0] if articles else tree.body or tree.root


def _dated(fields: PageFields) -> bool:
    """The page shows a publication date, or its metadata declares one: a dated document
    (a story beside a grid of cards), not a section front."""
    return fields.published_text is not None or any(
        s.kind == "published" and s.source in ("jsonld", "meta") for s in fields.date_stamps
    )


def parse_html(html: str | bytes) -> PageFields:
    """An HTML page -> PageFields (metadata cascade, visible fields, body paragraphs, related).

    Pass UTF-8 pages as bytes when you have them: Lexbor parses UTF-8, so a str costs an
    encoding pass more.
    """
    tree = LexborHTMLParser(html)
    fields = PageFields()
    # metadata: <meta>, canonical <link>, [itemprop], <time> (not a never-text tag or a <br>),
    # the never-text elements (the <script>s, JSON-LD among them) and the <br>s, in one walk:
    # a walk of the tree costs the same with a few selectors more, and tags() walks it once
    # per tag. Whether the page has an <article> is read there too: without one, the tree is
    # not walked for it again.
    heads: list[Tagged] = []
    dated: list[Tagged] = []  # the heads markup_stamps may read: most <meta>s it passes over
    scripts: list[LexborNode] = []
    breaks: list[LexborNode] = []
    drops: list[LexborNode] = []  # removed, in page order, once the metadata is read
    has_article, article_id = False, None
    # a node is listed once per selector it matches, those listings in a row
    for node in css(tree, _FIRST_SCAN):
        tag = node.tag
        if tag == "article" and node.mem_id != article_id:
            has_article, article_id = True, node.mem_id  # the 'article' selector's listing
        elif tag not in _NOT_HEADS:
            heads.append(tagged := (node, attrs := node.attributes))
            # a <meta> with no itemprop, class or pubdate dates nothing in markup_stamps (its
            # name is read by meta_stamps): most of a page's <meta>s are left out there
            if tag != "meta" or "itemprop" in attrs or "class" in attrs or "pubdate" in attrs:
                dated.append(tagged)
        else:  # a never-text element or a <br>: once, though a head selector may list it too
            into = breaks if tag == "br" else drops
            if not into or into[-1].mem_id != node.mem_id:
                into.append(node)
                if tag == "script":
                    scripts.append(node)
    mark_line_breaks(breaks)
    objects, meta = jsonld_objects(scripts), meta_tags(heads)
    article_body = once(read_jsonld(objects, fields))
    read_meta(meta, fields)
    fields.date_stamps = read_date_stamps(objects, meta, dated, scripts)
    error_route = shows_error_route(scripts)
    itemprops = read_markup(tree, fields, heads)
    # [itemprop=articleBody] marks the story for the chrome pass; one inside a <noscript>
    # copy goes with it, so it is left out now, while the tree still holds it.
    story_bodies = [
        n
        for n in itemprops.get("articleBody", ())
        if n.tag != "p"  # a <p> is a mark of its own in the chrome pass
        and not in_drop(n)
    ]

    title_node = css_first(tree.head, "title") or css_first(tree, "title")
    title_tag = node_text(title_node) if title_node is not None else None
    # Nothing above removes a node or changes what the drop tags match: the walk's listing
    # stands for a walk of its own. The scripts and any node inside a drop are not touched
    # after this.
    decompose_all(drops)
    # og:type 'website' (a front) or 'profile' (a person's page: an author's archive)
    cards = len(css(tree, _HEADLINE_LINKS)) if fields.page_type in _LISTING_TYPES else 0
    body_text = None  # the body's text, kept while nothing is removed from the tree
    if fields.site_name is None and title_tag and tree.body is not None:
        fields.title_tag = title_tag  # its site suffix may name the outlet: the footer's © says
        footer = body_text = tree.body.text(separator=" ")
        at = footer.rfind("\u00a9")
        fields.copyright_line = footer[at : at + _COPYRIGHT_CHARS] if at >= 0 else None
    related = find_related(tree.body or tree.root, fields.canonical_url)
    fields.related = related.items
    for teaser in reversed(related.teasers):  # 'Read also: …' lines are not body text
        teaser.decompose()
        body_text = None

    # tags(): Lexbor's lookup of one tag, cheaper than a css() walk of the tree
    articles = tree.tags("article") if has_article else []
    scope = _story_scope(tree, articles)
    # without an <article> the scope is the body, which holds every <h1> (the parser moves
    # one written in the head)
    h1_node = page_h1(css(scope, "h1") if scope is not None and articles else tree.tags("h1"))
    if h1_node is None and articles:  # an <h1> that is the site's logo is no headline (title.py)
        h1_node = page_h1(tree.tags("h1"))
    real_h1 = h1_node is not None
    if h1_node is None and title_tag:  # the headline a level down: below metadata titles
        h1_node = title_heading(tree, title_tag)
    h1 = node_text(h1_node) if h1_node is not None else None
    if h1_node is not None and not real_h1:
        story_bodies.append(h1_node)  # a headline a level down marks the story as an h1 does
    story_article = article_of(h1_node)  # found before the chrome pass may free the h1
    choose_title(fields, h1 if real_h1 else None, title_tag, fields.site_name, heading=h1)
    if scope is not None:
        visible_byline_and_date(scope, fields)
        if read_caption(scope, fields):
            body_text = None  # its credit line was removed
        captions: list[str] = []  # the lines written right after an image
        offer_header_lines(fields, header_lines(scope, h1_node, captions), captions)
        if fields.byline is None and may_close_on_name(html):  # (a byline found wins)
            closing_byline(scope, fields)
    if tree.body is not None and fields.shows_wall_times():  # where zone labels are looked for
        fields.page_text = tree.body.text(separator=" ") if body_text is None else body_text

    read_shown_dates(fields, tree.body, h1, html)
    known_texts: dict[int, str] = {}  # paragraph texts, measured once
    strip_boilerplate(tree, known_texts, story_bodies)
    paragraphs = read_body(tree, h1, texts=known_texts, story_article=story_article)
    words = word_count_of_lines(paragraphs)
    if char_count(paragraphs) < _FEW_CHARS and not article_body:  # maybe written in <div>s
        divs = div_paragraphs(tree)
        if divs:
            # the tree is as the first read left it: its paragraphs' texts still hold
            texts = read_body(tree, h1, divs, texts=known_texts, story_article=story_article)
            found_words = word_count_of_lines(texts)
            if found_words > 1.5 * max(words, 1):
                paragraphs, words = texts, found_words
    if char_count(paragraphs) < _FEW_CHARS and not article_body:
        lines = line_paragraphs(tree, h1, whole_page=words < 40)
        if (line_words := word_count_of_lines(lines)) > max(words * 2, 40):
            paragraphs, words = lines, line_words
    if article_body and word_count(article_body) > max(words * 1.5, 40):
        paragraphs = [c for p in article_body.splitlines() if (c := clean_line(p))]
        words = word_count_of_lines(paragraphs)
        fields.sources["body"] = "jsonld"
    elif paragraphs:
        fields.sources["body"] = "visible"
    fields.paragraphs, fields.words = paragraphs, words

    if cards >= _FRONT_STORIES and not _dated(fields):
        fields.page_kind = "section_front"  # og:type website, no date, a grid of story cards
    elif error_route or is_not_found(title_tag, h1, words, char_count(paragraphs)):
        fields.page_kind = "not_found"
    elif words < 40 or h1 is None:  # no headline: maybe a wall or a listing whatever its size
        fields.page_kind = short_page_kind(html)
    elif fields.free is False and words < TEASER_WORDS:
        # a short story its metadata declares paywalled: maybe the teaser above the wall
        fields.page_kind = short_page_kind(html, teaser=True)
    return fields
