"""Text -> ISO 639-1 language, for pages that do not declare one (py3langid, model bundled;
`pipelines.langid_model` loads it, from a decompressed copy in the user's cache when it can)."""

from __future__ import annotations

from functools import cache
from typing import Any

SAMPLE_CHARS = 1000


@cache
def _identifier() -> Any:
    from pipelines.langid_model import load_identifier

    return load_identifier()


def detect_language(text: str, *, min_probability: float = 0.8) -> str | None:
    """'The ferry link resumed on Wednesday morning…' -> 'en'; too short or unsure -> None."""
    sample = text[:SAMPLE_CHARS]
    if len(sample.split()) < 5:
        return None
    language, probability = _identifier().classify(sample)
    return str(language) if probability >= min_probability else None
