"""Coding batches on a Dask cluster (dask.distributed): `dyad ingest --engine dask`.

Only coding runs on the workers: each worker process builds the coder once (a per-process cache,
see `_worker_coder`) and codes the batches the driver submits. Results come back to the driver,
which stores them exactly as the local engine does (content-hash keys, one writer), so a batch
that Dask runs twice (its worker died and the scheduler retried it elsewhere) is still stored once:
the driver takes each batch's result once, from its future. See docs/DASK.md.
"""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Iterable, Iterator

from ..errors import ConfigError
from ..extras import require_extra
from ..models import Article, Failure
from .executors import CodedBatch, CoderSpec, _shared_coder, code_batch, ordered

FEATURE = "dyad ingest --engine dask"
CONNECT_TIMEOUT = "10s"

_CODERS: dict[CoderSpec, object] = {}  # on a worker: the coder of each spec, built on first use
_CODER_LOCK = threading.Lock()  # a worker with several threads codes one batch at a time per process


def _worker_coder(spec: CoderSpec):
    coder = _CODERS.get(spec)
    if coder is None:
        # Built and warmed as the local pool's driver does, then frozen out of the garbage collector:
        # its full collections would otherwise walk the coder's large heap (actor base, gazetteer)
        # again and again (2,000 Reuters stories: 29 s of coding CPU per worker instead of 22).
        coder = _CODERS[spec] = _shared_coder(spec)
    return coder


def _dask_code(spec: CoderSpec, batch: list[Article]) -> CodedBatch:
    """The task run on a worker: code one batch with this process's cached coder."""
    with _CODER_LOCK:
        return code_batch(_worker_coder(spec), batch)


def _check_address(address: str) -> str:
    """Normalise a scheduler address, or say in one line why it is not one (before connecting,
    so that a typo fails at once instead of after the connect timeout)."""
    from distributed.comm.addressing import get_address_host_port, normalize_address

    try:
        normalized = normalize_address(address)
        get_address_host_port(normalized)
    except ValueError as exc:
        raise ConfigError(f"not a Dask scheduler address ({exc}); give one like tcp://HOST:8786",
                          item=address) from None
    return normalized


class DaskExecutor:
    """Submits batches to a Dask cluster: the scheduler at `scheduler`, or a LocalCluster of
    `workers` single-threaded worker processes that lives as long as this executor."""

    def __init__(self, spec: CoderSpec, *, workers: int = 1, scheduler: str | None = None,
                 connect_timeout: str | None = None):
        distributed = require_extra("distributed", "cluster", feature=FEATURE)
        self.spec = spec
        self.cluster = None
        self._forked_from_here = False
        if scheduler is None:
            import dask

            # The local pool's trick on a LocalCluster: the coder is built and warmed once here, and the
            # worker processes are forked from this process, so they start with it (its pages shared, copy
            # on write) instead of each spawning a fresh interpreter that imports spaCy and builds its own
            # (2 workers: about 10 s of start-up instead of 23 s on a busy machine). Only the first start
            # forks: a worker the nanny restarts after a crash is spawned (Dask's default, read at restart)
            # and builds its coder on first use, as on a remote cluster.
            method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
            if method == "fork":
                _CODERS[spec] = _shared_coder(spec)
                self._forked_from_here = True
            # One thread per worker: a coder is not shared by threads, and spaCy's work is CPU-bound.
            # Without the workers' statistical profiler, which samples the coding thread's stack every
            # 10 ms for the dashboard this cluster does not have: 2,000 Reuters stories in 32-34 s
            # instead of 38-39 s (docs/PERFORMANCE.md).
            with dask.config.set({"distributed.worker.profile.enabled": False,
                                  "distributed.worker.multiprocessing-method": method}):
                self.cluster = distributed.LocalCluster(n_workers=max(1, workers), threads_per_worker=1,
                                                        processes=True, dashboard_address=None)
            # Results straight from the workers: by default a client outside the cluster gathers them
            # through the scheduler, a third process that then copies every coded batch on the same
            # two cores. A remote cluster keeps the default (its workers may not be reachable).
            self.client = distributed.Client(self.cluster, set_as_default=False, direct_to_workers=True)
        else:
            address = _check_address(scheduler)
            try:
                self.client = distributed.Client(address, timeout=connect_timeout or CONNECT_TIMEOUT,
                                                 set_as_default=False)
            except (OSError, TimeoutError) as exc:
                raise ConfigError(f"cannot reach the Dask scheduler ({exc}); start one with `dask scheduler` "
                                  "or leave out --scheduler for a local cluster", item=scheduler) from None
        self._killed_worker = distributed.KilledWorker

    @property
    def threads(self) -> int:
        """Worker threads in the cluster now (what the in-flight window is sized by)."""
        return sum(self.client.nthreads().values())

    def code(self, batches: Iterable[list[Article]]) -> Iterator[CodedBatch]:
        def submit(batch: list[Article]):
            # pure=False: each batch is its own task, even if two batches happened to be equal.
            return self.client.submit(_dask_code, self.spec, batch, pure=False)

        def result(future, batch: list[Article]) -> CodedBatch:
            try:
                return future.result()
            except self._killed_worker as exc:
                # The scheduler gave up after the batch killed `distributed.scheduler.allowed-failures`
                # workers: the batch's articles are failures (kept, retried by --retry-failed); the rest goes on.
                reason = f"a Dask worker died on every try to code this batch ({exc})"
                return [Failure(a.origin, reason, a.position, stage="code") for a in batch], {}
            finally:
                future.release()

        return ordered(batches, submit, result, max(2, self.threads * 2))

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()
        if self._forked_from_here:
            import gc

            _CODERS.pop(self.spec, None)
            gc.unfreeze()  # as the local pool does: a long-lived driver may open another cluster later
