"""How far two independent annotators of the same articles agree, field by field.

Reported over the double-annotated articles before adjudication: article-level triple and event
F1 between the two (what the outside evaluation scores, here with one annotator as "gold"),
the same for international dyads only, and on the events the adjudication rule pairs: type
agreement (raw and Cohen's kappa), trigger/source/target span overlap, modality and date agreement.
"""

from __future__ import annotations

from collections import Counter

from .adjudicate import overlaps, pair_events


def _key(event: dict, with_date: bool) -> tuple:
    src = (event.get("source") or {}).get("country")
    tgt = (event.get("target") or {}).get("country")
    if event.get("symmetric") and src and tgt:
        src, tgt = sorted((src, tgt))
    key = (event["article"], src, tgt, event["type"])
    return key + ((event.get("date") or "")[:7],) if with_date else key


def _f1(a: set, b: set) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a or b else 1.0


def _international(event: dict) -> bool:
    src = (event.get("source") or {}).get("country")
    tgt = (event.get("target") or {}).get("country")
    return bool(src and tgt and src != tgt and src != "IGO" and tgt != "IGO")


def _kappa(pairs: list[tuple[str, str]]) -> float:
    if not pairs:
        return 0.0
    observed = sum(a == b for a, b in pairs) / len(pairs)
    first, second = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    expected = sum(first[k] * second[k] for k in first) / len(pairs) ** 2
    return (observed - expected) / (1 - expected) if expected < 1 else 1.0


def agreement(first: list[dict], second: list[dict]) -> dict:
    """Agreement between two annotators' records of the same articles (no-event lines included)."""
    articles = sorted({r["article"] for r in first} & {r["article"] for r in second})
    ev_a = [r for r in first if not r.get("no_events") and r["article"] in articles]
    ev_b = [r for r in second if not r.get("no_events") and r["article"] in articles]
    report: dict = {"articles": len(articles), "events_a": len(ev_a), "events_b": len(ev_b)}
    for name, keep in (("all", lambda e: True), ("international", _international)):
        for level, with_date in (("triple", False), ("event", True)):
            a = {_key(e, with_date) for e in ev_a if keep(e)}
            b = {_key(e, with_date) for e in ev_b if keep(e)}
            report[f"{name}_{level}_f1"] = round(_f1(a, b), 3)
    paired = []
    for article in articles:
        pairs, _, _ = pair_events([e for e in ev_a if e["article"] == article],
                                  [e for e in ev_b if e["article"] == article])
        paired += pairs
    report["paired_events"] = len(paired)
    if paired:
        report["type_agreement"] = round(sum(a["type"] == b["type"] for a, b in paired) / len(paired), 3)
        report["type_kappa"] = round(_kappa([(a["type"], b["type"]) for a, b in paired]), 3)
        report["trigger_overlap"] = round(sum(overlaps(a["trigger"], b["trigger"]) for a, b in paired) / len(paired), 3)
        for side in ("source", "target"):
            both = [(a[side], b[side]) for a, b in paired if a.get(side) and b.get(side)
                    and a[side].get("span") and b[side].get("span")]
            report[f"{side}_span_overlap"] = round(
                sum(overlaps(x["span"], y["span"]) for x, y in both) / len(both), 3) if both else None
        report["modality_agreement"] = round(sum(a["modality"] == b["modality"] for a, b in paired) / len(paired), 3)
        report["date_agreement"] = round(sum((a.get("date") or "") == (b.get("date") or "")
                                             for a, b in paired) / len(paired), 3)
    neg_a = {r["article"] for r in first if r.get("no_events")}
    neg_b = {r["article"] for r in second if r.get("no_events")}
    report["no_events_agreement"] = round(
        sum((x in neg_a) == (x in neg_b) for x in articles) / len(articles), 3) if articles else None
    return report
