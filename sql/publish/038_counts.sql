-- What this publish will do to `articles`: new articles, and articles whose latest page changes.
with latest as (
    select article_id, arg_max(page_id, version) as page_id
    from article_versions
    where article_id in (select article_id from staging.versions)
    group by article_id
)

select
    count(*) filter (where a.article_id is null) as inserted,
    count(*) filter (where a.article_id is not null and a.page_id <> l.page_id) as updated,
    (select count(*) from staging.versions) as versions_added
from latest as l
left join articles as a using (article_id)
