"""Writes tests/data/bad_inputs/ (one file per failure kind) and bad_inputs.expected.json beside it.

Run from the repo root: `.venv/bin/python scripts/make_bad_inputs.py`. The output is committed;
tests/test_bad_inputs.py loads the folder and checks every record against bad_inputs.expected.json.
The corpus is loaded with a 300 KB record limit so that `too_large` stays small in git.
"""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

OUT = Path(__file__).resolve().parents[1] / "tests" / "data" / "bad_inputs"
MAX_BYTES = 300_000

PARAGRAPHS = [
    "The regional council approved the winter budget on Tuesday after a debate that lasted most of the day.",
    "Most of the new money will go to heating for schools and hospitals, officials said after the vote.",
    "Opposition members argued that road repairs had been postponed for a third year in a row.",
    "The mayor said the city would publish a detailed plan for the repairs before the end of January.",
    "Residents will be able to comment on the plan online and at two public meetings in February.",
]


def article(
    title: str, lang: str = "en", charset: str = "utf-8", url: str = "https://example.org/a"
) -> str:
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="{charset}"><title>{title}</title>'
        f'<link rel="canonical" href="{url}"></head><body><nav><a href="/">Home</a></nav>'
        f"<article><h1>{title}</h1>{body}</article><footer>Footer</footer></body></html>"
    )


def warc(records: list[tuple[str, str, StatusAndHeaders, bytes]], gz: bool) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gz)
    for n, (url, kind, headers, payload) in enumerate(records):
        # fixed ids and dates: the corpus is the same bytes every time it is written
        fixed = {
            "WARC-Record-ID": f"<urn:uuid:00000000-0000-4000-8000-{n:012d}>",
            "WARC-Date": "2024-12-22T06:00:00Z",
        }
        if kind == "response":
            rec = writer.create_warc_record(
                url,
                "response",
                payload=io.BytesIO(payload),
                http_headers=headers,
                warc_headers_dict=fixed,
            )
        elif kind == "revisit":
            rec = writer.create_revisit_record(
                url,
                digest="sha1:AAAA",
                refers_to_uri=url,
                refers_to_date="2024-12-01T00:00:00Z",
                http_headers=headers,
            )
            for name, value in fixed.items():
                rec.rec_headers.replace_header(name, value)
        else:
            rec = writer.create_warc_record(
                url, kind, payload=io.BytesIO(payload), warc_headers_dict=fixed
            )
        writer.write_record(rec)
    return buffer.getvalue()


def lying_warc(titles: list[str], at: int, by: int, gz: bool) -> bytes:
    """Response records, one per title, the one at `at` with its Content-Length moved by `by`."""
    ok = StatusAndHeaders(
        "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
    )
    parts = []
    for n, title in enumerate(titles):
        url = f"https://example.org/lying-{'gz' if gz else 'plain'}-{n}"
        record = warc([(url, "response", ok, article(title, url=url).encode())], gz=False)
        if n == at:
            length = int(record.split(b"Content-Length: ", 1)[1].split(b"\r\n", 1)[0])
            record = record.replace(
                f"Content-Length: {length}\r\n".encode(),
                f"Content-Length: {length + by}\r\n".encode(),
                1,
            )
        parts.append(gzip.compress(record, mtime=0) if gz else record)
    return b"".join(parts)


