"""The typed values that flow between dyad's stages.

Each stage takes the previous stage's type and returns its own (see docs/ARCHITECTURE.md):
sources yield `RawDocument` (or `Failure`), documents turn them into `Article`, the event coder
turns an `Article` into `Event`s, and `Event.to_record()` is the public contract of
EVENT_SCHEMA.md. The values are frozen so that a stage can never change what an earlier stage
produced, and so that they pickle cheaply across worker processes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

SCHEMA_VERSION = 2

EVENT_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE",
    "COOPERATE", "AID", "RETREAT",
    "REQUEST", "ACCUSE", "REJECT", "THREATEN",
    "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
MODALITIES = ("asserted", "negated", "future", "conditional", "hypothetical", "alleged")
DATE_PRECISIONS = ("day", "month", "year", "unknown")
DATE_BASES = ("explicit", "relative", "publication", "none")


@dataclass(frozen=True)
class RawDocument:
    """One item as a reader found it, before any interpretation.

    `layout` tells the documents stage how to read `text`: "wire" is the plain-text layout of a
    wire story (headline, outlet, date lines, body); "body" is body text only, with metadata in
    the other fields (JSONL records, feeds, extracted web pages).
    """

    origin: str
    text: str
    position: int | None = None
    layout: str = "body"
    id: str | None = None
    title: str | None = None
    published: str | None = None
    outlet: str | None = None
    url: str | None = None
    dateline: str | None = None
    language: str | None = None
    author: str | None = None
    raw: bytes | None = None
    decoding: str | None = None  # what was done to bytes that were not valid UTF-8, to tell the user

    @property
    def where(self) -> str:
        """A human-readable name of the item: path, and line or record number when there is one."""
        return f"{self.origin}:{self.position}" if self.position is not None else self.origin


SKIP = "skip"  # the stage of an item that was read fine but holds nothing to code (a headline only)
NOT_ARTICLE = "not-article"  # a file that is no article by its name (pyproject.toml, a .png): counted, not read
WARNING = "warning"  # something the user should know that cost nothing (a feed read up to where it was cut)


@dataclass(frozen=True)
class Failure:
    """An item that could not be read or coded, kept with its reason so nothing is lost silently.

    With `stage == SKIP` it is not a failure but an item with nothing to code; it is counted
    as skipped, not stored as a failure. `NOT_ARTICLE` and `WARNING` are not failures either:
    a file skipped by its name, and a note for the user; neither is stored."""

    origin: str
    reason: str
    position: int | None = None
    stage: str = "read"
    at: datetime = field(default_factory=lambda: datetime.now(UTC))

    @property
    def where(self) -> str:
        return f"{self.origin}:{self.position}" if self.position is not None else self.origin

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


@dataclass(frozen=True)
class Article:
    """A news article ready to be coded: body text plus what we know of its publication.

    `story_date` is the publication date in the article's own time zone, the anchor of every
    relative date in the text ("on Wednesday" in a Friday story).
    """

    id: str
    text: str
    content_hash: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: datetime | None = None
    story_date: date | None = None
    timezone: str | None = None
    datelines: tuple[str, ...] = ()
    language: str | None = "en"
    origin: str = ""
    position: int | None = None
    author: str | None = None

    def to_record(self, with_text: bool = True) -> dict[str, Any]:
        record: dict[str, Any] = {
            "article_id": self.id,
            "title": self.title,
            "outlet": self.outlet,
            "url": self.url,
            "published": self.published.isoformat() if self.published else None,
            "story_date": self.story_date.isoformat() if self.story_date else None,
            "timezone": self.timezone,
            "datelines": list(self.datelines),
            "language": self.language,
            "origin": self.origin,
            "author": self.author,
            "content_hash": self.content_hash,
        }
        if with_text:
            record["text"] = self.text
        return record

    @classmethod
    def from_record(cls, record: dict[str, Any], text: str) -> Article:
        """The article back from its stored record and body (for re-coding without the source)."""
        published = record.get("published")
        story = record.get("story_date")
        return cls(id=record["article_id"], text=text, content_hash=record["content_hash"], title=record.get("title"),
                   outlet=record.get("outlet"), url=record.get("url"),
                   published=datetime.fromisoformat(published) if published else None,
                   story_date=date.fromisoformat(story) if story else None, timezone=record.get("timezone"),
                   datelines=tuple(record.get("datelines") or ()), language=record.get("language"),
                   origin=record.get("origin") or "", author=record.get("author"))


@dataclass(frozen=True)
class Actor:
    """Who acts or is acted upon, resolved as of the event date."""

    text: str
    name: str | None = None
    country: str | None = None
    sector: str | None = None
    code: str | None = None

    def to_record(self) -> dict[str, Any]:
        return {"text": self.text, "name": self.name, "country": self.country,
                "sector": self.sector, "code": self.code}


def actor_code(country: str | None, sector: str | None) -> str | None:
    """The CAMEO-style code: country and sector ("RUSGOV"); the country alone without a sector."""
    if not country:
        return None
    if not sector or sector == country:
        return country
    return country + sector


def make_actor(text: str, name: str | None, country: str | None, sector: str | None) -> Actor:
    return Actor(text=text, name=name, country=country, sector=sector, code=actor_code(country, sector))


@dataclass(frozen=True)
class Location:
    name: str
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None

    def to_record(self) -> dict[str, Any]:
        return {"name": self.name, "country": self.country, "lat": self.lat, "lon": self.lon,
                "geonames_id": self.geonames_id}


@dataclass(frozen=True)
class Evidence:
    """Enough to verify an event by reading the article: where the sentence is and what fired."""

    sentence_index: int
    sentence: str
    trigger: str
    char_start: int
    char_end: int

    def to_record(self) -> dict[str, Any]:
        return {"sentence_index": self.sentence_index, "sentence": self.sentence,
                "trigger": self.trigger, "char_start": self.char_start, "char_end": self.char_end}


@dataclass(frozen=True)
class Event:
    """One coded event, in the shape of EVENT_SCHEMA.md."""

    event_id: str
    article_id: str
    type: str
    mode: str | None
    contexts: tuple[str, ...]
    cameo: str | None
    quad_class: int
    intensity: float
    source: Actor | None
    target: Actor | None
    date: str | None
    date_precision: str
    date_basis: str
    story_date: str | None
    modality: str
    attribution: Actor | None
    location: Location | None
    evidence: Evidence
    confidence: float
    mentions: int = 1
    sources: int = 1
    reciprocal: bool = False
    coder: dict[str, Any] | None = None

    def to_record(self) -> dict[str, Any]:
        """The public record: the keys of EVENT_SCHEMA.md, in its order, plus `reciprocal`.

        `reciprocal` (added, as the schema allows) marks a mutual act coded once for a pair
        ("A and B held talks"): it holds in both directions, and gold sets score it once.
        `coder` (added) says what produced the event: the coder version (release, model and
        knowledge hashes), the steps ("rules", "model"), the trigger and the model's score.
        """
        return {
            "schema_version": SCHEMA_VERSION,
            "event_id": self.event_id,
            "article_id": self.article_id,
            "type": self.type,
            "mode": self.mode,
            "contexts": list(self.contexts),
            "cameo": self.cameo,
            "quad_class": self.quad_class,
            "intensity": self.intensity,
            "source": self.source.to_record() if self.source else None,
            "target": self.target.to_record() if self.target else None,
            "date": self.date,
            "date_precision": self.date_precision,
            "date_basis": self.date_basis,
            "story_date": self.story_date,
            "modality": self.modality,
            "attribution": self.attribution.to_record() if self.attribution else None,
            "location": self.location.to_record() if self.location else None,
            "evidence": self.evidence.to_record(),
            "confidence": self.confidence,
            "mentions": self.mentions,
            "sources": self.sources,
            "reciprocal": self.reciprocal,
            "coder": self.coder,
        }


@dataclass(frozen=True)
class CodedArticle:
    """What the coder returns for one article: the article and its (fused) events."""

    article: Article
    events: tuple[Event, ...]
