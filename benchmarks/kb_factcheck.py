"""Fact check of the hand-written rows of the knowledge base (issue 11, acceptance 2).

Run: `python benchmarks/kb_factcheck.py [--sample 300] [--seed 11]`. Rows of the facts files are
drawn at random (seeded) among those that a source the build did NOT use for them can check, until
`--sample` rows are checked; each is compared with its checker:

- ParlGov (heads of government of its 37 countries): the same person's consecutive cabinets merged
  into one tenure; disagreement when the country or office differ, or start or end differ by more
  than 31 days;
- the Factbook (current leaders): a row the Factbook lists as in office must be open-ended (and
  vice versa the row must not end before 2024 while the Factbook has the person in office);
- the Phoenix dictionaries (terms before 2015): a Phoenix row of the same person whose period
  overlaps the fact's (another period is another tenure, not a disagreement); the country, the
  office where Phoenix names it, and, when it does, each boundary within a month (two when Phoenix
  gives only the month), except where Phoenix's coding window (2003-01-01 .. 2014-01-30) cut the row.
  Most Phoenix rows name no office ("official": a whole government career), so for them only the
  country and the overlap are checked; the figure printed says how many rows had their dates checked.

A checker is found by the person's folded surname and a shared other name token in the same
office family. Disagreements are printed, to be fixed at their source (the facts row, or noted
when the checker is wrong).
"""

from __future__ import annotations

import argparse
import random
from collections import defaultdict
from datetime import date, timedelta

from dyad.actors.kb.lookup import KbEntry, knowledge_base
from dyad.actors.kb.names import fold

LEADER_OFFICES = {"head_of_state", "head_of_government"}
SLACK_DAYS = 31


def _tokens(entry: KbEntry) -> set[str]:
    return set(fold(" ".join((entry.name, *entry.variants))).split())


def _surname(entry: KbEntry) -> str:
    return fold(entry.name).split()[-1] if fold(entry.name) else ""


def _days(a: str, b: str) -> int:
    if not a or not b:
        return 0 if a == b else 10_000
    return abs((date.fromisoformat(a) - date.fromisoformat(b)).days)


def _overlap(a: KbEntry, b: KbEntry) -> bool:
    return (not a.end or not b.start or b.start <= a.end) and (not b.end or not a.start or a.start <= b.end)


def merged_parlgov(entries: list[KbEntry]) -> list[KbEntry]:
    """ParlGov lists one row per cabinet; a prime minister's consecutive cabinets are one tenure."""
    by_person: dict[tuple[str, str], list[KbEntry]] = defaultdict(list)
    for e in entries:
        by_person[(e.country, fold(e.name))].append(e)
    out = []
    for rows in by_person.values():
        rows.sort(key=lambda e: e.start)
        current = rows[0]
        for row in rows[1:]:
            if _days(current.end, row.start) <= SLACK_DAYS:
                current = current._replace(end=max(current.end, row.end) if current.end and row.end else "")
            else:
                out.append(current)
                current = row
        out.append(current)
    return out


def same_person(fact: KbEntry, other: KbEntry) -> bool:
    """Surname and first given name both found among the other row's name tokens (Carmelo and Ugo
    Mifsud Bonnici are two people); a one-word name (a monarch's) by that word alone."""
    words = fold(fact.name).split()
    if not words:
        return False
    theirs = _tokens(other)
    return words[-1] in theirs and (len(words) == 1 or words[0] in theirs)


def check(fact: KbEntry, checker: KbEntry) -> list[str]:
    """What disagrees between a facts row and its checker (empty = agreement)."""
    problems = []
    if fact.country != checker.country:
        problems.append(f"country {fact.country} vs {checker.country}")
    if checker.source == "parlgov":
        if fact.office != "head_of_government":
            problems.append(f"office {fact.office} vs head_of_government")
        if _days(fact.start, checker.start) > SLACK_DAYS:
            problems.append(f"start {fact.start} vs {checker.start}")
        if checker.end and _days(fact.end, checker.end) > SLACK_DAYS:
            problems.append(f"end {fact.end or 'open'} vs {checker.end}")
    elif checker.source == "factbook":
        if fact.end and fact.end < "2024-01-01":
            problems.append(f"ended {fact.end} but the Factbook lists the person in office")
    else:  # phoenix: only a row whose period overlaps the fact's is about the same tenure
        if checker.office not in ("official", fact.office):
            problems.append(f"office {fact.office} vs {checker.office}")
        # An "official" row is Phoenix's code for the person's whole government career (minister,
        # then premier, then president): its dates are not one office's and are not compared.
        for label, ours, theirs in (("start", fact.start, checker.start), ("end", fact.end, checker.end)):
            if checker.office == "official" or theirs in PHOENIX_WINDOW_EDGES or not ours or not theirs:
                continue
            if _days(ours, theirs) > SLACK_DAYS + (30 if _month_padded(theirs) else 0):
                problems.append(f"{label} {ours} vs {theirs}")
    return problems


