"""POST /api/ingest: off without a token or with --read-only, constant-time token check,
text / JSONL upload / URL, the body size limit, and URLs only to public addresses (no SSRF)."""

from __future__ import annotations

import json

import httpx
import pytest

from dyad.errors import InputError
from dyad.web.fetch import PublicOnlyTransport, check_public_url, refusal

TOKEN = "s3cret-token-for-tests"
STORY = ("Germany and France signed a trade agreement in Berlin on Tuesday, officials said.\n\n"
         "The German chancellor praised the French president for the deal.")


@pytest.fixture
def writer(db_copy):
    from fastapi.testclient import TestClient

    from dyad.web import create_app

    with TestClient(create_app(str(db_copy), token=TOKEN, max_body_bytes=64 * 1024),
                    raise_server_exceptions=False) as c:
        yield c


def auth(token: str = TOKEN) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_ingest_is_off_without_a_token(db_copy, monkeypatch):
    from fastapi.testclient import TestClient

    from dyad.web import create_app

    monkeypatch.delenv("DYAD_API_TOKEN", raising=False)
    with TestClient(create_app(str(db_copy))) as c:
        response = c.post("/api/ingest", json={"text": STORY}, headers=auth())
        assert response.status_code == 403 and "DYAD_API_TOKEN" in response.json()["error"]["message"]
        assert c.get("/api/stats").json()["ingest_enabled"] is False


def test_ingest_is_off_when_read_only_even_with_a_token(db_copy):
    from fastapi.testclient import TestClient

    from dyad.web import create_app

    with TestClient(create_app(str(db_copy), read_only=True, token=TOKEN)) as c:
        response = c.post("/api/ingest", json={"text": STORY}, headers=auth())
        assert response.status_code == 403 and "--read-only" in response.json()["error"]["message"]


@pytest.mark.parametrize("headers", [{}, auth("wrong"), {"Authorization": TOKEN}, auth(TOKEN + "x"),
                                     {"Authorization": "Basic " + TOKEN}])
def test_wrong_or_missing_token_is_401(writer, headers):
    response = writer.post("/api/ingest", json={"text": STORY}, headers=headers)
    assert response.status_code == 401 and response.headers["www-authenticate"] == "Bearer"


def test_token_comparison_is_constant_time():
    import inspect

    from dyad.web import routes

    assert "hmac.compare_digest" in inspect.getsource(routes._authorise)


def test_text_is_stored_and_answered_with_id_and_events(writer):
    response = writer.post("/api/ingest", json={"text": STORY, "title": "Trade deal", "date": "2024-05-14"},
                           headers=auth())
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["stored"] == 1 and body["article_id"]
    assert body["events"] and {e["article_id"] for e in body["events"]} == {body["article_id"]}
    assert writer.get(f"/api/articles/{body['article_id']}").json()["article"]["title"] == "Trade deal"
    again = writer.post("/api/ingest", json={"text": STORY, "title": "Trade deal", "date": "2024-05-14"},
                        headers=auth()).json()
    assert again["stored"] == 0 and again["duplicates"] == 1 and again["article_id"] == body["article_id"]


def test_file_upload_of_jsonl(writer):
    lines = "".join(json.dumps({"id": f"upload-{i}", "title": f"Story {i}", "date": "2024-02-0" + str(i + 1),
                                "text": STORY.replace("Tuesday", day)}) + "\n"
                    for i, day in enumerate(["Monday", "Wednesday"]))
    response = writer.post("/api/ingest", files={"file": ("batch.jsonl", lines.encode(), "application/x-ndjson")},
                           headers=auth())
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["read"] == 2 and {a["article_id"] for a in body["articles"]} <= {"upload-0", "upload-1"}


@pytest.mark.parametrize(("kwargs", "status", "item"), [
    ({"json": {}}, 422, "text"),
    ({"json": {"text": "   "}}, 422, "text"),
    ({"content": b"{not json", "headers": {"Content-Type": "application/json"}}, 422, "body"),
    ({"content": b"[1, 2]", "headers": {"Content-Type": "application/json"}}, 422, "body"),
    ({"content": b"text", "headers": {"Content-Type": "text/plain"}}, 422, "content-type"),
    ({"files": {"other": ("a.txt", b"x")}}, 422, "file"),
    ({"json": {"text": 5}}, 422, "body"),
])
def test_bad_ingest_requests_are_422(writer, kwargs, status, item):
    headers = {**auth(), **kwargs.pop("headers", {})}
    response = writer.post("/api/ingest", headers=headers, **kwargs)
    assert response.status_code == status, response.text
    assert response.json()["error"]["item"] == item


