"""The FastAPI application: the store it owns, its limits, and how errors reach clients.

The server owns the database. DuckDB lets one process write a file (or many open it read-only),
so `dyad serve` opens the store once and every request goes through that one store: reads run
side by side in the worker threads, writes (`POST /api/ingest`) take `app.state.write_lock`, so
one ingest runs at a time while readers go on (the store's own lock is held only for the few
milliseconds of each statement, not while spaCy codes an article).

Errors reach clients as `{"error": {"code", "item", "message"}}`: the coded errors of
`dyad.errors` with their one-line message, a 422 naming the parameter for a bad value, and for
anything unexpected a 500 with code E900 and no trace (the trace goes to the server's log).
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from dyad import __version__
from dyad.errors import DyadError, InputError, MalformedInput, QueryError, StoreError

log = logging.getLogger("dyad.web")

MAX_BODY_BYTES = 2 * 1024 * 1024
"""Largest request body accepted (an article upload); larger is a 413."""

_CSP = ("default-src 'none'; style-src 'self'; img-src 'self' data:; script-src 'self'; "
        "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")


def create_app(db: str | None = None, *, read_only: bool = False, token: str | None = None,
               max_body_bytes: int = MAX_BODY_BYTES, store: Any = None) -> FastAPI:
    """The app on the store at `db` (a path or URL; None means $DYAD_DB or ./dyad.duckdb).

    `token` enables `POST /api/ingest` (default: $DYAD_API_TOKEN); `read_only` opens the store
    without the write lock and disables ingest whatever the token. `store` is an open store to
    use instead (tests); the app then leaves closing it to the caller.
    """
    from dyad.store import open_store

    owned = store is None
    if store is None:
        store = open_store(db, read_only=read_only)
    if token is None:
        token = os.environ.get("DYAD_API_TOKEN", "").strip() or None

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        if owned:
            store.close()

    app = FastAPI(
        title="dyad", version=__version__, lifespan=lifespan,
        docs_url=None, redoc_url=None,  # their pages load scripts from a CDN; /openapi.json stays
        summary="Political event data coded from news reports: who did what to whom, when, where, "
                "according to whom.",
        description="Read events, incidents, articles and analytics from a dyad store; ingest articles "
                    "with a token. Filters are the command line's; errors are "
                    '`{"error": {"code", "item", "message"}}`. See docs/API.md.',
    )
    app.state.store = store
    app.state.read_only = read_only or bool(getattr(store, "read_only", False))
    app.state.token = token
    app.state.write_lock = threading.Lock()
    app.state.max_body_bytes = max_body_bytes
    _install_error_handlers(app)
    app.add_middleware(_BodyLimit, limit=max_body_bytes)
    app.add_middleware(_SecurityHeaders)

    from dyad.web.pages import router as pages_router
    from dyad.web.routes import router as api_router

    app.include_router(api_router)
    app.include_router(pages_router)
    from fastapi.staticfiles import StaticFiles

    from dyad.web.pages import STATIC_DIR

    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    return app


def error_body(code: str, message: str, item: str | None = None) -> dict[str, Any]:
    return {"error": {"code": code, "item": item, "message": message}}


def status_of(exc: DyadError) -> int:
    """HTTP status for a coded error: the caller's mistakes are 4xx, the store's trouble 503."""
    if isinstance(exc, QueryError):
        return 422
    if isinstance(exc, MalformedInput) and "over" in exc.message and "limit" in exc.message:
        return 413
    if isinstance(exc, InputError):
        return 422
    if isinstance(exc, StoreError):
        return 503
    return 400


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(DyadError)
    async def dyad_error(request: Request, exc: DyadError) -> JSONResponse:
        status = status_of(exc)
        if status >= 500:
            log.error("%s %s: %s", request.method, request.url.path, exc)
        return JSONResponse(error_body(exc.code, exc.message, exc.item), status_code=status)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = exc.errors()
        first = errors[0] if errors else {"loc": (), "msg": "invalid request"}
        loc = [str(part) for part in first.get("loc", ())]
        item = loc[-1] if loc else None
        where = f"{loc[0]} parameter {item!r}" if len(loc) > 1 else "request"
        return JSONResponse(error_body(QueryError.code, f"{where}: {first.get('msg', 'invalid')}", item),
                            status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = f"H{exc.status_code}"  # an HTTP-level refusal (not found, no token, not in this build)
        detail = exc.detail if isinstance(exc.detail, str) else "request failed"
        if _wants_page(request):
            from dyad.web.pages import error_page

            return error_page(request, exc.status_code, detail)
        return JSONResponse(error_body(code, detail), status_code=exc.status_code, headers=exc.headers)

    @app.exception_handler(Exception)
    async def bug(request: Request, exc: Exception) -> JSONResponse:
        log.exception("internal error on %s %s", request.method, request.url.path)
        if _wants_page(request):
            from dyad.web.pages import error_page

            return error_page(request, 500, "internal error; the server log has the details")
        return JSONResponse(error_body("E900", "internal error; the server log has the details"),
                            status_code=500)


def _wants_page(request: Request) -> bool:
    """A dashboard address (not /api, not the OpenAPI document): errors come as a page."""
    path = request.url.path
    return not (path.startswith("/api") or path.startswith("/openapi") or path.startswith("/static"))


class _BodyLimit:
    """Refuse bodies over `limit` bytes: by Content-Length before reading, and by counting as
    the body streams in (a chunked upload has no length), so no handler ever holds more."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length", b"")
        if length.isdigit() and int(length) > self.limit:
            await _too_large(self.limit, send)
            return
        seen = 0
        started = False

        async def counted_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise _BodyTooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted_receive, tracking_send)
        except _BodyTooLarge:
            if not started:
                await _too_large(self.limit, send)


class _BodyTooLarge(Exception):
    pass


async def _too_large(limit: int, send: Send) -> None:
    response = JSONResponse(error_body("E103", f"request body is over {limit} bytes; send a smaller "
                                       "article or split the file", "body"), status_code=413)
    await response({"type": "http"}, _no_receive, send)


async def _no_receive() -> Message:  # pragma: no cover - a JSONResponse never reads
    return {"type": "http.disconnect"}


class _SecurityHeaders:
    """No sniffing, no framing, and on pages a Content-Security-Policy that allows only the app's
    own scripts and styles: even a markup bug could not run a script from article text."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [(b"x-content-type-options", b"nosniff"), (b"x-frame-options", b"DENY"),
                            (b"referrer-policy", b"same-origin"), (b"content-security-policy", _CSP.encode())]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)
