-- related_news: one row per related item shown on a page (grain: page_id, position).
-- Filled by this load's staged items of the pages that became article versions.
-- A reparse first drops the items of the pages it parses again.
delete from related_news
where page_id in (
    select page_id from staging.reparse_pages where load_id = getvariable('load_id')
);

insert into related_news
with staged_related as (
    select * exclude (load_id) from staging.related where load_id = getvariable('load_id')
),

final as (
    select r.*
    from staged_related as r
    where r.page_id in (select page_id from staging.load_versions)
)

select * from final
