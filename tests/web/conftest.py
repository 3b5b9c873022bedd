"""Fixtures of the web tests: a store built from the shipped sample articles plus one hostile
article, the app on it, and stand-ins for the analytics functions of dyad.api (issue 12).

The stand-ins compute their answers from the store's events in plain Python, with the
signatures the app calls; they exist so that the routes and pages that call `trend`, `network`,
`top`, `incidents` and `incident` are exercised before those functions are merged.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter, defaultdict
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
    return path


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


def _period(date: str | None, every: str) -> str | None:
    if not date:
        return None
    return {"year": date[:4], "month": date[:7], "day": date[:10]}.get(every, date[:7])


class FakeAnalytics:
    """trend/network/top/incidents/incident with issue 12's signatures, over store events."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict]] = []

    def _events(self, db, dyad=None, since=None, until=None):
        from dyad.query import parse_filter

        return list(db.iter_events(parse_filter(dyad=dyad, since=since, until=until)))

    def trend(self, db, dyad="USA:IRN", every="month", since=None, until=None, unit="incident"):
        self.calls.append(("trend", {"dyad": dyad, "every": every, "since": since, "until": until, "unit": unit}))
        groups: dict[tuple, list] = defaultdict(list)
        for e in self._events(db, dyad, since, until):
            period = _period(e["date"], every)
            if period:
                groups[(period, e["type"], e["quad_class"])].append(e["intensity"] or 0.0)
        return [{"period": p, "type": t, "quad_class": q, "count": len(v), "mean_intensity": sum(v) / len(v)}
                for (p, t, q), v in sorted(groups.items())]

    def network(self, db, since=None, until=None, min_count=1, unit="incident"):
        self.calls.append(("network", {"since": since, "until": until, "min_count": min_count}))
        pairs = Counter((e["source"]["country"], e["target"]["country"]) for e in self._events(db, None, since, until)
                        if e["source"] and e["target"] and e["source"]["country"] and e["target"]["country"])
        edges = [{"source": s, "target": t, "count": n} for (s, t), n in pairs.items() if n >= min_count]
        nodes = sorted({x for e in edges for x in (e["source"], e["target"])})
        return {"nodes": [{"id": n} for n in nodes], "edges": edges}

    def top(self, db, by="dyad", since=None, until=None, limit=20, unit="incident"):
        self.calls.append(("top", {"by": by, "limit": limit}))
        edges = self.network(db, since, until)["edges"]
        rows = [{"dyad": f"{e['source']}:{e['target']}", "count": e["count"]} for e in edges]
        return sorted(rows, key=lambda r: (-r["count"], r["dyad"]))[:limit]

    def incidents(self, db, **filters):
        self.calls.append(("incidents", filters))
        from dyad.query import parse_filter

        return [self._incident(e) for e in db.iter_events(parse_filter(**filters))]

    def incident(self, db, incident_id):
        self.calls.append(("incident", {"incident_id": incident_id}))
        for e in db.iter_events():
            if "i-" + e["event_id"] == incident_id:
                return {**self._incident(e), "reports": [e]}
        return None

    @staticmethod
    def _incident(e):
        return {"incident_id": "i-" + e["event_id"], "type": e["type"], "quad_class": e["quad_class"],
                "date": e["date"], "reports": 1,
                "dyad": f"{(e['source'] or {}).get('country')}:{(e['target'] or {}).get('country')}"}


@pytest.fixture
def analytics(monkeypatch) -> FakeAnalytics:
    """Put the stand-ins on dyad.api for one test."""
    import dyad.api

    fake = FakeAnalytics()
    for name in ("trend", "network", "top", "incidents", "incident"):
        monkeypatch.setattr(dyad.api, name, getattr(fake, name), raising=False)
    return fake


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
