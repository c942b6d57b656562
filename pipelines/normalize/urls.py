"""URLs -> canonical form and article identity."""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

_TRACKING = {"fbclid", "gclid", "mc_cid", "mc_eid", "ref", "ref_src", "igshid", "cmpid", "ocid"}


# A page's URL is read several times (as given, for its id, its host): a pure function of
# the string, cached.
@lru_cache(maxsize=1024)
def normalize_url(url: str | None) -> str | None:
    """'HTTPS://Example.com/a/?utm_source=x&id=2#top' -> 'https://example.com/a?id=2'.

    Lower-case scheme and host, no fragment, no utm_* or click-tracking parameters,
    no trailing slash except for the root path. Not an http(s) URL -> None.
    """
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
        port = parts.port  # 'https://d:example.com/' raises here: a port that is not a number
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower()
    if port and port not in (80, 443):
        host = f"{host}:{port}"
    query = urlencode(
        [
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not k.lower().startswith("utm_") and k.lower() not in _TRACKING
        ]
    )
    path = parts.path or "/"
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    return urlunsplit((scheme, host, path, query, ""))


# What urljoin gives back as it is holds no control character or space (urlsplit strips or
# drops them), no IPv6 brackets (checked), no ';' parameters, and no empty '?' or '#'
# (dropped).
_NOT_PLAIN = r"\x00-\x20\x7f\[\];?#"  # inside a character class
_QUERY_FRAGMENT = r"(?:\?[^\x00-\x20\x7f#]+)?(?:#[^\x00-\x20\x7f]+)?"
# An absolute http(s) URL that urljoin gives back as it is, whatever the base.
_PLAIN_ABSOLUTE = re.compile(rf"https?://[^/{_NOT_PLAIN}][^{_NOT_PLAIN}]*{_QUERY_FRAGMENT}")
# A path from the host's root that urljoin puts after the base's host as it is: segments
# neither empty ('//' is dropped) nor '.' or '..' (resolved).
_SEGMENT = rf"[^/{_NOT_PLAIN}.][^/{_NOT_PLAIN}]*"
_PLAIN_ROOTED = re.compile(rf"/(?:{_SEGMENT}(?:/{_SEGMENT})*/?)?{_QUERY_FRAGMENT}")


def absolute_url(base: str | None, href: str | None) -> str | None:
    """'/city/x/' on 'https://example.com/a/' -> 'https://example.com/city/x/'; `href` as it
    is without a base, or where the base is no URL ('https://[broken/'). Most links of a
    page are absolute already: those are returned without joining, and most others are
    plain paths from the root, put after the base's host."""
    if not href or not base or _PLAIN_ABSOLUTE.fullmatch(href):
        return href
    if _PLAIN_ROOTED.fullmatch(href) and (origin := _origin(base)) is not None:
        return origin + href
    try:
        return urljoin(base, href)
    except ValueError:
        return href


@lru_cache(maxsize=1024)
def _origin(base: str) -> str | None:
    """'https://example.com/a/b' -> 'https://example.com', as urljoin reads it; None for
    a base that is no http(s) URL (urljoin decides)."""
    try:
        parts = urlsplit(base)
    except ValueError:
        return None
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") else None


@lru_cache(maxsize=1024)
def url_host(url: str | None) -> str | None:
    """'https://www.example.com/x' -> 'example.com'."""
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    if not host:
        return None
    return host.lower().removeprefix("www.")


def article_id_for(url: str | None, outlet: str | None, title: str, published: str | None) -> str:
    """Canonical URL -> stable id; without a URL, outlet + title + published date."""
    canonical = normalize_url(url)
    key = f"url:{canonical}" if canonical else f"t:{outlet or ''}\x1f{title}\x1f{published or ''}"
    return hashlib.sha256(key.encode()).hexdigest()[:32]
