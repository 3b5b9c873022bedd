"""One event, many reports: merging the mentions of an event within an article.

A wire story repeats itself: "Putin accepted Kim's invitation" in the lead, "Putin 'gratefully'
accepted the invite, Peskov said" four paragraphs down. Mentions with the same dyad, type and
modality, and dates that do not contradict each other, are one event; its record keeps the
best-dated mention as evidence and counts the sentences in `mentions`. A mention dated only by
the publication date contradicts nothing, so it joins a dated one.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace

from .events.mention import Mention
from .events.ontology import ontology
from .models import Article, Event, Evidence

_BASIS_RANK = {"explicit": 0, "relative": 1, "narrative": 2, "publication": 3}
_PUBLIC_BASIS = {"narrative": "relative"}


def _country(actor) -> str | None:
    if actor is None:
        return None
    return actor.country or f"?{actor.text.lower()}"


def _key(m: Mention) -> tuple:
    pair = (_country(m.source), _country(m.target))
    if m.reciprocal:
        pair = tuple(sorted(pair, key=str))
    return (*pair, m.type, m.modality, m.reciprocal)


def _real_date(m: Mention) -> str | None:
    return m.date.value if m.date and m.date_basis != "publication" else None


def _compatible(group: list[Mention], m: Mention) -> bool:
    mine = _real_date(m)
    if mine is None:
        return True
    for other in group:
        theirs = _real_date(other)
        if theirs and not (theirs.startswith(mine) or mine.startswith(theirs)):
            return False
    return True


def _best(group: list[Mention]) -> Mention:
    return min(group, key=lambda m: (_BASIS_RANK.get(m.date_basis, 4), -m.confidence, m.sentence_index))


def group_mentions(mentions: list[Mention]) -> list[list[Mention]]:
    groups: list[list[Mention]] = []
    for m in mentions:
        key = _key(m)
        home = next((g for g in groups if _key(g[0]) == key and _compatible(g, m)), None)
        if home is None:
            groups.append([m])
        else:
            home.append(m)
    return groups


def event_id(article_id: str, m: Mention) -> str:
    parts = [article_id, str(m.sentence_index), str(m.sentence.start_char), m.trigger, m.type,
             m.source.code or m.source.text if m.source else "-", m.target.code or m.target.text if m.target else "-"]
    return "e_" + hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:20]


def _evidence(m: Mention, article: Article) -> Evidence:
    text = m.sentence.text
    lead = len(text) - len(text.lstrip())
    stripped = text.strip()
    start = m.sentence.start_char + lead
    return Evidence(sentence_index=m.sentence_index, sentence=article.text[start:start + len(stripped)],
                    trigger=_as_written(m.trigger, m, article), char_start=start, char_end=start + len(stripped))


def _as_written(text: str | None, m: Mention, article: Article) -> str | None:
    """`text` as the article writes it. The parser reads a copy of the same length in which wire
    copy's capitals after "U.S." are lower-cased and the dateline blanked (text_for_parsing); what
    the output shows is the article's own text, found at the same offsets."""
    parsed = m.sentence.doc.text
    if not text or parsed == article.text:
        return text
    at = parsed.find(text, m.sentence.start_char)
    if at < 0:
        at = parsed.find(text)
    return article.text[at:at + len(text)] if at >= 0 else text


def _actor_as_written(actor, m: Mention, article: Article):
    if actor is None:
        return None
    written = _as_written(actor.text, m, article)
    return actor if written == actor.text else replace(actor, text=written)


def to_event(article: Article, group: list[Mention], version: str | None = None) -> Event:
    best = _best(group)
    onto = ontology()
    story = article.story_date.isoformat() if article.story_date else None
    if best.date is not None and best.date_basis != "publication":
        date, precision, basis = best.date.value, best.date.precision, _PUBLIC_BASIS.get(best.date_basis,
                                                                                         best.date_basis)
    elif story:
        date, precision, basis = story, "day", "publication"
    else:
        date, precision, basis = None, "unknown", "none"
    cameo = best.cameo or onto.types[best.type].cameo
    confidence = min(0.99, max(m.confidence for m in group) + 0.05 * (len(group) - 1))
    attribution = best.attribution or next((m.attribution for m in group if m.attribution), None)
    location = best.location or next((m.location for m in group if m.location), None)
    return Event(
        event_id=event_id(article.id, best), article_id=article.id, type=best.type, mode=best.mode,
        contexts=best.contexts, cameo=cameo, quad_class=onto.types[best.type].quad,
        intensity=onto.intensity(best.type, best.mode), source=_actor_as_written(best.source, best, article),
        target=_actor_as_written(best.target, best, article), date=date,
        date_precision=precision, date_basis=basis, story_date=story, modality=best.modality,
        attribution=_actor_as_written(attribution, best, article), location=location, evidence=_evidence(best, article),
        confidence=round(confidence, 2),
        mentions=len({m.sentence_index for m in group}), sources=1, reciprocal=best.reciprocal,
        coder=_provenance(group, best, version, _as_written(best.trigger, best, article)))


def _provenance(group: list[Mention], best: Mention, version: str | None, trigger: str) -> dict:
    scores = [m.model_score for m in group if m.model_score is not None]
    return {"version": version, "steps": sorted({m.origin for m in group}), "trigger": trigger,
            "model_score": round(max(scores), 3) if scores else None}


def fuse(article: Article, mentions: list[Mention], version: str | None = None) -> list[Event]:
    events = [to_event(article, g, version) for g in group_mentions(mentions)]
    seen: set[str] = set()
    unique = []
    for e in events:
        if e.event_id not in seen:
            seen.add(e.event_id)
            unique.append(e)
    return unique
