"""WARC files -> one RawPage per `response` record (warcio does chunked and gzip bodies).

The URL comes from WARC-Target-URI, the fetch time from WARC-Date and the charset from the
HTTP Content-Type header. request, revisit, metadata and warcinfo records are not pages.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from pipelines.ingest.files import Limits, error_page
from pipelines.model import RawPage, page_id_of

_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)


def _warc_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def read_warc(path: Path, rel: str, limits: Limits) -> Iterator[RawPage]:
    """A .warc or .warc.gz file -> its response records as RawPages."""
    index = -1
    try:
        with path.open("rb") as stream:
            for index, record in enumerate(ArchiveIterator(stream)):  # noqa: B007
                if record.rec_type != "response":
                    continue
                yield _response(record, rel, index, limits)
    except (ArchiveLoadFailed, OSError, EOFError, ValueError) as exc:
        marker = f"{rel}:truncated-after:{index}".encode()
        yield error_page(rel, index + 1, "warc", marker, "truncated_container", f"WARC record {index + 1} cannot be read: {exc}")


def _response(record, rel: str, index: int, limits: Limits) -> RawPage:  # type: ignore[no-untyped-def]
    headers = record.rec_headers
    url = headers.get_header("WARC-Target-URI")
    fetched = _warc_date(headers.get_header("WARC-Date"))
    http = record.http_headers
    status = int(http.get_statuscode()) if http is not None and http.get_statuscode() else None
    content_type = http.get_header("Content-Type") if http is not None else None
    charset_match = _CHARSET.search(content_type or "")
    body = record.content_stream().read(limits.max_bytes + 1)
    if len(body) > limits.max_bytes:
        return error_page(rel, index, "warc", body[: 1 << 16], "too_large", f"record {index} is over the size limit")
    media = "text" if content_type and content_type.lower().startswith("text/plain") else "html"
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