def chunked(data: bytes, size: int = 100) -> bytes:
    parts = [data[i : i + size] for i in range(0, len(data), size)]
    return b"".join(f"{len(p):x}\r\n".encode() + p + b"\r\n" for p in parts) + b"0\r\n\r\n"


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.iterdir():
        old.unlink()
    expected: dict[str, str] = {}

    def put(name: str, data: bytes | str, outcome: str) -> None:
        (OUT / name).write_bytes(data.encode() if isinstance(data, str) else data)
        expected[name] = outcome

    put("empty.html", b"", "empty")
    put("binary.html", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "not_text")
    put(
        "not_found.html",
        "<html><head><title>404 Not Found</title></head><body><h1>Page not found</h1>"
        "<p>The page you asked for does not exist.</p></body></html>",
        "not_found",
    )
    links = "".join(
        f'<li><a href="/news/{i}">Headline number {i} about the city</a></li>' for i in range(30)
    )
    put(
        "listing.html",
        f"<html><head><title>News - City</title></head><body><h1>Latest news</h1><ul>{links}</ul></body></html>",
        "listing",
    )
    put(
        "consent_wall.html",
        "<html><head><title>Before you continue</title></head><body><div class='consent'>"
        "<h1>We value your privacy</h1><p>We and our partners use cookies to store information. Accept all "
        "cookies or manage your consent in the privacy settings.</p><button>Accept all</button></div></body></html>",
        "consent_wall",
    )
    put(
        "paywall.html",
        "<html><head><title>Big story</title></head><body><article><h1>Big story</h1>"
        "<p>The first lines of the story are free to read.</p><div class='paywall'><p>Subscribe to continue "
        "reading. Already a subscriber? Log in.</p></div></article></body></html>",
        "paywall",
    )
    put(
        "no_title.html",
        "<html><body>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "</body></html>",
        "no_title",
    )
    put(
        "stub.html",
        "<html><head><title>Short note</title></head><body><h1>Short note</h1>"
        "<p>Only a sentence or two here, nothing like a whole article.</p></body></html>",
        "not_article",
    )
    put(
        "too_large.html",
        article("Too large") + "<!--" + "x" * (MAX_BYTES + 1000) + "-->",
        "too_large",
    )
    put("bomb.html.gz", gzip.compress(b"\0" * 1_000_000, mtime=0), "decompression_bomb")
    put("bad_gzip.html.gz", b"\x1f\x8b\x08\x00 this is not really gzip data at all", "bad_gzip")
    put("unsupported.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "unsupported")
    put(
        "malformed.jsonl",
        json.dumps(
            {
                "url": "https://example.org/jsonl-ok",
                "html": article("Good JSON line", url="https://example.org/jsonl-ok"),
            }
        )
        + "\n"
        + '{"url": "https://example.org/broken", "html": "<p>unterminated\n'
        + json.dumps({"url": "https://example.org/no-content"})
        + "\n",
        "article",
    )
    expected["malformed.jsonl#1"] = "malformed_json"
    expected["malformed.jsonl#2"] = "missing_content"
    expected["malformed.jsonl#0"] = expected.pop("malformed.jsonl")

    ok = StatusAndHeaders(
        "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
    )
    gone = StatusAndHeaders("404 Not Found", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    gz_body = gzip.compress(
        article("Gzip and chunked in a WARC", url="https://example.org/w1").encode(), mtime=0
    )
    encoded = StatusAndHeaders(
        "200 OK",
        [
            ("Content-Type", "text/html; charset=utf-8"),
            ("Content-Encoding", "gzip"),
            ("Transfer-Encoding", "chunked"),
        ],
        protocol="HTTP/1.1",
    )
    put(
        "crawl.warc.gz",
        warc(
            [
                ("https://example.org/w1", "request", ok, b"GET /w1 HTTP/1.1\r\n\r\n"),
                ("https://example.org/w1", "response", encoded, chunked(gz_body)),
                ("https://example.org/w2", "response", gone, b"<html><body>gone</body></html>"),
                ("https://example.org/w1", "revisit", ok, b""),
            ],
            gz=True,
        ),
        "article",
    )
    expected["crawl.warc.gz#1"] = expected.pop("crawl.warc.gz")
    expected["crawl.warc.gz#2"] = "http_error"

    whole = warc(
        [
            (
                "https://example.org/t1",
                "response",
                ok,
                article("Whole record before the cut", url="https://example.org/t1").encode(),
            ),
            (
                "https://example.org/t2",
                "response",
                ok,
                article("Record cut in half", url="https://example.org/t2").encode(),
            ),
        ],
        gz=True,
    )
    put("truncated.warc.gz", whole[: len(whole) - 300], "article")
    expected["truncated.warc.gz#0"] = expected.pop("truncated.warc.gz")
    expected["truncated.warc.gz#1"] = "truncated_container"

    put(
        "long_line.jsonl",
        "\n".join(
            [
                json.dumps(
                    {
                        "url": "https://example.org/before-long",
                        "html": article(
                            "The line before a long one", url="https://example.org/before-long"
                        ),
                    }
                ),
                json.dumps({"url": "https://example.org/long", "html": "x" * (MAX_BYTES + 1000)}),
                json.dumps(
                    {
                        "url": "https://example.org/after-long",
                        "html": article(
                            "The line after a long one", url="https://example.org/after-long"
                        ),
                    }
                ),
            ]
        )
        + "\n",
        "article",
    )
    expected["long_line.jsonl#0"] = expected.pop("long_line.jsonl")
    expected["long_line.jsonl#1"] = "too_large"
    expected["long_line.jsonl#2"] = "article"
    for name, by, gz in [("lying_length.warc", -40, False), ("lying_length.warc.gz", 40, True)]:
        titles = [
            f"{word} an honest record ({'gzip' if gz else 'plain'})"
            for word in ("Before", "Lying beside", "After")
        ]
        put(name, lying_warc(titles, at=1, by=by, gz=gz), "article")
        expected[f"{name}#0"] = expected.pop(name)
        expected[f"{name}#1"] = "bad_record_length"
        expected[f"{name}#2"] = "article"
    # a link out of the landing folder: a reject, its target never read
    (OUT / "outside_link.txt").symlink_to("../bad_inputs.expected.json")
    expected["outside_link.txt"] = "outside_landing"

    cut = article("A page cut off mid-way still holds its article", url="https://example.org/cut")
    put("truncated_article.html", cut[: cut.index("</article>") - 20], "article")
    cyrillic = article(
        "Київ відкрив новий міст через Дніпро",
        lang="uk",
        charset="windows-1251",
        url="https://example.org/cp1251",
    )
    put("cp1251_meta_only.html", cyrillic.encode("cp1251"), "article")
    put(
        "odd_language.html",
        article("A page that says its language is xx", lang="xx", url="https://example.org/xx"),
        "quality",
    )
    put("dup_first.html", article("The same story twice", url="https://example.org/dup"), "article")
    (OUT / "dup_first.html.meta.json").write_text(
        json.dumps({"fetched_at": "2024-12-22T08:00:00+00:00"})
    )
    put(
        "dup_second.html",
        article("The same story twice", url="https://example.org/dup") + "<!-- ad slot 2 -->",
        "duplicate",
    )
    (OUT / "dup_second.html.meta.json").write_text(
        json.dumps({"fetched_at": "2024-12-22T09:00:00+00:00"})
    )
    (OUT.parent / "bad_inputs.expected.json").write_text(
        json.dumps(dict(sorted(expected.items())), indent=2) + "\n"
    )


if __name__ == "__main__":
    main()
