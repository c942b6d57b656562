"""Writes the container samples in seeds/: one JSON Lines file and one WARC file.

Run from the repo root: `.venv/bin/python scripts/make_seed_containers.py`. The pages are
written here, by hand, for this project; the output is committed so `make run` needs no step.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="{charset}"><title>{title} | {outlet}</title>
<meta property="og:title" content="{title}">
<meta property="article:published_time" content="{published}">
<meta name="author" content="{author}">
<script>window.ads=[];</script></head>
<body><nav class="main-menu"><a href="/">Home</a> <a href="/news">News</a></nav>
<div class="cookie-consent"><p>We use cookies to personalise content and ads.</p></div>
<article><h1>{title}</h1><div class="story-text">{paragraphs}</div></article>
<div class="newsletter"><p>Get our newsletter every morning.</p></div>
<footer><p>&copy; {outlet}</p></footer></body></html>"""


def page(
    title: str,
    outlet: str,
    published: str,
    author: str,
    paragraphs: list[str],
    charset: str = "utf-8",
) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return PAGE.format(
        title=title,
        outlet=outlet,
        published=published,
        author=author,
        paragraphs=body,
        charset=charset,
    )


DNIPRO_V2 = (
    (Path(__file__).resolve().parent.parent / "seeds/101_dnipro_herald_jsonld.html")
    .read_text(encoding="utf-8")
    .replace(
        "The city plans to open two more underground schools in the spring if funding allows.</p>",
        "The city plans to open two more underground schools in the spring if funding allows.</p>\n"
        "    <p>Correction: an earlier version of this article gave the depth of the shelter as four metres. "
        "It is six metres below ground.</p>",
    )
)

JSONL = [
    {
        "url": "https://odesa-courier.com.ua/port/grain-corridor-december",
        "fetched_at": "2024-12-21T18:20:00+02:00",
        "source": "Odesa Courier",
        "html": page(
            "Odesa grain corridor keeps ships moving despite drone attacks",
            "Odesa Courier",
            "2024-12-21T17:05:00+02:00",
            "Serhii Bondar",
            [
                "Ships continued to leave the ports of Greater Odesa this week despite repeated drone attacks on port infrastructure, the regional military administration said on Saturday.",
                "Fourteen vessels carrying grain, sunflower oil and iron ore departed in the past seven days, a figure close to the autumn average. Two berths damaged on Tuesday night were back in service within a day.",
                "Shipping agents said insurance premiums for voyages to Ukrainian ports have eased since the spring, although they remain several times higher than before the war.",
            ],
        ),
    },
    {
        "url": "https://dniproherald.com.ua/city/underground-school-shelter-opens/",
        "fetched_at": "2024-12-21T09:00:00+02:00",
        "source": "Dnipro Herald",
        "html": DNIPRO_V2,
    },
]

WARC_PAGES = [
    (
        "https://chernihiv-today.com.ua/news/bridge-desna-reopened",
        "2024-12-19T12:30:00Z",
        "windows-1251",
        page(
            "Bridge over the Desna reopened to light traffic",
            "Chernihiv Today",
            "2024-12-19T13:10:00+02:00",
            "Iryna Shevchuk",
            [
                "The road bridge over the Desna river north of Chernihiv reopened to cars and light vans on Thursday, almost three years after it was blown up in the first weeks of the full-scale invasion.",
                "Heavy trucks will have to keep using the pontoon crossing downstream until load tests are completed in January. Regional officials said a bus route to the villages on the left bank will resume next week.",
                "Residents gathered at both ends of the bridge for a short ceremony. Several said the crossing cut their journey to the city hospital from more than an hour to fifteen minutes.",
            ],
            charset="windows-1251",
        ),
    ),
    (
        "https://poltava-post.com.ua/culture/museum-reopens-exhibition",
        "2024-12-20T08:15:00Z",
        "utf-8",
        page(
            "Poltava museum brings evacuated paintings back on display",
            "Poltava Post",
            "2024-12-20T09:00:00+02:00",
            "Mykola Tkachenko",
            [
                "The Poltava art museum put forty paintings back on display on Friday, works that had been kept in storage in another region since February 2022 to protect them from shelling.",
                "The exhibition fills two halls of the ground floor. Curators said the upper floors will stay closed for now because they have no shelter nearby for visitors during air-raid alerts.",
                "Admission is free until the end of January. The museum also plans guided tours for schoolchildren who have never seen the collection in person.",
            ],
        ),
    ),
]


def write_warc(path: Path) -> None:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for url, date, charset, html in WARC_PAGES:
        request = writer.create_warc_record(
            url,
            "request",
            payload=io.BytesIO(f"GET {url} HTTP/1.1\r\n\r\n".encode()),
            warc_headers_dict={"WARC-Date": date},
        )
        writer.write_record(request)
        body = html.encode(charset)
        headers = StatusAndHeaders(
            "200 OK",
            [("Content-Type", f"text/html; charset={charset}"), ("Content-Length", str(len(body)))],
            protocol="HTTP/1.1",
        )
        record = writer.create_warc_record(
            url,
            "response",
            payload=io.BytesIO(body),
            http_headers=headers,
            warc_headers_dict={"WARC-Date": date},
        )
        writer.write_record(record)
    path.write_bytes(buffer.getvalue())


def main() -> None:
    with (SEEDS / "200_crawl_2024-12-21.jsonl").open("w", encoding="utf-8") as fh:
        for obj in JSONL:
            fh.write(json.dumps(obj, ensure_ascii=False) + "\n")
    write_warc(SEEDS / "300_crawl_2024-12-20.warc.gz")


if __name__ == "__main__":
    main()