# Phoenix's coding window: a row starting 2003-01-01 or ending 2014-01-30 was cut there, not by the tenure.
PHOENIX_WINDOW_EDGES = {"2003-01-01", "2014-01-30"}


def _month_padded(day: str) -> bool:
    """Phoenix gives many dates to the month; padded, they fall on the 1st or the month's last day."""
    d = date.fromisoformat(day)
    return d.day == 1 or (d + timedelta(days=1)).day == 1


def checkers_for(fact: KbEntry, by_country: dict[str, list[KbEntry]], latest: bool) -> list[KbEntry]:
    """The rows of sources the build did not use for this fact that speak of the same person
    (`latest`: this is the person's last tenure in this office among the facts rows, the only one
    the Factbook's current list can confirm)."""
    found = []
    for other in by_country.get(fact.country, []):
        usable = ((other.source == "parlgov" and fact.office == "head_of_government")
                  or (other.source == "factbook" and latest and other.office == fact.office)
                  or (other.source == "phoenix" and (fact.start or "0") < "2015-01-01" and _overlap(fact, other)))
        if usable and same_person(fact, other):
            found.append(other)
    return found


def parlgov_open_ended(entries: list[KbEntry]) -> list[KbEntry]:
    """ParlGov's data stop at its last cabinet's end: a tenure ending that day is still running."""
    cutoff = max((e.end for e in entries if e.end), default="")
    return [e._replace(end="") if e.end == cutoff else e for e in entries]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=300)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args(argv)
    base = knowledge_base()
    facts = [e for e in base.entries if e.source == "facts" and e.kind == "person"]
    others = [e for e in base.entries if e.source in ("factbook", "phoenix") and e.kind == "person"]
    others += parlgov_open_ended(merged_parlgov([e for e in base.entries if e.source == "parlgov" and e.kind == "person"]))
    by_country: dict[str, list[KbEntry]] = defaultdict(list)
    for e in others:
        by_country[e.country].append(e)
    last_start: dict[tuple[str, str, str], str] = {}
    for e in facts:
        key = (e.country, e.office, fold(e.name))
        last_start[key] = max(last_start.get(key, ""), e.start)
    rng = random.Random(args.seed)
    order = list(range(len(facts)))
    rng.shuffle(order)
    checked, dated, disagreements, by_source = 0, 0, [], defaultdict(int)
    for index in order:
        if checked == args.sample:
            break
        fact = facts[index]
        latest = last_start[(fact.country, fact.office, fold(fact.name))] == fact.start
        candidates = checkers_for(fact, by_country, latest)
        if not candidates:
            continue
        # The checker that agrees best: a person can have several Phoenix or ParlGov rows.
        results = sorted(((check(fact, c), c) for c in candidates), key=lambda r: (len(r[0]), r[1].source))
        problems, checker = results[0]
        checked += 1
        by_source[checker.source] += 1
        dated += checker.source == "parlgov" or (checker.source == "phoenix" and checker.office != "official")
        if problems:
            disagreements.append((fact, checker, problems))
    print(f"facts rows: {len(facts)}; checked {checked} (by source: {dict(sorted(by_source.items()))}); "
          f"dates checked {dated}; disagree {len(disagreements)} ({100 * len(disagreements) / max(checked, 1):.1f}%)")
    for fact, checker, problems in disagreements:
        print(f"  {fact.country} {fact.office} {fact.name} {fact.start}..{fact.end or 'open'} "
              f"[{fact.ref}] vs {checker.source} {checker.name}: {'; '.join(problems)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
