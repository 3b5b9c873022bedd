"""The dashboard: server-rendered pages over the same library calls as the API.

Every page's state is in its URL (filters in the query string), so a view can be shared by
copying the address. Templates autoescape everything; article text is untrusted and only ever
reaches the page as escaped text. Charts are SVG made on the server (`charts.py`): no script
runs in the browser and nothing is loaded from elsewhere.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

import dyad.api
from dyad.errors import DyadError
from dyad.models import EVENT_TYPES, MODALITIES
from dyad.query import EventFilter, parse_filter
from dyad.web import charts
from dyad.web.params import PAGE_DEFAULT, PAGE_MAX, decode_cursor, filter_query, page

HERE = Path(__file__).resolve().parent
STATIC_DIR = HERE / "static"
templates = Environment(loader=FileSystemLoader(HERE / "templates"),
                        autoescape=select_autoescape(default=True, default_for_string=True))
templates.globals.update(legend=charts.legend, quads=charts.QUADS, event_types=EVENT_TYPES, modalities=MODALITIES)

router = APIRouter(include_in_schema=False)

FILTER_NAMES = ("actor", "dyad", "type", "since", "until", "modality")


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    html = templates.get_template(template).render(request=request, path=request.url.path, **context)
    return HTMLResponse(html, status_code=status)


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    return render(request, "error.html", status=status, status_code=status, message=message)


def _qs(values: dict[str, Any], **changes: Any) -> str:
    merged = {**values, **changes}
    return urlencode({k: v for k, v in merged.items() if v not in (None, "")})


def _who(actor: dict[str, Any] | None) -> str:
    if not actor:
        return "—"
    code = actor.get("country") or ""
    sector = actor.get("sector") or ""
    return f"{code} {sector}".strip() or str(actor.get("text") or "—")


templates.globals.update(qs=_qs, who=_who)


def _facade(name: str, store: Any = None) -> Any:
    """`dyad.api.<name>`, or None when this build lacks it or `store`'s backend cannot read
    incidents and trends (the page then says what is missing instead of failing)."""
    if store is not None and not _reads_incidents(store):
        return None
    return getattr(dyad.api, name, None)


def _raw_filters(request: Request) -> dict[str, str]:
    return {name: request.query_params.get(name, "").strip() for name in FILTER_NAMES
            if request.query_params.get(name, "").strip()}


def _events_page(store: Any, filters: EventFilter, limit: int, cursor: str | None) -> tuple[list, str | None]:
    where = page(limit, cursor)
    rows = store.events(replace(filters, limit=where.offset + where.size + 1))[where.offset:]
    return where.cut(rows)


@router.get("/", response_class=HTMLResponse)
def overview(request: Request) -> HTMLResponse:
    store = request.app.state.store
    trend, top = _facade("trend", store), _facade("top", store)
    chart = charts.stacked_bars(trend(store, dyad="*:*", every="month"), title="Incidents by month and quad class") \
        if trend else None
    dyads = top(store, by="dyad", limit=10) if top else None
    counts = store.counts()
    unfused = bool(trend and counts.get("events") and not store.incident_counts().get("incidents"))
    return render(request, "overview.html", counts=counts, chart=chart, dyads=dyads, unfused=unfused,
                  latest=store.events(EventFilter(limit=15)))


@router.get("/events", response_class=HTMLResponse)
def events(request: Request) -> HTMLResponse:
    raw = _raw_filters(request)
    try:
        filters = parse_filter(**raw)
        limit = _limit(request.query_params.get("limit"))
        cursor = request.query_params.get("cursor") or None
        decode_cursor(cursor)
        rows, next_cursor = _events_page(request.app.state.store, filters, limit, cursor)
    except DyadError as exc:
        return render(request, "events.html", status=422, raw=raw, error=exc.message, error_item=exc.item,
                      rows=[], next_cursor=None, query={})
    query = {**filter_query(filters), **({"limit": limit} if limit != PAGE_DEFAULT else {})}
    return render(request, "events.html", raw=raw, rows=rows, next_cursor=next_cursor, query=query,
                  error=None, first=cursor is None)


def _limit(value: str | None) -> int:
    if not value:
        return PAGE_DEFAULT
    from dyad.errors import QueryError

    if not value.isdigit() or not 1 <= int(value) <= PAGE_MAX:
        raise QueryError(f"{value!r} is not a page size; use 1 to {PAGE_MAX}", item="limit")
    return int(value)


def _min_count(value: str) -> int:
    if not value:
        return 1
    from dyad.errors import QueryError

    if not value.isdigit() or int(value) < 1:
        raise QueryError(f"{value!r} is not a number of reports; use 1 or more", item="min_count")
    return int(value)


@router.get("/dyads/{pair}", response_class=HTMLResponse)
def dyad_page(request: Request, pair: str) -> HTMLResponse:
    try:
        filters = parse_filter(dyad=pair, since=request.query_params.get("since"),
                               until=request.query_params.get("until"))
    except DyadError as exc:
        return error_page(request, 422, exc.message)
    assert filters.dyad is not None
    name = ":".join(filters.dyad)
    store = request.app.state.store
    trend = _facade("trend", store)
    window = {k: v.isoformat() for k, v in (("since", filters.since), ("until", filters.until)) if v}
    rows = trend(store, dyad=name, every="month", **window) if trend else None
    cursor = request.query_params.get("cursor") or None
    try:
        events, next_cursor = _events_page(store, filters, PAGE_DEFAULT, cursor)
    except DyadError as exc:
        return error_page(request, 422, exc.message)
    reverse = f"{filters.dyad[1]}:{filters.dyad[0]}"
    return render(request, "dyad.html", name=name, reverse=reverse, window=window,
                  chart=charts.stacked_bars(rows, title=f"{name} by month") if rows is not None else None,
                  intensity=charts.intensity_line(rows, title=f"{name} mean intensity") if rows is not None else None,
                  events=events, next_cursor=next_cursor, query=filter_query(filters))


@router.get("/actors/{code}", response_class=HTMLResponse)
def actor_page(request: Request, code: str) -> HTMLResponse:
    try:
        filters = parse_filter(actor=code)
    except DyadError as exc:
        return error_page(request, 422, exc.message)
    assert filters.actor is not None
    actor = filters.actor
    store = request.app.state.store
    trend = _facade("trend", store)
    as_source = charts.stacked_bars(trend(store, dyad=f"{actor}:*", every="month"),
                                    title=f"What {actor} did, by month") if trend else None
    as_target = charts.stacked_bars(trend(store, dyad=f"*:{actor}", every="month"),
                                    title=f"What was done to {actor}, by month") if trend else None
    cursor = request.query_params.get("cursor") or None
    try:
        events, next_cursor = _events_page(store, filters, PAGE_DEFAULT, cursor)
    except DyadError as exc:
        return error_page(request, 422, exc.message)
    return render(request, "actor.html", actor=actor, as_source=as_source, as_target=as_target,
                  events=events, next_cursor=next_cursor, query=filter_query(filters))


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: str) -> HTMLResponse:
    store = request.app.state.store
    rows = store.articles(article_id, with_text=True)
    if not rows:
        return error_page(request, 404, f"no article {article_id!r} in this store")
    article = rows[0]
    events = store.events_of(article_id)
    segments = charts.evidence_segments(article.get("text") or "", events)
    numbered = {e["event_id"]: s.number for s in segments for e in s.events}
    return render(request, "article.html", article=article, events=events, segments=segments,
                  numbered=numbered, links=store.links(article_id))


@router.get("/incidents", response_class=HTMLResponse)
def incidents_page(request: Request) -> HTMLResponse:
    function = _facade("incidents")
    raw = _raw_filters(request)
    store = request.app.state.store
    if function is None or not _reads_incidents(store):
        return render(request, "incidents.html", rows=None, raw=raw, error=None, next_cursor=None, query={},
                      backend=None if function is None else type(store).__name__)
    try:
        filters = parse_filter(**raw)
        cursor = request.query_params.get("cursor") or None
        where = page(PAGE_DEFAULT, cursor)
        found = function(store, **filter_query(filters), limit=where.offset + where.size + 1)
        rows, next_cursor = where.cut(list(found)[where.offset:])
    except DyadError as exc:
        return render(request, "incidents.html", status=422, rows=[], raw=raw, error=exc.message,
                      next_cursor=None, query={})
    return render(request, "incidents.html", rows=rows, raw=raw, error=None, next_cursor=next_cursor,
                  query=filter_query(filters), first=cursor is None)


def _reads_incidents(store: Any) -> bool:
    """Whether the store's backend can read incidents and trends (PostgreSQL cannot yet)."""
    return all(hasattr(store, name) for name in ("incidents", "iter_incidents", "incident", "article_day_counts"))


