"""newswh: a thin command line over the same functions and the same Dagster graph.

Errors are one line on stderr and a non-zero exit, never a traceback
(NEWSWH_DEBUG=1 shows it).
"""

from __future__ import annotations

import gc
import json
import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from pipelines.cli_common import (
    PROGRESS_HELP,
    SOURCE_HELP,
    WAREHOUSE_HELP,
    json_array,
    settings_for,
    show_progress,
    store_for,
    wait_option,
)
from pipelines.cli_ops import doctor, maintain, status, synth
from pipelines.fetch_range import FetchRangeError, fetch_range


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


@cli.command(short_help="Load the landing folder into the warehouse.")
@click.option("--source", type=click.Path(), help=SOURCE_HELP)
@click.option("--warehouse", type=click.Path(), help=WAREHOUSE_HELP)
@click.option("-v", "--verbose", is_flag=True, help="Show the Dagster run log.")
@click.option("--progress/--no-progress", default=None, help=PROGRESS_HELP)
@wait_option
@click.option(
    "--rescan",
    is_flag=True,
    help="Read every landing file again, changed or not (same bytes: same page).",
)
def load(
    source: str | None,
    warehouse: str | None,
    verbose: bool,
    progress: bool | None,
    wait: float,
    rescan: bool,
) -> None:
    """Load the landing folder through the Dagster asset graph (nightly_load, in process)."""
    from pipelines.runner import run_load

    settings = settings_for(source, warehouse)
    if not settings.source.exists():
        raise click.ClickException(
            f"landing folder {settings.source} does not exist (use --source DIR)"
        )
    store_for(settings).check()
    show_progress(progress, verbose)
    report = run_load(settings, verbose=verbose, wait=wait, rescan=rescan)
    click.echo(report.summary())
    if not report.success:
        raise click.ClickException(report.error or "the load failed")


@cli.command(short_help="Rebuild the derived tables from the raw pages kept.")
@click.option("--warehouse", type=click.Path(), help=WAREHOUSE_HELP)
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
@click.option("--progress/--no-progress", default=None, help=PROGRESS_HELP)
@wait_option
def reparse(
    warehouse: str | None,
    since: str | None,
    until: str | None,
    verbose: bool,
    progress: bool | None,
    wait: float,
) -> None:
    """Rebuild derived tables from the raw pages kept in the warehouse (no landing folder).

    With --since/--until, only the pages fetched in that range (a backfill); both days are
    included: `--since 2024-12-20 --until 2024-12-21` is two days of fetches."""
    from pipelines.runner import run_load

    settings = settings_for(warehouse=warehouse)
    store = store_for(settings)
    store.check()
    if not store.started:
        raise click.ClickException(f"no warehouse at {settings.warehouse}: run `newswh load` first")
    try:
        fetch_range(since, until)
    except FetchRangeError as exc:
        raise click.ClickException(str(exc)) from exc
    config: dict[str, object] = {"reparse": True, "since": since, "until": until}
    show_progress(progress, verbose)
    report = run_load(
        settings, verbose=verbose, job_name="reparse_warehouse", stage_config=config, wait=wait
    )
    click.echo(report.summary())
    if not report.success:
        raise click.ClickException(report.error or "the reparse failed")


def _overrides(root: Path, named: Path | None) -> Any:
    """The outlets knowledge of the user's override files (NEWSWH_OUTLETS, the folder's
    outlets.toml), as a load uses it; None without any (and without importing Arrow)."""
    from pipelines.ingest.landing import OVERRIDES_FILE

    if named is None and not (root / OVERRIDES_FILE).is_file():
        return None
    from pipelines.steps.outlets import (
        OutletKnowledge,
        OutletsFileError,
        override_paths,
        read_overrides,
    )

    try:
        return OutletKnowledge(overrides=read_overrides(override_paths(root, named)))
    except OutletsFileError as exc:
        raise click.ClickException(str(exc)) from None


def _extracted(page: Any, outlets: Any) -> Any:
    """A page extracted as a load reads it: in the zone the override file gives its host,
    and under the name it gives (which load's outlets publish puts on every page of it)."""
    from dataclasses import replace

    from pipelines.extract import extract_guarded
    from pipelines.normalize.urls import url_host

    if outlets is None:
        return extract_guarded(page)
    result = extract_guarded(outlets.zoned(page))
    if result.article is not None and (name := outlets.override_name(url_host(result.article.url))):
        result = replace(result, article=replace(result.article, outlet=name))
    return result


