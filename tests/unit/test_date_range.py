"""Dates outside a sane range, epoch numbers and relative text: read right or dropped with a
reason, never a crash, and never against the clock."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from pipelines.normalize.dates import (
    DateReading,
    checked_fetch_time,
    normalize_date,
    read_date,
    to_iso,
)

KYIV = ZoneInfo("Europe/Kyiv")
NEW_YORK = ZoneInfo("America/New_York")
FETCHED = datetime.fromisoformat("2024-12-22T08:00:00+02:00")


@pytest.mark.parametrize(
    ("text", "tz", "expected"),
    [
        ("1733050800000", UTC, "2024-12-01T11:00:00+00:00"),
        ("1733050800", UTC, "2024-12-01T11:00:00+00:00"),
        ("1733050800", KYIV, "2024-12-01T13:00:00+02:00"),
        (" 1733050800000 ", UTC, "2024-12-01T11:00:00+00:00"),
        ("1733050800.5", UTC, "2024-12-01T11:00:00+00:00"),
    ],
)
def test_epoch_numbers_are_instants(text: str, tz: ZoneInfo, expected: str) -> None:
    assert to_iso(normalize_date(text, tz=tz, fetched_at=FETCHED)) == expected


@pytest.mark.parametrize(
    ("text", "tz", "note"),
    [
        ("0001-01-01T00:00:00+02:00", KYIV, "dropped '0001-01-01T00:00:00+02:00': before 1800"),
        ("0001-01-01T00:00:00Z", KYIV, "dropped '0001-01-01T00:00:00Z': before 1800"),
        ("0001-01-01T00:00:00", NEW_YORK, "dropped '0001-01-01T00:00:00': before 1800"),
        ("January 1, 0001", NEW_YORK, "dropped 'January 1, 0001': before 1800"),
        ("1799-12-31", UTC, "dropped '1799-12-31': before 1800"),
        ("9999-12-31T23:00:00-05:00", NEW_YORK, "dropped '9999-12-31T23:00:00-05:00': after 2199"),
    ],
)
def test_dates_out_of_range_are_dropped_with_a_reason(text: str, tz: ZoneInfo, note: str) -> None:
    assert read_date(text, tz=tz) == DateReading(None, note)


def test_a_date_after_the_fetch_is_dropped_with_a_reason() -> None:
    assert read_date("2024-12-23T08:00:00+02:00", fetched_at=FETCHED) == DateReading(
        None, "dropped '2024-12-23T08:00:00+02:00': after the page was fetched"
    )


def test_the_first_day_in_range_is_kept() -> None:
    assert read_date("1800-01-01", tz=UTC) == DateReading(datetime(1800, 1, 1, tzinfo=UTC))


@pytest.mark.parametrize(
    "text", ["2 hours ago", "3 days ago", "Monday", "yesterday", "vor 2 Tagen"]
)
def test_relative_text_without_a_fetch_time_is_null(text: str) -> None:
    assert normalize_date(text, tz=KYIV) is None


def test_relative_text_resolves_against_the_fetch_time() -> None:
    assert to_iso(normalize_date("3 days ago", tz=KYIV, fetched_at=FETCHED)) == (
        "2024-12-19T08:00:00+02:00"
    )


def test_a_two_digit_year_does_not_depend_on_the_clock() -> None:
    # dateparser reads '15' against its base, which is the clock unless one is given.
    assert to_iso(normalize_date("3/09/15 8:00am", tz=UTC)) == "2015-03-09T08:00:00+00:00"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (datetime(2024, 12, 22, tzinfo=UTC), DateReading(datetime(2024, 12, 22, tzinfo=UTC))),
        (None, DateReading(None)),
        (
            datetime(1, 1, 1, tzinfo=UTC),
            DateReading(None, "ignored fetch time 0001-01-01T00:00:00+00:00: outside 1800-2199"),
        ),
    ],
)
def test_checked_fetch_time(value: datetime | None, expected: DateReading) -> None:
    assert checked_fetch_time(value) == expected
