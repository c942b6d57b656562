"""JSON Lines -> one RawPage a line; a malformed line is a reject naming its line number."""

from __future__ import annotations

import json
from collections.abc import Iterator

from pipelines.ingest.files import Limits, error_page, record_from_mapping
from pipelines.model import RawPage


def read_jsonl(data: bytes, rel: str, limits: Limits) -> Iterator[RawPage]:
    """Bytes of a .jsonl file -> records; blank lines are not records, but a file without any is."""
    seen = 0
    for index, line in enumerate(data.split(b"\n")):
        if not line.strip():
            continue
        seen += 1
        if len(line) > limits.max_bytes:
            yield error_page(
                rel, index, "jsonl", line, "too_large", f"line {index + 1} is over the size limit"
            )
            continue
        try:
            obj = json.loads(line)
        except ValueError as exc:
            yield error_page(
                rel, index, "jsonl", line, "malformed_json", f"line {index + 1}: {exc}"
            )
            continue
        if not isinstance(obj, dict):
            yield error_page(
                rel, index, "jsonl", line, "malformed_json", f"line {index + 1}: not a JSON object"
            )
            continue
        page = record_from_mapping(obj, rel, index, "jsonl")
        if isinstance(page, tuple):
            yield error_page(rel, index, "jsonl", line, page[0], f"line {index + 1}: {page[1]}")
        else:
            yield page
    if seen == 0:
        yield error_page(rel, None, "jsonl", data, "empty", "the JSON Lines file holds no records")
