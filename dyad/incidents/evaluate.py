"""Scoring incident clustering against a fusion gold: B-cubed and pairwise F1, with baselines.

    python -m dyad.incidents.evaluate GOLD.jsonl [--db events.duckdb] [--params my.json] [--split test]

A gold line is `{"article_id", "sentence_start", "sentence_end", "source", "target", "type",
"incident"}` (optionally `"split"`). It is matched to one stored event of that article whose
sentence overlaps `[sentence_start, sentence_end)`: character offsets into the stored body by
default (the evidence's `char_start`/`char_end`), sentence indices with `--span index`
(inclusive). When several events overlap, the one agreeing on type, source and target (country
codes; a longer code such as USAMIL is compared by its country) wins; each event is matched at
most once. Unmatched lines are counted and listed, never guessed.

The stored events are clustered again in memory with the given parameters (default: dyad's
own), so the score never depends on when the store's incidents were last updated, and
parameters can be tried without writing anything. Two baselines are scored beside it: every
mention alone, and one incident per dyad, type and month.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from collections.abc import Hashable
from itertools import combinations
from pathlib import Path
from typing import Any

from dyad.errors import DyadError, InputError

from .cluster import block_key, cluster_block, incident_id
from .mention import Mention
from .params import IncidentParams, load_params
from .stage import mentions_from_rows

__all__ = ["bcubed", "load_gold", "match_gold", "pairwise", "score"]


def load_gold(path: str | Path, split: str | None = None) -> list[dict[str, Any]]:
    lines = []
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot read the gold file ({exc.strerror})", item=str(path)) from exc
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            for key in ("article_id", "sentence_start", "sentence_end", "incident"):
                record[key]  # noqa: B018 - presence check
        except (ValueError, KeyError, TypeError) as exc:
            raise InputError(f"line {number} is not a gold mention ({exc}); see docs/INCIDENTS.md", item=str(path)) from None
        if split is None or record.get("split") == split:
            lines.append(record)
    return lines


def _country(code: Any) -> str | None:
    return str(code)[:3].upper() if code else None


def match_gold(gold: list[dict[str, Any]], mentions: list[Mention], records: dict[str, dict], span: str = "chars"
               ) -> tuple[list[tuple[dict, Mention]], list[dict]]:
    """(gold line, mention) pairs and the gold lines left unmatched."""
    by_article: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        by_article[m.article_id].append(m)
    used: set[str] = set()
    matched, unmatched = [], []
    for line in gold:
        candidates = []
        for m in by_article.get(line["article_id"], []):
            if m.event_id in used:
                continue
            evidence = records[m.event_id].get("evidence") or {}
            if span == "index":
                overlaps = line["sentence_start"] <= m.sentence_index <= line["sentence_end"]
            else:
                overlaps = evidence.get("char_start", -1) < line["sentence_end"] and \
                    line["sentence_start"] < evidence.get("char_end", -1)
            if overlaps:
                agreement = ((line.get("type") or "").upper() == m.type) + \
                    (_country(line.get("source")) == m.side("source")) + (_country(line.get("target")) == m.side("target"))
                candidates.append((-agreement, m.sentence_index, m.event_id, m))
        if candidates:
            best = min(candidates, key=lambda c: c[:3])[3]
            used.add(best.event_id)
            matched.append((line, best))
        else:
            unmatched.append(line)
    return matched, unmatched


def _clusters(labels: dict[int, Hashable]) -> dict[Hashable, set[int]]:
    clusters: dict[Hashable, set[int]] = defaultdict(set)
    for item, label in labels.items():
        clusters[label].add(item)
    return clusters


def bcubed(gold: dict[int, Hashable], predicted: dict[int, Hashable]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 over the items both labelings have."""
    g, p = _clusters(gold), _clusters(predicted)
    if not gold:
        return 0.0, 0.0, 0.0
    precision = sum(len(p[predicted[i]] & g[gold[i]]) / len(p[predicted[i]]) for i in gold) / len(gold)
    recall = sum(len(p[predicted[i]] & g[gold[i]]) / len(g[gold[i]]) for i in gold) / len(gold)
    return precision, recall, _f1(precision, recall)


