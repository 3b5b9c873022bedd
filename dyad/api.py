"""The Python API: everything the `dyad` command does, callable from Python.

    >>> import dyad
    >>> events = dyad.code_text("Russia and China held talks in Beijing on Monday.", date="2024-05-15")
    >>> summary = dyad.ingest(["articles/"], db="events.duckdb")
    >>> with dyad.open_store("events.duckdb") as store:
    ...     rows = store.events(dyad.parse_filter(actor="RUS", limit=10))
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import lru_cache
from pathlib import Path

from .engine import IngestSummary, run_ingest
from .flow import Coder, article_from_text
from .settings import load_settings
from .store import open_store


@lru_cache(maxsize=2)
def _coder(model: str | None) -> Coder:
    return Coder(model)


def code_text(text: str, date: date | str | None = None, *, model: str | None = None,
              layout: str = "body") -> list[dict]:
    """Code a snippet or an article and return its events as EVENT_SCHEMA records.

    `date` is the story date that relative dates ("on Wednesday") are resolved against; without
    it, events carry only the dates the text states explicitly. `layout="wire"` reads a headline,
    outlet and date line at the top of the text, as in a saved wire story.
    """
    article = article_from_text(text, story_date=date, layout=layout)
    return [e.to_record() for e in _coder(model).code_article(article).events]


def ingest(paths: Iterable[str | Path], db: str | Path | None = None, *, workers: int | None = None,
           model: str | None = None, batch_size: int | None = None, progress=None) -> IngestSummary:
    """Read articles from files, directories or "-" (stdin), code them and store them in `db`."""
    settings = load_settings().with_flags(db=str(db) if db else None, workers=workers, model=model,
                                          batch_size=batch_size)
    with open_store(settings.db) as store:
        return run_ingest([str(p) for p in paths], store, model=settings.model, workers=settings.workers,
                          batch_size=settings.batch_size, progress=progress)
