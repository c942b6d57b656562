-- outlets: one row per host (grain: host), from every article version the warehouse holds;
-- published before `articles`, which names each article it writes as its host here.
-- The name: the user's override > the outlet's profile > the name the host's pages give
-- (sidecar or record `source`, og:site_name, JSON-LD publisher; the most common one when
-- they differ, ties to the alphabetically first) > the host itself.
-- The zone: override > profile > learned from the host's pages with explicit offsets
-- (staging.learned_zones, computed by the stage step) > the zone most of the host's pages
-- were read in by their own evidence > the country-code TLD > none.
-- The versions are counted by host, page name and zone in staging.outlet_pages: a load folds in
-- its own versions, so a night costs its pages and the hosts, not the warehouse. It counts
-- again from every version when it dropped some (a reparse) or when the counts do not add
-- up to the versions held before it (none kept yet: the first load of this version).
set variable outlets_recount = (
    exists (select 1 from staging.reparse_pages where load_id = getvariable('load_id'))
    or (select coalesce(sum(pages), 0) from staging.outlet_pages)
    + (select count(*) from staging.load_versions)
    <> (select count(*) from article_versions)
);

delete from staging.outlet_pages where getvariable('outlets_recount');

update staging.outlet_pages as s
set pages = s.pages + n.pages,
    first_seen = least(s.first_seen, n.first_seen),
    last_seen = greatest(s.last_seen, n.last_seen)
from staging.outlet_pages_to_add as n
where s.host is not distinct from n.host
    and s.name is not distinct from n.name
    and s.time_zone is not distinct from n.time_zone;

insert into staging.outlet_pages by name
select n.*
from staging.outlet_pages_to_add as n
where not exists (
    select 1
    from staging.outlet_pages as s
    where s.host is not distinct from n.host
        and s.name is not distinct from n.name
        and s.time_zone is not distinct from n.time_zone
);

-- The newest 50 explicit stamps of each host, kept for the next night's zone learning: this
-- load's folded in, or all taken again from every version after a reparse or when they were
-- not taken from the versions held before this load (none kept yet: the first load of this
-- version).
set variable stamps_rebuild = (
    exists (select 1 from staging.reparse_pages where load_id = getvariable('load_id'))
    or coalesce((select max(versions) from staging.zone_stamps_state), -1)
    + (select count(*) from staging.load_versions)
    <> (select count(*) from article_versions)
);

delete from staging.zone_stamps where getvariable('stamps_rebuild');

insert into staging.zone_stamps by name
select host, page_id, published_at, published_at_local, fetched_at, language
from staging.explicit_stamps
where getvariable('stamps_rebuild') or load_id = getvariable('load_id');

delete from staging.zone_stamps
where page_id in (
    select page_id
    from staging.zone_stamps
    qualify row_number() over (
        partition by host order by fetched_at desc nulls last, published_at desc, page_id desc
    ) > 50
);

delete from staging.zone_stamps_state;

insert into staging.zone_stamps_state
select count(*) from article_versions;

-- Articles already held keep their host's name unless it changes (a new majority, an
-- override, a profile): then, or on a recount, every article is named again (a scan of all
-- of them; on other nights none is read).
set variable outlets_renamed = (
    select count(*) > 0
    from staging.next_outlets as n
    join outlets as o using (host)
    where n.name <> o.name
);

update articles as a
set outlet = o.name
from staging.next_outlets as o
where (getvariable('outlets_recount') or getvariable('outlets_renamed'))
    and url_host(a.url) = o.host and a.outlet is distinct from o.name;

delete from outlets;

insert into outlets by name
select * from staging.next_outlets;
