"""`dyad watch`: conditional GET, cursors, restarts, failing feeds, the interval and the command.

A local HTTP server on loopback (a thread) serves feeds written here; it honours If-None-Match and
If-Modified-Since the way a real server does and counts the answers it gave, so each test checks
from the server's side that a round asked conditionally and got 304.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from dyad.errors import InputError
from dyad.sources.options import ReadOptions
from dyad.store import open_store
from dyad.watch import item_key, parse_interval, watch, watch_round

DYAD = [sys.executable, "-c", "from dyad.cli import run; run()"]  # a new process, as a restart is
FAST = ReadOptions(timeout=2.0, retries=0, backoff=0.01, user_agent="dyad-test/1.0")

# Fresh sentences written for these tests (no corpus text).
STORIES = [
    ("Kenya and Ethiopia agree border commission",
     "The foreign ministers of Kenya and Ethiopia met in Nairobi on Tuesday and agreed to set up a joint "
     "commission on the disputed border, officials said after the talks."),
    ("Chilean police disperse student march",
     "Police in Santiago fired tear gas at thousands of students who marched on the presidential palace on "
     "Friday to demand free tuition, witnesses said."),
    ("Japan protests Chinese ships near islands",
     "Japan lodged a formal protest with China on Monday after Chinese coast guard ships entered waters "
     "near disputed islands, the foreign ministry in Tokyo said."),
    ("Brazil and Argentina sign trade accord",
     "Brazil and Argentina signed a trade agreement in Buenos Aires on Thursday that cuts tariffs on cars and "
     "farm machinery, the two governments said in a joint statement."),
]


def rss(items: list[int], *, guid: bool = True) -> bytes:
    """An RSS 2.0 feed of STORIES[i] for i in items."""
    parts = []
    for i in items:
        title, text = STORIES[i]
        ident = f"<guid isPermaLink=\"false\">story-{i}</guid>" if guid else ""
        parts.append(f"<item><title>{title}</title><link>https://news.example/story/{i}</link>{ident}"
                     f"<pubDate>Tue, 14 May 2024 0{i}:00:00 +0000</pubDate><description>{text}</description></item>")
    return (f"<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Test Wire</title>"
            f"<link>https://news.example/</link><language>en</language>{''.join(parts)}</channel></rss>").encode()


class FeedServer:
    """Feeds by path: body, ETag and Last-Modified (a new body gets new validators), or a status."""

    def __init__(self) -> None:
        self.feeds: dict[str, tuple[bytes, str, str]] = {}
        self.status: dict[str, int] = {}
        self.answers: Counter[tuple[str, int]] = Counter()
        self.conditional: Counter[str] = Counter()
        self._version = 0

    def put(self, path: str, body: bytes, *, etag: bool = True) -> None:
        self._version += 1
        modified = format_datetime(datetime(2024, 5, 14, 12, self._version, tzinfo=UTC), usegmt=True)
        self.feeds[path] = (body, f'"v{self._version}"' if etag else "", modified)


@pytest.fixture
def server() -> Iterator[tuple[FeedServer, str]]:
    state = FeedServer()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

        def answer(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
            state.answers[(self.path, status)] += 1
            self.send_response(status)
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            if self.path in state.status:
                self.answer(state.status[self.path], b"server trouble")
                return
            if self.path not in state.feeds:
                self.answer(404, b"no such feed")
                return
            body, etag, modified = state.feeds[self.path]
            inm, ims = self.headers.get("If-None-Match"), self.headers.get("If-Modified-Since")
            if inm or ims:
                state.conditional[self.path] += 1
            if (etag and inm == etag) or (not etag and ims == modified):
                self.answer(304, headers={"ETag": etag} if etag else {})
                return
            headers = {"Content-Type": "application/rss+xml; charset=utf-8", "Last-Modified": modified}
            if etag:
                headers["ETag"] = etag
            self.answer(200, body, headers)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield state, f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def run_round(feeds: list[str], db, number: int = 1):
    with open_store(db) as store:
        return watch_round(feeds, store, number=number, options=FAST)


def stored_urls(db) -> list[str]:
    with open_store(db, read_only=True) as store:
        return sorted(a["url"] for a in store.articles())


def test_rounds_store_new_items_once_then_get_304(server, tmp_path):
    state, base = server
    db = tmp_path / "w.duckdb"
    feed = f"{base}/world.rss"
    state.put("/world.rss", rss([0, 1, 2]))

    first = run_round([feed], db)
    assert first.ingest.stored == 3 and first.feeds[0].status == "new" and first.feeds[0].new == 3
    assert len(stored_urls(db)) == 3
    assert first.ingest.events > 0

    second = run_round([feed], db, 2)
    assert second.feeds[0].status == "not-modified"
    assert second.ingest.read == 0 and second.ingest.stored == 0
    assert state.answers[("/world.rss", 304)] == 1 and state.conditional["/world.rss"] == 1
    assert "1 not modified" in second.line() and "0 new items" in second.line()

    state.put("/world.rss", rss([3, 0, 1, 2]))  # one new item at the top
    third = run_round([feed], db, 3)
    assert third.feeds[0].status == "new" and third.feeds[0].items == 4 and third.feeds[0].new == 1
    assert third.ingest.read == 1 and third.ingest.stored == 1 and third.ingest.duplicates == 0
    assert stored_urls(db) == [f"https://news.example/story/{i}" for i in range(4)]


def test_a_restart_stores_nothing_twice(server, tmp_path):
    """Each round opens a new store handle; a new process (the command) resumes from the store too."""
    state, base = server
    db = tmp_path / "w.duckdb"
    feed = f"{base}/world.rss"
    state.put("/world.rss", rss([0, 1]))
    assert run_round([feed], db).ingest.stored == 2

    # A new process: the feed is unchanged, so its stored ETag gets a 304 and nothing is read.
    done = subprocess.run([*DYAD, "watch", feed, "--once", "--db", str(db)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "1 not modified" in done.stderr and "0 stored" in done.stderr
    assert state.answers[("/world.rss", 304)] == 1

    # The server loses its validators (a redeploy) and serves the same items with no ETag: the
    # cursor drops every item by guid, so nothing reaches the engine.
    state.put("/world.rss", rss([1, 0]), etag=False)
    again = run_round([feed], db, 3)
    assert again.feeds[0].status == "new" and again.feeds[0].new == 0 and again.ingest.read == 0
    assert len(stored_urls(db)) == 2


def test_items_already_stored_by_content_are_not_stored_again(server, tmp_path):
    """A second feed carrying a stored story under another guid: the store's content hash drops it."""
    state, base = server
    db = tmp_path / "w.duckdb"
    state.put("/a.rss", rss([0, 1]))
    state.put("/b.rss", rss([1], guid=False))
    first = run_round([f"{base}/a.rss"], db)
    assert first.ingest.stored == 2
    second = run_round([f"{base}/b.rss"], db, 2)
    assert second.feeds[0].new == 1 and second.ingest.stored == 0 and second.ingest.duplicates == 1
    assert len(stored_urls(db)) == 2


