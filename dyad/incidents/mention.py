"""A stored event record seen as one report of an incident: what clustering compares.

Built from what the store already holds (the event record, its article's outlet and times, and
the dates the article's own text gives to its other events); nothing is parsed again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from dyad.query import parse_period

__all__ = ["Mention", "mention_from_row"]

PRECISION_RANK = {"day": 0, "month": 1, "year": 2, "unknown": 3}
BASIS_RANK = {"explicit": 0, "relative": 0, "publication": 1, "none": 2}


@dataclass(frozen=True)
class Mention:
    """One event record as a report: its dyad, type, dates, place and who reported it."""

    event_id: str
    article_id: str
    outlet: str | None
    reported: datetime | None          # publication time in UTC (story date at midnight if only that)
    story_date: date | None
    type: str
    mode: str | None
    source: dict[str, Any] | None      # EVENT_SCHEMA actor objects
    target: dict[str, Any] | None
    reciprocal: bool
    date: str | None
    precision: str
    basis: str
    start: date | None                 # the period the date covers
    end: date | None
    location: dict[str, Any] | None
    modality: str
    confidence: float
    intensity: float
    quad_class: int
    sentence_index: int
    sentence: str
    trigger: str
    contexts: tuple[str, ...]
    article_periods: tuple[tuple[date, date], ...]  # dates the article's own time words give its events

    @property
    def text_dated(self) -> bool:
        """True when the text itself dates the event (not just the story date)."""
        return self.basis in ("explicit", "relative") and self.start is not None

    def side(self, name: str) -> str | None:
        actor = self.source if name == "source" else self.target
        return (actor or {}).get("country")

    def sort_key(self) -> tuple:
        """Canonical order inside a block: best-dated reports first, then by date and ids, so
        clustering depends only on which mentions there are, never on when they arrived."""
        return (BASIS_RANK.get(self.basis, 3), PRECISION_RANK.get(self.precision, 3),
                self.start or date.max, self.story_date or date.max, self.article_id,
                self.sentence_index, self.event_id)


def mention_from_row(record: dict[str, Any], outlet: str | None, published: str | None,
                     story_date: date | None, article_periods: list[tuple[date, date]]) -> Mention:
    """A Mention from an event record and its article's metadata as the store returns them."""
    start = end = None
    if record.get("date") and record.get("date_precision") != "unknown":
        cut = {"year": 4, "month": 7}.get(record["date_precision"])
        try:
            start, end = parse_period(record["date"][:cut] if cut else record["date"])
        except ValueError:
            start = end = None
    evidence = record.get("evidence") or {}
    return Mention(
        event_id=record["event_id"], article_id=record["article_id"], outlet=outlet,
        reported=_reported(published, story_date), story_date=story_date,
        type=record["type"], mode=record.get("mode"), source=record.get("source"), target=record.get("target"),
        reciprocal=bool(record.get("reciprocal")), date=record.get("date"),
        precision=record.get("date_precision") or "unknown", basis=record.get("date_basis") or "none",
        start=start, end=end, location=record.get("location"), modality=record.get("modality") or "asserted",
        confidence=float(record.get("confidence") or 0.0), intensity=float(record.get("intensity") or 0.0),
        quad_class=int(record.get("quad_class") or 0), sentence_index=int(evidence.get("sentence_index") or 0),
        sentence=evidence.get("sentence") or "", trigger=evidence.get("trigger") or "",
        contexts=tuple(record.get("contexts") or ()),
        article_periods=tuple(sorted(set(article_periods))))


def _reported(published: str | None, story_date: date | None) -> datetime | None:
    if published:
        try:
            moment = datetime.fromisoformat(published)
        except ValueError:
            moment = None
        if moment is not None:
            return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
    if story_date is not None:
        return datetime(story_date.year, story_date.month, story_date.day, tzinfo=UTC)
    return None
