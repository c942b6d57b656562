"""Every phrase list lives in normalize/vocabulary.py; the outlets data file loads and is valid."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from zoneinfo import available_timezones

import pytest

from pipelines.normalize import vocabulary
from pipelines.normalize.outlets import OUTLETS, profile_for, read_outlets, time_zone_for

PIPELINES = Path(__file__).resolve().parents[2] / "pipelines"
VOCABULARY = PIPELINES / "normalize" / "vocabulary.py"
READERS = [
    p
    for p in [
        *sorted((PIPELINES / "parse").glob("*.py")),
        *sorted((PIPELINES / "normalize").glob("*.py")),
        PIPELINES / "extract.py",
    ]
    if p != VOCABULARY
]
# Two words of letters joined by a regex '|' ('cookie|consent', '(?:by|von', 'and\b|\bund').
WORD_ALTERNATION = re.compile(r"[^\W\d_]{2}(?:\\b)?\|(?:\(\?:)?(?:\\b)?[^\W\d_]{2}")
HTML_TAGS = frozenset(
    """a abbr article aside b blockquote body br button canvas cite code del dialog div dl
    em embed figure font footer form h1 h2 h3 h4 header html i iframe img ins li main mark nav
    noscript object ol p pre q s script section select small span strong style sub sup svg table td template
    time u ul -text -comment""".split()
)
# Word sets that are markup or data keys, not language: (module, name) -> what they are.
MACHINE_WORDS = {
    ("meta.py", "ARTICLE_TYPES"): "schema.org @type values",
    ("meta.py", "_META_PUBLISHED"): "<meta> keys",
    ("meta.py", "_META_UPDATED"): "<meta> keys",
    ("meta.py", "_META_AUTHOR"): "<meta> keys",
    ("meta.py", "_META_LANG"): "<meta> keys",
    ("meta.py", "_META_TITLE"): "<meta> keys",
    ("urls.py", "_TRACKING"): "URL query parameters",
    ("extract.py", "_ARTICLE_KEYS"): "the extract JSON's keys",
    ("dates.py", ""): "dateparser's REQUIRE_PARTS values",
}


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def _literals(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
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
    for value in _literals(path):
        assert not any(ch.isalpha() and not ch.isascii() for ch in value), (path.name, value)
        assert WORD_ALTERNATION.search(value) is None, (path.name, value)


@pytest.mark.parametrize("path", READERS, ids=lambda p: p.name)
def test_no_word_list_in_code_beyond_the_vocabulary(path: Path) -> None:
    for name, words in _word_sets(path.read_text(encoding="utf-8")):
        assert (path.name, name) in MACHINE_WORDS, (path.name, name, words)


def test_the_scans_see_phrases() -> None:
    """The checks above would catch the vocabulary itself."""
    assert any(WORD_ALTERNATION.search(v) for v in _literals(VOCABULARY))
    assert any(any(not ch.isascii() for ch in v) for v in _literals(VOCABULARY))
    found = _word_sets('X = frozenset("alpha beta gamma".split())\nY = {"red", "green", "blue"}')
    assert sorted(found) == [("X", ["alpha", "beta", "gamma"]), ("Y", ["red", "green", "blue"])]


def test_every_vocabulary_entry_is_tagged_with_languages_and_known_readers() -> None:
    readers = {
        value
        for name, value in vars(vocabulary).items()
        if name.isupper() and isinstance(value, str)
    }
    groups = [
        value
        for value in vars(vocabulary).values()
        if isinstance(value, tuple) and value and isinstance(value[0], vocabulary.Phrase)
    ]
    assert len(groups) >= 30
    for group in groups:
        for phrase in group:
            assert phrase.langs and all(re.fullmatch(r"[a-z]{2}|\*", x) for x in phrase.langs)
            assert phrase.uses <= readers, phrase
            re.compile(phrase.text)


def test_a_reader_takes_its_tagged_entries_and_every_untagged_one() -> None:
    group = (vocabulary._p("a", "en", "x"), vocabulary._p("b", "en"), vocabulary._p("c", "en", "y"))
    assert vocabulary.select(group, use="x") == ("a", "b")
    assert vocabulary.pattern(group, use="y") == "b|c"
    assert vocabulary.pattern(group) == "a|b|c"


def test_the_outlets_data_file_loads_with_valid_zones() -> None:
    zones = available_timezones()
    assert len(OUTLETS.profiles) == 13
    assert len(OUTLETS.tld_zones) == 42
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