def test_a_crash_before_the_cursor_moves_stores_nothing_twice(server, tmp_path, monkeypatch):
    """Articles stored but the round killed before the feed state was saved: the next round reads the
    items again (same validators, so a 200) and the store's keys drop every one."""
    state, base = server
    db = tmp_path / "w.duckdb"
    feed = f"{base}/world.rss"
    state.put("/world.rss", rss([0, 1]))
    from dyad.store.duckdb_store import DuckDBStore

    def killed(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(DuckDBStore, "save_feed_state", killed)
    with pytest.raises(KeyboardInterrupt):
        run_round([feed], db)
    monkeypatch.undo()
    assert len(stored_urls(db)) == 2
    again = run_round([feed], db, 2)
    assert again.feeds[0].status == "new" and again.ingest.read == 2
    assert again.ingest.stored == 0 and again.ingest.duplicates == 2
    assert len(stored_urls(db)) == 2
    assert run_round([feed], db, 3).feeds[0].status == "not-modified"


def test_a_failing_feed_is_one_line_and_the_others_go_on(server, tmp_path):
    state, base = server
    db = tmp_path / "w.duckdb"
    state.put("/good.rss", rss([0, 1]))
    state.put("/broken.rss", b"<?xml version='1.0'?><rss><channel><title>Cut</tit")
    state.status["/down.rss"] = 503
    feeds = [f"{base}/broken.rss", f"{base}/down.rss", f"{base}/good.rss", "http://127.0.0.1:1/closed.rss"]

    summary = run_round(feeds, db)
    by_feed = {r.feed: r for r in summary.feeds}
    assert by_feed[f"{base}/good.rss"].status == "new" and summary.ingest.stored == 2
    failed = summary.failures
    assert {r.feed for r in failed} == {f"{base}/broken.rss", f"{base}/down.rss", "http://127.0.0.1:1/closed.rss"}
    assert "503" in by_feed[f"{base}/down.rss"].error
    assert "RSS" in by_feed[f"{base}/broken.rss"].error or "feed" in by_feed[f"{base}/broken.rss"].error
    assert all("\n" not in r.error for r in failed)
    assert "3 failed" in summary.line()
    with open_store(db, read_only=True) as store:
        assert store.feed_state(f"{base}/down.rss")["last_error"].startswith("HTTP 503")

    # Next round: the broken feed is fixed and asked again; it was never given validators.
    state.put("/broken.rss", rss([2]))
    del state.status["/down.rss"]
    state.put("/down.rss", rss([3]))
    later = run_round(feeds, db, 2)
    assert {r.feed: r.status for r in later.feeds} == {
        f"{base}/broken.rss": "new", f"{base}/down.rss": "new", f"{base}/good.rss": "not-modified",
        "http://127.0.0.1:1/closed.rss": "failed"}
    assert later.ingest.stored == 2
    with open_store(db, read_only=True) as store:
        assert store.feed_state(f"{base}/down.rss")["last_error"] is None


def test_the_command_prints_a_line_per_feed_failure_and_per_round(server, tmp_path):
    state, base = server
    db = tmp_path / "w.duckdb"
    state.put("/good.rss", rss([0]))
    state.put("/bad.rss", b"this is not xml at all <<<")
    assert run_round([f"{base}/good.rss"], db).ingest.stored == 1  # coded here, where the model is loaded
    done = subprocess.run([*DYAD, "watch", f"{base}/bad.rss", f"{base}/good.rss", "--once", "--db", str(db)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    lines = done.stderr.strip().splitlines()
    failed = [line for line in lines if line.startswith("feed failed")]
    assert len(failed) == 1 and f"{base}/bad.rss" in failed[0] and "asked again next round" in failed[0]
    assert lines[-1].startswith("round 1 at ") and "1 not modified" in lines[-1] and "1 failed)" in lines[-1]
    assert "0 new items: 0 stored" in lines[-1]
    assert len(stored_urls(db)) == 1


def test_watch_loop_runs_rounds_until_stopped(server, tmp_path):
    state, base = server
    feed = f"{base}/world.rss"
    state.put("/world.rss", rss([0]))
    stop = threading.Event()
    seen = []

    def report(summary) -> None:
        seen.append(summary.feeds[0].status)
        if summary.number == 1:
            state.put("/world.rss", rss([1, 0]))
        if summary.number == 3:
            stop.set()

    with open_store(tmp_path / "w.duckdb") as store:
        rounds = watch([feed], store, every=0.05, stop=stop, report=report, options=FAST)
        assert [r.ingest.stored for r in rounds] == [1, 1, 0]
        assert store.counts()["articles"] == 2
    assert seen == ["new", "new", "not-modified"]


@pytest.mark.parametrize(("text", "seconds"), [("30s", 30), ("15m", 900), ("1h", 3600), ("1h30m", 5400),
                                               (" 2M ", 120), ("0.5s", 0.5)])
def test_interval_parses(text, seconds):
    assert parse_interval(text) == seconds


@pytest.mark.parametrize("text", ["", "15", "fast", "15x", "m15", "-5m", "0s", "1h 30", "15mm"])
def test_interval_rejects_nonsense(text):
    with pytest.raises(InputError) as caught:
        parse_interval(text)
    assert "--every" in str(caught.value)


def test_command_rejects_a_bad_interval_and_a_file(tmp_path):
    from typer.testing import CliRunner

    from dyad.cli import app

    runner = CliRunner()
    bad = runner.invoke(app, ["watch", "http://127.0.0.1:1/x.rss", "--every", "soon", "--db",
                              str(tmp_path / "w.duckdb")])
    assert bad.exit_code == 2 and "--every soon: not an interval" in bad.output
    file = runner.invoke(app, ["watch", "feed.rss", "--db", str(tmp_path / "w.duckdb")])
    assert file.exit_code == 2 and "feed.rss: not an http(s) URL" in file.output
    assert not (tmp_path / "w.duckdb").exists()  # refused before any store is opened


def test_item_keys_prefer_guid_then_link_and_pages_key_by_text():
    from dyad.models import RawDocument

    item = RawDocument(origin="f", position=1, text="body", id="g1", url="https://x/1")
    assert item_key(item, True) == "guid:g1"
    assert item_key(RawDocument(origin="f", position=1, text="body", url="https://x/1"), True) == "link:https://x/1"
    page = item_key(item, False)
    assert page.startswith("text:") and page != item_key(RawDocument(origin="f", position=1, text="other",
                                                                     id="g1", url="https://x/1"), False)


def test_feed_state_on_every_backend(store_url):
    with open_store(store_url) as store:
        assert store.feed_state("https://f/") is None and store.feed_seen("https://f/", ["a"]) == set()
        store.save_feed_state("https://f/", etag='"e1"', last_modified="Tue, 14 May 2024 12:00:00 GMT",
                              seen=["a", "b", "a"])
        store.save_feed_state("https://f/", error="HTTP 503 Service Unavailable")
        state = store.feed_state("https://f/")
        assert state["etag"] == '"e1"' and state["last_modified"].startswith("Tue")
        assert state["last_error"] == "HTTP 503 Service Unavailable"
        assert store.feed_seen("https://f/", ["a", "c", "b"]) == {"a", "b"}
        assert store.feed_seen("https://other/", ["a"]) == set()
        store.save_feed_state("https://f/", etag='"e2"', seen=["c"])
        assert store.feed_state("https://f/")["last_error"] is None
        assert store.feed_seen("https://f/", ["c"]) == {"c"}
        assert store.info().tables["feed_items"] == 3


def test_ctrl_c_stops_between_rounds(server, tmp_path):
    """SIGINT while waiting for the next round: the command ends at once, cleanly, with exit 0."""
    import signal
    import time

    state, base = server
    db = tmp_path / "w.duckdb"
    state.put("/world.rss", rss([0]))
    assert run_round([f"{base}/world.rss"], db).ingest.stored == 1  # the command's round is then a 304
    proc = subprocess.Popen([*DYAD, "watch", f"{base}/world.rss", "--every", "1h", "--db", str(db)],
                            stderr=subprocess.PIPE, text=True)
    try:
        lines = []
        for line in proc.stderr:  # wait for the first round's line: the command is now between rounds
            lines.append(line)
            if line.startswith("round 1 at "):
                break
        started = time.monotonic()
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=30) == 0
        assert time.monotonic() - started < 10
        rest = proc.stderr.read()
    finally:
        if proc.poll() is None:
            proc.kill()
    assert "1 not modified" in lines[-1] and "stopping after the current round" in rest
    assert "Traceback" not in rest
