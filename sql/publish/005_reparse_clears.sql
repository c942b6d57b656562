-- A reparse rebuilds every derived table from raw_pages: empty them inside the publish
-- transaction, so readers go from the old tables to the rebuilt ones in one step.
delete from article_versions where (select any_value(mode) from staging.load_state) = 'reparse';
delete from articles where (select any_value(mode) from staging.load_state) = 'reparse';
delete from authors where (select any_value(mode) from staging.load_state) = 'reparse';
delete from article_authors where (select any_value(mode) from staging.load_state) = 'reparse';
delete from related_news where (select any_value(mode) from staging.load_state) = 'reparse';
delete from rejected_pages where (select any_value(mode) from staging.load_state) = 'reparse';
delete from search_docs where (select any_value(mode) from staging.load_state) = 'reparse';
delete from search_terms where (select any_value(mode) from staging.load_state) = 'reparse';
