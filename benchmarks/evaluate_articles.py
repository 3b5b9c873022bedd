"""Accuracy on whole articles: dyad's events against the project's own article gold.

    python benchmarks/evaluate_articles.py [--batch dev-1|dev-2|dev-3] [--verbose]

`benchmarks/gold/articles-dev.jsonl` holds gold events for 45 real news articles of
../shared/corpus (Reuters-21578 wire stories of 1987 and 2019 web pages of the Zyte benchmark),
annotated for dyad on 2026-11-29 under ../shared/design/EVENT_SCHEMA.md and ONTOLOGY.md, the way
the reference article's gold is: one line per real event, international dyads only, optional
lines for debatable events. Only ids, codes and dates are kept here, no article text (the
articles stay in ../shared). Batches dev-1 and dev-2 were used to find and fix general mechanisms;
dev-3 was scored before any change made for it, so it was the held-out check of that work.

Scored with the rules of ../shared/tools/score_events.py (dyad.evaluate implements the same).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from dyad.documents import build_article
from dyad.evaluate import score_events
from dyad.flow import Coder
from dyad.models import RawDocument
from dyad.sources import iter_documents

ROOT = Path(__file__).resolve().parent
SHARED = ROOT.parents[1] / "shared"
GOLD = ROOT / "gold" / "articles-dev.jsonl"
SOURCES = (("reuters21578-", "reuters21578.jsonl"), ("zyte-aeb-", "html/zyte_aeb/articles.jsonl"))


def load_gold(batch: str | None = None) -> tuple[list[dict], set[str]]:
    """Gold events, and every article of the batch (some have no international event at all)."""
    rows = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = [r for r in rows if batch is None or r["batch"] == batch]
    return [r for r in rows if not r.get("no_events")], {r["article"] for r in rows}


def articles(ids: set[str]) -> list[dict]:
    """The corpus records of the gold's articles, from ../shared/corpus."""
    found = []
    for prefix, name in SOURCES:
        wanted = {i for i in ids if i.startswith(prefix)}
        if not wanted:
            continue
        with open(SHARED / "corpus" / name, encoding="utf-8") as f:
            for line in f:
                if any(f'"{i}"' in line for i in wanted):
                    record = json.loads(line)
                    if record.get("id") in wanted:
                        found.append({k: v for k, v in record.items() if k not in {"html_file", "origin"}})
    return found


def code(coder: Coder, records: list[dict], tmp: Path) -> list[dict]:
    path = tmp / "articles.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    docs = [build_article(r) for r in iter_documents([str(path)]) if isinstance(r, RawDocument)]
    return [e.to_record() for coded in coder.code_articles(docs) for e in coded.events]


def main() -> None:
    import tempfile

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", choices=["dev-1", "dev-2", "dev-3"])
    parser.add_argument("--verbose", action="store_true", help="list missed and spurious events")
    opts = parser.parse_args()
    if not SHARED.exists():
        sys.exit(f"{SHARED} not found: the articles live in ../shared/corpus")
    gold, ids = load_gold(opts.batch)
    with tempfile.TemporaryDirectory() as tmp:
        events = code(Coder(), articles(ids), Path(tmp))
    events = [e for e in events if e["article_id"] in ids]
    print(f"{len(ids)} articles, {len(gold)} gold events ({sum(1 for g in gold if g.get('optional'))} optional)")
    for level, s in score_events(gold, events).items():
        print(f"{level:6} P={s.precision:.3f} R={s.recall:.3f} F1={s.f1:.3f} (tp={s.tp} fp={s.fp} fn={s.fn}) "
              f"modality={s.modality_accuracy}")
        if opts.verbose and level == "triple":
            for g in s.missed:
                print("  missed  ", g["article"], g["source"], g["target"], g["type"])
            for group in s.spurious:
                print("  spurious", group.article, group.key, group.events[0]["evidence"]["sentence"][:100])


if __name__ == "__main__":
    main()
