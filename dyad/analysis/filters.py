"""Filters of the analysis functions: the event filter plus quad class, sector, mode, PLOVER
context and the unit counted (event records or incidents), validated in one place."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dyad.errors import QueryError
from dyad.query import EventFilter, parse_filter

__all__ = ["UNITS", "AnalysisFilter", "parse_analysis_filter", "parse_unit"]

UNITS = ("event", "incident")


@dataclass(frozen=True)
class AnalysisFilter:
    """`base` runs in the store; the other conditions are checked on each record."""

    base: EventFilter
    quad: int | None = None
    sector: str | None = None
    mode: str | None = None
    plover_context: str | None = None

    def matches(self, record: dict[str, Any]) -> bool:
        if self.quad is not None and record.get("quad_class") != self.quad:
            return False
        if self.sector and self.sector not in {(record.get(side) or {}).get("sector") for side in ("source", "target")}:
            return False
        if self.mode and (record.get("mode") or "").lower() != self.mode:
            return False
        return not (self.plover_context and self.plover_context not in
                    {str(c).lower() for c in record.get("contexts") or ()})


def parse_unit(unit: str | None, default: str) -> str:
    value = (unit or default).strip().lower()
    if value not in UNITS:
        raise QueryError(f"{unit!r} is not a unit; use event (each report) or incident (each real-world act)",
                         item="unit")
    return value


def parse_analysis_filter(*, quad: Any = None, sector: str | None = None, mode: str | None = None,
                          plover_context: str | None = None, **base: Any) -> AnalysisFilter:
    """Validate the raw values the CLI, the API or the web app received (None means not given)."""
    quad_class = None
    if quad is not None and str(quad).strip():
        try:
            quad_class = int(str(quad).strip())
        except ValueError:
            quad_class = 0
        if quad_class not in (1, 2, 3, 4):
            raise QueryError(f"{quad!r} is not a quad class; use 1 (verbal cooperation), 2 (material "
                             "cooperation), 3 (verbal conflict) or 4 (material conflict)", item="quad")
    if sector is not None and sector.strip() and not sector.strip().isalpha():
        raise QueryError(f"{sector!r} is not a sector code; use a code such as GOV, MIL or REB", item="sector")
    return AnalysisFilter(base=parse_filter(**base), quad=quad_class,
                          sector=sector.strip().upper() if sector and sector.strip() else None,
                          mode=mode.strip().lower() if mode and mode.strip() else None,
                          plover_context=plover_context.strip().lower()
                          if plover_context and plover_context.strip() else None)
