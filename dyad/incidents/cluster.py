"""Grouping the mentions of one block into incidents, and what each incident says.

A *block* is every mention that could possibly be the same incident: the same directed dyad
(or the same unordered pair for a mutual act), and a type of the same PLOVER group. Inside a
block, mentions are taken in a canonical order (best-dated first, then by date and ids) and each
joins the first incident it is compatible with *with every member* (complete link: no chains
of day-apart strikes merging a month of fighting), or starts a new one. Because the order is
canonical, the incidents of a block are a function of the set of its mentions: ingesting the
same articles in any order, or in any number of runs, gives the same incidents and ids.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from datetime import date, timedelta
from typing import Any

from dyad.models import MODALITIES

from .mention import PRECISION_RANK, Mention
from .params import IncidentParams

__all__ = ["block_key", "cluster_block", "incident_id", "summarize"]


def block_key(m: Mention, params: IncidentParams) -> str:
    """The block a mention belongs to; mentions of different blocks are never one incident."""
    src, tgt = m.side("source"), m.side("target")
    if params.singleton_if_missing_side and (not src or not tgt):
        return f"solo|{m.event_id}"
    a, b = src or "-", tgt or "-"
    group = params.type_group(m.type)
    if m.reciprocal or m.type in params.symmetric_types:
        a, b = sorted((a, b))
        return f"{a}|{b}|{group}|pair"
    return f"{a}|{b}|{group}|dir"


def incident_id(block: str, seed: Mention) -> str:
    """A content id from the block and the incident's first mention in canonical order."""
    return "i_" + hashlib.sha1(f"{block}\x1f{seed.event_id}".encode()).hexdigest()[:16]


def cluster_block(mentions: list[Mention], params: IncidentParams) -> list[list[Mention]]:
    """The incidents of one block, each a list of mentions in canonical order."""
    clusters: list[list[Mention]] = []
    for m in sorted(mentions, key=Mention.sort_key):
        best, best_distance = None, None
        for cluster in clusters:
            if all(_compatible(m, other, params) for other in cluster):
                distance = _date_distance(m, cluster)
                if best_distance is None or distance < best_distance:
                    best, best_distance = cluster, distance
        if best is None:
            clusters.append([m])
        else:
            best.append(m)
    return clusters


def _widen(start: date, end: date, days: int) -> tuple[date, date]:
    return start - timedelta(days=days), end + timedelta(days=days)


