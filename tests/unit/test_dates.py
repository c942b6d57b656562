from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from pipelines.normalize.dates import (
    find_date,
    normalize_clock,
    normalize_date,
    to_iso,
)

KYIV = ZoneInfo("Europe/Kyiv")
BERLIN = ZoneInfo("Europe/Berlin")
FETCHED = datetime.fromisoformat("2024-12-22T08:00:00+02:00")


@pytest.mark.parametrize(
    ("text", "tz", "languages", "expected"),
    [
        ("2023-12-23T17:40:00+02:00", KYIV, (), "2023-12-23T17:40:00+02:00"),
        ("2023-12-23T15:40:00Z", KYIV, (), "2023-12-23T15:40:00+00:00"),
        ("2023-12-23T17:40:00", KYIV, (), "2023-12-23T17:40:00+02:00"),
        ("2024-07-01T10:00:00", KYIV, (), "2024-07-01T10:00:00+03:00"),
        ("December 23, 2023 5:40 PM", KYIV, (), "2023-12-23T17:40:00+02:00"),
        ("Dec. 8, 2023", KYIV, (), "2023-12-08T00:00:00+02:00"),
        (
            "Published 18 December 2024 at 07:15",
            ZoneInfo("Europe/London"),
            (),
            "2024-12-18T07:15:00+00:00",
        ),
        ("23.12.2023, 17:40 Uhr", BERLIN, ("de",), "2023-12-23T17:40:00+01:00"),
        ("21 грудня 2024, 14:05", KYIV, ("uk",), "2024-12-21T14:05:00+02:00"),
        ("23. Dezember 2023", BERLIN, ("de",), "2023-12-23T00:00:00+01:00"),
        # the clock before the date, and a label before both
        ("17:40, 23 December 2023", KYIV, (), "2023-12-23T17:40:00+02:00"),
        ("5:40 PM, December 23, 2023", KYIV, (), "2023-12-23T17:40:00+02:00"),
        ("erstellt: 01. April 2025, 15:25", BERLIN, ("de",), "2025-04-01T15:25:00+02:00"),
        ("Stand: 22.04.2024, 06:00 Uhr", BERLIN, ("de",), "2024-04-22T06:00:00+02:00"),
        # month names of other languages on the fast path, without `languages`
        ("23. März 2024 um 17:40 Uhr", BERLIN, (), "2024-03-23T17:40:00+01:00"),
        ("23 de diciembre de 2023", ZoneInfo("Europe/Madrid"), (), "2023-12-23T00:00:00+01:00"),
        ("12 maggio 2024, 10:30", ZoneInfo("Europe/Rome"), (), "2024-05-12T10:30:00+02:00"),
        ("5 février 2024", ZoneInfo("Europe/Paris"), (), "2024-02-05T00:00:00+01:00"),
        # a two-digit year, and the clock after a separator
        ("25.04.24 | 14:07 Uhr | Von Eva", BERLIN, (), "2024-04-25T14:07:00+02:00"),
        # year first, slashed or dotted
        ("2020/07/13 01:10", BERLIN, (), "2020-07-13T01:10:00+02:00"),
        ("2020/7/3", BERLIN, (), "2020-07-03T00:00:00+02:00"),
        ("2020.08.19.", BERLIN, (), "2020-08-19T00:00:00+02:00"),
        ("2020. 10. 26. 13:44", BERLIN, (), "2020-10-26T13:44:00+01:00"),
        # the CJK form, its marks from the vocabulary, a weekday before the clock
        ("2025年1月14日（火）10:30", ZoneInfo("Asia/Tokyo"), (), "2025-01-14T10:30:00+09:00"),
        ("2020년 6월 7일", ZoneInfo("Asia/Seoul"), (), "2020-06-07T00:00:00+09:00"),
    ],
)
def test_normalize_date(text: str, tz: ZoneInfo, languages: tuple[str, ...], expected: str) -> None:
    assert to_iso(normalize_date(text, tz=tz, languages=languages)) == expected


@pytest.mark.parametrize(
    "text",
    ["", "   ", "soon", "2024", "May", "version 1.2.24.5", "1.2020.06.07", None],
)
def test_normalize_date_refuses_non_dates(text: str | None) -> None:
    assert normalize_date(text, tz=KYIV) is None


def test_date_after_fetch_time_is_dropped() -> None:
    assert normalize_date("2024-12-22T09:00:00+02:00", tz=KYIV, fetched_at=FETCHED) is None
    assert normalize_date("2024-12-22T08:00:00+02:00", tz=KYIV, fetched_at=FETCHED) == FETCHED


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5:15 AM", (5, 15)),
        ("11:17 PM", (23, 17)),
        ("12:05 am", (0, 5)),
        ("23:17", (23, 17)),
        ("13:00 PM", None),
        ("25:00", None),
        ("five", None),
    ],
)
def test_normalize_clock(text: str, expected: tuple[int, int] | None) -> None:
    clock = normalize_clock(text)
    assert (None if clock is None else (clock.hour, clock.minute)) == expected


def test_find_date_spans_the_date_inside_a_byline() -> None:
    line = "by The Kyiv Independent news desk December 23, 2023 5:40 PM 2 min read"
    span = find_date(line)
    assert span is not None
    assert line[span[0] : span[1]] == "December 23, 2023 5:40 PM"


@pytest.mark.parametrize("text", ["12:01 pm", "6:14 a.m.", "23:17", "9.30"])
@pytest.mark.parametrize("languages", [(), ("es",), ("de",)])
def test_a_clock_alone_is_no_date(text: str, languages: tuple[str, ...]) -> None:
    assert normalize_date(text, languages=languages) is None


def test_digits_after_a_date_that_are_no_clock_leave_the_day() -> None:
    # '1.99' after the date is a price, not 1:99; the day stands, read on the fast path
    assert normalize_date("30. Januar 2022 1.99") == datetime(2022, 1, 30, tzinfo=UTC)
