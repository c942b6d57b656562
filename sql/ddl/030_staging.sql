-- Staging: rows of the load in progress, validated here before they are published to the
-- tables analysts read. Emptied by every publish; rebuilt from raw_pages by every parse.
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
    select * exclude (version, load_id) from article_versions limit 0;

create table if not exists staging.related as select * from related_news limit 0;

create table if not exists staging.rejects as
    select * exclude (load_id) from rejected_pages limit 0;

-- The raw pages a reparse or backfill parses again (all of them, or a range of fetch times).
create table if not exists staging.reparse_pages (
    page_id varchar not null
);
