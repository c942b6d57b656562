"""The py3langid model, decompressed once into the user's cache and mapped by later processes.

py3langid ships its model LZMA-compressed (4.5 MB -> 68 MB): decompressing it costs ~0.45
CPU-s, paid by every process that detects a language (each `newswh extract`, each Dask
worker). The first process keeps the decompressed arrays in the user's cache folder
(`NEWSWH_CACHE_DIR`, else `$XDG_CACHE_HOME/news-warehouse`, else `~/.cache/news-warehouse`),
written whole or not at all; later ones map them (~0.03 s). A cache that cannot be written
or read is skipped: the model is then loaded as py3langid does it.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from pipelines.settings import user_folder

_ARRAYS = ("ptc", "pc", "classes", "nextmove", "nextmove_row", "out_feat")
# The model's feature weights are float16; a page's score multiplies the rows of its features
# by float32 counts, and numpy widened those rows to float32 in software at every call (0.13 G
# instructions for 83 pages, six times the product). The cache keeps them widened: float16
# values are float32 values, so the scores are the same to the bit. A folder of another
# layout has another name.
_WIDE = "ptc"
_LAYOUT = "f32"
# A write takes about a second; a work folder this much older was left by a writer that was
# killed (or lost its machine) before the rename, and holds up to 68 MB nobody will read.
_STALE_SECONDS = 600


def _model_cache(model: Path, version: str) -> Path:
    """The cache folder of this model: named by its bytes (a digest of the 4.5 MB file costs
    ~5 ms), so every install of the same model shares one folder and a new one gets its own."""
    digest = hashlib.sha256(model.read_bytes()).hexdigest()[:16]
    return user_folder("cache") / f"py3langid-{version}-{digest}-{_LAYOUT}"


def _write_cache(model: Path, target: Path) -> None:
    """Decompress the model into `target`, one .npy per array, renamed into place whole."""
    import lzma

    import numpy as np

    target.parent.mkdir(parents=True, exist_ok=True)
    _drop_stale_work(target.parent)
    work = Path(tempfile.mkdtemp(prefix=".langid-", dir=target.parent))
    try:
        with lzma.open(model) as src, (work / "model.npz").open("wb") as out:
            shutil.copyfileobj(src, out, length=1 << 20)
        with np.load(work / "model.npz", allow_pickle=False) as data:
            for name in _ARRAYS:
                array = data[name].astype(np.float32) if name == _WIDE else data[name]
                np.save(work / f"{name}.npy", array, allow_pickle=False)
        (work / "model.npz").unlink()
        os.rename(work, target)  # atomic; a concurrent writer's copy may already be there
    except OSError:
        if not target.is_dir():
            raise
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _drop_stale_work(folder: Path) -> None:
    """Remove the work folders of killed writers; a live writer's (young) is left alone."""
    now = time.time()
    for entry in folder.glob(".langid-*"):
        try:
            stale = now - entry.stat().st_mtime > _STALE_SECONDS
        except OSError:  # removed meanwhile by another process
            continue
        if stale:
            shutil.rmtree(entry, ignore_errors=True)


def _from_cache(target: Path) -> Any:
    import numpy as np
    from py3langid.langid import LanguageIdentifier
    from py3langid.modelio import _to_array

    arrays = {name: np.load(target / f"{name}.npy", mmap_mode="r") for name in _ARRAYS}
    nextmove = arrays["nextmove"]
    if nextmove.dtype != np.uint32 or not nextmove.flags.c_contiguous:
        raise ValueError(f"unexpected transition table {nextmove.dtype}")
    if arrays[_WIDE].dtype != np.float32:
        raise ValueError(f"unexpected feature weights {arrays[_WIDE].dtype}")
    return LanguageIdentifier(
        np.asarray(arrays["ptc"]),
        np.asarray(arrays["pc"]),
        arrays["classes"].tolist(),
        # The 39 MB transition table is read in place, as 32-bit ints: a copy into an
        # array('I') (what py3langid's own loader builds) costs ~0.09 s a process, and a
        # page's walk touches a small part of it.
        memoryview(nextmove).cast("B").cast("I"),
        arrays["out_feat"].tolist(),
        norm_probs=True,
        tk_row=_to_array(arrays["nextmove_row"]),
    )


def load_identifier() -> Any:
    # numpy's OpenBLAS starts a thread per core when numpy is imported, and they spin: ~50
    # CPU-ms a process, for a model whose one small product a page gains nothing from them.
    # (No effect once numpy is imported; an explicit setting is kept.)
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    import py3langid
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    model = MODEL_DIR / MODEL_FILE
    try:
        target = _model_cache(model, py3langid.__version__)
        if not target.is_dir():
            _write_cache(model, target)
        return _from_cache(target)
    except (OSError, ValueError, KeyError, EOFError):  # unwritable, full disk, a bad file
        return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
