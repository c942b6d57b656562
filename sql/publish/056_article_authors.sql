insert into article_authors
select
    article_id,
    md5(lower(a.name) || chr(31) || a.kind)[:16] as author_id,
    position::integer as position
from (
    select art.article_id, unnest(v.authors) as a, generate_subscripts(v.authors, 1) as position
    from articles as art
    join article_versions as v using (page_id)
    where art.article_id in (select article_id from staging.versions)
)
