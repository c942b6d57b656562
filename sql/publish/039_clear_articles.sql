-- The articles this load touched are written again, from their latest version, by 040.
delete from articles where article_id in (select article_id from staging.versions)
