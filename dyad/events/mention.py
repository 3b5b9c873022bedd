"""What the event coder hands on: one event as one sentence reports it (`Mention`), and the
state it keeps while it walks an article. Shared by `coder`, `participants` and `fusion`."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span

from ..actors.context import ArticleContext
from ..actors.names import DocIndex
from ..models import Actor, Article, Location
from .temporal import ResolvedDate


class NotAnEvent(Exception):
    """Raised inside the coding of one trigger when it turns out not to name an event."""


@dataclass
class Mention:
    """One event as one sentence reports it, before fusion."""

    type: str
    mode: str | None
    cameo: str | None
    contexts: tuple[str, ...]
    source: Actor | None
    target: Actor | None
    modality: str
    attribution: Actor | None
    date: ResolvedDate | None
    date_basis: str
    location: Location | None
    sentence_index: int
    sentence: Span
    trigger: str
    confidence: float
    reciprocal: bool = False
    origin: str = "rules"  # which step proposed it: "rules" or "model" (shown by `dyad code --explain`)
    model_score: float | None = None  # the trained step's probability for this type and pair, when it scored it


@dataclass
class CodingState:
    """What the coder keeps while it walks one article."""

    article: Article
    index: DocIndex
    ctx: ArticleContext = field(default_factory=ArticleContext)
    narrative: tuple[int, ResolvedDate] | None = None
    sentence_no: int = 0
    sports: bool = False  # the article reports games: "beat", "fired a shot" are results and plays

    recent: list[Mention] = field(default_factory=list)
