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
