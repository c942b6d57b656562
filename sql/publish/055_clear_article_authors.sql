delete from article_authors
where article_id in (select article_id from staging.versions)
