"""Landing folder -> RawPage records: loose pages, sidecars, JSON Lines and WARC, gzip or not.

Every file yields at least one record: what cannot be read becomes a record with an
`error`, which extraction turns into a reject with that reason. Nothing is skipped silently
except documentation (`*.md`) and sidecars, which belong to the page beside them.
"""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pipelines.model import RawPage, page_id_of
from pipelines.normalize.dates import parse_instant

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
MAX_GZIP_RATIO = 200  # decompressed / compressed beyond this is treated as a bomb
SIDECAR = ".meta.json"
_PAGE_SUFFIXES: dict[str, Literal["html", "text"]] = {
    ".html": "html",
    ".htm": "html",
    ".txt": "text",
}


@dataclass(frozen=True, slots=True)
class Limits:
    max_bytes: int = DEFAULT_MAX_BYTES
    max_gzip_ratio: int = MAX_GZIP_RATIO


class InputError(Exception):
    """A file that cannot give records: `code` is the reject reason code."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def discover(root: Path) -> list[Path]:
    """Input files under `root`, sorted; sidecars, docs and hidden files are not inputs."""
    if root.is_file():
        return [root]
    return sorted(
        p
        for p in root.rglob("*")
        if p.is_file()
        and not p.name.startswith(".")
        and not p.name.endswith(SIDECAR)
        and p.suffix.lower() != ".md"
    )


def _kind(path: Path) -> tuple[str, bool]:
    name = path.name.lower()
    gz = name.endswith(".gz")
    base = name[:-3] if gz else name
    return Path(base).suffix, gz


def read_bytes(path: Path, limits: Limits) -> bytes:
    """File -> bytes, gunzipped when it ends in .gz, within the size and ratio limits."""
    size = path.stat().st_size
    _suffix, gz = _kind(path)
    if not gz:
        if size > limits.max_bytes:
            raise InputError("too_large", f"{size} bytes is over the {limits.max_bytes}-byte limit")
        return path.read_bytes()
    cap = min(limits.max_bytes, max(size, 1) * limits.max_gzip_ratio)
    try:
        with gzip.open(path, "rb") as fh:
            data = fh.read(cap + 1)
    except (OSError, EOFError, zlib.error) as exc:
        raise InputError("bad_gzip", f"cannot decompress: {exc}") from exc
    if len(data) > cap:
        if cap == limits.max_bytes:
            raise InputError("too_large", f"decompresses to over the {limits.max_bytes}-byte limit")
        raise InputError(
            "decompression_bomb",
            f"{size} compressed bytes expand past {cap} (ratio over {limits.max_gzip_ratio})",
        )
    return data


def read_sidecar(path: Path) -> dict[str, Any]:
    """<file>.meta.json -> {'url', 'fetched_at', 'source'}; a missing or broken sidecar -> {}."""
    sidecar = path.with_name(path.name + SIDECAR)
    if not sidecar.exists():
        return {}
    try:
        data = json.loads(sidecar.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _str_or_none(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def read_file(path: Path, root: Path, limits: Limits = Limits()) -> Iterator[RawPage]:
    """One landing file -> its records (one for a loose page, one a line or WARC response)."""
    rel = str(path.relative_to(root)) if path != root and root in path.parents else path.name
    suffix, _gz = _kind(path)
    fmt = {".jsonl": "jsonl", ".warc": "warc"}.get(
        suffix, "html" if suffix in (".html", ".htm") else "text"
    )
    if suffix not in _PAGE_SUFFIXES and suffix not in (".jsonl", ".warc"):
        yield error_page(
            rel,
            None,
            fmt,
            path.name.encode(),
            "unsupported",
            f"'{suffix or path.name}' is not an input format",
        )
        return
    if suffix == ".warc":
        from pipelines.ingest.warc import read_warc

        yield from read_warc(path, rel, limits)
        return
    try:
        data = read_bytes(path, limits)
    except InputError as exc:
        yield error_page(
            rel, None, fmt, f"{rel}:{path.stat().st_size}".encode(), exc.code, exc.message
        )
        return
    if suffix == ".jsonl":
        from pipelines.ingest.jsonl import read_jsonl

        yield from read_jsonl(data, rel, limits)
        return
    meta = read_sidecar(path)
    yield RawPage(
        page_id=page_id_of(data),
        source_path=rel,
        record=None,
        content=data,
        format=fmt,
        media=_PAGE_SUFFIXES[suffix],
        url=_str_or_none(meta.get("url")),
        fetched_at=parse_instant(meta.get("fetched_at")),
        source=_str_or_none(meta.get("source")),
    )


def error_page(
    rel: str, record: int | None, fmt: str, content: bytes, code: str, message: str
) -> RawPage:
    return RawPage(
        page_id=page_id_of(content),
        source_path=rel,
        record=record,
        content=content,
        format=fmt,
        media="text",
        error=(code, message),
    )


def record_from_mapping(
    obj: dict[str, Any], rel: str, record: int, fmt: str
) -> RawPage | tuple[str, str]:
    """A JSON object {'url', 'fetched_at', 'html' | 'text', 'source'} -> RawPage or (code, message)."""
    html, text = obj.get("html"), obj.get("text")
    if isinstance(html, str):
        body, media = html, "html"
    elif isinstance(text, str):
        body, media = text, "text"
    else:
        return ("missing_content", "the record has neither an 'html' nor a 'text' string")
    data = body.encode("utf-8")
    return RawPage(
        page_id=page_id_of(data),
        source_path=rel,
        record=record,
        content=data,
        format=fmt,
        media=media,  # type: ignore[arg-type]
        url=_str_or_none(obj.get("url")),
        fetched_at=parse_instant(obj.get("fetched_at")),
        source=_str_or_none(obj.get("source")),
    )
