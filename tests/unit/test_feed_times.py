"""Stamps as news pages write them -> instants, by the feed rule (incl. DST gaps and folds)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from pipelines.normalize.feed_times import (
    date_order,
    find_clock,
    latest_at_clock,
    normalize_stamp,
    resolve_times,
)

LA = ZoneInfo("America/Los_Angeles")
NY = ZoneInfo("America/New_York")
SYDNEY = ZoneInfo("Australia/Sydney")
ROME = ZoneInfo("Europe/Rome")
WARSAW = ZoneInfo("Europe/Warsaw")
KYIV = ZoneInfo("Europe/Kyiv")
TOKYO = ZoneInfo("Asia/Tokyo")
PARIS = ZoneInfo("Europe/Paris")


def iso(values: list[datetime | None]) -> list[str | None]:
    return [v.isoformat() if v else None for v in values]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("4:05 AM", "04:05:00"),
        ("11:58 PM", "23:58:00"),
        ("6:12am", "06:12:00"),
        ("5:00 a.m.", "05:00:00"),
        ("5 p.m.", "17:00:00"),
        ("17:02", "17:02:00"),
        ("14h05", "14:05:00"),
        ("à 07h30", "07:30:00"),
        ("10:45 h", "10:45:00"),
        ("18.40 Uhr", "18:40:00"),
        ("2024", None),
        ("3 saat önce", None),
        ("7時05分", "07:05:00"),
        ("9時5分", "09:05:00"),
        ("7시 05분", "07:05:00"),
        ("15時間前", None),
    ],
)
def test_find_clock(text: str, expected: str | None) -> None:
    clock = find_clock(text)
    assert (clock.isoformat() if clock else None) == expected


@pytest.mark.parametrize(
    ("stamps", "fetched", "tz", "expected"),
    [
        # US spring-forward gap: 2:xx does not exist; 1:55 is still PST
        (
            ["4:05 AM", "3:12 AM", "1:55 AM", "1:10 AM", "11:58 PM", "9:30 PM"],
            "2024-03-10T11:20:00Z",
            LA,
            [
                "2024-03-10T04:05:00-07:00",
                "2024-03-10T03:12:00-07:00",
                "2024-03-10T01:55:00-08:00",
                "2024-03-10T01:10:00-08:00",
                "2024-03-09T23:58:00-08:00",
                "2024-03-09T21:30:00-08:00",
            ],
        ),
        # southern fall-back: 2:40 and 2:15 repeat; the later (standard) occurrence fits
        (
            ["6:12am", "4:55am", "2:40am", "2:15am", "1:50am", "11:30pm"],
            "2024-04-07T06:30:00+10:00",
            SYDNEY,
            [
                "2024-04-07T06:12:00+10:00",
                "2024-04-07T04:55:00+10:00",
                "2024-04-07T02:40:00+10:00",
                "2024-04-07T02:15:00+10:00",
                "2024-04-07T01:50:00+11:00",
                "2024-04-06T23:30:00+11:00",
            ],
        ),
        # EU fall-back, 24-hour clock
        (
            ["09:40", "08:15", "02:40", "02:10", "01:55", "23:50"],
            "2023-10-29T09:00:00Z",
            ROME,
            [
                "2023-10-29T09:40:00+01:00",
                "2023-10-29T08:15:00+01:00",
                "2023-10-29T02:40:00+01:00",
                "2023-10-29T02:10:00+01:00",
                "2023-10-29T01:55:00+02:00",
                "2023-10-28T23:50:00+02:00",
            ],
        ),
        # EU spring-forward gap
        (
            ["10:32", "03:10", "01:45", "23:35"],
            "2024-03-31T09:00:00Z",
            WARSAW,
            [
                "2024-03-31T10:32:00+02:00",
                "2024-03-31T03:10:00+02:00",
                "2024-03-31T01:45:00+01:00",
                "2024-03-30T23:35:00+01:00",
            ],
        ),
        # clock times in the outlet's zone though fetched_at is UTC; across midnight
        (
            ["08:31", "00:10", "23:45"],
            "2024-02-21T06:40:00Z",
            KYIV,
            ["2024-02-21T08:31:00+02:00", "2024-02-21T00:10:00+02:00", "2024-02-20T23:45:00+02:00"],
        ),
        # relative in many languages, then clock times bounded by them; yesterday -> None
        (
            ["12 min ago", "2 hrs ago", "Yesterday"],
            "2024-06-15T14:32:00+01:00",
            ZoneInfo("Europe/London"),
            ["2024-06-15T14:20:00+01:00", "2024-06-15T12:32:00+01:00", None],
        ),
        (
            ["hace 25 minutos", "hace 2 horas", "Ayer"],
            "2024-02-12T16:05:00+01:00",
            ZoneInfo("Europe/Madrid"),
            ["2024-02-12T15:40:00+01:00", "2024-02-12T14:05:00+01:00", None],
        ),
        (
            ["35分前", "1時間前", "昨日"],
            "2024-02-06T09:15:00+09:00",
            TOKYO,
            ["2024-02-06T08:40:00+09:00", "2024-02-06T08:15:00+09:00", None],
        ),
        (
            ["3 saat önce", "vor 2 Stunden", "2 ore fa", "há 35 min", "2 години тому"],
            "2024-02-23T18:00:00+03:00",
            ZoneInfo("Europe/Istanbul"),
            [
                "2024-02-23T15:00:00+03:00",
                "2024-02-23T16:00:00+03:00",
                "2024-02-23T16:00:00+03:00",
                "2024-02-23T17:25:00+03:00",
                "2024-02-23T16:00:00+03:00",
            ],
        ),
        (
            ["15 хвилин тому", "13:30", "il y a 2 heures", "an hour ago"],
            "2024-01-03T14:13:00+02:00",
            KYIV,
            [
                "2024-01-03T13:58:00+02:00",
                "2024-01-03T13:30:00+02:00",
                "2024-01-03T12:13:00+02:00",
                "2024-01-03T13:13:00+02:00",
            ],
        ),
        # French 'h' clocks
        (
            ["15h12", "Hier"],
            "2023-11-14T15:30:00+01:00",
            PARIS,
            ["2023-11-14T15:12:00+01:00", None],
        ),
        (["4:05 AM"], None, LA, [None]),
        # Phoenix has no spring-forward gap: 2:40 a.m. on the US change day is that day's
        (
            ["9:58 a.m.", "2:40 a.m.", "11:20 p.m."],
            "2024-03-10T17:05:00Z",
            ZoneInfo("America/Phoenix"),
            ["2024-03-10T09:58:00-07:00", "2024-03-10T02:40:00-07:00", "2024-03-09T23:20:00-07:00"],
        ),
    ],
)
def test_resolve_times(
    stamps: list[str], fetched: str | None, tz: ZoneInfo, expected: list[str | None]
) -> None:
    at = datetime.fromisoformat(fetched.replace("Z", "+00:00")) if fetched else None
    assert iso(resolve_times(stamps, fetched_at=at, tz=tz)) == expected


@pytest.mark.parametrize(
    ("text", "tz", "order", "expected"),
    [
        ("02/13/2024 7:45 PM", NY, "mdy", "2024-02-13T19:45:00-05:00"),
        ("02/09/2024", NY, "mdy", "2024-02-09T00:00:00-05:00"),
        ("11/04/2023 6:15 PM", NY, "mdy", "2023-11-04T18:15:00-04:00"),
        ("11/05/2023 9:40 AM", NY, "mdy", "2023-11-05T09:40:00-05:00"),
        ("30.03.2024", WARSAW, "dmy", "2024-03-30T00:00:00+01:00"),
        ("(28/09/2023 12:10)", ROME, "dmy", "2023-09-28T12:10:00+02:00"),
        ("12/02/2024 - 10:45 h", ZoneInfo("Europe/Madrid"), "dmy", "2024-02-12T10:45:00+01:00"),
        ("05/03/2024 08h40", ZoneInfo("America/Sao_Paulo"), "dmy", "2024-03-05T08:40:00-03:00"),
        ("08.09.2023, 17:30", ZoneInfo("Europe/Vienna"), "dmy", "2023-09-08T17:30:00+02:00"),
        ("21 грудня, 18:40", KYIV, "dmy", "2023-12-21T18:40:00+02:00"),
        ("2 січня, 20:30", KYIV, "dmy", "2024-01-02T20:30:00+02:00"),
        ("12月4日 19:12", TOKYO, "dmy", "2023-12-04T19:12:00+09:00"),
        ("2024年2月5日 18:30", TOKYO, "dmy", "2024-02-05T18:30:00+09:00"),
        ("Publié le 14 novembre 2023 à 07h30", PARIS, "dmy", "2023-11-14T07:30:00+01:00"),
        ("7 April 2024, 5:40am", SYDNEY, "dmy", "2024-04-07T05:40:00+10:00"),
        ("Feb. 2, 2024 at 5:00 a.m.", LA, "mdy", "2024-02-02T05:00:00-08:00"),
        ("May 1, 2024 9:12 PM", NY, "mdy", "2024-05-01T21:12:00-04:00"),
        ("31 marca 2024, 08:50", WARSAW, "dmy", "2024-03-31T08:50:00+02:00"),
        ("23 ottobre 2023 - 09:15", ROME, "dmy", "2023-10-23T09:15:00+02:00"),
        ("Вчора, 18:40", KYIV, "dmy", "2024-01-02T18:40:00+02:00"),
        ("Вчора", KYIV, "dmy", None),
        ("no time here", KYIV, "dmy", None),
    ],
)
def test_normalize_stamp(text: str, tz: ZoneInfo, order: str, expected: str | None) -> None:
    fetched = datetime.fromisoformat("2024-01-03T14:13:00+02:00")
    if not text.startswith(("1", "2", "Вчора")):
        fetched = datetime.fromisoformat("2024-06-01T00:00:00+00:00")
    value = normalize_stamp(text, tz=tz, fetched_at=fetched, order=order)  # type: ignore[arg-type]
    assert (value.isoformat() if value else None) == expected


def test_latest_at_clock_skips_the_gap() -> None:
    bound = datetime.fromisoformat("2024-03-10T04:00:00-07:00")
    from datetime import time

    assert latest_at_clock(time(2, 30), bound, LA).isoformat() == "2024-03-09T02:30:00-08:00"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("texts", "zone", "expected"),
    [
        (["02/13/2024"], None, "mdy"),
        (["13/02/2024"], "America/New_York", "dmy"),
        (["02/09/2024"], "America/Chicago", "mdy"),
        (["02/09/2024"], "America/Sao_Paulo", "dmy"),
        (["11.09.2023"], "America/New_York", "mdy"),
        ([], "Europe/Kyiv", "dmy"),
    ],
)
def test_date_order(texts: list[str], zone: str | None, expected: str) -> None:
    assert date_order(texts, zone) == expected


KYIV_FETCH = datetime.fromisoformat("2024-12-22T08:00:00+02:00")


@pytest.mark.parametrize(
    ("stamps", "expected"),
    [
        (
            ["5:15 AM", "11:17 PM", "4:16 AM"],
            ["2024-12-22T05:15:00+02:00", "2024-12-21T23:17:00+02:00", "2024-12-21T04:16:00+02:00"],
        ),
        (["8:00 AM", "8:00 AM"], ["2024-12-22T08:00:00+02:00", "2024-12-22T08:00:00+02:00"]),
        (["9:00 AM"], ["2024-12-21T09:00:00+02:00"]),
        (["1 hour ago", "6:30 AM"], ["2024-12-22T07:00:00+02:00", "2024-12-22T06:30:00+02:00"]),
        (["nonsense", "7:59 AM"], [None, "2024-12-22T07:59:00+02:00"]),
        (
            ["35 minutes ago", "3 години тому", "vor 2 Stunden"],
            ["2024-12-22T07:25:00+02:00", "2024-12-22T05:00:00+02:00", "2024-12-22T06:00:00+02:00"],
        ),
    ],
)
def test_feed_times_run_newest_first(stamps: list[str], expected: list[str | None]) -> None:
    assert iso(resolve_times(stamps, fetched_at=KYIV_FETCH, tz=KYIV)) == expected


# Feeds of languages the first pages did not use, from the probe pages (tests/data/newsroom_probe).
STOCKHOLM = ZoneInfo("Europe/Stockholm")
BUCHAREST = ZoneInfo("Europe/Bucharest")
PRAGUE = ZoneInfo("Europe/Prague")
SEOUL = ZoneInfo("Asia/Seoul")
JAKARTA = ZoneInfo("Asia/Jakarta")
ATHENS = ZoneInfo("Europe/Athens")


@pytest.mark.parametrize(
    ("stamps", "fetched", "tz", "expected"),
    [
        # Swedish: 'för N minuter/timme sedan', then clock times across the spring-forward gap
        (
            ["för 12 minuter sedan", "för 1 timme sedan", "03:05", "01:50", "Igår 22:14"],
            "2024-03-31T06:45:00Z",
            STOCKHOLM,
            [
                "2024-03-31T08:33:00+02:00",
                "2024-03-31T07:45:00+02:00",
                "2024-03-31T03:05:00+02:00",
                "2024-03-31T01:50:00+01:00",
                "2024-03-30T22:14:00+01:00",
            ],
        ),
        # Romanian: 'acum N minute/ore' before the number, then the EET -> EEST gap
        (
            ["acum 15 minute", "acum 2 ore", "04:05", "02:40", "23:55"],
            "2024-03-31T07:10:00+03:00",
            BUCHAREST,
            [
                "2024-03-31T06:55:00+03:00",
                "2024-03-31T05:10:00+03:00",
                "2024-03-31T04:05:00+03:00",
                "2024-03-31T02:40:00+02:00",
                "2024-03-30T23:55:00+02:00",
            ],
        ),
        # Czech feed on the DST end: the repeated hour, later occurrence first, then the earlier
        (
            ["08:58", "02:40", "02:55", "23:30"],
            "2023-10-29T09:10:00+01:00",
            PRAGUE,
            [
                "2023-10-29T08:58:00+01:00",
                "2023-10-29T02:40:00+01:00",
                "2023-10-29T02:55:00+02:00",
                "2023-10-28T23:30:00+02:00",
            ],
        ),
        # Indonesian 'N menit/jam yang lalu', Greek 'πριν από N ώρες', Korean 'N분 전'
        (
            ["15 menit yang lalu", "2 jam yang lalu", "19 Mei 2024 21:30 WIB"],
            "2024-05-20T13:00:00+07:00",
            JAKARTA,
            ["2024-05-20T12:45:00+07:00", "2024-05-20T11:00:00+07:00", "2024-05-19T21:30:00+07:00"],
        ),
        (
            ["πριν 15 λεπτά", "πριν από 2 ώρες"],
            "2024-06-12T10:20:00+03:00",
            ATHENS,
            ["2024-06-12T10:05:00+03:00", "2024-06-12T08:20:00+03:00"],
        ),
        # Korean: year-less month.day before a clock time
        (
            ["15분 전", "2시간 전", "03.14 22:10"],
            "2024-03-15T06:30:00Z",
            SEOUL,
            ["2024-03-15T15:15:00+09:00", "2024-03-15T13:30:00+09:00", "2024-03-14T22:10:00+09:00"],
        ),
    ],
)
def test_resolve_times_more_languages(
    stamps: list[str], fetched: str, tz: ZoneInfo, expected: list[str | None]
) -> None:
    at = datetime.fromisoformat(fetched.replace("Z", "+00:00"))
    order = date_order(stamps, tz.key)
    assert iso(resolve_times(stamps, fetched_at=at, tz=tz, order=order)) == expected


@pytest.mark.parametrize(
    ("text", "tz", "order", "expected"),
    [
        # year first: always year, month, day, whatever the separator
        ("2024.03.15 14:20", SEOUL, "mdy", "2024-03-15T14:20:00+09:00"),
        ("2024/02/10 07:45", ZoneInfo("Asia/Shanghai"), "mdy", "2024-02-10T07:45:00+08:00"),
        ("2024.03.05.", SEOUL, "mdy", "2024-03-05T00:00:00+09:00"),
        # year-less numeric dates only before a clock time, in the outlet's order
        ("03.05 22:10", SEOUL, "mdy", "2024-03-05T22:10:00+09:00"),
        ("14.03. 22:10", ZoneInfo("Europe/Berlin"), "dmy", "2024-03-14T22:10:00+01:00"),
        ("3/14 10:15 PM", NY, "mdy", "2024-03-14T22:15:00-04:00"),
        ("07.30", STOCKHOLM, "dmy", "2024-03-15T07:30:00+01:00"),  # a dotted clock, no date
        # a short word between the date and its clock ('à', 'um', 'at')
        ("12/03 à 14h35", ZoneInfo("Europe/Brussels"), "dmy", "2024-03-12T14:35:00+01:00"),
        ("14.03. um 08:15 Uhr", ZoneInfo("Europe/Berlin"), "dmy", "2024-03-14T08:15:00+01:00"),
    ],
)
def test_numeric_date_forms(text: str, tz: ZoneInfo, order: str, expected: str) -> None:
    fetched = datetime.fromisoformat("2024-03-15T09:00:00+00:00")
    value = normalize_stamp(text, tz=tz, fetched_at=fetched, order=order)  # type: ignore[arg-type]
    assert (value.isoformat() if value else None) == expected


@pytest.mark.parametrize(
    ("zone", "expected"),
    [("Asia/Seoul", "mdy"), ("Asia/Tokyo", "mdy"), ("Europe/Prague", "dmy")],
)
def test_month_first_zones_of_east_asia(zone: str, expected: str) -> None:
    assert date_order([], zone) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024年11月3日 9時40分", "2024-11-03T09:40:00+09:00"),
        ("11月1日", "2024-11-01T00:00:00+09:00"),
        ("10分前", "2024-11-03T10:20:00+09:00"),
    ],
)
def test_japanese_stamps_with_hour_and_minute_marks(text: str, expected: str) -> None:
    fetched = datetime.fromisoformat("2024-11-03T01:30:00+00:00")
    value = normalize_stamp(text, tz=TOKYO, fetched_at=fetched)
    assert (value.isoformat() if value else None) == expected