def _records(paths: tuple[str, ...]) -> Iterator[Any]:
    from pipelines.ingest import Limits, read_file
    from pipelines.landing_walk import discover

    settings = settings_for()
    limits = Limits(max_bytes=settings.max_bytes)
    for raw in paths:
        if not Path(raw).exists():
            raise click.ClickException(f"{raw}: no such file or folder")
    files: list[tuple[Path, Path]] = []  # (file, the landing root it is read under)
    for raw in paths:
        path = Path(raw)
        root = path if path.is_dir() else path.parent
        files += [(file, root) for file in discover(path)]
    if not files:
        raise click.ClickException(
            f"no input files in {', '.join(paths)} "
            "(*.html, *.htm, *.txt, *.jsonl, *.warc, each optionally .gz)"
        )
    knowledge: dict[Path, Any] = {}
    for file, root in files:
        if root not in knowledge:
            knowledge[root] = _overrides(root, settings.outlets)
        for page in read_file(file, root, limits):
            yield _extracted(page, knowledge[root])


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

    # A page's extraction makes tens of thousands of short-lived objects and next to no
    # cycles: at the default threshold (700) the collector ran ~300 times over 830 pages,
    # each time walking the language tables loaded by then, for 0.08 CPU-s and ~500 objects;
    # at 10,000 it still ran while those tables load (0.015 CPU-s). Garbage cycles wait for
    # 100,000 new objects (+3 MB peak).
    gc.set_threshold(100_000, *gc.get_threshold()[1:])
    rejected: list[str] = []
    total = 0
    for result in _records(paths):
        total += 1
        obj = extraction_json(result)
        if as_json:  # JSON escapes control codes: no colour codes to look for and strip a line
            click.echo(json.dumps(obj, ensure_ascii=False), color=True)
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
@click.option("--warehouse", type=click.Path(), help=WAREHOUSE_HELP)
@click.option("--limit", type=click.IntRange(min=1), default=10, show_default=True, help="Results.")
@click.option("--json", "as_json", is_flag=True, help="A JSON array, one result a line.")
def search(query: str, warehouse: str | None, limit: int, as_json: bool) -> None:
    """Full-text search (BM25 over title and body), best match first."""
    from pipelines.steps.index import search as run_search

    if not query.strip():
        raise click.ClickException("the query is empty")
    with store_for(settings_for(warehouse=warehouse)).reader() as wh:
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
@click.option("--warehouse", type=click.Path(), help=WAREHOUSE_HELP)
@click.option("--json", "as_json", is_flag=True, help="Rows as a JSON array, one row a line.")
@click.option("--csv", "as_csv", is_flag=True, help="Rows as CSV.")
@click.option(
    "--max-rows",
    type=click.IntRange(min=1),
    default=40,
    show_default=True,
    help="Rows shown in the table.",
)
@click.option(
    "--allow-files",
    "allow_files",
    multiple=True,
    type=click.Path(path_type=Path),
    help="A folder of your own that the SQL may read and write (repeatable); any other file, "
    "and the warehouse's own files, stay out of reach.",
)
def sql(
    query: str | None,
    warehouse: str | None,
    as_json: bool,
    as_csv: bool,
    max_rows: int,
    allow_files: tuple[Path, ...],
) -> None:
    """Run read-only SQL on the warehouse (QUERY, or read from stdin) and print a table.

    The views of sql/views/ are installed by every load: query them, no need to create them.
    The SQL sees the warehouse's tables and views and no other file: COPY TO, read_csv,
    read_text and ATTACH fail unless a folder is named with --allow-files.
    """
    from pipelines.warehouse import QueryError

    text = query if query is not None else sys.stdin.read()
    if not text.strip():
        raise click.ClickException("no SQL given (pass a QUERY or pipe it on stdin)")
    with store_for(settings_for(warehouse=warehouse)).analyst(allow_files) as wh:
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


for _command in (synth, status, doctor, maintain):
    cli.add_command(_command)


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
    except Exception as exc:  # one clear line instead of a traceback
        # Imported here: DuckDB and Arrow load with the warehouse, and `extract` needs neither.
        from pipelines.warehouse import (
            CatalogUnreachable,
            NotAWarehouse,
            WarehouseBusy,
            WarehouseSettingError,
        )

        written_for_people = (
            FileNotFoundError,
            PermissionError,
            WarehouseBusy,
            NotAWarehouse,
            CatalogUnreachable,
            WarehouseSettingError,
        )
        if isinstance(exc, written_for_people):
            click.echo(f"newswh: error: {exc}", err=True)
            sys.exit(1)
        if os.environ.get("NEWSWH_DEBUG"):
            raise
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        click.echo(f"newswh: error: {type(exc).__name__}: {first}", err=True)
        sys.exit(1)
    finally:
        # What the command loaded lives until the exit, whose collections would walk it item
        # by item (the language model's two 104,583-item lists: 0.07 CPU-s after `extract`);
        # frozen, they pass it over.
        gc.freeze()


if __name__ == "__main__":
    main()
