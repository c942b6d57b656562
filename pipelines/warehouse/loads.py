"""The load in progress: which load a writer's session stages for, beginning a load or a
reparse, handing staged rows over to a later run, and clearing a dead writer's rows.

Staging is keyed by load: every staging row carries its load's id, and a session works on
one load (`use_load`: the DuckDB variable `load_id` the statements and sql/publish/ filter
by), so loads that overlap (partition runs on the lake) never read, publish or clear each
other's rows. Every write is one transaction, run again when the lake reports a conflict
with another writer's commit (`committed`). Extended by `Writer`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

from pipelines.warehouse.files import transaction
from pipelines.warehouse.lake.catalog import retry_conflicts
from pipelines.warehouse.lock import Holder
from pipelines.warehouse.publishing import STAGING_TABLES
from pipelines.warehouse.reader import Reader

_BEGIN_LOAD = """
insert into staging.load_state by name
select $load_id as load_id, $run_id as run_id, $at as started_at, $fs as files_seen,
       $fr as files_read, $ps as pages_seen, $pn as pages_new
"""
_BEGIN_REPARSE = """
insert into staging.load_state by name
select $load_id as load_id, $run_id as run_id, now() as started_at, 0 as files_seen,
       0 as files_read, $pages as pages_seen, 0 as pages_new, $mode as mode
"""
_ABANDONED = """
insert into load_runs by name
select s.load_id, s.run_id, s.mode, s.started_at, now() as finished_at, s.files_seen,
       s.files_read, s.pages_seen, s.pages_new, s.pages_processed, 'failed' as status,
       $error as error
from staging.load_state as s
where not exists (select 1 from load_runs as l where l.load_id = s.load_id)
  and s.load_id not in (select unnest($kept))
"""
# Unless a run began after the dead writer took the lock: its own (it held the lock alone),
# with its row already, as when it was killed after publishing, while indexing.
_DIED_EARLY = """
insert into load_runs by name
select $id as load_id, $mode as mode, $at::timestamptz as started_at, now() as finished_at,
       'failed' as status, $error as error
where not exists (select 1 from load_runs where load_id = $id)
  and not exists (select 1 from load_runs where started_at >= $at::timestamptz)
