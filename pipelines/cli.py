"""newswh: a thin command line over the same functions and the same Dagster graph.

Errors are one line on stderr and a non-zero exit, never a traceback
(NEWSWH_DEBUG=1 shows it).
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
from collections.abc import Iterable, Iterator
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

import click

from pipelines.fetch_range import FetchRangeError, fetch_range
from pipelines.settings import Settings
from pipelines.warehouse import NotAWarehouse, Warehouse, WarehouseBusy

_SOURCE_HELP = "Landing folder (default: $NEWSWH_SOURCE, then seeds/)."
_WAREHOUSE_HELP = "DuckDB file (default: $NEWSWH_WAREHOUSE, then warehouse/news.duckdb)."


def _settings(source: str | None = None, warehouse: str | None = None) -> Settings:
    return Settings.from_env(os.environ, source=source, warehouse=warehouse)


@click.group(
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(package_name="news-warehouse", prog_name="newswh")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Turn scraped news pages into a DuckDB warehouse with full-text search."""
    if ctx.invoked_subcommand is None:  # `newswh` alone: the help, as `newswh --help`
        click.echo(ctx.get_help())


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


@cli.command(short_help="Load the landing folder into the warehouse.")
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
    Warehouse(settings.warehouse).check()
    _show_progress(progress, verbose)
    report = run_load(settings, verbose=verbose)
    click.echo(report.summary())
    if not report.success:
        raise click.ClickException(report.error or "the load failed")


@cli.command(short_help="Rebuild the derived tables from the raw pages kept.")
@click.option("--warehouse", type=click.Path(), help=_WAREHOUSE_HELP)
@click.option(
    "--since",
    metavar="DATE",
    help="Only pages fetched on or after this day (ISO date, UTC) or instant.",
)
@click.option(
    "--until",
    metavar="DATE",
    help="Only pages fetched up to and including this day (ISO date, UTC), or before this instant.",
)
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

    With --since/--until, only the pages fetched in that range (a backfill); both days are
    included: `--since 2024-12-20 --until 2024-12-21` is two days of fetches."""
    from pipelines.runner import run_load

    settings = _settings(warehouse=warehouse)
    store = Warehouse(settings.warehouse)
    store.check()
    if not store.started:
        raise click.ClickException(f"no warehouse at {settings.warehouse}: run `newswh load` first")
    try:
        fetch_range(since, until)
    except FetchRangeError as exc:
        raise click.ClickException(str(exc)) from exc
    config: dict[str, object] = {"reparse": True, "since": since, "until": until}
    _show_progress(progress, verbose)
    report = run_load(settings, verbose=verbose, job_name="reparse_warehouse", stage_config=config)
    click.echo(report.summary())
    if not report.success:
        raise click.ClickException(report.error or "the reparse failed")


@cli.command(short_help="Write a synthetic landing folder (tests, benchmarks).")
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
    # A load counts pages (distinct bytes), so say what the bad files will become.
    same = " (identical bytes: one page, one reject)" if stats.empty > 1 else ""
    click.echo(
        f"wrote {stats.records} records in {stats.files} files ({stats.bytes / 1e6:.1f} MB) "
        f"to {out}; {stats.bad} bad: {_count(stats.not_found, 'not-found page')}, "
        f"{_count(stats.empty, 'empty file')}{same}"
    )


def _count(n: int, noun: str) -> str:
    """(1, 'empty file') -> '1 empty file'; (2, ...) -> '2 empty files'."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


@cli.command(short_help="The last loads and why pages were rejected.")
@click.option("--warehouse", type=click.Path(), help=_WAREHOUSE_HELP)
@click.option(
    "--last", type=click.IntRange(min=1), default=5, show_default=True, help="Loads to show."
)
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
        if not Path(raw).exists():
            raise click.ClickException(f"{raw}: no such file or folder")
    files = [(file, Path(raw)) for raw in paths for file in discover(Path(raw))]
    if not files:
        raise click.ClickException(
            f"no input files in {', '.join(paths)} "
            "(*.html, *.htm, *.txt, *.jsonl, *.warc, each optionally .gz)"
        )
    for file, path in files:
        root = path if path.is_dir() else path.parent
        for page in read_file(file, root, limits):
            yield extract_page(page)


def _where(obj: dict[str, Any]) -> str:
    """'crawl.jsonl#0': a record inside a container by its 0-based `record`, else the file."""
    return obj["source_path"] + (f"#{obj['record']}" if obj["record"] is not None else "")


