"""Landing folder -> RawPage records."""

from pipelines.ingest.files import Limits, discover, read_file

__all__ = ["Limits", "discover", "read_file"]
