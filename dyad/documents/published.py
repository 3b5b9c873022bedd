"""The publication time of a story, from a date line or a metadata value.

Why this matters: the story date anchors every relative date in the text ("on Wednesday" in a
Friday story), and it must be the date in the story's own zone. A Kuala Lumpur story stamped
"01:30 MYT" on 15 September is a 15 September story although it is 14 September in UTC, so the
date is taken as written and never converted.

Decisions where the brief was silent:
- A date without a time gives `when` at midnight (naive, or aware when a zone is written), so that
  "2023-09-15" is a usable publication date; `story_date` is what matters for dating events.
- A time with no zone, or with an unknown abbreviation ("XYZT"), gives a naive `when`; the unknown
  abbreviation is still reported in `zone`. Abbreviations are case-sensitive ("EAT", not "eat").
- Ambiguous abbreviations resolve as noted in data/timezones.tsv (CST = US Central, AST = Arabia,
  IST = India, BST = British); generic US zones (ET, PT, ...) and IANA names ("Asia/Seoul") follow
  daylight time by date.
- Numeric "15/09/2023" is day-first, month-first only when the second number is > 12 (as in
  dyad.events.temporal). Two-digit years are not read: a publication date needs a full year.
- A 10-digit (13 for milliseconds) number is a Unix timestamp, reported in UTC with zone "UTC".
- When a line holds several dates or times, the first of each is used.
- Feeds in the wild glue fields together ("30Mar 2025", "Mar 202510:50:41"); both are accepted.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..datafiles import read_tsv

MAX_CHARS = 200  # a date line or metadata value; longer text is not one


@dataclass(frozen=True)
class Published:
    when: dt.datetime | None  # timezone-aware when the zone is known, naive otherwise
    story_date: dt.date | None  # the date in the story's own zone (naive -> its own date)
    zone: str | None  # the zone as written: "MYT", "EST", "+08:00", "GMT", None


NOTHING = Published(None, None, None)


def _load_zones() -> dict[str, dt.tzinfo]:
    zones: dict[str, dt.tzinfo] = {}
    for row in read_tsv("dyad.documents", "data/timezones.tsv"):
        abbr, offset = row["abbr"], row["utc_offset"]
        if m := re.fullmatch(r"([+-])(\d{2}):(\d{2})", offset):
            zones[abbr] = _fixed(m.group(1), int(m.group(2)), int(m.group(3)), abbr)
        else:
            zones[abbr] = ZoneInfo(offset)  # generic zones (ET, PT) follow daylight time by date
    return zones


def _fixed(sign: str, hours: int, minutes: int, name: str | None = None) -> dt.timezone:
    delta = dt.timedelta(hours=hours, minutes=minutes)
    delta = -delta if sign == "-" else delta
    return dt.timezone(delta, name) if name else dt.timezone(delta)


ZONES = _load_zones()

_MONTHS = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
           "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12}
_MON = (r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
        r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_ORD = r"(?:st|nd|rd|th)?"
_YEAR_END = r"(?!\d(?!\d:))"  # the year ends here, or is glued to an hour: "Mar 202510:50:41"
_ISO = re.compile(
    r"(?<!\d)(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})"
    r"(?:[T ](?P<H>\d{2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,]\d+)?)?\s?(?P<off>Z|[+-]\d{2}(?::?\d{2})?)?)?(?![\d:])")
_DATES = [
    re.compile(rf"\b{_MON}\s+(?P<d>\d{{1,2}}){_ORD},?\s+(?P<y>\d{{4}}){_YEAR_END}", re.I),
    re.compile(rf"(?<!\d)(?P<d>\d{{1,2}}){_ORD}[\s-]*(?:of\s+)?{_MON}[\s,-]+(?P<y>\d{{4}}){_YEAR_END}", re.I),
    re.compile(r"(?<!\d)(?P<y>\d{4})/(?P<m>\d{1,2})/(?P<d>\d{1,2})(?!\d)"),
    re.compile(r"(?<![\d.])(?P<d>\d{1,2})[/.](?P<m>\d{1,2})[/.](?P<y>\d{4})(?!\d)"),
]
_AMPM = r"(?P<ap>[ap]\.?\s?m\b\.?)"
_TIMES = [
    re.compile(rf"(?<![\d:])(?P<H>\d{{1,2}})[:.](?P<M>\d{{2}})(?::(?P<S>\d{{2}})(?:\.\d+)?)?\s*{_AMPM}?(?![\d:])", re.I),
    re.compile(rf"(?<![\d:])(?P<H>\d{{1,2}})\s*{_AMPM}", re.I),
    re.compile(r"(?<!\d)(?P<H>[01]\d|2[0-3])(?P<M>[0-5]\d)(?=\s*(?:GMT|UTC|Z)\b)"),  # wire style "1730 GMT"
]
_PREFIXED_OFFSET = re.compile(r"\b(?:GMT|UTC|UT)\s*(?P<sign>[+-])\s*(?P<h>\d{1,2})(?::?(?P<m>\d{2}))?(?!\d)")
_BARE_OFFSET = re.compile(r"(?<![\w+-])(?P<sign>[+-])(?P<h>\d{2}):?(?P<m>\d{2})(?!\d)")
_IANA = re.compile(r"\b[A-Z][A-Za-z_]+/[A-Z][A-Za-z_]+(?:/[A-Z][A-Za-z_]+)?\b")
_WORD = re.compile(r"\b[A-Za-z]{1,5}\b")
_UNKNOWN_ABBR = re.compile(r"\s*\(?([A-Z]{2,4}T)\b")
_NOISE = re.compile(
    r"\b(?:updated?|published|posted|first|last|modified|on|at|date|time|local|edited|"
    r"mon(?:day)?|tue(?:s|sday)?|wed(?:nesday)?|thu(?:r|rs|rsday)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)\b\.?",
    re.I)


def parse_published(text: str | None) -> Published:
    """Parse a publication date/time line or metadata value; never raises on bad input:
    Published(None, None, None) for something that is not a date."""
    try:
        found = _parse(text)
    except (ValueError, OverflowError, KeyError, ZoneInfoNotFoundError):
        return NOTHING
    return found[0] if found else NOTHING


def looks_like_date_line(line: str) -> bool:
    """True for a line that is only a publication date/time, e.g. "September 15, 2023 17:30 MYT"
    or "Updated 5:30 PM EDT, Fri September 15, 2023"; used to drop such lines from a body."""
    try:
        found = _parse(line)
    except (ValueError, OverflowError, KeyError, ZoneInfoNotFoundError):
        return False
    if not found or line.strip().isdigit():  # a Unix timestamp is metadata, never a date line
        return False
    rest = _NOISE.sub(" ", found[1])
    return not re.search(r"[^\s,;:|()\[\]/\-–—·•.]", rest)


def _parse(text: object) -> tuple[Published, str] | None:
    """The Published value and what is left of the text once date, time and zone are cut out."""
    if not isinstance(text, str) or not text.strip() or len(text) > MAX_CHARS:
        return None
    s = text.strip()
    if m := re.fullmatch(r"(\d{10})(\d{3})?(?:\.\d+)?", s):
        when = dt.datetime.fromtimestamp(int(m.group(1)), dt.UTC)
        return Published(when, when.date(), "UTC"), ""
    if m := _ISO.search(s):
        date = dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
        rest = s[: m.start()] + " " + s[m.end():]
        if m["H"] is not None:
            clock = dt.time(int(m["H"]), int(m["M"]), int(m["S"] or 0))
            if m["off"]:
                return _build(date, clock, m["off"], rest)
            return _with_zone(date, clock, rest, after=s[m.end():])
        return _with_zone(date, None, rest, find_time=True)
    for rx in _DATES:
        if m := rx.search(s):
            month = _MONTHS[m["mon"][:3].lower()] if "mon" in m.groupdict() else int(m["m"])
            day, year = int(m["d"]), int(m["y"])
            if "mon" not in m.groupdict() and month > 12:
                day, month = month, day  # 09/15/2023: month-first only when day-first is impossible
            date = dt.date(year, month, day)
            return _with_zone(date, None, s[: m.start()] + " " + s[m.end():], find_time=True)
    return None


def _with_zone(date: dt.date, clock: dt.time | None, rest: str, *, after: str = "",
               find_time: bool = False) -> tuple[Published, str]:
    """Find the time (unless known) and the zone in what is left of the line. An abbreviation
    missing from the table counts as a zone only right after the time ("09:30 XYZT")."""
    if find_time:
        for rx in _TIMES:
            if m := rx.search(rest):
                clock, after = _clock(m), rest[m.end():]
                rest = rest[: m.start()] + " " + after
                break
    m = (next((z for z in _IANA.finditer(rest) if _iana(z.group(0))), None)
         or _PREFIXED_OFFSET.search(rest) or _BARE_OFFSET.search(rest)
         or next((w for w in _WORD.finditer(rest) if w.group(0) in ZONES), None))
    if m is not None:
        zone: str | None = m.group(0)
        rest = rest[: m.start()] + " " + rest[m.end():]
    elif clock is not None and (u := _UNKNOWN_ABBR.match(after)):
        zone = u.group(1)
        rest = rest.replace(zone, " ", 1)
    else:
        zone = None
    return _build(date, clock, zone, rest)


def _clock(m: re.Match[str]) -> dt.time:
    parts = m.groupdict()
    hour, minute, second = int(parts["H"]), int(parts.get("M") or 0), int(parts.get("S") or 0)
    ap = (parts.get("ap") or "").lower()[:1]
    if ap:
        if not 1 <= hour <= 12:
            raise ValueError(f"12-hour clock out of range: {hour}")
        hour = hour % 12 + (12 if ap == "p" else 0)
    return dt.time(hour, minute, second)


def _tz(zone: str | None) -> dt.tzinfo | None:
    """The tzinfo of a zone as written, or None when it is missing or unknown."""
    if zone is None:
        return None
    if zone in ZONES:
        return ZONES[zone]
    if m := re.fullmatch(r"(?:GMT|UTC|UT)?\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?", zone):
        hours, minutes = int(m.group(2)), int(m.group(3) or 0)
        return _fixed(m.group(1), hours, minutes) if hours <= 14 and minutes < 60 else None
    return _iana(zone) if "/" in zone else None


@lru_cache(maxsize=256)
def _iana(name: str) -> dt.tzinfo | None:
    """A tz database zone ("Asia/Seoul"), or None for look-alikes such as "SEOUL/MOSCOW"."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


def _build(date: dt.date, clock: dt.time | None, zone: str | None, rest: str) -> tuple[Published, str]:
    when = dt.datetime.combine(date, clock or dt.time(0), tzinfo=_tz(zone))
    return Published(when, date, zone), rest
