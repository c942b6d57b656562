"""The writer's outlet statements: what the stage step tells publish about outlets (rules,
country-code zones, learned zones) and what it reads back (zones and their evidence).

Extended by `Writer`; `sql/publish/outlets.sql` turns these into the `outlets` table.
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from pipelines.warehouse.files import transaction
from pipelines.warehouse.reader import Reader

# The explicit stamps (staging.explicit_stamps) of every version the warehouse will hold
# after this load, at most the newest `$per_host` of each host: enough to tell a zone. Taken
# from the ones publish keeps (staging.zone_stamps, the newest 50 of each host of the versions
# held) and this load's staged versions; from every version when those are not current (a
# reparse drops versions; none kept yet).
_STAGED_STAMPS = """
select url_host(url) as host, page_id, published_at, published_at_local, fetched_at, language
from staging.versions
where load_id = getvariable('load_id')
    and explicit_stamp(published_at_local, field_sources)
    and url_host(url) is not null
"""
_HELD_STAMPS = {
    True: "select host, page_id, published_at, published_at_local, fetched_at, language "
    "from staging.zone_stamps",
    False: "select host, page_id, published_at, published_at_local, fetched_at, language "
    "from staging.explicit_stamps where page_id not in (select page_id from staging.reparse_pages "
    "where load_id = getvariable('load_id'))",
}
_ZONE_EVIDENCE = """
with stamps as ({held} union all {staged})

select host, published_at, published_at_local, language
from stamps
qualify row_number() over (
    partition by host order by fetched_at desc nulls last, published_at desc, page_id desc
) <= $per_host
order by host, published_at
"""
_STAMPS_CURRENT = """
select coalesce((select max(versions) from staging.zone_stamps_state), -1)
        = (select count(*) from article_versions)
    and not exists (
        select 1 from staging.reparse_pages where load_id = getvariable('load_id')
    )
"""
_OUTLET_TABLES = ("staging.outlet_rules", "staging.outlet_tlds", "staging.learned_zones")


class OutletRows(Reader):
    def write_outlet_knowledge(self, rules: pa.Table, tlds: pa.Table, learned: pa.Table) -> None:
        """Replace what publish reads about outlets: override and profile rules
        (domain, name, time_zone, source, priority), ccTLD zones (tld, time_zone) and
        learned zones (host, time_zone, observations)."""
        with transaction(self._con):
            for table, target in zip((rules, tlds, learned), _OUTLET_TABLES, strict=True):
                self._con.execute(f"delete from {target}")
                if table.num_rows:
                    self._con.register("outlet_batch", table)
                    self._con.execute(f"insert into {target} by name select * from outlet_batch")
                    self._con.unregister("outlet_batch")

    def zone_stamps_current(self) -> bool:
        """Whether publish kept the stamps of every version held, and this load drops none."""
        row = self._one(_STAMPS_CURRENT)
        return bool(row and row[0])

    def zone_evidence(self, per_host: int = 50, *, kept: bool = True) -> list[tuple[Any, ...]]:
        """(host, published_at UTC, published_at_local ISO with offset, language) of
        machine-given stamps; from the kept ones when they are current (`kept=False`: from
        every version, always)."""
        held = _HELD_STAMPS[kept and per_host <= 50 and self.zone_stamps_current()]
        query = _ZONE_EVIDENCE.format(held=held, staged=_STAGED_STAMPS)
        return self._all(query, {"per_host": per_host})

    def learned_zones(self) -> dict[str, str]:
        """host -> zone of the outlets whose zone was learned from their pages (last publish)."""
        rows = self._all("select host, time_zone from outlets where zone_source = 'learned'")
        return {host: zone for host, zone in rows}
