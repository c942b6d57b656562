insert or replace into articles
with affected as (
    select *
    from article_versions
    where article_id in (select article_id from staging.versions)
),

counted as (
    select *, count(*) over (partition by article_id)::integer as versions
    from affected
    qualify version = max(version) over (partition by article_id)
)

select
    article_id, url, outlet, title, published_at, published_at_local, updated_at,
    updated_at_local, language, read_time_min, word_count, body, image_caption, image_credit,
    page_id, version, versions, fetched_at, field_sources, load_id
from counted
