"""The JSON API under /api: each route validates its parameters, calls one library function and
returns what it gives. No SQL and no analysis here: reads go to the store's methods, analytics to
`dyad.api` (trend, network, top, incidents), looked up when a request comes so that a build
without them answers 501 instead of failing to start.
"""

from __future__ import annotations

import hmac
import json
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field

import dyad.api
from dyad.errors import InputError
from dyad.query import EventFilter
from dyad.web.params import (
    PAGE_DEFAULT,
    PAGE_MAX,
    Cursor,
    Limit,
    event_filter,
    page,
)

router = APIRouter(prefix="/api")

Filters = Annotated[EventFilter, Depends(event_filter)]
Format = Annotated[Literal["json", "csv", "parquet"],
                   Query(description="json: a page of EVENT_SCHEMA records; csv or parquet: every match "
                                     "as a download (flat columns, as `dyad export`).")]
Unit = Annotated[Literal["incident", "event"], Query(description="Count incidents (fused reports) or events.")]

_EVENT_EXAMPLE = {"schema_version": 1, "event_id": "e3b0c44298fc1c14", "article_id": "a1b2c3d4e5f60718",
                  "type": "ACCUSE", "mode": None, "cameo": "112", "quad_class": 3, "intensity": -2.0,
                  "source": {"text": "Tehran", "country": "IRN", "sector": "GOV"},
                  "target": {"text": "Washington", "country": "USA", "sector": "GOV"},
                  "date": "2024-03-08", "date_precision": "day", "modality": "asserted",
                  "evidence": {"sentence_index": 2, "sentence": "Tehran accused Washington of ...",
                               "trigger": "accused", "char_start": 120, "char_end": 171}}


def _store(request: Request) -> Any:
    return request.app.state.store


def facade(name: str) -> Callable[..., Any]:
    """`dyad.api.<name>`, or a 501 saying this build lacks it."""
    function = getattr(dyad.api, name, None)
    if function is None:
        raise HTTPException(501, f"dyad.api.{name} is not available in this build of dyad; "
                                 "install a release with incidents and analytics")
    return function


def _given(**values: Any) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None}


# -- events ------------------------------------------------------------------------------------

@router.get("/events", summary="Events matching the filters, a page at a time, or all as CSV/Parquet",
            responses={200: {"content": {"application/json": {"example": {
                "events": [_EVENT_EXAMPLE], "next_cursor": "eyJvIjogNTB9", "limit": 50}},
                "text/csv": {}, "application/vnd.apache.parquet": {}}}, 422: {"description": "A bad parameter"}})
def events(request: Request, filters: Filters, limit: Limit = PAGE_DEFAULT, cursor: Cursor = None,
           format: Format = "json") -> Any:
    """Newest event first (undated last), in the EVENT_SCHEMA record shape. Follow `next_cursor`
    for the next page; `format=csv` or `parquet` downloads every match instead."""
    store = _store(request)
    if format != "json":
        return _download(store.iter_events(replace(filters, limit=None)), format)
    where = page(limit, cursor)
    rows = store.events(replace(filters, limit=where.offset + where.size + 1))[where.offset:]
    records, next_cursor = where.cut(rows)
    return {"events": records, "next_cursor": next_cursor, "limit": limit}


def _download(records: Iterator[dict[str, Any]], fmt: str) -> StreamingResponse:
    """Write the export to a spooled temporary file (memory, then disk past 16 MB) and stream it."""
    from dyad.export import write_events

    spool = tempfile.SpooledTemporaryFile(max_size=16 * 1024 * 1024)  # noqa: SIM115 - closed by the stream
    try:
        write_events(records, fmt, spool)
        spool.seek(0)
    except BaseException:
        spool.close()
        raise

    def chunks() -> Iterator[bytes]:
        with spool:
            while chunk := spool.read(256 * 1024):
                yield chunk

    media = "text/csv; charset=utf-8" if fmt == "csv" else "application/vnd.apache.parquet"
    return StreamingResponse(chunks(), media_type=media,
                             headers={"Content-Disposition": f'attachment; filename="dyad-events.{fmt}"'})


# -- articles, failures, stats -------------------------------------------------------------------

ArticleId = Annotated[str, Path(description="The article id (a content hash).", examples=["a1b2c3d4e5f60718"],
                                max_length=128)]


@router.get("/articles/{article_id}", summary="One article: its record, body, events and where it appeared")
def article(request: Request, article_id: ArticleId) -> dict[str, Any]:
    store = _store(request)
    rows = store.articles(article_id, with_text=True)
    if not rows:
        raise HTTPException(404, f"no article {article_id!r} in this store")
    return {"article": rows[0], "events": store.events_of(article_id), "links": store.links(article_id)}


