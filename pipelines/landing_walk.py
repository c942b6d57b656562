"""The landing folder walked once a load: every input's name under the root and its state.

A landing folder keeps every file ever crawled (at 300k pages, 200k inputs and as many
sidecars), so its walk is the one part of a night's ingest that grows with the folder, not
with the night. `os.scandir` tells files, folders and links apart from the listing itself:
sidecars, hidden files and folders cost no system call, and an input costs one stat, which
is also the state the manifest compares. Names are built as strings, never as Paths.

Which names are inputs and where links may lead is `pipelines.ingest.landing`'s rule; the
walk lives here because the ingest package stays free of `os`.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from pipelines.ingest.landing import OVERRIDES_FILE, inside, is_input_name

Listed = tuple[str, os.stat_result]  # (name under the root: 'day/a.html', its state)


def scan(root: Path) -> list[Listed]:
    """Input files under `root` -> (name under the root, state), in the order their Paths
    sort (by parts: a folder's files and subfolders by name, each subfolder where its name
    falls). A root that is a file is its one input, under its own name.

    Sidecars, `*.md`, hidden files and the root's `outlets.toml` (the user's outlet
    overrides) are not inputs. Regular files and links are: a link is
    listed as it is (its state through it; its own when the target is missing or loops) and
    never walked into; a link to a folder inside the root is left out (it repeats files found
    anyway). A name gone before its stat is left out; the reader's own stat catches later
    changes. The state is os.stat's: `FileState.of` takes it.
    """
    if root.is_file():
        state = _state(str(root), link=root.is_symlink())
        return [] if state is None else [(root.name, state)]
    listed: list[Listed] = []
    _walk(str(root), "", root.resolve(), listed)
    return listed


def discover(root: Path) -> list[Path]:
    """Input files under `root` (the root itself if it is a file) as Paths, sorted; see scan."""
    if root.is_file():
        return [root]
    return [root / name for name, _ in scan(root)]


def _walk(folder: str, prefix: str, top: Path, listed: list[Listed]) -> None:
    with os.scandir(folder) as entries:
        # The kind comes from the listing (d_type): only inputs and folders are kept.
        kept = {
            entry.name: entry
            for entry in entries
            if is_input_name(entry.name) or entry.is_dir(follow_symlinks=False)
        }
    if not prefix and (own := kept.get(OVERRIDES_FILE)) and not own.is_dir():
        del kept[OVERRIDES_FILE]  # the overrides file; a folder of that name is walked
    for name in sorted(kept):  # names are unique in a folder: sorting them sorts the entries
        entry = kept[name]
        if entry.is_file(follow_symlinks=False):  # a regular file, the most common by far
            state = _state(entry.path, link=False)
        elif entry.is_dir(follow_symlinks=False):
            _walk(entry.path, f"{prefix}{name}/", top, listed)
            continue
        elif entry.is_symlink():
            if _to_folder(entry) and inside(Path(entry.path), top):
                continue  # a linked folder inside the root: its files are walked anyway
            state = _state(entry.path, link=True)
        else:  # a fifo, a socket, a device
            continue
        if state is not None:
            listed.append((prefix + name, state))


def _to_folder(link: os.DirEntry[str]) -> bool:
    try:
        return link.is_dir()
    except OSError:  # a loop (a missing target is False already)
        return False


def _state(path: str, *, link: bool) -> os.stat_result | None:
    """A file's stat; a link's through it, or its own when the target is missing or loops;
    None when the name is gone."""
    try:
        return os.stat(path) if link else os.lstat(path)
    except OSError:
        if not link:
            return None
    try:
        own = os.lstat(path)
    except OSError:
        return None
    return own if stat.S_ISLNK(own.st_mode) else None
