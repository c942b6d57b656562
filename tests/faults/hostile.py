"""Hostile pages, written as a crawler could have stored them: each breaks a naive parser."""

from __future__ import annotations

import json
from pathlib import Path

_BODY = "".join(
    f"<p>Paragraph {i} of a plain report on the harbour, the grain trade and the weather "
    "along the coast, written so that the page reads as an article.</p>"
    for i in range(6)
)


def _article(slug: str, head: str = "", body: str = _BODY) -> bytes:
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>Report {slug}</title>"
        f"<link rel='canonical' href='https://example.org/news/{slug}'>{head}</head>"
        f"<body><article><h1>Report {slug}</h1>{body}</article></body></html>"
    ).encode()


def _jsonld(obj: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(obj)}</script>'


def year_one_jsonld() -> bytes:
    """JSON-LD dated year 1 with an offset: shifting it to UTC overflowed the calendar."""
    date = "0001-01-01T00:00:00+02:00"
    return _article(
        "year-one",
        _jsonld({"@type": "NewsArticle", "headline": "Year one", "datePublished": date}),
    )


def epoch_ms_jsonld() -> bytes:
    """datePublished as epoch milliseconds (a number): 2024-12-01 11:00 UTC, not year 1733."""
    return _article(
        "epoch-ms",
        _jsonld({"@type": "NewsArticle", "headline": "Epoch", "datePublished": 1733050800000}),
    )


def epoch_s_meta() -> bytes:
    """article:published_time as epoch seconds."""
    return _article("epoch-s", "<meta property='article:published_time' content='1733050800'>")


def relative_time_only() -> bytes:
    """A page whose only date is relative: without a fetch time it has no date."""
    return _article("relative", "<meta property='article:published_time' content='2 hours ago'>")


def deep_divs(depth: int = 10**6) -> bytes:
    """10^6 nested <div> (11 MB): Lexbor's tree builder is quadratic in depth."""
    return _article("deep", body=_BODY + "<div>" * depth + "deep" + "</div>" * depth)


def deep_jsonld(depth: int = 5000) -> bytes:
    """JSON-LD nested 5,000 arrays deep: the JSON decoder raises RecursionError."""
    return _article(
        "deep-jsonld", f'<script type="application/ld+json">{"[" * depth}{"]" * depth}</script>'
    )


def slow_paragraphs(depth: int = 4900, paragraphs: int = 300_000) -> bytes:
    """Under the depth limit, but every one of 300k paragraphs makes Lexbor walk 4,900 open
    elements: about 10 s of parsing (2.5 MB)."""
    return _article("slow", body="<div>" * depth + "<p>x</p>" * paragraphs + "</div>" * depth)


def write_all(folder: Path) -> dict[str, str]:
    """Write every hostile page into `folder`; file name -> what it is."""
    pages = {
        "year_one.html": year_one_jsonld(),
        "epoch_ms.html": epoch_ms_jsonld(),
        "epoch_s.html": epoch_s_meta(),
        "relative.html": relative_time_only(),
        "deep_divs.html": deep_divs(),
        "deep_jsonld.html": deep_jsonld(),
        "slow.html": slow_paragraphs(),
    }
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in pages.items():
        (folder / name).write_bytes(data)
    return {name: str(len(data)) for name, data in pages.items()}
