"""Language detection, and the decompressed-model cache that spares each process ~0.4 s."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import py3langid
import pytest
from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

from pipelines import langid_model
from pipelines.normalize import language as detection
from pipelines.normalize.language import detect_language

SAMPLES = {
    "en": "The ferry link resumed on Wednesday morning after the storm passed over the bay.",
    "de": "Die Fähre fährt seit Mittwochmorgen wieder, nachdem der Sturm abgezogen ist.",
    "uk": "Поромне сполучення відновили в середу вранці, коли шторм відійшов від затоки.",
}


def test_detects_the_language_of_a_sentence_and_abstains_on_a_few_words() -> None:
    assert {lang: detect_language(text) for lang, text in SAMPLES.items()} == {
        "en": "en",
        "de": "de",
        "uk": "uk",
    }
    assert detect_language("Kyiv, 18:25") is None


def test_the_cached_model_is_written_whole_and_classifies_like_the_bundled_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSWH_CACHE_DIR", str(tmp_path / "cache"))
    model = MODEL_DIR / MODEL_FILE
    target = langid_model._model_cache(model, py3langid.__version__)
    assert target.parent == tmp_path / "cache"
    langid_model._write_cache(model, target)
    assert sorted(p.name for p in (tmp_path / "cache").iterdir()) == [target.name]  # no temp left
    assert sorted(p.name for p in target.iterdir()) == sorted(
        f"{a}.npy" for a in langid_model._ARRAYS
    )
    langid_model._write_cache(model, target)  # a second writer (another process) finds it there
    cached = langid_model._from_cache(target)
    bundled = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    for text in SAMPLES.values():
        assert cached.classify(text) == bundled.classify(text)
        # widened to float32, the weights give the float16 model's scores to the bit
        assert cached._decide(text).tobytes() == bundled._decide(text).tobytes()


def test_an_unwritable_cache_falls_back_to_the_bundled_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would go")
    monkeypatch.setenv("NEWSWH_CACHE_DIR", str(blocker))
    detection._identifier.cache_clear()
    try:
        assert detect_language(SAMPLES["de"]) == "de"
        assert not any(p.name.startswith("py3langid") for p in tmp_path.rglob("*"))
    finally:
        detection._identifier.cache_clear()


def test_a_damaged_cache_falls_back_to_the_bundled_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSWH_CACHE_DIR", str(tmp_path))
    target = langid_model._model_cache(MODEL_DIR / MODEL_FILE, py3langid.__version__)
    target.mkdir(parents=True)
    for name in langid_model._ARRAYS:
        (target / f"{name}.npy").write_bytes(b"\x93NUMPY truncated")
    detection._identifier.cache_clear()
    try:
        assert detect_language(SAMPLES["uk"]) == "uk"
    finally:
        detection._identifier.cache_clear()


def test_a_killed_writer_leaves_a_work_folder_the_next_writer_removes(tmp_path: Path) -> None:
    """SIGKILL in the middle of the first write (an operator's Ctrl-\\, the OOM killer): the
    half-written folder is never read, and the next write removes it once it is stale, while a
    live writer's young work folder is left alone."""
    cache = tmp_path / "cache"
    model = MODEL_DIR / MODEL_FILE
    target = cache / "py3langid-test"
    script = (
        "import sys; from pathlib import Path; from pipelines import langid_model; "
        "langid_model._write_cache(Path(sys.argv[1]), Path(sys.argv[2]))"
    )
    writer = subprocess.Popen([sys.executable, "-c", script, str(model), str(target)])
    try:
        deadline = time.monotonic() + 60
        while not list(cache.glob(".langid-*")) and time.monotonic() < deadline:
            assert writer.poll() is None, "the writer ended before it was killed"
            time.sleep(0.002)
    finally:
        writer.kill()
        writer.wait()
    [left] = list(cache.glob(".langid-*"))
    assert not target.exists()  # killed before the rename: nothing half-written is in place
    young = cache / ".langid-live-writer"
    young.mkdir()
    old = time.time() - langid_model._STALE_SECONDS - 60
    os.utime(left, (old, old))
    langid_model._write_cache(model, target)
    assert sorted(p.name for p in cache.iterdir()) == sorted([target.name, young.name])
