"""The writer's outlet statements: what the stage step tells publish about outlets (rules,
country-code zones, learned zones) and what it reads back (zones and their evidence).

Extended by `Writer`; `sql/publish/outlets.sql` turns these into the `outlets` table.
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from pipelines.warehouse.files import transaction
from pipelines.warehouse.reader import Reader

# Published stamps with a non-zero offset read from markup made for machines (JSON-LD, meta,
# microdata, <time>), of every version the warehouse will hold after this load:
# the stored ones (minus the pages being parsed again) and this load's staged ones. At most the
# latest `$per_host` of each host: enough to tell a zone, cheap at 100k pages.
_ZONE_EVIDENCE = """
with stamps as (
    select url, published_at, published_at_local, field_sources, fetched_at, language
    from article_versions
    where page_id not in (
        select page_id from staging.reparse_pages where load_id = getvariable('load_id')
    )
    union all
    select url, published_at, published_at_local, field_sources, fetched_at, language
    from staging.versions
    where load_id = getvariable('load_id')
),

explicit as (
    select url_host(url) as host, published_at, published_at_local, fetched_at, language
    from stamps
    where published_at_local is not null
        and not ends_with(published_at_local, '+00:00')
        and json_extract_string(field_sources, '$.published_at')
            in ('jsonld', 'meta', 'microdata', 'time')
)

select host, published_at, published_at_local, language
from explicit
where host is not null
qualify row_number() over (
    partition by host order by fetched_at desc nulls last, published_at desc
) <= $per_host
order by host, published_at
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

    def zone_evidence(self, per_host: int = 50) -> list[tuple[Any, ...]]:
        """(host, published_at UTC, published_at_local ISO with offset, language) of
        machine-given stamps."""
        return self._all(_ZONE_EVIDENCE, {"per_host": per_host})

    def learned_zones(self) -> dict[str, str]:
        """host -> zone of the outlets whose zone was learned from their pages (last publish)."""
        rows = self._all("select host, time_zone from outlets where zone_source = 'learned'")
        return {host: zone for host, zone in rows}
