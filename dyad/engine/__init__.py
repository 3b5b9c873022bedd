"""How a batch runs: the ingest loop (local.py) and where batches are coded (executors.py: in this
process, a local process pool, or a Dask cluster, dask_executor.py)."""

from .local import IngestSummary, ingest_items, retry_failed, run_ingest

__all__ = ["IngestSummary", "ingest_items", "retry_failed", "run_ingest"]
