"""The bad-inputs corpus: every record ends up in exactly one place, with the expected reason."""

import json
from pathlib import Path

import duckdb
import pytest

from pipelines.runner import LoadReport, run_load
from pipelines.settings import Settings
from pipelines.steps.publish import reconcile
from pipelines.warehouse import Reader
from pipelines.warehouse.files import work_path

DATA = Path(__file__).resolve().parent / "data"
CORPUS = DATA / "bad_inputs"
EXPECTED: dict[str, str] = json.loads((DATA / "bad_inputs.expected.json").read_text())
MAX_BYTES = 300_000  # as scripts/make_bad_inputs.py wrote the corpus for


@pytest.fixture(scope="module")
def corpus_load(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, LoadReport]:
    warehouse = tmp_path_factory.mktemp("bad") / "news.duckdb"
    report = run_load(Settings(CORPUS, warehouse, workers=1, max_bytes=MAX_BYTES))
    return warehouse, report


def _outcomes(warehouse: Path) -> dict[str, str]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute(
            """
            select r.source_path, r.record, coalesce(j.reason, case when v.page_id is not null then 'article' end)
            from raw_pages as r
            left join rejected_pages as j using (page_id)
            left join article_versions as v using (page_id)
            """
        ).fetchall()
    return {
        f"{path}#{record}" if record is not None else path: outcome
        for path, record, outcome in rows
    }


def test_the_load_succeeds(corpus_load: tuple[Path, LoadReport]) -> None:
    assert corpus_load[1].success, corpus_load[1].error


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_each_record_has_its_expected_outcome(
    corpus_load: tuple[Path, LoadReport], key: str
) -> None:
    assert _outcomes(corpus_load[0]).get(key) == EXPECTED[key]


def test_nothing_else_was_read(corpus_load: tuple[Path, LoadReport]) -> None:
    assert set(_outcomes(corpus_load[0])) == set(EXPECTED)


def test_every_record_is_in_exactly_one_place(corpus_load: tuple[Path, LoadReport]) -> None:
    with duckdb.connect(str(work_path(corpus_load[0]))) as con:
        ledger = reconcile(Reader(con))
    assert ledger.balanced, ledger
    assert ledger.pages == len(EXPECTED)


def test_windows_1251_declared_only_in_meta_is_cyrillic(
    corpus_load: tuple[Path, LoadReport],
) -> None:
    with duckdb.connect(str(corpus_load[0]), read_only=True) as con:
        titles = [
            t for (t,) in con.execute("select title from articles where language = 'uk'").fetchall()
        ]
    assert titles == ["Київ відкрив новий міст через Дніпро"]


def test_reject_messages_say_why(corpus_load: tuple[Path, LoadReport]) -> None:
    with duckdb.connect(str(corpus_load[0]), read_only=True) as con:
        details = dict(con.execute("select reason, details from rejected_pages").fetchall())
    assert details["malformed_json"].startswith("record 1 (line 2): ")
    assert details["http_error"] == "the crawler got HTTP 404 for this page"
    assert (
        details["quality"]
        == "failed the quality expectation expect_column_values_to_be_in_set(language)"
    )
    assert all(details.values())
