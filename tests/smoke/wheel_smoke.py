"""Smoke test of an installed dyad: run by tests/smoke/wheel_smoke.sh with the Python of a fresh venv.

It works in a temporary directory outside the source tree (so nothing resolves to the checkout),
calls the `dyad` command that the wheel installed, and checks what each command prints, not only
its exit code: a text story, an HTML page, an RSS feed and a WARC archive are ingested; events are
listed and exported (JSONL, CSV, Parquet, GDELT); incidents, trend, network and top are asked;
articles are listed; an actor is resolved; the stored
events are scored against a small gold file. Usage: python wheel_smoke.py SMOKE_DIR (tests/smoke).
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

DB = "smoke.duckdb"


class SmokeFailure(AssertionError):
    pass


def check(condition: bool, what: str) -> None:
    if not condition:
        raise SmokeFailure(what)


def dyad(*args: str, expect_code: int = 0) -> str:
    """Run the installed `dyad` (the venv's script) and return its stdout; stderr is shown on failure."""
    command = [str(Path(sys.executable).with_name("dyad")), *args]
    started = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, encoding="utf-8",
                            env={**os.environ, "COLUMNS": "200"})
    print(f"  {time.perf_counter() - started:5.1f} s  dyad {' '.join(args)}", flush=True)
    check(result.returncode == expect_code,
          f"dyad {' '.join(args)} exited {result.returncode}, expected {expect_code}\n"
          f"stdout: {result.stdout[-2000:]}\nstderr: {result.stderr[-2000:]}")
    return result.stdout


def jsonl(text: str, what: str) -> list[dict]:
    records = []
    for number, line in enumerate(text.splitlines(), start=1):
        try:
            records.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise SmokeFailure(f"{what}: line {number} is not JSON ({exc}): {line[:200]!r}") from exc
    return records


def check_installed_not_source() -> None:
    import dyad as package

    location = Path(package.__file__).resolve()
    check(Path(sys.prefix).resolve() in location.parents,
          f"dyad was imported from {location}, not from the venv {sys.prefix}")
    version = metadata.version("dyad-events")
    check(dyad("--version").strip() == f"dyad {version}", "dyad --version does not match the installed metadata")
    print(f"dyad-events {version} from {location.parent}")


def ingest_each(data: Path) -> list[dict]:
    """Ingest the four inputs one by one; each must add the articles it holds."""
    expected = [("story.txt", 1), ("page.html", 1), ("feed.xml", 2), ("archive.warc.gz", 1)]
    count = 0
    for name, articles in expected:
        dyad("ingest", str(data / name), "--db", DB)
        stored = jsonl(dyad("articles", "--db", DB, "--format", "jsonl"), "dyad articles --format jsonl")
        check(len(stored) == count + articles, f"ingesting {name} stored {len(stored) - count} articles, "
                                               f"expected {articles}")
        count = len(stored)
    return stored


def check_articles(articles: list[dict]) -> None:
    by_title = {a["title"]: a for a in articles}
    story = by_title.get("Norway and Chile sign fishing accord after talks in Oslo")
    check(story is not None and story["story_date"] == "2024-04-10", f"text story missing or misdated: {story}")
    page = by_title.get("Kenya and Ethiopia open border trade talks")
    check(page is not None and "Moyale" in page["text"], f"HTML page body missing: {page}")
    check("newsletter" not in page["text"] and "Sport" not in page["text"], "HTML page kept its navigation/footer")
    feed_urls = {a["url"] for a in articles if (a["url"] or "").startswith("https://smoke.example.org/world/")}
    check(len(feed_urls) == 2, f"feed items not stored with their links: {feed_urls}")
    warc = by_title.get("Canada expels Venezuelan diplomat")
    check(warc is not None and warc["url"] == "https://smoke.example.org/politics/canada-venezuela",
          f"WARC record not stored with its URL: {warc}")
    check(warc["published"].startswith("2024-06-03"), f"WARC page date lost: {warc['published']}")


def check_events(articles: list[dict]) -> list[dict]:
    events = jsonl(dyad("events", "--db", DB, "--format", "jsonl"), "dyad events --format jsonl")
    triples = {((e["source"] or {}).get("country"), (e["target"] or {}).get("country"), e["type"]) for e in events}
    for wanted in [("NOR", "CHL", "CONSULT"), ("KEN", "ETH", "CONSULT"), ("VNM", "PHL", "AGREE"),
                   ("VEN", "CAN", "ACCUSE")]:
        check(wanted in triples, f"event {wanted} not coded; got {sorted(triples, key=str)}")
    texts = {a["article_id"]: a["text"] for a in articles}
    for event in events:
        sentence = event["evidence"]["sentence"]
        check(sentence in texts.get(event["article_id"], ""), f"evidence not in its article: {sentence!r}")
    table = dyad("events", "--db", DB)
    check("CONSULT" in table and "NOR" in table, "the events table lacks the stored events")
    return events


