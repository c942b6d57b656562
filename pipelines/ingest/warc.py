"""WARC files -> one RawPage per `response` record (warcio does chunked and gzip bodies).

The URL comes from WARC-Target-URI, the fetch time from WARC-Date and the charset from the
HTTP Content-Type header. request, revisit, metadata and warcinfo records are not pages.

warcio trusts each record's Content-Length; here it is checked against the record's
boundary. Uncompressed, the bytes where a record claims to end must be CRLF CRLF and the
next `WARC/` header (or the end of the file); gzipped, a record is one gzip member and
must end where its member ends. A record that fails is one `bad_record_length` reject and
reading goes on at the next record header, so the honest records around it load. A file
cut inside its last record is one `truncated_container` reject for what is lost.
"""

from __future__ import annotations

import gzip
import re
import zlib
from collections.abc import Iterator
from typing import IO, TYPE_CHECKING, Literal

from pipelines.ingest.records import Limits, error_page, unread_text
from pipelines.model import RawPage, page_id_of
from pipelines.normalize.dates import parse_instant

if TYPE_CHECKING:  # warcio loads where a WARC is read: ~60 ms CPU at every start
    from warcio.archiveiterator import ArchiveIterator
    from warcio.recordloader import ArcWarcRecord

_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
_BOUNDARY = b"\r\n\r\nWARC/"
_NEXT_HEADER = b"\r\n\r\nWARC/1."
_SCAN = 1 << 20

_RECORD_TYPES = {
    "warcinfo",
    "response",
    "resource",
    "request",
    "metadata",
    "revisit",
    "conversion",
    "continuation",
}


class _Truncated(Exception):
    pass


class _Stop(Exception):
    """The rest of the container is over a limit: `code` is the reject reason."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def _gzip_complete(fh: IO[bytes]) -> bool:
    """Every gzip member ends with its trailer (warcio reads a member cut in its trailer quietly)."""
    fh.seek(0)
    try:
        with gzip.GzipFile(fileobj=fh, mode="rb") as unzipped:
            while unzipped.read(1 << 20):
                pass
    except (OSError, EOFError, zlib.error):
        return False
    return True


def _length(record: ArcWarcRecord) -> int | None:
    value = record.rec_headers.get_header("Content-Length") if record.rec_headers else None
    return int(value) if isinstance(value, str) and value.strip().isdigit() else None


def _peek(fh: IO[bytes], offset: int, size: int) -> bytes:
    """`size` bytes at `offset`, leaving the file where warcio's reader had it."""
    here = fh.tell()
    try:
        fh.seek(offset)
        return fh.read(size)
    finally:
        fh.seek(here)


def _boundary(fh: IO[bytes], end: int, size: int) -> Literal["ok", "truncated", "bad"]:
    """Uncompressed: what lies where a record claims to end."""
    data = _peek(fh, end, len(_BOUNDARY)) if 0 <= end <= size else b""
    if data == _BOUNDARY or (data == b"\r\n\r\n" and end + 4 == size):
        return "ok"
    if end + len(data) >= size and _BOUNDARY.startswith(data):
        return "truncated"
    return "bad"


def _next_header(fh: IO[bytes], start: int, stop: int) -> int | None:
    """Offset of the first record header in [start, stop) (uncompressed), None if there is none."""
    pos = start
    while pos < stop:
        block = _peek(fh, pos, _SCAN + len(_NEXT_HEADER))
        found = block.find(_NEXT_HEADER)
        if found >= 0 and pos + found + 4 < stop:
            return pos + found + 4
        pos += _SCAN
    return None


def _swallowed(record: ArcWarcRecord) -> bool:
    checker = getattr(record, "digest_checker", None)
    problems = checker.problems if checker is not None and checker.passed is False else []
    return any(p.startswith("block digest failed") for p in problems)


def _member_rest(records: ArchiveIterator) -> int:
    """Gzipped: bytes left in the record's member after its content, CRLF CRLF expected."""
    head = records.reader.read(len(_NEXT_HEADER))
    if head.startswith(_NEXT_HEADER):
        raise _Truncated("a gzip member holds more than one record")
    rest = len(head)
    while chunk := records.reader.read(_SCAN):
        rest += len(chunk)
    return 0 if head == b"\r\n\r\n" or (rest < 4 and b"\r\n\r\n".startswith(head)) else rest


