-- authors_by_article_count: one row per author, with how many articles carry their name.
create or replace view authors_by_article_count as
with credited as (
    select au.author_id, au.name, au.kind, aa.article_id
    from authors as au
    join article_authors as aa using (author_id)
)

select author_id, name, kind, count(distinct article_id) as articles
from credited
group by author_id, name, kind
order by articles desc, name;
