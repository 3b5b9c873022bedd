"""Versioned schema migrations, one numbered SQL file per version and backend.

`migrations/duckdb/0002_incidents.sql` and `migrations/postgres/0002_incidents.sql` are all it
takes to add a table: each store applies, in order and each in its own transaction, the files
above the version its `schema_version` table records, and records each one. Both backends must
have the same versions (tests/test_store_backends.py checks), so a store copied from one backend
to the other has the same shape. A released file is never edited.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

__all__ = ["BACKENDS", "Migration", "latest", "migrations"]

BACKENDS = ("duckdb", "postgres")
_FILE = re.compile(r"(\d{4})_([a-z0-9_]+)\.sql")


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


@cache
def migrations(backend: str) -> tuple[Migration, ...]:
    """The backend's migrations in version order; versions run 1, 2, 3 ... without gaps."""
    folder = resources.files("dyad.store.migrations").joinpath(backend)
    found = []
    for entry in folder.iterdir():
        match = _FILE.fullmatch(entry.name)
        if match:
            found.append(Migration(int(match[1]), match[2], entry.read_text(encoding="utf-8")))
    found.sort(key=lambda m: m.version)
    if [m.version for m in found] != list(range(1, len(found) + 1)):
        raise RuntimeError(f"dyad/store/migrations/{backend}: versions must run 1, 2, 3 ... without gaps")
    return tuple(found)


def latest(backend: str = "duckdb") -> int:
    """The schema version this dyad writes and reads."""
    return migrations(backend)[-1].version