"""
# Loads a run that ended cleanly left for a later run (a partial materialization).
_HANDED_OVER = "select distinct load_id from staging.handover where load_id is not null"
# The loads with staging rows (a row from before staging was keyed by load has none: '').
_STAGED_LOADS = """
select distinct coalesce(load_id, '') from (
    select load_id from staging.load_state union all select load_id from staging.versions
    union all select load_id from staging.related union all select load_id from staging.rejects
    union all select load_id from staging.reparse_pages
)
"""
ABANDONED_ERROR = "the load died before publishing (killed or crashed); its pages stay pending"
# The statements of a session that reads or writes its own load's staging rows filter by it.
THIS_LOAD = "load_id = getvariable('load_id')"
T = TypeVar("T")


class LoadState(Reader):
    _load: str | None = None

    def committed(self, work: Callable[[], T]) -> T:
        """Run `work` in one transaction; on the lake, again from the start when another
        writer's commit conflicts with it (the file has one writer: it never conflicts)."""

        def once() -> T:
            with transaction(self._con):
                return work()

        return self.retrying(once)

    def retrying(self, run: Callable[[], T]) -> T:
        """Call `run` (one whole transaction) again while the lake refuses its commit as a
        conflict with a concurrent writer's (partition runs at once)."""
        return retry_conflicts(run)

    def use_load(self, load_id: str) -> None:
        """Read and write the staging rows of `load_id` from now on in this session."""
        self._con.execute("set variable load_id = $id", {"id": load_id})
        self._load = load_id

    @property
    def load_id(self) -> str:
        """The load this session stages for: the one given to `use_load` or `begin_*`, else
        the load in progress that began last ('' when there is none: its rows match nothing)."""
        if self._load is None:
            self.use_load(self.current_load_id() or "")
        assert self._load is not None
        return self._load

    def _ensure_load(self) -> None:
        """Set the session's load (`getvariable('load_id')`) before a statement reads it."""
        self.load_id  # noqa: B018 - the property sets it

    def _begin(self, load_id: str, supersede: bool) -> None:
        """Inside begin_*'s transaction: drop what an earlier attempt of this load staged, and
        with `supersede` (a run that holds the warehouse alone) every other load's rows too:
        a load or reparse that died before publishing, or one handed over and now replaced;
        their pages are simply pending, and a dead reparse's page list must not reach this
        publish. Partition runs that may overlap keep each other's rows."""
        self.use_load(load_id)
        where = "" if supersede else f" where {THIS_LOAD}"
        for table in STAGING_TABLES:
            self._con.execute(f"delete from {table}{where}")

    def begin_load(
        self,
        load_id: str,
        run_id: str | None,
        started_at: datetime,
        counts: dict[str, int],
        *,
        supersede: bool = True,
    ) -> None:
        """Record the load in progress (files_seen, files_read, pages_seen, pages_new)."""
        params: dict[str, Any] = {"load_id": load_id, "run_id": run_id, "at": started_at}
        params |= {
            "fs": counts["files_seen"],
            "fr": counts["files_read"],
            "ps": counts["pages_seen"],
            "pn": counts["pages_new"],
        }

        def begin() -> None:
            self._begin(load_id, supersede)
            self._con.execute(_BEGIN_LOAD, params)

        self.committed(begin)

    def begin_reparse(
        self,
        load_id: str,
        run_id: str | None,
        since: datetime | None,
        until: datetime | None,
        *,
        supersede: bool = True,
    ) -> int:
        """Record a reparse (every raw page) or a backfill (fetched in [since, until)).

        Returns how many raw pages will be parsed again.
        """
        mode = "reparse" if since is None and until is None else "backfill"

        def begin() -> int:
            self._begin(load_id, supersede)
            self._con.execute(
                # Pages whose bytes are gone for good (a raw store refilled by `newswh doctor`)
                # cannot be parsed again: they keep what they have.
                "insert into staging.reparse_pages select page_id, $load_id from raw_pages "
                "where ($since is null or fetched_at >= $since) "
                "and ($until is null or fetched_at < $until) "
                "and page_id in (select page_id from raw.raw_page_content)",
                {"since": since, "until": until, "load_id": load_id},
            )
            row = self._one(f"select count(*) from staging.reparse_pages where {THIS_LOAD}")
            pages = int(row[0]) if row else 0
            params = {"load_id": load_id, "run_id": run_id, "pages": pages, "mode": mode}
            self._con.execute(_BEGIN_REPARSE, params)
            return pages

        return self.committed(begin)

    def clear_abandoned(self, dead: Holder | None = None) -> list[str]:
        """Staging rows no live writer owns (the caller holds the writer lock alone) and no
        run handed over: loads or reparses that died before publishing. Each gets a failed
        load_runs row (unless it has one), then its staging rows go; its pages stay pending.
        Returns what was cleared, one line."""
        notes = []
        kept = [r[0] for r in self._all(_HANDED_OVER)]
        dead_loads = [r[0] for r in self._all(_STAGED_LOADS) if r[0] not in kept]
        where = "coalesce(load_id, '') in (select unnest($dead))"
        left = self._staged(where, {"dead": dead_loads})
        error = ABANDONED_ERROR + (f" (it was {dead.describe()})" if dead else "")
        if any(left.values()):

            def clear() -> None:
                self._con.execute(_ABANDONED, {"error": error, "kept": kept})
                for table in STAGING_TABLES:
                    self._con.execute(f"delete from {table} where {where}", {"dead": dead_loads})

            self.committed(clear)
            shown = ", ".join(f"{n} {t}" for t, n in left.items() if n)
            notes.append(
                f"cleared the staging rows of a load that died before publishing ({shown})"
            )
            if left["staging.load_state"]:
                dead = None  # its load has its row
        if dead is not None:
            mode = "reparse" if " reparse" in dead.command else "load"
            with transaction(self._con):
                self._con.execute(
                    _DIED_EARLY,
                    {"id": f"died-{dead.pid}-{dead.since}", "mode": mode, "at": dead.since}
                    | {
                        "error": f"{dead.describe()} died holding the writer lock before its load began"
                    },
                )
            notes.append(f"{dead.describe()} died holding the writer lock")
        return notes

    def hand_over(self, run_id: str) -> None:
        """A run that ended cleanly leaves its staging rows to a later run (a partial
        materialization): say so, so the next writer does not take them for a dead one's.
        The run's loads: the one named after it and any it began."""
        loads = [
            r[0]
            for r in self._all(
                "select load_id from staging.load_state where run_id = $id "
                "union select $id where $id in (select load_id from staging.versions "
                "union all select load_id from staging.rejects)",
                {"id": run_id},
            )
        ]
        staged = [load for load in loads if any(self._staged("load_id = $l", {"l": load}).values())]
        if staged:
            self.committed(
                lambda: self._con.execute(
                    "insert into staging.handover select $run, unnest($loads)",
                    {"run": run_id, "loads": staged},
                )
            )

    def _staged(self, where: str, params: dict[str, Any]) -> dict[str, int]:
        """Rows of each staging table (the handover list aside) that match `where`."""
        counts = {}
        for table in STAGING_TABLES:
            if table != "staging.handover":
                row = self._one(f"select count(*) from {table} where {where}", params)
                counts[table] = int(row[0]) if row else 0
        return counts

    def load_began(self, load_id: str) -> bool:
        """A load or reparse `load_id` is in progress (begun, not yet published)."""
        row = self._one(
            "select count(*) from staging.load_state where load_id = $id", {"id": load_id}
        )
        return bool(row and row[0])

    def current_load_id(self) -> str | None:
        """The load in progress that began last (started by ingest or a reparse), if any."""
        row = self._one("select load_id from staging.load_state order by started_at desc limit 1")
        return str(row[0]) if row else None
