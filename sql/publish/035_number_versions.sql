-- Versions count from 1 in fetch order; renumbered whenever an older page arrives late.
update article_versions as v
set version = n.version
from (
    select
        page_id,
        row_number() over (
            partition by article_id order by fetched_at nulls first, page_id
        )::integer as version
    from article_versions
    where article_id in (select article_id from staging.versions)
) as n
where v.page_id = n.page_id
