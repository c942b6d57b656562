-- raw_pages: one row per input record ever seen (grain: page_id = sha256 of the record's bytes).
-- The bytes themselves live in raw_page_content, so that every derived table can be rebuilt.
create table if not exists raw_pages (
    page_id      varchar not null,
    source_path  varchar not null,
    record       integer,
    url          varchar,
    fetched_at   timestamptz,
    source       varchar,
    format       varchar not null,
    media        varchar not null,
    encoding     varchar,
    http_status  integer,
    ingest_error varchar,
    byte_size    bigint not null,
    load_id      varchar not null,
    fetched_at_text varchar  -- a fetch time given but unreadable ('not a date'), else null
);
-- Warehouses from before the column: added at the end, where a new table has it too.
alter table raw_pages add column if not exists fetched_at_text varchar;

-- content: the record's bytes, zlib-compressed.
create table if not exists raw.raw_page_content (
    page_id varchar not null,
    content blob not null
);

-- landing_files: one row per landing file read (grain: source_path); an unchanged file
-- (same size, mtime, ctime and inode) is not read again. A file that vanished or changed
-- while it was read gets no row: the next load reads it again.
create table if not exists landing_files (
    source_path varchar not null,
    byte_size   bigint not null,
    mtime_ns    bigint not null,
    records     integer not null,
    load_id     varchar not null,
    ctime_ns    bigint,
    inode       bigint
);

alter table landing_files add column if not exists ctime_ns bigint;

alter table landing_files add column if not exists inode bigint;
