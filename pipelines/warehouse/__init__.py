"""The warehouse API: every SQL statement the pipeline runs, behind `Warehouse`.

    Warehouse(path).writer()  -> Writer   ingest, staging, checks' rows, publish, index
    Warehouse(path).reader()  -> Reader   counts, schemas, load history, search, analyst SQL
    Warehouse(path).publish()             swap the work file in as the readers' snapshot

Plain Python values and Arrow tables go in and out, never a connection, so another backend
can stand behind the same interface.
"""

from pipelines.warehouse.files import BACKEND_KIND, NotAWarehouse, WarehouseBusy
from pipelines.warehouse.reader import LedgerCounts, QueryError, QueryResult, Reader
from pipelines.warehouse.store import Warehouse
from pipelines.warehouse.writer import Writer

__all__ = [
    "BACKEND_KIND",
    "LedgerCounts",
    "NotAWarehouse",
    "QueryError",
    "QueryResult",
    "Reader",
    "Warehouse",
    "WarehouseBusy",
    "Writer",
]
