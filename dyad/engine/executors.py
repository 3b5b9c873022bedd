"""Where batches of articles are coded: in this process, in a local process pool, or on Dask.

The engine (local.py) reads, interprets, de-duplicates and stores in the driver; only parsing and
coding, the expensive and side-effect-free part, is handed to an `Executor`. Every executor takes
batches in order and gives their coded results back in the same order, with at most a few batches
in flight, so what is stored (and in what order) does not depend on where the coding ran.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from typing import Protocol

from ..models import Article, CodedArticle, Failure

ENGINES = ("local", "dask")

CodedBatch = tuple[list[CodedArticle | Failure], dict[str, int]]
"""One batch's results in input order, with what parsing it cost (sentences parsed and skipped)."""


@dataclass(frozen=True)
class CoderSpec:
    """Everything a worker needs to build the same coder as the driver would (picklable)."""

    model: str | None
    batch_size: int
    dictionary_rows: tuple[tuple, ...] = ()

    def build(self):
        from ..actors.dictionaries import DictionaryIndex
        from ..flow import Coder

        return Coder(self.model, batch_size=self.batch_size,
                     dictionary=DictionaryIndex.from_rows(list(self.dictionary_rows)))


def code_batch(coder, batch: list[Article]) -> CodedBatch:
    """Code one batch with `coder`; the stats are this batch's share of the coder's running totals."""
    before = dict(coder.stats)
    results = list(coder.code_articles(batch))
    return results, {k: v - before.get(k, 0) for k, v in coder.stats.items()}


class Executor(Protocol):
    """Codes batches of articles somewhere and yields their results in the order given."""

    def code(self, batches: Iterable[list[Article]]) -> Iterator[CodedBatch]: ...

    def close(self) -> None: ...


def ordered(batches: Iterable[list[Article]], submit: Callable[[list[Article]], object],
            result: Callable[[object, list[Article]], CodedBatch], window: int) -> Iterator[CodedBatch]:
    """Submit batches with at most `window` in flight and yield results in submission order:
    memory stays flat however long the input, and the driver stores in input order."""
    in_flight: deque[tuple[object, list[Article]]] = deque()
    for batch in batches:
        in_flight.append((submit(batch), batch))
        while len(in_flight) >= window:
            yield result(*in_flight.popleft())
    while in_flight:
        yield result(*in_flight.popleft())


class InlineExecutor:
    """Codes in this process: no start-up cost, for one worker and for small inputs."""

    def __init__(self, spec: CoderSpec):
        self.coder = spec.build()

    def code(self, batches: Iterable[list[Article]]) -> Iterator[CodedBatch]:
        for batch in batches:
            yield code_batch(self.coder, batch)

    def close(self) -> None:
        pass


_POOL_CODER = None  # the coder of a process-pool worker: the driver's, inherited through fork

_WARM_UP = ("French President Emmanuel Macron met German Chancellor Olaf Scholz in Paris on Monday and "
            "accused Russia of threatening Ukraine, the Foreign Ministry said.")


def _shared_coder(spec: CoderSpec):
    """The coder built in the driver, with every lazily loaded part (actor base, gazetteer, city
    index, model) loaded by coding one sentence, then frozen out of the garbage collector. Pool
    workers forked after this share its memory pages instead of each loading its own copy
    (measured on 6,000 Reuters lines with 2 workers: 850 MB PSS summed instead of 995 MB)."""
    import gc

    from ..documents.build import build_article
    from ..models import RawDocument

    coder = spec.build()
    list(coder.code_articles([build_article(RawDocument(origin="warm-up", text=_WARM_UP,
                                                        published="2023-05-02"), [])]))
    gc.collect()
    gc.freeze()  # collections would otherwise write to every shared object and unshare its page
    return coder


def _pool_init(spec: CoderSpec) -> None:
    global _POOL_CODER
    if _POOL_CODER is None:  # not forked from a driver that built it (another start method)
        _POOL_CODER = spec.build()


def _pool_code(batch: list[Article]) -> CodedBatch:
    assert _POOL_CODER is not None
    return code_batch(_POOL_CODER, batch)


class ProcessPoolCodeExecutor:
    """A local pool of `workers` processes forked from the driver after it built the coder, so
    that they share its pages (copy on write); each builds its own only if not forked."""

    def __init__(self, spec: CoderSpec, workers: int):
        import multiprocessing

        global _POOL_CODER
        self.workers = workers
        _POOL_CODER = _shared_coder(spec)
        self.pool = ProcessPoolExecutor(max_workers=workers, initializer=_pool_init, initargs=(spec,),
                                        mp_context=multiprocessing.get_context("fork"))

    def code(self, batches: Iterable[list[Article]]) -> Iterator[CodedBatch]:
        def result(future: Future, _batch: list[Article]) -> CodedBatch:
            return future.result()

        return ordered(batches, lambda batch: self.pool.submit(_pool_code, batch), result, self.workers * 2)

    def close(self) -> None:
        import gc

        global _POOL_CODER
        self.pool.shutdown(cancel_futures=True)
        _POOL_CODER = None
        gc.unfreeze()  # a long-lived driver (dyad watch, a server) may open another pool later


def open_executor(engine: str = "local", *, spec: CoderSpec, workers: int = 1,
                  scheduler: str | None = None) -> Executor:
    """The one factory: `local` is inline for one worker and a process pool for more; `dask` is a
    Dask cluster (the one at `scheduler`, or a LocalCluster of `workers` processes)."""
    if engine == "dask":
        from .dask_executor import DaskExecutor

        return DaskExecutor(spec, workers=workers, scheduler=scheduler)
    if engine != "local":
        from ..errors import ConfigError

        raise ConfigError(f"unknown engine {engine!r}: use one of {', '.join(ENGINES)}")
    if scheduler is not None:
        from ..errors import ConfigError

        raise ConfigError("--scheduler needs --engine dask")
    return InlineExecutor(spec) if workers <= 1 else ProcessPoolCodeExecutor(spec, workers)
