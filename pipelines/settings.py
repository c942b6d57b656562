"""Run settings and where they come from: flags, then NEWSWH_* variables, then defaults."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pipelines.ingest.files import DEFAULT_MAX_BYTES

# Seconds one page may take to parse before it is rejected as parse_timeout.
DEFAULT_PARSE_TIMEOUT = 5.0

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = REPO_ROOT / "seeds"
DEFAULT_WAREHOUSE = REPO_ROOT / "warehouse" / "news.duckdb"
# The writer's buffer pool: without a cap it keeps every block it read (3.7 GB at 100k
# pages); with one it spills to disk. 768 MB loads 100k pages as fast as 1 GB did (159 s) and
# keeps the whole load's peak RSS at 1.6 GB instead of 1.85 GB. Readers keep DuckDB's default.
DEFAULT_WRITER_MEMORY = "768MB"
# How long the GX Data Docs of a run are kept (a folder per run under warehouse/data_docs/);
# the check results in the UI keep their Markdown page for as long as Dagster keeps the run.
DEFAULT_DATA_DOCS_DAYS = 90


def user_folder(kind: Literal["cache", "state"]) -> Path:
    """This user's folder of a kind, for files that are not data (safe to delete):
    'cache' (what can be rebuilt: NEWSWH_CACHE_DIR, else $XDG_CACHE_HOME/news-warehouse, else
    ~/.cache/news-warehouse) or 'state' (NEWSWH_STATE_DIR, else $XDG_STATE_HOME/..., else
    ~/.local/state/news-warehouse)."""
    explicit, xdg, fallback = {
        "cache": ("NEWSWH_CACHE_DIR", "XDG_CACHE_HOME", (".cache",)),
        "state": ("NEWSWH_STATE_DIR", "XDG_STATE_HOME", (".local", "state")),
    }[kind]
    if folder := os.environ.get(explicit):
        return Path(folder)
    return Path(os.environ.get(xdg) or Path.home().joinpath(*fallback)) / "news-warehouse"


@dataclass(frozen=True)
class Settings:
    source: Path
    warehouse: Path
    workers: int
    max_bytes: int
    writer_memory: str = DEFAULT_WRITER_MEMORY
    lake_memory: str | None = None  # the lake writing sessions' DuckDB cap (None: 80 % of RAM)
    parse_timeout: float = DEFAULT_PARSE_TIMEOUT  # seconds a page may take to parse; 0: no guard
    data_docs_days: int = DEFAULT_DATA_DOCS_DAYS
    outlets: Path | None = None  # an outlets overrides file besides the landing folder's
    lake_data: str | None = None  # a DuckLake warehouse's data folder (or s3://...)
    dask_scheduler: str | None = None  # tcp://host:8786: parse on that Dask cluster

    @classmethod
    def from_env(
        cls,
        env: Mapping[str, str],
        *,
        source: str | Path | None = None,
        warehouse: str | Path | None = None,
    ) -> Settings:
        return cls(
            source=Path(source or env.get("NEWSWH_SOURCE") or DEFAULT_SOURCE),
            warehouse=Path(warehouse or env.get("NEWSWH_WAREHOUSE") or DEFAULT_WAREHOUSE),
            workers=int(env.get("NEWSWH_WORKERS") or min(os.cpu_count() or 1, 4)),
            max_bytes=int(env.get("NEWSWH_MAX_BYTES") or DEFAULT_MAX_BYTES),
            writer_memory=env.get("NEWSWH_DUCKDB_MEMORY") or DEFAULT_WRITER_MEMORY,
            lake_memory=env.get("NEWSWH_LAKE_MEMORY") or None,
            parse_timeout=float(env.get("NEWSWH_PARSE_TIMEOUT") or DEFAULT_PARSE_TIMEOUT),
            data_docs_days=int(env.get("NEWSWH_DATA_DOCS_DAYS") or DEFAULT_DATA_DOCS_DAYS),
            outlets=Path(env["NEWSWH_OUTLETS"]) if env.get("NEWSWH_OUTLETS") else None,
            lake_data=env.get("NEWSWH_LAKE_DATA") or None,
            dask_scheduler=env.get("NEWSWH_DASK_SCHEDULER") or None,
        )
