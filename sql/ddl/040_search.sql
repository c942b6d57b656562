-- BM25 search over articles (title + body), kept as plain tables so that a nightly load
-- appends the changed articles instead of rebuilding the whole index.
-- search_docs: one row per indexed article (grain: article_id); page_id says which version.
create table if not exists search_docs (
    article_id varchar not null,
    page_id    varchar not null,
    language   varchar,
    doc_len    integer not null
);

-- search_terms: one row per (stemmed term, article) (grain: term, article_id). The document's
-- length and language ride along so a query reads one table; rows are kept sorted by term
-- (appends are sorted per batch, and the table is re-sorted when the unsorted tail grows),
-- so DuckDB's zone maps skip most of it for a handful of query terms.
create table if not exists search_terms (
    term       varchar not null,
    article_id varchar not null,
    tf         integer not null,
    doc_len    integer not null,
    language   varchar
);

-- search_state: bookkeeping of the index (grain: key), e.g. how many rows were sorted last.
create table if not exists search_state (
    key   varchar not null,
    value bigint not null
);
