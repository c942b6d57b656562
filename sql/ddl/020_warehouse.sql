-- article_versions: one row per distinct content of an article (grain: article_id, version).
-- Versions are numbered by fetch time, so pages arriving out of order still number right.
create table if not exists article_versions (
    article_id          varchar not null,
    version             integer,
    page_id             varchar not null,
    fetched_at          timestamptz,
    url                 varchar,
    outlet              varchar,
    title               varchar not null,
    body                varchar not null,
    published_at        timestamptz,
    published_at_local  varchar,
    updated_at          timestamptz,
    updated_at_local    varchar,
    language            varchar,
    read_time_min       integer,
    word_count          integer not null,
    image_caption       varchar,
    image_credit        varchar,
    authors             struct(name varchar, kind varchar)[],
    field_sources       json,
    content_hash        varchar not null,
    load_id             varchar not null,
    time_zone           varchar  -- the zone its wall-clock times were read in (IANA)
);
-- Added after the first release: a warehouse made before has it too (null until a reparse).
alter table article_versions add column if not exists time_zone varchar;

-- articles: one row per article, its latest version by fetch time (grain: article_id).
-- No primary key: its index would have to fit in memory during the publish transaction;
-- the publish writes one row per article (it groups by article_id) after deleting the old one.
create table if not exists articles (
    article_id          varchar not null,
    url                 varchar,
    outlet              varchar,
    title               varchar not null,
    published_at        timestamptz,
    published_at_local  varchar,
    updated_at          timestamptz,
    updated_at_local    varchar,
    language            varchar,
    read_time_min       integer,
    word_count          integer not null,
    body                varchar not null,
    image_caption       varchar,
    image_credit        varchar,
    page_id             varchar not null,
    version             integer not null,
    versions            integer not null,
    fetched_at          timestamptz,
    field_sources       json,
    load_id             varchar not null
);

-- authors: one row per distinct (name, kind) (grain: author_id).
create table if not exists authors (
    author_id varchar not null,
    name      varchar not null,
    kind      varchar not null
);

-- article_authors: one row per author of an article's latest version (grain: article_id, position).
create table if not exists article_authors (
    article_id varchar not null,
    author_id  varchar not null,
    position   integer not null
);

-- related_news: one row per related item shown on a page (grain: page_id, position).
create table if not exists related_news (
    page_id            varchar not null,
    article_id         varchar not null,
    position           integer not null,
    section            varchar,
    time_text          varchar,
    published_at       timestamptz,
    published_at_local varchar,
    title              varchar not null,
    summary            varchar,
    url                varchar,
    author             varchar
);

-- rejected_pages: one row per record that was not loaded, and why (grain: page_id).
create table if not exists rejected_pages (
    page_id     varchar not null,
    source_path varchar,
    record      integer,
    reason      varchar not null,
    check_name  varchar,
    details     varchar,
    load_id     varchar not null
);

-- load_runs: one row per load (grain: load_id).
create table if not exists load_runs (
    load_id           varchar not null,
    mode              varchar,
    run_id            varchar,
    started_at        timestamptz,
    finished_at       timestamptz,
    files_seen        integer,
    files_read        integer,
    pages_seen        integer,
    pages_new         integer,
    pages_processed   integer,
    articles_inserted integer,
    articles_updated  integer,
    versions_added    integer,
    pages_rejected    integer,
    status            varchar,
    error             varchar
);
