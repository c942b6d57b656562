-- feed_timeline: one row per distinct timed related item (live feeds, "2 hours ago" lists),
-- newest first, with the article page it was seen on.
create or replace view feed_timeline as
with timed as (
    select
        r.published_at,
        r.published_at_local,
        r.section,
        r.title,
        r.summary,
        r.url,
        a.outlet,
        a.title as seen_on,
        row_number() over (
            partition by a.outlet, r.title, r.published_at order by r.page_id
        ) as n
    from related_news as r
    join articles as a using (article_id)
    where r.published_at is not null
)

select published_at, published_at_local, outlet, section, title, summary, url, seen_on
from timed
where n = 1
order by published_at desc, outlet, title;
