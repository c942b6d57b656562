"""Landing files -> records: sidecars, JSON Lines, WARC, gzip, limits."""

import gzip
import io
import json
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from pipelines.ingest import Limits, read_file
from pipelines.landing_walk import discover
from pipelines.model import page_id_of


def _records(path: Path, limits: Limits = Limits()) -> list:
    return list(read_file(path, path.parent, limits))


def test_loose_page_with_sidecar(tmp_path: Path) -> None:
    page = tmp_path / "a.html"
    page.write_bytes(b"<html></html>")
    (tmp_path / "a.html.meta.json").write_text(
        json.dumps(
            {"url": "https://x.com/a", "fetched_at": "2024-12-22T08:00:00+02:00", "source": "X"}
        )
    )
    [record] = _records(page)
    assert record.page_id == page_id_of(b"<html></html>")
    assert (record.url, record.source, record.fetched_at.isoformat()) == (
        "https://x.com/a",
        "X",
        "2024-12-22T08:00:00+02:00",
    )
    assert discover(tmp_path) == [page]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("a.html", ("html", "html", None)),
        ("A.HTM", ("html", "html", None)),
        ("a.Txt", ("text", "text", None)),
        ("a.HTML.GZ", ("html", "html", None)),
        ("a.b.txt.gz", ("text", "text", None)),
        ("a.tar.gz", ("text", "text", ("unsupported", "'.tar' is not an input format"))),
        ("a.", ("text", "text", ("unsupported", "'a.' is not an input format"))),
        (".html", ("text", "text", ("unsupported", "'.html' is not an input format"))),
        ("README", ("text", "text", ("unsupported", "'README' is not an input format"))),
    ],
)
def test_a_files_kind_is_its_suffix_under_any_gz(
    tmp_path: Path, name: str, expected: tuple[str, str, tuple[str, str] | None]
) -> None:
    page = tmp_path / name
    data = b"<p>page</p>"
    page.write_bytes(gzip.compress(data) if name.lower().endswith(".gz") else data)
    [record] = _records(page)
    assert (record.format, record.media, record.error) == expected
    assert record.content == (data if expected[2] is None else name.encode())


@pytest.mark.parametrize(
    ("path", "root", "stored"),
    [
        ("day/a.html", ".", "day/a.html"),  # under the root: the name below it
        ("day/a.html", "day", "a.html"),
        ("day/a.html", "day/a.html", "a.html"),  # the root itself: its name
        ("day/a.html", "other", "a.html"),  # not under the root: its name
        ("dayafter/a.html", "day", "a.html"),  # a sibling whose name starts alike
    ],
)
def test_a_record_is_stored_under_its_name_below_the_root(
    tmp_path: Path, path: str, root: str, stored: str
) -> None:
    page = tmp_path / path
    page.parent.mkdir(parents=True)
    page.write_bytes(b"<p>page</p>")
    [record] = read_file(page, tmp_path / root if root != "." else tmp_path)
    assert record.source_path == stored


def test_fetch_time_without_offset_is_unknown(tmp_path: Path) -> None:
    page = tmp_path / "a.txt"
    page.write_text("x")
    (tmp_path / "a.txt.meta.json").write_text(json.dumps({"fetched_at": "2024-12-22T08:00:00"}))
    assert _records(page)[0].fetched_at is None


def test_jsonl_malformed_line_is_a_record_with_its_line_number(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    path.write_text(
        '{"url": "https://x.com/1", "html": "<p>1</p>"}\n{broken\n\n{"text": "plain"}\n[1]\n'
    )
    records = _records(path)
    assert [(r.record, r.media, r.error and r.error[0]) for r in records] == [
        (0, "html", None),
        (1, "text", "malformed_json"),
        (3, "text", None),
        (4, "text", "malformed_json"),
    ]
    assert records[1].error[1].startswith("record 1 (line 2): ")


def test_gzip_page_and_bomb(tmp_path: Path) -> None:
    page = tmp_path / "a.html.gz"
    page.write_bytes(gzip.compress(b"<html>hello</html>"))
    assert _records(page)[0].content == b"<html>hello</html>"
    bomb = tmp_path / "b.html.gz"
    bomb.write_bytes(gzip.compress(b"\0" * 5_000_000))
    [record] = _records(bomb)
    assert record.error is not None and record.error[0] == "decompression_bomb"


def test_too_large(tmp_path: Path) -> None:
    page = tmp_path / "big.html"
    page.write_bytes(b"x" * 2000)
    [record] = _records(page, Limits(max_bytes=1000))
    assert record.error is not None and record.error[0] == "too_large"


def test_unsupported_file_is_a_reject_not_silence(tmp_path: Path) -> None:
    odd = tmp_path / "notes.pdf"
    odd.write_bytes(b"%PDF")
    [record] = _records(odd)
    assert record.error is not None and record.error[0] == "unsupported"


def _warc(path: Path) -> None:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for url, body, status in [
        ("https://x.com/a", "<p>Привіт</p>".encode("cp1251"), "200 OK"),
        ("https://x.com/b", b"gone", "404 Not Found"),
    ]:
        writer.write_record(
            writer.create_warc_record(url, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n"))
        )
        headers = StatusAndHeaders(
            status, [("Content-Type", "text/html; charset=windows-1251")], protocol="HTTP/1.1"
        )
        writer.write_record(
            writer.create_warc_record(
                url,
                "response",
                payload=io.BytesIO(body),
                http_headers=headers,
                warc_headers_dict={"WARC-Date": "2024-12-22T06:00:00Z"},
            )
        )
    path.write_bytes(buffer.getvalue())


def test_warc_response_records(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    _warc(path)
    records = _records(path)
    assert [(r.record, r.url, r.http_status, r.charset) for r in records] == [
        (1, "https://x.com/a", 200, "windows-1251"),
        (3, "https://x.com/b", 404, "windows-1251"),
    ]
    assert records[0].content.decode("cp1251") == "<p>Привіт</p>"
    assert records[0].fetched_at.isoformat() == "2024-12-22T06:00:00+00:00"


def _record_ends(path: Path) -> set[int]:
    with path.open("rb") as fh:
        it = ArchiveIterator(fh)
        ends = set()
        for _record in it:
            it.read_to_end()
            ends.add(it.get_record_offset() + it.get_record_length())
    return ends


@pytest.mark.parametrize("name", ["crawl.warc.gz", "crawl.warc"])
def test_a_warc_cut_anywhere_but_between_records_is_a_truncated_reject(
    tmp_path: Path, name: str
) -> None:
    whole = tmp_path / "whole.warc.gz"
    _warc(whole)
    data = whole.read_bytes() if name.endswith(".gz") else gzip.decompress(whole.read_bytes())
    full = tmp_path / ("full" + name[5:])
    full.write_bytes(data)
    boundaries = _record_ends(full)
    cut = tmp_path / name
    silent = []
    for n in range(len(data)):
        cut.write_bytes(data[:n])
        records = _records(cut)
        if not any(r.error and r.error[0] == "truncated_container" for r in records):
            silent.append(n)
    # only a cut exactly between two records (CRLF CRLF included) reads as a shorter, whole file
    assert all(any(0 <= n - end <= 4 for end in boundaries) for n in silent), silent
    good = [r for r in _records(full)]
    assert [r.error for r in good] == [None, None]
