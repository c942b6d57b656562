"""An outlet's display name from page evidence when no sidecar, profile or og:site_name
gives one: the title's site suffix ('Headline | Chernihiv Today').

The suffix counts when something else on the page repeats it (the footer's '© 2024
Chernihiv Today'), when it spells the host ('The Baltic Ledger' on balticledger.eu, 'Kurier
Nadwiślański' on kuriernadwislanski.pl, also before a tagline), or when the title is exactly
'headline | name' with the page's own headline first. Pure.
"""

from __future__ import annotations

import re

from anyascii import anyascii

_SEPARATOR = re.compile(r"\s+[|–—]\s+|\s+-\s+|\s+::\s+|\s+»\s+|\s+·\s+")
_MAX_WORDS = 6
_MAX_CHARS = 60


def name_key(text: str) -> str:
    """'The Baltic Ledger' -> 'thebalticledger', 'Example.at' -> 'exampleat': names
    compared loosely."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def _host_key(text: str) -> str:
    """'Kurier Nadwiślański' -> 'kuriernadwislanski': a name as its host spells it, in ASCII
    (anyascii's transliteration: marks dropped, 'ł' -> 'l', 'ß' -> 'ss'), for the comparison
    with the host's label."""
    return name_key(anyascii(text))


def outlet_from_title(
    title_tag: str | None,
    headline: str | None,
    host: str | None = None,
    copyright_text: str | None = None,
) -> tuple[str | None, str | None]:
    """('Headline | Chernihiv Today', 'Headline', None, '© 2024 Chernihiv Today.') ->
    ('Chernihiv Today', 'title+copyright'); a title without a site part -> (None, None)."""
    if not title_tag:
        return None, None
    parts = [p.strip() for p in _SEPARATOR.split(title_tag) if p.strip()]
    if len(parts) < 2:
        return None, None
    head_key = name_key(headline or "")
    site = name_key((host or "").removeprefix("www.").split(".")[0])
    # the site is written last, or first; or in between, before a tagline ('Headline - Site -
    # news of the region'), where only the host's spelling confirms it
    for at, name in enumerate((parts[-1], parts[0], *parts[1:-1])):
        key = name_key(name)
        if not key or key == head_key or len(name) > _MAX_CHARS or len(name.split()) > _MAX_WORDS:
            continue
        if at < 2 and copyright_text and key in name_key(copyright_text):
            return name, "title+copyright"
        if site and (site in key or key in site or _host_key(name) == site):
            return name, "title+host"
    if len(parts) == 2 and head_key and name_key(parts[0]) == head_key:
        name = parts[1]
        if len(name) <= _MAX_CHARS and len(name.split()) <= _MAX_WORDS:
            return name, "title"
    return None, None
