"""The warehouse API: every SQL statement the pipeline runs, behind `Warehouse`.

    Warehouse(path).writer()  -> Writer   ingest, staging, checks' rows, publish, index
    Warehouse(path).reader()  -> Reader   counts, schemas, load history, search, analyst SQL
    Warehouse(path).publish()             swap the work file in as the readers' snapshot

Plain Python values and Arrow tables go in and out, never a connection, so another backend
can stand behind the same interface: `open_warehouse(target)` returns this embedded one for
a .duckdb path and the DuckLake one (pipelines/warehouse/lake/) for a `ducklake:` URL.
"""

from pipelines.warehouse.files import BACKEND_KIND, NotAWarehouse
from pipelines.warehouse.lake.catalog import CatalogUnreachable
from pipelines.warehouse.lake.store import WarehouseSettingError, open_warehouse
from pipelines.warehouse.lock import WarehouseBusy, WarehouseLocked
from pipelines.warehouse.publishing import LedgerBroken
from pipelines.warehouse.reader import (
    LedgerCounts,
    PublicationCounts,
    QueryError,
    QueryResult,
    Reader,
)
from pipelines.warehouse.store import PublicationRefused, Warehouse
from pipelines.warehouse.writer import Writer

__all__ = [
    "BACKEND_KIND",
    "CatalogUnreachable",
    "LedgerBroken",
    "LedgerCounts",
    "NotAWarehouse",
    "PublicationCounts",
    "PublicationRefused",
    "QueryError",
    "QueryResult",
    "Reader",
    "Warehouse",
    "WarehouseBusy",
    "WarehouseLocked",
    "WarehouseSettingError",
    "Writer",
    "open_warehouse",
]
