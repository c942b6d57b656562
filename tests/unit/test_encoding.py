"""Bytes -> text: BOM, the HTTP header, <meta charset>, then detection."""

import codecs

import pytest

from pipelines.parse.encoding import decode_page, looks_binary

UK = "<html><head><title>Київ</title></head><body><p>Новини міста: відкрили новий міст через Дніпро.</p></body></html>"


@pytest.mark.parametrize(
    ("content", "declared", "encoding"),
    [
        (codecs.BOM_UTF8 + UK.encode(), None, "utf-8-sig"),
        (codecs.BOM_UTF16_LE + UK.encode("utf-16-le"), None, "utf-16"),
        (UK.encode("cp1251"), "windows-1251", "cp1251"),
        (
            UK.replace("<head>", '<head><meta charset="windows-1251">').encode("cp1251"),
            None,
            "cp1251",
        ),
        (
            UK.replace(
                "<head>",
                '<head><meta http-equiv="Content-Type" content="text/html; charset=koi8-u">',
            ).encode("koi8-u"),
            None,
            "koi8-u",
        ),
        (UK.encode(), None, "utf-8"),
    ],
)
def test_declared_or_marked_encodings(content: bytes, declared: str | None, encoding: str) -> None:
    text, used = decode_page(content, declared)
    assert used == encoding
    assert "Київ" in text


def test_undeclared_cp1251_is_detected() -> None:
    page = (UK * 3).encode("cp1251")
    text, _used = decode_page(page)
    assert "Новини міста" in text


def test_a_wrong_meta_falls_through_to_what_decodes() -> None:
    text, used = decode_page(UK.replace("<head>", '<head><meta charset="utf-8">').encode("cp1251"))
    assert "Київ" in text and used != "utf-8"


@pytest.mark.parametrize(
    ("content", "binary"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", True),
        (UK.encode(), False),
        (b"", False),
        (codecs.BOM_UTF16_LE + "hi".encode("utf-16-le"), False),
    ],
)
def test_looks_binary(content: bytes, binary: bool) -> None:
    assert looks_binary(content) is binary


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("It's 5 o'clock", 3),  # as `wc -w` counts
        ("well-known — U.S. news", 4),
        ("東京都は晴れ", 6),  # a word a character: no spaces between words
        ("Tokyo 東京 2024", 4),
        ("서울 날씨", 2),  # Korean puts spaces between words
        ("", 0),
    ],
)
def test_word_count_counts_characters_in_unspaced_scripts(text: str, words: int) -> None:
    from pipelines.normalize.text import word_count

    assert word_count(text) == words


def test_valid_utf8_wins_over_a_stale_single_byte_declaration() -> None:
    """A crawler saved the page as UTF-8 but kept its <meta charset=iso-8859-15>."""
    page = '<html><head><meta charset="iso-8859-15"></head><p>su sanción, según él</p></html>'
    for declared in (None, "iso-8859-15"):
        text, used = decode_page(page.encode(), declared)
        assert used == "utf-8" and "su sanción, según él" in text
    text, used = decode_page(page.encode("iso-8859-15"))  # really latin-9: not valid UTF-8
    assert used == "iso8859-15" and "su sanción, según él" in text


@pytest.mark.parametrize("declared", ["meta", "http"])
def test_a_page_that_is_not_the_utf8_it_declares_is_read_in_its_real_charset(
    declared: str,
) -> None:
    """UTF-8-declared pages go to the parser undecoded; U+FFFD in its output sends the bytes
    back through decode_page (here they are windows-1251)."""
    from pipelines.extract import extract_page
    from pipelines.model import RawPage

    story = " ".join(["Новини міста: відкрили новий міст через Дніпро."] * 8)
    meta = '<meta charset="utf-8">' if declared == "meta" else ""
    html = f"<html><head>{meta}<title>Київ</title></head><body><article><h1>Київ</h1><p>{story}</p></article></body></html>"
    page = RawPage(
        "p1",
        "p.warc",
        0,
        html.encode("cp1251"),
        "warc",
        "html",
        charset="utf-8" if declared == "http" else None,
    )
    article = extract_page(page).article
    assert article is not None
    assert article.title == "Київ"
    assert article.body == story
