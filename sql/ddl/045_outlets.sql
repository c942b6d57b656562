-- outlets: one row per host (lower-case, no `www.`), grain: host. Its one display name, its
-- time zone, and where each came from; rewritten by every publish from the per-host counts
-- of staging.outlet_pages (sql/publish/outlets.sql).
create table if not exists outlets (
    host        varchar not null,  -- unique: the publish builds one row per host (no key: DuckLake has none)
    name        varchar not null,
    name_source varchar not null,  -- override | profile | page | majority | domain
    time_zone   varchar,           -- IANA name; null: each page is read in the zone its own evidence gives, else UTC
    zone_source varchar not null,  -- override | profile | learned | page | tld | none
    first_seen  timestamptz,       -- fetch time of the host's first and last page
    last_seen   timestamptz,
    pages       integer not null,  -- article versions of the host
    load_id     varchar
);

-- The host of a URL as url_host() in pipelines/normalize/urls.py gives it.
create or replace macro url_host(u) as nullif(
    regexp_extract(lower(u), '^[a-z][a-z0-9+.-]*://(?:[^@/?#]*@)?(?:www\.)?([^/:?#]+)', 1), ''
);

create schema if not exists staging;

-- What the stage step knew about outlets when it parsed: the user's overrides and the
-- profiles (a host matches `domain` or any subdomain; the lowest priority wins), the
-- country-code zones, and the zones learned from the hosts' pages with explicit offsets.
create table if not exists staging.outlet_rules (
    domain    varchar not null,
    name      varchar not null,
    time_zone varchar not null,
    source    varchar not null,  -- override | profile
    priority  integer not null
);

create table if not exists staging.outlet_tlds (
    tld       varchar not null,
    time_zone varchar not null
);

create table if not exists staging.learned_zones (
    host         varchar not null,
    time_zone    varchar not null,
    observations integer not null
);

-- What the outlets publish keeps between loads (grain: host, name, time_zone): the article
-- versions counted by host, by the name their page gave and by the zone their page's own
-- evidence read them in, with their first and last fetch time. A night folds in its own
-- versions; sql/publish/outlets.sql counts again from every version when a load drops some
-- (a reparse) or when these counts do not add up to article_versions.
create table if not exists staging.outlet_pages (
    host       varchar,          -- null: the versions whose URL gives no host
    name       varchar,          -- null: the pages gave no name (or gave their host)
    pages      bigint not null,
    first_seen timestamptz,
    last_seen  timestamptz,
    -- a zone label, explicit offsets, a dateline, the language, the crawler's fetch offset;
    -- null for the others (a profile, the zone the pipeline knew for the host, the ccTLD, none)
    time_zone  varchar
);
alter table staging.outlet_pages add column if not exists time_zone varchar;

-- The versions to count: all on a recount (publish sets the variable outlets_recount), else
-- the load's own, by host, name and zone.
create or replace view staging.outlet_pages_to_add as
    with versions as (
        select
            url_host(url) as host,
            outlet,
            fetched_at,
            case
                when json_extract_string(field_sources, '$.time_zone')
                    in ('label', 'page_offset', 'dateline', 'language', 'fetch_offset')
                    then time_zone
            end as time_zone
        from article_versions
        where getvariable('outlets_recount') or load_id = getvariable('load_id')
    )

    select
        host,
        case when host is not null and lower(outlet) <> host then outlet end as name,
        time_zone,
        count(*) as pages,
        min(fetched_at) as first_seen,
        max(fetched_at) as last_seen
    from versions
    group by all;

-- The stamps zones are learned from: published stamps with a non-zero offset read from
-- markup made for machines (JSON-LD, meta, microdata, <time>). A version's, by its
-- published_at_local and field_sources; the held ones in a view (staged ones: the stage step).
create or replace macro explicit_stamp(published_local, sources) as
    published_local is not null
    and not ends_with(published_local, '+00:00')
    and json_extract_string(sources, '$.published_at') in ('jsonld', 'meta', 'microdata', 'time');

create or replace view staging.explicit_stamps as
    select
        url_host(url) as host, page_id, published_at, published_at_local, fetched_at,
        language, load_id
    from article_versions
    where explicit_stamp(published_at_local, field_sources) and url_host(url) is not null;

-- The newest 50 of them per host (what learning a zone reads), kept by sql/publish/outlets.sql
-- so that a night's learning reads these and its own pages instead of every version; with
-- the number of article versions they were taken from, which tells they are up to date.
create table if not exists staging.zone_stamps (
    host               varchar not null,
    page_id            varchar not null,
    published_at       timestamptz,
    published_at_local varchar,
    fetched_at         timestamptz,
    language           varchar
);

create table if not exists staging.zone_stamps_state (
    versions bigint not null
);

-- The outlets rows from the counts and what the stage step knew (see sql/publish/outlets.sql).
create or replace view staging.next_outlets as
    with hosts as (
        select host, min(first_seen) as first_seen, max(last_seen) as last_seen,
               sum(pages)::integer as pages
        from staging.outlet_pages
        where host is not null
        group by host
    ),

    page_name as (
        select host, name, count(*) over (partition by host) as names
        from (
            select host, name, sum(pages) as pages
            from staging.outlet_pages
            where host is not null and name is not null
            group by all
        )
        qualify row_number() over (partition by host order by pages desc, name) = 1
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

    page_zone as (
        select host, time_zone
        from (
            select host, time_zone, sum(pages) as pages
            from staging.outlet_pages
            where host is not null and time_zone is not null
            group by all
        )
        qualify row_number() over (partition by host order by pages desc, time_zone) = 1
    )

    select
        h.host,
        coalesce(r.name, p.name, h.host) as name,
        case
            when r.name is not null then r.source
            when p.names = 1 then 'page'
            when p.names > 1 then 'majority'
            else 'domain'
        end as name_source,
        coalesce(r.time_zone, l.time_zone, z.time_zone, t.time_zone) as time_zone,
        case
            when r.time_zone is not null then r.source
            when l.time_zone is not null then 'learned'
            when z.time_zone is not null then 'page'
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
    left join page_zone as z using (host)
    left join tld as t using (host);