@router.get("/failures", summary="Items that could not be read or stored, oldest first")
def failures(request: Request, limit: Limit = PAGE_DEFAULT, cursor: Cursor = None) -> dict[str, Any]:
    where = page(limit, cursor)
    rows, next_cursor = where.cut(_store(request).failures()[where.offset:where.offset + where.size + 1])
    return {"failures": rows, "next_cursor": next_cursor, "limit": limit}


@router.get("/stats", summary="What the store holds and what this server allows",
            responses={200: {"content": {"application/json": {"example": {
                "counts": {"articles": 120, "events": 431, "failures": 2}, "coder_versions": {"0.9.0": 431},
                "dictionaries": [], "read_only": False, "ingest_enabled": True, "version": "0.9.0"}}}}})
def stats(request: Request) -> dict[str, Any]:
    store = _store(request)
    return {"counts": store.counts(), "coder_versions": store.coder_versions(),
            "dictionaries": store.dictionary_sources(), "read_only": request.app.state.read_only,
            "ingest_enabled": _ingest_refusal(request) is None, "version": dyad.__version__}


# -- actors --------------------------------------------------------------------------------------

@router.get("/actors/resolve", summary="Who a name or description refers to on a date (loads spaCy)")
def resolve(request: Request,
            text: Annotated[str, Query(min_length=1, max_length=300, description="A name or description.",
                                       examples=["the Iranian foreign minister"])],
            date: Annotated[str | None, Query(max_length=32, description="YYYY, YYYY-MM or YYYY-MM-DD.",
                                              examples=["2024-03-08"])] = None,
            context: Annotated[str | None, Query(max_length=2000, description="A sentence around the name.")]
            = None) -> dict[str, Any]:
    return dyad.api.resolve(text, date or None, context or None, store=_store(request))


# -- incidents and analytics (dyad.api, issue 12) ---------------------------------------------

Quad = Annotated[str | None, Query(description="Quad class: 1 verbal cooperation, 2 material cooperation, "
                                               "3 verbal conflict, 4 material conflict.", examples=["4"],
                                   max_length=8)]
Sector = Annotated[str | None, Query(description="An actor sector code on either side (GOV, MIL, REB...).",
                                     examples=["MIL"], max_length=16)]
Mode = Annotated[str | None, Query(description="A PLOVER mode of the event type.", examples=["air"],
                                   max_length=32)]
PloverContext = Annotated[str | None, Query(description="A PLOVER context (e.g. military, economic).",
                                            examples=["military"], max_length=32)]


def analysis_filters(filters: Filters, quad: Quad = None, sector: Sector = None, mode: Mode = None,
                     plover_context: PloverContext = None) -> dict[str, Any]:
    """The event filters plus the analysis filters, validated (422 naming the parameter) and
    handed back as the raw values `dyad.api` takes."""
    from dyad.analysis.filters import parse_analysis_filter
    from dyad.web.params import filter_query

    raw = {**filter_query(filters), **_given(quad=quad, sector=sector, mode=mode, plover_context=plover_context)}
    parse_analysis_filter(**raw)
    return raw


AnalysisFilters = Annotated[dict[str, Any], Depends(analysis_filters)]
_INCIDENT_METHODS = ("incidents", "iter_incidents", "incident", "article_day_counts")


def _analysable(request: Request, unit: str = "incident") -> Any:
    """The store, if its backend can answer incident and trend queries; else a 501 saying so
    (the PostgreSQL store keeps incident tables but cannot read them yet: docs/POSTGRES.md)."""
    store = _store(request)
    needed = _INCIDENT_METHODS if unit == "incident" else ("article_day_counts",)
    missing = [name for name in needed if not hasattr(store, name)]
    if missing:
        raise HTTPException(501, f"this store's backend ({type(store).__name__}) cannot read incidents or "
                                 f"trends yet (no {missing[0]}); use a DuckDB store or unit=event where offered")
    return store


@router.get("/incidents", summary="Incidents (fused reports of one happening), a page at a time",
            responses={200: {"content": {"application/json": {"example": {"incidents": [{
                "incident_id": "i_6820e4f83949dc03", "type": "ASSAULT", "quad_class": 4, "date": "1987-10-19",
                "source": {"text": "U.S. warships", "country": "USA", "sector": "MIL"},
                "target": {"text": "an Iranian oil platform", "country": "IRN", "sector": None},
                "article_count": 3, "outlets": ["Reuters"], "confidence": 0.82}],
                "next_cursor": None, "limit": 50}}}}})
