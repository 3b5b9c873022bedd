"""The web API under load, on a real store: page latency, overview time, and ingests while many
readers query. Loopback only; every loop is bounded in count and time.

    .venv/bin/python benchmarks/web_api.py --db reuters.duckdb            # after: dyad ingest reuters21578.jsonl
    .venv/bin/python benchmarks/web_api.py --db reuters.duckdb --readers 50 --ingests 5

Measures (issue 13, acceptance 4):
  * GET /api/events: median and p95 over pages walked with the cursor and over filtered queries
    (target: median under 200 ms);
  * GET / (the overview, server-rendered with its charts): median of repeated loads (target: under 2 s);
  * POST /api/ingest run one after another while `--readers` threads query /api/events, /api/stats
    and pages: errors counted (target: 0).
The store is copied first, so the ingests never touch the given file. The overview runs the
real analytics of dyad.api (trend over every dyad, top dyads) on the store's incidents.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "benchmark-token"
STORY = ("{country} and {other} held talks in {city} on {day}, the foreign ministry said.\n\n"
         "Officials from {country} accused {other} of violating the ceasefire the week before.")
PLACES = [("Germany", "France", "Berlin"), ("Japan", "China", "Tokyo"), ("Brazil", "Argentina", "Brasilia"),
          ("Kenya", "Uganda", "Nairobi"), ("Canada", "Mexico", "Ottawa"), ("India", "Pakistan", "Delhi")]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def ms(seconds: list[float]) -> dict[str, float]:
    ordered = sorted(seconds)
    return {"n": len(ordered), "median_ms": round(1000 * statistics.median(ordered), 1),
            "p95_ms": round(1000 * ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))], 1),
            "max_ms": round(1000 * ordered[-1], 1)}


def timed_get(client: httpx.Client, url: str, **params) -> tuple[float, httpx.Response]:
    started = time.perf_counter()
    response = client.get(url, params=params)
    return time.perf_counter() - started, response


def event_pages(base: str, pages: int) -> dict:
    """Walk `pages` pages with the cursor, then the same number of filtered first pages."""
    times: list[float] = []
    with httpx.Client(base_url=base, timeout=30) as client:
        cursor = None
        for _ in range(pages):
            took, response = timed_get(client, "/api/events", limit=50, **({"cursor": cursor} if cursor else {}))
            response.raise_for_status()
            times.append(took)
            cursor = response.json()["next_cursor"]
            if cursor is None:
                break
        filters = [{"actor": "USA"}, {"type": "ACCUSE"}, {"dyad": "USA:*"}, {"since": "1987-03"},
                   {"modality": "asserted"}, {"actor": "JPN", "since": "1987"}]
        for i in range(pages):
            took, response = timed_get(client, "/api/events", limit=50, **filters[i % len(filters)])
            response.raise_for_status()
            times.append(took)
    return ms(times)


def overview(base: str, loads: int) -> dict:
    times = []
    with httpx.Client(base_url=base, timeout=60) as client:
        for _ in range(loads):
            took, response = timed_get(client, "/")
            response.raise_for_status()
            times.append(took)
    return ms(times)


def ingest_under_load(base: str, readers: int, ingests: int, per_reader: int, deadline_s: float) -> dict:
    """`readers` threads, each making at most `per_reader` reads until the ingests end (or the
    deadline passes), while the main thread posts `ingests` articles one after another."""
    errors: list[str] = []
    reads: list[float] = []
    done = threading.Event()
    lock = threading.Lock()
    stop_at = time.monotonic() + deadline_s
    paths = [("/api/events", {"limit": 50}), ("/api/stats", {}), ("/api/events", {"actor": "USA"}),
             ("/events", {"type": "ACCUSE"}), ("/api/failures", {})]

    def reader(number: int) -> None:
        with httpx.Client(base_url=base, timeout=60) as client:
            for i in range(per_reader):
                if done.is_set() or time.monotonic() > stop_at:
                    return
                path, params = paths[(number + i) % len(paths)]
                try:
                    took, response = timed_get(client, path, **params)
                    ok = response.status_code == 200
                except httpx.HTTPError as exc:
                    took, ok = 0.0, False
                    response = exc
                with lock:
                    reads.append(took)
                    if not ok:
                        errors.append(f"{path}: {getattr(response, 'status_code', response)}")

    threads = [threading.Thread(target=reader, args=(n,), daemon=True) for n in range(readers)]
    for thread in threads:
        thread.start()
    stored, ingest_times = 0, []
    with httpx.Client(base_url=base, timeout=120, headers={"Authorization": f"Bearer {TOKEN}"}) as client:
        for i in range(ingests):
            country, other, city = PLACES[i % len(PLACES)]
            text = STORY.format(country=country, other=other, city=city, day=DAYS[i % len(DAYS)]) + f"\n\nRef {i}."
            started = time.perf_counter()
            response = client.post("/api/ingest", json={"text": text, "title": f"Talks {i}", "date": "2024-05-14"})
            ingest_times.append(time.perf_counter() - started)
            if response.status_code != 200:
                errors.append(f"ingest {i}: {response.status_code} {response.text[:200]}")
            else:
                stored += response.json()["stored"]
    done.set()
    for thread in threads:
        thread.join(60)
    return {"readers": readers, "reads": len(reads), "read_latency": ms(reads) if reads else None,
            "ingests": ingests, "stored": stored, "ingest_latency": ms(ingest_times), "errors": len(errors),
            "first_errors": errors[:5]}


def serve(db: Path):
    """Start the app on a free loopback port; returns (LiveServer, how the overview is computed)."""
    sys.path.insert(0, str(ROOT))
    from dyad.web import create_app
    from tests.web.conftest import LiveServer

    return LiveServer(create_app(str(db), token=TOKEN)), "dyad.api (trend, top over incidents)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, required=True, help="a dyad store (copied; never written)")
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--overview-loads", type=int, default=10)
    parser.add_argument("--readers", type=int, default=50)
    parser.add_argument("--ingests", type=int, default=5)
    parser.add_argument("--per-reader", type=int, default=40)
    parser.add_argument("--deadline", type=float, default=300.0, help="seconds the load phase may take")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "copy.duckdb"
        shutil.copy(args.db, db)
        live, analytics = serve(db)
        with live:
            counts = httpx.get(f"{live.url}/api/stats").json()["counts"]
            result = {"store": str(args.db), "counts": counts, "overview_analytics": analytics,
                      "cpus": os.cpu_count(),
                      "events_pages": event_pages(live.url, args.pages),
                      "overview": overview(live.url, args.overview_loads),
                      "ingest_under_load": ingest_under_load(live.url, args.readers, args.ingests,
                                                             args.per_reader, args.deadline)}
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
