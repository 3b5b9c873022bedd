"""Load on a shared PostgreSQL store, on loopback: concurrent ingests while readers query.

    python benchmarks/pg_load.py [--url postgresql://...] [--articles 400] [--ingests 4]
                                 [--readers 8] [--seconds 60] [--no-reference] [--api]

What runs, all against one database on 127.0.0.1 (a throw-away cluster from
tests/services/postgres.sh unless --url names one; a non-loopback URL is refused):
  ingests   `dyad ingest` processes, each on its slice of the first --articles articles with a
            body of ../shared/corpus/reuters21578.jsonl: the slices tile the range and each
            overlaps its neighbours by a quarter of a slice (disjoint + overlapping parts)
  readers   --readers processes calling the Store read functions (events with a filter, one
            article's events, articles, counts) in a loop for --seconds, started with the ingests
            (give --seconds shorter than the ingests take, so that every read meets writes);
            with --api, each reader is an HTTP client of one `dyad serve --read-only` on the same
            database (GET /api/events with filters, /api/articles/ID, /api/stats, /api/incidents,
            /api/top): any answer other than 200, or a failed request, is an error
  check     every article stored once; with the reference on (default), the event ids equal
            those of one process ingesting the union into another schema
Reported: per-ingest time, reader calls, errors, p50/p99/max latency in ms, as text and JSON.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "reuters21578.jsonl"
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
ACTORS = ["USA", "GBR", "JPN", "FRA", "DEU", "CHN", "RUS", "BRA", "CAN", "IRN"]


def with_schema(url: str, schema: str) -> str:
    return f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}"


def make_schema(url: str, name: str, *, drop: bool = False) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(url, autocommit=True) as conn:
        statement = "DROP SCHEMA IF EXISTS {} CASCADE" if drop else "CREATE SCHEMA {}"
        conn.execute(sql.SQL(statement).format(sql.Identifier(name)))


def slices(corpus: Path, total: int, parts: int, out: Path) -> list[Path]:
    """`parts` files over the first `total` articles with a body; neighbours overlap by 1/4 slice."""
    lines = []
    with open(corpus, encoding="utf-8") as src:
        for line in src:
            if len(lines) >= total:
                break
            if json.loads(line).get("text", "").strip():
                lines.append(line)
    size, overlap = len(lines) // parts, len(lines) // parts // 4
    paths = []
    for i in range(parts):
        start, end = max(0, i * size - overlap), len(lines) if i == parts - 1 else (i + 1) * size + overlap
        path = out / f"slice{i}.jsonl"
        path.write_text("".join(lines[start:end]), encoding="utf-8")
        paths.append(path)
    union = out / "union.jsonl"
    union.write_text("".join(lines), encoding="utf-8")
    return [*paths, union]


def reader(url: str, seconds: float, seed: int, results) -> None:
    """One reader process: random Store reads for `seconds`; (latencies in ms, errors)."""
    from dyad.models import EVENT_TYPES
    from dyad.query import parse_filter
    from dyad.store import open_store

    rng = random.Random(seed)
    latencies, errors = [], []
    with open_store(url, read_only=True) as store:
        ids: list[str] = []
        stop = time.monotonic() + seconds
        while time.monotonic() < stop:
            kind = rng.choice(["events", "events", "events_of", "articles", "counts"])
            started = time.perf_counter()
            try:
                if kind == "events":
                    store.events(parse_filter(actor=rng.choice(ACTORS), type=rng.choice([None, *EVENT_TYPES]),
                                              since=rng.choice([None, "1987-03"]), limit=50))
                elif kind == "events_of":
                    store.events_of(rng.choice(ids) if ids else "none")
                elif kind == "articles":
                    ids = [a["article_id"] for a in store.articles(limit=20)] or ids
                else:
                    store.counts()
            except Exception as exc:  # noqa: BLE001 - every failure is counted and reported
                errors.append(f"{kind}: {exc}"[:300])
            latencies.append((time.perf_counter() - started) * 1000)
    results.put((latencies, errors))


def api_reader(base: str, seconds: float, seed: int, results) -> None:
    """One HTTP reader process against `dyad serve`: (latencies in ms, errors)."""
    import httpx

    from dyad.models import EVENT_TYPES

    rng = random.Random(seed)
    latencies, errors = [], []
    ids: list[str] = []
    with httpx.Client(base_url=base, timeout=60) as client:
        stop = time.monotonic() + seconds
        while time.monotonic() < stop:
            kind = rng.choice(["events", "events", "article", "stats", "incidents", "top"])
            params: dict = {}
            if kind == "events":
                path = "/api/events"
                params = {"actor": rng.choice(ACTORS), "limit": 50}
                if rng.random() < 0.5:
                    params["type"] = rng.choice(EVENT_TYPES)
                if rng.random() < 0.5:
                    params["since"] = "1987-03"
            elif kind == "article":
                path = f"/api/articles/{rng.choice(ids)}" if ids else "/api/stats"
            elif kind == "incidents":
                path, params = "/api/incidents", {"limit": 20}
            elif kind == "top":
                path, params = "/api/top", {"by": "dyad"}
            else:
                path = "/api/stats"
            started = time.perf_counter()
            try:
                response = client.get(path, params=params)
                if response.status_code != 200:
                    errors.append(f"{path}: HTTP {response.status_code} {response.text[:200]}")
                elif kind == "events":
                    ids = [e["article_id"] for e in response.json().get("events", []) if e.get("article_id")][:20] or ids
            except Exception as exc:  # noqa: BLE001 - every failure is counted and reported
                errors.append(f"{path}: {exc}"[:300])
            latencies.append((time.perf_counter() - started) * 1000)
    results.put((latencies, errors))


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(url: str) -> tuple[subprocess.Popen, str]:
    """`dyad serve --read-only` on the shared database; returns once /api/stats answers."""
    import httpx

    port = free_port()
    env = {**os.environ}
    env.pop("DYAD_API_TOKEN", None)
    server = subprocess.Popen([sys.executable, "-m", "dyad.cli", "serve", "--db", url, "--read-only",
                               "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"pg_load: dyad serve exited: {server.stderr.read().decode()[-800:]}")
        try:
            if httpx.get(base + "/api/stats", timeout=2).status_code == 200:
                return server, base
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    server.kill()
    raise SystemExit("pg_load: dyad serve did not answer within 60 s")


def ingest(path: Path, url: str, batch_size: int) -> subprocess.Popen:
    env = {**os.environ}
    env.pop("DYAD_DB", None)
    return subprocess.Popen([sys.executable, "-m", "dyad.cli", "ingest", str(path), "--db", url, "--quiet",
                             "--batch-size", str(batch_size)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env=env)


def start_cluster() -> tuple[str, str]:
    out = subprocess.run(["bash", str(ROOT / "tests" / "services" / "postgres.sh"), "start"],
                         check=True, capture_output=True, text=True).stdout
    exports = dict(line.removeprefix("export ").split("=", 1) for line in out.splitlines())
    return exports["DYAD_TEST_PG_URL"].strip("'"), exports["DYAD_TEST_PG_DIR"].strip("'")


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default=os.environ.get("DYAD_TEST_PG_URL"))
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--articles", type=int, default=400)
    parser.add_argument("--ingests", type=int, default=4)
    parser.add_argument("--readers", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--batch-size", type=int, default=8)
    parser.add_argument("--no-reference", action="store_true", help="skip the single-process comparison")
    parser.add_argument("--api", action="store_true",
                        help="readers query `dyad serve --read-only` over HTTP instead of the Store")
    args = parser.parse_args()

    cluster_dir = None
    if not args.url:
        args.url, cluster_dir = start_cluster()
    host = urlsplit(args.url).hostname or "localhost"
    if host not in LOOPBACK and not host.startswith("/"):
        sys.exit(f"pg_load: {host} is not loopback; this benchmark only runs against a local server")
    run = uuid.uuid4().hex[:8]
    shared_schema, reference_schema = f"load_{run}", f"ref_{run}"
    report: dict = {"articles_requested": args.articles, "ingests": args.ingests, "readers": args.readers,
                    "seconds": args.seconds, "readers_through": "HTTP API" if args.api else "Store"}
    server = None
    try:
        from dyad.store import open_store

        make_schema(args.url, shared_schema)
        shared = with_schema(args.url, shared_schema)
        open_store(shared).close()
        with tempfile.TemporaryDirectory() as tmp:
            *parts, union = slices(args.corpus, args.articles, args.ingests, Path(tmp))
            report["slice_sizes"] = [len(p.read_text(encoding="utf-8").splitlines()) for p in parts]
            results: mp.Queue = mp.Queue()
            if args.api:
                server, base = serve(shared)
                readers = [mp.Process(target=api_reader, args=(base, args.seconds, seed, results))
                           for seed in range(args.readers)]
            else:
                readers = [mp.Process(target=reader, args=(shared, args.seconds, seed, results))
                           for seed in range(args.readers)]
            for process in readers:
                process.start()
            started = time.perf_counter()
            ingests = [ingest(p, shared, args.batch_size) for p in parts]
            report["ingest_exit_codes"], report["ingest_seconds"] = [], []
            for process in ingests:
                _, err = process.communicate()
                report["ingest_exit_codes"].append(process.returncode)
                report["ingest_seconds"].append(round(time.perf_counter() - started, 1))
                if process.returncode:
                    print(err.decode()[-1500:], file=sys.stderr)
            latencies, errors = [], []
            for _ in readers:
                got, failed = results.get()
                latencies += got
                errors += failed
            for process in readers:
                process.join()
            if server is not None:
                server.terminate()
                _, server_err = server.communicate(timeout=30)
                report["server_tracebacks"] = server_err.decode(errors="replace").count("Traceback")
            with open_store(shared, read_only=True) as store:
                counts = store.counts()
                concurrent_events = {e["event_id"]: e for e in store.iter_events()}
                event_articles = {k: e["article_id"] for k, e in concurrent_events.items()}
                event_ids = set(event_articles)
                signatures = dict(store.signatures())
                articles = store.articles()
            hashes = [a["content_hash"] for a in articles]
            report.update({
                "stored": counts, "articles_stored_once": len(hashes) == len(set(hashes)),
                "reader_calls": len(latencies), "reader_errors": len(errors), "error_samples": errors[:5],
                "latency_ms": {"p50": round(percentile(latencies, 0.5), 1),
                               "p99": round(percentile(latencies, 0.99), 1),
                               "max": round(max(latencies, default=float("nan")), 1),
                               "mean": round(statistics.fmean(latencies), 1) if latencies else None},
            })
            if not args.no_reference:
                make_schema(args.url, reference_schema)
                reference = with_schema(args.url, reference_schema)
                ingest(union, reference, args.batch_size).communicate()
                with open_store(reference, read_only=True) as store:
                    reference_events = {e["event_id"]: e for e in store.iter_events()}
                    reference_articles = {k: e["article_id"] for k, e in reference_events.items()}
                    reference_signatures = dict(store.signatures())
                    report["reference"] = store.counts()
                reference_ids = set(reference_articles)
                report["events_equal_single_process"] = reference_ids == event_ids
                report["events_only_concurrent"] = len(event_ids - reference_ids)
                report["events_only_reference"] = len(reference_ids - event_ids)
                # Of near copies of one story, each run keeps the one it stored first. Articles stored by
                # one run only are paired with a near copy stored by the other run only; events that
                # differ only in such articles are the same story's events, coded from the other copy.
                from dyad.documents.near_duplicates import THRESHOLD, from_bytes

                only_here = {a: from_bytes(signatures[a]) for a in signatures.keys() - reference_signatures.keys()}
                only_there = {a: from_bytes(reference_signatures[a])
                              for a in reference_signatures.keys() - signatures.keys()}
                swapped = {(a, b) for a, x in only_here.items() for b, y in only_there.items()
                           if x.jaccard(y) >= THRESHOLD}
                report["near_copy_groups_kept_differently"] = len(swapped)
                report["differing_events"] = [
                    {"run": run_name, **{k: e.get(k) for k in ("event_id", "article_id", "type", "source", "target",
                                                               "date", "modality", "evidence")}}
                    for run_name, mine, theirs in (("concurrent", concurrent_events, reference_ids),
                                                   ("reference", reference_events, event_ids))
                    for key, e in sorted(mine.items()) if key not in theirs][:20]
                report["events_differ_only_in_the_copy_kept"] = (
                    {event_articles[e] for e in event_ids - reference_ids} <= {a for a, _ in swapped}
                    and {reference_articles[e] for e in reference_ids - event_ids} <= {b for _, b in swapped})
    finally:
        if server is not None and server.poll() is None:
            server.kill()
        for schema in (shared_schema, reference_schema):
            make_schema(args.url, schema, drop=True)
        if cluster_dir:
            subprocess.run(["bash", str(ROOT / "tests" / "services" / "postgres.sh"), "stop", cluster_dir],
                           capture_output=True)
    lat = report["latency_ms"]
    print(f"ingests: {args.ingests} over {report['slice_sizes']} articles, exit codes {report['ingest_exit_codes']}, "
          f"finished after {report['ingest_seconds']} s")
    print(f"stored: {report['stored']} (each article once: {report['articles_stored_once']})")
    if "reference" in report:
        print(f"single-process reference: {report['reference']}; events equal: "
              f"{report['events_equal_single_process']} ({report['events_only_concurrent']} only here, "
              f"{report['events_only_reference']} only there; near-copy groups whose kept copy differs: "
              f"{report['near_copy_groups_kept_differently']}; events differ only in the copy kept: "
              f"{report['events_differ_only_in_the_copy_kept']})")
    print(f"readers ({report['readers_through']}): {args.readers} x {args.seconds:.0f} s, {report['reader_calls']} calls, "
          f"{report['reader_errors']} errors, latency p50 {lat['p50']} ms, p99 {lat['p99']} ms, max {lat['max']} ms")
    print(json.dumps(report))


if __name__ == "__main__":
    main()
