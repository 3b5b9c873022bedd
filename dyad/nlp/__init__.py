"""The spaCy stage: model loading, batching, dyad's own pipeline components."""

from .pipeline import DEFAULT_MODEL, load_pipeline, parse_many

__all__ = ["DEFAULT_MODEL", "load_pipeline", "parse_many"]
