from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from pipelines.normalize.date_forms import read_stamp, url_date
from pipelines.normalize.date_rules import DateStamp, choose_published, choose_updated
from pipelines.normalize.dates import to_iso
from pipelines.normalize.text_dates import date_near, dates_in_text

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.com/2020/06/07/story", date(2020, 6, 7)),
        ("https://example.com/2017/7/12/unter-uns", date(2017, 7, 12)),
        ("https://example.com/news/2020-06-07-title", date(2020, 6, 7)),
        ("https://example.se/20200428/meet-the-swede", date(2020, 4, 28)),
        ("https://example.de/meldungen/29-10-2021", date(2021, 10, 29)),
        # a month and a title that starts with a number; a week number; the query
        ("https://blog.example.de/2023/10/3-fragen-an/", None),
        ("https://example.de/2019/43/klimaschutz", None),
        ("https://example.com/a?d=2020/06/07", None),
        ("https://example.com/story-120200622120908039", None),
        (None, None),
    ],
)
def test_url_date(url: str | None, expected: date | None) -> None:
    assert url_date(url) == expected


@pytest.mark.parametrize(
    ("text", "machine", "expected"),
    [
        ("2020-09-26T12:07:40+02:00CET", True, "2020-09-26T12:07:40+02:00"),
        ("2022-1-26T14:32:06+02:00", True, "2022-01-26T14:32:06+02:00"),
        ("2022-01-10T22:06:08:684Z", True, "2022-01-10T22:06:08.684000+00:00"),
        ("2023-11-08 17:49:09", True, "2023-11-08T17:49:09"),
        ("Tue Jan 28 15:28:56 CET 2020", True, "2020-01-28T15:28:56+01:00"),
        ("Sat, 19 Oct 2019 00:04:00 +0200", True, "2019-10-19T00:04:00+02:00"),
        # slashed dates: software writes month first, readers read day first
        ("11/01/2023 12:43:42", True, "2023-11-01T12:43:42"),
        ("11/01/2023", False, "2023-01-11T00:00:00"),
        ("22/11/2020", True, "2020-11-22T00:00:00"),
        ("Tue Jan 28 15:28:56 XYZ 2020", True, None),
        ("2013", True, None),
        ("soon", True, None),
    ],
)
def test_read_stamp(text: str, machine: bool, expected: str | None) -> None:
    assert to_iso(read_stamp(text, machine=machine)) == expected


def test_dates_in_text_skips_version_numbers_and_impossible_days() -> None:
    text = "Von Eva | 22.11.2020 | 3 min, 8. 9. 10 and 31.02.2020, 5 May 2021 17:40; 12/03/2021"
    assert dates_in_text(text) == [
        (10, "22.11.2020"),
        (55, "5 May 2021 17:40"),
        (73, "12/03/2021"),
    ]


def test_dates_in_text_reads_year_first_dates_but_no_versions_or_paths() -> None:
    text = "Version 2023.1.2 und 2020/07/13 01:10, Build 1.2020.06.07, /2020/06/07/, 2020.08.19."
    assert dates_in_text(text) == [(21, "2020/07/13 01:10"), (73, "2020.08.19.")]


def test_date_near_takes_the_dateline_beside_the_headline() -> None:
    text = "Archiv 01.01.2019\nMenü\nDie Schlagzeile\n14.03.2022 | Von Eva\nText 02.02.2020"
    assert date_near(text, "Die Schlagzeile") == "14.03.2022"
    assert date_near(text, None) == "01.01.2019"
    assert date_near("no dates here", "x") is None


PROSE = (
    "Seit 4. August 2014 gilt in diesem Land ein neues Gesetz, das vieles anders regelt als zuvor."
)


def test_date_near_ranks_a_labelled_publication_first_and_prose_last() -> None:
    footer = "Titel\nText\nLetzte Änderung: 31.10.2023 - 14:49:39\nErschienen am: 01.11.2023"
    assert date_near(footer, "Titel") == "01.11.2023"
    label_line_before = "Titel\nUpdated:\n5 May 2021\nPosted on\n3 May 2021"
    assert date_near(label_line_before, "Titel") == "3 May 2021"
    # a date a word leads into inside a long line is the story's, not the page's: the
    # update line dates the page, with or without the headline found
    updated_only = f"Titel\n{PROSE}\nAktualisiert: 30.12.2016"
    assert date_near(updated_only, "Titel") == "30.12.2016"
    assert date_near(updated_only, None) == "30.12.2016"
    # a long line it opens is a dateline ('Ort, (12.11.2021). Text ...'), before the prose
    opening = f"Titel\nKarlsruhe, (12.11.2021). {PROSE}\n{PROSE}"
    assert date_near(opening, "Titel") == "12.11.2021"
    assert date_near(f"Titel\n{PROSE}", "Titel") == "4. August 2014"  # the only one


