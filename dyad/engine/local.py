"""How a batch runs on one machine: in this process, or in a pool of worker processes.

Reading, interpreting and storing happen in the main process (the store is the single writer);
parsing and coding, the expensive part, run in workers. At most a few batches are in flight at
any time, so memory stays flat however large the input is.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import islice

from ..documents import build_article
from ..errors import DyadError, UnsupportedLanguage
from ..models import Article, CodedArticle, Failure, RawDocument
from ..sources import iter_documents
from ..store import Store

_CODER = None


def _worker_init(model: str | None, batch_size: int, dictionary_rows: list[tuple]) -> None:
    global _CODER
    from ..actors.dictionaries import DictionaryIndex
    from ..flow import Coder

    _CODER = Coder(model, batch_size=batch_size, dictionary=DictionaryIndex.from_rows(dictionary_rows))


def _worker_code(batch: list[Article]) -> list[CodedArticle | Failure]:
    assert _CODER is not None
    return list(_CODER.code_articles(batch))


@dataclass
class IngestSummary:
    read: int = 0
    stored: int = 0
    duplicates: int = 0
    skipped: int = 0
    failed: int = 0
    events: int = 0
    seconds: float = 0.0
    failures: list[Failure] = field(default_factory=list)
    skips: list[Failure] = field(default_factory=list)

    @property
    def articles_per_second(self) -> float:
        return self.read / self.seconds if self.seconds else 0.0


Progress = Callable[[IngestSummary], None]


def _articles(items: Iterable[RawDocument | Failure], store: Store, summary: IngestSummary,
              on_failure: Callable[[Failure], None]) -> Iterator[Article]:
    """Interpret raw items; record failures and skips; drop what is already stored."""
    for item in items:
        if isinstance(item, Failure):
            on_failure(item)
            continue
        summary.read += 1
        try:
            article = build_article(item)
        except UnsupportedLanguage as exc:
            summary.skipped += 1
            summary.skips.append(Failure(item.origin, exc.message, item.position, stage="language"))
            continue
        except DyadError as exc:
            on_failure(Failure(item.origin, exc.message, item.position, stage="document"))
            continue
        if store.has_article(article.id, article.content_hash):
            summary.duplicates += 1
            continue
        yield article


def _batches(articles: Iterator[Article], size: int) -> Iterator[list[Article]]:
    while batch := list(islice(articles, size)):
        yield batch


def run_ingest(specs: list[str], store: Store, *, model: str | None = None, workers: int = 1, batch_size: int = 32,
               progress: Progress | None = None, stdin=None) -> IngestSummary:
    """Read, code and store everything named by `specs`; one broken item never stops the run."""
    summary = IngestSummary()
    started = time.perf_counter()

    def on_failure(failure: Failure) -> None:
        summary.failed += 1
        summary.failures.append(failure)
        store.add_failure(failure)

    def file(results: Iterable[CodedArticle | Failure]) -> None:
        for result in results:
            if isinstance(result, Failure):
                on_failure(result)
                continue
            outcome = store.add(result)
            if outcome.status == "stored":
                summary.stored += 1
                summary.events += outcome.events
            else:
                summary.duplicates += 1
            summary.seconds = time.perf_counter() - started
            if progress:
                progress(summary)

    articles = _articles(iter_documents(specs, stdin=stdin), store, summary, on_failure)
    batches = _batches(articles, batch_size)
    dictionary_rows = store.dictionary_rows()  # the user's imported actor dictionaries, if any
    if workers <= 1:
        from ..actors.dictionaries import DictionaryIndex
        from ..flow import Coder

        coder = Coder(model, batch_size=batch_size, dictionary=DictionaryIndex.from_rows(dictionary_rows))
        for batch in batches:
            file(coder.code_articles(batch))
    else:
        with ProcessPoolExecutor(max_workers=workers, initializer=_worker_init,
                                 initargs=(model, batch_size, dictionary_rows)) as pool:
            in_flight: deque[Future] = deque()
            for batch in batches:
                in_flight.append(pool.submit(_worker_code, batch))
                while len(in_flight) >= workers * 2:
                    file(in_flight.popleft().result())
            while in_flight:
                file(in_flight.popleft().result())
    summary.seconds = time.perf_counter() - started
    if progress:
        progress(summary)
    return summary
