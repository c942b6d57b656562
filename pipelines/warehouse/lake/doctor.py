"""`newswh doctor` on a lake: is the catalog reachable, were the tables made (by this version),
does every data file the catalog lists exist, are there files no snapshot lists.

The embedded doctor checks three files; a lake has none of them. What can break here is the
catalog (unreachable: `CatalogUnreachable`, raised), the data path (files deleted or never
written whole: a problem, named) and leftovers (orphan files, a dead writer's staging rows:
notes, which the maintenance job and the next writer clear). The caller holds the writer
lock, whose taking already cleared a dead writer's staging rows.
"""

from __future__ import annotations

from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from pipelines.warehouse.lake import catalog
from pipelines.warehouse.lake.catalog import LakeTarget
from pipelines.warehouse.reader import PublicationCounts, Reader

_SHOWN = 3  # missing files named in the verdict


@dataclass
class LakeCheck:
    """One part's verdict: `problem` is None when it is sound (the embedded FileCheck's shape)."""

    kind: str  # tables | files | orphans
    problem: str | None = None
    notes: list[str] = field(default_factory=list)
    counts: PublicationCounts | None = None


def diagnose_lake(target: LakeTarget) -> list[LakeCheck]:
    """The lake's checks; raises CatalogUnreachable when its catalog cannot be reached."""
    with closing(catalog.connect(target)) as con:
        tables = LakeCheck("tables")
        names = [n for n in catalog.table_names(con) if not n.startswith("staging.")]
        if "main.load_runs" not in names:
            tables.problem = (
                "none yet: nothing was ever loaded (the first `newswh load` makes them)"
            )
            return [tables]
        if not catalog.schema_current(con):
            tables.notes.append("made by an older version: the next load brings them up to date")
        tables.counts = Reader(con).publication_counts()

        files = LakeCheck("files")
        listed = [f for name in names for f in catalog.data_files(con, name)]
        if catalog.is_remote(target.data_path):
            files.notes.append(f"{len(listed)} listed on object storage (not checked here)")
        else:
            missing = [f for f in listed if not Path(f).is_file()]
            if missing:
                shown = ", ".join(missing[:_SHOWN]) + (" …" if len(missing) > _SHOWN else "")
                files.problem = (
                    f"{len(missing)} of {len(listed)} data files the catalog lists are missing "
                    f"under {target.data_path}: {shown}"
                )
            else:
                files.notes.append(f"{len(listed)} listed, all present")

        orphans = LakeCheck("orphans")
        stray = con.execute(
            f"call ducklake_delete_orphaned_files('{catalog.ALIAS}', dry_run => true, "
            "older_than => now())"
        ).fetchall()
        orphans.notes.append(
            f"{len(stray)} files under the data path no snapshot lists"
            + (" (the maintenance job deletes those older than a week)" if stray else "")
        )
        return [tables, files, orphans]


def lake_advice(checks: list[LakeCheck]) -> str | None:
    """What to do about the problems found (None when the lake is sound)."""
    by_kind = {c.kind: c for c in checks}
    if by_kind["tables"].problem:
        return "run `newswh load` to make the lake"
    if (files := by_kind.get("files")) is not None and files.problem:
        return (
            "restore the missing files into the data path from its backup (until then the "
            "tables that list them cannot be read)"
        )
    return None