def read_warc(fh: IO[bytes], rel: str, limits: Limits, size: int) -> Iterator[RawPage]:
    """An open .warc(.gz) file of `size` bytes -> its response records, one reject per bad record.

    warcio stops quietly at a record cut in half, so the end of the last whole record is
    compared with the file size: bytes left over mean the file was truncated.
    """
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    gz = _peek(fh, 0, 2) == b"\x1f\x8b"
    next_index = 0
    start = 0
    end = 0
    budget = limits.max_container_bytes
    short: int | None = None  # gzipped: a record whose member ended before its Content-Length

    def bad(index: int, why: str) -> RawPage:
        marker = f"{rel}#{index}:bad_record_length".encode()
        message = f"WARC record {index}: {why}"
        return error_page(rel, index, "warc", marker, "bad_record_length", message)

    try:
        while start is not None:
            fh.seek(start)
            # Uncompressed, a record that claims exactly itself and the next record passes the
            # boundary check; its block digest (when the writer left one) does not.
            records = ArchiveIterator(fh, check_digests=not gz)
            resume: int | None = None
            for record in records:
                index = next_index
                length = _length(record)
                if record.rec_type not in _RECORD_TYPES or length is None:
                    raise _Truncated("a record's WARC headers are cut off")
                if short is not None:
                    yield bad(short, "its gzip member ends before its Content-Length")
                    short = None
                budget -= length
                if budget < 0:
                    raise _Stop(
                        "too_large", f"past the {limits.max_container_bytes}-byte container limit"
                    )
                if gz and length > max(size, 1) * limits.max_gzip_ratio:
                    raise _Stop(
                        "decompression_bomb", f"claims {length} bytes from a {size}-byte file"
                    )
                if not gz:
                    here = fh.tell() - records.reader.rem_length()
                    claimed = here + record.raw_stream.limit
                    verdict = _boundary(fh, claimed, size)
                    if verdict != "ok":
                        resume = _next_header(fh, records.offset + 10, size)
                        if resume is None and verdict == "truncated":
                            raise _Truncated("a record is shorter than its Content-Length")
                        yield bad(
                            index, f"Content-Length {length} does not end at a record boundary"
                        )
                        next_index = index + 1
                        end = size if resume is None else resume - 4
                        break
                page = (
                    _response(record, rel, index, limits) if record.rec_type == "response" else None
                )
                while record.raw_stream.read(_SCAN):
                    pass
                if not gz and _swallowed(record):
                    resume = _next_header(fh, here, claimed)
                    if resume is not None:
                        yield bad(index, f"Content-Length {length} runs over the next record")
                        next_index = index + 1
                        end = resume - 4
                        break
                if gz and getattr(record.raw_stream, "limit", 0) > 0:
                    short = index
                    page = None
                elif gz and _member_rest(records):
                    page = bad(index, f"Content-Length {length} ends before its gzip member does")
                records.read_to_end()
                end = records.get_record_offset() + records.get_record_length()
                if page is not None:
                    yield page
                next_index = index + 1
            start = resume  # type: ignore[assignment]
        if short is not None:
            next_index = short
            if not _gzip_complete(fh):
                raise _Truncated("a record is shorter than its Content-Length")
            yield bad(short, "its gzip member ends before its Content-Length")
            next_index = short + 1
        if next_index == 0:
            raise _Truncated("the file holds no WARC record")
        left = size - end
        if left > 4:  # a record ends with CRLF CRLF; anything more is an unreadable tail
            raise _Truncated(f"{left} bytes after the last whole record")
        if left < 0 or (gz and not _gzip_complete(fh)):
            raise _Truncated("the file ends inside a gzip member")
    except _Stop as exc:
        marker = f"{rel}:{exc.code}-at:{next_index}".encode()
        message = f"WARC record {next_index} and after are not read: {exc}"
        yield error_page(rel, next_index, "warc", marker, exc.code, message)
    except (_Truncated, ArchiveLoadFailed, EOFError, zlib.error, ValueError, AttributeError) as exc:
        marker = f"{rel}:truncated-at:{next_index}".encode()
        yield error_page(
            rel,
            next_index,
            "warc",
            marker,
            "truncated_container",
            f"WARC record {next_index} and after cannot be read: {exc}",
        )


def _response(record: ArcWarcRecord, rel: str, index: int, limits: Limits) -> RawPage:
    headers = record.rec_headers
    url = headers.get_header("WARC-Target-URI")
    fetched = parse_instant(headers.get_header("WARC-Date"))
    fetched_text = unread_text(headers.get_header("WARC-Date"), fetched)
    http = record.http_headers
    status = int(http.get_statuscode()) if http is not None and http.get_statuscode() else None
    content_type = http.get_header("Content-Type") if http is not None else None
    charset_match = _CHARSET.search(content_type or "")
    body = record.content_stream().read(limits.max_bytes + 1)
    if len(body) > limits.max_bytes:
        return error_page(
            rel,
            index,
            "warc",
            body[: 1 << 16],
            "too_large",
            f"record {index} is over the size limit",
        )
    plain = bool(content_type and content_type.lower().startswith("text/plain"))
    media: Literal["html", "text"] = "text" if plain else "html"
    return RawPage(
        page_id=page_id_of(body),
        source_path=rel,
        record=index,
        content=body,
        format="warc",
        media=media,
        url=url,
        fetched_at=fetched,
        charset=charset_match.group(1) if charset_match else None,
        http_status=status,
        fetched_at_text=fetched_text,
    )
