-- DuckLake layout of the raw pages (run after sql/ddl/ on a lake): the bytes carry their
-- fetch time too, so both raw tables are Parquet partitioned by fetch day (UTC) and a shard
-- of one day's pages reads that day's files only. Pages without a fetch time share the
-- null partition.
alter table raw.raw_page_content add column if not exists fetched_at timestamptz;
alter table raw_pages set partitioned by (year(fetched_at), month(fetched_at), day(fetched_at));
alter table raw.raw_page_content set partitioned by (year(fetched_at), month(fetched_at), day(fetched_at));
