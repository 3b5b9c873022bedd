"""`dyad db copy FROM TO`: move a whole store between backends (DuckDB <-> PostgreSQL), checked.

Every data table of columns.py is read a page at a time from the source and written to the
target, each page in one transaction; at the end the row count of every table must be equal on
both sides, or the copy is reported as failed. The incidents go with the events, with the
parameters they were made with, so the target has nothing to redo. The target must be empty:
copying into a store that already holds articles would mix two histories (merge them with
`dyad ingest` instead).
"""

from __future__ import annotations

from collections.abc import Callable

from dyad.errors import StoreError
from dyad.store import columns as spec
from dyad.store.protocol import Store

__all__ = ["copy_store"]


def copy_store(source: Store, target: Store, *, page: int = 5000,
               progress: Callable[[str, int], None] | None = None) -> dict[str, int]:
    """Copy every data table; returns rows per table (equal on both sides, or StoreError)."""
    before = target.info().tables
    if any(before.values()):
        held = ", ".join(f"{n} {t}" for t, n in before.items() if n)
        raise StoreError(f"the target store is not empty ({held}); copy into a new database",
                         item=target.location)
    expected = source.info().tables
    copied: dict[str, int] = {}
    for table in spec.TABLES:
        copied[table] = 0
        for rows in source.iter_rows(table, page=page):
            target.insert_rows(table, rows)
            copied[table] += len(rows)
            if progress:
                progress(table, copied[table])
    fingerprint = source.incident_params_fingerprint()
    if fingerprint is not None:  # the parameters the copied incidents were made with (table meta)
        target.replace_incident_blocks([], [], fingerprint)
    after = target.info().tables
    wrong = [f"{t}: {expected.get(t, 0)} in the source, {after.get(t, 0)} in the target"
             for t in spec.TABLES if expected.get(t, 0) != after.get(t, 0)]
    if wrong:
        raise StoreError(f"the copy is incomplete ({'; '.join(wrong)}); drop the target and copy again",
                         item=target.location)
    return copied