def pairwise(gold: dict[int, Hashable], predicted: dict[int, Hashable]) -> tuple[float, float, float]:
    """Pairwise precision, recall and F1: pairs put together by both over pairs put together
    by the prediction (precision) and by the gold (recall); 1.0 when there are no pairs."""
    same_gold = {pair for pair in combinations(sorted(gold), 2) if gold[pair[0]] == gold[pair[1]]}
    same_pred = {pair for pair in combinations(sorted(gold), 2) if predicted[pair[0]] == predicted[pair[1]]}
    both = len(same_gold & same_pred)
    precision = both / len(same_pred) if same_pred else 1.0
    recall = both / len(same_gold) if same_gold else 1.0
    return precision, recall, _f1(precision, recall)


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _month(m: Mention) -> str:
    day = m.start or m.story_date
    return day.strftime("%Y-%m") if day else "unknown"


def score(store: Any, gold: list[dict[str, Any]], params: IncidentParams | None = None,
          span: str = "chars") -> dict[str, Any]:
    """The scores of the clustering and of the two baselines on the matched gold mentions."""
    params = params or load_params()
    rows = store.incident_pending_rows(everything=True)
    mentions = mentions_from_rows(store, rows)
    records = {json.loads(r[0])["event_id"]: json.loads(r[0]) for r in rows}
    blocks: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        blocks[block_key(m, params)].append(m)
    predicted_of: dict[str, str] = {}
    for block, members in blocks.items():
        for cluster in cluster_block(members, params):
            first = sorted(cluster, key=Mention.sort_key)[0]
            for m in cluster:
                predicted_of[m.event_id] = incident_id(block, first)
    matched, unmatched = match_gold(gold, mentions, records, span)
    gold_labels = {i: str(line["incident"]) for i, (line, _) in enumerate(matched)}
    systems = {
        "dyad": {i: predicted_of[m.event_id] for i, (_, m) in enumerate(matched)},
        "baseline: every mention alone": {i: i for i in range(len(matched))},
        "baseline: dyad, type and month": {i: (m.side("source"), m.side("target"), m.type, _month(m))
                                           for i, (_, m) in enumerate(matched)},
    }
    return {
        "gold_mentions": len(gold), "matched": len(matched), "unmatched": len(unmatched),
        "gold_incidents": len(set(gold_labels.values())),
        "scores": {name: {"bcubed": dict(zip(("precision", "recall", "f1"),
                                             (round(v, 4) for v in bcubed(gold_labels, labels)), strict=True)),
                          "pairwise": dict(zip(("precision", "recall", "f1"),
                                               (round(v, 4) for v in pairwise(gold_labels, labels)), strict=True))}
                   for name, labels in systems.items()},
        "unmatched_lines": [{k: line.get(k) for k in ("article_id", "sentence_start", "sentence_end", "type")}
                            for line in unmatched],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dyad.incidents.evaluate",
                                     description="Score incident clustering against a fusion gold file.")
    parser.add_argument("gold", help="JSONL of gold mentions (docs/INCIDENTS.md)")
    parser.add_argument("--db", default=None, help="the store (default ./dyad.duckdb or $DYAD_DB)")
    parser.add_argument("--params", default=None, help="clustering parameters to try (JSON)")
    parser.add_argument("--split", default=None, help="only gold lines with this split, e.g. test")
    parser.add_argument("--span", choices=("chars", "index"), default="chars",
                        help="sentence_start/end are character offsets (default) or sentence indices")
    parser.add_argument("--format", choices=("table", "json"), default="table")
    args = parser.parse_args(argv)
    from dyad.settings import load_settings
    from dyad.store import open_store

    try:
        gold = load_gold(args.gold, args.split)
        params = load_params(args.params) if args.params else None
        with open_store(load_settings().with_flags(db=args.db).db, read_only=True) as store:
            result = score(store, gold, params, args.span)
    except DyadError as exc:
        print(f"error {exc}", file=sys.stderr)
        return 2
    if args.format == "json":
        print(json.dumps(result, ensure_ascii=False))
        return 0
    print(f"gold mentions {result['gold_mentions']}, matched to stored events {result['matched']}, "
          f"unmatched {result['unmatched']}; gold incidents {result['gold_incidents']}")
    print(f"{'system':34} {'B3 P':>6} {'B3 R':>6} {'B3 F1':>6} {'pair P':>7} {'pair R':>7} {'pair F1':>7}")
    for name, s in result["scores"].items():
        b, p = s["bcubed"], s["pairwise"]
        print(f"{name:34} {b['precision']:6.3f} {b['recall']:6.3f} {b['f1']:6.3f} "
              f"{p['precision']:7.3f} {p['recall']:7.3f} {p['f1']:7.3f}")
    for line in result["unmatched_lines"][:20]:
        print(f"unmatched: {line}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
