"""dyad.store: where coded articles, their events and failed items are kept.

`open_store(url_or_path)` returns a `Store` (protocol.py): an embedded DuckDB file by default, or
a PostgreSQL database for a team (`postgresql://USER@HOST/DB`). The rest of dyad sees only
`Store`, `AddResult` and the plain record dicts they return, never SQL.
"""

from dyad.store.duckdb_store import SCHEMA_VERSION, DuckDBStore, default_path
from dyad.store.factory import is_server_url, open_store, shown_address
from dyad.store.protocol import AddResult, SchemaInfo, Store

__all__ = ["SCHEMA_VERSION", "AddResult", "DuckDBStore", "SchemaInfo", "Store", "default_path", "is_server_url",
           "open_store", "shown_address"]
