"""newswh commands that look after the warehouse: status, doctor, and synth's test folders."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from pipelines.warehouse.lake.store import LakeWarehouse

from pipelines.cli_common import SOURCE_HELP, WAREHOUSE_HELP, settings_for, store_for, wait_option


@click.command(short_help="Write a synthetic landing folder (tests, benchmarks).")
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


@click.command(short_help="The last loads and why pages were rejected.")
@click.option("--warehouse", type=click.Path(), help=WAREHOUSE_HELP)
@click.option(
    "--last", type=click.IntRange(min=1), default=5, show_default=True, help="Loads to show."
)
def status(warehouse: str | None, last: int) -> None:
    """The last failed loads with their whole error, the last loads and their counts, and why
    the last one rejected pages."""
    settings = settings_for(warehouse=warehouse)
    target = settings.warehouse
    store = store_for(settings)
    unpublished = not store.published and store.started  # no load has succeeded yet
    with store.reader(work=unpublished) as wh:
        click.echo(f"Warehouse {target}" + (" (nothing published yet)" if unpublished else ""))
        failures = wh.recent_failures(last)
        if failures:
            click.echo("Failed loads, newest first:")
            for started, mode, error in failures:
                click.echo(f"  {started} {mode}: {error}")
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


def _describe(check: Any) -> str:
    c = check.counts
    held = (
        f"{c.articles} articles, {c.versions} versions, {c.accounted} of {c.raw_pages} raw "
        "pages accounted for"
        if c is not None
        else ""
    )
    verdict = f"PROBLEM: {check.problem}" if check.problem else "ok"
    notes = "".join(f"; {note}" for note in check.notes)
    return f"  {check.kind:9} {verdict}{notes}" + (
        f" ({held})" if held and not check.problem else ""
    )


@click.command(short_help="Check the warehouse files and name (or do) the repair.")
@click.option("--warehouse", type=click.Path(), help=WAREHOUSE_HELP)
@click.option("--source", type=click.Path(), help=SOURCE_HELP + " Refills a raw store from it.")
@click.option("--repair", is_flag=True, help="Repair what the checks found.")
@wait_option
def doctor(warehouse: str | None, source: str | None, repair: bool, wait: float) -> None:
    """Check the snapshot, the work file and the raw store; say what is wrong and the one
    command that repairs it (--repair does it). Exits 1 while something is wrong."""
    from pipelines.ingest import Limits
    from pipelines.steps.doctor import advice
    from pipelines.steps.doctor import repair as run_repair
    from pipelines.warehouse import Warehouse
    from pipelines.warehouse.doctor import diagnose
    from pipelines.warehouse.lake.store import LakeWarehouse

    settings = settings_for(source, warehouse)
    lake = store_for(settings)
    if isinstance(lake, LakeWarehouse):
        _lake_doctor(lake, repair, wait)
        return
    store = Warehouse(settings.warehouse, lock_wait=wait)
    with store.lock(command="newswh doctor") as cleared:  # no writer is half-way while we look
        click.echo(f"Warehouse {settings.warehouse}")
        for line in cleared:
            click.echo(f"  recovered: {line}")
        if repair:
            done = run_repair(store, settings.source, Limits(max_bytes=settings.max_bytes))
            for action in done.actions:
                click.echo(f"  repaired: {action}")
            if done.gone:
                click.echo(
                    f"  {len(done.gone)} raw pages have no bytes anywhere (their rows stay; "
                    "a reparse leaves them as they are):"
                )
                for page_id, path, record in done.gone:
                    click.echo(f"    {path}{'' if record is None else f'#{record}'}  {page_id}")
        checks = diagnose(store.path)
    for check in checks:
        click.echo(_describe(check))
    fix = advice(checks, settings.source)
    if fix:
        raise click.ClickException(f"to repair: {fix}")
    click.echo("All three files are sound.")


def _lake_doctor(store: LakeWarehouse, repair: bool, wait: float) -> None:
    """doctor on a DuckLake: the catalog, the tables, the data files, orphans (see
    pipelines/warehouse/lake/doctor.py). Taking the lock clears a dead writer's staging rows,
    the one repair a lake needs from here; --repair adds nothing to it."""
    from pipelines.warehouse.lake.doctor import diagnose_lake, lake_advice

    store.lock_wait = wait
    with store.lock(command="newswh doctor") as cleared:
        click.echo(f"Warehouse {store.target.catalog} (data: {store.target.data_path})")
        for line in cleared:
            click.echo(f"  recovered: {line}")
        if repair:
            click.echo(
                "  repaired: nothing more to do on a lake (taking the lock clears a dead writer)"
            )
        checks = diagnose_lake(store.target)
    for check in checks:
        click.echo(_describe(check))
    fix = lake_advice(checks)
    if fix:
        raise click.ClickException(f"to repair: {fix}")
    click.echo("The lake is sound.")


@click.command(short_help="Compact the lake and expire old snapshots (the maintenance job).")
@click.option("--warehouse", type=click.Path(), help=WAREHOUSE_HELP)
@click.option(
    "--keep-days",
    type=click.FloatRange(min=0),
    default=None,
    help="Keep the snapshots of this many days for time travel (default: a week).",
)
@wait_option
def maintain(warehouse: str | None, keep_days: float | None, wait: float) -> None:
    """What the `maintenance` job runs: on a DuckLake, flush inlined rows, rewrite files with
    many deleted rows, merge small files, expire old snapshots, delete unread files. Nothing
    on the embedded file (each load writes a fresh snapshot copy)."""
    from datetime import timedelta

    from pipelines.warehouse.lake.catalog import KEEP_SNAPSHOTS_DAYS
    from pipelines.warehouse.lake.store import LakeWarehouse

    settings = settings_for(warehouse=warehouse)
    store = store_for(settings)
    store.check()
    if not store.started:
        raise click.ClickException(f"no warehouse at {settings.warehouse}: run `newswh load` first")
    if not isinstance(store, LakeWarehouse):
        click.echo(f"{store.path}: an embedded file, nothing to maintain")
        return
    store.lock_wait = wait
    days = KEEP_SNAPSHOTS_DAYS if keep_days is None else keep_days
    done = store.maintain(keep=timedelta(days=days))
    click.echo(
        f"maintained in {done.seconds:.1f} s: {done.rows_flushed} inlined rows flushed, "
        f"{done.files_rewritten} files rewritten, {done.files_merged} merged, "
        f"{done.snapshots_expired} snapshots expired (kept: {days:g} days), "
        f"{done.files_deleted} files deleted ({done.orphans_deleted} of them orphans)"
    )
