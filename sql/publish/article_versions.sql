-- article_versions: one row per distinct content of an article (grain: article_id, version).
-- Filled by this load's staged versions that are no duplicate (rejected_pages names those).
-- A reparse first drops the versions of the pages it parses again. Versions count from 1
-- in fetch order (an unknown fetch time first) and are renumbered when an older page
-- arrives late.
delete from article_versions
where page_id in (
    select page_id from staging.reparse_pages where load_id = getvariable('load_id')
);

insert into article_versions by name
with staged_versions as (
    select * exclude (load_id) from staging.versions where load_id = getvariable('load_id')
),

duplicates as (
    select page_id
    from rejected_pages
    where load_id = getvariable('load_id') and reason = 'duplicate'
),

-- How many versions each article already has: a page that comes after them is numbered on.
held as (
    select article_id, count(*) as versions
    from article_versions
    where article_id in (select article_id from staged_versions)
    group by article_id
),

final as (
    select
        s.*,
        (
            coalesce(h.versions, 0)
            + row_number() over (
                partition by s.article_id order by s.fetched_at nulls first, s.page_id
            )
        )::integer as version,
        getvariable('load_id') as load_id
    from staged_versions as s
    left join held as h on h.article_id = s.article_id
    where s.page_id not in (select page_id from duplicates)
)

select * from final;

-- An article that got a page older than one it held (or lost one to a reparse) is numbered
-- again whole: the versions whose number is not their place in fetch order. Most nights
-- there are none, and the update, which on the lake rewrites rows whole, reads nothing.
create or replace temp table renumbered as
select page_id, numbered
from (
    select
        page_id,
        version,
        row_number() over (
            partition by article_id order by fetched_at nulls first, page_id
        )::integer as numbered
    from article_versions
    where article_id in (select article_id from staging.load_versions)
)
where version is distinct from numbered;

set variable versions_renumbered = exists (select 1 from temp.main.renumbered);

update article_versions as v
set version = n.numbered
from temp.main.renumbered as n
where getvariable('versions_renumbered') and v.page_id = n.page_id;

drop table temp.main.renumbered;
