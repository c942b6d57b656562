"""HTML pages -> PageFields with selectolax: metadata cascade, visible byline/date, body, related.

The body is found generically: paragraphs vote for the element that holds them (text
length, minus link text), the best-scoring container wins, and its paragraphs and
sub-headings are read in order, skipping boilerplate regions.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import lru_cache

from selectolax.lexbor import LexborHTMLParser, LexborNode

from pipelines.normalize.dates import find_date
from pipelines.normalize.news_words import CONSENT, alternation, words
from pipelines.normalize.text import clean_line, word_count, word_count_of_lines
from pipelines.normalize.zone_evidence import zones_from_labels
from pipelines.parse.fields import PageFields
from pipelines.parse.header_lines import header_lines, offer_header_lines
from pipelines.parse.meta import (
    HEAD_SCAN,
    jsonld_objects,
    meta_tags,
    read_jsonld,
    read_markup,
    read_meta,
)
from pipelines.parse.related_blocks import find_related

_DROP_TAGS = frozenset(
    "script style noscript template svg iframe object embed canvas button select".split()
)
_DROP = ", ".join(sorted(_DROP_TAGS))
# class/id/role words that mark a region as page chrome rather than article text. Words are
# split on whitespace, "-" and "_" ("site-footer", "cookie_banner"); compounds are matched whole.
_CHROME_WORDS = frozenset(
    """nav navbar navigation menu breadcrumb breadcrumbs footer masthead cookie cookies consent
    gdpr cmp newsletter subscribe subscription signup paywall promo advert ad ads advertisement
    banner sponsored share sharing social comment comments related recommended recommendations
    popular trending sidebar aside widget tag tags topics modal popup overlay outbrain taboola
    toolbar pagination feed latest ticker""".split()
)
_CHROME_COMPOUNDS = re.compile(
    r"read[-_]?more|more[-_]?news|most[-_]?read|author[-_]?bio|skip[-_]?link"
)
# Chrome is a block: links, spans and images with a "share" class sit inside one that is
# removed anyway. Selecting by tag alone is three times cheaper in Lexbor than by attribute.
_CHROME_TAGS = frozenset({"nav", "footer", "aside", "dialog", "figure"})
# Chrome unless they hold the story: the article's own <header> has the headline, and ASP.NET
# pages wrap the whole page, story included, in one <form>.
_CHROME_UNLESS_STORY = frozenset({"header", "form"})
_CHROME_SCAN_TAGS = frozenset("div section ul ol p table dl".split()) | _CHROME_TAGS
_CHROME_SCAN_TAGS |= _CHROME_UNLESS_STORY
_CHROME_SCAN = ", ".join(sorted(_CHROME_SCAN_TAGS))
_STORY_MARKS = frozenset({"h1", "article", "p"})  # and [itemprop=articleBody], from the head scan
_CHROME_AND_STORY_SCAN = f"{_CHROME_SCAN}, h1, article"
# class/id tokens of the byline and dateline blocks: read as metadata, never as body text.
_META_TOKEN = re.compile(
    r"^(?:byline|bylines|author|authors|article-?author|author-?name|dateline|date|published|"
    r"publish-?date|timestamp|article-?meta|meta|kicker|caption|credit)$",
    re.IGNORECASE,
)
_TOKEN_SPLIT = re.compile(r"[\s_]+|(?<=[a-z])-(?=[a-z])")
_BLOCKS = "p, h2, h3, h4, blockquote, li, pre"
# A <div> used as a paragraph (CNN's zn-body__paragraph, Reuters' text__text): a sentence's
# worth of text of its own and no block inside; a list item twice that. Looked for only when
# <p> found little.
_DIV_PARAGRAPH_MIN = 40
_INSIDE_A_PARAGRAPH = "p, div, li, h1, h2, h3, h4, table, section, article, ul, ol"
_FEW_CHARS = 1200  # a body shorter than this (~200 words of Latin text) may be the wrong block
_NOT_FOUND = re.compile(
    r"\b(?:404|page not found|not found|seite nicht gefunden|page introuvable|"
    r"сторінку не знайдено|страница не найдена|página no encontrada)\b",
    re.IGNORECASE,
)
# Where a visible byline / dateline is, most specific first: (how, value) reads "the rel
# attribute is", "a class is", "the class attribute contains". One walk finds every
# candidate; the rules then pick, instead of a walk per CSS selector.
_BYLINE_RULES = (
    ("rel", "author"),
    ("class", "byline__name"),
    ("class", "byline-name"),
    ("class", "author-name"),
    ("class", "article-author"),
    ("class", "byline"),
    ("contains", "byline"),
    ("class", "author"),
    ("prefix", "author"),  # 'authorname', 'author_link'
    ("href", "/autor"),  # a link to the writer's page: '/autoren/name/max-kolter', '/author/x'
    ("href", "/author/"),
    ("suffix", "author"),  # 'news-author' (not 'comment-author')
)
_DATE_RULES = (
    ("class", "published"),
    ("class", "publish-date"),
    ("class", "article-date"),
    ("class", "date"),
    ("contains", "date"),
)
_BYLINE_DATE_SCAN = (
    '[rel="author"], [class*="byline"], [class*="author"], [class*="date"], .published, '
    'a[href*="/autor"], a[href*="/author/"]'
)
_CREDIT = re.compile(
    r"^(?P<cap>.*?)[\s.]*(?:\((?P<a>[^()]+)\)|(?:photo|foto|фото)\s*:\s*(?P<b>.+))$", re.I
)
_TITLE_SPLIT = re.compile(r"\s+[|–—-]\s+|\s+::\s+|\s+»\s+")
# A kicker before the headline proper: 'Kenia: ', 'Nach Gaetz-Rückzug: '.
_KICKER = re.compile(r"[^\W\d][^:]{0,59}:\s+")
# A headline from metadata keeps its dashes ('Vädjar efter attackerna – "kritiskt"'); only a
# pipe there is a separator ('... | Sport').
_META_TITLE_SPLIT = re.compile(r"\s+\|\s+")


def _story_wrappers(nodes: list[LexborNode], texts: dict[int, str]) -> set[int]:
    """Elements that hold the story, whatever their class says ("widget Blog",
    "sidebar-grid__content"): every ancestor of the headline and of the article element, and
    every element holding a third of the page's long-paragraph text or five long paragraphs.

    `nodes`: the page's h1s, <article>s, [itemprop=articleBody] elements and <p>s, in
    document order. Each paragraph's clean text is left in `texts` (a <p> cannot hold the
    blocks the chrome pass removes, so the body pass can reuse it)."""
    wrappers: set[int] = set()
    parents: dict[int, tuple[LexborNode, int, int]] = {}  # a long paragraph's parent: size, count
    total = 0
    for p in nodes:
        if p.tag != "p" or p.attributes.get("itemprop") == "articleBody":
            parent = p.parent
            while parent is not None and parent.mem_id not in wrappers:
                wrappers.add(parent.mem_id)
                parent = parent.parent
            if p.tag != "p":
                continue
        text = texts[p.mem_id] = _text(p)
        size = len(text)
        if size < 80 or (parent := p.parent) is None:
            continue
        total += size
        _, held, count = parents.get(parent.mem_id, (parent, 0, 0))
        parents[parent.mem_id] = (parent, held + size, count + 1)
    # Sibling paragraphs share their ancestors: walk each parent's chain once.
    held_by: dict[int, int] = {}
    count_by: dict[int, int] = {}
    for ancestor, held, count in parents.values():
        node: LexborNode | None = ancestor
        while node is not None:
            held_by[node.mem_id] = held_by.get(node.mem_id, 0) + held
            count_by[node.mem_id] = count_by.get(node.mem_id, 0) + count
            node = node.parent
    wrappers.update(k for k, size in held_by.items() if size >= total / 3 or count_by[k] >= 5)
    return wrappers


@lru_cache(maxsize=65536)  # an outlet's template repeats its class strings on every page
def _is_chrome(words: str) -> bool:
    """'site-footer js' -> True; 'story-body' -> False."""
    if not words.strip():
        return False
    low = words.lower()
    if not _CHROME_WORDS.isdisjoint(low.replace("-", " ").replace("_", " ").split()):
        return True
    return _CHROME_COMPOUNDS.search(low) is not None


def _attr_words(attrs: dict[str, str | None]) -> str:
    if not attrs:
        return ""
    return f"{attrs.get('class') or ''} {attrs.get('id') or ''} {attrs.get('role') or ''}"


def _strip_boilerplate(
    tree: LexborHTMLParser, texts: dict[int, str], story_bodies: list[LexborNode]
) -> None:
    """Remove page chrome (navigation, footers, asides, forms, figures, boilerplate classes).

    Nodes are collected in document order and removed last-first, so a removed subtree's
    nodes go before it and nothing is touched after it is freed. The story's wrappers are
    worked out only when a class, a header or a form makes a node chrome.
    """
    # (node, chrome only if it does not hold the story, its class/id/role words)
    found: list[tuple[LexborNode, bool, str]] = []
    marks: list[LexborNode] = [*story_bodies]  # where the story is: h1, article, paragraphs
    for node in tree.css(_CHROME_AND_STORY_SCAN):  # one walk for both
        tag = node.tag
        if tag in _STORY_MARKS:
            marks.append(node)
            if tag != "p":
                continue
        if tag in _CHROME_TAGS:
            found.append((node, False, ""))
        elif tag in _CHROME_UNLESS_STORY:
            found.append((node, True, ""))
        elif _is_chrome(words := _attr_words(node.attributes)):
            found.append((node, True, words))
    story = _story_wrappers(marks, texts) if any(unless for _, unless, _ in found) else set()
    # A story split into blocks of one class ('sidebar-grid__content', between ads and
    # pictures) is story in every block, the short first one too, when one of them holds it.
    story_classes = {words for node, _, words in found if words and node.mem_id in story}
    for node, unless_story, words in reversed(found):
        if not (unless_story and (node.mem_id in story or words in story_classes)):
            node.decompose()


def _text(node: LexborNode) -> str:
    return clean_line(node.text(deep=True, separator=" ") or "")


@lru_cache(maxsize=8192)
def _is_meta_words(words: str) -> bool:
    """'byline author-name' -> True: class/id words of a byline or dateline block."""
    tokens = _TOKEN_SPLIT.split(words.lower())
    return any(_META_TOKEN.match(t) for t in tokens if t)


def _is_meta(node: LexborNode, container: LexborNode, known: dict[int, bool]) -> bool:
    """The node or its parent is a byline/dateline block. The container holding the story is
    never one, whatever its class says (HubSpot's 'hs_cos_wrapper_meta_field'). `known`
    keeps each element's answer: siblings share their parent."""
    for candidate in (node, node.parent):
        if candidate is None or candidate.mem_id == container.mem_id:
            continue
        meta = known.get(candidate.mem_id)
        if meta is None:
            meta = known[candidate.mem_id] = _is_meta_words(_attr_words(candidate.attributes))
        if meta:
            return True
    return False


def _link_text_len(node: LexborNode) -> int:
    return sum(len(_text(a)) for a in node.css("a"))


def _paragraphs_and_link_lens(tree: LexborHTMLParser) -> tuple[list[LexborNode], dict[int, int]]:
    """The <p>s, and the link text length inside each, from one walk (a css() call per
    paragraph costs a selector compilation each). A <p> cannot hold a <p>, so a link's
    nearest is its own."""
    paragraphs: list[LexborNode] = []
    lens: dict[int, int] = {}
    for node in tree.css("p, p a"):
        if node.tag == "p":
            paragraphs.append(node)
            continue
        parent = node.parent
        while parent is not None and parent.tag != "p":
            parent = parent.parent
        if parent is not None:
            lens[parent.mem_id] = lens.get(parent.mem_id, 0) + len(_text(node))
    return paragraphs, lens


_INLINE = frozenset(
    "span a b i em strong font br img small sup sub u abbr cite q mark time code s del ins"
    " -text -comment".split()
)


def _div_paragraphs(tree: LexborHTMLParser) -> list[LexborNode]:
    """<div>s written as paragraphs (text of their own, or inline elements only, nothing
    block-level inside), and list items long enough to be paragraphs (a story written as a
    list: players, steps, facts)."""
    found = []
    for node in tree.css("div, li"):
        least = _DIV_PARAGRAPH_MIN if node.tag == "div" else 2 * _DIV_PARAGRAPH_MIN
        if len((node.text(deep=False) or "").strip()) < least and not (
            node.tag == "div"  # '<div><span><span>text...': a paragraph in inline wrappers
            and all(child.tag in _INLINE for child in node.iter(include_text=True))
            and len((node.text(deep=True) or "").strip()) >= least
        ):
            continue
        # a node's css() matches the node itself too
        if all(inner.mem_id == node.mem_id for inner in node.css(_INSIDE_A_PARAGRAPH)):
            found.append(node)
    return found


def _best_container(
    tree: LexborHTMLParser,
    measured: dict[int, tuple[str, int]],
    div_paragraphs: list[LexborNode] | None = None,
    texts: dict[int, str] | None = None,
    story_article: int | None = None,
) -> LexborNode | None:
    """The element that holds the article's paragraphs.

    Each paragraph's (text, link text length) is left in `measured` for _body_blocks.
    `div_paragraphs` vote like <p>s.

    Paragraphs vote for their parent (full weight) and grandparent (half); when an ancestor
    holds clearly more paragraph text, the winner climbs to the lowest ancestor holding 80 %
    of it (a story split over sibling blocks belongs to their common parent).
    """
    scores: dict[int, float] = {}
    totals: dict[int, int] = {}
    nodes: dict[int, LexborNode] = {}
    by_parent: dict[int, tuple[LexborNode, float, int]] = {}  # votes and plain text, summed
    paragraphs, link_lens = _paragraphs_and_link_lens(tree)
    for p in [*paragraphs, *(div_paragraphs or [])]:
        text = texts.get(p.mem_id) if texts else None
        if text is None:
            text = _text(p)
        if len(text) < 25:
            links = 0
        else:
            links = link_lens.get(p.mem_id, 0) if p.tag == "p" else _link_text_len(p)
        measured[p.mem_id] = (text, links)
        if len(text) < 25:
            continue
        score = 1 + len(text) / 100 + text.count(",") * 0.3 - 3 * links / max(len(text), 1)
        plain = max(len(text) - links, 0)
        parent = p.parent
        if parent is not None:
            _, votes, held = by_parent.get(parent.mem_id, (parent, 0.0, 0))
            by_parent[parent.mem_id] = (parent, votes + score, held + plain)
    for parent, votes, held in by_parent.values():  # siblings share ancestors: walk them once
        node: LexborNode | None = parent
        for depth in range(6):
            if node is None or node.tag in ("body", "html"):
                break
            key = node.mem_id
            nodes[key] = node
            totals[key] = totals.get(key, 0) + held
            if depth < 2:
                scores[key] = scores.get(key, 0.0) + votes * (1.0 if depth == 0 else 0.5)
            node = node.parent
    if not scores:
        return None
    best = nodes[max(scores, key=lambda k: scores[k])]
    chain = [best]
    while chain[-1].parent is not None and chain[-1].parent.mem_id in totals:
        chain.append(chain[-1].parent)
    # the most any ancestor holds: the topmost one may count only a few paragraphs, those
    # near enough to it (paragraphs count for six levels up)
    top = max(totals[node.mem_id] for node in chain)
    if top >= 1.25 * totals[best.mem_id]:  # the story goes on outside the best block
        best = next(node for node in chain if totals[node.mem_id] >= 0.8 * top)
    # An endless page holds the next stories as <article>s beside the one with the headline:
    # a container above several of them is cut back to the headline's, if it holds a fair part.
    article = nodes.get(story_article) if story_article is not None else None
    if (
        article is not None
        and article.mem_id != best.mem_id
        and totals[article.mem_id] >= 0.3 * totals[best.mem_id]
        and _is_below(article, best)
    ):
        best = article
    return best


def _line_paragraphs(tree: LexborHTMLParser) -> list[str]:
    """Pages without <p>: the block with the most text of its own, its <br> lines as paragraphs."""
    best: LexborNode | None = None
    best_size = 0
    for node in tree.css("div, td, section, article, main, font, span"):
        size = len((node.text(deep=False) or "").strip())
        if size > best_size:
            best, best_size = node, size
    if best is None or best_size < 200:
        return []
    return _br_lines(best)


def _br_lines(node: LexborNode) -> list[str]:
    """A block's text split at its <br>s (which become newlines: the tree is changed)."""
    for br in node.css("br"):
        br.replace_with("\n")
    lines = (clean_line(line) for line in (node.text(deep=True, separator="") or "").split("\n"))
    return [line for line in lines if line]


# A heading that ends the story: what follows is related links, teasers or comments.
_END_OF_STORY = re.compile(
    r"^(?:related(?: (?:articles|stories|posts|news|content|coverage))?|read (?:more|also|next)|"
    r"more (?:stories|news|from|on this)\b.*|you (?:may|might) (?:also )?like|recommended(?: for you)?|"
    r"(?:top|latest|more) videos?|don'?t miss|(?:\d+ )?comments?|leave a (?:reply|comment)|"
    r"most (?:read|popular|viewed|shared)(?: in .+)?|top stories|trending(?: now)?|"
    r"meistgelesen|weitere (?:artikel|nachrichten|themen)|das könnte dich (?:auch )?interessieren|"
    r"lesen sie auch|mehr zum thema|das könnte sie (?:auch )?interessieren|"
    r"(?:à )?lire aussi|sur le même sujet|leggi anche|potrebbe interessarti|"
    r"te puede interesar|noticias relacionadas|lea también|"
    r"leia também|veja também|você pode gostar|"
    r"читайте також|читайте также|по теме|схожі новини|"
    r"dieses thema im programm|schlagwörter(?: zu diesem artikel)?)[.…:!]*$",
    re.IGNORECASE,
)


# The notice a page shows in place of an embedded video or post until the reader agrees to
# load it ('two-click' embeds): it and what follows in its box are not the story.
_EMBED_NOTICE = re.compile(
    r"externe[nrs]? inhalte?\b|inhalte von \S+ angezeigt|drittplattform|"
    r"(?:external|third[- ]party) content\b|to (?:view|see|load) this (?:content|video|post)|"
    r"contenu (?:externe|tiers)|contenido (?:externo|de terceros)|contenuto (?:esterno|di terze parti)",
    re.IGNORECASE,
)


# A media player's caption line: '02:57 Min. . Verfügbar bis 06.05.2024 .'
_MEDIA_LINE = re.compile(r"\b\d{1,2}:\d{2} ?min\b|\bverfügbar bis\b|\bavailable until\b", re.I)
_LABEL_LINE = re.compile(r"^[^\W\d_]+(?: [^\W\d_]+)?:\s")
_BYLINE_LINE = re.compile(
    r"^(?:[Bb]y|[Vv]on|[Pp]ar|[Pp]or|[Dd]i|[Aa]v|[Dd]oor)\s+(?:[A-ZÀ-Ý][\w'’.-]*\s*){1,4}$"
)


_DIGIT = re.compile(r"\d")
# Words every match of _PAYWALL / _EMBED_NOTICE holds, looked for before the regex runs.
_PAYWALL_HINTS = ("abonn", "subscri", "paywall", "premium", "lecture", "weiterlesen", "передплат")
_EMBED_HINTS = (
    "extern",
    "angezeigt",
    "drittplattform",
    "third",
    "this c",
    "this v",
    "this p",
    "contenu",
    "contenid",
)


def _hinted(low: str, hints: tuple[str, ...]) -> bool:
    return any(hint in low for hint in hints)


def _is_stamp_line(text: str) -> bool:
    """A line that only dates or signs the story, or captions a player: 'Stand: 22.04.2024,
    06:00 Uhr', 'Von Nina Magoley', '02:57 Min. . Verfügbar bis 06.05.2024'."""
    if _BYLINE_LINE.match(text):
        return True
    if _DIGIT.search(text) is None:  # what follows needs a digit: most lines stop here
        return False
    if _MEDIA_LINE.search(text):
        return True
    span = find_date(text)
    if span is None:
        return False
    if _LABEL_LINE.match(text):  # 'Sendung: Antenne Brandenburg, 24.04.2024, 15:10 Uhr'
        return True
    rest = f"{text[: span[0]]} {text[span[1] :]}"
    return len(re.findall(r"[^\W\d_]{3,}", rest)) <= 2  # 'Stand:', 'Uhr', 'Updated'


def _inside(node: LexborNode, boxes: set[int], container: LexborNode) -> bool:
    parent = node.parent
    while parent is not None and parent.mem_id != container.mem_id:
        if parent.mem_id in boxes:
            return True
        parent = parent.parent
    return False


def _body_blocks(
    container: LexborNode,
    measured: dict[int, tuple[str, int]],
    div_paragraphs: set[int] | None = None,
) -> list[str]:
    """The container's paragraphs and sub-headings in order, without the boxes headed like
    related links or comments ('Related', 'Comments', 'Lesen Sie auch', ...)."""
    out: list[str] = []
    meta_known: dict[int, bool] = {}
    boxes: set[int] = set()  # elements holding such a heading (below the container)
    for node in container.css(f"{_BLOCKS}, div" if div_paragraphs else _BLOCKS):
        if node.tag == "div" and node.mem_id not in (div_paragraphs or ()):
            continue
        if _is_meta(node, container, meta_known):
            continue
        if node.tag == "li" and node.css_first("p") is not None:
            continue  # the <p> inside is read on its own
        if node.tag == "p" and node.parent is not None and node.parent.tag in ("li", "blockquote"):
            continue
        known = measured.get(node.mem_id)
        text = known[0] if known is not None else _text(node)
        if not text:
            continue
        if boxes and _inside(node, boxes, container):
            continue
        low = text.lower() if len(text) < 300 else ""  # keywords first: regexes cost more
        if (len(text) < 80 and _is_stamp_line(text)) or (
            len(text) < 200 and _hinted(low, _PAYWALL_HINTS) and _PAYWALL.search(text)
        ):
            continue  # a dateline, a byline, a player's caption; a paywall's notice
        if (len(text) < 60 and _END_OF_STORY.match(text)) or (
            low and _hinted(low, _EMBED_HINTS) and _EMBED_NOTICE.search(text)
        ):
            box = node.parent
            if box is not None and box.mem_id != container.mem_id:
                boxes.add(box.mem_id)
            continue
        if node.tag in ("p", "li", "div") and len(text) < 200:
            links = known[1] if known is not None and len(text) >= 25 else _link_text_len(node)
            if links > 0.6 * len(text):
                continue
        if node.tag == "div" and node.css_first("br") is not None:
            out.extend(_br_lines(node))  # a div of <br>-separated lines: each line a paragraph
        else:
            out.append(text)
    return out


def _choose_title(
    fields: PageFields, h1: str | None, title_tag: str | None, site: str | None
) -> None:
    """Prefer the visible h1 when metadata agrees with it; strip ' | Site' from SEO titles."""
    meta_title = fields.title
    if h1 and meta_title and _is_kicker(meta_title.removesuffix(h1)):
        return  # 'Kenia: Nairobi von unten' over the h1 'Nairobi von unten': the kicker belongs
    if h1 and meta_title and (h1 in meta_title or meta_title in h1 or _same(h1, meta_title)):
        fields.title = h1
        fields.sources["title"] = "visible"
        return
    if meta_title:
        fields.title = _strip_site(meta_title, site, _META_TITLE_SPLIT)
        return
    fields.offer("title", h1, "visible")
    if title_tag:
        fields.offer("title", _strip_site(title_tag, site), "title")


def _is_kicker(prefix: str) -> bool:
    """'Kenia: ' -> True: a label of up to six words and a colon; '' or a sentence -> False."""
    return _KICKER.fullmatch(prefix) is not None and len(prefix.split()) <= 6


def _same(a: str, b: str) -> bool:
    norm = lambda s: re.sub(r"\W+", " ", s).strip().lower()  # noqa: E731
    return norm(a) == norm(b)


def _strip_site(title: str, site: str | None, split: re.Pattern[str] = _TITLE_SPLIT) -> str:
    """'Headline | Site' -> 'Headline': the parts naming the site go; else, split at `split`,
    the longest part stays."""
    parts = _TITLE_SPLIT.split(title)
    if len(parts) < 2:
        return title
    if site:
        kept = [p for p in parts if site.lower() not in p.lower()]
        if kept and len(kept) < len(parts):
            return " - ".join(kept)
    return max(split.split(title), key=len)


def _first_by_rules(
    candidates: list[tuple[LexborNode, str, str, str]], rules: tuple[tuple[str, str], ...]
) -> Iterator[LexborNode]:
    """For each rule in turn, the first candidate (node, class, rel) it matches."""
    for how, value in rules:
        for node, classes, rel, href in candidates:
            if (
                (how == "rel" and rel == value)
                or (how == "class" and value in classes.split())
                or (how == "contains" and value in classes)
                or (how == "prefix" and any(w.startswith(value) for w in classes.split()))
                or (
                    how == "suffix"
                    and any(w.endswith(value) and "comment" not in w for w in classes.split())
                )
                or (how == "href" and value in href)
            ):
                yield node
                break


def _visible_byline_and_date(scope: LexborNode, fields: PageFields) -> None:
    candidates = [
        (node, attrs.get("class") or "", attrs.get("rel") or "", attrs.get("href") or "")
        for node in scope.css(_BYLINE_DATE_SCAN)
        if (attrs := node.attributes) is not None
    ]
    if not candidates:
        return
    byline = None
    for node in _first_by_rules(candidates, _BYLINE_RULES):
        text = _text(node)
        if 2 < len(text) < 200:
            fields.offer("byline", text, "visible")
            fields.visible_byline, byline = text, node
            break
    for node in _first_by_rules(candidates, _DATE_RULES):
        text = _text(node)
        if 5 < len(text) < 100 and any(ch.isdigit() for ch in text):
            fields.offer("published_text", text, "visible")
            return
    if byline is not None and byline.parent is not None:  # 'Do 25.04.24 | 14:07 Uhr | Von A'
        line = _text(byline.parent)
        if len(line) < 200 and (span := find_date(line)) is not None:
            fields.offer("published_text", line[span[0] :], "visible")


def _caption(scope: LexborNode, fields: PageFields) -> None:
    figure = scope.css_first("figure figcaption")
    if figure is None:
        return
    credit_node = figure.css_first('.credit, [class*="credit"], .copyright, small')
    credit = _text(credit_node) if credit_node is not None else None
    if credit_node is not None:
        credit_node.decompose()
    caption = _text(figure)
    if not credit:
        m = _CREDIT.match(caption)
        if m and (m["a"] or m["b"]):
            caption, credit = m["cap"].strip(), (m["a"] or m["b"]).strip()
    fields.offer("image_caption", caption or None, "visible")
    fields.offer("image_credit", (credit or "").strip("() ") or None, "visible")


_HEADLINE_LINKS = "h2 a[href], h3 a[href], h4 a[href], a[href] h2, a[href] h3, a[href] h4"
_FRONT_STORIES = 6
_CONSENT = re.compile(rf"(?<!\w)(?:{alternation(words(CONSENT))})", re.IGNORECASE)
_PAYWALL = re.compile(
    r"subscribe to (?:continue|read)|subscribers only|for subscribers|already a subscriber|"
    r"premium (?:content|article)|paywall|nur für abonnenten|jetzt abonnieren|weiterlesen mit|"
    r"réservée? aux abonnés|lecture restreinte|votre abonnement n.autorise pas|"
    r"лише для передплатників",
    re.IGNORECASE,
)


def _short_page_kind(html: str | bytes) -> str | None:
    """For a page with little article text: why (a consent wall, a paywall stub, a listing).

    Rare, so the page is parsed again rather than keeping the chrome the body pass removed.
    """
    tree = LexborHTMLParser(html)
    for node in reversed(tree.css(_DROP)):
        node.decompose()
    body = tree.body
    if body is None:
        return None
    text = _text(body)
    links = body.css("a[href]")
    if _PAYWALL.search(text) or body.css_first('[class*="paywall"], [id*="paywall"]') is not None:
        return "paywall"
    if len(_CONSENT.findall(text)) >= 2:
        return "consent_wall"
    if len(links) >= 15 and _link_text_len(body) > 0.5 * max(len(text), 1):
        return "listing"
    return None


def _read_body(
    tree: LexborHTMLParser,
    h1: str | None,
    div_paragraphs: list[LexborNode] | None = None,
    texts: dict[int, str] | None = None,
    story_article: int | None = None,
) -> list[str]:
    """The best container's blocks, without a repeat of the headline at their top."""
    measured: dict[int, tuple[str, int]] = {}
    container = _best_container(tree, measured, div_paragraphs, texts, story_article)
    if container is None:
        return []
    ids = {d.mem_id for d in div_paragraphs} if div_paragraphs else None
    lead = _lead(container, measured) if div_paragraphs is None else []
    blocks = [*lead, *_body_blocks(container, measured, ids)]
    return blocks[1:] if h1 and blocks and blocks[0] == h1 else blocks


_LEAD_TAGS = frozenset({"p", "h2", "div", "section"})
_LEAD_MIN = 150  # characters: a standfirst, not a dateline or a label


def _lead(container: LexborNode, measured: dict[int, tuple[str, int]]) -> list[str]:
    """The standfirst or opening paragraph just before the container, in a block of its own
    (a summary <h2>, a lead <p>, the free part of a metered story): long text with few links
    among the container's preceding siblings, short ones (a dateline, share buttons) passed."""
    found: list[str] = []
    node = container.prev
    for _ in range(8):
        if node is None:
            break
        if node.is_element_node:
            text = _text(node)
            if len(text) >= _LEAD_MIN:
                if node.tag not in _LEAD_TAGS or _link_text_len(node) > 0.1 * len(text):
                    break
                if node.tag in ("div", "section"):  # its paragraphs (not a byline's line)
                    found[:0] = [t for p in node.css("p") if len(t := _text(p)) >= 80]
                else:
                    found.insert(0, text)
        node = node.prev
    return found


def _ancestor(node: LexborNode, matches: Callable[[LexborNode], bool]) -> LexborNode | None:
    """The nearest element above `node` that `matches`, if one does."""
    parent = node.parent
    while parent is not None and not matches(parent):
        parent = parent.parent
    return parent


def _is_below(node: LexborNode, ancestor: LexborNode) -> bool:
    return _ancestor(node, lambda n: n.mem_id == ancestor.mem_id) is not None


def _in_drop(node: LexborNode) -> bool:
    return _ancestor(node, lambda n: n.tag in _DROP_TAGS) is not None


def _article_of(node: LexborNode | None) -> int | None:
    """The mem_id of the <article> holding this node, if one does."""
    article = _ancestor(node, lambda n: n.tag == "article") if node is not None else None
    return article.mem_id if article is not None else None


def _story_scope(tree: LexborHTMLParser, articles: list[LexborNode]) -> LexborNode | None:
    """Where the headline, visible byline, date and caption are looked for: the <article>;
    of many (teasers are <article>s too, and an endless page's next stories), the first with
    at least half the text of the longest; else the body."""
    if len(articles) > 1:
        sizes = [len(a.text(deep=True) or "") for a in articles]
        return next(a for a, size in zip(articles, sizes, strict=True) if size >= max(sizes) / 2)
    return articles[0] if articles else tree.body or tree.root


def _once(text: str | None) -> str | None:
    """A JSON-LD articleBody that holds the story twice over (Corriere della Sera's does)
    -> the story once."""
    if not text or len(text) < 400:
        return text
    repeat = text.find(text[:80], 80)
    if repeat > 0 and text[repeat:].split() == text[:repeat].split():
        return text[:repeat].strip()
    return text


def _chars(paragraphs: list[str]) -> int:
    return sum(len(p) for p in paragraphs)


def parse_html(html: str | bytes) -> PageFields:
    """An HTML page -> PageFields (metadata cascade, visible fields, body paragraphs, related).

    Pass UTF-8 pages as bytes when you have them: Lexbor parses UTF-8, so a str costs an
    encoding pass more.
    """
    tree = LexborHTMLParser(html)
    fields = PageFields()
    heads: list[LexborNode] = []  # metadata: <meta>, canonical <link>, [itemprop], <time>
    drops: list[LexborNode] = []  # never text: scripts (JSON-LD among them), svg, buttons...
    scripts: list[LexborNode] = []
    for node in tree.css(f"{HEAD_SCAN}, {_DROP}"):  # one walk; each node's tag read once
        tag = node.tag
        if tag in _DROP_TAGS:
            drops.append(node)
            if tag == "script":
                scripts.append(node)
        else:
            heads.append(node)
    article_body = _once(read_jsonld(jsonld_objects(scripts), fields))
    read_meta(meta_tags(heads), fields)
    itemprops = read_markup(tree, fields, heads)
    # [itemprop=articleBody] marks the story for the chrome pass; one inside a <noscript>
    # copy goes with it, so it is left out now, while the tree still holds it.
    story_bodies = [
        n
        for n in itemprops.get("articleBody", ())
        if n.tag != "p"  # a <p> is a mark of its own in the chrome pass
        and not _in_drop(n)
    ]

    head = tree.head
    title_node = (head.css_first("title") if head is not None else None) or tree.css_first("title")
    title_tag = _text(title_node) if title_node is not None else None
    for node in reversed(drops):  # last first: an <svg> in a <button> goes before the button
        node.decompose()
    cards = len(tree.css(_HEADLINE_LINKS)) if fields.page_type == "website" else 0
    related = find_related(tree.body or tree.root, fields.canonical_url)
    fields.related = related.items
    for teaser in reversed(related.teasers):  # 'Read also: …' lines are not body text
        teaser.decompose()
    if tree.body is not None:
        fields.zone_labels = zones_from_labels([tree.body.text(separator=" ")])
    landmarks = tree.css("article")

    scope = _story_scope(tree, landmarks)
    h1_node = scope.css_first("h1") if scope is not None else None
    if h1_node is None:
        h1_node = tree.css_first("h1")
    h1 = _text(h1_node) if h1_node is not None else None
    story_article = _article_of(h1_node)  # found before the chrome pass may free the h1
    _choose_title(fields, h1, title_tag, fields.site_name)
    if scope is not None:
        _visible_byline_and_date(scope, fields)
        _caption(scope, fields)
        offer_header_lines(fields, header_lines(scope, h1_node))

    known_texts: dict[int, str] = {}  # paragraph texts, measured once
    _strip_boilerplate(tree, known_texts, story_bodies)
    paragraphs = _read_body(tree, h1, texts=known_texts, story_article=story_article)
    words = word_count_of_lines(paragraphs)
    if _chars(paragraphs) < _FEW_CHARS and not article_body:  # maybe written in <div>s
        divs = _div_paragraphs(tree)
        if divs:
            texts = _read_body(tree, h1, divs, story_article=story_article)
            found_words = word_count_of_lines(texts)
            if found_words > 1.5 * max(words, 1):
                paragraphs, words = texts, found_words
    if _chars(paragraphs) < _FEW_CHARS and not article_body:
        lines = _line_paragraphs(tree)
        if (line_words := word_count_of_lines(lines)) > max(words * 2, 40):
            paragraphs, words = lines, line_words
    if article_body and word_count(article_body) > max(words * 1.5, 40):
        paragraphs = [c for p in article_body.splitlines() if (c := clean_line(p))]
        words = word_count_of_lines(paragraphs)
        fields.sources["body"] = "jsonld"
    elif paragraphs:
        fields.sources["body"] = "visible"
    fields.paragraphs, fields.words = paragraphs, words

    if cards >= _FRONT_STORIES and fields.published_text is None:
        fields.page_kind = "section_front"  # og:type website, no date, a grid of story cards
    elif _NOT_FOUND.search(f"{title_tag or ''} {h1 or ''}") and words < 120:
        fields.page_kind = "not_found"
    elif words < 40 or h1 is None:  # no headline: maybe a wall or a listing whatever its size
        fields.page_kind = _short_page_kind(html)
    return fields
