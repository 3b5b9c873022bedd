"""Actor benchmarks: dictionary import time and mentions resolved per second.

    python benchmarks/actors.py [--mentions 10000]

Mentions are the named entities (people, organisations, places, nationalities) of Reuters-21578
stories, each with its story date. Measured in one run:
  import      the four Phoenix actor/agent dictionaries into a fresh database
  resolve     the resolution stage alone on already-parsed text (what coding an article costs)
  lookup      `dyad actors resolve --file` end to end on the mention texts (exact names skip the parser)
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from datetime import date
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mentions", type=int, default=10_000)
    args = parser.parse_args()
    from dyad.actors.context import ArticleContext
    from dyad.actors.dictionaries import read_dictionary
    from dyad.actors.lookup import ActorLookup
    from dyad.actors.resolve import ActorResolver
    from dyad.nlp import load_pipeline
    from dyad.store import open_store

    folder = SHARED / "reference" / "petrarch-dictionaries"
    with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "d.duckdb") as store:
        start = time.perf_counter()
        for name in ("Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt",
                     "Phoenix.MilNonState.actors.txt", "Phoenix.agents.txt"):
            store.replace_dictionary(name, read_dictionary(folder / name))
        print(f"import    4 Phoenix files: {time.perf_counter() - start:.2f} s "
              f"({sum(s['entries'] for s in store.dictionary_sources())} entries)")

    nlp = load_pipeline()
    resolver = ActorResolver()
    docs, mentions = [], []
    with open(SHARED / "corpus" / "reuters21578.jsonl", encoding="utf-8") as handle:
        records = (json.loads(line) for line in handle)
        texts = ((r["text"], date.fromisoformat(r["date"][:10])) for r in records if r.get("text"))
        for doc, when in nlp.pipe(texts, as_tuples=True, batch_size=64):
            docs.append((doc, when, resolver.index(doc)))
            mentions += [(len(docs) - 1, ent) for ent in doc.ents if ent.label_ in {"PERSON", "ORG", "GPE", "NORP"}]
            if len(mentions) >= args.mentions:
                break
    mentions = mentions[:args.mentions]
    start = time.perf_counter()
    resolved = 0
    for number, ent in mentions:
        doc, when, index = docs[number]
        resolved += any(a.country for a in resolver.resolve(ent.root, index, when, ArticleContext(), 0))
    seconds = time.perf_counter() - start
    print(f"resolve   {len(mentions)} mentions on parsed text: {seconds:.2f} s "
          f"({len(mentions) / seconds:,.0f}/s), {resolved / len(mentions):.0%} with a country")

    lookup = ActorLookup(nlp, resolver)
    queries = [{"text": ent.text, "date": docs[n][1]} for n, ent in mentions]
    start = time.perf_counter()
    answers = list(lookup.resolve_many(queries))
    seconds = time.perf_counter() - start
    print(f"lookup    {len(answers)} queries end to end: {seconds:.2f} s ({len(answers) / seconds:,.0f}/s), "
          f"{sum(1 for a in answers if a.country) / len(answers):.0%} with a country")


if __name__ == "__main__":
    main()
