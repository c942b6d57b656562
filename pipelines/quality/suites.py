"""The Great Expectations suites, as data: (expectation class, kwargs) per suite.

Row suites name rows that must not be published (they go to rejected_pages with the
expectation's name); table suites judge the staged batch as a whole and block the publish.
"""

from __future__ import annotations

from typing import Any

from pipelines.extract import MIN_WORDS

_ISO_639_1_CODES = """
aa ab af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv
cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho
hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku
kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn
no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm
sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi
vo wa wo xh yi yo za zh zu
"""
ISO_639_1 = sorted(_ISO_639_1_CODES.split())

Spec = tuple[str, dict[str, Any]]

# Suite names: the Dagster check that runs each suite has the same name, so the Data Docs
# page of a validation and the check in the UI say one thing.
ARTICLE_ROW_SUITE = "article_row_suite"
ARTICLE_TABLE_SUITE = "article_table_suite"
RELATED_TABLE_SUITE = "related_table_suite"

ARTICLE_ROWS: list[Spec] = [
    ("ExpectColumnValuesToNotBeNull", {"column": "article_id"}),
    ("ExpectColumnValuesToNotBeNull", {"column": "title"}),
    ("ExpectColumnValueLengthsToBeBetween", {"column": "title", "min_value": 3, "max_value": 500}),
    ("ExpectColumnValuesToBeBetween", {"column": "word_count", "min_value": MIN_WORDS}),
    ("ExpectColumnValuesToMatchRegex", {"column": "url", "regex": r"^https?://[^\s/]+"}),
    ("ExpectColumnValuesToBeInSet", {"column": "language", "value_set": ISO_639_1}),
    (
        "ExpectColumnPairValuesAToBeGreaterThanB",
        {
            "column_A": "fetched_at",
            "column_B": "published_at",
            "or_equal": True,
            "ignore_row_if": "either_value_is_missing",
        },
    ),
]


def article_table(expected_rows: int) -> list[Spec]:
    """Whole-batch expectations; `expected_rows` = pending pages - staged rejects."""
    return [
        ("ExpectTableRowCountToEqual", {"value": expected_rows}),
        ("ExpectColumnValuesToBeUnique", {"column": "page_id"}),
        ("ExpectColumnValuesToNotBeNull", {"column": "content_hash"}),
    ]


RELATED_TABLE: list[Spec] = [
    ("ExpectCompoundColumnsToBeUnique", {"column_list": ["page_id", "position"]}),
    ("ExpectColumnValuesToBeBetween", {"column": "position", "min_value": 1}),
    ("ExpectColumnValuesToNotBeNull", {"column": "title"}),
]
