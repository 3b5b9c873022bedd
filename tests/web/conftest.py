"""Fixtures of the web tests: a store built from the shipped sample articles, one hostile
article and two reports of one incident, and the app on it. The analytics routes and pages run
on the real `dyad.api` functions over that store (only the 501 tests take them away)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the web tests need the api extra")

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

# Fresh sentences written for these tests; the markup is the attack, the politics is filler.
HOSTILE_TEXT = (
    "Russia accused Ukraine of shelling the border town <script>window.__xss = 1</script> on Monday.\n\n"
    'Moscow condemned Kyiv for the attack "><img src=x onerror="window.__xss = 2"> and demanded talks.\n\n'
    "Officials said the two sides would meet in Geneva next week."
)
HOSTILE_ID = "hostile-markup-article"

# Two outlets reporting one act (fresh sentences): the incident stage fuses them into one incident.
FUSED_REPORTS = (
    {"id": "fused-report-one", "title": "Troops shell border post", "source": "Harbour Times", "date": "2024-10-08",
     "text": "Venezuelan troops shelled a Guyanese border post on Monday, the Guyanese army said.\n\n"
             "No one was hurt, officials in Georgetown said."},
    {"id": "fused-report-two", "title": "Border post comes under fire", "source": "Island Post", "date": "2024-10-09",
     "text": "Venezuelan forces shelled a border post in Guyana on Monday, according to the army in Georgetown.\n\n"
             "The government called the attack a provocation."},
)


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory) -> Path:
    """The sample articles and the hostile one, coded into a DuckDB file once per session."""
    import dyad.api
    from dyad.store import open_store

    path = tmp_path_factory.mktemp("web") / "sample.duckdb"
    summary = dyad.api.ingest([str(EXAMPLES)], db=path)
    assert summary.stored >= 5, summary
    record = {"id": HOSTILE_ID, "title": 'Border <b>clash</b> "><img src=x onerror=alert(1)>',
              "text": HOSTILE_TEXT, "date": "2024-04-15", "source": "Test Wire"}
    with open_store(path) as store:
        report = dyad.api.ingest_upload(store, (json.dumps(record) + "\n").encode(), "hostile.jsonl")
        assert report["stored"] == 1 and report["articles"][0]["events"], report
        fused = "".join(json.dumps(r) + "\n" for r in FUSED_REPORTS).encode()
        assert dyad.api.ingest_upload(store, fused, "fused.jsonl")["stored"] == 2
    return path


def fused_incident(store) -> dict:
    """The incident both FUSED_REPORTS articles report (VEN shelling GUY)."""
    from dyad.query import parse_filter

    found = [i for i in store.incidents(parse_filter(dyad="VEN:GUY")) if i["article_count"] == 2]
    assert len(found) == 1, found
    return found[0]


@pytest.fixture
def db_copy(sample_db, tmp_path) -> Path:
    """A copy of the sample store that a test may write to."""
    target = tmp_path / "copy.duckdb"
    shutil.copy(sample_db, target)
    return target


@pytest.fixture(scope="session")
def read_store(sample_db):
    from dyad.store import open_store

    store = open_store(sample_db, read_only=True)
    yield store
    store.close()


@pytest.fixture
def client(read_store):
    from fastapi.testclient import TestClient

    from dyad.web import create_app

    with TestClient(create_app(store=read_store, read_only=True), raise_server_exceptions=False) as c:
        yield c


class LiveServer:
    """uvicorn serving `app` on a free loopback port in a thread; `url` while running."""

    def __init__(self, app) -> None:
        import socket

        import uvicorn

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning"))

    def __enter__(self) -> LiveServer:
        import threading
        import time

        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            assert self.thread.is_alive() and time.monotonic() < deadline, "the server did not start"
            time.sleep(0.05)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(10)
