"""`newswh synth`: a deterministic generator of realistic landing folders for tests and benchmarks.

Several outlet templates (JSON-LD, meta-only, visible byline, a Ukrainian and a German one),
pages padded to 20-300 KB with navigation, scripts and boilerplate, a mix of loose HTML,
text dumps, JSON Lines and WARC files, about 1 % bad inputs, and repeated URLs with edits
(new versions). The same --seed gives the same bytes.
"""

from __future__ import annotations

import gzip
import io
import json
import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

WORDS = (
    "city council budget energy grid winter shelter school train port grain ministry report "
    "officials residents volunteers bridge repairs hospital museum exhibition drone attack "
    "ceasefire talks market prices river storm ferry election court ruling investigation police "
    "farmers harvest exports factory workers union strike festival theatre library university "
    "students research climate flood heating water supply road construction airport flights"
).split()
UK_WORDS = (
    "місто рада бюджет енергія зима укриття школа потяг порт міністерство звіт мешканці".split()
)
DE_WORDS = "Stadt Rat Haushalt Energie Winter Schule Zug Hafen Ministerium Bericht Bewohner".split()
FIRST = "Anna Olena Taras Marta Lukas Jana Serhii Iryna Mykola Eilidh John Maria".split()
LAST = (
    "Fox Marchuk Lytvyn Ozola Becker Hoffmann Bondar Shevchuk Tkachenko Campbell Doe Rossi".split()
)
OUTLETS = [
    ("dniproherald.com.ua", "Dnipro Herald", "jsonld", "en"),
    ("balticledger.eu", "The Baltic Ledger", "meta", "en"),
    ("harbourgazette.co.uk", "Harbour Gazette", "visible", "en"),
    ("slobvisnyk.com.ua", "Слобідський вісник", "meta", "uk"),
    ("rheinblatt.de", "Rheinblatt", "jsonld", "de"),
]
NAV = "".join(f'<li><a href="/section/{i}">Section {i}</a></li>' for i in range(40))
SCRIPT = "<script>" + "var tracking={};" * 200 + "</script>"


@dataclass(frozen=True)
class SynthStats:
    files: int
    records: int
    bytes: int
    empty: int  # empty files: identical bytes, so one page and one reject however many
    not_found: int  # "404 Not Found" pages, each its own page

    @property
    def bad(self) -> int:
        return self.empty + self.not_found


def _sentence(rng: random.Random, words: list[str]) -> str:
    body = " ".join(rng.choice(words) for _ in range(rng.randint(10, 24)))
    return body[0].upper() + body[1:] + "."


def _article(rng: random.Random, n: int, edit: int) -> dict[str, object]:
    domain, outlet, style, lang = OUTLETS[n % len(OUTLETS)]
    words = {"uk": UK_WORDS, "de": DE_WORDS}.get(lang, WORDS)
    title = " ".join(rng.choice(words) for _ in range(rng.randint(5, 10))).capitalize() + f" {n}"
    published = datetime(2024, 1, 1, tzinfo=UTC) + timedelta(minutes=37 * n)
    paragraphs = [
        " ".join(_sentence(rng, words) for _ in range(rng.randint(2, 5)))
        for _ in range(rng.randint(4, 12))
    ]
    if edit:
        paragraphs.append(f"Update {edit}: this story was corrected after publication.")
    authors = [f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(rng.randint(1, 2))]
    return {
        "url": f"https://{domain}/news/{n}-story",
        "outlet": outlet,
        "style": style,
        "lang": lang,
        "title": title,
        "published": published.isoformat(),
        "fetched": (published + timedelta(hours=2 + 24 * edit)).isoformat(),
        "authors": authors,
        "paragraphs": paragraphs,
    }


def _html(a: dict[str, object], pad_to: int) -> str:
    title, authors, paras = a["title"], a["authors"], a["paragraphs"]
    assert isinstance(authors, list) and isinstance(paras, list)
    head = f'<meta charset="utf-8"><title>{title} | {a["outlet"]}</title>'
    if a["style"] == "jsonld":
        ld = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": title,
            "datePublished": a["published"],
            "author": [{"@type": "Person", "name": x} for x in authors],
        }
        head += f'<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>'
    elif a["style"] == "meta":
        head += (
            f'<meta property="og:title" content="{title}">'
            f'<meta property="article:published_time" content="{a["published"]}">'
            f'<meta name="author" content="{", ".join(authors)}">'
        )
    head += f'<link rel="canonical" href="{a["url"]}">' + SCRIPT
    byline = ""
    if a["style"] == "visible":
        when = datetime.fromisoformat(str(a["published"])).strftime("%d %B %Y at %H:%M")
        byline = f'<p class="byline">By {" and ".join(authors)}</p><p class="date">{when}</p>'
    body = "".join(f"<p>{p}</p>" for p in paras)
    page = (
        f'<!DOCTYPE html><html lang="{a["lang"]}"><head>{head}</head><body>'
        f'<header class="site-header"><nav class="main-nav"><ul>{NAV}</ul></nav></header>'
        '<div class="cookie-banner"><p>We use cookies to improve your experience.</p></div>'
        f'<main><article><h1>{title}</h1>{byline}<div class="story-body">{body}</div></article>'
        '<aside class="related"><h3>Related</h3><ul><li><a href="/x">Another story</a></li></ul></aside>'
        '</main><footer class="site-footer"><p>Contact the newsroom.</p></footer>'
    )
    filler = max(pad_to - len(page), 0)
    return page + "<!-- " + ("x" * filler) + " --></body></html>"


