-- A reparse or backfill parses some raw pages again (staging.reparse_pages): their derived
-- rows are deleted here, inside the publish transaction, and rebuilt by the statements
-- that follow, so readers go from the old rows to the new ones in one step.
delete from search_terms where article_id in (
    select article_id from article_versions
    where page_id in (select page_id from staging.reparse_pages)
);
delete from search_docs where article_id in (
    select article_id from article_versions
    where page_id in (select page_id from staging.reparse_pages)
);
delete from related_news where page_id in (select page_id from staging.reparse_pages);
delete from rejected_pages where page_id in (select page_id from staging.reparse_pages);
delete from article_versions where page_id in (select page_id from staging.reparse_pages);
