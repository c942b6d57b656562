"""Imported once by the parse workers' fork server: each worker starts with dateparser and the
extractor loaded and warm, so its first page is not charged the ~0.5 s of first use."""

from pipelines.normalize.dates import normalize_date
from pipelines.steps import isolation  # noqa: F401  (the workers' entry point)

normalize_date("3/09/15 8:00am")  # read by dateparser, not a fast path