def test_body_over_the_limit_is_413(writer):
    big = "x" * (70 * 1024)
    response = writer.post("/api/ingest", json={"text": big}, headers=auth())
    assert response.status_code == 413 and response.json()["error"]["item"] == "body"

    def chunks():  # no Content-Length: counted while it streams
        for _ in range(70):
            yield b"y" * 1024

    response = writer.post("/api/ingest", content=chunks(), headers={**auth(), "Content-Type": "application/json"})
    assert response.status_code == 413


@pytest.mark.parametrize("url", [
    "http://127.0.0.1/", "http://localhost:8000/api/stats", "http://[::1]/", "http://10.1.2.3/",
    "http://192.168.0.1/", "http://172.16.5.4/", "http://169.254.169.254/latest/meta-data/",
    "http://[::ffff:127.0.0.1]/", "http://0.0.0.0/", "http://[fe80::1]/", "http://100.64.0.1/",
    "file:///etc/passwd", "ftp://example.org/x", "gopher://example.org/", "http:///nohost",
])
def test_urls_to_non_public_addresses_are_refused(writer, url):
    response = writer.post("/api/ingest", json={"url": url}, headers=auth())
    assert response.status_code == 422, response.text
    assert response.json()["error"]["item"] == "url"


def fake_dns(table: dict[str, list[str]]):
    def resolve(host: str, port: int) -> list[str]:
        if host in table:
            return table[host]
        raise InputError(f"cannot resolve host {host!r}", item="url")
    return resolve


def test_refusal_reasons():
    assert refusal("93.184.216.34") is None
    assert refusal("2606:2800:220:1:248:1893:25c8:1946") is None
    assert refusal("127.0.0.5") == "a loopback address"
    assert refusal("10.0.0.1") == "a private address"
    assert refusal("::ffff:10.0.0.1") == "a private address"
    assert refusal("169.254.169.254") is not None and refusal("224.0.0.1") is not None


def test_a_name_resolving_to_a_private_address_is_refused():
    with pytest.raises(InputError, match="resolves to 10.0.0.7, a private address"):
        check_public_url("https://intranet.example.org/", fake_dns({"intranet.example.org": ["10.0.0.7"]}))
    with pytest.raises(InputError, match="127.0.0.1"):  # any one bad address is enough
        check_public_url("https://mixed.example.org/",
                         fake_dns({"mixed.example.org": ["93.184.216.34", "127.0.0.1"]}))


def test_a_redirect_to_a_private_address_is_refused_at_the_hop(db_copy):
    """A public page that redirects to 127.0.0.1: the transport refuses the second request."""
    import dyad.api
    from dyad.store import open_store

    requests: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(str(request.url))
        if request.url.host == "news.example.org":
            return httpx.Response(302, headers={"Location": "http://internal.example.org/admin"})
        return httpx.Response(200, text="secret", headers={"Content-Type": "text/plain"})

    dns = fake_dns({"news.example.org": ["93.184.216.34"], "internal.example.org": ["127.0.0.1"]})
    http = httpx.Client(transport=PublicOnlyTransport(httpx.MockTransport(handler), dns))
    with open_store(db_copy) as store:
        report = dyad.api.ingest_url(store, "http://news.example.org/story", http=http, retries=0)
    assert requests == ["http://news.example.org/story"]  # the private hop was never sent
    assert report["read"] == 0 and report["failed"] == 1
    assert "127.0.0.1, a loopback address" in report["failures"][0]


def test_a_public_page_is_fetched_and_ingested(db_copy):
    import dyad.api
    from dyad.store import open_store

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, text=STORY, headers={"Content-Type": "text/plain"})

    http = httpx.Client(transport=PublicOnlyTransport(httpx.MockTransport(handler),
                                                      fake_dns({"news.example.org": ["93.184.216.34"]})))
    with open_store(db_copy) as store:
        report = dyad.api.ingest_url(store, "https://news.example.org/trade.txt", http=http)
    assert report["stored"] == 1 and report["articles"][0]["events"]


def test_ingest_route_fetches_through_the_guarded_client(writer, monkeypatch):
    """The route builds its client with `public_client`; swap in one on a mock network."""
    from dyad.web import fetch, routes

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, text=STORY.replace("Berlin", "Paris"), headers={"Content-Type": "text/plain"})

    dns = fake_dns({"news.example.org": ["93.184.216.34"]})
    monkeypatch.setattr(fetch, "system_resolver", dns)
    monkeypatch.setattr(routes, "_guarded_client",
                        lambda: httpx.Client(transport=PublicOnlyTransport(httpx.MockTransport(handler), dns)))
    response = writer.post("/api/ingest", json={"url": "https://news.example.org/paris.txt"}, headers=auth())
    assert response.status_code == 200, response.text
    assert response.json()["stored"] == 1 and response.json()["events"]
