-- articles_per_outlet_day: one row per outlet and local publication day (undated: fetch day).
create or replace view articles_per_outlet_day as
with dated as (
    select
        coalesce(outlet, '(unknown)') as outlet,
        coalesce(published_at_local[:10]::date, fetched_at::date) as day
    from articles
)

select outlet, day, count(*) as articles
from dated
group by outlet, day
order by day desc nulls last, articles desc, outlet;
