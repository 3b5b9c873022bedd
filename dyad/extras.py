"""Optional features (`api`, `postgres`, `cluster`) and the one error that names their extra.

The libraries behind these features are optional dependencies, so a plain install lacks them. A
command that needs one calls `require_extra` instead of importing directly: the user then reads
which extra to install (`pip install 'dyad-events[api]'`), not an ImportError traceback.
"""

from __future__ import annotations

import importlib
from importlib import metadata
from types import ModuleType

from .errors import MissingExtra

DISTRIBUTION = "dyad-events"


def declared_extras() -> set[str]:
    """The extras of the installed distribution (`Provides-Extra` in its metadata)."""
    try:
        return set(metadata.metadata(DISTRIBUTION).get_all("Provides-Extra") or [])
    except metadata.PackageNotFoundError:  # running from a source tree that was never installed
        return set()


def install_hint(extra: str) -> str:
    return f"pip install '{DISTRIBUTION}[{extra}]'"


def require_extra(module: str, extra: str, *, feature: str | None = None) -> ModuleType:
    """Import `module`, which the optional `extra` provides, or raise MissingExtra naming the extra.

    `feature` is what the user asked for ("dyad serve"), for the message. An `extra` that the
    distribution does not declare is a programming error (ValueError), caught by the tests.
    """
    known = declared_extras()
    if known and extra not in known:
        raise ValueError(f"{DISTRIBUTION} has no extra {extra!r} (it has {sorted(known)})")
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        missing = getattr(exc, "name", None) or module
        what = feature or f"this command ({module})"
        raise MissingExtra(f"{what} needs the optional '{extra}' dependencies ({missing} is not installed); "
                           f"install them with: {install_hint(extra)}", extra=extra) from exc
