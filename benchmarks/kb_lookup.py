"""Speed of the office-holder knowledge base: load time, memory, and lookups per second.

Run: `python benchmarks/kb_lookup.py`. Names are drawn (fixed seed) from the base itself, each with
a date, so every lookup does the full work of a hit; a tenth are names the base does not hold.
"""

from __future__ import annotations

import gzip
import random
import resource
import time
import tracemalloc
from datetime import date, timedelta

LOOKUPS = 10_000


def main() -> None:
    from dyad.actors.kb import lookup as kb_lookup

    began = time.perf_counter()
    base = kb_lookup.knowledge_base()
    load_seconds = time.perf_counter() - began
    # Memory: a second load under tracemalloc (tracing slows it, so the time above is untraced).
    tracemalloc.start()
    text = gzip.decompress(kb_lookup.resources.files("dyad.actors.kb").joinpath("data/kb.tsv.gz").read_bytes())
    second = kb_lookup.KnowledgeBase(text.decode("utf-8"))
    del text
    current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del second

    rng = random.Random(11)
    people = [e for e in base.entries if e.kind == "person"]
    queries = []
    for _ in range(LOOKUPS):
        if rng.random() < 0.1:
            queries.append((f"Nobody {rng.randrange(10**6)}", date(2010, 1, 1)))
            continue
        entry = rng.choice(people)
        name = rng.choice((entry.name, *entry.variants))
        queries.append((name, date(1990, 1, 1) + timedelta(days=rng.randrange(36 * 365))))
    began = time.perf_counter()
    hits = sum(1 for name, when in queries if base.lookup(name, when))
    seconds = time.perf_counter() - began
    print(f"rows {len(base.entries)}, name keys {len(base.index)}")
    print(f"load {load_seconds:.2f} s, memory {current / 1e6:.0f} MB held (peak {peak / 1e6:.0f} MB traced; "
          f"process max RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3:.0f} MB)")
    print(f"{LOOKUPS} lookups in {seconds:.3f} s = {LOOKUPS / seconds:,.0f}/s ({hits} with candidates)")


if __name__ == "__main__":
    main()
