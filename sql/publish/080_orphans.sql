-- After a reparse an article may have lost every version (its URL now normalizes to another
-- id): drop the rows that point at pages no longer behind it, and authors nobody credits.
delete from search_terms where article_id in (
    select article_id from articles where page_id not in (select page_id from article_versions)
);
delete from search_docs where article_id in (
    select article_id from articles where page_id not in (select page_id from article_versions)
);
delete from article_authors where article_id in (
    select article_id from articles where page_id not in (select page_id from article_versions)
);
delete from articles where page_id not in (select page_id from article_versions);
delete from authors where author_id not in (select author_id from article_authors);
