"""Imported once by the parse workers' fork server, so that every worker starts warm: the
language model (1-4 s to load) and dateparser (~0.5 s on first use) are loaded before the
fork, and a page's time budget is not spent on them."""

from pipelines.normalize.dates import normalize_date
from pipelines.normalize.language import detect_language
from pipelines.steps import isolation  # noqa: F401  (the workers' entry point)

normalize_date("3/09/15 8:00am")  # read by dateparser, not by a fast path
detect_language("A short sentence in English, to load the language model.")
