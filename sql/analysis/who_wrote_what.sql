-- Every article with its authors in byline order (desks and agencies included).
with bylines as (
    select
        aa.article_id,
        string_agg(au.name || ' (' || au.kind || ')', ', ' order by aa.position) as authors
    from article_authors as aa
    join authors as au using (author_id)
    group by aa.article_id
)

select a.outlet, a.published_at_local, a.title, b.authors
from articles as a
left join bylines as b using (article_id)
order by a.published_at desc nulls last, a.title
