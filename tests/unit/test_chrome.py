"""The chrome pass on small inline pages: what goes, what stays as the story's."""

import pytest
from selectolax.lexbor import LexborHTMLParser

from pipelines.parse.chrome import strip_boilerplate

LONG = "A paragraph long enough to count as story text, with words and more words. " * 2


def _stripped(html: str) -> str:
    tree = LexborHTMLParser(html)
    strip_boilerplate(tree, {}, [])
    body = tree.body
    assert body is not None
    return body.html or ""


@pytest.mark.parametrize(
    ("page", "kept"),
    [
        # chrome by its tag, whatever holds the story
        (f"<nav><p>{LONG}</p></nav><p>{LONG}</p>", f"<body><p>{LONG}</p></body>"),
        # a hidden chrome tag goes as hidden things go: unless it holds the story
        (
            f"<aside hidden><p>{LONG}</p><p>{LONG}</p><p>{LONG}</p></aside><p>x</p>",
            f'<body><aside hidden=""><p>{LONG}</p><p>{LONG}</p><p>{LONG}</p></aside><p>x</p></body>',
        ),
        # five long paragraphs in an <aside> make its block of class 'sidebar' story's, so a
        # block of that class elsewhere stays, though the <aside> goes
        (
            f"<aside><div class='sidebar'>{f'<p>{LONG}</p>' * 5}</div></aside>"
            "<div class='sidebar'>x</div><div class='promo'>y</div>",
            '<body><div class="sidebar">x</div></body>',
        ),
        # chrome inside chrome, whichever tag is looked up first: a <nav> in a <footer>, a
        # <figure> in an <aside>, a chrome block in a hidden one; each goes with its holder
        (
            f"<footer><nav><p>n</p></nav></footer><aside><figure>f</figure></aside><p>{LONG}</p>",
            f"<body><p>{LONG}</p></body>",
        ),
        (
            f"<div style='display:none'><div class='share'><ul class='menu'><li>s</li></ul>"
            f"</div></div><p>{LONG}</p>",
            f"<body><p>{LONG}</p></body>",
        ),
    ],
)
def test_chrome_tags_and_the_story(page: str, kept: str) -> None:
    assert _stripped(f"<html><body>{page}</body></html>") == kept


def test_decompose_leaves_held_nodes_detached_not_freed() -> None:
    """What the chrome pass relies on to remove nodes in any order (pinned selectolax):
    decompose() unlinks a subtree node by node and frees nothing, so a node held from inside
    it is a detached node that can be read and removed again."""
    tree = LexborHTMLParser("<body><footer><nav><a href='/x'>x</a></nav></footer><p>y</p></body>")
    footer, nav = tree.tags("footer")[0], tree.tags("nav")[0]
    footer.decompose()
    assert (nav.tag, nav.parent, nav.child, footer.parent) == ("nav", None, None, None)
    nav.decompose()
    body = tree.body
    assert body is not None and body.html == "<body><p>y</p></body>"
