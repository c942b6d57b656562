"""What the newswh commands share: settings, the warehouse they name, JSON output, options."""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Iterable
from datetime import date, datetime, time
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import click

from pipelines.settings import Settings

if TYPE_CHECKING:  # DuckDB and Arrow load with it: `newswh extract` needs neither
    from pipelines.warehouse import Warehouse

SOURCE_HELP = "Landing folder (default: $NEWSWH_SOURCE, then seeds/)."
WAREHOUSE_HELP = "DuckDB file (default: $NEWSWH_WAREHOUSE, then warehouse/news.duckdb)."


def settings_for(source: str | None = None, warehouse: str | None = None) -> Settings:
    return Settings.from_env(os.environ, source=source, warehouse=warehouse)


def store_for(settings: Settings) -> Warehouse:
    """The DuckDB file, or the DuckLake at a `ducklake:` URL (with $NEWSWH_LAKE_DATA); the
    writer's memory capped as the settings say."""
    from pipelines.warehouse import open_warehouse

    return open_warehouse(
        settings.warehouse,
        lake_data=settings.lake_data,
        lake_memory=settings.lake_memory,
        memory_limit=settings.writer_memory,
    )


def _json_value(value: Any) -> Any:
    """What json.dumps cannot write itself: instants as ISO 8601, decimals as numbers."""
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, bytes):
        return value.hex()
    return str(value)  # intervals, UUIDs: their text


def json_array(rows: Iterable[dict[str, Any]]) -> str:
    """Rows -> one JSON array, one compact object a line (what `sql --json` and `search
    --json` print): valid JSON as a whole for json.load and jq, a row a line for grep, head
    and diff; URLs and non-ASCII text as they are."""
    lines = [json.dumps(row, ensure_ascii=False, default=_json_value) for row in rows]
    return "[" + ",\n ".join(lines) + "]" if lines else "[]"


PROGRESS_HELP = "Print parsing progress on stderr (default: when stderr is a terminal)."


def show_progress(wanted: bool | None, verbose: bool) -> None:
    """Send the pipeline's progress lines to stderr (the verbose run log has them already)."""
    if verbose:
        return
    if wanted is None:
        wanted = sys.stderr.isatty()
    if wanted:
        from pipelines.defs import PROGRESS

        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("  %(message)s"))
        PROGRESS.addHandler(handler)
        PROGRESS.setLevel(logging.INFO)


WAIT_HELP = (
    "Wait up to SECONDS for another writer (a load, a reparse, a Dagster run) to finish; "
    "by default exit at once, naming it."
)
wait_option = click.option(
    "--wait", type=click.FloatRange(min=0), default=0, metavar="SECONDS", help=WAIT_HELP
)
