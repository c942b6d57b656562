"""The landing folder as a boundary: links, files that vanish or change, file fingerprints."""

import hashlib
import json
import os
import time
from pathlib import Path

import pytest

from pipelines.ingest import (
    FileState,
    content_digest,
    file_state,
    is_transient,
    read_file,
    stored_name,
)
from pipelines.landing_walk import discover
from pipelines.model import RawPage, page_id_of


def _outline(records: list[RawPage]) -> list[tuple[str, str | None]]:
    return [(r.source_path, r.error[0] if r.error else None) for r in records]


def _load(root: Path) -> list[RawPage]:
    return [page for path in discover(root) for page in read_file(path, root)]


@pytest.fixture
def landing(tmp_path: Path) -> Path:
    root = tmp_path / "landing"
    (root / "day").mkdir(parents=True)
    (root / "day" / "a.html").write_bytes(b"<p>a</p>")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_bytes(b"root:x:0:0")
    (outside / "inner").mkdir()
    (outside / "inner" / "b.html").write_bytes(b"<p>b</p>")
    return root


def test_a_link_out_of_the_landing_folder_is_one_reject_and_never_read(landing: Path) -> None:
    (landing / "passwd.txt").symlink_to(landing.parent / "outside" / "secret.txt")
    (landing / "elsewhere").symlink_to(landing.parent / "outside" / "inner")
    (landing / "day" / "up.txt").symlink_to("../../outside/secret.txt")
    records = _load(landing)
    assert _outline(records) == [
        ("day/a.html", None),
        ("day/up.txt", "outside_landing"),
        ("elsewhere", "outside_landing"),
        ("passwd.txt", "outside_landing"),
    ]
    assert records[3].content == b"passwd.txt:outside_landing"
    assert records[3].error == (
        "outside_landing",
        "the symlink's target is outside the landing folder",
    )
    assert all(b"root:x" not in r.content for r in records)


def test_links_inside_the_landing_folder_read_their_target(landing: Path) -> None:
    (landing / "alias.html").symlink_to(landing / "day" / "a.html")
    (landing / "day-again").symlink_to(landing / "day")  # a linked folder is not walked
    records = _load(landing)
    assert [(r.source_path, r.content) for r in records] == [
        ("alias.html", b"<p>a</p>"),
        ("day/a.html", b"<p>a</p>"),
    ]


def test_loops_and_dangling_links_are_records_not_silence(landing: Path) -> None:
    (landing / "loop.txt").symlink_to("loop.txt")
    (landing / "gone.html").symlink_to("nowhere.html")
    records = _load(landing)
    assert [(r.source_path, r.error) for r in records] == [
        ("day/a.html", None),
        ("gone.html", ("broken_link", "the symlink's target 'nowhere.html' does not exist")),
        ("loop.txt", ("symlink_loop", "the symlink resolves to itself")),
    ]
    assert not any(is_transient(r) for r in records)


def test_a_landing_root_that_is_itself_a_link_is_still_the_boundary(landing: Path) -> None:
    alias = landing.parent / "alias"
    alias.symlink_to(landing)
    (landing / "inside.html").symlink_to(landing / "day" / "a.html")
    (landing / "passwd.txt").symlink_to(landing.parent / "outside" / "secret.txt")
    assert _outline(_load(alias)) == [
        ("day/a.html", None),
        ("inside.html", None),
        ("passwd.txt", "outside_landing"),
    ]


def test_a_sidecar_linked_out_of_the_landing_folder_is_ignored(landing: Path) -> None:
    meta = landing.parent / "outside" / "meta.json"
    meta.write_text(json.dumps({"url": "https://x.com/leak"}))
    (landing / "day" / "a.html.meta.json").symlink_to(meta)
    [record] = _load(landing)
    assert (record.error, record.url) == (None, None)


def test_a_file_deleted_after_discovery_is_a_transient_record(landing: Path) -> None:
    (landing / "day" / "b.txt").write_text("b")
    paths = discover(landing)
    (landing / "day" / "a.html").unlink()
    records = [page for path in paths for page in read_file(path, landing)]
    assert [(r.source_path, r.error, is_transient(r)) for r in records] == [
        ("day/a.html", ("vanished", "the file was deleted before it could be read"), True),
        ("day/b.txt", None, False),
    ]
    assert records[0].content == b"day/a.html:vanished"


def _jsonl(path: Path, lines: int) -> None:
    path.write_text(
        "".join(json.dumps({"html": f"<p>{n}</p>"}) + "\n" for n in range(lines)),
    )


def test_a_file_deleted_while_it_is_read_ends_with_a_transient_record(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    _jsonl(path, 3)
    records = read_file(path, tmp_path)
    first = next(records)
    path.unlink()
    rest = list(records)
    assert first.content == b"<p>0</p>"
    assert [(r.record, r.error) for r in rest] == [
        (1, None),
        (2, None),
        (None, ("vanished", "the file was deleted while it was read")),
    ]
    assert is_transient(rest[-1])


def test_a_file_that_grows_while_it_is_read_ends_with_a_transient_record(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    _jsonl(path, 2)
    records = read_file(path, tmp_path)
    next(records)
    with path.open("a") as fh:
        fh.write(json.dumps({"html": "<p>late</p>"}) + "\n")
    last = list(records)[-1]
    assert last.error == ("changed_while_reading", "the file changed while it was read")
    assert is_transient(last)


def test_a_file_rewritten_with_the_same_size_and_mtime_is_noticed(tmp_path: Path) -> None:
    path = tmp_path / "a.html"
    path.write_bytes(b"<p>one</p>")
    before = file_state(path)
    digest = content_digest(path)
    st = path.stat()
    time.sleep(0.05)  # ctime is kept at clock-tick resolution
    path.write_bytes(b"<p>two</p>")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    after = file_state(path)
    assert before is not None and after is not None
    assert (after.size, after.mtime_ns) == (before.size, before.mtime_ns)
    assert after != before
    assert content_digest(path) != digest
    assert content_digest(path) == hashlib.blake2b(b"<p>two</p>", digest_size=32).hexdigest()
    [record] = read_file(path, tmp_path, expect=before)
    assert record.error == ("changed_while_reading", "the file is not the one that was listed")
    [record] = read_file(path, tmp_path, expect=after)
    assert (record.error, record.page_id) == (None, page_id_of(b"<p>two</p>"))


def test_file_state_follows_links_and_falls_back_to_the_link(tmp_path: Path) -> None:
    target = tmp_path / "t.html"
    target.write_bytes(b"x")
    link = tmp_path / "l.html"
    link.symlink_to(target)
    assert file_state(link) == FileState.of(target.stat())
    target.unlink()
    assert file_state(link) == FileState.of(os.lstat(link))
    assert file_state(tmp_path / "missing.html") is None


@pytest.mark.parametrize(
    ("name", "stored"),
    [
        ("day/a.html", "day/a.html"),
        ("Київ/новини.html", "Київ/новини.html"),
        (os.fsdecode(b"bad\xff\xfename.html"), "bad\\xff\\xfename.html"),
        ("x\ud800y.html", "x\\ud800y.html"),  # a surrogate no OS decoding makes
    ],
)
def test_a_name_is_stored_as_utf8_text(name: str, stored: str) -> None:
    assert stored_name(name) == stored