def _text_dump(a: dict[str, object]) -> str:
    authors, paras = a["authors"], a["paragraphs"]
    assert isinstance(authors, list) and isinstance(paras, list)
    when = datetime.fromisoformat(str(a["published"])).strftime("%B %d, %Y %I:%M %p")
    return "Skip to content\n\n{}\n\nby {} {} 3 min read\n\n{}\n\nMORE NEWS\n".format(
        a["title"], " and ".join(authors), when, "\n\n".join(paras)
    )


def _records(rng: random.Random, pages: int, start: int) -> Iterator[tuple[dict[str, object], int]]:
    """Article records numbered from `start`; about 5 % repeat an earlier URL with an edit."""
    for n in range(start, start + pages):
        if n - start > 20 and rng.random() < 0.05:
            earlier = rng.randrange(start, n - 20)
            yield _article(random.Random(earlier), earlier, edit=1 + n % 3), n
        else:
            yield _article(random.Random(n), n, edit=0), n


def generate(pages: int, out: Path, seed: int = 0, start: int = 0) -> SynthStats:
    """Write `pages` records numbered from `start` into `out`; the same seed gives the same files."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    files = records = empty = not_found = size = 0
    jsonl: list[str] = []
    warc_buffer = io.BytesIO()
    warc = WARCWriter(warc_buffer, gzip=True)
    warc_count = 0

    def flush_jsonl() -> None:
        nonlocal files, size, jsonl
        if jsonl:
            data = gzip.compress("".join(jsonl).encode(), mtime=0)
            (out / f"crawl_{start:07d}_{files:06d}.jsonl.gz").write_bytes(data)
            files, size, jsonl = files + 1, size + len(data), []

    def flush_warc() -> None:
        nonlocal files, size, warc_buffer, warc, warc_count
        if warc_count:
            data = warc_buffer.getvalue()
            (out / f"crawl_{start:07d}_{files:06d}.warc.gz").write_bytes(data)
            files, size = files + 1, size + len(data)
            warc_buffer = io.BytesIO()
            warc = WARCWriter(warc_buffer, gzip=True)
            warc_count = 0

    for article, n in _records(rng, pages, start):
        records += 1
        kind = rng.random()
        pad = rng.randint(20_000, 300_000) if rng.random() < 0.3 else rng.randint(20_000, 80_000)
        if n % 100 == 99:  # about 1 % bad inputs: empty files and 404 pages
            is_empty = n % 200 == 199
            empty, not_found = empty + is_empty, not_found + (not is_empty)
            path = out / f"page_{n:07d}.html"
            gone = f"<html><title>404 Not Found</title><h1>404</h1><p>No page {n}.</p></html>"
            path.write_text("" if is_empty else gone)
            files += 1
            continue
        meta = {
            "url": article["url"],
            "fetched_at": article["fetched"],
            "source": article["outlet"],
        }
        if kind < 0.55:
            data = _html(article, pad).encode()
            (out / f"page_{n:07d}.html").write_bytes(data)
            (out / f"page_{n:07d}.html.meta.json").write_text(json.dumps(meta))
            files, size = files + 1, size + len(data)
        elif kind < 0.65:
            data = _text_dump(article).encode()
            (out / f"page_{n:07d}.txt").write_bytes(data)
            (out / f"page_{n:07d}.txt.meta.json").write_text(json.dumps(meta))
            files, size = files + 1, size + len(data)
        elif kind < 0.85:
            jsonl.append(
                json.dumps({**meta, "html": _html(article, pad)}, ensure_ascii=False) + "\n"
            )
            if len(jsonl) >= 50:
                flush_jsonl()
        else:
            body = _html(article, pad).encode()
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            warc.write_record(
                warc.create_warc_record(
                    str(article["url"]),
                    "response",
                    payload=io.BytesIO(body),
                    http_headers=headers,
                    warc_headers_dict={
                        "WARC-Date": str(article["fetched"]).replace("+00:00", "Z"),
                        "WARC-Record-ID": f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{seed}/{n}')}>",
                    },
                )
            )
            warc_count += 1
            if warc_count >= 50:
                flush_warc()
    flush_jsonl()
    flush_warc()
    return SynthStats(files, records, size, empty=empty, not_found=not_found)
