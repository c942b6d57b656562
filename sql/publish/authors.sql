-- authors: one row per distinct author name and kind (grain: author_id). Filled by the
-- authors of the articles this load touched that are not stored yet; an author nobody
-- credits any more (article_authors is written first) is dropped.
insert into authors
with touched as (
    select page_id
    from articles
    where article_id in (select article_id from staging.load_versions)
),

credited as (
    select distinct a.author_id, a.name, a.kind
    from touched as t
    join staging.version_authors as a using (page_id)
),

final as (
    select author_id, name, kind
    from credited
    where author_id not in (select author_id from authors)
)

select * from final;

delete from authors where author_id not in (select author_id from article_authors);