def _overlap(a: tuple[date, date], b: tuple[date, date]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def _compatible(m: Mention, other: Mention, params: IncidentParams) -> bool:
    return (_dates_agree(m, other, params) and _dates_agree(other, m, params)
            and _places_agree(m, other, params) and _participants_agree(m, other, params)
            and (not params.mode_must_agree or not m.mode or not other.mode or m.mode == other.mode))


def _dates_agree(m: Mention, other: Mention, params: IncidentParams) -> bool:
    """Dates at their precisions: text-dated periods must overlap (within the tolerance); a
    mention dated only by its story date agrees with a text-dated one when the event falls
    shortly before the story date and the article's own time words (the dates its text gives
    other events) do not point elsewhere."""
    tol = params.date_tolerance_days
    if m.text_dated and other.text_dated:
        return _overlap(_widen(m.start, m.end, tol), (other.start, other.end))  # type: ignore[arg-type]
    if m.text_dated:
        return True  # the symmetric call decides, from the other side
    if other.text_dated:
        return _story_dated_agrees(m, (other.start, other.end), params)  # type: ignore[arg-type]
    if m.story_date is None or other.story_date is None:
        return False
    return abs((m.story_date - other.story_date).days) <= params.publication_lookback_days


def _story_dated_agrees(m: Mention, period: tuple[date, date], params: IncidentParams) -> bool:
    if m.story_date is None:
        return False
    tol = params.date_tolerance_days
    agreeing = [p for p in m.article_periods if _overlap(_widen(*p, tol), period)]
    if agreeing:
        window = (m.story_date - timedelta(days=params.time_word_lookback_days), m.story_date)
    elif not m.article_periods:
        window = (m.story_date - timedelta(days=params.publication_lookback_days), m.story_date)
    else:
        return False  # the article's own time words point to other days
    return _overlap(window, period)


def _places_agree(m: Mention, other: Mention, params: IncidentParams) -> bool:
    if not params.place_must_agree:
        return True
    a, b = (m.location or {}).get("country"), (other.location or {}).get("country")
    return not a or not b or a == b


def _participants_agree(m: Mention, other: Mention, params: IncidentParams) -> bool:
    """Named people on the same side must be the same person (countries already agree)."""
    if not params.named_participants_must_agree:
        return True
    for side in ("source", "target"):
        a, b = _person(m, side, m), _person(other, side, m)
        if a and b and a != b:
            return False
    return True


def _person(m: Mention, side: str, reference: Mention) -> str | None:
    """The named person on `side`, seen in the reference mention's orientation (a mutual act
    may be stored either way round)."""
    actor = m.source if side == "source" else m.target
    if (m.reciprocal or reference.reciprocal) and actor and reference.side(side) \
            and actor.get("country") != reference.side(side):
        actor = m.target if side == "source" else m.source
    if not actor or actor.get("sector") not in ("GOV", "HOS", "ELI", "MIL", "OPP", "REB"):
        return None
    name = actor.get("name")
    return name if name and name != actor.get("country") and " " in name else None


def _date_distance(m: Mention, cluster: list[Mention]) -> int:
    if m.start is None:
        return 0
    dated = [o for o in cluster if o.start is not None]
    if not dated:
        return 0
    return min(abs((m.start - o.start).days) for o in dated)  # type: ignore[operator]


# -- what an incident says --------------------------------------------------------------------------

def summarize(block: str, members: list[Mention], params: IncidentParams) -> dict[str, Any]:
    """The incident record: its reports, outlets and articles, best-supported date and place,
    majority modality (and whether any report denies it) and a confidence that grows with
    independent reports. Deterministic: built from the members in canonical order."""
    members = sorted(members, key=Mention.sort_key)
    seed = members[0]
    type_ = _majority([m.type for m in members])
    of_type = [m for m in members if m.type == type_]
    modes = [m.mode for m in of_type if m.mode]
    date_value, precision = _best_date(members, params)
    source, target = _actors(members)
    outlets = sorted({m.outlet for m in members if m.outlet})
    articles = sorted({m.article_id for m in members})
    reported = sorted(m.reported for m in members if m.reported)
    modality = _majority([m.modality for m in members], prefer=MODALITIES)
    return {
        "incident_id": incident_id(block, seed),
        "source": source,
        "target": target,
        "symmetric": block.endswith("|pair"),
        "type": type_,
        "mode": _majority(modes) if modes else None,
        "quad_class": of_type[0].quad_class,
        "intensity": round(sum(m.intensity for m in of_type) / len(of_type), 3),
        "contexts": sorted({c for m in members for c in m.contexts}),
        "date": date_value,
        "date_precision": precision,
        "location": _best_place(members),
        "modality": modality,
        "denied": any(m.modality == "negated" for m in members),
        "confidence": _confidence(members, params),
        "event_ids": [m.event_id for m in members],
        "articles": articles,
        "article_count": len(articles),
        "outlets": outlets,
        "outlet_count": len(outlets),
        "mention_count": len(members),
        "first_reported": reported[0].isoformat() if reported else None,
        "last_reported": reported[-1].isoformat() if reported else None,
        "mentions": [{"event_id": m.event_id, "article_id": m.article_id, "outlet": m.outlet,
                      "sentence_index": m.sentence_index, "sentence": m.sentence, "trigger": m.trigger,
                      "date": m.date, "date_basis": m.basis, "modality": m.modality} for m in members],
    }


def _majority(values: list[Any], prefer: tuple[str, ...] = ()) -> Any:
    counts = Counter(values)
    order = {v: i for i, v in enumerate(prefer)}
    return min(counts, key=lambda v: (-counts[v], order.get(v, len(order)), str(v)))


def _best_date(members: list[Mention], params: IncidentParams) -> tuple[str | None, str]:
    """The date most reports support: a candidate is supported by every report whose period
    contains it, weighted by how the report dated it; the most precise best-supported wins."""
    candidates = {(m.date, m.precision, m.start, m.end) for m in members if m.start is not None}
    if not candidates:
        return None, "unknown"

    def support(candidate: tuple) -> float:
        _, _, start, end = candidate
        return sum(params.date_weight.get(m.basis, 0.0) for m in members
                   if m.start is not None and m.start <= start and end <= m.end)  # type: ignore[operator]

    best = min(candidates, key=lambda c: (-support(c), PRECISION_RANK.get(c[1], 3), c[2], c[0] or ""))
    return best[0], best[1]


def _best_place(members: list[Mention]) -> dict[str, Any] | None:
    places = [m.location for m in members if m.location and m.location.get("name")]
    if not places:
        return None
    counts = Counter((p.get("name"), p.get("country")) for p in places)
    name, country = min(counts, key=lambda k: (-counts[k], str(k[0]), str(k[1])))
    return next(p for p in places if (p.get("name"), p.get("country")) == (name, country))


def _actors(members: list[Mention]) -> tuple[dict | None, dict | None]:
    """The most common actor object on each side, in the orientation of the first report."""
    src_country, _tgt_country = members[0].side("source"), members[0].side("target")
    sources: list[dict] = []
    targets: list[dict] = []
    for m in members:
        src, tgt = m.source, m.target
        if (src or {}).get("country") != src_country and (tgt or {}).get("country") == src_country:
            src, tgt = tgt, src
        if src:
            sources.append(src)
        if tgt:
            targets.append(tgt)

    def pick(actors: list[dict]) -> dict | None:
        if not actors:
            return None
        code = _majority([a.get("code") or a.get("country") or "" for a in actors])
        return next(a for a in actors if (a.get("code") or a.get("country") or "") == code)

    return pick(sources), pick(targets)


def _confidence(members: list[Mention], params: IncidentParams) -> float:
    """1 - prod(1 - w * c) over articles (c the article's best report), w = 1 for the first
    article of each outlet and `same_outlet_weight` for each further one: independent outlets
    raise confidence most, repeats from one wire less."""
    best: dict[str, Mention] = {}
    for m in members:
        if m.article_id not in best or m.confidence > best[m.article_id].confidence:
            best[m.article_id] = m
    seen: set[str | None] = set()
    remaining = 1.0
    for m in sorted(best.values(), key=lambda m: (m.reported is None, m.reported, m.article_id)):
        weight = 1.0 if m.outlet not in seen or m.outlet is None else params.same_outlet_weight
        seen.add(m.outlet)
        remaining *= 1.0 - weight * max(0.0, min(1.0, m.confidence))
    return round(1.0 - remaining, 3)
