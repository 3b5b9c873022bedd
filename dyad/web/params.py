"""Query parameters shared by the API and the dashboard: event filters, pages and cursors.

Filters arrive as the strings the user typed and go through `dyad.query.parse_filter`, the same
validation as the command line, so a bad value gets the same one-line message naming the
parameter (a 422 here). Pages are read with an opaque cursor; it holds the offset of the next
page, so a page stays put while nothing is written, and a write between two pages can shift
the rest by the number of events it added (docs/API.md).
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Query

from dyad.errors import QueryError
from dyad.models import EVENT_TYPES, MODALITIES
from dyad.query import EventFilter, parse_filter

PAGE_DEFAULT = 50
PAGE_MAX = 500
MAX_OFFSET = 100_000
"""How deep a cursor may go: past it, narrow the filters or download CSV/Parquet instead."""

Actor = Annotated[str | None, Query(description="Events whose source or target is this 3-letter code.",
                                    examples=["IRN"], max_length=16)]
Dyad = Annotated[str | None, Query(description="SOURCE:TARGET, either side `*` for any (`USA:*`).",
                                   examples=["USA:IRN"], max_length=32)]
Type = Annotated[str | None, Query(description="A PLOVER event type: " + ", ".join(EVENT_TYPES) + ".",
                                   examples=["ACCUSE"], max_length=32)]
Since = Annotated[str | None, Query(description="First day of the window: YYYY, YYYY-MM or YYYY-MM-DD "
                                                "(an event whose period overlaps the window matches).",
                                    examples=["2024-01"], max_length=32)]
Until = Annotated[str | None, Query(description="Last day of the window: YYYY, YYYY-MM or YYYY-MM-DD.",
                                    examples=["2024-12-31"], max_length=32)]
Modality = Annotated[str | None, Query(description="One of " + ", ".join(MODALITIES) + ".",
                                       examples=["asserted"], max_length=32)]
Limit = Annotated[int, Query(ge=1, le=PAGE_MAX, description=f"Page size, 1 to {PAGE_MAX}.", examples=[50])]
Cursor = Annotated[str | None, Query(description="`next_cursor` of the previous page; absent for the first.",
                                     max_length=200)]


def event_filter(actor: Actor = None, dyad: Dyad = None, type: Type = None, since: Since = None,
                 until: Until = None, modality: Modality = None) -> EventFilter:
    """The validated filter of a request (a `QueryError`, answered 422, names the bad parameter)."""
    return parse_filter(actor=actor, dyad=dyad, type=type, since=since, until=until, modality=modality)


def filter_query(filters: EventFilter) -> dict[str, str]:
    """A filter back as query-string values, for links that keep the user's filters."""
    out: dict[str, str] = {}
    for name in ("actor", "type", "modality"):
        if getattr(filters, name):
            out[name] = getattr(filters, name)
    if filters.dyad:
        out["dyad"] = ":".join(filters.dyad)
    if filters.since:
        out["since"] = filters.since.isoformat()
    if filters.until:
        out["until"] = filters.until.isoformat()
    return out


@dataclass(frozen=True)
class Page:
    """Where a page starts and how long it is."""

    offset: int
    size: int

    def cut(self, rows: list[Any]) -> tuple[list[Any], str | None]:
        """Given rows from `offset` up to one past the page, the page and the next cursor."""
        more = len(rows) > self.size
        return rows[:self.size], encode_cursor(self.offset + self.size) if more else None


def page(limit: int, cursor: str | None) -> Page:
    return Page(decode_cursor(cursor), limit)


def encode_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(json.dumps({"o": offset}).encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> int:
    """The offset a cursor stands for; 0 for none. Raises `QueryError` (item "cursor")."""
    if cursor is None or not cursor.strip():
        return 0
    try:
        data = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        offset = data["o"]
        if isinstance(offset, bool) or not isinstance(offset, int) or offset < 0:
            raise ValueError
    except (ValueError, TypeError, KeyError, binascii.Error, UnicodeDecodeError):
        raise QueryError(f"{cursor!r} is not a cursor; pass the next_cursor of the previous page "
                         "unchanged", item="cursor") from None
    if offset > MAX_OFFSET:
        raise QueryError(f"pages go {MAX_OFFSET} rows deep; narrow the filters or download the "
                         "whole result as CSV or Parquet", item="cursor")
    return offset
