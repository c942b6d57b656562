"""The pipeline's steps, above the warehouse API: each takes a `Writer` (or a `Reader`).

ingest    landing folder -> raw pages, in batches          (ingest.ingest_landing)
stage     pending raw pages -> staged rows, process pool   (stage.stage_pending)
validate  Great Expectations suites on the staged rows     (validate.*)
publish   staged rows -> the published tables, by relation (publish.publish_staged)
index     changed articles -> the BM25 index; search       (index.index_articles, search)
"""
