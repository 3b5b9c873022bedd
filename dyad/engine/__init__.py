"""How a batch runs: in-process or a local process pool (a Dask cluster is planned)."""

from .local import IngestSummary, run_ingest

__all__ = ["IngestSummary", "run_ingest"]
