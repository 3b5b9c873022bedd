"""The Python API: everything the `dyad` command does, callable from Python.

    >>> import dyad
    >>> events = dyad.code_text("Russia and China held talks in Beijing on Monday.", date="2024-05-15")
    >>> summary = dyad.ingest(["articles/"], db="events.duckdb")
    >>> with dyad.open_store("events.duckdb") as store:
    ...     rows = store.events(dyad.parse_filter(actor="RUS", limit=10))
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .settings import load_settings
from .store import Store, open_store

if TYPE_CHECKING:  # the coder pulls in spaCy: imported where it is used, so readers never load it
    from .engine import IngestSummary
    from .flow import Coder


@lru_cache(maxsize=4)
def _coder(model: str | None, learned: bool = True) -> Coder:
    from .flow import Coder

    return Coder(model, learned=learned)


def code_text(text: str, date: date | str | None = None, *, model: str | None = None,
              layout: str = "body", learned: bool = True) -> list[dict]:
    """Code a snippet or an article and return its events as EVENT_SCHEMA records.

    `date` is the story date that relative dates ("on Wednesday") are resolved against; without
    it, events carry only the dates the text states explicitly. `layout="wire"` reads a headline,
    outlet and date line at the top of the text, as in a saved wire story.
    """
    from .flow import article_from_text

    article = article_from_text(text, story_date=date, layout=layout)
    return [e.to_record() for e in _coder(model, learned).code_article(article).events]


def ingest(paths: Iterable[str | Path], db: str | Path | None = None, *, workers: int | None = None,
           model: str | None = None, batch_size: int | None = None, progress=None, engine: str = "local",
           scheduler: str | None = None) -> IngestSummary:
    """Read articles from files, directories or "-" (stdin), code them and store them in `db`;
    `engine="dask"` codes them on a Dask cluster (`scheduler`, or a local one: docs/DASK.md)."""
    from .engine import run_ingest

    settings = load_settings().with_flags(db=str(db) if db else None, workers=workers, model=model,
                                          batch_size=batch_size)
    with open_store(settings.db) as store:
        summary = run_ingest([str(p) for p in paths], store, model=settings.model, workers=settings.workers,
                             batch_size=settings.batch_size, progress=progress, engine=engine, scheduler=scheduler)
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
    from .flow import Coder
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


def ingest_upload(store: Store, data: bytes, name: str, *, model: str | None = None) -> dict[str, Any]:
    """Ingest one uploaded item (a plain-text or wire story, a saved page, a JSONL file: the kind
    is told by `name` and the first bytes, as for a file) into an open store.

    For a server that owns the store and serialises its writes; returns `_ingest_report`.
    """
    import io

    from .errors import DyadError
    from .models import Failure
    from .sources import kind_for, reader_for
    from .sources.options import ReadOptions

    try:
        items = list(reader_for(kind_for(name, data[:4096]))(io.BytesIO(data), name, ReadOptions()))
    except DyadError as exc:
        items = [Failure(name, exc.message)]
    return _ingest_report(store, items, model)


def ingest_url(store: Store, url: str, *, http: Any = None, max_bytes: int | None = None, retries: int = 3,
               model: str | None = None) -> dict[str, Any]:
    """Fetch a URL (a page, a feed's items, a data file) and ingest what it holds into an open
    store; `http` is the httpx client to fetch with. Returns `_ingest_report`."""
    from .sources.options import ReadOptions
    from .sources.url import read_url

    options = ReadOptions(retries=retries, **({"max_bytes": max_bytes} if max_bytes else {}))
    return _ingest_report(store, list(read_url(url, options, http)), model)


def _ingest_report(store: Store, items: list, model: str | None) -> dict[str, Any]:
    """Ingest raw items and say what became of them: counts, failures (one line each) and, for
    each article read, its stored id (the earlier copy's for a duplicate) and stored events."""
    from .documents.build import build_article
    from .engine import ingest_items
    from .errors import DyadError
    from .models import RawDocument

    summary = ingest_items(items, store, model=model)
    update_incidents(store)
    articles: list[dict[str, Any]] = []
    for item in items:
        if not isinstance(item, RawDocument):
            continue
        try:
            article = build_article(item, [])
        except DyadError:
            continue  # counted as skipped or failed in the summary
        found = store.find_article(article.id, article.content_hash)
        if found is not None and all(a["article_id"] != found for a in articles):
            articles.append({"article_id": found, "events": store.events_of(found)})
    return {"read": summary.read, "stored": summary.stored, "duplicates": summary.duplicates,
            "near_duplicates": summary.near_duplicates, "skipped": summary.skipped, "failed": summary.failed,
            "failures": [str(f) for f in summary.failures + summary.skips], "articles": articles}


def resolve(text: str, date: date | str | None = None, context: str | None = None, *,
            store: Store | None = None) -> dict[str, Any]:
    """Who a name or description (`text`) refers to on `date`, as `dyad actors resolve` answers:
    {"text", "name", "country", "sector", "code", "role", "valid_from", "valid_to", "source"} and a
    "reason" when nothing matches. `store` adds its imported actor dictionaries. Loads spaCy."""
    from .actors.lookup import parse_date

    day = date if not isinstance(date, str) else parse_date(date, item="date")
    return _lookup(store).resolve(text, day, context).to_record()


_lookups: weakref.WeakKeyDictionary[Store, Any] = weakref.WeakKeyDictionary()


def _lookup(store: Store | None) -> Any:
    """One ActorLookup per store (the pipeline and gazetteers load once, a second or two)."""
    if store is None:
        return _plain_lookup()
    if store not in _lookups:
        from .actors.dictionaries import DictionaryIndex

        _lookups[store] = _new_lookup(DictionaryIndex.from_rows(store.dictionary_rows()))
    return _lookups[store]


@lru_cache(maxsize=1)
def _plain_lookup() -> Any:
    return _new_lookup(None)


def _new_lookup(dictionary: Any) -> Any:
    from .actors.lookup import ActorLookup
    from .actors.resolve import ActorResolver
    from .nlp import load_pipeline

    return ActorLookup(load_pipeline(), ActorResolver(dictionary=dictionary))

# -- reading the store: events, incidents and the analyses over them (dyad.analysis) -------------------
# Each opens the store read-only (a web worker never blocks an ingest) and takes the raw filter
# values a user typed: actor, dyad, type, since, until, modality, limit, quad, sector, mode,
# plover_context (None = not given); a bad value raises QueryError (E401) naming it.

def _read(db: str | Path | Store | None):
    """A context giving a store to read: `db` is a path or URL (opened read-only, closed after),
    or a store already open (the web app's own, which owns its file: left open)."""
    if db is not None and not isinstance(db, (str, Path)):
        return nullcontext(db)
    settings = load_settings().with_flags(db=str(db) if db else None)
    return open_store(settings.db, read_only=True)


def _filters(filters: dict):
    from .analysis.filters import parse_analysis_filter

    return parse_analysis_filter(**filters)


def events(db: str | Path | None = None, *, unit: str = "event", **filters) -> list[dict]:
    """Event records (EVENT_SCHEMA) matching the filters, newest first; `unit="incident"` gives
    incident records instead."""
    from .analysis.filters import parse_unit
    from .analysis.records import list_records

    chosen = parse_unit(unit, "event")
    parsed = _filters(filters)
    with _read(db) as store:
        return list_records(store, chosen, parsed)


def incidents(db: str | Path | None = None, **filters) -> list[dict]:
    """Incident records (docs/INCIDENTS.md) matching the filters, newest incident date first."""
    return events(db, unit="incident", **filters)


def incident(db: str | Path | None, incident_id: str) -> dict | None:
    """One incident with all its reports and sentences, or None when there is no such id."""
    with _read(db) as store:
        return store.incident(incident_id)


def trend(db: str | Path | None = None, dyad: str | None = "USA:IRN", every: str = "month",
          since: str | date | None = None, until: str | date | None = None, unit: str = "incident",
          **filters) -> list[dict]:
    """Counts of `dyad` per period, PLOVER type and quad class, with mean intensity: rows
    `period, type, quad_class, count, mean_intensity`; a period with no stored article has
    `count` None (empty), one with articles but no record a single row with `count` 0."""
    from .analysis.filters import parse_unit
    from .analysis.periods import parse_every
    from .analysis.records import iter_records
    from .analysis.trend import trend_rows

    chosen, step = parse_unit(unit, "incident"), parse_every(every)
    parsed = _filters({**filters, "dyad": dyad, "since": since, "until": until})
    with _read(db) as store:
        rows, _ = trend_rows(iter_records(store, chosen, parsed), store.article_day_counts(), step,
                             parsed.base.since, parsed.base.until)
    return rows


def network(db: str | Path | None = None, since: str | date | None = None, until: str | date | None = None,
            min_count: int = 1, unit: str = "incident", **filters) -> dict:
    """The actor network: `{"nodes": [{id, label, count}], "edges": [{source, target, count,
    cooperation, conflict, sign, mean_intensity}]}`; edges with fewer than `min_count` records
    are left out."""
    from .analysis.filters import parse_unit
    from .analysis.network import network_graph
    from .analysis.records import iter_records
    from .errors import QueryError

    chosen = parse_unit(unit, "incident")
    if isinstance(min_count, bool) or not isinstance(min_count, int) or min_count < 1:
        raise QueryError(f"{min_count!r} is not a positive number of records; use 1 or more", item="min")
    parsed = _filters({**filters, "since": since, "until": until})
    with _read(db) as store:
        return network_graph(iter_records(store, chosen, parsed), min_count)


def top(db: str | Path | None = None, by: str = "dyad", since: str | date | None = None,
        until: str | date | None = None, limit: int = 20, unit: str = "incident", **filters) -> list[dict]:
    """The most active dyads, actors, types or months: rows `key, count, cooperation, conflict,
    mean_intensity` (the most hostile have the lowest mean intensity)."""
    from .analysis.filters import parse_unit
    from .analysis.records import iter_records
    from .analysis.top import parse_by, top_rows

    chosen, key = parse_unit(unit, "incident"), parse_by(by)
    parsed = _filters({**filters, "since": since, "until": until, "limit": limit})
    with _read(db) as store:
        return top_rows(iter_records(store, chosen, parsed), key, parsed.base.limit or 20)


def update_incidents(store: Store, *, rebuild: bool = False):
    """Bring the store's incidents up to date with its events (docs/INCIDENTS.md): after every
    write, on either backend."""
    from .incidents import update_incidents as update

    return update(store, rebuild=rebuild)


def delete_article(store: Store, article_id: str) -> dict[str, int]:
    """Remove an article and what derives from it (store.delete_article: events, links, signature
    and the incidents its mentions were in), then group the other mentions of those incidents
    again; {} when there is no such article."""
    removed = store.delete_article(article_id)
    if removed.get("incident_mentions"):
        update_incidents(store)
    return removed


def rebuild_incidents(db: str | Path | None = None):
    """Group every stored event into incidents again from scratch (docs/INCIDENTS.md)."""
    settings = load_settings().with_flags(db=str(db) if db else None)
    with open_store(settings.db) as store:
        return update_incidents(store, rebuild=True)


def export(db: str | Path | None = None, format: str = "jsonl", out=None, *, unit: str = "event",
           partition: str | None = None, **filters) -> int:
    """Write the matching records of `unit` (event records by default, or incidents) as jsonl,
    csv, tsv, parquet, gdelt or polecat to `out` (a path, or a binary stream; stdout when None);
    `partition="month"` writes Parquet as a directory partitioned by month. Returns how many."""
    import sys

    from .analysis.exports import export_records
    from .analysis.filters import parse_unit

    chosen = parse_unit(unit, "event")
    parsed = _filters(filters)
    with _read(db) as store:
        return export_records(store, format, out if out is not None else sys.stdout.buffer, unit=chosen,
                              filters=parsed, partition=partition)
