-- BM25 (k1 = 1.2, b = 0.75) over search_terms/search_docs, statistics taken at query time.
-- $languages/$term_index/$terms: the query's stems, one row per (index language, query word);
-- a document matches a query word through the stem made in the document's own language.
with q as (
    select unnest($languages) as language, unnest($term_index) as qi, unnest($terms) as term
),

stats as (
    select count(*)::double as n, avg(doc_len) as avgdl from search_docs
),

hits as (
    select d.article_id, q.qi, t.tf, d.doc_len
    from q
    join search_terms as t on t.term = q.term
    join search_docs as d
        on d.article_id = t.article_id and d.language is not distinct from q.language
),

df as (
    select qi, count(distinct article_id) as df from hits group by qi
),

scored as (
    select
        h.article_id,
        sum(
            ln(1 + (s.n - df.df + 0.5) / (df.df + 0.5))
            * h.tf * (1.2 + 1)
            / (h.tf + 1.2 * (1 - 0.75 + 0.75 * h.doc_len / s.avgdl))
        ) as score
    from hits as h
    join df using (qi)
    cross join stats as s
    group by h.article_id
)

select
    a.article_id, a.title, a.url, a.outlet, a.published_at_local as published_at, a.body,
    round(s.score, 4) as score
from scored as s
join articles as a using (article_id)
order by s.score desc, a.published_at desc nulls last, a.article_id
limit $limit
