"""Calendar periods (day, week, month, year) a date falls in, and their labels."""

from __future__ import annotations

from datetime import date, timedelta

from dyad.errors import QueryError

__all__ = ["EVERY", "label", "next_start", "period_start", "parse_every"]

EVERY = ("day", "week", "month", "year")


def parse_every(every: str | None) -> str:
    value = (every or "month").strip().lower()
    if value not in EVERY:
        raise QueryError(f"{every!r} is not a period; use day, week, month or year", item="every")
    return value


def period_start(day: date, every: str) -> date:
    if every == "day":
        return day
    if every == "week":
        return day - timedelta(days=day.weekday())  # ISO weeks start on Monday
    if every == "month":
        return day.replace(day=1)
    return day.replace(month=1, day=1)


def next_start(start: date, every: str) -> date:
    if every == "day":
        return start + timedelta(days=1)
    if every == "week":
        return start + timedelta(days=7)
    if every == "month":
        return date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return date(start.year + 1, 1, 1)


def label(start: date, every: str) -> str:
    """`1987-10-19`, `1987-W43`, `1987-10` or `1987`."""
    if every == "day":
        return start.isoformat()
    if every == "week":
        year, week, _ = start.isocalendar()
        return f"{year}-W{week:02d}"
    if every == "month":
        return start.strftime("%Y-%m")
    return str(start.year)


def record_period(record: dict) -> tuple[date, date] | None:
    """The days a record's (event's or incident's) date covers; None when unknown."""
    from dyad.query import parse_period

    value, precision = record.get("date"), record.get("date_precision")
    if not value or precision == "unknown":
        return None
    cut = {"year": 4, "month": 7}.get(precision or "")
    try:
        return parse_period(value[:cut] if cut else value)
    except ValueError:
        return None
