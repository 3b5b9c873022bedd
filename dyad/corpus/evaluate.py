"""Accuracy on the corpus splits, each reported apart (`python -m dyad.corpus.evaluate`).

Scored the way the outside evaluation scores whole articles: international dyads, the reference
scorer's rules (`dyad.evaluate`), triple and event level, modality accuracy of matched events.
Figures on train are what the model has seen; dev chose the model's thresholds; test chose
nothing and is the only honest one of the three.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from ..evaluate import score_events
from .load import SPLITS, build, read_records, scorer_gold, texts_for


def code_split(split: str, coder, corpus: Path | None = None) -> tuple[list[dict], list[dict]]:
    """(gold lines, predicted event records) of one split."""
    records = read_records(split)
    texts = texts_for(records, corpus)
    articles = [build(texts[a]) for a in sorted({r["article"] for r in records})]
    events = [e.to_record() for coded in coder.code_articles(articles) if hasattr(coded, "events")
              for e in coded.events]
    return scorer_gold(records), events


def scores(gold: list[dict], events: list[dict]) -> dict:
    out = {}
    for level, s in score_events(gold, events).items():
        out[level] = {"precision": round(s.precision, 3), "recall": round(s.recall, 3), "f1": round(s.f1, 3),
                      "tp": s.tp, "fp": s.fp, "fn": s.fn}
        if level == "triple":
            out["modality_accuracy"] = None if s.modality_accuracy is None else round(s.modality_accuracy, 3)
    return out


def evaluate(splits: tuple[str, ...] = SPLITS, learned: bool = True, corpus: Path | None = None) -> dict:
    from ..flow import Coder

    coder = Coder(learned=learned)
    report = {}
    for split in splits:
        gold, events = code_split(split, coder, corpus)
        report[split] = {"articles": len({r["article"] for r in read_records(split)}),
                         "gold_events": sum(not g.get("optional") for g in gold), **scores(gold, events)}
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=SPLITS, action="append", help="default: all three")
    parser.add_argument("--rules-only", action="store_true", help="without the trained step")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    report = evaluate(tuple(args.split or SPLITS), learned=not args.rules_only)
    if args.json:
        print(json.dumps(report, indent=1))
        return
    print(f"{'split':6} {'articles':>8} {'gold':>5}  triple P / R / F1      event P / R / F1      modality")
    for split, r in report.items():
        t, e = r["triple"], r["event"]
        print(f"{split:6} {r['articles']:8} {r['gold_events']:5}  {t['precision']:.3f} / {t['recall']:.3f} / "
              f"{t['f1']:.3f}   {e['precision']:.3f} / {e['recall']:.3f} / {e['f1']:.3f}   {r['modality_accuracy']}")


if __name__ == "__main__":
    main()