def _choose(stamps: list[DateStamp], **kw: object) -> tuple[str | None, str | None]:
    value, source = choose_published(stamps, **kw)  # type: ignore[arg-type]
    return to_iso(value), source


def test_first_readable_stamp_wins() -> None:
    stamps = [
        DateStamp("Tuesday", "jsonld"),
        DateStamp("2013", "meta"),
        DateStamp("2020-01-13T17:04:34+0300", "microdata"),
        DateStamp("2021-01-01", "time"),
    ]
    assert _choose(stamps) == ("2020-01-13T17:04:34+03:00", "microdata")


def test_utc_stamp_moves_to_the_wall_clock_stamp_of_the_same_instant() -> None:
    stamps = [
        DateStamp("2023-11-09T03:28:35Z", "jsonld"),
        DateStamp("2023-11-08 22:28:35", "meta"),
    ]
    assert _choose(stamps) == ("2023-11-08T22:28:35-05:00", "jsonld")


def test_utc_stamp_moves_to_the_clock_the_page_shows_its_readers() -> None:
    stamps = [
        DateStamp("2020-06-08T02:00:00Z", "meta"),
        DateStamp("June 7, 2020 10:00 PM", "visible", machine=False),
    ]
    assert _choose(stamps) == ("2020-06-07T22:00:00-04:00", "meta")


def test_a_readers_clock_of_another_stamp_or_no_whole_offset_moves_nothing() -> None:
    updated_shown = [
        DateStamp("2020-06-08T02:00:00Z", "meta"),
        DateStamp("June 7, 2020 10:00 PM", "visible", "updated", machine=False),
    ]
    assert _choose(updated_shown) == ("2020-06-08T02:00:00+00:00", "meta")
    odd_minutes = [
        DateStamp("2020-06-08T02:00:00Z", "meta"),
        DateStamp("June 7, 2020 10:45 PM", "visible", machine=False),
    ]
    assert _choose(odd_minutes) == ("2020-06-08T02:00:00+00:00", "meta")


def test_utc_stamp_moves_to_the_offset_the_page_writes_elsewhere() -> None:
    stamps = [
        DateStamp("2019-10-18T22:04:00Z", "jsonld"),
        DateStamp("2019-10-18T23:10:44+02:00", "time", "other"),
    ]
    assert _choose(stamps) == ("2019-10-19T00:04:00+02:00", "jsonld")


def test_utc_stamp_moves_to_the_outlet_zone_without_other_evidence() -> None:
    # a German page's local midnight, written in UTC
    stamps = [DateStamp("2021-11-04T23:00Z", "meta")]
    assert _choose(stamps, tz=BERLIN) == ("2021-11-05T00:00:00+01:00", "meta")


def test_utc_stamp_keeps_the_utc_day_the_page_shows_its_readers() -> None:
    # 23:07 UTC is the next day in Berlin, but the page's dateline shows the UTC day
    shown = DateStamp("26/12/2019", "visible", machine=False)
    stamps = [DateStamp("2019-12-26T23:07:45+00:00", "microdata"), shown]
    assert _choose(stamps, tz=BERLIN) == ("2019-12-26T23:07:45+00:00", "microdata")
    other_day = [stamps[0], DateStamp("27/12/2019", "visible", machine=False)]
    assert _choose(other_day, tz=BERLIN) == ("2019-12-27T00:07:45+01:00", "microdata")


def test_utc_stamp_kept_as_shown_still_meets_the_url_day_in_the_outlet_zone() -> None:
    stamps = [
        DateStamp("2026-06-30T16:34:54Z", "jsonld"),
        DateStamp("June 30, 2026 - 4.34pm", "visible", machine=False),
    ]
    url = "https://example.com.au/news/story-20260701-p60bhj.html"
    sydney = ZoneInfo("Australia/Sydney")
    assert _choose(stamps, url=url, tz=sydney) == ("2026-07-01T02:34:54+10:00", "jsonld")