def check_exports(events: list[dict]) -> None:
    ids = {e["event_id"] for e in events}
    dyad("export", "--db", DB, "--format", "jsonl", "--out", "events.jsonl")
    exported = jsonl(Path("events.jsonl").read_text(encoding="utf-8"), "export jsonl")
    check({e["event_id"] for e in exported} == ids, "export --format jsonl differs from dyad events")
    rows = list(csv.DictReader(io.StringIO(dyad("export", "--db", DB, "--format", "csv"))))
    check({r["event_id"] for r in rows} == ids, "export --format csv differs from dyad events")
    check({"source_country", "target_country", "evidence_sentence"} <= set(rows[0]), "CSV lacks flattened columns")
    dyad("export", "--db", DB, "--format", "parquet", "--out", "events.parquet")
    import pyarrow.parquet as pq

    table = pq.read_table("events.parquet")
    check(set(table.column("event_id").to_pylist()) == ids, "export --format parquet differs from dyad events")
    check("source_country" in table.column_names, "Parquet lacks flattened columns")


def check_analysis(events: list[dict]) -> None:
    """Incidents, trend, network, top, the GDELT layout and db info, as installed (issue 12, 15)."""
    ids = [e["event_id"] for e in events]
    incidents = jsonl(dyad("incidents", "--db", DB, "--format", "jsonl"), "dyad incidents --format jsonl")
    grouped = [event_id for incident in incidents for event_id in incident["event_ids"]]
    check(sorted(grouped) == sorted(ids), "every event must be in exactly one incident")
    trend = list(csv.DictReader(io.StringIO(dyad("trend", "--db", DB, "--dyad", "*:*", "--every", "year",
                                                 "--unit", "event", "--format", "csv"))))
    check(trend and set(trend[0]) == {"period", "type", "quad_class", "count", "mean_intensity"},
          f"trend csv columns: {trend[:1]}")
    check(sum(int(r["count"] or 0) for r in trend) == len(ids), "trend --unit event does not count every event")
    network = json.loads(dyad("network", "--db", DB, "--format", "json"))
    check({"nodes", "edges"} <= set(network) and network["edges"], f"network json: {str(network)[:200]}")
    check("NOR" in dyad("top", "--db", DB, "--by", "actor"), "dyad top --by actor lacks NOR")
    gdelt = dyad("export", "--db", DB, "--format", "gdelt").splitlines()
    check(len(gdelt) == len(ids) and all(len(row.split("\t")) > 50 for row in gdelt),
          "export --format gdelt: one tab-separated row of the GDELT 2.0 layout per event")
    check("schema version" in dyad("db", "info", "--db", DB), "dyad db info lacks the schema version")


def check_actor() -> None:
    answer = json.loads(dyad("actors", "resolve", "Vladimir Putin", "--date", "2020-01-01"))
    check((answer["country"], answer["code"], answer["role"]) == ("RUS", "RUSGOV", "President"),
          f"Vladimir Putin on 2020-01-01 resolved to {answer}")


def check_evaluate(smoke_dir: Path) -> None:
    result = json.loads(dyad("evaluate", str(smoke_dir / "gold.jsonl"), "--db", DB, "--format", "json"))
    event = result["event"]
    check((event["tp"], event["fn"]) == (4, 0), f"evaluate: expected 4 of 4 gold events found, got {event}")


def main(smoke_dir: Path) -> None:
    started = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="dyad-smoke-run-"))
    try:
        os.chdir(work)
        check_installed_not_source()
        data = work / "data"
        shutil.copytree(smoke_dir / "data", data)
        articles = ingest_each(data)
        check_articles(articles)
        events = check_events(articles)
        check_exports(events)
        check_analysis(events)
        check_actor()
        check_evaluate(smoke_dir)
    finally:
        os.chdir(smoke_dir)
        shutil.rmtree(work, ignore_errors=True)
    print(f"wheel smoke test passed in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: wheel_smoke.py SMOKE_DIR")
    try:
        main(Path(sys.argv[1]).resolve())
    except SmokeFailure as failure:
        sys.exit(f"wheel smoke test FAILED: {failure}")
