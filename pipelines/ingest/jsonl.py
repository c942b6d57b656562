"""JSON Lines -> one RawPage a line, read as a stream (gzip too); a bad line is a reject alone.

A line over `Limits.max_bytes` is one `too_large` reject for that line: it is skipped in
chunks, never held whole, and the lines around it load. The file as a whole is bounded by
`Limits.max_container_bytes` and, gzipped, by `Limits.max_gzip_ratio` times its size: past
either, the rest of the file is one reject and the records before it stand.
"""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Iterator
from typing import IO

from pipelines.ingest.records import Limits, error_page, record_from_mapping
from pipelines.model import RawPage

_CHUNK = 1 << 20


class _Counted:
    """Reads lines of at most `limit` bytes, counting every byte against the container's cap."""

    def __init__(self, stream: IO[bytes] | gzip.GzipFile, cap: int) -> None:
        self.stream = stream
        self.cap = cap
        self.total = 0

    def readline(self, limit: int) -> bytes:
        line = self.stream.readline(limit)
        self.total += len(line)
        return line

    @property
    def over(self) -> bool:
        return self.total > self.cap


def read_jsonl(
    fh: IO[bytes], rel: str, limits: Limits, size: int, gz: bool = False
) -> Iterator[RawPage]:
    """An open .jsonl(.gz) file of `size` bytes -> records; blank lines are not records, but a
    file without any is."""
    cap = limits.max_container_bytes
    bomb = gz and max(size, 1) * limits.max_gzip_ratio < cap
    if bomb:
        cap = max(size, 1) * limits.max_gzip_ratio
    elif not gz and size > cap:
        message = f"{size} bytes is over the {cap}-byte container limit"
        yield error_page(rel, None, "jsonl", f"{rel}:{size}".encode(), "too_large", message)
        return
    stream: IO[bytes] | gzip.GzipFile = gzip.GzipFile(fileobj=fh, mode="rb") if gz else fh
    lines = _Counted(stream, cap)
    seen = 0
    blank = bytearray()
    index = -1
    try:
        while line := lines.readline(limits.max_bytes + 2):
            index += 1
            if lines.over:
                break
            ended = line.endswith(b"\n")
            if len(line) - ended > limits.max_bytes:
                seen += 1
                length = len(line) - ended + (0 if ended else _skip_line(lines))
                if lines.over:
                    break
                yield error_page(
                    rel,
                    index,
                    "jsonl",
                    f"{rel}#{index}:{length}".encode(),
                    "too_large",
                    f"{_line(index)} is over the size limit ({length} bytes)",
                )
                continue
            if not line.strip():
                if seen == 0 and len(blank) <= limits.max_bytes:
                    blank += line
                continue
            line = line[:-1] if ended else line
            seen += 1
            yield _record(line, rel, index)
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        record = index if seen else None
        marker = f"{rel}:{size}".encode()
        yield error_page(rel, record, "jsonl", marker, "bad_gzip", f"cannot decompress: {exc}")
        return
    if lines.over:
        code = "decompression_bomb" if bomb else "too_large"
        why = f"ratio over {limits.max_gzip_ratio}" if bomb else "the container limit"
        yield error_page(
            rel,
            index,
            "jsonl",
            f"{rel}#{index}:{code}".encode(),
            code,
            f"{_line(index)} and after: the file expands past {cap} bytes ({why})",
        )
        return
    if seen == 0:
        message = "the JSON Lines file holds no records"
        yield error_page(rel, None, "jsonl", bytes(blank), "empty", message)


def _line(index: int) -> str:
    """0 -> 'record 0 (line 1)': the 0-based record the CLI and tables show, and the line
    an editor shows (every line counts, blank ones too, so they always differ by one)."""
    return f"record {index} (line {index + 1})"


def _skip_line(lines: _Counted) -> int:
    """Read past the rest of an overlong line; returns how many more bytes it had."""
    more = 0
    while not lines.over:
        chunk = lines.readline(_CHUNK)
        if not chunk:
            break
        if chunk.endswith(b"\n"):
            return more + len(chunk) - 1
        more += len(chunk)
    return more


def _record(line: bytes, rel: str, index: int) -> RawPage:
    try:
        obj = json.loads(line)
    except ValueError as exc:
        return error_page(rel, index, "jsonl", line, "malformed_json", f"{_line(index)}: {exc}")
    if not isinstance(obj, dict):
        return error_page(
            rel, index, "jsonl", line, "malformed_json", f"{_line(index)}: not a JSON object"
        )
    page = record_from_mapping(obj, rel, index, "jsonl")
    if isinstance(page, tuple):
        return error_page(rel, index, "jsonl", line, page[0], f"{_line(index)}: {page[1]}")
    return page
