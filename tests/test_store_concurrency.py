"""Several `dyad ingest` processes into one PostgreSQL database, and an ingest killed mid-batch.

The inputs are small JSONL files written here (fresh sentences, overlapping slices). Acceptance:
every article is stored once, the events equal those of one process ingesting the union, and a
kill -9 followed by a rerun leaves the same database as a clean run. Marked slow (each test
starts several processes that load spaCy); .ci/run runs them in a step of their own.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dyad.store import open_store

COUNTRIES = [("Kenya", "Tanzania"), ("Peru", "Chile"), ("Norway", "Sweden"), ("Egypt", "Jordan"),
             ("Japan", "Vietnam"), ("Brazil", "Argentina"), ("Poland", "Lithuania"), ("Ghana", "Togo")]
DEEDS = ["officials met {b} diplomats in the capital to discuss fishing rights",
         "accused {b} of moving troops toward the shared border",
         "signed a trade agreement with {b} covering grain and fertiliser",
         "expelled two {b} diplomats after a row over a detained journalist"]


def article(n: int) -> dict:
    """Article n: two sentences of its own (unique text, so unique content hash), dated."""
    a, b = COUNTRIES[n % len(COUNTRIES)]
    deed = DEEDS[n % len(DEEDS)].format(b=b)
    other = DEEDS[(n // len(DEEDS) + 1) % len(DEEDS)].format(b=a)
    text = (f"{a} {deed} on Tuesday, the foreign ministry said in statement number {n}. "
            f"Later, {b} {other}, according to a spokesman quoted in report {n}.")
    return {"id": f"conc-{n:03d}", "title": f"Report {n}", "text": text, "date": f"2024-03-{1 + n % 27:02d}",
            "source": "Test Wire", "url": f"https://wire.example/{n}"}


def write_slice(path: Path, numbers) -> str:
    path.write_text("".join(json.dumps(article(n)) + "\n" for n in numbers), encoding="utf-8")
    return str(path)


def ingest_command(path: str, url: str, batch_size: int = 4) -> list[str]:
    return [sys.executable, "-m", "dyad.cli", "ingest", path, "--db", url, "--quiet", "--batch-size", str(batch_size)]


def state(url: str, *, where_read: bool = True) -> dict:
    """Everything a run leaves behind that should not depend on how it ran. `where_read=False`
    leaves out the file and line each article was first read from, which differ by design
    between slices and their union (the links keep every place)."""
    hidden = set() if where_read else {"origin", "position"}
    with open_store(url, read_only=True) as store:
        return {"counts": store.counts(),
                "events": sorted(json.dumps(e, sort_keys=True) for e in store.events()),
                "articles": sorted(json.dumps({k: v for k, v in a.items() if k not in hidden}, sort_keys=True)
                                   for a in store.articles(with_text=True)),
                "signatures": sorted(store.signatures())}


def run_clean(url: str, path: str, *, where_read: bool = True) -> dict:
    subprocess.run(ingest_command(path, url), check=True, capture_output=True, timeout=300)
    return state(url, where_read=where_read)


@pytest.fixture
def env_free_of_db(monkeypatch):
    monkeypatch.delenv("DYAD_DB", raising=False)


@pytest.mark.slow  # 4 processes load spaCy: .ci/run runs this file on its own step
def test_three_concurrent_ingests_store_every_article_once(tmp_path, new_pg_schema, env_free_of_db):
    slices = [range(0, 16), range(8, 24), range(4, 20)]  # overlapping: 24 distinct articles
    paths = [write_slice(tmp_path / f"slice{i}.jsonl", numbers) for i, numbers in enumerate(slices)]
    shared, reference = new_pg_schema(), new_pg_schema()
    open_store(shared).close()  # (the processes would also migrate it, under the advisory lock)
    processes = [subprocess.Popen(ingest_command(p, shared, batch_size=2), stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE) for p in paths]
    for process in processes:
        _, err = process.communicate(timeout=300)
        assert process.returncode == 0, err.decode()[-2000:]
    union = write_slice(tmp_path / "union.jsonl", range(24))
    expected = run_clean(reference, union, where_read=False)
    got = state(shared, where_read=False)
    assert got["counts"]["articles"] == 24
    assert got["counts"]["events"] == expected["counts"]["events"] > 0
    assert got == expected
    with open_store(shared, read_only=True) as store:  # each slice's reading of an article is recorded
        links = store.links()
    assert len(links) == sum(len(s) for s in slices)
    assert len({(link["origin"], link["position"]) for link in links}) == len(links)


@pytest.mark.slow
def test_kill_9_mid_batch_then_rerun_equals_a_clean_run(tmp_path, new_pg_schema, env_free_of_db):
    path = write_slice(tmp_path / "many.jsonl", range(80))
    killed, clean = new_pg_schema(), new_pg_schema()
    open_store(killed).close()
    process = subprocess.Popen(ingest_command(path, killed, batch_size=2), stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    stored_at_kill = 0
    deadline = time.monotonic() + 240
    with open_store(killed, read_only=True) as watcher:
        while time.monotonic() < deadline and process.poll() is None:
            stored_at_kill = watcher.counts()["articles"]
            if stored_at_kill >= 6:
                break
            time.sleep(0.02)
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    assert 0 < stored_at_kill < 80, f"the ingest was not caught mid-run ({stored_at_kill} articles stored)"
    rerun = subprocess.run(ingest_command(path, killed), capture_output=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr.decode()[-2000:]
    assert state(killed) == run_clean(clean, path)
    with open_store(killed, read_only=True) as store:
        assert len(store.links()) == 80 and store.failures() == []


def near_copy(story: int, variant: int) -> dict:
    """Variant `variant` of long story `story`: the same body with its own closing line, so the
    variants differ in content hash but are near copies (MinHash similarity well above 0.8)."""
    a, b = COUNTRIES[story % len(COUNTRIES)]
    body = " ".join(f"{a} and {b} held talks on point {story}-{k} of the border treaty, the delegations "
                    f"said, and agreed to meet again in the capital of {b} to settle the rest." for k in range(8))
    return {"id": f"near-{story}-{variant}", "title": f"Talks {story}", "date": "2024-04-02", "source": "Wire",
            "text": f"{body} Report filed by desk {variant}.", "url": f"https://wire.example/near/{story}/{variant}"}


@pytest.mark.slow
def test_concurrent_ingests_of_near_copies_store_each_story_once(tmp_path, new_pg_schema, env_free_of_db):
    stories = range(6)
    paths = []
    for variant in range(3):  # each process reads its own near copy of every story, at the same time
        lines = [json.dumps(near_copy(s, variant)) for s in stories]
        lines += [json.dumps(article(n)) for n in range(variant * 4, variant * 4 + 4)]
        path = tmp_path / f"near{variant}.jsonl"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        paths.append(str(path))
    shared = new_pg_schema()
    open_store(shared).close()
    processes = [subprocess.Popen(ingest_command(p, shared, batch_size=1), stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE) for p in paths]
    for process in processes:
        _, err = process.communicate(timeout=300)
        assert process.returncode == 0, err.decode()[-2000:]
    with open_store(shared, read_only=True) as store:
        articles = store.articles()
        links = store.links()
    titles = sorted(a["title"] for a in articles if a["title"].startswith("Talks"))
    assert titles == [f"Talks {s}" for s in stories]  # one copy of each story
    with open_store(shared, read_only=True) as store:  # the same copy a single process keeps
        kept = {a["article_id"] for a in store.articles()}
    union = tmp_path / "union.jsonl"
    union.write_text("".join(Path(p).read_text(encoding="utf-8") for p in reversed(paths)), encoding="utf-8")
    reference = new_pg_schema()
    run_clean(reference, str(union))
    with open_store(reference, read_only=True) as store:
        assert {a["article_id"] for a in store.articles()} == kept
    assert len(articles) == len(stories) + 12
    assert len(links) == 3 * (len(stories) + 4)  # every reading recorded, as a link to the stored copy