def incidents(request: Request, filters: AnalysisFilters, limit: Limit = PAGE_DEFAULT,
              cursor: Cursor = None) -> dict:
    """Incident records (docs/INCIDENTS.md), newest incident date first; each has its
    `mentions` (every report, with its article and sentence)."""
    where = page(limit, cursor)
    store = _analysable(request)
    rows = facade("incidents")(store, **filters, limit=where.offset + where.size + 1)
    records, next_cursor = where.cut(list(rows)[where.offset:])
    return {"incidents": records, "next_cursor": next_cursor, "limit": limit}


@router.get("/incidents/{incident_id}", summary="One incident with all its reports")
def incident(request: Request, incident_id: Annotated[str, Path(max_length=128)]) -> dict[str, Any]:
    function = facade("incident")
    found = function(_analysable(request), incident_id)
    if found is None:
        raise HTTPException(404, f"no incident {incident_id!r} in this store")
    return found


@router.get("/trend", summary="Counts by period, event type and quad class for a dyad",
            responses={200: {"content": {"application/json": {"example": {"rows": [
                {"period": "1987-10", "type": "ASSAULT", "quad_class": 4, "count": 3, "mean_intensity": -9.0},
                {"period": "1987-11", "type": None, "quad_class": None, "count": 0, "mean_intensity": None},
                {"period": "1987-12", "type": None, "quad_class": None, "count": None, "mean_intensity": None}]}}}}})
def trend(request: Request, filters: AnalysisFilters,
          every: Annotated[Literal["day", "week", "month", "year"], Query(examples=["month"])] = "month",
          unit: Unit = "incident") -> dict[str, Any]:
    """Long form, one row per period and type. `count` 0: articles were read in that period but
    nothing matched; `count` null: no stored article at all in that period (nothing is known).
    Without `dyad`, every dyad counts (`*:*`)."""
    store = _analysable(request, unit)
    return {"rows": facade("trend")(store, **{"dyad": None, **filters}, every=every, unit=unit)}


@router.get("/network", summary="Actors as nodes, dyads as weighted, signed edges",
            responses={200: {"content": {"application/json": {"example": {
                "nodes": [{"id": "IRN", "label": "IRN", "count": 4}, {"id": "USA", "label": "USA", "count": 4}],
                "edges": [{"source": "USA", "target": "IRN", "count": 4, "cooperation": 0, "conflict": 4,
                           "sign": -1.0, "mean_intensity": -8.5}]}}}}})
def network(request: Request, filters: AnalysisFilters,
            min_count: Annotated[int, Query(ge=1, le=1_000_000, examples=[2])] = 1,
            unit: Unit = "incident") -> dict[str, Any]:
    store = _analysable(request, unit)
    return facade("network")(store, **filters, min_count=min_count, unit=unit)


@router.get("/top", summary="The most active dyads, actors, types or months",
            responses={200: {"content": {"application/json": {"example": {"rows": [
                {"key": "USA:IRN", "count": 4, "cooperation": 0, "conflict": 4, "mean_intensity": -8.5}]}}}}})
def top(request: Request, filters: AnalysisFilters,
        by: Annotated[Literal["dyad", "actor", "type", "month"], Query(examples=["dyad"])] = "dyad",
        limit: Annotated[int, Query(ge=1, le=PAGE_MAX, examples=[20])] = 20,
        unit: Unit = "incident") -> dict[str, Any]:
    """Most records first; the most hostile have the lowest `mean_intensity`."""
    store = _analysable(request, unit)
    return {"rows": facade("top")(store, **filters, by=by, limit=limit, unit=unit)}


# -- ingest ----------------------------------------------------------------------------------------

class IngestText(BaseModel):
    """An article as text (optionally with its metadata), or a URL to fetch: exactly one of the two."""

    text: str | None = Field(None, description="The article's body, or a wire story with headline and date line.")
    title: str | None = Field(None, max_length=1000)
    date: str | None = Field(None, max_length=40, description="Publication date, ISO 8601.")
    url: str | None = Field(None, max_length=2000,
                            description="Without text: a public http(s) page, feed or data file to fetch. "
                                        "With text: where the text was published.")


