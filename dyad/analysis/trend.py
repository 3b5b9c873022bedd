"""Counts per period, PLOVER type and quad class, with mean intensity: a dyad's relations over time.

Long form, one row per (period, type): `period, type, quad_class, count, mean_intensity`. A period
in which the store holds no article at all is *empty* (`count` None: nothing was read, so
nothing is known), which is not the same as a period with articles but no matching record (one
row with `count` 0). A record whose date is coarser than the period (a month-precision event in
a daily trend) falls in no single period and is left out; the result says how many.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Any

from dyad.models import EVENT_TYPES

from .periods import label, next_start, period_start, record_period

__all__ = ["TREND_COLUMNS", "trend_rows"]

TREND_COLUMNS = ("period", "type", "quad_class", "count", "mean_intensity")


def trend_rows(records: Iterable[dict[str, Any]], article_days: list[tuple[date, int]], every: str,
               since: date | None = None, until: date | None = None) -> tuple[list[dict[str, Any]], int]:
    """(rows, records left out because their date is unknown or coarser than `every`)."""
    cells: dict[date, dict[tuple[str, int], list[float]]] = defaultdict(lambda: defaultdict(list))
    left_out = 0
    for record in records:
        period = record_period(record)
        if period is None or period_start(period[0], every) != period_start(period[1], every):
            left_out += 1
            continue
        start = period_start(period[0], every)
        cells[start][(record["type"], record.get("quad_class") or 0)].append(float(record.get("intensity") or 0))
    covered = {period_start(day, every) for day, count in article_days if day is not None and count}
    known = sorted(set(cells) | covered)
    if not known and not (since and until):
        return [], left_out
    first = period_start(since, every) if since else known[0]
    last = period_start(until, every) if until else known[-1]
    rows: list[dict[str, Any]] = []
    order = {t: i for i, t in enumerate(EVENT_TYPES)}
    current = first
    while current <= last:
        name = label(current, every)
        if current in cells:
            for (type_, quad), values in sorted(cells[current].items(), key=lambda kv: order.get(kv[0][0], 99)):
                rows.append({"period": name, "type": type_, "quad_class": quad, "count": len(values),
                             "mean_intensity": round(sum(values) / len(values), 2)})
        else:
            rows.append({"period": name, "type": None, "quad_class": None,
                         "count": 0 if current in covered else None, "mean_intensity": None})
        current = next_start(current, every)
    return rows, left_out
