"""Raw bytes -> text: BOM, the HTTP charset, <meta charset>, then detection."""

from __future__ import annotations

import codecs
import re

_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", re.IGNORECASE
)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None


_CONTROL_BYTES = bytes([*range(9), *range(14, 32)])


def looks_binary(content: bytes) -> bool:
    """NUL bytes or many control characters in the first 4 KB -> not a text page."""
    head = content[:4096]
    if not head or head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    if b"\x00" in head:
        return True
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return controls > len(head) * 0.05


def declares_utf8(content: bytes, declared: str | None = None) -> bool:
    """The HTTP charset, or failing it the page's <meta charset>, says UTF-8 (no BOM).

    Lets a caller hand such bytes to a UTF-8 parser without decoding them first; it should
    still fall back to decode_page when the output shows U+FFFD (the declaration lied)."""
    if content.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    name = _codec(declared)
    if name is None:
        m = _META_CHARSET.search(content[:4096])
        name = _codec(m.group(1).decode("ascii", "ignore")) if m else None
    return name == "utf-8"


def decode_page(content: bytes, declared: str | None = None) -> tuple[str, str]:
    """Bytes -> (text, encoding used). A windows-1251 page declared only in <meta> reads as Cyrillic.

    Bytes that are valid UTF-8 are read as UTF-8 whatever the page declares: crawlers often
    save the decoded page as UTF-8 and keep its '<meta charset=iso-8859-15>', and text in a
    single-byte charset is almost never valid UTF-8 by accident ('sanción', not 'sanciÃ³n').
    """
    for bom, name in _BOMS:
        if content.startswith(bom):
            return content.decode(name, errors="replace"), name
    try:
        return content.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    candidates: list[str | None] = [_codec(declared)]
    m = _META_CHARSET.search(content[:4096])
    if m:
        candidates.append(_codec(m.group(1).decode("ascii", "ignore")))
    for candidate in candidates:
        if candidate:
            try:
                return content.decode(candidate), candidate
            except UnicodeDecodeError:
                continue
    from charset_normalizer import from_bytes

    best = from_bytes(content[:200_000]).best()
    guessed = best.encoding if best is not None else "cp1252"
    return content.decode(guessed, errors="replace"), guessed
