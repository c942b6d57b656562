"""The DuckLake backend (issue 15): a PostgreSQL catalog, Parquet files, the same API.

catalog  extensions offline, attach, tables, snapshots, time travel, maintenance, retries
raw      raw pages as month-partitioned Parquet; pending pages in shards of consecutive fetch days
store    LakeWarehouse / LakeWriter behind the embedded `Warehouse` / `Writer` interface
"""
