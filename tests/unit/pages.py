"""Pages for the extraction tests: an HTML string as the landing folder would hand it over."""

from __future__ import annotations

from datetime import datetime

from pipelines.model import RawPage


def html_page(html: str, *, url: str | None = None, fetched_at: datetime | None = None) -> RawPage:
    """`html` as one .html file with an optional sidecar URL and fetch time."""
    return RawPage(
        "p", "p.html", None, html.encode(), "html", "html", url=url, fetched_at=fetched_at
    )
