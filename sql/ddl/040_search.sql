-- BM25 search over articles (title + body), kept as plain tables so that a nightly load
-- appends the changed articles instead of rebuilding the whole index.
-- search_docs: one row per indexed article (grain: article_id); page_id says which version.
create table if not exists search_docs (
    article_id varchar not null,
    page_id    varchar not null,
    language   varchar,
    doc_len    integer not null
);

-- search_terms: one row per (stemmed term, article) (grain: term, article_id).
create table if not exists search_terms (
    term       varchar not null,
    article_id varchar not null,
    tf         integer not null
);
