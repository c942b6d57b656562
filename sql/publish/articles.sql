-- articles: one row per article, its latest version by fetch time (grain: article_id).
-- Filled by the latest version of every article this load touched, named as its host in
-- `outlets` (published before). An article left with no version (a reparse moved its
-- pages to another id) is dropped.
-- Only a reparse drops versions: on other nights the search for articles left without one
-- (every page id of articles against every one of article_versions) is not made.
set variable articles_orphaned = exists (
    select 1 from staging.reparse_pages where load_id = getvariable('load_id')
);

delete from articles
where article_id in (select article_id from staging.load_versions)
    or (
        getvariable('articles_orphaned')
        and page_id not in (select page_id from article_versions)
    );

-- Pick the latest page on narrow columns first, then fetch its full row: a window over
-- whole rows (bodies included) does not fit a 1 GB memory cap at 100k articles.
insert into articles
with touched as (
    select distinct article_id from staging.load_versions
),

latest as (
    select article_id, arg_max(page_id, version) as page_id, count(*)::integer as versions
    from article_versions
    where article_id in (select article_id from touched)
    group by article_id
),

final as (
    select
        v.article_id, v.url, coalesce(o.name, v.outlet) as outlet, v.title, v.published_at,
        v.published_at_local, v.updated_at, v.updated_at_local, v.language, v.read_time_min,
        v.word_count, v.body, v.image_caption, v.image_credit, v.page_id, v.version,
        l.versions, v.fetched_at, v.field_sources, v.load_id
    from latest as l
    join article_versions as v using (page_id)
    left join outlets as o on o.host = url_host(v.url)
)

select * from final
