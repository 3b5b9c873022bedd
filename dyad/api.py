"""The Python API: everything the `dyad` command does, callable from Python.

    >>> import dyad
    >>> events = dyad.code_text("Russia and China held talks in Beijing on Monday.", date="2024-05-15")
    >>> summary = dyad.ingest(["articles/"], db="events.duckdb")
    >>> with dyad.open_store("events.duckdb") as store:
    ...     rows = store.events(dyad.parse_filter(actor="RUS", limit=10))
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from .engine import IngestSummary, run_ingest
from .flow import Coder, article_from_text
from .incidents import update_incidents
from .settings import load_settings
from .store import open_store


@lru_cache(maxsize=4)
def _coder(model: str | None, learned: bool = True) -> Coder:
    return Coder(model, learned=learned)


def code_text(text: str, date: date | str | None = None, *, model: str | None = None,
              layout: str = "body", learned: bool = True) -> list[dict]:
    """Code a snippet or an article and return its events as EVENT_SCHEMA records.

    `date` is the story date that relative dates ("on Wednesday") are resolved against; without
    it, events carry only the dates the text states explicitly. `layout="wire"` reads a headline,
    outlet and date line at the top of the text, as in a saved wire story.
    """
    article = article_from_text(text, story_date=date, layout=layout)
    return [e.to_record() for e in _coder(model, learned).code_article(article).events]


def ingest(paths: Iterable[str | Path], db: str | Path | None = None, *, workers: int | None = None,
           model: str | None = None, batch_size: int | None = None, progress=None) -> IngestSummary:
    """Read articles from files, directories or "-" (stdin), code them and store them in `db`."""
    settings = load_settings().with_flags(db=str(db) if db else None, workers=workers, model=model,
                                          batch_size=batch_size)
    with open_store(settings.db) as store:
        summary = run_ingest([str(p) for p in paths], store, model=settings.model, workers=settings.workers,
                             batch_size=settings.batch_size, progress=progress)
        update_incidents(store)
        return summary


@dataclass
class RecodeSummary:
    """What `recode` did: articles re-coded, events before and after, and how many articles'
    events changed."""

    articles: int = 0
    events_before: int = 0
    events_after: int = 0
    changed: int = 0
    version: str = ""


def recode(db: str | Path | None = None, *, since: date | str | None = None, model: str | None = None,
           batch_size: int | None = None, progress=None) -> RecodeSummary:
    """Re-code the stored articles with the current coder and put the new events in place of the
    old, article by article (each in its own transaction, so an interruption loses nothing and a
    second run changes nothing). The source files are not needed: the store keeps every body."""
    from .errors import InputError
    from .models import CodedArticle

    settings = load_settings().with_flags(db=str(db) if db else None, model=model, batch_size=batch_size)
    if isinstance(since, str):
        try:
            since = date.fromisoformat(since)
        except ValueError:
            raise InputError(f"{since!r} is not a date; give YYYY-MM-DD", item="since") from None
    coder = Coder(settings.model, batch_size=settings.batch_size)
    summary = RecodeSummary(version=coder.version)
    with open_store(settings.db) as store:
        for result in coder.code_articles(store.iter_articles(since)):
            if not isinstance(result, CodedArticle):
                continue
            before_ids = {e["event_id"] for e in store.events_of(result.article.id)}
            before, after = store.replace_events(result)
            summary.articles += 1
            summary.events_before += before
            summary.events_after += after
            summary.changed += before_ids != {e.event_id for e in result.events}
            if progress is not None:
                progress(summary)
        update_incidents(store)
    return summary
