"""Every phrase list lives in normalize/vocabulary.toml; the outlets data file loads and is valid."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from zoneinfo import available_timezones

import pytest

from pipelines.normalize.outlets import OUTLETS, profile_for, read_outlets, time_zone_for
from pipelines.normalize.vocabulary import VOCABULARY, pattern, read_vocabulary, select

PIPELINES = Path(__file__).resolve().parents[2] / "pipelines"
READERS = [
    *sorted((PIPELINES / "parse").glob("*.py")),
    *sorted((PIPELINES / "normalize").glob("*.py")),
    PIPELINES / "extract.py",
]
# Two words of letters joined by a regex '|' ('cookie|consent', '(?:by|von', 'and\b|\bund').
WORD_ALTERNATION = re.compile(r"[^\W\d_]{2}(?:\\b)?\|(?:\(\?:)?(?:\\b)?[^\W\d_]{2}")
HTML_TAGS = frozenset(
    """a abbr article aside b blockquote body br button canvas cite code del dialog div dl
    em embed figure font footer form h1 h2 h3 h4 header html i iframe img ins li main mark nav
    noscript object ol p pre q s script section select small span strong style sub sup svg table td template
    time u ul -text -comment tr td th dd dt caption legend address figcaption""".split()
)
# Word sets that are markup or data keys, not language: (module, name) -> what they are.
MACHINE_WORDS = {
    ("meta.py", "ARTICLE_TYPES"): "schema.org @type values",
    ("meta.py", "_META_AUTHOR"): "<meta> keys",
    ("meta.py", "_META_LANG"): "<meta> keys",
    ("meta.py", "_META_TITLE"): "<meta> keys",
    ("meta.py", "_NESTING_KEYS"): "schema.org property names",
    ("urls.py", "_TRACKING"): "URL query parameters",
    ("extract.py", "_ARTICLE_KEYS"): "the extract JSON's keys",
    ("dates.py", ""): "dateparser's REQUIRE_PARTS values",
    ("dates.py", "META_PUBLISHED"): "<meta> keys",
    ("dates.py", "META_UPDATED"): "<meta> keys",
    ("dates.py", "_FOREIGN_TYPES"): "schema.org @type values",
    ("dates.py", "_ARTICLE_HINTS"): "schema.org @type name parts",
    ("dates.py", "_JSONLD_DATE_KEYS"): "schema.org property names",
    ("dates.py", "_COMMENT_NOT"): "CSS class name parts",
    ("date_rules.py", "_STRUCTURED"): "the date stamps' source names",
}


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def _literals(source: str) -> list[str]:
    tree = ast.parse(source)
    skip = _docstrings(tree)
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip
    ]


def _word_sets(source: str) -> list[tuple[str, list[str]]]:
    """Collections of three or more plain words ('a b c'.split() too), with the name they
    are assigned to at module level ('' elsewhere)."""
    tree = ast.parse(source)
    names = {  # every node inside a module-level assignment -> the name assigned
        id(inner): target.id
        for node in tree.body
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Name)
        for inner in ast.walk(node.value)
    }
    found = []
    for node in ast.walk(tree):
        words: list[str] = []
        if isinstance(node, ast.Set | ast.Tuple | ast.List):
            words = [e.value for e in node.elts if isinstance(e, ast.Constant)]
            words = [w for w in words if isinstance(w, str)]
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "split"
            and isinstance(node.func.value, ast.Constant)
            and isinstance(node.func.value.value, str)
        ):
            words = node.func.value.value.split()
        words = [w for w in words if re.fullmatch(r"[^\W\d_]+(?: [^\W\d_]+)*", w)]
        if len(words) >= 3 and not set(words) <= HTML_TAGS:
            found.append((names.get(id(node), ""), words))
    return found


@pytest.mark.parametrize("path", READERS, ids=lambda p: p.name)
def test_no_phrase_in_code_beyond_the_vocabulary(path: Path) -> None:
    for value in _literals(path.read_text(encoding="utf-8")):
        assert not any(ch.isalpha() and not ch.isascii() for ch in value), (path.name, value)
        assert WORD_ALTERNATION.search(value) is None, (path.name, value)


@pytest.mark.parametrize("path", READERS, ids=lambda p: p.name)
def test_no_word_list_in_code_beyond_the_vocabulary(path: Path) -> None:
    for name, words in _word_sets(path.read_text(encoding="utf-8")):
        assert (path.name, name) in MACHINE_WORDS, (path.name, name, words)


def test_the_scans_see_phrases() -> None:
    """The checks above catch a phrase list written in code."""
    literals = _literals('"""Doc: für."""\nA = re.compile(r"^(?:by|von)\\s+")\nB = "für"\n')
    assert [v for v in literals if WORD_ALTERNATION.search(v)] == [r"^(?:by|von)\s+"]
    assert [v for v in literals if not v.isascii()] == ["für"]  # the docstring is no phrase
    found = _word_sets('X = frozenset("alpha beta gamma".split())\nY = {"red", "green", "blue"}')
    assert sorted(found) == [("X", ["alpha", "beta", "gamma"]), ("Y", ["red", "green", "blue"])]
    assert _word_sets('T = frozenset("div p span".split())') == []  # HTML tag names


def test_every_vocabulary_entry_is_tagged_with_languages_and_known_readers() -> None:
    assert len(VOCABULARY.concepts) >= 30
    for concept, phrases in VOCABULARY.concepts.items():
        assert phrases, concept
        for phrase in phrases:
            assert phrase.langs and all(re.fullmatch(r"[a-z]{2}|\*", x) for x in phrase.langs)
            assert phrase.uses <= VOCABULARY.readers.keys(), (concept, phrase)
            re.compile(phrase.text)
    assert all(len(months.split(",")) == 12 for months in VOCABULARY.months.values())


SAMPLE = """
colors = [
  { text = 'dark red', langs = ['en'], uses = ['a'] },
  { words = 'green blue', langs = ['en', 'de'] },
  { text = 'gelb', langs = ['de'], uses = ['b'] },
]
[readers]
a = "reader a"
b = "reader b"
"""


def test_a_reader_takes_its_tagged_entries_and_every_untagged_one() -> None:
    sample = read_vocabulary(SAMPLE)
    assert select("colors", use="a", vocabulary=sample) == ("dark red", "green", "blue")
    assert pattern("colors", use="b", vocabulary=sample) == "green|blue|gelb"
    assert pattern("colors", vocabulary=sample) == "dark red|green|blue|gelb"
    assert sample.concepts["colors"][1].langs == ("en", "de")
    with pytest.raises(KeyError):
        select("colors", use="c", vocabulary=sample)
    with pytest.raises(ValueError, match="unknown readers"):
        read_vocabulary(SAMPLE.replace("uses = ['b']", "uses = ['c']"))


def test_the_outlets_data_file_loads_with_valid_zones() -> None:
    zones = available_timezones()
    assert len(OUTLETS.profiles) == 13
    assert len(OUTLETS.tld_zones) == 72
    for profile in OUTLETS.profiles:
        assert profile.time_zone in zones, profile
        assert profile.domain == profile.domain.lower() and "." in profile.domain
        assert profile.language is None or re.fullmatch(r"[a-z]{2}", profile.language)
    for tld, zone in OUTLETS.tld_zones.items():
        assert re.fullmatch(r"[a-z]{2}", tld) and zone in zones, (tld, zone)


def test_an_outlet_is_added_as_data() -> None:
    outlets = read_outlets(
        '[[outlet]]\ndomain = "example.org"\nname = "Example"\ntime_zone = "Asia/Tokyo"\n'
        '[tld_zones]\nxx = "Europe/Oslo"\n'
    )
    assert outlets.profiles[0].language is None
    assert outlets.profiles[0].time_zone == "Asia/Tokyo"
    assert outlets.tld_zones == {"xx": "Europe/Oslo"}


@pytest.mark.parametrize(
    ("url", "zone"),
    [
        ("https://www.bbc.co.uk/news/x", "Europe/London"),
        ("https://news.example.de/a", "Europe/Berlin"),
        ("https://example.com/a", None),
        (None, None),
    ],
)
def test_time_zone_for(url: str | None, zone: str | None) -> None:
    assert time_zone_for(url) == zone


def test_profile_by_source_name() -> None:
    profile = profile_for(None, "bbc")
    assert profile is not None and profile.time_zone == "Europe/London"
