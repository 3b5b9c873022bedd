"""Scoring events against gold annotations, by the rules of the field's reference scorer.

Gold lines are `{"id","source","target","type","alt_types"?,"symmetric"?,"optional"?,"date"?,
"date_precision"?,"date_ok"?,"modality"?,"article"?}`, or `{"article","type"}` only for a
sentence-level type check. Scope: international dyads (both countries known and different).
A line `{"article","no_events": true}` says the article holds no gold event: it is no event
itself, and every event coded in that article counts as spurious (as the reference scorer
counts every predicted event that matches no gold line).

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


def no_events_line(line: dict[str, Any]) -> bool:
    """`{"article", "no_events": true}`: a statement about an article, not a gold event."""
    return bool(line.get("no_events"))


def gold_events(lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The event lines of a gold file: `no_events` lines have no "type" and are no event."""
    return [line for line in lines if not no_events_line(line)]


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
    gold, groups = gold_events(gold), group_events(events, article)
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
    events = gold_events(gold)
    return bool(events) and "source" not in events[0]


# -- the developer's report ----------------------------------------------------------------------

def _sentence(group: Group) -> str | None:
    for event in group.events:
        evidence = event.get("evidence") or {}
        if evidence.get("sentence"):
            return evidence["sentence"]
    return None


def _types_report(gold: list[dict], events: list[dict]) -> dict[str, Any]:
    """For a sentence-type gold file: recall, and which types the coder gave instead."""
    report = score_types(gold, events)
    by_article: dict[str | None, set] = {}
    for event in events:
        by_article.setdefault(event.get("article_id"), set()).add(event.get("type"))
    per_type: dict[str, dict[str, int]] = {}
    confusion: dict[str, dict[str, int]] = {}
    for g in gold:
        got = by_article.get(g["article"], set())
        row = per_type.setdefault(g["type"], {"sentences": 0, "hit": 0})
        row["sentences"] += 1
        row["hit"] += g["type"] in got
        if g["type"] not in got:
            for other in got or {"(none)"}:
                confusion.setdefault(g["type"], {}).setdefault(other, 0)
                confusion[g["type"]][other] += 1
    report["per_type"] = {t: {**v, "recall": round(v["hit"] / v["sentences"], 3)} for t, v in sorted(per_type.items())}
    report["confusion"] = confusion
    return report


def _calibration(level: LevelScore) -> list[dict[str, Any]]:
    """How often groups are right, by the confidence of their best event (at the triple level)."""
    right = {id(grp) for _, grp in level.matched}
    bins: dict[str, list[int]] = {}
    for grp in [g for _, g in level.matched] + level.spurious:
        confidence = max((e.get("confidence") or 0.0) for e in grp.events)
        label = "0.7+" if confidence >= 0.7 else "0.5-0.7" if confidence >= 0.5 else "<0.5"
        bins.setdefault(label, []).append(id(grp) in right)
    return [{"confidence": label, "groups": len(v), "precision": round(sum(v) / len(v), 3)}
            for label, v in sorted(bins.items(), reverse=True)]


def report(gold: list[dict], events: list[dict], article: str | None = None) -> dict[str, Any]:
    """Everything a coder's developer needs from one gold file: the reference scorer's figures,
    per-type precision and recall, type confusions, date, modality and attribution accuracy,
    calibration of confidence, and the missed and spurious events with their sentences."""
    gold = gold_events(gold)
    if is_type_gold(gold):
        return _types_report(gold, events)
    levels = score_events(gold, events, article)
    triple, event = levels["triple"], levels["event"]
    types = sorted({g["type"] for g in gold} | {grp.key[2] for grp in triple.spurious} |
                   {grp.key[2] for _, grp in triple.matched})
    per_type = {}
    for t in types:
        tp = sum(1 for g, _ in triple.matched if g["type"] == t and not g.get("optional"))
        fn = sum(1 for g in triple.missed if g["type"] == t)
        fp = sum(1 for grp in triple.spurious if grp.key[2] == t)
        per_type[t] = {"tp": tp, "fp": fp, "fn": fn, "precision": round(tp / (tp + fp), 3) if tp + fp else None,
                       "recall": round(tp / (tp + fn), 3) if tp + fn else None}
    confusion: dict[str, dict[str, int]] = {}
    for g in triple.missed:
        for grp in triple.spurious:
            pair = (grp.key[0], grp.key[1])
            same_pair = pair == (g["source"], g["target"]) or (g.get("symmetric") and pair == (g["target"], g["source"]))
            if same_pair and (not g.get("article") or g["article"] == grp.article):
                confusion.setdefault(g["type"], {}).setdefault(grp.key[2], 0)
                confusion[g["type"]][grp.key[2]] += 1
    dated = [(g, grp) for g, grp in triple.matched if g.get("date") or g.get("date_ok")]
    attributed = [(g, grp) for g, grp in triple.matched if g.get("attribution")]
    return {
        "triple": triple.summary(), "event": event.summary(), "per_type": per_type, "confusion": confusion,
        "date_accuracy": round(sum(date_ok(g, grp.key[3]) for g, grp in dated) / len(dated), 3) if dated else None,
        "modality_accuracy": triple.summary()["modality_accuracy"],
        "attribution_accuracy": round(sum(any((e.get("attribution") or {}).get("country") == g["attribution"]
                                              for e in grp.events) for g, grp in attributed) / len(attributed), 3)
        if attributed else None,
        "calibration": _calibration(triple),
        "missed_events": [{"id": g["id"], "type": g["type"], "source": g["source"], "target": g["target"],
                           "date": g.get("date"), "evidence": g.get("evidence")} for g in triple.missed],
        "spurious_events": [{"article": grp.article, "source": grp.key[0], "target": grp.key[1], "type": grp.key[2],
                             "date": grp.key[3], "sentence": _sentence(grp)} for grp in triple.spurious],
    }
