"""URLs: fetch with retries, caps and clear failures; pages, feeds and data files; URL lists.

A local HTTP server in a background thread stands in for the web, so no test touches the
network; it counts requests per path (with query) so retries can be checked from its side.
The HTML extractor and the feed reader are stubbed so these tests check url.py alone; the last
tests run the real ones when they are installed.
"""

from __future__ import annotations

import importlib.util
import re
import socket
import sys
import threading
import time
import types
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from dyad.errors import EmptyInput, InputError
from dyad.models import Failure, RawDocument
from dyad.sources import iter_documents
from dyad.sources import url as url_module
from dyad.sources.options import ReadOptions
from dyad.sources.url import fetch, fetch_page, read_url, read_url_list

FAST = ReadOptions(timeout=0.5, retries=1, backoff=0.01, max_bytes=20 * 1024, user_agent="dyad-test/1.0")

PARAGRAPHS = {
    "article1": ["The foreign ministers of Kenya and Ethiopia met in Nairobi on Tuesday to discuss the "
                 "disputed border, officials said after the talks ended late in the evening.",
                 "Both delegations agreed to set up a joint commission that will report within three months "
                 "on water rights, grazing land and the return of displaced families to the region."],
    "article2": ["Police in Santiago fired tear gas at thousands of students who marched on the presidential "
                 "palace on Friday to demand free university tuition, witnesses said.",
                 "The education minister called the protest unacceptable and said the government would not "
                 "negotiate while the occupation of several campuses continued into a third week."],
}
TITLES = {"article1": "Kenya and Ethiopia agree on border commission",
          "article2": "Chilean police fire tear gas at student march"}


def _page(name: str) -> bytes:
    body = "".join(f"<p>{p}</p>\n" for p in PARAGRAPHS[name])
    return (f"<!DOCTYPE html><html><head><title>{TITLES[name]}</title></head><body>"
            f"<nav><a href='/'>Home</a></nav><article><h1>{TITLES[name]}</h1>\n{body}</article>"
            "<footer>Copyright News Corp</footer></body></html>").encode()


def _feed(base: str) -> bytes:
    items = "".join(
        f"<item><title>{TITLES[n]}</title><link>{base}/{n}.html</link>"
        f"<description>{PARAGRAPHS[n][0]}</description>"
        "<pubDate>Tue, 14 May 2024 10:00:00 GMT</pubDate></item>" for n in ("article1", "article2"))
    return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Test News</title>'
            f"<link>{base}/</link><description>Tests</description>{items}</channel></rss>").encode()


class Handler(BaseHTTPRequestHandler):
    server: LocalServer

    def log_message(self, *args: object) -> None:  # keep pytest output clean
        pass

    def _send(self, status: int, body: bytes = b"", ctype: str = "text/html; charset=utf-8",
              headers: dict[str, str] | None = None, length: bool = True) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if length:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: C901 - one branch per endpoint reads best here
        state = self.server
        with state.lock:
            state.hits[self.path] += 1
            hits = state.hits[self.path]
            state.agents.append(self.headers.get("User-Agent", ""))
        path = self.path.split("?", 1)[0]
        base = f"http://127.0.0.1:{state.server_address[1]}"
        try:
            if path in ("/article1.html", "/article2.html"):
                self._send(200, _page(path[1:-5]))
            elif path == "/feed.xml":
                self._send(200, _feed(base), "application/rss+xml; charset=utf-8")
            elif path == "/feed-as-text":  # a misconfigured server: the body says what it is
                self._send(200, _feed(base), "text/plain")
            elif path == "/story.txt":
                self._send(200, b"Headline\nOutlet\nMay 1, 2024\nBody text here.\n", "text/plain; charset=utf-8")
            elif path == "/data.jsonl":
                self._send(200, b'{"id": "1", "text": "Body one.", "url": "https://a.example/1"}\n'
                                b'{"id": "2", "text": "Body two."}\n', "application/x-ndjson")
            elif path == "/moved":
                self._send(301, headers={"Location": "/article1.html"})
            elif path == "/moved-endless":  # a redirect with a body that never ends
                self._send(302, headers={"Location": "/article1.html"}, length=False)
                for _ in range(200):
                    if state.stop.wait(0.02):
                        break
                    self.wfile.write(b"z" * 100_000)
            elif path == "/loop":

                self._send(302, headers={"Location": "/loop"})
            elif path == "/missing":
                self._send(404, b"<html>nope</html>")
            elif path == "/slow":
                state.stop.wait(3)
                self._send(200, _page("article1"))
            elif path == "/drip":  # headers at once, then a byte at a time: per-read timeouts never fire
                self._send(200, b"", "text/plain", length=False)
                for _ in range(30):
                    if state.stop.wait(0.1):
                        break
                    self.wfile.write(b"x")
                    self.wfile.flush()
            elif path == "/big":
                self._send(200, b"x" * 50_000, "text/plain")
            elif path == "/big-stream":  # no Content-Length: only counting while streaming catches it
                self._send(200, b"", "text/plain", length=False)
                for _ in range(50):
                    self.wfile.write(b"y" * 1000)
            elif path == "/flaky":
                if hits == 1:
                    self._send(503, b"busy")
                else:
                    self._send(200, b"Headline\nOutlet\nMay 1, 2024\nBody text here.\n", "text/plain")
            elif path == "/down":
                self._send(503, b"busy")
            elif path == "/limited":
                if hits == 1:
                    self._send(429, b"slow down", headers={"Retry-After": "2"})
                else:
                    self._send(200, _page("article2"))
            elif path == "/banned":
                self._send(429, b"slow down", headers={"Retry-After": "3600"})
            elif path == "/paper.pdf":
                self._send(200, b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "application/pdf")
            elif path == "/empty":
                self._send(200, b"")
            else:
                self._send(404, b"")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up first, as the timeout tests intend


class LocalServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.hits: Counter[str] = Counter()
        self.agents: list[str] = []
        self.lock = threading.Lock()
        self.stop = threading.Event()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}{path}"


@pytest.fixture(scope="module")
def server() -> Iterator[LocalServer]:
    srv = LocalServer()
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv
    srv.stop.set()
    srv.shutdown()
    srv.server_close()


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """httpx honours proxy variables; the local server must be reached directly."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)


def _fake_extract_html(data: bytes, *, origin: str, url: str | None = None,
                       position: int | None = None) -> RawDocument:
    text = data.decode("utf-8", "replace")
    paragraphs = re.findall(r"<p>(.*?)</p>", text, re.S)
    if not paragraphs:
        raise EmptyInput("no article text in the page", item=origin)
    title = re.search(r"<title>(.*?)</title>", text, re.S)
    return RawDocument(origin=origin, text="\n\n".join(paragraphs), position=position, url=url,
                       title=title.group(1) if title else None)


def _fake_read_feed(stream, origin: str, options: ReadOptions) -> Iterator[RawDocument | Failure]:
    items = re.findall(r"<item>(.*?)</item>", stream.read().decode(), re.S)
    for number, item in enumerate(items, start=1):
        title, link, summary = (re.search(f"<{tag}>(.*?)</{tag}>", item, re.S).group(1)
                                for tag in ("title", "link", "description"))
        if options.follow_links:
            try:
                yield replace_position(fetch_page(link, options), number)
            except InputError as exc:
                yield Failure(origin, exc.message, number)
        else:
            yield RawDocument(origin=origin, text=summary, position=number, title=title, url=link)


def replace_position(doc: RawDocument, position: int) -> RawDocument:
    from dataclasses import replace

    return replace(doc, position=position)


@pytest.fixture
def fakes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Stand-ins for html.py and feeds.py, which other modules provide."""
    html = types.ModuleType("dyad.sources.html")
    html.extract_html = _fake_extract_html  # type: ignore[attr-defined]
    feeds = types.ModuleType("dyad.sources.feeds")
    feeds.read_feed = _fake_read_feed  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "dyad.sources.html", html)
    monkeypatch.setitem(sys.modules, "dyad.sources.feeds", feeds)


def _one_failure(items: list) -> Failure:
    assert len(items) == 1 and isinstance(items[0], Failure), items
    return items[0]


# -- fetch ----------------------------------------------------------------------------------------

def test_fetch_follows_redirects_and_sends_the_user_agent(server):
    fetched = fetch(server.url("/moved"), FAST)
    assert fetched.final_url == server.url("/article1.html")
    assert fetched.status == 200 and fetched.content_type == "text/html"
    assert fetched.headers["content-type"].startswith("text/html")
    assert b"Nairobi" in fetched.content
    assert server.agents[-1] == "dyad-test/1.0"


