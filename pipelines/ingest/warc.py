"""WARC files -> one RawPage per `response` record (warcio does chunked and gzip bodies).

The URL comes from WARC-Target-URI, the fetch time from WARC-Date and the charset from the
HTTP Content-Type header. request, revisit, metadata and warcinfo records are not pages.
"""

from __future__ import annotations

import gzip
import re
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord

from pipelines.ingest.files import Limits, error_page
from pipelines.model import RawPage, page_id_of
from pipelines.normalize.dates import parse_instant

_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)


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


def _gzip_complete(path: Path) -> bool:
    """Every gzip member ends with its trailer (warcio reads a member cut in its trailer quietly)."""
    try:
        with gzip.open(path, "rb") as fh:
            while fh.read(1 << 20):
                pass
    except (OSError, EOFError, zlib.error):
        return False
    return True


def _has_length(record: ArcWarcRecord) -> bool:
    value = record.rec_headers.get_header("Content-Length") if record.rec_headers else None
    return isinstance(value, str) and value.strip().isdigit()


def read_warc(path: Path, rel: str, limits: Limits) -> Iterator[RawPage]:
    """A .warc or .warc.gz file -> its response records; a cut-off tail is one reject.

    warcio stops quietly at a record cut in half, so the end of the last whole record is
    compared with the file size: bytes left over mean the file was truncated.
    """
    next_index = 0
    try:
        with path.open("rb") as stream:
            records = ArchiveIterator(stream)
            end = 0
            for index, record in enumerate(records):
                if record.rec_type not in _RECORD_TYPES or not _has_length(record):
                    raise _Truncated("a record's WARC headers are cut off")
                page = (
                    _response(record, rel, index, limits) if record.rec_type == "response" else None
                )
                records.read_to_end()
                if getattr(record.raw_stream, "limit", 0) > 0:
                    raise _Truncated("a record is shorter than its Content-Length")
                end = records.get_record_offset() + records.get_record_length()
                if page is not None:
                    yield page
                next_index = index + 1
        if next_index == 0:
            raise _Truncated("the file holds no WARC record")
        left = path.stat().st_size - end
        if left > 4:  # a record ends with CRLF CRLF; anything more is an unreadable tail
            raise _Truncated(f"{left} bytes after the last whole record")
        if left < 0 or (path.name.lower().endswith(".gz") and not _gzip_complete(path)):
            raise _Truncated("the file ends inside a gzip member")
    except (_Truncated, ArchiveLoadFailed, OSError, EOFError, ValueError, AttributeError) as exc:
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
    )
