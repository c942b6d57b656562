"""The DuckLake backend's groundwork (issue 15): catalog, raw pages in Parquet, parsing on Dask.

Nothing here is wired into the pipeline yet; `make run` and the Dagster graph use the
embedded DuckDB file as before.
"""
