"""Event filters: one parser for the raw values the CLI and the API receive.

The surfaces hand over what the user typed (strings, or None when a flag was not given) and get
back a validated `EventFilter`, or a `QueryError` whose one-line message names the parameter and
says what a good value looks like. Validating here, before any SQL runs, is what lets the store
trust a filter and lets every surface give the same answer to the same mistake.

Date semantics (decided here, applied by the store): an event's date is a *period* whose length
is its precision ("2023-10" is 1-31 October 2023, "2023" the whole year). An event matches
`since`/`until` when its period **overlaps** the window, so an event dated "2023-10" is kept by
`--since 2023-10-15` (it may well have happened on the 20th) and by `--until 2023-10-01`.
Events whose date is unknown match no date window: nothing shows they fall inside it.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from dyad.errors import QueryError
from dyad.models import EVENT_TYPES, MODALITIES

__all__ = ["ANY", "EventFilter", "parse_filter", "parse_period"]

ANY = "*"
"""The wildcard side of a dyad: `RUS:*` is everything Russia does, to anyone or to no one."""

_ACTOR = re.compile(r"[A-Z]{3}")
_PERIOD = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_PERIOD_HELP = "use YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2023, 2023-09 or 2023-09-13"


@dataclass(frozen=True)
class EventFilter:
    """A validated event query; every field None means "no condition".

    `actor` matches an event whose source OR target country is that code. `dyad` is
    (source, target), either side possibly `ANY`. `since` is the first and `until` the last day
    of the window, both inclusive, compared to the event's period by overlap (module docstring).
    """

    actor: str | None = None
    dyad: tuple[str, str] | None = None
    type: str | None = None
    since: date | None = None
    until: date | None = None
    modality: str | None = None
    limit: int | None = None


def parse_period(text: str) -> tuple[date, date]:
    """First and last day of the period a YYYY, YYYY-MM or YYYY-MM-DD string names.

    Shared by the filter parser (`--since 2023-10`) and the store (an event dated "2023-10"), so
    that both sides of a date comparison read dates the same way. Raises ValueError.
    """
    match = _PERIOD.fullmatch(text.strip())
    if not match:
        raise ValueError(f"{_shown(text)} is not a date; {_PERIOD_HELP}")
    year, month, day = (int(g) if g else None for g in match.groups())
    assert year is not None
    try:
        if month is None:
            return date(year, 1, 1), date(year, 12, 31)
        if day is None:
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
        one = date(year, month, day)
    except ValueError:
        raise ValueError(f"{_shown(text)} is not a valid date; {_PERIOD_HELP}") from None
    return one, one


def parse_filter(
    actor: str | None = None,
    dyad: str | tuple[str, str] | None = None,
    type: str | None = None,
    since: str | date | None = None,
    until: str | date | None = None,
    modality: str | None = None,
    limit: str | int | None = None,
) -> EventFilter:
    """Validate raw filter values; None or a blank string means the filter was not given."""
    start = _parse_bound("since", since, first=True)
    end = _parse_bound("until", until, first=False)
    if start and end and start > end:
        raise QueryError(f"{start.isoformat()} is later than until {end.isoformat()}; "
                         "swap them or widen the window", item="since")
    return EventFilter(
        actor=_parse_actor("actor", actor),
        dyad=_parse_dyad(dyad),
        type=_parse_choice("type", type, EVENT_TYPES, str.upper, "a PLOVER event type"),
        since=start,
        until=end,
        modality=_parse_choice("modality", modality, MODALITIES, str.lower, "a modality"),
        limit=_parse_limit(limit),
    )


def _shown(value: object, limit: int = 80) -> str:
    """A value as an error message quotes it: repr, cut to `limit` characters (a 100 KB filter
    value gets a one-line error, not a 100 KB one)."""
    text = repr(value)
    return text if len(text) <= limit else f"{text[:limit]}... ({len(str(value))} characters)"


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _parse_actor(name: str, value: str | None) -> str | None:
    if _blank(value):
        return None
    assert value is not None
    code = str(value).strip().upper()
    if not _ACTOR.fullmatch(code):
        raise QueryError(f"{_shown(value)} is not a 3-letter actor code; use an ISO 3166-1 alpha-3 country "
                         "code such as RUS or UKR, or IGO, NGO, IMG", item=name)
    return code


def _parse_dyad(value: str | tuple[str, str] | None) -> tuple[str, str] | None:
    if _blank(value):
        return None
    assert value is not None
    sides = value.split(":") if isinstance(value, str) else list(value)
    if len(sides) != 2:
        raise QueryError(f"{_shown(value)} is not a dyad; use SOURCE:TARGET such as RUS:UKR, "
                         "with * for any side (RUS:*)", item="dyad")
    src, tgt = (ANY if str(s).strip() == ANY else _parse_actor("dyad", s) for s in sides)
    if src is None or tgt is None:
        raise QueryError(f"{_shown(value)} has an empty side; use SOURCE:TARGET such as RUS:UKR, "
                         "with * for any side (RUS:*)", item="dyad")
    return src, tgt


def _parse_choice(name: str, value: str | None, allowed: tuple[str, ...],
                  norm: Callable[[str], str], what: str) -> str | None:
    if _blank(value):
        return None
    assert value is not None
    choice = norm(str(value).strip())
    if choice not in allowed:
        raise QueryError(f"{_shown(value)} is not {what}; use one of {', '.join(allowed)}", item=name)
    return choice


def _parse_bound(name: str, value: str | date | None, *, first: bool) -> date | None:
    if _blank(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        start, end = parse_period(str(value))
    except ValueError as exc:
        raise QueryError(str(exc), item=name) from None
    return start if first else end


def _parse_limit(value: str | int | None) -> int | None:
    if _blank(value):
        return None
    if isinstance(value, bool):
        raise QueryError(f"{_shown(value)} is not a number of events; use a positive integer", item="limit")
    try:
        number = int(str(value).strip())
    except ValueError:
        raise QueryError(f"{_shown(value)} is not a number of events; use a positive integer such as 100",
                         item="limit") from None
    if number < 1:
        raise QueryError(f"{_shown(value)} is not a positive number of events; use 1 or more", item="limit")
    return number
