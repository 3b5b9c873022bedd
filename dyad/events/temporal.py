"""Resolve one date expression to when an event happened (EVENT_SCHEMA.md, "Dates").

Why not dateparser alone: the schema needs a precision (day/month/year/unknown) and a basis
(explicit/relative), and the direction of "on Wednesday" depends on the verb's tense; dateparser
gives neither and is slow. Regexes cover the forms news uses; dateparser is a last resort, gated
to short strings with a month or weekday name. Word lists are in data/date_words.tsv.

Decisions where the brief was silent (each is pinned by a test):
- "N/N/YYYY" (also with "." or "-") is day-first; month-first only when the second number > 12.
  "N/N" without a year is too ambiguous (scores, "9/11") and gives None. "YY" years pivot at anchor+10.
- "YYYY-NN" is a month ("2023-10") unless NN is the next year's last two digits ("2011-12", a span).
- Day dates without a year: past tense takes the latest candidate not after anchor+FEW_DAYS, future
  the earliest not before anchor-FEW_DAYS, present the nearest; a 29 February finds its leap year.
  "the 13th" does the same with months and is relative; "13 September" is explicit (schema example).
- Weekdays/months/seasons: "last X" is strictly before the anchor's day/month, "next X" strictly
  after, "this X" and bare X follow the tense. "this past"/"this coming" mean last/next.
- Spans (weeks, "a few days ago", seasons, quarters) give day when one day, month when inside one
  month, a short span (under SHORT_SPAN days, a week) across two months the month holding most of
  it, else year when inside one year, else the year holding most of the span. Weeks run Monday-Sunday;
  "earlier this week" is Monday..yesterday, "later this week" tomorrow..Sunday.
- "N weeks ago"/"a week later" is the Monday-Sunday week holding that day, like "last week".
  "in two weeks" is a point only for future tense (past tense it is a duration: None).
- Decades have no schema precision: the first year of the (sub-)span at year precision:
  "the 1990s"/"early 1990s" -> 1990, "mid-1990s" -> 1993, "late 1990s" -> 1997. Centuries: None.
- "a few/several years ago", "decades ago": a past point we cannot place, so value None with
  precision "unknown" (not None, which would let the caller fall back to the story date).
- Ranges ("June 3-5", "from 1991 to 1995", "between March and May") use the start; a start without
  a year borrows the end's year (one less when its month is after the end's month).
- Boundaries ("before 2020", "after July") and vague words ("recently", "the coming weeks") give None.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..datafiles import read_tsv

FEW_DAYS = 3  # slack for a past-tense date a little after the story date (time zones, embargoes)
SHORT_SPAN = 14  # a span of fewer days across two months (a week) is dated by the month holding most of it
MAX_CHARS = 80  # longer strings are sentences, not date expressions
MIN_YEAR = 1000  # keeps values at 4 digits; older dates do not occur in news coding

Tense = str  # "past" | "present" | "future"


@dataclass(frozen=True)
class ResolvedDate:
    value: str | None  # "2023-09-13" | "2023-10" | "2022" | None, truncated to its precision
    precision: str  # "day" | "month" | "year" | "unknown"
    basis: str  # "explicit" | "relative"


def _load_words() -> dict[str, dict[str, str]]:
    kinds: dict[str, dict[str, str]] = {}
    for row in read_tsv("dyad.events", "data/date_words.tsv"):
        kinds.setdefault(row["kind"], {})[row["word"]] = row["value"]
    return kinds


_W = _load_words()
MONTHS = {w: int(v) for w, v in _W["month"].items()}
WEEKDAYS = {w: int(v) for w, v in _W["weekday"].items()}
NUMBERS = {w: int(v) for w, v in _W["number"].items()}
VAGUE = {w: tuple(int(x) for x in v.split("-")) for w, v in _W["vague"].items()}
UNITS = _W["unit"]
DAYWORDS = {w: int(v) for w, v in _W["dayword"].items()}
SEASONS = {w: int(v) for w, v in _W["season"].items()}
DIRECTIONS = {w: int(v) for w, v in _W["direction"].items()}
QUALIFIERS = _W["qualifier"]
PREPOSITIONS = _W["prep"]
DAYPARTS = _W["daypart"]
NOT_POINT = set(_W["notpoint"])
ORDINALS = {w: int(v) for w, v in _W["ordinal"].items()}


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


MON, WD, SEASON = f"(?:{_alt(MONTHS)})", f"(?:{_alt(WEEKDAYS)})", f"(?:{_alt(SEASONS)})"
NUM = rf"(?:\d{{1,3}}|{_alt(list(NUMBERS) + list(VAGUE))})"
ORD = r"(?:st|nd|rd|th)?"
_LEAD = re.compile(rf"(?:{_alt(list(PREPOSITIONS) + list(QUALIFIERS))})(?: |(?<=-))")
_DAYPART = re.compile(rf"\b(?:{_alt(DAYPARTS)})\b")
# a spelled day of the month, only beside a month name: "the fourth of march", "march fourth"
_SPELLED_DAY = re.compile(rf"\b({_alt(ORDINALS)})(?= of {MON}\b)|\b({MON}) (?:the )?({_alt(ORDINALS)})\b")

_ISO_DAY = re.compile(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})")
_ISO_MONTH = re.compile(r"(\d{4})-(\d{2})")
_NUMERIC = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})")
_DMY = re.compile(rf"(\d{{1,2}}){ORD}(?: of)? ({MON})(?: (\d{{4}}))?")
_MDY = re.compile(rf"({MON}) (?:the )?(\d{{1,2}}){ORD}(?: (\d{{4}}))?")
_MY = re.compile(rf"(last|next|this)? ?({MON})(?: of)?(?: (\d{{4}}))?")
_YEAR = re.compile(r"(?:the )?(?:year )?(\d{4})")
_DECADE = re.compile(r"'?(\d{2}|\d{3}0)s")
_ORDINAL = re.compile(r"(\d{1,2})(?:st|nd|rd|th)")
_SEASON = re.compile(rf"(last|next|this)? ?({SEASON})(?: of)?(?: (\d{{4}}))?")
_WEEKDAY = re.compile(rf"(last|next|this)? ?({WD})")
_WD_WEEK = re.compile(rf"({WD}) (?:of )?(last|this|next) week|(last|this|next) week ?({WD})")
_WEEK = re.compile(r"(last|next|this)? ?(week|weekend)")
_MONTH_YEAR_REL = re.compile(r"(last|next|this)? ?(month|year)")
_YEAR_SUFFIX = re.compile(r" (?:of )?(last|this|next) year$")
_UNITS = re.compile(rf"({NUM})? ?({_alt(UNITS)})(?: ({_alt(DIRECTIONS)}))?(?: time)?")
_RANGE = re.compile(r"\s*-\s*|\s+(?:to|through|thru|until|till|and)\s+")


def resolve_expression(text: str, anchor: dt.date, *, tense: str = "past") -> ResolvedDate | None:
    """`text` is a date expression as it appears in a sentence (a spaCy DATE entity or a
    prepositional phrase such as "on Wednesday", "in July", "earlier this month", "late 2002";
    not "the 1991 collapse", only "1991"). `anchor` is the story date in the story's zone.
    `tense` ("past", "present", "future", from the event's verb) decides the direction of
    ambiguous expressions: a bare weekday or month is the most recent one not after the anchor
    for past/present tense and the next one (at or after the anchor) for future tense.
    Returns None for what is not a point in time: durations, ages, frequencies, boundaries."""
    try:
        if not isinstance(text, str) or not 0 < len(text) <= MAX_CHARS:
            return None
        if tense not in ("past", "present", "future"):
            tense = "past"
        return _resolve(text, anchor, tense)
    except (ValueError, OverflowError):  # date arithmetic at the ends of the calendar
        return None


def _normalize(text: str) -> tuple[str, set[str], str]:
    """Lower-case, drop punctuation, clock times and leading prepositions and qualifiers; return
    the rest, the prepositions seen (they matter: "in two weeks") and the qualifier."""
    s = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    s = re.sub(r"[\u2010-\u2015\u2212]", "-", s)
    s = re.sub(r"(\d{4}-\d{2}-\d{2})t[\d:.]*(?:z|[+-]\d{2}:?\d{2})?\b", r"\1", s)
    s = re.sub(r"(?<=[a-z])\.", "", s)  # sept. -> sept, a.m. -> am
    s = re.sub(r"\b\d{1,2}(?::\d{2})?\s*(?:am|pm)\b|\b\d{1,2}:\d{2}(?::\d{2})?\b", " ", s)
    s = re.sub(r"'s\b|s'(?= time)", "", s)
    s = re.sub(r"[,;()\"\[\]!?]|(?<!\d)\.|\.(?!\d)", " ", s)
    s = re.sub(r"\bprevious (?=week|month|year)", "last ", re.sub(r"\bfollowing (?=week|month|year)", "next ", s))
    s = re.sub(r"\bthis past\b", "last", re.sub(r"\b(?:this )?coming (?=\w+day\b|weekend)", "next ", s))
    s = re.sub(r"\s+", " ", s).strip(" -'")
    s = _SPELLED_DAY.sub(lambda m: f"{ORDINALS[m.group(1)]}th" if m.group(1) else f"{m.group(2)} {ORDINALS[m.group(3)]}th", s)
    preps: set[str] = set()
    qualifier = ""
    while m := _LEAD.match(s):
        word = m.group(0).strip()
        if word in QUALIFIERS:
            qualifier = qualifier or QUALIFIERS[word]
        else:
            preps.add(word)
        s = s[m.end():].strip(" -")
    return s, preps, qualifier


def _resolve(text: str, anchor: dt.date, tense: Tense) -> ResolvedDate | None:
    s, preps, q = _normalize(text)
    for form in (s, re.sub(r"\s+", " ", _DAYPART.sub(" ", s)).strip()):  # "Wednesday night"
        if form in DAYWORDS:
            return _day(anchor + dt.timedelta(DAYWORDS[form]), "relative")
    s = form
    if not s:
        return None
    for attempt in (_units, _weeks, _explicit_or_named):
        found = attempt(s, preps, q, anchor, tense)
        if found is not None:
            return found if isinstance(found, ResolvedDate) else None
    words = set(re.findall(r"[a-z]+", s))
    if words & NOT_POINT or re.fullmatch(r"\d{1,3}", s):
        return None
    return _range(s, q, anchor, tense) or _fallback(s, anchor, tense)


def _day(d: dt.date, basis: str) -> ResolvedDate | None:
    return ResolvedDate(d.isoformat(), "day", basis) if d.year >= MIN_YEAR else None


def _month_value(y: int, m: int, basis: str) -> ResolvedDate | None:
    return ResolvedDate(f"{y:04d}-{m:02d}", "month", basis) if y >= MIN_YEAR else None


def _year_value(y: int, basis: str) -> ResolvedDate | None:
    return ResolvedDate(f"{y:04d}", "year", basis) if MIN_YEAR <= y <= 9999 else None


def _span(start: dt.date, end: dt.date, basis: str) -> ResolvedDate | None:
    """The most precise value that still covers the whole span."""
    if start == end:
        return _day(start, basis)
    if (start.year, start.month) == (end.year, end.month):
        return _month_value(start.year, start.month, basis)
    if (end - start).days < SHORT_SPAN:  # "last week" from Monday 2 March: February, where most of it lies
        first_month_end = _month_end(start.year, start.month)
        later = (end - first_month_end).days > (first_month_end - start).days + 1
        return _month_value(end.year, end.month, basis) if later else _month_value(start.year, start.month, basis)
    if start.year == end.year:
        return _year_value(start.year, basis)
    days_in_start_year = (dt.date(start.year, 12, 31) - start).days + 1
    days_after = (end - dt.date(end.year, 1, 1)).days + 1
    return _year_value(start.year if days_in_start_year >= days_after else end.year, basis)


def _add_months(y: int, m: int, k: int) -> tuple[int, int]:
    i = y * 12 + (m - 1) + k
    return i // 12, i % 12 + 1


def _month_end(y: int, m: int) -> dt.date:
    ny, nm = _add_months(y, m, 1)
    return dt.date(ny, nm, 1) - dt.timedelta(1)


def _count(word: str) -> tuple[int, int]:
    if word.isdigit():
        return (int(word), int(word))
    return (NUMBERS[word],) * 2 if word in NUMBERS else VAGUE[word]


_Found = ResolvedDate | bool | None  # a value, False for "recognised, not a point", None for "not mine"


def _units(s: str, preps: set[str], q: str, anchor: dt.date, tense: Tense) -> _Found:
    """"3 days ago", "a week later", "in two weeks" (future), and bare durations ("18 years")."""
    m = _UNITS.fullmatch(s)
    if not m or (m.group(1) is None and (m.group(3) is None or not m.group(2).endswith("s"))):
        return None
    if m.group(3) is None and not ("in" in preps and tense == "future"):
        return False  # "two weeks", "for decades", past-tense "in two weeks": a duration
    lo, hi = _count(m.group(1)) if m.group(1) else (2, 7)  # "days ago": an unknown count
    sign, unit = DIRECTIONS[m.group(3)] if m.group(3) else 1, UNITS[m.group(2)]
    if unit == "decade":
        unit, lo, hi = "year", lo * 10, hi * 10
    if unit == "year" and lo != hi:
        return ResolvedDate(None, "unknown", "relative")  # a past we cannot place: not the story date
    if unit == "year":
        return _year_value(anchor.year + sign * lo, "relative")
    if unit == "month":
        a, b = sorted((_add_months(anchor.year, anchor.month, sign * lo),
                       _add_months(anchor.year, anchor.month, sign * hi)))
        return _span(dt.date(*a, 1), _month_end(*b), "relative")
    days = 7 if unit == "week" else 1
    a, b = sorted((anchor + dt.timedelta(sign * lo * days), anchor + dt.timedelta(sign * hi * days)))
    if unit == "week":
        a, b = a - dt.timedelta(a.weekday()), b + dt.timedelta(6 - b.weekday())
    return _span(a, b, "relative")


def _weeks(s: str, preps: set[str], q: str, anchor: dt.date, tense: Tense) -> _Found:
    """"last week", "earlier this week", "Wednesday of next week", "the weekend", "this month"."""
    monday = anchor - dt.timedelta(anchor.weekday())
    shift = {"last": -7, "next": 7, "this": 0, None: 0}
    if m := _WD_WEEK.fullmatch(s):
        which, wd = (m.group(2), m.group(1)) if m.group(1) else (m.group(3), m.group(4))
        return _day(monday + dt.timedelta(shift[which] + WEEKDAYS[wd]), "relative")
    if (m := _WEEK.fullmatch(s)) and m.group(2) == "weekend":
        sat = anchor - dt.timedelta((anchor.weekday() - 5) % 7)  # latest Saturday <= anchor
        if m.group(1) == "last" and sat > anchor - dt.timedelta(2):
            sat -= dt.timedelta(7)  # on a weekend "last weekend" is the one before
        elif m.group(1) == "next" or (m.group(1) != "last" and tense == "future" and anchor.weekday() < 5):
            sat += dt.timedelta(7)
        return _day(sat, "relative")
    if m:
        start = monday + dt.timedelta(shift[m.group(1)])
        end = start + dt.timedelta(6)
        if m.group(1) in (None, "this") and q == "earlier":
            end = max(start, anchor - dt.timedelta(1))
        elif m.group(1) in (None, "this") and q == "later":
            start = min(end, anchor + dt.timedelta(1))
        return _span(start, end, "relative")
    if m := _MONTH_YEAR_REL.fullmatch(s):
        k = {"last": -1, "next": 1}.get(m.group(1) or "", 0)
        if m.group(2) == "year":
            return _year_value(anchor.year + k, "relative")
        return _month_value(*_add_months(anchor.year, anchor.month, k), "relative")
    return None


def _two_digit_year(yy: str, anchor: dt.date) -> int:
    y = int(yy) if len(yy) == 4 else 2000 + int(yy)
    return y if y <= anchor.year + 10 or len(yy) == 4 else y - 100


def _explicit_or_named(s: str, preps: set[str], q: str, anchor: dt.date, tense: Tense) -> _Found:
    """Calendar dates, months, years, decades, seasons and weekdays."""
    basis = "explicit"
    if m := _YEAR_SUFFIX.search(s):  # "July last year" -> "july 2022", but relative
        s = s[: m.start()] + f" {anchor.year + {'last': -1, 'this': 0, 'next': 1}[m.group(1)]}"
        basis = "relative"
    s = re.sub(rf"^{WD} (?:the )?(?=\d|{MON})", "", s)  # "Wednesday, 13 September" -> "13 september"
    if m := _ISO_DAY.fullmatch(s):
        return _ymd(int(m.group(1)), int(m.group(2)), int(m.group(3)), basis)
    if m := _ISO_MONTH.fullmatch(s):
        y, n = int(m.group(1)), int(m.group(2))
        if 1 <= n <= 12 and n != (y + 1) % 100:
            return _month_value(y, n, basis)
        return _year_value(y, basis)
    if m := _NUMERIC.fullmatch(s):
        a, b, y = int(m.group(1)), int(m.group(2)), _two_digit_year(m.group(3), anchor)
        return _ymd(y, b, a, basis) if b <= 12 else _ymd(y, a, b, basis)
    for rx, day_group, month_group in ((_DMY, 1, 2), (_MDY, 2, 1)):
        if m := rx.fullmatch(s):
            day, month = int(m.group(day_group)), MONTHS[m.group(month_group)]
            if m.group(3):
                return _ymd(int(m.group(3)), month, day, basis)
            return _day_in_year(month, day, anchor, tense)
    if (m := _MY.fullmatch(s)) and not (m.group(1) and m.group(3)):
        if m.group(3):
            return _month_value(int(m.group(3)), MONTHS[m.group(2)], basis)
        return _month_value(*_month_rel(anchor, MONTHS[m.group(2)], _mode(m.group(1), tense)), "relative")
    if m := _YEAR.fullmatch(s):
        y = int(m.group(1))
        return _year_value(y, basis) if y <= anchor.year + 100 else False
    if m := _DECADE.fullmatch(s):
        d = m.group(1)
        y = int(d) if len(d) == 4 else _two_digit_year(d, anchor)
        if len(d) == 2 and y > anchor.year:
            y -= 100
        return _year_value(y + {"mid": 3, "late": 7}.get(q, 0), "explicit")
    if m := _ORDINAL.fullmatch(s):
        return _nth_of_month(int(m.group(1)), anchor, tense)
    if (m := _SEASON.fullmatch(s)) and not (m.group(1) and m.group(3)):
        if m.group(3):
            return _year_value(int(m.group(3)), basis)
        return _season(anchor, SEASONS[m.group(2)], m.group(1), tense)
    if m := _WEEKDAY.fullmatch(s):
        return _day(_weekday_rel(anchor, WEEKDAYS[m.group(2)], _mode(m.group(1), tense)), "relative")
    return None


def _mode(which: str | None, tense: Tense) -> str:
    """"last"/"next" win; otherwise the tense sets the direction (present looks back)."""
    return which if which in ("last", "next") else "future" if tense == "future" else "past"


def _ymd(y: int, m: int, d: int, basis: str) -> _Found:
    found = _valid(y, m, d) if y >= 1 else None
    return _day(found, basis) if found else False


def _pick(cands: list[dt.date], anchor: dt.date, tense: Tense, basis: str) -> _Found:
    """The candidate the tense points to; FEW_DAYS of slack against small dateline errors."""
    slack = dt.timedelta(FEW_DAYS)
    if tense == "future":
        chosen = min((c for c in cands if c >= anchor - slack), default=None)
    elif tense == "past":
        chosen = max((c for c in cands if c <= anchor + slack), default=None)
    else:
        chosen = min(cands, key=lambda c: (abs((c - anchor).days), c > anchor), default=None)
    return _day(chosen, basis) if chosen else False


def _valid(y: int, m: int, d: int) -> dt.date | None:
    return dt.date(y, m, d) if 1 <= m <= 12 and 1 <= d <= _month_end(y, m).day else None


def _day_in_year(month: int, day: int, anchor: dt.date, tense: Tense) -> _Found:
    """"13 September": 8 years each way always reach a 29 February."""
    cands = [_valid(y, month, day) for y in range(anchor.year - 8, anchor.year + 9)]
    return _pick([c for c in cands if c], anchor, tense, "explicit")


def _nth_of_month(day: int, anchor: dt.date, tense: Tense) -> _Found:
    """"the 13th": the month is inferred, so the basis is relative."""
    cands = [_valid(*_add_months(anchor.year, anchor.month, k), day) for k in range(-13, 14)]
    return _pick([c for c in cands if c], anchor, tense, "relative")


def _weekday_rel(anchor: dt.date, wd: int, mode: str) -> dt.date:
    back, ahead = (anchor.weekday() - wd) % 7, (wd - anchor.weekday()) % 7
    return {"past": anchor - dt.timedelta(back), "last": anchor - dt.timedelta(back or 7),
            "future": anchor + dt.timedelta(ahead), "next": anchor + dt.timedelta(ahead or 7)}[mode]


def _month_rel(anchor: dt.date, month: int, mode: str) -> tuple[int, int]:
    back, ahead = (anchor.month - month) % 12, (month - anchor.month) % 12
    k = {"past": -back, "last": -(back or 12), "future": ahead, "next": ahead or 12}[mode]
    return _add_months(anchor.year, anchor.month, k)


def _season(anchor: dt.date, start_month: int, which: str | None, tense: Tense) -> ResolvedDate | None:
    """A season or quarter near the anchor; "last summer" in July is last year's summer."""
    spans = [(dt.date(y, start_month, 1), _month_end(*_add_months(y, start_month, 2)))
             for y in range(anchor.year - 2, anchor.year + 2)]
    if which == "last":
        chosen = max(s for s in spans if s[1] < anchor)
    elif which == "next":
        chosen = min(s for s in spans if s[0] > anchor)
    elif tense == "future":
        chosen = min(s for s in spans if s[1] >= anchor)
    else:
        chosen = max(s for s in spans if s[0] <= anchor)
    return _span(*chosen, "relative")


def _range(s: str, q: str, anchor: dt.date, tense: Tense) -> ResolvedDate | None:
    """The start of "June 3-5", "from 1991 to 1995", "between March and May 2020"."""
    s = re.sub(r"^between ", "", s)
    parts = _RANGE.split(s, maxsplit=1)
    if len(parts) != 2 or not parts[0] or not parts[1]:
        return None
    start, end = parts
    end_m = re.fullmatch(rf"(?:(\d{{1,2}}){ORD} )?({MON})?(?: ?(\d{{1,2}}){ORD})?(?: (\d{{4}}))?", end)
    if end_m and re.fullmatch(rf"\d{{1,2}}{ORD}", start) and end_m.group(2):
        start = f"{start} {end_m.group(2)}"  # "3-5 june" -> "3 june"
    if end_m and end_m.group(4) and not re.search(r"\d{4}", start):
        year = int(end_m.group(4))
        sm = re.search(MON, start)
        if sm and end_m.group(2) and MONTHS[sm.group(0)] > MONTHS[end_m.group(2)]:
            year -= 1  # "December to January 2023" starts in 2022
        start = f"{start} {year}"
    qual = {"early": "early ", "mid": "mid ", "late": "late "}.get(q, "")
    return _resolve(qual + start, anchor, tense) if len(start) < len(s) else None


def _fallback(s: str, anchor: dt.date, tense: Tense) -> ResolvedDate | None:
    """dateparser for rare forms ("Sept 13th '23", "2023 September 13"); only short strings with
    a month or weekday name and a digit, since it guesses freely on anything else."""
    if len(s) > 40 or not re.search(r"\d", s) or not re.search(rf"\b(?:{MON}|{WD})\b", s):
        return None
    from dateparser.date import DateDataParser  # slow import, rarely needed

    settings = {"RELATIVE_BASE": dt.datetime(anchor.year, anchor.month, anchor.day, 12),
                "PREFER_DATES_FROM": "future" if tense == "future" else "past"}
    try:
        data = DateDataParser(languages=["en"], settings=settings).get_date_data(s)
    except Exception:  # dateparser raises assorted errors on odd input; it is only a fallback
        return None
    if data is None or data.date_obj is None:
        return None
    d = data.date_obj.date()
    basis = "explicit" if re.search(rf"\d{{4}}|'\d{{2}}\b|\b{MON}\b", s) else "relative"
    if data.period == "month":
        return _month_value(d.year, d.month, basis)
    if data.period == "year":
        return _year_value(d.year, basis) if re.search(r"\d{4}", s) else None
    return _day(d, basis) if data.period in ("day", "time") else None
