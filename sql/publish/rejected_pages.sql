-- rejected_pages: one row per input record that was not loaded, and why (grain: page_id).
-- Filled by the pages this load's staging rejected (parse failures, quality checks) and by this load's
-- duplicates: a staged page whose article content is already stored, or repeats inside
-- this load, is no new version; its row names the page it repeats.
-- A reparse first drops the rejects of the pages it parses again.
delete from rejected_pages
where page_id in (
    select page_id from staging.reparse_pages where load_id = getvariable('load_id')
);

insert into rejected_pages
with staged_versions as (
    select page_id, article_id, content_hash, fetched_at
    from staging.versions
    where load_id = getvariable('load_id')
),

staged_rejects as (
    select * exclude (load_id) from staging.rejects where load_id = getvariable('load_id')
),

reparsed as (
    select page_id from staging.reparse_pages where load_id = getvariable('load_id')
),

stored_versions as (
    select article_id, content_hash, page_id
    from article_versions
    where page_id not in (select page_id from reparsed)
),

raw as (
    select page_id, source_path, record from raw_pages
),

-- an unknown fetch time counts as the oldest, here as in the version numbers
staged_in_fetch_order as (
    select
        page_id,
        article_id,
        content_hash,
        row_number() over same_content as n,
        first_value(page_id) over same_content as first_page
    from staged_versions
    window same_content as (
        partition by article_id, content_hash order by fetched_at nulls first, page_id
    )
),

stored_contents as (
    select article_id, content_hash, min(page_id) as page_id
    from stored_versions
    group by article_id, content_hash
),

duplicates as (
    select s.page_id, coalesce(k.page_id, s.first_page) as same_as
    from staged_in_fetch_order as s
    left join stored_contents as k using (article_id, content_hash)
    where k.page_id is not null or s.n > 1
),

duplicate_rows as (
    select
        d.page_id,
        r.source_path,
        r.record,
        'duplicate' as reason,
        null as check_name,
        'same article content as page ' || d.same_as as details
    from duplicates as d
    left join raw as r using (page_id)
),

staged_reject_rows as (
    select s.page_id, s.source_path, s.record, s.reason, s.check_name, s.details
    from staged_rejects as s
    where not exists (select 1 from rejected_pages as r where r.page_id = s.page_id)
),

final as (
    select * from duplicate_rows
    union all
    select * from staged_reject_rows
)

select *, getvariable('load_id') as load_id
from final
