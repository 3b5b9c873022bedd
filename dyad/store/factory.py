"""`open_store(url_or_path)`: the one way the CLI, the API and the engine get a store.

The address picks the backend: `postgresql://...` (or `postgres://...`) is a PostgreSQL server,
anything else is a DuckDB file (or ":memory:"); None means `$DYAD_DB`, else ./dyad.duckdb.
"""

from __future__ import annotations

from pathlib import Path

from dyad.store.duckdb_store import DuckDBStore, default_path
from dyad.store.protocol import Store

__all__ = ["is_server_url", "open_store", "shown_address"]

_SERVER_SCHEMES = ("postgresql://", "postgres://")


def is_server_url(address: str | Path | None) -> bool:
    """True for a PostgreSQL URL: such a store is not a file (it cannot be checked with exists())."""
    return isinstance(address, str) and address.strip().lower().startswith(_SERVER_SCHEMES)


def shown_address(address: str | Path) -> str:
    """The address as messages may show it: a PostgreSQL URL without its password."""
    if is_server_url(address):
        from dyad.store.postgres_store import redact

        return redact(str(address))
    return str(address)


def open_store(address: str | Path | None = None, *, read_only: bool = False) -> Store:
    """Open (creating or migrating on first use) the store at `address`.

    `read_only` opens an existing store for reading: DuckDB takes no write lock and creates no
    file; PostgreSQL runs every transaction READ ONLY, so the server itself refuses writes.
    """
    address = default_path() if address is None else address
    if is_server_url(address):
        from dyad.store.postgres_store import PostgresStore

        return PostgresStore(str(address).strip(), read_only=read_only)
    return DuckDBStore(address, read_only=read_only)
