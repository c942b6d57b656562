"""What every reader of the landing folder shares: limits, the error record, JSON -> RawPage.

Reason codes a landing record can carry in `RawPage.error` (extraction rejects it with that
code). A reader yields them; none raises for a bad file.

    unsupported            the file's suffix is not an input format
    too_large              the file, a JSON line or a WARC record is over `Limits.max_bytes`
                           (a container is read record by record: only that record is lost),
                           or a container is over `Limits.max_container_bytes` from there on
    decompression_bomb     a gzip file expands past `Limits.max_gzip_ratio` times its size
                           (a container keeps the records before that point)
    bad_gzip               the gzip stream is corrupt (a container keeps the records before it)
    malformed_json         a JSON line does not parse, or is not an object
    missing_content        a JSON record has neither an 'html' nor a 'text' string
    empty                  a JSON Lines file holds no records
    truncated_container    a WARC file ends inside a record: that record and the rest are lost
    bad_record_length      a WARC record's Content-Length does not end at its boundary (it
                           would cut its body or swallow the next record): that record alone
    outside_landing        a symlink whose target resolves outside the landing folder (never read)
    broken_link            a symlink whose target does not exist
    symlink_loop           a symlink that resolves to itself (ELOOP)
    unreadable             the file exists but cannot be opened or read (permissions, IO error)
    vanished               the file was deleted after discovery or while it was read  [transient]
    changed_while_reading  the file's size, mtime, ctime or inode moved while it was read, or
                           since the caller took its `FileState`  [transient]

Transient records (`is_transient`) say nothing about the file's content: the caller leaves
the file out of this load's landing manifest (and drops any record the file yielded before
the transient one, which is always the file's last) and reads it again next load.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Literal

from pipelines.model import RawPage, page_id_of
from pipelines.normalize.dates import parse_instant

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
MAX_GZIP_RATIO = 200  # decompressed / compressed beyond this is treated as a bomb
# A container (JSON Lines or WARC) may hold many records of up to max_bytes each; this bounds
# how much of one container is read at all (decompressed), so a runaway file cannot stall a load.
MAX_CONTAINER_BYTES = 64 * 1024**3

TRANSIENT = frozenset({"vanished", "changed_while_reading"})


@dataclass(frozen=True, slots=True)
class Limits:
    max_bytes: int = DEFAULT_MAX_BYTES  # one page, JSON line or WARC record
    max_gzip_ratio: int = MAX_GZIP_RATIO
    max_container_bytes: int = MAX_CONTAINER_BYTES  # one JSON Lines or WARC file, decompressed


class InputError(Exception):
    """A file that cannot give records: `code` is the reject reason code."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def is_transient(page: RawPage) -> bool:
    """True for a record that says "read this file again next load", not "this file is bad"."""
    return page.error is not None and page.error[0] in TRANSIENT


def error_page(
    rel: str, record: int | None, fmt: str, content: bytes, code: str, message: str
) -> RawPage:
    """A record that cannot be a page: its bytes, where it came from, and why (code, message)."""
    return replace(page_with_meta(content, "text", {}, rel, record, fmt), error=(code, message))


def str_or_none(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def record_from_mapping(
    obj: dict[str, Any], rel: str, record: int, fmt: str
) -> RawPage | tuple[str, str]:
    """A JSON object {'url', 'fetched_at', 'html' | 'text', 'source'} -> RawPage or (code, message)."""
    html, text = obj.get("html"), obj.get("text")
    if isinstance(html, str):
        return page_with_meta(html.encode("utf-8"), "html", obj, rel, record, fmt)
    if isinstance(text, str):
        return page_with_meta(text.encode("utf-8"), "text", obj, rel, record, fmt)
    return ("missing_content", "the record has neither an 'html' nor a 'text' string")


def page_with_meta(
    data: bytes,
    media: Literal["html", "text"],
    meta: dict[str, Any],
    rel: str,
    record: int | None,
    fmt: str,
) -> RawPage:
    """Bytes + {'url', 'fetched_at', 'source'} (a sidecar or the JSON record itself) -> RawPage."""
    fetched_at = parse_instant(meta.get("fetched_at"))
    return RawPage(
        page_id=page_id_of(data),
        source_path=rel,
        record=record,
        content=data,
        format=fmt,
        media=media,
        url=str_or_none(meta.get("url")),
        fetched_at=fetched_at,
        source=str_or_none(meta.get("source")),
        fetched_at_text=unread_text(meta.get("fetched_at"), fetched_at),
    )


def unread_text(given: Any, read: datetime | None) -> str | None:
    """A fetch time that was given but could not be read, kept to say so: 'not a date'."""
    if read is not None or given is None or given == "":
        return None
    return (given if isinstance(given, str) else json.dumps(given))[:100]