@cli.command(short_help="Extract pages (files or folders) without loading them.")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="One JSON object a line (the shape in docs/contract.md).",
)
def extract(paths: tuple[str, ...], as_json: bool) -> None:
    """Extract pages (files or folders) without loading them. Exits 1 when a record is rejected.

    A record inside a JSON Lines or WARC file is FILE#N, N its 0-based `record`."""
    from pipelines.extract_json import extraction_json

    rejected: list[str] = []
    total = 0
    for result in _records(paths):
        total += 1
        obj = extraction_json(result)
        if as_json:
            click.echo(json.dumps(obj, ensure_ascii=False))
        else:
            head = obj["title"] or f"{obj['reject_reason']}: {obj['reject_details']}"
            click.echo(f"{obj['status']:8}  {_where(obj)}  {head}")
        if result.reject is not None:
            rejected.append(f"{_where(obj)}: {result.reject.code}")
    if rejected:
        shown = "; ".join(rejected[:5]) + (" …" if len(rejected) > 5 else "")
        raise click.ClickException(f"{len(rejected)} of {total} records rejected ({shown})")


@cli.command(short_help="Full-text search (BM25), best match first.")
@click.argument("query")
@click.option("--warehouse", type=click.Path(), help=_WAREHOUSE_HELP)
@click.option("--limit", type=click.IntRange(min=1), default=10, show_default=True, help="Results.")
@click.option("--json", "as_json", is_flag=True, help="A JSON array, one result a line.")
def search(query: str, warehouse: str | None, limit: int, as_json: bool) -> None:
    """Full-text search (BM25 over title and body), best match first."""
    from pipelines.steps.index import search as run_search

    if not query.strip():
        raise click.ClickException("the query is empty")
    with Warehouse(_settings(warehouse=warehouse).warehouse).reader() as wh:
        hits = run_search(wh, query, limit)
    if as_json:
        click.echo(json_array(h.__dict__ for h in hits))
        return
    if not hits:
        click.echo(f"no article matches {query!r}")
    for rank, hit in enumerate(hits, start=1):
        click.echo(f"{rank:2}. {hit.title}  [{hit.score:.2f}]")
        click.echo(f"    {hit.outlet or '?'} · {hit.published_at or 'undated'} · {hit.url or ''}")
        click.echo(f"    {hit.snippet}")


@cli.command(short_help="Read-only SQL on the warehouse (QUERY or stdin).")
@click.argument("query", required=False)
@click.option("--warehouse", type=click.Path(), help=_WAREHOUSE_HELP)
@click.option("--json", "as_json", is_flag=True, help="Rows as a JSON array, one row a line.")
@click.option("--csv", "as_csv", is_flag=True, help="Rows as CSV.")
@click.option(
    "--max-rows",
    type=click.IntRange(min=1),
    default=40,
    show_default=True,
    help="Rows shown in the table.",
)
def sql(
    query: str | None, warehouse: str | None, as_json: bool, as_csv: bool, max_rows: int
) -> None:
    """Run read-only SQL on the warehouse (QUERY, or read from stdin) and print a table.

    The views of sql/views/ are installed by every load: query them, no need to create them."""
    from pipelines.warehouse import QueryError

    text = query if query is not None else sys.stdin.read()
    if not text.strip():
        raise click.ClickException("no SQL given (pass a QUERY or pipe it on stdin)")
    with Warehouse(_settings(warehouse=warehouse).warehouse).reader() as wh:
        try:
            result = wh.sql(text, max_rows=max_rows)
        except QueryError as exc:
            view = _created_view(text)
            if view and wh.columns(view):
                raise click.ClickException(
                    f"view {view} is already installed in the warehouse (every load creates "
                    f'sql/views/): query it, e.g. newswh sql "select * from {view} limit 5"'
                ) from exc
            raise click.ClickException(str(exc)) from exc
    if result is None:
        return
    if as_json:
        click.echo(json_array(result.table.to_pylist()))
    elif as_csv:
        click.echo(result.table.to_pandas().to_csv(index=False), nl=False)
    else:
        click.echo(result.text, nl=False)


_CREATE_VIEW = re.compile(
    r"\bcreate\s+(?:or\s+replace\s+)?(?:temp(?:orary)?\s+)?view\s+(?:if\s+not\s+exists\s+)?"
    r"(?:main\.)?\"?(\w+)\"?",
    re.IGNORECASE,
)


def _created_view(text: str) -> str | None:
    """'create or replace view feed_timeline as ...' -> 'feed_timeline' (comments skipped)."""
    code = "\n".join(line.split("--", 1)[0] for line in text.splitlines())
    found = _CREATE_VIEW.search(code)
    return found.group(1) if found else None


def main() -> None:
    """Entry point: click errors print one line; anything unexpected also prints one line."""
    try:
        cli(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("newswh: aborted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        message = exc.format_message()
        if isinstance(exc, click.UsageError) and exc.ctx is not None:
            message = f"{message.rstrip('.')} (see `{exc.ctx.command_path} --help`)"
        click.echo(f"newswh: error: {message}", err=True)
        sys.exit(exc.exit_code)
    except (
        FileNotFoundError,
        PermissionError,
        WarehouseBusy,
        NotAWarehouse,
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
