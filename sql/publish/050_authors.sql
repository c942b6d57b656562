insert into authors
with named as (
    select distinct a.name, a.kind
    from (
        select unnest(authors) as a
        from articles as art
        join article_versions as v using (page_id)
        where art.article_id in (select article_id from staging.versions)
    )
)

select md5(lower(name) || chr(31) || kind)[:16] as author_id, name, kind
from named
where md5(lower(name) || chr(31) || kind)[:16] not in (select author_id from authors)
