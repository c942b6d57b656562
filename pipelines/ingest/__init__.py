"""Landing folder -> RawPage records."""

from pipelines.ingest.files import read_file
from pipelines.ingest.landing import FileState, content_digest, file_state, stored_name
from pipelines.ingest.records import TRANSIENT, InputError, Limits, is_transient

__all__ = [
    "TRANSIENT",
    "FileState",
    "InputError",
    "Limits",
    "content_digest",
    "file_state",
    "is_transient",
    "read_file",
    "stored_name",
]
