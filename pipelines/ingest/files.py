"""Landing folder -> RawPage records: loose pages, sidecars, JSON Lines and WARC, gzip or not.

Every file yields at least one record: what cannot be read becomes a record with an
`error`, which extraction turns into a reject with that reason (the codes and their meaning
are listed in `pipelines.ingest.records`). Nothing is skipped silently except documentation
(`*.md`) and sidecars, which belong to the page beside them.
"""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, Literal

from pipelines.ingest.jsonl import read_jsonl
from pipelines.ingest.landing import SIDECAR, FileState, link_problem, stored_name
from pipelines.ingest.records import (
    DEFAULT_MAX_BYTES,
    MAX_GZIP_RATIO,
    InputError,
    Limits,
    error_page,
    page_with_meta,
    record_from_mapping,
)
from pipelines.ingest.warc import read_warc
from pipelines.model import RawPage

__all__ = [
    "DEFAULT_MAX_BYTES",
    "MAX_GZIP_RATIO",
    "InputError",
    "Limits",
    "error_page",
    "read_file",
    "read_sidecar",
    "record_from_mapping",
]

DEFAULT_LIMITS = Limits()
_PAGE_SUFFIXES: dict[str, Literal["html", "text"]] = {
    ".html": "html",
    ".htm": "html",
    ".txt": "text",
}


def _kind(name: str) -> tuple[str, bool]:
    """'a.HTML.gz' -> ('.html', True): the suffix under any .gz, lower-cased, as Path.suffix."""
    name = name.lower()
    gz = name.endswith(".gz")
    base = name[:-3] if gz else name
    dot = base.rfind(".")
    return (base[dot:] if 0 < dot < len(base) - 1 else ""), gz


def _read_loose(fh: IO[bytes], size: int, gz: bool, limits: Limits) -> bytes:
    """An open page file -> its bytes, gunzipped when it ends in .gz, within the limits."""
    if not gz:
        if size > limits.max_bytes:
            raise InputError("too_large", f"{size} bytes is over the {limits.max_bytes}-byte limit")
        return fh.read()
    cap = min(limits.max_bytes, max(size, 1) * limits.max_gzip_ratio)
    try:
        with gzip.GzipFile(fileobj=fh, mode="rb") as unzipped:
            data = unzipped.read(cap + 1)
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        raise InputError("bad_gzip", f"cannot decompress: {exc}") from exc
    if len(data) > cap:
        if cap == limits.max_bytes:
            raise InputError("too_large", f"decompresses to over the {limits.max_bytes}-byte limit")
        raise InputError(
            "decompression_bomb",
            f"{size} compressed bytes expand past {cap} (ratio over {limits.max_gzip_ratio})",
        )
    return data


def read_sidecar(path: Path, root: Path | None = None) -> dict[str, Any]:
    """<file>.meta.json -> {'url', 'fetched_at', 'source'}; a missing or broken sidecar -> {}."""
    sidecar = path.with_name(path.name + SIDECAR)
    try:  # a missing sidecar is no link problem: reading it raises FileNotFoundError
        if link_problem(sidecar, root or path.parent) is not None:
            return {}
        data = json.loads(sidecar.read_bytes().decode("utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def read_file(
    path: Path, root: Path, limits: Limits = DEFAULT_LIMITS, expect: FileState | None = None
) -> Iterator[RawPage]:
    """One landing file -> its records (one for a loose page, one a line or WARC record).

    `expect` is the state the caller saw (for its manifest): if the opened file is not that
    one any more, the only record is a transient `changed_while_reading`. A transient record
    (`is_transient`) is always the last a file yields; see `pipelines.ingest.records`.
    """
    rel = stored_name(_name_under(path, root))
    suffix, gz = _kind(path.name)
    fmt = {".jsonl": "jsonl", ".warc": "warc"}.get(
        suffix, "html" if suffix in (".html", ".htm") else "text"
    )
    problem = link_problem(path, root)
    if problem is not None:
        yield error_page(rel, None, fmt, f"{rel}:{problem[0]}".encode(), *problem)
        return
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
    try:
        # The state is taken by name, before opening and after reading: a file replaced or
        # rewritten in between shows as another inode, size, mtime or ctime.
        before = FileState.of(path.stat())
        fh = path.open("rb")
    except FileNotFoundError:
        yield _vanished(rel, fmt, "the file was deleted before it could be read")
        return
    except OSError as exc:
        yield error_page(rel, None, fmt, f"{rel}:unreadable".encode(), "unreadable", str(exc))
        return
    with fh:
        if expect is not None and before != expect:
            yield _changed(rel, fmt, before, "the file is not the one that was listed")
            return
        try:
            if suffix == ".warc":
                yield from read_warc(fh, rel, limits, before.size)
            elif suffix == ".jsonl":
                yield from read_jsonl(fh, rel, limits, before.size, gz)
            else:
                page = _loose_page(
                    fh, path, root, rel, fmt, _PAGE_SUFFIXES[suffix], gz, before, limits
                )
                if _moved(path, before) is None:
                    yield page
        except OSError as exc:
            yield error_page(rel, None, fmt, f"{rel}:unreadable".encode(), "unreadable", str(exc))
            return
    moved = _moved(path, before)
    if moved == "vanished":
        yield _vanished(rel, fmt, "the file was deleted while it was read")
    elif moved is not None:
        yield _changed(rel, fmt, before, "the file changed while it was read")


def _name_under(path: Path, root: Path) -> str:
    """'day/a.html' for root/day/a.html; a path not under the root (or the root itself) -> its name."""
    whole, top = str(path), str(root)
    if top != "/" and whole.startswith(top + "/"):  # a walked file: root / name, as strings
        return whole[len(top) + 1 :]
    try:
        inner = path.relative_to(root)
    except ValueError:
        return path.name
    return str(inner) if inner.parts else path.name


def _moved(path: Path, before: FileState) -> str | None:
    try:
        now = FileState.of(path.stat())
    except FileNotFoundError:
        return "vanished"
    return None if now == before else "changed"


def _vanished(rel: str, fmt: str, message: str) -> RawPage:
    return error_page(rel, None, fmt, f"{rel}:vanished".encode(), "vanished", message)


def _changed(rel: str, fmt: str, before: FileState, message: str) -> RawPage:
    marker = f"{rel}:changed_while_reading:{before.size}:{before.mtime_ns}".encode()
    return error_page(rel, None, fmt, marker, "changed_while_reading", message)


def _loose_page(
    fh: IO[bytes],
    path: Path,
    root: Path,
    rel: str,
    fmt: str,
    media: Literal["html", "text"],
    gz: bool,
    before: FileState,
    limits: Limits,
) -> RawPage:
    try:
        data = _read_loose(fh, before.size, gz, limits)
    except InputError as exc:
        return error_page(rel, None, fmt, f"{rel}:{before.size}".encode(), exc.code, exc.message)
    return page_with_meta(data, media, read_sidecar(path, root), rel, None, fmt)