INCIDENT_FIELDS = (("type", "Type"), ("mode", "Mode"), ("date", "Date"), ("date_precision", "Date precision"),
                   ("modality", "Modality"), ("denied", "Denied by a report"), ("confidence", "Confidence"),
                   ("intensity", "Intensity"), ("mention_count", "Reports"), ("article_count", "Articles"),
                   ("outlet_count", "Outlets"), ("first_reported", "First reported"),
                   ("last_reported", "Last reported"))


@router.get("/incidents/{incident_id}", response_class=HTMLResponse)
def incident_page(request: Request, incident_id: str) -> HTMLResponse:
    """The incident with every report: its outlet, article (title and link to the evidence
    highlighted in the text), sentence with the trigger marked, date and how it was dated."""
    function = _facade("incident")
    store = request.app.state.store
    if function is None or not _reads_incidents(store):
        return error_page(request, 501, "incidents are not available in this build of dyad"
                          if function is None else f"this store's backend ({type(store).__name__}) cannot read "
                          "incidents yet")
    found = function(store, incident_id)
    if found is None:
        return error_page(request, 404, f"no incident {incident_id!r} in this store")
    titles = {}
    for article_id in dict.fromkeys(m.get("article_id") for m in found.get("mentions") or []):
        rows = store.articles(article_id) if article_id else []
        titles[article_id] = rows[0] if rows else {}
    reports = [{**m, "article": titles.get(m.get("article_id")) or {},
                "parts": _trigger_parts(str(m.get("sentence") or ""), str(m.get("trigger") or ""))}
               for m in found.get("mentions") or []]
    fields = [(label, found.get(key)) for key, label in INCIDENT_FIELDS if found.get(key) not in (None, "", [])]
    return render(request, "incident.html", incident=found, incident_id=incident_id, fields=fields,
                  reports=reports)


def _trigger_parts(sentence: str, trigger: str) -> tuple[str, str, str]:
    at = sentence.find(trigger) if trigger else -1
    if at < 0:
        return sentence, "", ""
    return sentence[:at], trigger, sentence[at + len(trigger):]


@router.get("/network", response_class=HTMLResponse)
def network_page(request: Request) -> HTMLResponse:
    function = _facade("network")
    raw = {k: request.query_params.get(k, "").strip() for k in ("since", "until", "min_count")}
    if function is None or not _reads_incidents(request.app.state.store):
        return render(request, "network.html", chart=None, raw=raw, error=None, graph=None)
    try:
        filters = parse_filter(since=raw["since"], until=raw["until"])
        min_count = _min_count(raw["min_count"])
        window = {k: v.isoformat() for k, v in (("since", filters.since), ("until", filters.until)) if v}
        graph = function(request.app.state.store, min_count=min_count, **window)
    except DyadError as exc:
        return render(request, "network.html", status=422, chart=None, raw=raw, error=exc.message, graph=None)
    return render(request, "network.html", chart=charts.network(graph), raw=raw, error=None, graph=graph)
