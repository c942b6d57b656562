"""Mutated pages through extraction: no exception escapes, every record is an article or a reject."""

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipelines.extract import extract_page
from pipelines.ingest import read_file
from pipelines.model import RawPage, page_id_of

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
BASES = [
    (SEEDS / "101_dnipro_herald_jsonld.html").read_bytes(),
    (SEEDS / "000_9a9297568ba89d2f.txt").read_bytes(),
    (SEEDS / "104_slobidskyi_visnyk_uk.html").read_bytes(),
]


def _page(content: bytes, media: str) -> RawPage:
    return RawPage(page_id_of(content), "fuzz.html", None, content, "html", media)  # type: ignore[arg-type]


def _one_outcome(page: RawPage) -> None:
    result = extract_page(page)
    assert (result.article is None) != (result.reject is None)
    if result.reject is not None:
        assert result.reject.code and result.reject.message


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    base = draw(st.sampled_from(BASES))
    kind = draw(
        st.sampled_from(["truncate", "splice", "flip", "nest", "attribute", "encoding", "garbage"])
    )
    if kind == "truncate":
        return base[: draw(st.integers(0, len(base)))]
    if kind == "splice":
        at = draw(st.integers(0, len(base)))
        return base[:at] + draw(st.binary(max_size=400)) + base[at:]
    if kind == "flip":
        data = bytearray(base)
        for _ in range(draw(st.integers(1, 40))):
            data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
        return bytes(data)
    if kind == "nest":
        depth = draw(st.integers(100, 5000))
        tag = draw(st.sampled_from([b"div", b"p", b"span", b"article", b"li"]))
        return b"<" + tag + b">" + (b"<" + tag + b">") * depth + base + (b"</" + tag + b">") * depth
    if kind == "attribute":
        return base.replace(
            b"<article", b'<article data-x="' + b"a" * draw(st.integers(10_000, 300_000)) + b'"', 1
        )
    if kind == "encoding":
        codec = draw(st.sampled_from(["utf-16", "cp1251", "latin-1", "utf-32", "shift_jis"]))
        return base.decode("utf-8").encode(codec, errors="replace")
    return draw(st.binary(min_size=0, max_size=2000))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated(), st.sampled_from(["html", "text"]))
def test_mutated_pages_become_an_article_or_a_reject(content: bytes, media: str) -> None:
    _one_outcome(_page(content, media))


@settings(max_examples=60, deadline=None)
@given(
    st.binary(max_size=3000),
    st.sampled_from(["x.jsonl", "x.warc", "x.warc.gz", "x.html.gz", "x.jsonl.gz"]),
)
def test_mutated_containers_never_raise(tmp_path_factory, data: bytes, name: str) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("fuzz")
    path = folder / name
    path.write_bytes(data)
    records = list(read_file(path, folder))
    assert records  # a file never vanishes: at least one record, maybe a reject
    for page in records:
        _one_outcome(page)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.text(alphabet=st.sampled_from("ab é“”—\u00a0\u200b\t東京はタイ\n"), max_size=30))
)
def test_counting_clean_lines_by_spaces_equals_word_count(raw: list[str]) -> None:
    """The parser counts its paragraphs' words by spaces; the warehouse's word_count is the
    definition."""
    from pipelines.normalize.text import clean_line, word_count, word_count_of_lines

    lines = [clean_line(r) for r in raw]
    assert word_count_of_lines(lines) == word_count("\n".join(lines))
