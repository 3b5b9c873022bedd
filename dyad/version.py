"""The package version, in one place; and the coder's version, which every event records."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

__version__ = "0.1.0"


@lru_cache(maxsize=1)
def knowledge_hash() -> str:
    """The first 12 hex digits of a sha256 over every vocabulary file the coder reads (the
    trained model excluded: it has its own hash)."""
    digest = hashlib.sha256()
    root = Path(__file__).resolve().parent
    for path in sorted(root.glob("*/data/**/*")):
        if path.is_file() and not path.name.startswith("pair_model"):
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def coder_version(model_hash: str | None) -> str:
    """`release+k<knowledge>.m<model>` (`m-` when coding by the rules alone): two databases
    coded by the same version hold the same events for the same articles."""
    return f"{__version__}+k{knowledge_hash()}.m{model_hash or '-'}"
