-- Staging: rows of the loads in progress, validated here before they are published to the
-- tables analysts read. Every row carries its load's id (`load_id`): a load reads, publishes
-- and clears its own rows only, so two loads (partition runs on the lake) can stage at once.
-- A publish empties its load's rows; a parse rebuilds them from raw_pages.
create schema if not exists staging;

create table if not exists staging.load_state (
    load_id     varchar not null,
    run_id      varchar,
    started_at  timestamptz not null,
    files_seen  integer not null,
    files_read  integer not null,
    pages_seen  integer not null,
    pages_new   integer not null,
    pages_processed integer,
    mode        varchar not null default 'load'
);

create table if not exists staging.versions as
    select * exclude (version) from article_versions limit 0;

create table if not exists staging.related as
    select *, null::varchar as load_id from related_news limit 0;

create table if not exists staging.rejects as select * from rejected_pages limit 0;

-- The raw pages a reparse or backfill parses again (all of them, or a range of fetch times).
create table if not exists staging.reparse_pages (
    page_id varchar not null,
    load_id varchar
);

-- The article versions the load being published wrote (publish sets the variable load_id).
create or replace view staging.load_versions as
    select * from article_versions where load_id = getvariable('load_id');

-- Each author of each article version with its id: the one place an author id is made.
create or replace view staging.version_authors as
    select
        page_id,
        position::integer as position,
        md5(lower(author.name) || chr(31) || author.kind)[:16] as author_id,
        author.name,
        author.kind
    from (
        select page_id, unnest(authors) as author, generate_subscripts(authors, 1) as position
        from article_versions
    );

-- Runs that ended cleanly with staging rows for a later run (a partial materialization):
-- the next writer keeps those rows; any other staging rows are a dead writer's and are cleared.
create table if not exists staging.handover (
    run_id  varchar not null,
    load_id varchar
);

-- Staging tables written before staging was keyed by load get the key (their rows, if any,
-- have none: they belong to no live load and are cleared by the next writer's recovery).
alter table staging.versions add column if not exists load_id varchar;
alter table staging.versions add column if not exists time_zone varchar;
alter table staging.related add column if not exists load_id varchar;
alter table staging.rejects add column if not exists load_id varchar;
alter table staging.reparse_pages add column if not exists load_id varchar;
alter table staging.handover add column if not exists load_id varchar;
