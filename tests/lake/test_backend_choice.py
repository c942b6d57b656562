"""One setting picks the backend: a .duckdb path is the file, a ducklake: URL the lake."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.settings import Settings
from pipelines.warehouse import Warehouse, open_warehouse
from pipelines.warehouse.lake.store import LakeWarehouse

URL = "ducklake:postgres:dbname=news host=127.0.0.1 port=5433 user=newswh"


def test_a_duckdb_path_is_the_embedded_file(tmp_path: Path) -> None:
    store = open_warehouse(tmp_path / "news.duckdb")
    assert type(store) is Warehouse
    assert store.path == tmp_path / "news.duckdb"


def test_a_ducklake_url_is_the_lake_with_its_data_folder() -> None:
    settings = Settings.from_env(
        {
            "NEWSWH_WAREHOUSE": URL,
            "NEWSWH_LAKE_DATA": "/srv/lake",
            "NEWSWH_DASK_SCHEDULER": "tcp://h:8786",
        }
    )
    store = open_warehouse(
        settings.warehouse, lake_data=settings.lake_data, dask_scheduler=settings.dask_scheduler
    )
    assert isinstance(store, LakeWarehouse)
    assert (store.target.catalog, store.target.data_path) == (URL, "/srv/lake/")
    assert store.dask_scheduler == "tcp://h:8786"


def test_the_lake_needs_a_data_folder_and_dask_needs_the_lake(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="NEWSWH_LAKE_DATA"):
        open_warehouse(URL)
    with pytest.raises(ValueError, match="needs a DuckLake warehouse"):
        open_warehouse(tmp_path / "news.duckdb", dask_scheduler="tcp://h:8786")


def test_a_lake_on_object_storage_locks_on_this_machine_and_parses_locally(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSWH_STATE_DIR", str(tmp_path / "state"))
    store = open_warehouse(URL, lake_data="s3://news-bucket/lake")
    assert isinstance(store, LakeWarehouse)
    assert store.target.data_path == "s3://news-bucket/lake/"
    assert store.lock_path.parent.parent == tmp_path / "state"  # not a local 's3:' folder
    assert store.lock_path.parent.name.startswith("lake-")
    assert open_warehouse(URL, lake_data="s3://news-bucket/lake").lock_path == store.lock_path
    other = URL.replace("dbname=news", "dbname=archive")
    assert open_warehouse(other, lake_data="s3://news-bucket/lake").lock_path != store.lock_path
    assert open_warehouse(URL, lake_data="/srv/lake").lock_path == Path("/srv/lake/news.duckdb")
    with pytest.raises(ValueError, match="not built yet: unset NEWSWH_DASK_SCHEDULER"):
        open_warehouse(URL, lake_data="s3://news-bucket/lake", dask_scheduler="tcp://h:8786")


def test_memory_caps_reach_the_file_and_the_lake_from_their_settings(tmp_path: Path) -> None:
    from pipelines.cli_common import store_for

    lake = {"NEWSWH_WAREHOUSE": URL, "NEWSWH_LAKE_DATA": "/srv/lake"}
    uncapped = store_for(Settings.from_env(lake))
    assert isinstance(uncapped, LakeWarehouse) and uncapped.target.memory_limit is None
    capped = store_for(Settings.from_env({**lake, "NEWSWH_LAKE_MEMORY": "6GB"}))
    assert isinstance(capped, LakeWarehouse) and capped.target.memory_limit == "6GB"
    embedded = Settings.from_env(
        {"NEWSWH_WAREHOUSE": str(tmp_path / "news.duckdb"), "NEWSWH_DUCKDB_MEMORY": "2GB"}
    )
    assert store_for(embedded).memory_limit == "2GB"
