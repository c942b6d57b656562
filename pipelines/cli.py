"""newswh: a thin command line over the same functions and the same Dagster graph.

Errors are one line on stderr and a non-zero exit, never a traceback
(NEWSWH_DEBUG=1 shows it).
"""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from pipelines.settings import Settings
from pipelines.warehouse import Warehouse, WarehouseBusy

_SOURCE_HELP = "Landing folder (default: $NEWSWH_SOURCE, then seeds/)."
_WAREHOUSE_HELP = "DuckDB file (default: $NEWSWH_WAREHOUSE, then warehouse/news.duckdb)."


def _settings(source: str | None = None, warehouse: str | None = None) -> Settings:
    return Settings.from_env(os.environ, source=source, warehouse=warehouse)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    """Turn scraped news pages into a DuckDB warehouse with full-text search."""


_PROGRESS_HELP = "Print parsing progress on stderr (default: when stderr is a terminal)."


def _show_progress(wanted: bool | None, verbose: bool) -> None:
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


@cli.command()
@click.option("--source", type=click.Path(), help=_SOURCE_HELP)
@click.option("--warehouse", type=click.Path(), help=_WAREHOUSE_HELP)
@click.option("-v", "--verbose", is_flag=True, help="Show the Dagster run log.")
@click.option("--progress/--no-progress", default=None, help=_PROGRESS_HELP)
def load(source: str | None, warehouse: str | None, verbose: bool, progress: bool | None) -> None:
    """Load the landing folder through the Dagster asset graph (nightly_load, in process)."""
    from pipelines.runner import run_load

    settings = _settings(source, warehouse)
    if not settings.source.exists():
        raise click.ClickException(
            f"landing folder {settings.source} does not exist (use --source DIR)"
        )
    _show_progress(progress, verbose)
    report = run_load(settings, verbose=verbose)
    click.echo(report.summary())
    if not report.success:
        raise click.ClickException(report.error or "the load failed")


@cli.command()
@click.option("--warehouse", type=click.Path(), help=_WAREHOUSE_HELP)
@click.option("--since", help="Only pages fetched at or after this (ISO date or instant).")
@click.option("--until", help="Only pages fetched before this (ISO date or instant).")
@click.option("-v", "--verbose", is_flag=True, help="Show the Dagster run log.")
@click.option("--progress/--no-progress", default=None, help=_PROGRESS_HELP)
def reparse(
    warehouse: str | None,
    since: str | None,
    until: str | None,
    verbose: bool,
    progress: bool | None,
) -> None:
    """Rebuild derived tables from the raw pages kept in the warehouse (no landing folder).

    With --since/--until, only the pages fetched in that range (a backfill)."""
    from pipelines.runner import run_load

    settings = _settings(warehouse=warehouse)
    if not Warehouse(settings.warehouse).started:
        raise click.ClickException(f"no warehouse at {settings.warehouse}: run `newswh load` first")
    for value in (since, until):
        if value:
            try:
                datetime.fromisoformat(value)
            except ValueError as exc:
                raise click.ClickException(f"{value!r} is not an ISO date (2024-12-01)") from exc
    config: dict[str, object] = {"reparse": True, "since": since, "until": until}
    _show_progress(progress, verbose)
    report = run_load(settings, verbose=verbose, job_name="reparse_warehouse", stage_config=config)
    click.echo(report.summary())
    if not report.success:
        raise click.ClickException(report.error or "the reparse failed")


@cli.command()
@click.option("--pages", type=click.IntRange(min=1), required=True, help="How many records.")
@click.option("--out", type=click.Path(), required=True, help="Folder to write (created).")
@click.option("--seed", default=0, show_default=True, help="Same seed, same files.")
@click.option(
    "--start", default=0, show_default=True, help="First article number (for increments)."
)
def synth(pages: int, out: str, seed: int, start: int) -> None:
    """Write a realistic synthetic landing folder (for tests and benchmarks)."""
    from pipelines.synth import generate

    stats = generate(pages, Path(out), seed, start)
    click.echo(
        f"wrote {stats.records} records in {stats.files} files ({stats.bytes / 1e6:.1f} MB, "
        f"{stats.bad} bad) to {out}"
    )


@cli.command()
@click.option("--warehouse", type=click.Path(), help=_WAREHOUSE_HELP)
@click.option("--last", default=5, show_default=True, help="How many loads to show.")
def status(warehouse: str | None, last: int) -> None:
    """The last loads, their counts, and why the last one rejected pages."""
    target = _settings(warehouse=warehouse).warehouse
    with Warehouse(target).reader() as wh:
        click.echo(f"Warehouse {target}")
        click.echo(wh.recent_loads(last).text, nl=False)
        rejects = wh.last_load_rejects()
        if rejects:
            click.echo(
                "Rejected in the last load: "
                + ", ".join(
                    f"{reason}{' (' + check + ')' if check else ''} {pages}"
                    for reason, check, pages in rejects
                )
            )
        else:
            click.echo("The last load rejected nothing.")


