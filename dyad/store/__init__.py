"""dyad.store: where coded articles, their events and failed items are kept.

One embedded DuckDB file by default (`open_store()`); the rest of dyad sees only `Store`,
`AddResult` and the plain record dicts they return, never SQL.
"""

from dyad.store.duckdb_store import SCHEMA_VERSION, AddResult, Store, default_path, open_store

__all__ = ["SCHEMA_VERSION", "AddResult", "Store", "default_path", "open_store"]
