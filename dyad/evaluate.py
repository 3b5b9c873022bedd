"""Scoring events against gold annotations, by the rules of the field's reference scorer.

Gold lines are `{"id","source","target","type","alt_types"?,"symmetric"?,"optional"?,"date"?,
"date_precision"?,"date_ok"?,"modality"?,"article"?}`, or `{"article","type"}` only for a
sentence-level type check. Scope: international dyads (both countries known and different).

- Predicted events are first grouped by (article, source, target, type, day), so one event
  reported in three sentences counts once.
- Each gold event, required ones first, takes one compatible group (same pair, or reversed when
  the gold is symmetric; type or an accepted alternative; at the event level, a date that starts
  with one of the gold's accepted dates), preferring a date-compatible group even at the triple
  level. Matching is one-to-one; groups that match an optional gold event count neither way.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


def load_jsonl(path: str | Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _country(actor: Any) -> str | None:
    return actor.get("country") if isinstance(actor, dict) else actor


def date_ok(gold: dict, predicted_date: str | None) -> bool:
    accepted = gold.get("date_ok") or ([gold["date"]] if gold.get("date") else [])
    if not accepted:
        return True
    return bool(predicted_date) and any(str(predicted_date).startswith(a) for a in accepted)


@dataclass
class Group:
    """Predicted events with the same (article, source, target, type, day)."""

    article: str | None
    key: tuple[str, str, str, str | None]
    events: list[dict] = field(default_factory=list)


def group_events(events: Iterable[dict], article: str | None = None) -> list[Group]:
    groups: dict[tuple, Group] = {}
    for event in events:
        if article and event.get("article_id") != article:
            continue
        source, target = _country(event.get("source")), _country(event.get("target"))
        if not source or not target or source == target:
            continue
        day = (event.get("date") or "")[:10] or None
        key = (source, target, event.get("type"), day)
        groups.setdefault((event.get("article_id"), key), Group(event.get("article_id"), key)).events.append(event)
    return list(groups.values())


def compatible(gold: dict, group: Group, level: str) -> bool:
    if gold.get("article") and gold["article"] != group.article:
        return False
    source, target, type_, day = group.key
    pair = (source, target) == (gold["source"], gold["target"]) or (
        bool(gold.get("symmetric")) and (source, target) == (gold["target"], gold["source"]))
    if not pair or type_ not in [gold["type"], *gold.get("alt_types", [])]:
        return False
    return level == "triple" or date_ok(gold, day)


@dataclass
class LevelScore:
    level: str
    tp: int
    fp: int
    fn: int
    matched: list[tuple[dict, Group]]
    missed: list[dict]
    spurious: list[Group]

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def modality_accuracy(self) -> float | None:
        judged = [(g, grp) for g, grp in self.matched if g.get("modality")]
        if not judged:
            return None
        right = sum(1 for g, grp in judged if any(e.get("modality") == g["modality"] for e in grp.events))
        return right / len(judged)

    def summary(self) -> dict[str, Any]:
        return {"level": self.level, "tp": self.tp, "fp": self.fp, "fn": self.fn,
                "precision": round(self.precision, 3), "recall": round(self.recall, 3), "f1": round(self.f1, 3),
                "modality_accuracy": None if self.modality_accuracy is None else round(self.modality_accuracy, 3),
                "missed": [g["id"] for g in self.missed],
                "spurious": [[g.article, *g.key] for g in self.spurious]}


def score_level(gold: list[dict], groups: list[Group], level: str) -> LevelScore:
    unmatched = list(groups)
    matched: list[tuple[dict, Group]] = []
    for g in sorted(gold, key=lambda g: bool(g.get("optional"))):
        candidates = [p for p in unmatched if compatible(g, p, level)]
        candidates.sort(key=lambda p: not date_ok(g, p.key[3]))
        if candidates:
            unmatched.remove(candidates[0])
            matched.append((g, candidates[0]))
    required = [g for g in gold if not g.get("optional")]
    matched_ids = {id(g) for g, _ in matched}
    tp = sum(1 for g, _ in matched if not g.get("optional"))
    return LevelScore(level, tp, len(unmatched), len(required) - tp, matched,
                      [g for g in required if id(g) not in matched_ids], unmatched)


def score_events(gold: list[dict], events: list[dict], article: str | None = None) -> dict[str, LevelScore]:
    groups = group_events(events, article)
    return {level: score_level(gold, groups, level) for level in ("triple", "event")}


def score_types(gold: list[dict], events: list[dict]) -> dict[str, Any]:
    """Per sentence: does the system give that sentence the gold type at all (any actors)?"""
    by_article: dict[str | None, set] = {}
    for event in events:
        by_article.setdefault(event.get("article_id"), set()).add(event.get("type"))
    hit = wrong = none = 0
    for g in gold:
        got = by_article.get(g["article"], set())
        if g["type"] in got:
            hit += 1
        elif got:
            wrong += 1
        else:
            none += 1
    n = len(gold) or 1
    return {"level": "type", "sentences": len(gold), "type_recall": round(hit / n, 3),
            "wrong_type_only": round(wrong / n, 3), "no_event": round(none / n, 3)}


def is_type_gold(gold: list[dict]) -> bool:
    return bool(gold) and "source" not in gold[0]
