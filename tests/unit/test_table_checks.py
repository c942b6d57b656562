"""The verdicts of the checks on the published tables, as tables of input -> output."""

import pytest

from pipelines.defs.checks import related_verdict, share_verdict


@pytest.mark.parametrize(
    ("count", "total", "floor", "expected"),
    [
        (8, 10, 0.8, (True, 0.8)),
        (7, 10, 0.8, (False, 0.7)),
        (2, 3, 0.6, (True, 0.6667)),
        (0, 0, 0.8, (True, 1.0)),  # no articles: nothing is missing a date
    ],
)
def test_share_verdict(count: int, total: int, floor: float, expected: tuple[bool, float]) -> None:
    assert share_verdict(count, total, floor) == expected


@pytest.mark.parametrize(
    ("loads", "expected"),
    [
        ([], (True, 0.0, None)),
        ([(11, 13)], (True, 1.1818, None)),  # the first load: nothing to compare with
        ([(10, 2), (10, 20)], (False, 0.2, 2.0)),  # the pages lost their related items
        ([(10, 10), (10, 20), (30, 20)], (True, 1.0, 1.0)),  # weighted by versions
        ([(10, 10), (10, 20)], (True, 1.0, 2.0)),  # exactly half still passes
    ],
)
def test_related_verdict(
    loads: list[tuple[int, int]], expected: tuple[bool, float, float | None]
) -> None:
    assert related_verdict(loads) == expected
