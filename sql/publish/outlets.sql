-- outlets: one row per host (grain: host), rebuilt from every article version the warehouse
-- holds, then every article of a host is given the host's one name.
-- The name: the user's override > the outlet's profile > the name the host's pages give
-- (sidecar or record `source`, og:site_name, JSON-LD publisher; the most common one when
-- they differ, ties to the alphabetically first) > the host itself.
-- The zone: override > profile > learned from the host's pages with explicit offsets
-- (staging.learned_zones, computed by the stage step) > the country-code TLD > none.
delete from outlets;

insert into outlets by name
with versions as (
    select url_host(url) as host, outlet, fetched_at
    from article_versions
    where url_host(url) is not null
),

hosts as (
    select host, min(fetched_at) as first_seen, max(fetched_at) as last_seen,
           count(*)::integer as pages
    from versions
    group by host
),

-- A page that gave no name shows its host as outlet: it names nothing.
page_names as (
    select host, outlet as name, count(*) as n
    from versions
    where outlet is not null and lower(outlet) <> host
    group by host, outlet
),

page_name as (
    select host, name, count(*) over (partition by host) as names
    from page_names
    qualify row_number() over (partition by host order by n desc, name) = 1
),

rule_matches as (
    select h.host, r.name, r.time_zone, r.source, r.priority
    from hosts as h
    join staging.outlet_rules as r
        on h.host = lower(r.domain) or h.host like '%.' || lower(r.domain)
),

rule as (
    select host, arg_min(name, priority) as name, arg_min(time_zone, priority) as time_zone,
           arg_min(source, priority) as source
    from rule_matches
    group by host
),

tld as (
    select h.host, any_value(t.time_zone) as time_zone
    from hosts as h
    join staging.outlet_tlds as t on h.host like '%.' || t.tld
    group by h.host
),

final as (
    select
        h.host,
        coalesce(r.name, p.name, h.host) as name,
        case
            when r.name is not null then r.source
            when p.names = 1 then 'page'
            when p.names > 1 then 'majority'
            else 'domain'
        end as name_source,
        coalesce(r.time_zone, l.time_zone, t.time_zone) as time_zone,
        case
            when r.time_zone is not null then r.source
            when l.time_zone is not null then 'learned'
            when t.time_zone is not null then 'tld'
            else 'none'
        end as zone_source,
        h.first_seen,
        h.last_seen,
        h.pages,
        getvariable('load_id') as load_id
    from hosts as h
    left join rule as r using (host)
    left join page_name as p using (host)
    left join staging.learned_zones as l using (host)
    left join tld as t using (host)
)

select * from final;

update articles as a
set outlet = o.name
from outlets as o
where url_host(a.url) = o.host and a.outlet is distinct from o.name;
