"""The fusion gold: event reports across articles linked to the real-world incidents they report.

Two independent annotators code the events of every story of a running news story (corpus guide)
and give each event line an `incident` label shared by every report of the same occurrence
(docs/CORPUS_GUIDE.md, "Incidents"). This module anchors their lines to offsets (no text is kept),
pairs the two annotations per article with the corpus's mechanical rule, and writes:

- `corpus/fusion/<part>.jsonl`: one line per event report that BOTH annotators wrote (a report only
  one of them saw is not evidence of an incident), with the first annotator's incident label;
- `corpus/fusion/agreement.json`: per part, how far the annotators' incident clusterings agree on
  the reports both wrote (B-cubed and pairwise F1), so the gold's own ceiling is on record.

The clustering metrics live here because the incidents stage is scored with the same ones.

    python -m dyad.corpus.fusion_gold --raw FOLDER [--first fa --second fb]
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from collections.abc import Hashable, Mapping
from itertools import combinations
from pathlib import Path

from .adjudicate import pair_events
from .anchor import AnchorError, FoldedText, anchor
from .texts import load_texts, shared_corpus_dir

PARTS = ("fusion-dev", "fusion-test")
OUT = Path(__file__).resolve().parents[2] / "corpus" / "fusion"


def bcubed(predicted: Mapping[Hashable, Hashable], gold: Mapping[Hashable, Hashable]) -> dict[str, float]:
    """B-cubed precision, recall and F1 of a clustering against a gold one, over the items of `gold`
    (an item the prediction lacks counts as a cluster of its own)."""
    items = list(gold)
    if not items:
        return {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    pred = {i: predicted.get(i, ("alone", i)) for i in items}
    by_pred, by_gold = defaultdict(set), defaultdict(set)
    for i in items:
        by_pred[pred[i]].add(i)
        by_gold[gold[i]].add(i)
    p = sum(len(by_pred[pred[i]] & by_gold[gold[i]]) / len(by_pred[pred[i]]) for i in items) / len(items)
    r = sum(len(by_pred[pred[i]] & by_gold[gold[i]]) / len(by_gold[gold[i]]) for i in items) / len(items)
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r) if p + r else 0.0, 4)}


def pairwise(predicted: Mapping[Hashable, Hashable], gold: Mapping[Hashable, Hashable]) -> dict[str, float]:
    """Precision, recall and F1 over the pairs of items put in one cluster, over the items of `gold`."""
    items = sorted(gold, key=str)
    pred = {i: predicted.get(i, ("alone", i)) for i in items}
    same_pred = {(a, b) for a, b in combinations(items, 2) if pred[a] == pred[b]}
    same_gold = {(a, b) for a, b in combinations(items, 2) if gold[a] == gold[b]}
    both = len(same_pred & same_gold)
    p = both / len(same_pred) if same_pred else 1.0
    r = both / len(same_gold) if same_gold else 1.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r) if p + r else 0.0, 4)}


def anchored(lines: list[dict], texts: dict[str, str]) -> tuple[list[dict], list[str]]:
    """The event records of one annotator's lines, each keeping its incident label."""
    records, errors, folded = [], [], {}
    for number, line in enumerate(lines, start=1):
        if line.get("no_events"):
            continue
        article = line.get("article")
        if article not in texts:
            errors.append(f"line {number}: article {article!r} is not in the corpus")
            continue
        if not line.get("incident"):
            errors.append(f"line {number} ({article}): no incident label")
            continue
        try:
            record = anchor(line, texts[article], folded.setdefault(article, FoldedText(texts[article])))
        except (AnchorError, KeyError, TypeError, ValueError) as exc:
            errors.append(f"line {number} ({article}): {exc}")
            continue
        records.append({**record, "incident": str(line["incident"])})
    return records, errors


def merge_part(first: list[dict], second: list[dict]) -> tuple[list[dict], dict]:
    """(gold reports, agreement figures) of one part from two annotators' anchored records."""
    by_article: dict[str, tuple[list, list]] = defaultdict(lambda: ([], []))
    for r in first:
        by_article[r["article"]][0].append(r)
    for r in second:
        by_article[r["article"]][1].append(r)
    gold, labels_first, labels_second = [], {}, {}
    for article in sorted(by_article):
        pairs, _, _ = pair_events(*by_article[article])
        pairs.sort(key=lambda p: (p[0]["sentence"]["start"], p[0]["trigger"]["start"]))
        for n, (a, b) in enumerate(pairs, start=1):
            report = f"{article}#{n}"
            labels_first[report], labels_second[report] = a["incident"], b["incident"]
            gold.append({
                "id": report, "article_id": article,
                "sentence_start": a["sentence"]["start"], "sentence_end": a["sentence"]["end"],
                "sentence": a["sentence"], "trigger": a["trigger"],
                "source": (a.get("source") or {}).get("country"), "target": (a.get("target") or {}).get("country"),
                "type": a["type"], "alt_types": sorted({*a["alt_types"], *([b["type"]] if b["type"] != a["type"] else [])}),
                "symmetric": bool(a.get("symmetric") or b.get("symmetric")),
                "date": a.get("date"), "date_precision": a.get("date_precision"),
                "modality": a["modality"], "incident": a["incident"],
            })
    figures = {
        "reports_first": len(first), "reports_second": len(second), "reports_both": len(gold),
        "articles": len(by_article),
        "incidents": len(set(labels_first.values())),
        "incidents_with_several_reports": sum(1 for v in _sizes(labels_first).values() if v > 1),
        "bcubed": bcubed(labels_second, labels_first),
        "pairwise": pairwise(labels_second, labels_first),
    }
    return gold, figures


def _sizes(labels: Mapping[Hashable, Hashable]) -> dict[Hashable, int]:
    sizes: dict[Hashable, int] = defaultdict(int)
    for label in labels.values():
        sizes[label] += 1
    return sizes


def _read(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build corpus/fusion/ from two annotators' incident-labelled lines.")
    parser.add_argument("--raw", type=Path, required=True, help="folder of <annotator>/<part>.jsonl")
    parser.add_argument("--first", default="fa")
    parser.add_argument("--second", default="fb")
    parser.add_argument("--corpus", type=Path, default=None, help="../shared/corpus (default: found beside the repo)")
    args = parser.parse_args(argv)
    corpus = shared_corpus_dir(args.corpus)
    OUT.mkdir(parents=True, exist_ok=True)
    report, failed = {}, 0
    for part in PARTS:
        raw = [_read(args.raw / who / f"{part}.jsonl") for who in (args.first, args.second)]
        ids = {line["article"] for lines in raw for line in lines}
        texts = {i: t.text for i, t in load_texts(ids, corpus).items()}
        (first, errors_a), (second, errors_b) = (anchored(lines, texts) for lines in raw)
        for error in errors_a + errors_b:
            print(f"{part}: {error}")
        failed += len(errors_a) + len(errors_b)
        gold, figures = merge_part(first, second)
        with open(OUT / f"{part}.jsonl", "w", encoding="utf-8") as out:
            for record in gold:
                out.write(json.dumps(record, sort_keys=True, ensure_ascii=False) + "\n")
        report[part] = figures
        print(f"{part}: {json.dumps(figures)}")
    (OUT / "agreement.json").write_text(json.dumps(report, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
