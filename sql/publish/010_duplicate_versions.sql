-- A staged page whose article content is already stored (or repeats inside this load) is no
-- new version: it is recorded in rejected_pages as a duplicate, naming the page it repeats.
insert into rejected_pages
with staged as (
    select
        page_id,
        article_id,
        content_hash,
        row_number() over (
            partition by article_id, content_hash order by fetched_at nulls last, page_id
        ) as n,
        first_value(page_id) over (
            partition by article_id, content_hash order by fetched_at nulls last, page_id
        ) as first_page
    from staging.versions
),

stored as (
    select article_id, content_hash, min(page_id) as page_id
    from article_versions
    group by article_id, content_hash
),

duplicates as (
    select s.page_id, coalesce(k.page_id, s.first_page) as same_as
    from staged as s
    left join stored as k using (article_id, content_hash)
    where k.page_id is not null or s.n > 1
)

select
    d.page_id,
    r.source_path,
    r.record,
    'duplicate' as reason,
    null as check_name,
    'same article content as page ' || d.same_as as details,
    $load_id as load_id
from duplicates as d
left join raw_pages as r using (page_id)
