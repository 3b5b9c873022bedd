"""The ingest loop: read, interpret, de-duplicate, code (by an executor), store.

Reading, interpreting, near-duplicate decisions and storing happen in the driver (the store is
the single writer); parsing and coding, the expensive part, run wherever the executor puts them
(this process, a local process pool, a Dask cluster: executors.py). At most a few batches are in
flight at any time, so memory stays flat however large the input is, and results come back in
input order, so what is stored does not depend on the executor.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from ..documents import build_article
from ..documents.near_duplicates import NearDuplicateIndex, from_bytes, signature, to_bytes
from ..errors import DyadError, UnsupportedLanguage
from ..models import NOT_ARTICLE, SKIP, WARNING, Article, CodedArticle, Failure, RawDocument
from ..sources import iter_documents
from ..sources.options import ReadOptions
from ..store import Store
from .executors import CoderSpec, open_executor


@dataclass
class IngestSummary:
    read: int = 0
    stored: int = 0
    duplicates: int = 0
    skipped: int = 0
    failed: int = 0
    near_duplicates: int = 0
    events: int = 0
    seconds: float = 0.0
    bad_bytes: int = 0  # records with bytes that were not valid UTF-8 (replaced, or re-read as Windows-1252)
    undated: int = 0  # records whose publication date could not be read, kept undated
    not_articles: int = 0  # files skipped by name: pyproject.toml, images, ... (sources.NOT_ARTICLE_EXTENSIONS)
    sentences_parsed: int = 0  # sentences that went through tagger, parser and NER
    sentences_skipped: int = 0  # sentences the pre-pass found could hold no event (not parsed)
    failures: list[Failure] = field(default_factory=list)
    skips: list[Failure] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # "where: what", one per item stored with a problem

    @property
    def articles_per_second(self) -> float:
        return self.read / self.seconds if self.seconds else 0.0


Progress = Callable[[IngestSummary], None]


class _Interpreter:
    """Turns raw items into new articles: records failures and language skips, links exact and
    near copies of stored articles to where they appeared again, and keeps each new article's
    MinHash signature until the article is stored.

    Of near copies of one story the one with the smallest article id is kept, whichever was read
    first: a copy with a smaller id than the stored one is coded and stored, then supersedes it
    (`Store.supersede_article`). So the store does not depend on the order of the input, nor on
    how it was split among processes."""

    def __init__(self, store: Store, summary: IngestSummary, on_failure: Callable[[Failure], None]):
        self.store, self.summary, self.on_failure = store, summary, on_failure
        self.near = NearDuplicateIndex()
        stored, self.seen_up_to = store.signatures_since(0)
        self.near.load(stored)
        self.signatures: dict[str, bytes] = {}
        self.seen: dict[str, str] = {}  # content hash -> id of articles of this run, stored or in flight
        self.own: set[str] = set()  # the ids of `seen`, kept as a set: every batch's check asks it
        self.supersedes: dict[str, tuple[str, float]] = {}  # new id -> (near copy it replaces, similarity)
        # article id -> the store position known when it was read: an article read ahead (a pool
        # codes several batches at once) must be checked against everything stored since then,
        # even what an earlier batch's check already loaded into the index
        self.read_at: dict[str, int] = {}

    def articles(self, items: Iterable[RawDocument | Failure]) -> Iterator[Article]:
        for item in items:
            if isinstance(item, Failure):
                self.on_failure(item)
                continue
            self.summary.read += 1
            if item.decoding:
                self.summary.bad_bytes += 1
                self.summary.warnings.append(f"{item.where}: {item.decoding}")
            notes: list[str] = []
            try:
                article = build_article(item, notes)
            except UnsupportedLanguage as exc:
                self.summary.skipped += 1
                self.summary.skips.append(Failure(item.origin, exc.message, item.position, stage="language"))
                continue
            except DyadError as exc:
                self.on_failure(Failure(item.origin, exc.message, item.position, stage="document"))
                continue
            if notes:
                self.summary.undated += 1
                self.summary.warnings.extend(f"{item.where}: {note}" for note in notes)
            existing = self.seen.get(article.content_hash) or self.store.find_article(article.id, article.content_hash)
            if existing is not None:
                self.summary.duplicates += 1
                self.store.add_link(existing, article.origin, article.position, article.url)
                continue
            minhash = signature(article.text)
            copy_of = self.near.match(minhash)
            if copy_of is not None:
                self.summary.duplicates += 1
                self.summary.near_duplicates += 1
                similarity = self.near.similarity(minhash, copy_of)
                if copy_of < article.id:
                    self.store.add_link(copy_of, article.origin, article.position, article.url, similarity)
                    continue
                self.supersedes[article.id] = (copy_of, similarity)  # stored (or in flight): replaced later
                self.near.remove(copy_of)
            self.near.add(article.id, minhash)
            self.signatures[article.id] = to_bytes(minhash)
            self.seen[article.content_hash] = article.id
            self.own.add(article.id)
            self.read_at[article.id] = self.seen_up_to
            yield article

    def drop_copies_stored_meanwhile(self, coded: list[tuple[CodedArticle, bytes | None]],
                                     on_stored: Callable[[str, int | None], None] | None,
                                     ) -> list[tuple[CodedArticle, bytes | None]]:
        """Call under `store.article_write_lock()`, just before storing a batch: another process
        (a parallel ingest into the same PostgreSQL database) may have stored a near copy of an
        article of the batch since this one was read. Such articles are linked to the stored
        copy, as if read after it, and left out, unless it has the smaller id: then it is kept and
        will supersede the stored copy (`supersede_stored`). The index learns what the others stored."""
        since = min((self.read_at.pop(result.article.id, self.seen_up_to) for result, _ in coded),
                    default=self.seen_up_to)
        rows, newest = self.store.signatures_since(since)
        self.seen_up_to = max(self.seen_up_to, newest)
        stored_by_others = [(article_id, data) for article_id, data in rows if article_id not in self.own]
        if not stored_by_others:
            return coded
        others = NearDuplicateIndex(self.near.threshold)
        others.load(stored_by_others)
        kept = []
        for result, data in coded:
            minhash = from_bytes(data) if data is not None else None
            copy_of = others.match(minhash) if minhash is not None else None
            if copy_of is None:
                kept.append((result, data))
                continue
            a = result.article
            self.summary.duplicates += 1
            self.summary.near_duplicates += 1
            similarity = others.similarity(minhash, copy_of)
            if a.id < copy_of:
                self.supersedes[a.id] = (copy_of, similarity)
                kept.append((result, data))
                continue
            self.store.add_link(copy_of, a.origin, a.position, a.url, similarity)
            self.near.remove(a.id)
            if on_stored:
                on_stored(a.origin, a.position)
        self.near.load(stored_by_others)  # (what it holds already, it skips)
        for article_id, (replaced, _) in self.supersedes.items():
            if article_id in self.near:
                self.near.remove(replaced)
        return kept

    def supersede_stored(self, stored_ids: list[str]) -> None:
        """After a batch is stored (under the same lock): each of its articles that has the smaller
        id of a pair of near copies replaces the copy stored before it."""
        for article_id in stored_ids:
            replaced = self.supersedes.pop(article_id, None)
            if replaced is not None:
                self.store.supersede_article(replaced[0], article_id, replaced[1])


def _batches(articles: Iterator[Article], size: int) -> Iterator[list[Article]]:
    while batch := list(islice(articles, size)):
        yield batch


def run_ingest(specs: list[str], store: Store, *, model: str | None = None, workers: int = 1, batch_size: int = 32,
               progress: Progress | None = None, stdin=None, options: ReadOptions | None = None,
               engine: str = "local", scheduler: str | None = None) -> IngestSummary:
    """Read, code and store everything named by `specs`; one broken item never stops the run."""
    items = iter_documents(specs, stdin=stdin, options=options)
    return ingest_items(items, store, model=model, workers=workers, batch_size=batch_size, progress=progress,
                        engine=engine, scheduler=scheduler)


def retry_failed(store: Store, *, model: str | None = None, workers: int = 1, batch_size: int = 32,
                 progress: Progress | None = None, options: ReadOptions | None = None,
                 engine: str = "local", scheduler: str | None = None) -> IngestSummary:
    """Read again every item that failed before; those that now succeed leave the failure list."""
    wanted: dict[str, set[int | None]] = {}
    for failure in store.failures():
        wanted.setdefault(failure["origin"], set()).add(failure["position"])

    def items() -> Iterator[RawDocument | Failure]:
        for origin, positions in wanted.items():
            for item in iter_documents([origin], options=options):
                if None in positions or item.position in positions:
                    yield item

    def cleared(origin: str, position: int | None) -> None:
        if origin in wanted:
            store.remove_failures(origin, [position] if None not in wanted[origin] else [position, None])

    return ingest_items(items(), store, model=model, workers=workers, batch_size=batch_size, progress=progress,
                        on_stored=cleared, engine=engine, scheduler=scheduler)


def ingest_items(items: Iterable[RawDocument | Failure], store: Store, *, model: str | None = None, workers: int = 1,
                 batch_size: int = 32, progress: Progress | None = None,
                 on_stored: Callable[[str, int | None], None] | None = None, engine: str = "local",
                 scheduler: str | None = None) -> IngestSummary:
    """The ingest loop over any stream of raw items (files, URLs, or items being retried).

    `engine` and `scheduler` choose where batches are coded (executors.open_executor); the
    result is the same whichever runs them."""
    summary = IngestSummary()
    started = time.perf_counter()

    def on_failure(failure: Failure) -> None:
        if failure.stage == NOT_ARTICLE:
            summary.not_articles += 1
            return
        if failure.stage == WARNING:
            summary.warnings.append(str(failure))
            return
        if failure.stage == SKIP:
            summary.skipped += 1
            summary.skips.append(failure)
            return
        summary.failed += 1
        summary.failures.append(failure)
        store.add_failure(failure)

    def count(stats: dict[str, int]) -> None:
        summary.sentences_parsed += stats.get("sentences_parsed", 0)
        summary.sentences_skipped += stats.get("sentences_skipped", 0)

    def file(results: Iterable[CodedArticle | Failure]) -> None:
        """Store a coded batch in one transaction (one article at a time if that fails)."""
        coded = []
        for result in results:
            if isinstance(result, Failure):
                on_failure(result)
            else:
                coded.append((result, interpreter.signatures.pop(result.article.id, None)))
        with store.article_write_lock():
            coded = interpreter.drop_copies_stored_meanwhile(coded, on_stored)
            outcomes = store.add_many(coded) if coded else []
            interpreter.supersede_stored([o.article_id for o in outcomes if o.status == "stored"])
        for (result, _), outcome in zip(coded, outcomes, strict=True):
            if on_stored:
                on_stored(result.article.origin, result.article.position)
            if outcome.status == "stored":
                summary.stored += 1
                summary.events += outcome.events
            else:
                summary.duplicates += 1
        summary.seconds = time.perf_counter() - started
        if progress:
            progress(summary)

    interpreter = _Interpreter(store, summary, on_failure)
    batches = _batches(interpreter.articles(items), batch_size)
    spec = CoderSpec(model, batch_size, tuple(tuple(row) for row in store.dictionary_rows()))  # user's dictionaries
    executor = open_executor(engine, spec=spec, workers=workers, scheduler=scheduler)
    try:
        for results, stats in executor.code(batches):
            count(stats)
            file(results)
    finally:
        executor.close()
    summary.seconds = time.perf_counter() - started
    if progress:
        progress(summary)
    return summary
