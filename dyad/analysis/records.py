"""The records one unit counts: event records (each report) or incident records (each act)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from .filters import AnalysisFilter

__all__ = ["iter_records", "list_records"]


def iter_records(store: Any, unit: str, filters: AnalysisFilter) -> Iterator[dict[str, Any]]:
    """Every matching record of `unit`, streamed (no limit applied)."""
    base = replace(filters.base, limit=None)
    source = store.iter_events(base) if unit == "event" else store.iter_incidents(base)
    for record in source:
        if filters.matches(record):
            yield record


def list_records(store: Any, unit: str, filters: AnalysisFilter) -> list[dict[str, Any]]:
    """A page of matching records, newest first, at most `filters.base.limit`."""
    limit = filters.base.limit
    if not (filters.quad or filters.sector or filters.mode or filters.plover_context):
        return store.events(filters.base) if unit == "event" else store.incidents(filters.base)
    found = store.events(replace(filters.base, limit=None)) if unit == "event" \
        else store.incidents(replace(filters.base, limit=None))
    kept = [r for r in found if filters.matches(r)]
    return kept[:limit] if limit is not None else kept
