"""The landing walk: which names are inputs, in which order, with which state."""

import os
from pathlib import Path

from pipelines.ingest import FileState, file_state
from pipelines.landing_walk import discover, scan


def _tree(root: Path, outside: Path) -> None:
    for name in (
        "a/b.html",
        "a-c.html",  # '-' sorts before '/' as text, after the folder 'a' as parts
        "a/b.html.meta.json",
        "README.md",
        ".hidden.html",
        ".cache/kept.txt",  # a hidden folder is walked: only names of files are filtered
        "z/y/x.jsonl",
        "notes.MD",
        "outlets.toml",  # the user's outlet overrides: not an input at the root...
        "z/outlets.toml",  # ...but only there: elsewhere a stray file, rejected as unsupported
    ):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(name)
    (outside / "far").mkdir(parents=True)
    (root / "alias.html").symlink_to(root / "a" / "b.html")
    (root / "a-again").symlink_to(root / "a")  # a folder inside: repeats files, left out
    (root / "far").symlink_to(outside / "far")  # a folder outside: listed, read_file rejects it
    (root / "gone.html").symlink_to("nowhere.html")
    (root / "loop.txt").symlink_to("loop.txt")
    os.mkfifo(root / "pipe.txt")


def test_inputs_in_the_order_paths_sort_with_one_state_each(tmp_path: Path) -> None:
    root = tmp_path / "landing"
    _tree(root, tmp_path / "outside")
    listed = scan(root)
    assert [name for name, _ in listed] == [
        ".cache/kept.txt",
        "a/b.html",
        "a-c.html",
        "alias.html",
        "far",
        "gone.html",
        "loop.txt",
        "z/outlets.toml",
        "z/y/x.jsonl",
    ]
    assert discover(root) == sorted(discover(root), key=lambda p: p.parts)
    assert discover(root) == [root / name for name, _ in listed]
    # The state is the one the manifest keeps: through a link, a broken link's own.
    assert [FileState.of(st) for _, st in listed] == [file_state(root / n) for n, _ in listed]
    assert FileState.of(dict(listed)["alias.html"]) == file_state(root / "a" / "b.html")


def test_a_root_that_is_a_file_is_its_one_input(tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    page.write_text("<p>x</p>")
    [(name, st)] = scan(page)
    assert (name, FileState.of(st)) == ("p.html", file_state(page))
    assert discover(page) == [page]


def test_a_root_reached_through_a_link_is_walked(tmp_path: Path) -> None:
    root = tmp_path / "landing"
    (root / "day").mkdir(parents=True)
    (root / "day" / "a.html").write_text("a")
    (root / "inner").symlink_to(root / "day")
    alias = tmp_path / "alias"
    alias.symlink_to(root)
    assert [name for name, _ in scan(alias)] == ["day/a.html"]


def test_a_name_that_is_not_utf8_is_listed_and_fingerprinted(tmp_path: Path) -> None:
    from pipelines.defs.automation import landing_fingerprint

    root = tmp_path / "landing"
    root.mkdir()
    bad = os.fsdecode(b"bad\xffname.html")
    (root / bad).write_text("<p>x</p>")
    assert [name for name, _ in scan(root)] == [bad]
    before = landing_fingerprint(root)
    (root / bad).write_text("<p>y, longer</p>")
    assert landing_fingerprint(root) != before


def test_a_folder_named_as_the_overrides_file_is_walked(tmp_path: Path) -> None:
    (tmp_path / "outlets.toml").mkdir()
    (tmp_path / "outlets.toml" / "a.html").write_text("<p>x</p>")
    assert [name for name, _ in scan(tmp_path)] == ["outlets.toml/a.html"]
