"""`newswh doctor`: check the three files and repair what can be repaired.

A corrupt work file is set aside and rebuilt from the snapshot; a missing or corrupt snapshot
is published again from a sound work file; a corrupt raw store is set aside and refilled
from the landing folder where the files still exist. Pages whose bytes are gone for good keep
their rows (nothing is dropped from a snapshot) and are listed.
"""

from __future__ import annotations

import shutil
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

from pipelines.ingest import Limits, read_file
from pipelines.landing_walk import discover
from pipelines.warehouse import Warehouse, Writer
from pipelines.warehouse.doctor import FileCheck, diagnose, set_aside
from pipelines.warehouse.files import raw_path, work_path

REPAIR = "newswh doctor --repair"


@dataclass
class Repair:
    actions: list[str] = field(default_factory=list)
    gone: list[tuple[str, str, int | None]] = field(default_factory=list)  # page, path, record


def advice(checks: list[FileCheck], source: Path) -> str | None:
    """The one command that repairs what `checks` found (None when all is sound)."""
    by_kind = {c.kind: c for c in checks}
    snapshot, work, raw = by_kind["snapshot"], by_kind["work"], by_kind["raw"]
    if snapshot.corrupt and work.corrupt:
        return (
            "neither the snapshot nor the work file can be read: move both aside and run "
            f"`newswh load --source {source}` (then `newswh reparse`)"
        )
    if any(c.problem for c in checks) or any(c.notes for c in (snapshot, work)):
        what = []
        if work.problem:
            what.append("rebuilds the work file from the snapshot")
        if raw.problem:
            what.append(f"sets the raw store aside and refills it from {source}")
        if snapshot.problem:
            what.append("publishes the snapshot again from the work file")
        if not what:
            what.append("clears what a dead writer left")
        return f"`{REPAIR} --source {source}` " + ", ".join(what)
    return None


def refill_raw(
    wh: Writer, root: Path, limits: Limits
) -> tuple[int, list[tuple[str, str, int | None]]]:
    """Read the landing files that held pages without bytes; put their bytes back.

    Returns (pages refilled, (page_id, source_path, record) of pages still without bytes)."""
    missing = wh.pages_without_bytes()
    files = {path for path, _ in missing.values()}
    found: dict[str, bytes] = {}
    for path in discover(root) if root.exists() and files else []:
        rel = str(path.relative_to(root)) if path != root else path.name
        if rel not in files:
            continue
        for page in read_file(path, root, limits):
            if page.page_id in missing and page.page_id not in found:
                found[page.page_id] = zlib.compress(page.content, 1)
    refilled = 0
    if found:
        table = pa.table(
            {"page_id": list(found), "content": pa.array(list(found.values()), pa.binary())}
        )
        refilled = wh.store_raw_bytes(table)
    gone = [(p, path, rec) for p, (path, rec) in missing.items() if p not in found]
    return refilled, gone


def repair(store: Warehouse, source: Path, limits: Limits) -> Repair:
    """Repair what `diagnose` finds; the caller holds the writer lock (whose first taking
    already cleared a dead writer's staging rows and half-written copies)."""
    done = Repair()
    checks = {c.kind: c for c in diagnose(store.path)}
    if checks["work"].problem and not checks["snapshot"].problem:
        aside = set_aside(work_path(store.path))
        shutil.copyfile(store.path, work_path(store.path))
        done.actions.append(f"rebuilt the work file from the snapshot (the old one: {aside.name})")
    if checks["raw"].corrupt:
        aside = set_aside(raw_path(store.path))
        done.actions.append(f"set the raw store aside ({aside.name})")
    if checks["raw"].problem:
        with store.writer() as wh:
            refilled, done.gone = refill_raw(wh, source, limits)
        done.actions.append(f"refilled {refilled} raw pages from {source}")
    if checks["snapshot"].problem and not checks["work"].problem:
        store.publish()
        done.actions.append("published the snapshot from the work file")
    return done
