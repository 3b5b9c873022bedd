"""dyad.web: the HTTP API and the dashboard behind `dyad serve` (docs/API.md).

Needs the `api` extra (FastAPI, uvicorn, Jinja2, python-multipart). Importing this package is
cheap; `create_app` builds the application and `serve` runs it. Reads never load spaCy: only an
ingest or an actor lookup does, on the first request that needs it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dyad.errors import MissingExtra

if TYPE_CHECKING:
    from fastapi import FastAPI

__all__ = ["create_app", "serve"]


def _require_extra() -> None:
    try:
        import fastapi  # noqa: F401
        import jinja2  # noqa: F401
        import python_multipart  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError as exc:
        raise MissingExtra(f"the web server needs the api extra ({exc.name} is missing); install it with "
                           "pip install 'dyad-events[api]'", extra="api") from None


def create_app(db: str | None = None, **options: Any) -> FastAPI:
    """The FastAPI application on the store at `db`; options as `dyad.web.app.create_app`."""
    _require_extra()
    from dyad.web.app import create_app as build

    return build(db, **options)


def serve(db: str | None = None, *, host: str = "127.0.0.1", port: int = 8000, read_only: bool = False,
          log_level: str = "info") -> None:
    """Run the server until interrupted (one process: it owns the database; see docs/API.md)."""
    _require_extra()
    import uvicorn

    app = create_app(db, read_only=read_only)
    uvicorn.run(app, host=host, port=port, log_level=log_level, proxy_headers=False, server_header=False)
