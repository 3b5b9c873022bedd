"""Held-apart check of the knowledge base inside resolution: office holders drawn from the base,
asked by name on a date inside their term, and the speed of name lookups after load.

    python benchmarks/kb_holders.py [--sample 100] [--seed 11]

`--sample` office holders are drawn at random (fixed seed) from the person rows of the shipped
base whose term starts in 1990 or later; each is asked as "<name>" on the middle day of its term
(an open term: a year after its start, or today if sooner) through `dyad actors resolve`'s own
code (`ActorLookup`). Right country and right sector are counted against the row drawn; a row whose
name is shared with another office holder of the same rank on that date may rightly get no answer,
so the figures are a floor on what resolution does with what the base holds (not a coverage
measure: the names come from the base itself). Then 10,000 name lookups (a tenth of them names the
base does not hold) are timed on the resolver's people after load.
"""

from __future__ import annotations

import argparse
import random
import time
from collections import Counter
from datetime import date, timedelta

LOOKUPS = 10_000


def draw(entries, sample: int, seed: int):
    rng = random.Random(seed)
    people = sorted((e for e in entries if e.kind == "person" and e.start >= "1990"), key=lambda e: e)
    picked = rng.sample(people, sample)
    out = []
    for entry in picked:
        start = date.fromisoformat(entry.start)
        end = date.fromisoformat(entry.end) if entry.end else min(start + timedelta(days=730), date.today())
        out.append((entry, start + (end - start) / 2))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sample", type=int, default=100)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    from dyad.actors.kb.lookup import knowledge_base
    from dyad.actors.lookup import ActorLookup
    from dyad.actors.resolve import ActorResolver
    from dyad.nlp import load_pipeline

    began = time.perf_counter()
    base = knowledge_base()
    load = time.perf_counter() - began
    cases = draw(base.entries, args.sample, args.seed)
    resolver = ActorResolver()
    lookup = ActorLookup(load_pipeline(), resolver)
    answers = list(lookup.resolve_many({"text": e.name, "date": when} for e, when in cases))
    country = sector = 0
    by_office: Counter = Counter()
    right_by_office: Counter = Counter()
    for (entry, when), answer in zip(cases, answers, strict=True):
        ok_country = answer.country == entry.country
        ok_sector = ok_country and answer.sector == (entry.sector or "GOV")
        country += ok_country
        sector += ok_sector
        kind = entry.office if entry.office != "official" else "official"
        by_office[kind] += 1
        right_by_office[kind] += ok_country
        if args.verbose and not ok_sector:
            print(f"  {entry.name!r} {when} want {entry.country} {entry.sector} ({entry.office}, {entry.source}) "
                  f"got {answer.country} {answer.sector} {answer.reason or ''}")
    n = len(cases)
    print(f"{n} office holders from the base (seed {args.seed}): country {country / n:.2f}, "
          f"country and sector {sector / n:.2f}")
    print("  by office: " + ", ".join(f"{k} {right_by_office[k]}/{v}" for k, v in sorted(by_office.items())))

    rng = random.Random(args.seed)
    people = [e for e in base.entries if e.kind == "person"]
    queries = []
    for _ in range(LOOKUPS):
        if rng.random() < 0.1:
            queries.append((f"Nobody Widget {rng.randrange(10**6)}", date(2010, 1, 1)))
            continue
        entry = rng.choice(people)
        queries.append((rng.choice((entry.name, *entry.variants)),
                        date(1990, 1, 1) + timedelta(days=rng.randrange(36 * 365))))
    began, cpu = time.perf_counter(), time.process_time()
    found = sum(1 for name, when in queries if resolver.people.lookup(name, when) is not None)
    seconds, cpu = time.perf_counter() - began, time.process_time() - cpu
    print(f"base load {load:.2f} s; {LOOKUPS} name lookups after load in {seconds:.3f} s wall, {cpu:.3f} s CPU "
          f"({LOOKUPS / seconds:,.0f}/s, {found} answered)")


if __name__ == "__main__":
    main()
