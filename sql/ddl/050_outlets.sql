-- outlets: one row per host (lower-case, no `www.`), grain: host. Its one display name, its
-- time zone, and where each came from; rebuilt from article_versions by every publish
-- (sql/publish/outlets.sql).
create table if not exists outlets (
    host        varchar primary key,
    name        varchar not null,
    name_source varchar not null,  -- override | profile | page | majority | domain
    time_zone   varchar,           -- IANA name, null when nothing says (times read as UTC)
    zone_source varchar not null,  -- override | profile | learned | tld | none
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
