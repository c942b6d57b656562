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
    select t.article_id, q.qi, t.tf, t.doc_len
    from q
    join search_terms as t on t.term = q.term and t.language is not distinct from q.language
),

-- a document has one language, so it matches each query word at most once
df as (
    select qi, count(*) as df from hits group by qi
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
),

-- the best $limit first, then their texts: joining every hit with articles costs 3x more
top as (
    select article_id, score from scored order by score desc, article_id limit $limit
)

select
    a.article_id, a.title, a.url, a.outlet, a.published_at_local as published_at, a.body,
    round(s.score, 4) as score
from top as s
join articles as a using (article_id)
order by s.score desc, a.article_id
