"""Merge two independent annotations of one article by the guide's written rule (section 7).

Mechanical on purpose: after the annotators have worked, nobody's judgement enters. Events are
paired one to one, most similar first (same countries and overlapping triggers before same
countries and same type); a pair becomes a required event carrying both annotators' choices as
accepted alternatives; an event only one annotator wrote is kept as optional.
"""

from __future__ import annotations

from collections.abc import Iterable


def _countries(event: dict) -> tuple[str | None, str | None]:
    return ((event.get("source") or {}).get("country"), (event.get("target") or {}).get("country"))


def same_pair(a: dict, b: dict) -> bool:
    pa, pb = _countries(a), _countries(b)
    return pa == pb or ((a.get("symmetric") or b.get("symmetric")) and pa == pb[::-1])


def overlaps(a: dict | None, b: dict | None) -> bool:
    return bool(a and b and a["start"] < b["end"] and b["start"] < a["end"])


def pair_events(first: list[dict], second: list[dict]) -> tuple[list[tuple[dict, dict]], list[dict], list[dict]]:
    """(pairs, unpaired of first, unpaired of second), greedy by similarity then order."""
    candidates = []
    for i, a in enumerate(first):
        for j, b in enumerate(second):
            if not same_pair(a, b):
                continue
            trig = overlaps(a.get("trigger"), b.get("trigger"))
            same_type = a["type"] == b["type"] or b["type"] in a.get("alt_types", []) or a["type"] in b.get("alt_types", [])
            if trig or same_type:
                candidates.append((-(2 * trig + same_type), i, j))
    used_a, used_b, pairs = set(), set(), []
    for _, i, j in sorted(candidates):
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            pairs.append((first[i], second[j]))
    return (pairs, [a for i, a in enumerate(first) if i not in used_a],
            [b for j, b in enumerate(second) if j not in used_b])


def adjudicate(first: Iterable[dict], second: Iterable[dict]) -> list[dict]:
    """The merged records of one article (first = the `a` copy's annotator)."""
    first, second = list(first), list(second)
    neg_a = any(r.get("no_events") for r in first)
    neg_b = any(r.get("no_events") for r in second)
    events_a = [r for r in first if not r.get("no_events")]
    events_b = [r for r in second if not r.get("no_events")]
    article = (first or second)[0]["article"]
    if neg_a and neg_b:
        return [{"id": f"{article}#0", "article": article, "annotator": _who(first, second),
                 "batch": first[0]["batch"].rsplit("-", 1)[0], "no_events": True, "adjudicated": "negative"}]
    pairs, only_a, only_b = pair_events(events_a, events_b)
    merged = []
    for a, b in pairs:
        event = {**a, "optional": bool(a.get("optional") and b.get("optional")), "adjudicated": "paired"}
        event["alt_types"] = sorted({*a.get("alt_types", []), *([b["type"]] if b["type"] != a["type"] else []),
                                     *b.get("alt_types", [])} - {a["type"]})
        event["modality_ok"] = sorted({a["modality"], b["modality"]})
        event["date_ok"] = sorted({d for d in (a.get("date"), b.get("date")) if d})
        event["symmetric"] = bool(a.get("symmetric") or b.get("symmetric"))
        merged.append(event)
    merged += [{**e, "optional": True, "adjudicated": "single"} for e in only_a + only_b]
    merged.sort(key=lambda e: (e["sentence"]["start"], e["trigger"]["start"]))
    batch = first[0]["batch"].rsplit("-", 1)[0] if first else second[0]["batch"].rsplit("-", 1)[0]
    return [{**e, "id": f"{article}#{n}", "annotator": _who(first, second), "batch": batch}
            for n, e in enumerate(merged, start=1)]


def _who(first: list[dict], second: list[dict]) -> str:
    names = [r.get("annotator") for r in (first[:1] + second[:1]) if r.get("annotator")]
    return "+".join(names)
