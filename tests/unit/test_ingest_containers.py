"""Containers keep their good records: a bad JSON line or WARC record is rejected alone."""

import gzip
import io
import json
import re
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from pipelines.ingest import Limits, read_file
from pipelines.model import RawPage, page_id_of


def _records(path: Path, limits: Limits = Limits()) -> list[RawPage]:
    return list(read_file(path, path.parent, limits))


def _outline(records: list[RawPage]) -> list[tuple[int | None, str | None]]:
    return [(r.record, r.error[0] if r.error else None) for r in records]


def _line(n: int) -> bytes:
    return json.dumps({"url": f"https://x.com/{n}", "html": f"<p>{n}</p>"}).encode()


# -- JSON Lines --------------------------------------------------------------------------


def test_a_50_mb_line_is_rejected_alone_and_the_lines_around_it_load(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    with path.open("wb") as fh:
        fh.write(_line(1) + b"\n")
        fh.write(b'{"html": "' + b"x" * 50_000_000 + b'"}\n')
        fh.write(_line(3) + b"\n")
    records = _records(path, Limits(max_bytes=1000))
    assert _outline(records) == [(0, None), (1, "too_large"), (2, None)]
    assert [r.content for r in records[::2]] == [b"<p>1</p>", b"<p>3</p>"]
    assert records[1].error == (
        "too_large",
        "record 1 (line 2) is over the size limit (50000012 bytes)",
    )
    assert records[1].content == b"big.jsonl#1:50000012"


def test_an_overlong_line_in_a_gzip_file_is_rejected_alone(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl.gz"
    data = _line(1) + b"\n" + b"y" * 200_000 + b"\n" + _line(3)
    path.write_bytes(gzip.compress(data, mtime=0))
    records = _records(path, Limits(max_bytes=1000, max_gzip_ratio=10_000))
    assert _outline(records) == [(0, None), (1, "too_large"), (2, None)]
    assert records[2].url == "https://x.com/3"


def test_a_line_exactly_at_the_limit_loads_one_byte_more_does_not(tmp_path: Path) -> None:
    at = b'{"text": "' + b"a" * 88 + b'"}'
    assert len(at) == 100
    over = b'{"text": "' + b"a" * 89 + b'"}'
    path = tmp_path / "edge.jsonl"
    path.write_bytes(at + b"\n" + over + b"\n" + at)
    assert _outline(_records(path, Limits(max_bytes=100))) == [
        (0, None),
        (1, "too_large"),
        (2, None),
    ]
    path.write_bytes(over)  # the last line has no newline
    assert _outline(_records(path, Limits(max_bytes=100))) == [(0, "too_large")]


def test_a_container_larger_than_the_record_limit_is_fine(tmp_path: Path) -> None:
    path = tmp_path / "many.jsonl"
    path.write_bytes(b"\n".join(_line(n) for n in range(100)) + b"\n")
    assert path.stat().st_size > 3000
    records = _records(path, Limits(max_bytes=100))
    assert _outline(records) == [(n, None) for n in range(100)]


def test_the_container_cap_rejects_the_rest_and_keeps_what_came_before(tmp_path: Path) -> None:
    path = tmp_path / "many.jsonl.gz"
    path.write_bytes(gzip.compress(b"\n".join(_line(n) for n in range(10)), mtime=0))
    records = _records(path, Limits(max_container_bytes=200))
    assert _outline(records) == [(0, None), (1, None), (2, None), (3, None), (4, "too_large")]
    assert records[-1].error == (
        "too_large",
        "record 4 (line 5) and after: the file expands past 200 bytes (the container limit)",
    )
    plain = tmp_path / "many.jsonl"
    plain.write_bytes(b"\n".join(_line(n) for n in range(10)))
    [whole] = _records(plain, Limits(max_container_bytes=200))
    assert whole.error == ("too_large", "469 bytes is over the 200-byte container limit")


def test_a_gzip_bomb_keeps_the_records_before_it(tmp_path: Path) -> None:
    path = tmp_path / "bomb.jsonl.gz"
    path.write_bytes(gzip.compress(_line(0) + b"\n" + b" " * 5_000_000 + b"\n" + _line(2)))
    records = _records(path)
    assert _outline(records) == [(0, None), (1, "decompression_bomb")]


def test_a_corrupt_gzip_tail_keeps_the_records_before_it(tmp_path: Path) -> None:
    whole = gzip.compress(b"\n".join(_line(n) for n in range(2000)), mtime=0)
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(whole[: len(whole) // 2])
    records = _records(path)
    assert records[-1].error is not None and records[-1].error[0] == "bad_gzip"
    good = records[:-1]
    assert len(good) > 100 and _outline(good) == [(n, None) for n in range(len(good))]


@pytest.mark.parametrize(("data", "name"), [(b"", "a.jsonl"), (b"\n  \n\n", "b.jsonl")])
def test_a_file_without_records_is_one_empty_record(tmp_path: Path, data: bytes, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    [record] = _records(path)
    assert (record.record, record.error, record.page_id) == (
        None,
        ("empty", "the JSON Lines file holds no records"),
        page_id_of(data),
    )


# -- WARC ---------------------------------------------------------------------------------

_OK = [("Content-Type", "text/html; charset=utf-8")]


def _response(n: int, gz: bool) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gz)
    body = f"<html><body><p>Record number {n} of the crawl.</p></body></html>".encode()
    writer.write_record(
        writer.create_warc_record(
            f"https://x.com/{n}",
            "response",
            payload=io.BytesIO(body),
            http_headers=StatusAndHeaders("200 OK", _OK, protocol="HTTP/1.1"),
            warc_headers_dict={
                "WARC-Date": "2024-12-22T06:00:00Z",
                "WARC-Record-ID": f"<urn:uuid:00000000-0000-0000-0000-00000000000{n}>",
            },
        )
    )
    return buffer.getvalue()


def _lie(record: bytes, by: int) -> bytes:
    """A WARC record (uncompressed) with its Content-Length moved by `by`."""
    return re.sub(
        rb"Content-Length: (\d+)",
        lambda m: b"Content-Length: " + str(int(m.group(1)) + by).encode(),
        record,
        count=1,
    )


def _warc(tmp_path: Path, name: str, lie: int, at: int = 1, count: int = 3) -> Path:
    gz = name.endswith(".gz")
    parts = []
    for n in range(count):
        plain = _response(n, gz=False)
        if n == at:
            plain = _lie(plain, lie)
        parts.append(gzip.compress(plain, mtime=0) if gz else plain)
    path = tmp_path / name
    path.write_bytes(b"".join(parts))
    return path


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
@pytest.mark.parametrize("lie", [-31, -1, 1, 31, 400])
def test_a_record_whose_length_lies_is_rejected_alone(tmp_path: Path, name: str, lie: int) -> None:
    records = _records(_warc(tmp_path, name, lie))
    assert _outline(records) == [(0, None), (1, "bad_record_length"), (2, None)]
    assert [r.content for r in records[::2]] == [
        b"<html><body><p>Record number 0 of the crawl.</p></body></html>",
        b"<html><body><p>Record number 2 of the crawl.</p></body></html>",
    ]
    assert records[1].error is not None and records[1].error[1].startswith("WARC record 1: ")


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_the_first_and_last_records_may_lie_too(tmp_path: Path, name: str) -> None:
    first = _records(_warc(tmp_path, name, -20, at=0))
    assert _outline(first) == [(0, "bad_record_length"), (1, None), (2, None)]
    last_short = _records(_warc(tmp_path, name, -20, at=2))
    assert _outline(last_short) == [(0, None), (1, None), (2, "bad_record_length")]


@pytest.mark.parametrize(
    ("name", "code"),
    [
        # uncompressed, a last record claiming more than the file holds looks like a cut file
        ("crawl.warc", "truncated_container"),
        # gzipped, its member is whole: the length lies
        ("crawl.warc.gz", "bad_record_length"),
    ],
)
def test_a_last_record_that_claims_more_than_the_file_holds(
    tmp_path: Path, name: str, code: str
) -> None:
    records = _records(_warc(tmp_path, name, 50, at=2))
    assert _outline(records) == [(0, None), (1, None), (2, code)]


def test_honest_records_need_no_second_look(tmp_path: Path) -> None:
    for name in ("crawl.warc", "crawl.warc.gz"):
        records = _records(_warc(tmp_path, name, 0))
        assert _outline(records) == [(0, None), (1, None), (2, None)]


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_an_oversized_warc_record_is_rejected_alone(tmp_path: Path, name: str) -> None:
    records = _records(_warc(tmp_path, name, 0), Limits(max_bytes=60))
    # every body is 64 bytes: over a 60-byte limit each is too large, none takes the others down
    assert _outline(records) == [(0, "too_large"), (1, "too_large"), (2, "too_large")]
    records = _records(_warc(tmp_path, name, 0), Limits(max_bytes=64))
    assert _outline(records) == [(0, None), (1, None), (2, None)]


@pytest.mark.parametrize("count", [3, 4])
def test_a_record_that_claims_exactly_itself_and_the_next_gives_the_next_back(
    tmp_path: Path, count: int
) -> None:
    # its claimed end is a real boundary; its block digest is what gives it away
    swallow = len(_response(2, gz=False))
    records = _records(_warc(tmp_path, "crawl.warc", swallow, count=count))
    assert _outline(records) == [(0, None), (1, "bad_record_length")] + [
        (n, None) for n in range(2, count)
    ]
    assert records[2].url == "https://x.com/2"
    assert records[1].error is not None
    honest = re.search(rb"Content-Length: (\d+)", _response(1, gz=False))
    claimed = int(honest.group(1)) + swallow if honest else 0
    assert (
        records[1].error[1] == f"WARC record 1: Content-Length {claimed} runs over the next record"
    )


@pytest.mark.parametrize("lie", [-5, 5])
def test_a_lone_gzip_record_that_lies_is_one_reject(tmp_path: Path, lie: int) -> None:
    records = _records(_warc(tmp_path, "one.warc.gz", lie, at=0, count=1))
    assert _outline(records) == [(0, "bad_record_length")]


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_the_warc_container_cap_keeps_the_records_before_it(tmp_path: Path, name: str) -> None:
    path = _warc(tmp_path, name, 0)
    records = _records(path, Limits(max_container_bytes=300))
    assert _outline(records) == [(0, None), (1, None), (2, "too_large")]
    assert records[2].error is not None
    assert records[2].error[1].startswith("WARC record 2 and after are not read: past the 300-byte")


def test_a_gzip_record_claiming_far_more_than_its_ratio_stops_the_file(tmp_path: Path) -> None:
    path = _warc(tmp_path, "crawl.warc.gz", 10**9, at=1)
    records = _records(path)
    assert _outline(records) == [(0, None), (1, "decompression_bomb")]
