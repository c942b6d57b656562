"""The landing folder as a boundary: which files are inputs, which links leave it, file states.

`is_input_name` says which names are inputs and `inside` where a link may lead (the walk that
applies them is `pipelines.landing_walk`: the ingest package stays free of `os`);
`link_problem` says, before any byte is read, whether a link resolves outside the landing
root, nowhere, or into a loop.
`FileState` and `content_digest` are for a manifest that must notice a file rewritten with
the same size and mtime: the inode and ctime move even then, and the digest settles it.
"""

from __future__ import annotations

import errno
import hashlib
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

SIDECAR = ".meta.json"
OVERRIDES_FILE = "outlets.toml"  # the user's outlet overrides, at the landing root: not an input


def is_input_name(name: str) -> bool:
    """'a.html' -> True; sidecars ('a.html.meta.json'), docs ('README.md'), hidden names -> False."""
    return (
        not name.startswith(".") and not name.endswith(SIDECAR) and not name.lower().endswith(".md")
    )


def stored_name(name: str) -> str:
    """A landing name as the warehouse stores it (`source_path`, the manifest): the name, or,
    where its bytes are not UTF-8 (the OS hands such a name over with surrogates, which a text
    column cannot hold), those bytes written as escapes: b'bad\\xffname.html' ->
    'bad\\\\xffname.html'. The file is still read by its real name."""
    if name.isascii():
        return name
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        try:
            return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        except UnicodeEncodeError:  # a surrogate no OS decoding makes
            return name.encode("utf-8", "backslashreplace").decode("utf-8")
    return name


def inside(path: Path, top: Path) -> bool:
    """Whether `path`, links resolved, is `top` (a resolved folder) or under it."""
    real = path.resolve()
    return real == top or top in real.parents


def link_problem(path: Path, root: Path) -> tuple[str, str] | None:
    """(code, message) when `path` must not be read as a landing file, else None.

    Checked before the file is opened: a link out of the landing root is never read.
    A path that does not exist at all is not a link problem (the reader calls it vanished).
    """
    if not path.is_symlink():  # the walk enters no linked folder: only the path itself can be one
        return None
    try:
        path.stat()
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return ("symlink_loop", "the symlink resolves to itself")
        if exc.errno == errno.ENOENT and path.is_symlink():
            return ("broken_link", f"the symlink's target {str(path.readlink())!r} does not exist")
        return None
    top = (root if root.is_dir() else root.parent).resolve()
    if not inside(path, top):
        return ("outside_landing", "the symlink's target is outside the landing folder")
    if path.is_dir():
        return ("unsupported", "a link to a folder is not an input")
    return None


class _Stat(Protocol):
    @property
    def st_size(self) -> int: ...
    @property
    def st_mtime_ns(self) -> int: ...
    @property
    def st_ctime_ns(self) -> int: ...
    @property
    def st_ino(self) -> int: ...
    @property
    def st_dev(self) -> int: ...


@dataclass(frozen=True, slots=True)
class FileState:
    """What a manifest keeps of one landing file; any field moving means "read it again"."""

    size: int
    mtime_ns: int
    ctime_ns: int
    inode: int
    device: int

    @classmethod
    def of(cls, st: _Stat) -> FileState:
        return cls(st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)


def file_state(path: Path) -> FileState | None:
    """The file's state through its links, the link's own when the target is missing or loops;
    None when the path is gone."""
    try:
        return FileState.of(path.stat())
    except OSError:
        pass
    try:
        st = path.lstat()
    except OSError:
        return None
    return FileState.of(st) if stat.S_ISLNK(st.st_mode) else None


def content_digest(path: Path, chunk: int = 1 << 20) -> str:
    """File -> blake2b hex digest of its bytes, read in chunks (a 32-byte digest)."""
    digest = hashlib.blake2b(digest_size=32)
    with path.open("rb") as fh:
        while block := fh.read(chunk):
            digest.update(block)
    return digest.hexdigest()
