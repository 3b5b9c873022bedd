"""The JSON API: every endpoint, its validation (422 naming the parameter), paging, downloads,
the 501 of analytics that are not installed, and errors that never carry a trace."""

from __future__ import annotations

import io
import sys

import pytest

from tests.web.conftest import FUSED_REPORTS, HOSTILE_ID, fused_incident


def error_of(response, status: int) -> dict:
    assert response.status_code == status, response.text
    body = response.json()["error"]
    assert "Traceback" not in response.text
    return body


def test_events_page_is_event_schema_records_newest_first(client, read_store):
    body = client.get("/api/events", params={"limit": 5}).json()
    assert len(body["events"]) == 5 and body["limit"] == 5
    assert body["events"] == read_store.events(__import__("dyad").parse_filter(limit=5))
    assert {"event_id", "article_id", "type", "quad_class", "evidence", "source", "target"} <= set(body["events"][0])


def test_cursor_walks_every_event_once(client, read_store):
    seen, cursor, pages = [], None, 0
    while True:
        body = client.get("/api/events", params={"limit": 7, **({"cursor": cursor} if cursor else {})}).json()
        seen += [e["event_id"] for e in body["events"]]
        pages += 1
        cursor = body["next_cursor"]
        if cursor is None:
            break
    total = read_store.counts()["events"]
    assert len(seen) == len(set(seen)) == total and pages == -(-total // 7)


def test_filters_apply(client):
    body = client.get("/api/events", params={"actor": "rus", "limit": 500}).json()
    assert body["events"] and all("RUS" in ((e["source"] or {}).get("country"), (e["target"] or {}).get("country"))
                                  for e in body["events"])
    only = client.get("/api/events", params={"type": "ACCUSE", "limit": 500}).json()["events"]
    assert only and {e["type"] for e in only} == {"ACCUSE"}


@pytest.mark.parametrize(("params", "item"), [
    ({"since": "2024-13"}, "since"), ({"until": "yesterday"}, "until"), ({"type": "PARTY"}, "type"),
    ({"actor": "Russia"}, "actor"), ({"dyad": "RUS-UKR"}, "dyad"), ({"modality": "maybe"}, "modality"),
    ({"limit": "0"}, "limit"), ({"limit": "501"}, "limit"), ({"limit": "ten"}, "limit"),
    ({"cursor": "not-a-cursor"}, "cursor"), ({"format": "xlsx"}, "format"),
    ({"since": "2024-06", "until": "2024-01"}, "since"),
])
def test_bad_parameters_are_422_naming_the_parameter(client, params, item):
    body = error_of(client.get("/api/events", params=params), 422)
    assert body["item"] == item and body["code"] == "E401" and body["message"]


def test_too_deep_cursor_is_refused(client):
    from dyad.web.params import MAX_OFFSET, encode_cursor

    body = error_of(client.get("/api/events", params={"cursor": encode_cursor(MAX_OFFSET + 1)}), 422)
    assert "CSV or Parquet" in body["message"]


def test_csv_download_has_every_match(client, read_store):
    response = client.get("/api/events", params={"format": "csv", "actor": "RUS"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    lines = response.text.strip().split("\r\n")
    from dyad.export import FLAT_COLUMNS

    assert lines[0].split(",") == list(FLAT_COLUMNS)
    assert len(lines) - 1 == len(read_store.events(__import__("dyad").parse_filter(actor="RUS")))


def test_parquet_download_reads_back(client, read_store):
    import pyarrow.parquet as pq

    response = client.get("/api/events", params={"format": "parquet"})
    assert response.status_code == 200
    table = pq.read_table(io.BytesIO(response.content))
    assert table.num_rows == read_store.counts()["events"]


def test_article_with_text_events_and_links(client):
    body = client.get(f"/api/articles/{HOSTILE_ID}").json()
    assert body["article"]["text"].startswith("Russia accused Ukraine")
    assert body["events"] and all(e["article_id"] == HOSTILE_ID for e in body["events"])
    assert body["links"][0]["article_id"] == HOSTILE_ID


def test_unknown_article_is_404(client):
    assert "no article" in error_of(client.get("/api/articles/nope"), 404)["message"]


def test_failures_and_stats(client, read_store):
    failures = client.get("/api/failures").json()
    assert failures["failures"] == read_store.failures()[:50] and failures["next_cursor"] is None
    stats = client.get("/api/stats").json()
    assert stats["counts"] == read_store.counts()
    assert stats["read_only"] is True and stats["ingest_enabled"] is False


@pytest.mark.parametrize("path", ["/api/trend", "/api/network", "/api/top", "/api/incidents",
                                  "/api/incidents/x"])
def test_analytics_missing_from_the_build_is_501(client, monkeypatch, path):
    import dyad.api

    for name in ("trend", "network", "top", "incidents", "incident"):
        monkeypatch.delattr(dyad.api, name, raising=False)
    body = error_of(client.get(path), 501)
    assert "dyad.api." in body["message"]


@pytest.fixture
def spy(monkeypatch) -> list[str]:
    """The real analytics functions of dyad.api, wrapped to record that they were called."""
    import dyad.api

    calls: list[str] = []
    for name in ("trend", "network", "top", "incidents", "incident"):
        real = getattr(dyad.api, name)

        def wrapped(*args, _name=name, _real=real, **kwargs):
            calls.append(_name)
            return _real(*args, **kwargs)

        monkeypatch.setattr(dyad.api, name, wrapped)
    return calls


def test_trend_counts_incidents_and_tells_unread_periods_from_quiet_ones(client):
    window = {"dyad": "VEN:GUY", "every": "month", "since": "2024-09", "until": "2025-01"}
    rows = client.get("/api/trend", params=window).json()["rows"]
    assert [r["period"] for r in rows] == ["2024-09", "2024-10", "2024-11", "2024-12", "2025-01"]
    october = rows[1]
    assert (october["type"], october["quad_class"], october["count"]) == ("ASSAULT", 4, 1)  # two reports, one act
    assert october["mean_intensity"] < 0
    assert rows[0]["count"] == 0 and rows[0]["type"] is None  # articles were read that month: a quiet month
    assert rows[3]["count"] is None and rows[4]["count"] is None  # no article stored: unknown, not zero
    events = client.get("/api/trend", params={**window, "unit": "event"}).json()["rows"]
    assert events[1]["count"] == 2


def test_trend_wildcard_sides_match_the_records(client, read_store):
    from dyad.query import parse_filter

    def total(dyad: str) -> int:
        rows = client.get("/api/trend", params={"dyad": dyad, "every": "year"}).json()["rows"]
        return sum(r["count"] or 0 for r in rows)

    def dated(dyad: str) -> int:
        return sum(1 for i in read_store.iter_incidents(parse_filter(dyad=dyad)) if i["date"])

    assert total("*:*") == dated("*:*") == total("") > total("RUS:*") > 0
    assert total("RUS:*") == dated("RUS:*") and total("*:RUS") == dated("*:RUS") > 0
    assert total("*:*") >= total("RUS:*") + total("*:RUS") - total("RUS:RUS")


def test_network_edges_are_signed_and_weighted(client):
    graph = client.get("/api/network").json()
    edge = next(e for e in graph["edges"] if (e["source"], e["target"]) == ("VEN", "GUY"))
    assert edge == {"source": "VEN", "target": "GUY", "count": 1, "cooperation": 0, "conflict": 1, "sign": -1.0,
                    "mean_intensity": edge["mean_intensity"]} and edge["mean_intensity"] < 0
    nodes = {n["id"]: n for n in graph["nodes"]}
    assert {"VEN", "GUY"} <= set(nodes) and nodes["VEN"]["label"] == "VEN" and nodes["VEN"]["count"] >= 1
    assert client.get("/api/network", params={"unit": "event"}).json()["edges"] != graph["edges"]
    heavy = client.get("/api/network", params={"min_count": 2}).json()["edges"]
    assert heavy and all(e["count"] >= 2 for e in heavy) and len(heavy) < len(graph["edges"])
    conflict = client.get("/api/network", params={"quad": 4}).json()["edges"]
    assert conflict and all(e["cooperation"] == 0 for e in conflict)


def test_top_ranks_dyads_actors_types_and_months(client):
    rows = client.get("/api/top", params={"by": "dyad", "limit": 3}).json()["rows"]
    assert 0 < len(rows) <= 3 and set(rows[0]) == {"key", "count", "cooperation", "conflict", "mean_intensity"}
    assert [r["count"] for r in rows] == sorted((r["count"] for r in rows), reverse=True)
    ven = client.get("/api/top", params={"by": "dyad", "actor": "VEN"}).json()["rows"]
    assert ven == [{"key": "VEN:GUY", "count": 1, "cooperation": 0, "conflict": 1,
                    "mean_intensity": ven[0]["mean_intensity"]}]
    assert client.get("/api/top", params={"by": "month", "dyad": "VEN:GUY"}).json()["rows"][0]["key"] == "2024-10"
    assert client.get("/api/top", params={"by": "actor", "unit": "event", "actor": "VEN"}).json()["rows"][0] \
        ["count"] == 2


@pytest.mark.parametrize(("path", "params", "item"), [
    ("/api/trend", {"every": "fortnight"}, "every"), ("/api/trend", {"dyad": "X"}, "dyad"),
    ("/api/trend", {"since": "2024-02-30"}, "since"), ("/api/network", {"min_count": "0"}, "min_count"),
    ("/api/network", {"until": "soon"}, "until"), ("/api/top", {"by": "colour"}, "by"),
    ("/api/top", {"limit": "100000"}, "limit"), ("/api/incidents", {"type": "NOPE"}, "type"),
    ("/api/trend", {"unit": "article"}, "unit"), ("/api/trend", {"quad": "5"}, "quad"),
    ("/api/network", {"sector": "G0V"}, "sector"), ("/api/incidents", {"limit": "0"}, "limit"),
])
def test_analytics_parameters_are_validated(client, spy, path, params, item):
    assert error_of(client.get(path, params=params), 422)["item"] == item
    assert not spy  # rejected before the facade was called


def test_incidents_page_through_and_one_incident_has_all_its_reports(client, read_store):
    seen, cursor = [], None
    while True:
        body = client.get("/api/incidents", params={"limit": 7, **({"cursor": cursor} if cursor else {})}).json()
        seen += [i["incident_id"] for i in body["incidents"]]
        if not (cursor := body["next_cursor"]):
            break
    assert len(seen) == len(set(seen)) == read_store.incident_counts()["incidents"]
    only = client.get("/api/incidents", params={"dyad": "VEN:*", "type": "ASSAULT"}).json()["incidents"]
    fused = fused_incident(read_store)
    assert fused["incident_id"] in {i["incident_id"] for i in only}
    body = client.get(f"/api/incidents/{fused['incident_id']}").json()
    assert body == fused and body["article_count"] == 2 and len(body["outlets"]) == 2
    assert {m["article_id"] for m in body["mentions"]} == {r["id"] for r in FUSED_REPORTS}
    assert all(m["sentence"] and m["trigger"] in m["sentence"] for m in body["mentions"])
    assert set(body["event_ids"]) == {m["event_id"] for m in body["mentions"]}
    assert error_of(client.get("/api/incidents/i_nope"), 404)["message"].startswith("no incident")


def test_resolve_answers_a_name(client):
    body = client.get("/api/actors/resolve", params={"text": "Russia", "date": "2024-05-01"}).json()
    assert body["country"] == "RUS"
    assert error_of(client.get("/api/actors/resolve", params={"text": "Russia", "date": "someday"}), 422)["item"] \
        == "date"
    assert error_of(client.get("/api/actors/resolve"), 422)["item"] == "text"


def test_unexpected_error_is_500_without_trace(client, monkeypatch, read_store):
    def broken(*args, **kwargs):
        raise RuntimeError("secret internals /etc/passwd")

    monkeypatch.setattr(type(read_store), "counts", broken)
    response = client.get("/api/stats")
    body = error_of(response, 500)
    assert body["code"] == "E900" and "secret" not in response.text
    page = client.get("/")
    assert page.status_code == 500 and "secret" not in page.text and "Traceback" not in page.text


def test_store_error_is_503(client, monkeypatch, read_store):
    from dyad.errors import StoreError

    def down(*args, **kwargs):
        raise StoreError("could not read the store", item="x.duckdb")

    monkeypatch.setattr(type(read_store), "failures", down)
    assert error_of(client.get("/api/failures"), 503)["code"] == "E400"


def test_cors_is_off_and_headers_are_safe(client):
    response = client.get("/api/stats", headers={"Origin": "https://elsewhere.example"})
    assert "access-control-allow-origin" not in response.headers
    preflight = client.options("/api/events", headers={"Origin": "https://elsewhere.example",
                                                       "Access-Control-Request-Method": "GET"})
    assert "access-control-allow-origin" not in preflight.headers
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "script-src 'self'" in client.get("/").headers["content-security-policy"]


def test_openapi_documents_every_endpoint_with_examples(client):
    spec = client.get("/openapi.json").json()
    for path in ("/api/events", "/api/incidents", "/api/articles/{article_id}", "/api/actors/resolve",
                 "/api/trend", "/api/network", "/api/top", "/api/failures", "/api/stats", "/api/ingest"):
        assert path in spec["paths"], path
    params = {p["name"]: p for p in spec["paths"]["/api/events"]["get"]["parameters"]}
    assert params["dyad"]["schema"].get("examples") or params["dyad"].get("examples")
    ingest = spec["paths"]["/api/ingest"]["post"]
    assert set(ingest["requestBody"]["content"]) == {"application/json", "multipart/form-data"}
    assert ingest["requestBody"]["content"]["application/json"]["examples"]
    assert not any(p.startswith("/docs") for p in spec["paths"]) and client.get("/docs").status_code == 404


def test_reading_never_loads_spacy(sample_db):
    """In a fresh interpreter: import the app, serve every read endpoint and page; spaCy stays out."""
    import subprocess

    script = f"""
import sys
from fastapi.testclient import TestClient
from dyad.web import create_app
client = TestClient(create_app({str(sample_db)!r}, read_only=True))
for url in ["/", "/events?actor=RUS", "/api/events", "/api/events?format=csv", "/api/stats",
            "/api/failures", "/api/articles/{HOSTILE_ID}", "/articles/{HOSTILE_ID}", "/actors/RUS",
            "/dyads/RUS:UKR", "/network", "/incidents", "/openapi.json"]:
    assert client.get(url).status_code < 500, url
print("spacy" in sys.modules, "dyad.flow" in sys.modules)
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.split() == ["False", "False"]


@pytest.mark.parametrize(("path", "needle"), [
    ("/events?type=NOPE", "type"), ("/events?limit=0", "limit"), ("/events?cursor=zz", "cursor"),
    ("/network?min_count=-1", "number of reports"), ("/network?since=2024-99", "not a valid date"),
    ("/incidents?dyad=bad", "dyad"), ("/dyads/USA-IRN", "not a dyad"), ("/actors/usa1", "3-letter"),
])
def test_bad_page_parameters_are_422_pages_naming_the_problem(client, path, needle):
    response = client.get(path)
    assert response.status_code == 422 and response.headers["content-type"].startswith("text/html")
    assert needle in response.text


def test_pages_without_analytics_say_what_is_missing(client, monkeypatch):
    import dyad.api

    for name in ("trend", "network", "top", "incidents", "incident"):
        monkeypatch.delattr(dyad.api, name, raising=False)
    for path, name in (("/", "trend"), ("/network", "network"), ("/incidents", "incidents"),
                       ("/dyads/RUS:UKR", "trend"), ("/actors/RUS", "trend")):
        response = client.get(path)
        assert response.status_code == 200 and f"dyad.api.{name}</code>" in response.text, path
    assert client.get("/incidents/x").status_code == 501


def test_article_page_escapes_untrusted_text(client):
    html = client.get(f"/articles/{HOSTILE_ID}").text
    assert "<script>window.__xss" not in html and "<img src=x" not in html
    assert "&lt;script&gt;window.__xss = 1&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=" in html
    assert html.count('<mark class="evidence') >= 2


def test_shared_urls_keep_filters(client):
    html = client.get("/events", params={"actor": "rus", "type": "accuse", "since": "2024"}).text
    assert 'value="rus"' in html and "<option selected>ACCUSE</option>" in html
    assert "/api/events?actor=RUS&amp;type=ACCUSE&amp;since=2024-01-01&amp;format=csv" in html


def test_pages_show_the_real_analytics(client, read_store):
    import re

    overview = client.get("/").text
    assert re.search(r'<a href="/dyads/[A-Z]{3}:[A-Z]{3}">[A-Z]{3}:[A-Z]{3}</a>', overview)  # top dyads by key
    assert "<rect x=" in overview and 'class="unread"' in overview  # bars, and months nothing was read from
    dyad_page = client.get("/dyads/VEN:GUY").text
    assert "2024-10: 1 material conflict" in dyad_page and dyad_page.count('class="dot"') == 1
    actor = client.get("/actors/RUS").text
    assert "What RUS did, by month" in actor and actor.count("<rect x=") >= 2
    network = client.get("/network").text
    assert 'class="edge conflict"' in network and "<td>VEN</td>" not in network
    assert '<a href="/dyads/VEN:GUY">1</a></td><td>0</td><td>1</td>' in network
    incidents = client.get("/incidents", params={"dyad": "VEN:GUY"}).text
    fused = fused_incident(read_store)
    assert f'href="/incidents/{fused["incident_id"]}"' in incidents and "2 in 2 articles" in incidents


def test_incident_page_has_every_report_linked_to_its_evidence(client, read_store):
    fused = fused_incident(read_store)
    html = client.get(f"/incidents/{fused['incident_id']}").text
    assert "Reports (2)" in html and "Harbour Times" in html and "Island Post" in html
    for report in FUSED_REPORTS:
        assert report["title"] in html
    for mention in fused["mentions"]:
        assert f'href="/articles/{mention["article_id"]}#ev-{mention["event_id"]}"' in html
        assert f'<b class="trigger">{mention["trigger"]}</b>' in html
        article = client.get(f"/articles/{mention['article_id']}").text
        assert f'<span id="ev-{mention["event_id"]}"></span>' in article
    assert client.get("/incidents/i_nope").status_code == 404


def test_overview_of_a_store_without_incidents_says_how_to_build_them(tmp_path):
    from fastapi.testclient import TestClient

    from dyad.store import open_store
    from dyad.web import create_app
    from tests.test_store_backends import fill

    path = tmp_path / "unfused.duckdb"
    with open_store(path) as store:
        fill(store)  # events stored without the incident stage, as in a store from before incidents
    with TestClient(create_app(str(path), read_only=True)) as client:
        html = client.get("/").text
    assert "dyad incidents rebuild" in html and "No counts for this selection." in html
