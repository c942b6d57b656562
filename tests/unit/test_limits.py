"""Nesting depth read from the bytes, before Lexbor builds a tree."""

import sys

import numpy
import pytest

from pipelines.parse.limits import MAX_DEPTH, _opening_brackets, nesting_depth_over


def _nested(depth: int, tag: str = "div") -> bytes:
    return f"<html><body>{f'<{tag}>' * depth}x{f'</{tag}>' * depth}</body></html>".encode()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (_nested(10**6), MAX_DEPTH + 1),  # counting stops just past the limit
        (_nested(MAX_DEPTH + 1, "span"), MAX_DEPTH + 1),
        (_nested(MAX_DEPTH - 10), None),
        (b"<p>" * 100_000, None),  # unclosed paragraphs close each other
        (b"<br><img src=x><hr>" * 10_000, None),  # void elements hold nothing
        (b"<div/>" * 10_000, None),
        (b"<div></div>" * 100_000, None),  # wide, not deep
        (b"plain text, no markup at all", None),
    ],
    ids=["million", "spans", "under", "unclosed-p", "voids", "self-closed", "wide", "text"],
)
def test_nesting_depth_over(content: bytes, expected: int | None) -> None:
    assert nesting_depth_over(content) == expected


def test_a_lower_limit() -> None:
    assert nesting_depth_over(_nested(50), limit=20) == 21


@pytest.mark.parametrize("numpy_loaded", [True, False])
def test_the_count_with_or_without_numpy(
    numpy_loaded: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """'<' is counted by numpy once something loaded it, by bytes.count before: alike."""
    if numpy_loaded:
        monkeypatch.setitem(sys.modules, "numpy", numpy)
    else:
        monkeypatch.delitem(sys.modules, "numpy", raising=False)
    page = b"<p>a</p>\xe2\x80\x94<" * 3000
    assert _opening_brackets(page) == page.count(b"<") == 9000
    assert nesting_depth_over(page) is None
    assert nesting_depth_over(_nested(MAX_DEPTH + 1)) == MAX_DEPTH + 1
