-- load_runs: one row per load (grain: load_id). Filled by the load in progress and what
-- this publish does: it is written before `articles` is rewritten, because it counts new
-- articles and articles whose latest page changes.
insert into load_runs
with load_state as (
    select * from staging.load_state where load_id = getvariable('load_id')
),

load_versions as (
    select article_id from staging.load_versions
),

latest as (
    select article_id, arg_max(page_id, version) as page_id
    from article_versions
    where article_id in (select article_id from load_versions)
    group by article_id
),

changes as (
    select
        count(*) filter (where a.article_id is null) as inserted,
        count(*) filter (where a.article_id is not null and a.page_id <> l.page_id) as updated
    from latest as l
    left join articles as a using (article_id)
),

rejects as (
    select count(*) as pages from rejected_pages where load_id = getvariable('load_id')
),

final as (
    select
        s.load_id,
        s.mode,
        s.run_id,
        s.started_at,
        now() as finished_at,
        s.files_seen,
        s.files_read,
        s.pages_seen,
        s.pages_new,
        s.pages_processed,
        c.inserted as articles_inserted,
        c.updated as articles_updated,
        (select count(*) from load_versions) as versions_added,
        r.pages as pages_rejected,
        'succeeded' as status,
        null as error
    from load_state as s
    cross join changes as c
    cross join rejects as r
)

select * from final
