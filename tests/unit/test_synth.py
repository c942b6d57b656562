"""newswh synth: deterministic, mixed formats, some bad inputs, some repeated URLs."""

import hashlib
from pathlib import Path

from pipelines.ingest import read_file
from pipelines.landing_walk import discover
from pipelines.synth import generate


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    generate(120, tmp_path / "a", seed=3)
    generate(120, tmp_path / "b", seed=3)
    generate(120, tmp_path / "c", seed=4)
    assert _digest(tmp_path / "a") == _digest(tmp_path / "b")
    assert _digest(tmp_path / "a") != _digest(tmp_path / "c")


def test_mix_of_formats_bad_inputs_and_versions(tmp_path: Path) -> None:
    stats = generate(400, tmp_path, seed=1)
    records = [r for f in discover(tmp_path) for r in read_file(f, tmp_path)]
    assert stats.records == len(records) == 400
    assert {r.format for r in records} == {"html", "text", "jsonl", "warc"}
    assert (stats.bad, stats.empty, stats.not_found) == (4, 2, 2)
    urls = [r.url for r in records if r.url]
    assert len(urls) > len(set(urls))  # some URLs come back with edits
    sizes = [
        len(r.content) for r in records if r.format == "html" and b"404" not in r.content[:100]
    ]
    sizes = [size for size in sizes if size]  # the empty bad inputs
    assert min(sizes) >= 20_000 and max(sizes) <= 310_000
