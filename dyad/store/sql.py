"""SQL that both backends share: the event query built from a filter, and the event order.

Values always travel as parameters, never inside the SQL text; `mark` is the backend's
placeholder ("?" for DuckDB, "%s" for psycopg).
"""

from __future__ import annotations

from typing import Any

from dyad.query import ANY, EventFilter

EVENT_ORDER = ("ORDER BY date_sort DESC NULLS LAST, story_date DESC NULLS LAST, "
               "article_id, sentence_index, event_id")
"""Newest first; undated events last; then a stable order down to the sentence, so that the same
store always answers the same query with the same list."""


def select_events(filters: EventFilter, *, ordered: bool, mark: str = "?",
                  tail: str = "") -> tuple[str, list[Any]]:
    """The SELECT of matching event records. `tail` is an ORDER BY for unordered reads that a
    backend needs for a stable streaming order (PostgreSQL), empty for DuckDB."""
    where: list[str] = []
    params: list[Any] = []
    if filters.actor:
        where.append(f"(source_country = {mark} OR target_country = {mark})")
        params += [filters.actor, filters.actor]
    if filters.dyad:
        for column, code in zip(("source_country", "target_country"), filters.dyad, strict=True):
            if code != ANY:
                where.append(f"{column} = {mark}")
                params.append(code)
    for column, value in (("type", filters.type), ("modality", filters.modality)):
        if value:
            where.append(f"{column} = {mark}")
            params.append(value)
    if filters.since:
        where.append(f"date_end >= {mark}")   # overlap: the period ends on or after the window starts
        params.append(filters.since)
    if filters.until:
        where.append(f"date_sort <= {mark}")  # ... and starts on or before the window ends
        params.append(filters.until)
    sql = "SELECT record FROM events" + (" WHERE " + " AND ".join(where) if where else "")
    sql += " " + EVENT_ORDER if ordered else tail
    if filters.limit is not None:
        sql += f" LIMIT {mark}"
        params.append(filters.limit)
    return sql, params


def placeholders(count: int, mark: str = "?") -> str:
    return "(" + ", ".join([mark] * count) + ")"