def _records(paths: tuple[str, ...]) -> Iterator[Any]:
    from pipelines.extract import extract_page
    from pipelines.ingest import Limits, discover, read_file

    limits = Limits(max_bytes=_settings().max_bytes)
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise click.ClickException(f"{raw}: no such file or folder")
        root = path if path.is_dir() else path.parent
        for file in discover(path):
            for page in read_file(file, root, limits):
                yield extract_page(page)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="One JSON object a line (the shape in docs/contract.md).",
)
def extract(paths: tuple[str, ...], as_json: bool) -> None:
    """Extract pages (files or folders) without loading them. Exits 1 when a record is rejected."""
    from pipelines.extract_json import extraction_json

    rejected: list[str] = []
    total = 0
    for result in _records(paths):
        total += 1
        obj = extraction_json(result)
        if as_json:
            click.echo(json.dumps(obj, ensure_ascii=False))
        else:
            head = obj.get("title") or obj["reject_reason"]
            click.echo(f"{obj['status']:8}  {obj['source_path']}  {head}")
        if result.reject is not None:
            where = obj["source_path"] + (f"#{obj['record']}" if obj["record"] is not None else "")
            rejected.append(f"{where}: {result.reject.code}")
    if rejected:
        shown = "; ".join(rejected[:5]) + (" …" if len(rejected) > 5 else "")
        raise click.ClickException(f"{len(rejected)} of {total} records rejected ({shown})")


@cli.command()
@click.argument("query")
@click.option("--warehouse", type=click.Path(), help=_WAREHOUSE_HELP)
@click.option("--limit", default=10, show_default=True, help="How many results.")
@click.option("--json", "as_json", is_flag=True, help="A JSON array of results.")
def search(query: str, warehouse: str | None, limit: int, as_json: bool) -> None:
    """Full-text search (BM25 over title and body), best match first."""
    from pipelines.steps.index import search as run_search

    if not query.strip():
        raise click.ClickException("the query is empty")
    with Warehouse(_settings(warehouse=warehouse).warehouse).reader() as wh:
        hits = run_search(wh, query, limit)
    if as_json:
        click.echo(json.dumps([h.__dict__ for h in hits], ensure_ascii=False, indent=2))
        return
    if not hits:
        click.echo(f"no article matches {query!r}")
    for rank, hit in enumerate(hits, start=1):
        click.echo(f"{rank:2}. {hit.title}  [{hit.score:.2f}]")
        click.echo(f"    {hit.outlet or '?'} · {hit.published_at or 'undated'} · {hit.url or ''}")
        click.echo(f"    {hit.snippet}")


@cli.command()
@click.argument("query", required=False)
@click.option("--warehouse", type=click.Path(), help=_WAREHOUSE_HELP)
@click.option("--json", "as_json", is_flag=True, help="Rows as a JSON array.")
@click.option("--csv", "as_csv", is_flag=True, help="Rows as CSV.")
@click.option("--max-rows", default=40, show_default=True, help="Rows shown in the table.")
def sql(
    query: str | None, warehouse: str | None, as_json: bool, as_csv: bool, max_rows: int
) -> None:
    """Run read-only SQL on the warehouse (QUERY, or read from stdin) and print a table."""
    from pipelines.warehouse import QueryError

    text = query if query is not None else sys.stdin.read()
    if not text.strip():
        raise click.ClickException("no SQL given (pass a QUERY or pipe it on stdin)")
    with Warehouse(_settings(warehouse=warehouse).warehouse).reader() as wh:
        try:
            result = wh.sql(text, max_rows=max_rows)
        except QueryError as exc:
            raise click.ClickException(str(exc)) from exc
    if result is None:
        return
    if as_json:
        frame = result.table.to_pandas()
        click.echo(frame.to_json(orient="records", date_format="iso", force_ascii=False))
    elif as_csv:
        click.echo(result.table.to_pandas().to_csv(index=False), nl=False)
    else:
        click.echo(result.text, nl=False)


def main() -> None:
    """Entry point: click errors print one line; anything unexpected also prints one line."""
    try:
        cli(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("newswh: aborted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        click.echo(f"newswh: error: {exc.format_message()}", err=True)
        sys.exit(exc.exit_code)
    except (
        FileNotFoundError,
        PermissionError,
        WarehouseBusy,
    ) as exc:  # messages written for people
        click.echo(f"newswh: error: {exc}", err=True)
        sys.exit(1)
    except Exception as exc:  # one clear line instead of a traceback
        if os.environ.get("NEWSWH_DEBUG"):
            raise
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        click.echo(f"newswh: error: {type(exc).__name__}: {first}", err=True)
        sys.exit(1)


if __name__ == "__main__":
    main()
