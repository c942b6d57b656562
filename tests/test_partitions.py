"""Fetch-day partitions on the embedded file: a partition run takes the pages fetched that
day; two partition runs started at once take turns (one writer process) and both land."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from pipelines.defs import EVERY_DAY
from pipelines.defs.assets import run_fetch_days
from pipelines.runner import run_load
from pipelines.settings import Settings
from pipelines.warehouse.lake.raw import in_days
from tests.conftest import SEEDS
from tests.partition_runs import (
    accounted_by_day,
    load_times,
    published,
    run_at_once,
    table_rows,
)

# The seed pages by fetch day (UTC): 12-17 1, 12-18 1, 12-19 1, 12-20 2, 12-21 3, 12-22 3,
# unknown 2. On the 22nd: two articles (no version on another day) and a not_found page.
DAY = "2024-12-22"
DAY_PAGES = (
    "page_id in (select page_id from raw_pages "
    f"where fetched_at >= '{DAY}T00:00:00Z' and fetched_at < '{DAY}T00:00:00Z'::timestamptz "
    "+ interval 1 day)"
)


def _settings(warehouse: Path) -> Settings:
    return Settings(SEEDS, warehouse, workers=1, max_bytes=20 * 1024 * 1024)


def test_a_partition_run_of_one_day_gives_that_days_rows_of_the_full_load(tmp_path: Path) -> None:
    day, full = _settings(tmp_path / "day" / "w.duckdb"), _settings(tmp_path / "full" / "w.duckdb")
    report = run_load(day, partition=DAY)
    assert report.success, report.error
    assert run_load(full).success
    # every seed file is ingested, only the day's three pages are parsed and published
    assert report.counts["pages_new"] == 13 and report.counts["pages_processed"] == 3
    assert accounted_by_day(day)[DAY] == (3, 3)
    assert sum(accounted for _pages, accounted in accounted_by_day(day).values()) == 3
    for table in ("article_versions", "articles", "related_news", "rejected_pages"):
        query = f"select * from {table} where {DAY_PAGES}"
        rows = table_rows(day, query)
        assert rows == table_rows(full, query), table
        assert rows or table == "related_news"
    authored = f"select * from article_authors where article_id in (select article_id from articles where {DAY_PAGES})"
    assert table_rows(day, authored) == table_rows(full, authored) != []
    # the rest follows with the nightly run of every pending page: the full load, row for row
    assert run_load(day).success
    assert published(day) == published(full)


def test_two_partition_runs_at_once_on_the_file_take_turns_and_both_land(tmp_path: Path) -> None:
    parts, single = (
        _settings(tmp_path / "parts" / "w.duckdb"),
        _settings(tmp_path / "one" / "w.duckdb"),
    )
    outcomes = run_at_once(parts, ["2024-12-21", DAY])
    assert [o["error"] for o in outcomes] == [None, None]
    times = load_times(parts)
    first, second = sorted((times[o["run_id"]] for o in outcomes), key=lambda t: t[1])
    assert first[0] == second[0] == "succeeded"
    assert second[1] >= first[2]  # the second began its load after the first had published
    by_day = accounted_by_day(parts)
    assert by_day["2024-12-21"] == (3, 3) and by_day[DAY] == (3, 3)
    assert sum(accounted for _pages, accounted in by_day.values()) == 6  # those days only
    assert run_load(parts).success  # every other pending page
    assert run_load(single).success
    assert published(parts) == published(single)


def test_a_runs_fetch_days_come_from_its_partition_tags() -> None:
    day = {"dagster/partition": "2024-12-20"}
    assert run_fetch_days(day) == (
        datetime(2024, 12, 20, tzinfo=UTC),
        datetime(2024, 12, 21, tzinfo=UTC),
    )
    days = {
        "dagster/asset_partition_range_start": "2024-12-20",
        "dagster/asset_partition_range_end": "2024-12-22",
    }
    assert run_fetch_days(days) == (
        datetime(2024, 12, 20, tzinfo=UTC),
        datetime(2024, 12, 23, tzinfo=UTC),
    )
    assert run_fetch_days({}) is None  # no partition: every pending page
    assert run_fetch_days(day | EVERY_DAY) is None  # the nightly load's tag: every pending page


@pytest.mark.parametrize(
    ("day", "since", "until", "taken"),
    [
        (
            date(2024, 12, 20),
            datetime(2024, 12, 20, tzinfo=UTC),
            datetime(2024, 12, 21, tzinfo=UTC),
            True,
        ),
        (
            date(2024, 12, 21),
            datetime(2024, 12, 20, tzinfo=UTC),
            datetime(2024, 12, 21, tzinfo=UTC),
            False,
        ),
        (
            date(2024, 12, 19),
            datetime(2024, 12, 20, tzinfo=UTC),
            datetime(2024, 12, 21, tzinfo=UTC),
            False,
        ),
        (None, datetime(2024, 12, 20, tzinfo=UTC), datetime(2024, 12, 21, tzinfo=UTC), False),
        (None, None, None, True),  # no bounds: every shard, unknown fetch time included
    ],
)
def test_a_partition_run_on_dask_takes_the_shards_of_its_days(
    day: date | None, since: datetime | None, until: datetime | None, taken: bool
) -> None:
    assert in_days(day, since, until) is taken
