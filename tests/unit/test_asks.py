"""Asks: the key-word test that spares most paragraphs the asks' pattern."""

import pytest

from pipelines.normalize import asks
from pipelines.normalize.asks import is_ask


def test_every_key_word_is_one_word() -> None:
    """A token that is a key word is then a word as the pattern reads it."""
    assert all(asks._WORD.fullmatch(k) for k in asks._KEY_WORDS)


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        ("Follow us: @x", True),
        ("A follower, unfollowed", False),
        ("“Subscribe” to the newsletter.", True),
        ("2follow _follow 'follow", True),  # the word begins at its first letter
        ("x2follow un-follow", False),
        ("Suivez-nous sur Facebook", True),
        ("Siga-nos no Instagram!", True),
        ("Café İstanbul ß", False),
        ("", False),
    ],
)
def test_holds_key_word_as_the_pattern_reads_the_words(paragraph: str, expected: bool) -> None:
    words = asks._WORD.findall(paragraph.casefold())
    assert (not asks._KEY_WORDS.isdisjoint(words)) is expected
    assert asks._holds_key_word(paragraph) is expected


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        ("Follow us on Facebook for more news.", True),
        ("The council will follow the plan, the mayor said.", False),
    ],
)
def test_is_ask(paragraph: str, expected: bool) -> None:
    assert bool(is_ask(paragraph)) is expected