@pytest.mark.parametrize(("path", "reason", "hits"), [
    ("/missing", "HTTP 404 Not Found", 1),                              # 4xx is never retried
    ("/down", "HTTP 503 Service Unavailable (2 attempts)", 2),
    ("/banned", "HTTP 429 Too Many Requests (server asks to wait 3600 s)", 1),
    ("/slow", "timed out after 0.5 s (2 attempts)", 2),
    ("/drip", "timed out after 0.5 s (2 attempts)", 2),               # total deadline per attempt
    ("/big", "response is over 20 KB", 1),                           # Content-Length, before reading
    ("/big-stream", "response is over 20 KB", 1),                   # counted while streaming
    ("/loop", "too many redirects (over 5)", 6),
    ("/paper.pdf", "unsupported content type application/pdf", 1),
    ("/empty", "empty response (HTTP 200 OK)", 1),
])
def test_each_failure_is_one_failure_with_a_one_line_reason(server, fakes, path, reason, hits):
    before = server.hits[path]
    started = time.monotonic()
    failure = _one_failure(list(read_url(server.url(path), FAST)))
    assert failure.reason == reason and "\n" not in failure.reason
    assert failure.origin == server.url(path) and failure.stage == "read"
    assert server.hits[path] - before == hits
    assert time.monotonic() - started < 3


def test_fetch_raises_input_errors(server):
    with pytest.raises(InputError, match="HTTP 404 Not Found"):
        fetch(server.url("/missing"), FAST)
    with pytest.raises(InputError, match=r"too many redirects \(over 2\)"):
        fetch(server.url("/loop"), ReadOptions(max_redirects=2, retries=0))


def test_connection_refused_is_retried_then_reported():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    failure = _one_failure(list(read_url(f"http://127.0.0.1:{port}/", FAST)))
    assert failure.reason == "connection refused (2 attempts)"


def test_a_503_then_200_succeeds_on_retry(server, fakes, monkeypatch):
    waits: list[float] = []
    monkeypatch.setattr(url_module, "_sleep", waits.append)
    docs = list(read_url(server.url("/flaky"), ReadOptions(retries=2, backoff=0.25)))
    assert len(docs) == 1 and isinstance(docs[0], RawDocument), docs
    assert docs[0].text.startswith("Headline") and docs[0].url == server.url("/flaky")
    assert server.hits["/flaky"] == 2 and waits == [0.25]


def test_retry_after_is_honoured(server, fakes, monkeypatch):
    waits: list[float] = []
    monkeypatch.setattr(url_module, "_sleep", waits.append)
    docs = list(read_url(server.url("/limited"), FAST))
    assert [d.title for d in docs] == [TITLES["article2"]]
    assert waits == [2.0] and server.hits["/limited"] == 2


def test_retry_after_parsing():
    assert url_module._retry_after("7") == 7.0
    assert url_module._retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # in the past: no wait
    assert url_module._retry_after("soon") is None and url_module._retry_after(None) is None


# -- read_url -------------------------------------------------------------------------------------

def test_a_page_becomes_one_article(server, fakes):
    docs = list(read_url(server.url("/article2.html"), FAST))
    assert len(docs) == 1 and isinstance(docs[0], RawDocument)
    assert docs[0].title == TITLES["article2"] and "Santiago" in docs[0].text
    assert docs[0].origin == docs[0].url == server.url("/article2.html")
    assert fetch_page(server.url("/moved"), FAST).url == server.url("/article1.html")


@pytest.mark.parametrize("path", ["/feed.xml", "/feed-as-text"])
def test_feed_items_become_articles(server, fakes, path):
    before = server.hits["/article1.html"]
    docs = list(read_url(server.url(path), FAST))
    assert [d.url for d in docs] == [server.url("/article1.html"), server.url("/article2.html")]
    assert docs[0].text == PARAGRAPHS["article1"][0] and docs[0].origin == server.url(path)
    assert server.hits["/article1.html"] == before  # summaries only: no page fetched


def test_follow_links_fetches_each_page(server, fakes):
    before = server.hits["/article1.html"], server.hits["/article2.html"]
    options = ReadOptions(timeout=0.5, retries=1, backoff=0.01, follow_links=True)
    docs = list(read_url(server.url("/feed.xml"), options))
    assert [d.title for d in docs] == [TITLES["article1"], TITLES["article2"]]
    assert "joint commission" in docs[0].text  # the page's full text, not the summary
    assert (server.hits["/article1.html"], server.hits["/article2.html"]) == (before[0] + 1, before[1] + 1)


