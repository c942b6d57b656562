-- DuckLake layout of the raw pages (run after sql/ddl/ on a lake): the bytes carry their
-- fetch time too, so both raw tables are Parquet partitioned by fetch month (UTC), and a
-- shard's read prunes the files of that month by their fetched_at statistics to its days.
-- Months, not days: a partition is at least one file per append, and a crawl that fetches a
-- few dozen pages a day (the synthetic one: ~40) made tens of thousands of tiny files per
-- 100k pages, every scan of raw_pages opening them all. Pages without a fetch time share
-- the null partition.
alter table raw.raw_page_content add column if not exists fetched_at timestamptz;
alter table raw_pages set partitioned by (year(fetched_at), month(fetched_at));
alter table raw.raw_page_content set partitioned by (year(fetched_at), month(fetched_at));
