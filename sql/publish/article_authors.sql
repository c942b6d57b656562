-- article_authors: one row per author of an article's latest version, in byline order
-- (grain: article_id, position). Filled by the authors of the articles this load touched;
-- rows of articles that no longer exist are dropped.
delete from article_authors
where article_id in (select article_id from staging.load_versions)
    or article_id not in (select article_id from articles);

insert into article_authors
with touched as (
    select article_id, page_id
    from articles
    where article_id in (select article_id from staging.load_versions)
),

version_authors as (
    select page_id, position, author_id from staging.version_authors
),

final as (
    select t.article_id, a.author_id, a.position
    from touched as t
    join version_authors as a using (page_id)
)

select * from final
