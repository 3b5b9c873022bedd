"""How a batch runs: in-process or a local process pool (a Dask cluster is planned)."""

from .local import IngestSummary, ingest_items, retry_failed, run_ingest

__all__ = ["IngestSummary", "ingest_items", "retry_failed", "run_ingest"]
