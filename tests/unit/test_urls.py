from urllib.parse import urljoin

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipelines.normalize.urls import absolute_url, article_id_for, normalize_url, url_host


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTPS://Example.com/a/?utm_source=x&id=2#top", "https://example.com/a?id=2"),
        ("https://example.com/a/b/", "https://example.com/a/b"),
        ("https://example.com", "https://example.com/"),
        ("https://example.com/?fbclid=1", "https://example.com/"),
        ("http://example.com:8080/x", "http://example.com:8080/x"),
        ("ftp://example.com/x", None),
        ("not a url", None),
        ("https://d:niproherald.com.ua/city/", None),  # a port that is not a number
        ("", None),
        (None, None),
    ],
)
def test_normalize_url(url: str | None, expected: str | None) -> None:
    assert normalize_url(url) == expected


def test_same_article_same_id_whatever_the_tracking() -> None:
    a = article_id_for("https://kyivindependent.com/x/?utm_medium=social", None, "T", None)
    b = article_id_for(
        "https://KyivIndependent.com/x#comments", "Other", "Other title", "2024-01-01"
    )
    assert a == b
    assert len(a) == 32


def test_without_url_identity_comes_from_outlet_title_and_date() -> None:
    a = article_id_for(None, "Outlet", "Title", "2024-12-22")
    assert a == article_id_for(None, "Outlet", "Title", "2024-12-22")
    assert a != article_id_for(None, "Outlet", "Title", "2024-12-23")


def test_url_host() -> None:
    assert url_host("https://www.KyivIndependent.com/x") == "kyivindependent.com"
    assert url_host(None) is None


@pytest.mark.parametrize(
    ("base", "href", "expected"),
    [
        ("https://example.com/a/b/", "/city/x/", "https://example.com/city/x/"),
        ("https://example.com/a/b/", "../../story/", "https://example.com/story/"),
        ("https://example.com/a/", "https://other.example/x", "https://other.example/x"),
        (None, "/city/x/", "/city/x/"),
        ("https://example.com/", None, None),
        ("https://[example.com/a/", "/city/x/", "/city/x/"),  # a broken base: the link as given
    ],
)
def test_absolute_url(base: str | None, href: str | None, expected: str | None) -> None:
    assert absolute_url(base, href) == expected


def _urljoins_answer(base: str, href: str) -> str:
    """What urljoin makes of the link, or the link itself where urljoin raises."""
    try:
        return urljoin(base, href)
    except ValueError:
        return href


@pytest.mark.parametrize(
    "base",
    [
        "https://example.com/a/b",
        "http://example.com/",
        "ftp://x/",
        "HTTPS://Example.com:8080/a?q#f",
        "https://[broken/",
        "https:///no-host",
        " https://example.com/x",
    ],
)
@pytest.mark.parametrize(
    "href",
    [
        "https://other.example/x/y?q=1&r=%20#top",
        "http://other.example",
        "https://other.example?x",
        "https://other.example/a/../b/./c",
        "https://other.example/x?",  # an empty query: urljoin drops the '?'
        "https://other.example/x#",
        "https://other.example/x?#f",
        "https://other.example/a;p?q",
        "https:///no-host/x",
        "https://[::1]/x",
        "https://[broken/x",
        "https://other.example/a b",
        "https://other.example/a\tb\n",
        " https://other.example/x",
        "HTTPS://Other.example/x",
        "https://other.example/ünï/çødé?ä=ö#ß",
        "https://a℀b.example/x",  # a host NFKC turns into a path: urlsplit raises
        "https:other.example/x",
        "//other.example/x",
        "/x/y",
        "x?y#z",
        "/",
        "/a/",
        "/a//b",
        "/a/./b",
        "/a/../b",
        "/a/.",
        "/a/..",
        "/.hidden/x",
        "/a;p/b",
        "/a?",
        "/a#",
        "/a?q=/b/../c#f?g#h",
        "/ä/ö ü",
        "/a\tb",
        "/[x]",
    ],
)
def test_absolute_url_is_urljoins_answer(base: str, href: str) -> None:
    assert absolute_url(base, href) == _urljoins_answer(base, href)


@settings(max_examples=500, deadline=None)
@given(
    st.sampled_from(["https://example.com/a/b", "HTTP://Ex.com:81/a;p?q#f", "https://x", "x:y"]),
    st.text(alphabet="/.;?#a1 \tä[]%:", max_size=16).map(lambda s: "/" + s),
)
def test_absolute_url_of_a_path_from_the_root_is_urljoins_answer(base: str, href: str) -> None:
    assert absolute_url(base, href) == _urljoins_answer(base, href)