def test_a_dateline_showing_the_structured_update_redates_the_story() -> None:
    stamps = [
        DateStamp("2021-03-16T16:16:10Z", "jsonld"),
        DateStamp("2021-03-20T14:00:17Z", "jsonld", "updated"),
        DateStamp("20. März 2021 - 15:00 Uhr", "visible", machine=False),
    ]
    assert _choose(stamps, tz=BERLIN) == ("2021-03-20T15:00:17+01:00", "jsonld")
    # a dateline labelled as the update, or of a third day, leaves the publication alone
    labelled = [*stamps[:2], DateStamp("Updated: 20 March 2021", "visible", machine=False)]
    assert _choose(labelled, tz=BERLIN) == ("2021-03-16T17:16:10+01:00", "jsonld")
    third = [*stamps[:2], DateStamp("18.03.2021", "visible", machine=False)]
    assert _choose(third, tz=BERLIN) == ("2021-03-16T17:16:10+01:00", "jsonld")


def test_utc_midnight_is_a_day_not_moved_back() -> None:
    stamps = [
        DateStamp("2020-09-18T00:00:00Z", "jsonld"),
        DateStamp("2020-09-20T10:00:00-07:00", "time", "other"),
    ]
    assert _choose(stamps) == ("2020-09-18T00:00:00+00:00", "jsonld")


def test_url_day_beats_a_later_structured_stamp() -> None:
    stamps = [DateStamp("2019-06-17T18:28:00+0200", "jsonld")]
    url = "https://example.de/home/2017/7/12/unter-uns"
    assert _choose(stamps, url=url, tz=BERLIN) == ("2017-07-12T00:00:00+02:00", "url")


def test_url_day_keeps_the_stamp_of_that_day_with_its_time() -> None:
    stamps = [
        DateStamp("2019-06-17T18:28:00+02:00", "jsonld"),
        DateStamp("2017-07-12T09:15:00+02:00", "time"),
    ]
    url = "https://example.de/2017/07/12/story"
    assert _choose(stamps, url=url) == ("2017-07-12T09:15:00+02:00", "time")


def test_meta_timestamp_beats_a_contradicting_jsonld_day() -> None:
    stamps = [
        DateStamp("2023-11-03T10:25:56+00:00", "jsonld"),
        DateStamp("2023-11-06T14:25:00+01:00", "meta"),
    ]
    assert _choose(stamps) == ("2023-11-06T14:25:00+01:00", "meta")
    edition_day = [stamps[0], DateStamp("2023-11-04", "meta")]  # a day only: an edition's
    assert _choose(edition_day) == ("2023-11-03T10:25:56+00:00", "jsonld")


def test_meta_published_that_copies_date_modified_does_not_win() -> None:
    stamps = [
        DateStamp("2024-12-06T22:00:40.000Z", "jsonld"),
        DateStamp("2024-12-07T12:43:39.889Z", "jsonld", "updated"),
        DateStamp("2024-12-07T12:43:39.889Z", "meta"),
    ]
    assert _choose(stamps) == ("2024-12-06T22:00:40+00:00", "jsonld")


def test_nothing_after_the_fetch_and_nothing_before_the_web() -> None:
    fetched = datetime.fromisoformat("2022-01-10T12:00:00+00:00")
    stamps = [
        DateStamp("2026-11-04T10:00:00+07:00", "meta"),
        DateStamp("1990-05-01", "meta"),
        DateStamp("2022-01-09T08:00:00+01:00", "time"),
    ]
    assert _choose(stamps, fetched_at=fetched) == ("2022-01-09T08:00:00+01:00", "time")


def test_no_stamp_no_date() -> None:
    assert _choose([]) == (None, None)
    assert _choose([DateStamp("2020-01-01", "jsonld", "updated")]) == (None, None)


def test_choose_updated() -> None:
    stamps = [
        DateStamp("2020-01-01T10:00:00+01:00", "jsonld"),
        DateStamp("2020-01-02T10:00:00Z", "meta", "updated"),
    ]
    value, source = choose_updated(stamps)
    assert (to_iso(value), source) == ("2020-01-02T11:00:00+01:00", "meta")


def test_updated_in_utc_takes_the_offset_the_published_instant_was_shown_in() -> None:
    stamps = [DateStamp("2023-11-09T03:55:28+00:00", "meta", "updated")]
    published = datetime.fromisoformat("2023-11-08T22:28:35-05:00")
    value, _ = choose_updated(stamps, published=published)
    assert to_iso(value) == "2023-11-08T22:55:28-05:00"
