"""The most active dyads, actors, event types or months in a period."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from dyad.errors import QueryError

from .periods import label, record_period

__all__ = ["TOP_BY", "TOP_COLUMNS", "parse_by", "top_rows"]

TOP_BY = ("dyad", "actor", "type", "month")
TOP_COLUMNS = ("key", "count", "cooperation", "conflict", "mean_intensity")


def parse_by(by: str | None) -> str:
    value = (by or "dyad").strip().lower()
    if value not in TOP_BY:
        raise QueryError(f"{by!r} is not something to rank; use dyad, actor, type or month", item="by")
    return value


def _keys(record: dict[str, Any], by: str) -> list[str]:
    src = (record.get("source") or {}).get("country")
    tgt = (record.get("target") or {}).get("country")
    if by == "dyad":
        return [f"{src}:{tgt}"] if src and tgt else []
    if by == "actor":
        return sorted({c for c in (src, tgt) if c})
    if by == "type":
        return [record["type"]]
    period = record_period(record)
    return [label(period[0], "month")] if period and period[0].month == period[1].month \
        and period[0].year == period[1].year else []


def top_rows(records: Iterable[dict[str, Any]], by: str, limit: int = 20) -> list[dict[str, Any]]:
    """Rows `key, count, cooperation, conflict, mean_intensity`, most records first (ties by key);
    the most hostile dyads are those with the lowest mean intensity."""
    totals: dict[str, list[float]] = defaultdict(lambda: [0, 0, 0, 0.0])
    for record in records:
        cooperation = (record.get("quad_class") or 0) in (1, 2)
        for key in _keys(record, by):
            row = totals[key]
            row[0] += 1
            row[1 if cooperation else 2] += 1
            row[3] += float(record.get("intensity") or 0)
    ranked = sorted(totals.items(), key=lambda kv: (-kv[1][0], kv[0]))[:limit]
    return [{"key": key, "count": int(n), "cooperation": int(coop), "conflict": int(conf),
             "mean_intensity": round(total / n, 2)} for key, (n, coop, conf, total) in ranked]
