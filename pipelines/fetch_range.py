"""The fetch-time range of a backfill: `--since` / `--until` (or the job's config) -> instants.

Both ends take an ISO date or instant. A date is a UTC day and counts whole at both ends:
`--since 2024-12-20 --until 2024-12-21` is every page fetched on the 20th or the 21st. An
instant with a time is exact (`--until 2024-12-21T12:00:00+02:00` stops before that moment).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta


class FetchRangeError(ValueError):
    """A bound that is no ISO date, or an end before the start: one line for the user."""


def _instant(value: str, name: str) -> tuple[datetime, bool]:
    """'2024-12-01' -> (2024-12-01T00:00 UTC, True); an instant keeps its offset (naive: UTC)."""
    try:
        day = date.fromisoformat(value)
    except ValueError:
        pass
    else:
        return datetime(day.year, day.month, day.day, tzinfo=UTC), True
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError as exc:
        raise FetchRangeError(
            f"{name} {value!r} is not an ISO date (2024-12-01) or instant (2024-12-01T06:00Z)"
        ) from exc
    return (parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)), False


def fetch_range(since: str | None, until: str | None) -> tuple[datetime | None, datetime | None]:
    """('2024-12-20', '2024-12-21') -> (2024-12-20T00:00Z, 2024-12-22T00:00Z): the pages
    fetched at or after the first and before the second (an `until` day is included)."""
    start = _instant(since, "--since")[0] if since else None
    end = None
    if until:
        end, is_day = _instant(until, "--until")
        end = end + timedelta(days=1) if is_day else end
    if start is not None and end is not None and end <= start:
        raise FetchRangeError(f"--until {until} is before --since {since}: the range is empty")
    return start, end