_INGEST_BODY = {
    "requestBody": {"required": True, "content": {
        "application/json": {"schema": IngestText.model_json_schema(), "examples": {
            "text": {"summary": "An article's text", "value": {
                "text": "Iran's foreign minister accused the United States of violating the accord on Monday.",
                "title": "Iran accuses US", "date": "2024-03-11"}},
            "url": {"summary": "A page to fetch", "value": {"url": "https://news.example.org/2024/03/11/story.html"}}}},
        "multipart/form-data": {"schema": {"type": "object", "required": ["file"], "properties": {
            "file": {"type": "string", "format": "binary",
                     "description": "A .txt story, a saved .html page or a .jsonl file of articles."}}}}}},
    "responses": {"200": {"content": {"application/json": {"example": {
        "read": 1, "stored": 1, "duplicates": 0, "near_duplicates": 0, "skipped": 0, "failed": 0, "failures": [],
        "article_id": "a1b2c3d4e5f60718", "events": [_EVENT_EXAMPLE],
        "articles": [{"article_id": "a1b2c3d4e5f60718", "events": [_EVENT_EXAMPLE]}]}}}}},
}


def _ingest_refusal(request: Request) -> str | None:
    if request.app.state.read_only:
        return "ingest is off: the server runs with --read-only"
    if not request.app.state.token:
        return "ingest is off: start the server with DYAD_API_TOKEN set to enable it"
    return None


def _authorise(request: Request) -> None:
    refusal = _ingest_refusal(request)
    if refusal:
        raise HTTPException(403, refusal)
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    expected = request.app.state.token.encode()
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), expected):
        raise HTTPException(401, "missing or wrong token; send Authorization: Bearer <DYAD_API_TOKEN>",
                            headers={"WWW-Authenticate": "Bearer"})


@router.post("/ingest", summary="Code an article (text, URL or file upload) and store it (token needed)",
             openapi_extra=_INGEST_BODY, status_code=200)
async def ingest(request: Request) -> dict[str, Any]:
    """Answers with the stored article id and its events (the earlier copy's for a duplicate).
    One ingest runs at a time; reads go on meanwhile."""
    _authorise(request)
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind == "multipart/form-data":
        form = await request.form(max_files=1, max_fields=4)
        upload = form.get("file")
        if upload is None or isinstance(upload, str):
            raise InputError("send the article as a multipart field named 'file'", item="file")
        data, name = await upload.read(), upload.filename or "upload.txt"
        job = _job(request, lambda store: dyad.api.ingest_upload(store, data, _safe_name(name)))
    elif kind == "application/json":
        try:
            body = IngestText.model_validate(json.loads(await request.body()))
        except (ValueError, TypeError) as exc:
            raise InputError(f"the body is not an ingest request ({str(exc).splitlines()[0]}); send "
                             '{"text": ...} or {"url": ...}', item="body") from None
        job = _text_or_url_job(request, body)
    else:
        raise InputError(f"content type {kind or 'none'!r} is not accepted; send application/json or "
                         "multipart/form-data", item="content-type")
    report = await run_in_threadpool(job)
    if not report["read"] and report["failures"]:
        raise InputError(report["failures"][0], item="url" if body_is_url(request) else "body")
    first = report["articles"][0] if report["articles"] else {"article_id": None, "events": []}
    return {**report, "article_id": first["article_id"], "events": first["events"]}


def body_is_url(request: Request) -> bool:
    return bool(getattr(request.state, "ingest_url", False))


def _text_or_url_job(request: Request, body: IngestText) -> Callable[[], dict[str, Any]]:
    if body.text is not None and body.text.strip():
        line = json.dumps(_given(text=body.text, title=body.title, date=body.date, url=body.url)) + "\n"
        data = line.encode("utf-8")
        return _job(request, lambda store: dyad.api.ingest_upload(store, data, "api.jsonl"))
    if body.url:
        from dyad.web.fetch import check_public_url

        url = body.url.strip()
        check_public_url(url)  # early, for a clear 422; the transport checks every hop again
        request.state.ingest_url = True
        limit = request.app.state.max_body_bytes * 5

        def fetch_and_ingest(store: Any) -> dict[str, Any]:
            with _guarded_client() as http:
                return dyad.api.ingest_url(store, url, http=http, max_bytes=limit, retries=1)

        return _job(request, fetch_and_ingest)
    raise InputError('give "text" (the article) or "url" (a page to fetch)', item="text")


def _guarded_client() -> Any:
    from dyad.web.fetch import public_client

    return public_client()


def _job(request: Request, work: Callable[[Any], dict[str, Any]]) -> Callable[[], dict[str, Any]]:
    """The write, to run in a worker thread under the one write lock."""
    state = request.app.state

    def run() -> dict[str, Any]:
        with state.write_lock:
            return work(state.store)

    return run


def _safe_name(name: str) -> str:
    """The upload's base name, for picking a reader by extension (never a path on this machine)."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1].strip() or "upload.txt"
    return base[:200]