def test_jsonl_and_text_use_the_registry_readers(server, fakes):
    docs = list(read_url(server.url("/data.jsonl"), FAST))
    assert [(d.id, d.url) for d in docs] == [("1", "https://a.example/1"), ("2", None)]
    (story,) = read_url(server.url("/story.txt"), FAST)
    assert story.layout == "wire" and story.url == server.url("/story.txt")


def test_iter_documents_reads_urls(server, fakes):
    docs = list(iter_documents([server.url("/article1.html"), server.url("/missing")], options=FAST))
    assert isinstance(docs[0], RawDocument) and docs[1].reason == "HTTP 404 Not Found"


def test_an_extractor_error_is_a_failure(server, fakes, monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("parser crashed")

    monkeypatch.setattr(sys.modules["dyad.sources.html"], "extract_html", broken)
    failure = _one_failure(list(read_url(server.url("/article1.html"), FAST)))
    assert failure.reason == "cannot read (ValueError: parser crashed)"


# -- read_url_list --------------------------------------------------------------------------------

def test_url_list_skips_comments_and_reports_bad_lines(server, fakes, tmp_path):
    listing = tmp_path / "urls.txt"
    listing.write_text(f"# morning run\n{server.url('/article1.html')}\n\nnot a url\n"
                       f"ftp://example.com/x\n  {server.url('/missing')}  \nhttp://\n", encoding="utf-8")
    items = list(read_url_list(str(listing), FAST))
    assert isinstance(items[0], RawDocument) and items[0].title == TITLES["article1"]
    bad = [(i.position, i.reason) for i in items[1:]]
    assert bad == [(4, "not an http(s) URL: 'not a url'"), (5, "not an http(s) URL: 'ftp://example.com/x'"),
                   (None, "HTTP 404 Not Found"), (7, "not an http(s) URL: 'http://'")]
    assert items[1].origin == str(listing) and items[3].origin == server.url("/missing")


def test_url_list_missing_file(tmp_path):
    assert [f.reason for f in read_url_list(str(tmp_path / "nope.txt"))] == ["no such file or directory"]


# -- with the real extractor and feed reader, when they are there -------------------------------

def _real(module: str) -> None:
    if importlib.util.find_spec(module) is None:
        pytest.skip(f"{module} is not written yet")


def test_real_extractor_reads_a_page(server):
    _real("dyad.sources.html")
    (doc,) = read_url(server.url("/article1.html"), FAST)
    assert isinstance(doc, RawDocument), doc
    assert "joint commission" in doc.text and doc.url == server.url("/article1.html")


def test_real_feed_reader_reads_items(server):
    _real("dyad.sources.feeds")
    before = server.hits["/article1.html"]
    docs = [d for d in read_url(server.url("/feed.xml"), FAST) if isinstance(d, RawDocument)]
    assert [d.url for d in docs] == [server.url("/article1.html"), server.url("/article2.html")]
    assert server.hits["/article1.html"] == before  # summaries only


def test_real_feed_reader_follows_links(server):
    _real("dyad.sources.feeds")
    _real("dyad.sources.html")
    before = server.hits["/article1.html"]
    options = ReadOptions(timeout=0.5, retries=1, backoff=0.01, follow_links=True)
    docs = [d for d in read_url(server.url("/feed.xml"), options) if isinstance(d, RawDocument)]
    assert len(docs) == 2 and "joint commission" in docs[0].text
    assert server.hits["/article1.html"] == before + 1


def test_a_redirect_body_is_never_read(server):
    """httpx reads a redirect's whole body when it follows; dyad follows itself and reads none."""
    started = time.monotonic()
    fetched = fetch(server.url("/moved-endless"), FAST)
    assert fetched.final_url == server.url("/article1.html")
    assert time.monotonic() - started < 3


def test_followed_links_share_one_client(server, monkeypatch):
    from dataclasses import replace

    opened = []

    real = url_module.client

    def counting(options=None):
        opened.append(options)
        return real(options)

    monkeypatch.setattr(url_module, "client", counting)
    items = list(read_url(server.url("/feed.xml"), replace(FAST, follow_links=True)))
    assert [type(i).__name__ for i in items].count("RawDocument") >= 2
    assert len(opened) == 2  # one for the feed itself, one shared by all its linked pages
