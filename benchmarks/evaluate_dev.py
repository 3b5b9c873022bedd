"""Accuracy on the development gold: the figures the quality gate checks, as a report.

    python benchmarks/evaluate_dev.py

Codes the reference article and the PLOVER gold-standard sentences from ../shared/corpus and
scores them against ../shared/gold with dyad's scorer (the same rules as the reference scorer).
"""

from __future__ import annotations

import sys
from pathlib import Path

from dyad.documents import build_article
from dyad.evaluate import load_jsonl, score_events, score_types
from dyad.flow import Coder
from dyad.models import RawDocument
from dyad.sources import iter_documents

SHARED = Path(__file__).resolve().parents[2] / "shared"


def code(coder: Coder, path: Path) -> list[dict]:
    articles = [build_article(r) for r in iter_documents([str(path)]) if isinstance(r, RawDocument)]
    return [e.to_record() for coded in coder.code_articles(articles) for e in coded.events]


def main() -> None:
    if not SHARED.exists():
        sys.exit(f"{SHARED} not found: the development corpus and gold live in ../shared")
    coder = Coder()
    ref = code(coder, SHARED / "corpus" / "reuters-2023-09-15-putin-kim.txt")
    for level, s in score_events(load_jsonl(SHARED / "gold" / "reuters-2023-09-15-putin-kim.jsonl"), ref).items():
        print(f"reference {level:6} P={s.precision:.3f} R={s.recall:.3f} F1={s.f1:.3f} "
              f"modality={s.modality_accuracy}")
        print("  missed:", [g["id"] for g in s.missed], "spurious:", [g.key for g in s.spurious])
    gsr = code(coder, SHARED / "corpus" / "plover-gsr-sentences.jsonl")
    types = score_types(load_jsonl(SHARED / "gold" / "plover-gsr-types.jsonl"), gsr)
    triple = score_events(load_jsonl(SHARED / "gold" / "plover-gsr-dyads.jsonl"), gsr)["triple"]
    print(f"PLOVER sentences: type recall {types['type_recall']:.3f} (wrong type only {types['wrong_type_only']}, "
          f"no event {types['no_event']}); triple P={triple.precision:.3f} R={triple.recall:.3f} F1={triple.f1:.3f}")


if __name__ == "__main__":
    main()
