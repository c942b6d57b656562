"""Text -> ISO 639-1 language, for pages that do not declare one (py3langid, model bundled)."""

from __future__ import annotations

from functools import cache
from typing import Any

SAMPLE_CHARS = 1000


@cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str, *, min_probability: float = 0.8) -> str | None:
    """'The ferry link resumed on Wednesday morning…' -> 'en'; too short or unsure -> None."""
    sample = text[:SAMPLE_CHARS]
    if len(sample.split()) < 5:
        return None
    language, probability = _identifier().classify(sample)
    return str(language) if probability >= min_probability else None
