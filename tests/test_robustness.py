"""Bad input never loses data: corrupt items in big batches, near copies, retries, and a
process killed mid-ingest (SIGKILL) leaving a store that a re-run completes exactly."""

from __future__ import annotations

import io
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dyad.engine import retry_failed, run_ingest
from dyad.models import Failure, RawDocument
from dyad.sources import iter_documents
from dyad.sources.jsonl import read_jsonl
from dyad.sources.text import read_text
from dyad.store import open_store

COUNTRIES = ["Chile", "Peru", "Kenya", "Uganda", "Norway", "Sweden", "Japan", "India", "Egypt", "Jordan", "Ghana",
             "Mali", "Nepal", "Laos", "Oman", "Qatar", "Spain", "Italy", "Poland", "Greece"]
VERBS = ["accused {b} of violating the border agreement", "praised {b} for its mediation", "expelled two diplomats "
         "from {b}", "held talks with {b} in the capital", "imposed sanctions on {b}", "rejected a proposal from {b}"]


def synthetic_articles(n: int, seed: int = 1) -> list[dict]:
    """Distinct short stories built from templates, for batch and crash tests."""
    rng = random.Random(seed)
    stories = []
    for i in range(n):
        a, b = rng.sample(COUNTRIES, 2)
        first = f"{a} {rng.choice(VERBS).format(b=b)} on Monday, officials said."
        c, d = rng.sample(COUNTRIES, 2)
        second = f"Separately, {c} {rng.choice(VERBS).format(b=d)} in story number {i}."
        stories.append({"id": f"s{i:05d}", "date": "2024-05-15", "title": f"Story {i}", "text": f"{first}\n\n{second}"})
    return stories


def write_jsonl(path: Path, records: list[dict], corrupt: set[int] = frozenset()) -> None:
    with open(path, "w", encoding="utf-8") as out:
        for i, record in enumerate(records):
            out.write('{"id": "broken", "text": \n' if i in corrupt else json.dumps(record) + "\n")


def snapshot(db: Path) -> dict[str, list]:
    """What a store holds, leaving out the moments things were written."""
    with open_store(db, read_only=True) as store:
        return {
            "articles": sorted((a["article_id"], a["content_hash"]) for a in store.articles()),
            "events": sorted(json.dumps(e, sort_keys=True) for e in store.iter_events()),
            "links": sorted(json.dumps(link, sort_keys=True) for link in store.links()),
            "failures": sorted((f["origin"], f["position"], f["reason"]) for f in store.failures()),
            "signatures": sorted(a for a, _ in store.signatures()),
        }


@pytest.mark.parametrize("reader", [read_text, read_jsonl])
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.one_of(st.binary(max_size=3000),
                      st.text(max_size=2000).map(lambda t: t.encode("utf-8", "surrogatepass")),
                      st.sampled_from([b'{"id": "1", "text": "Norway held talks."}\n' * 3]).flatmap(
                          lambda b: st.integers(0, len(b)).map(lambda k: b[:k]))))
def test_readers_never_raise_on_random_or_truncated_bytes(reader, data):
    items = list(reader(io.BytesIO(data), "fuzz"))
    assert all(isinstance(i, RawDocument | Failure) for i in items)
    assert all(isinstance(i.reason, str) and "\n" not in i.reason for i in items if isinstance(i, Failure))


def test_a_thousand_items_with_fifty_corrupt_ones(tmp_path):
    records = synthetic_articles(1000)
    corrupt = set(random.Random(5).sample(range(1000), 50))
    write_jsonl(tmp_path / "batch.jsonl", records, corrupt)
    items = list(iter_documents([str(tmp_path / "batch.jsonl")]))
    assert sum(isinstance(i, RawDocument) for i in items) == 950
    failures = [i for i in items if isinstance(i, Failure)]
    assert sorted(f.position for f in failures) == sorted(i + 1 for i in corrupt)


def test_coding_a_batch_with_corrupt_items_stores_the_rest(tmp_path):
    records = synthetic_articles(60, seed=9)
    write_jsonl(tmp_path / "batch.jsonl", records, corrupt={3, 17, 40})
    with open_store(tmp_path / "b.duckdb") as store:
        summary = run_ingest([str(tmp_path / "batch.jsonl")], store, batch_size=8)
        assert (summary.stored, summary.failed) == (57, 3)
        assert store.counts()["articles"] == 57 and store.counts()["failures"] == 3


def test_near_copies_are_stored_once_and_linked(tmp_path):
    story = ("Chile and Peru held talks in Lima on Monday about fishing rights in the Pacific, the two foreign "
             "ministries said in a joint statement after the meeting.\n\nThe ministers agreed to meet again in "
             "July and to set up a joint commission on fisheries, officials from both countries said.")
    copy = "LIMA (Wire) - " + story.replace("the two foreign ministries said", "the foreign ministries said")
    (tmp_path / "feed_a.jsonl").write_text(json.dumps({"id": "a1", "text": story, "date": "2024-05-15"}) + "\n")
    (tmp_path / "feed_b.jsonl").write_text(json.dumps({"id": "b1", "text": copy, "date": "2024-05-15"}) + "\n"
                                           + json.dumps({"id": "b2", "text": story, "date": "2024-05-15"}) + "\n")
    with open_store(tmp_path / "n.duckdb") as store:
        summary = run_ingest([str(tmp_path)], store)
        assert (summary.stored, summary.duplicates, summary.near_duplicates) == (1, 2, 1)
        links = store.links("a1")
        assert len(links) == 3
        assert sorted(round(link["similarity"], 2) < 1 for link in links) == [False, False, True]


def test_retry_failed_reads_again_what_failed(tmp_path):
    path = tmp_path / "later.jsonl"
    path.write_text('{"id": "x1", "text": \n', encoding="utf-8")
    with open_store(tmp_path / "r.duckdb") as store:
        assert run_ingest([str(path)], store).failed == 1
        path.write_text(json.dumps({"id": "x1", "text": "Kenya praised Uganda for its mediation.",
                                    "date": "2024-05-15"}) + "\n", encoding="utf-8")
        summary = retry_failed(store)
        assert summary.stored == 1
        assert store.failures() == []


def test_killed_ingest_then_rerun_gives_the_clean_database(tmp_path):
    records = synthetic_articles(300, seed=3)
    write_jsonl(tmp_path / "corpus.jsonl", records, corrupt={10, 99})
    command = [sys.executable, "-m", "dyad.cli", "ingest", str(tmp_path / "corpus.jsonl"), "--quiet",
               "--batch-size", "4"]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    clean, crashed = tmp_path / "clean.duckdb", tmp_path / "crashed.duckdb"
    subprocess.run([*command, "--db", str(clean)], check=True, env=env, capture_output=True)
    victim = subprocess.Popen([*command, "--db", str(crashed)], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    wal = Path(f"{crashed}.wal")
    deadline = time.time() + 60
    while time.time() < deadline and (not wal.exists() or wal.stat().st_size < 200_000):
        time.sleep(0.02)  # committed articles grow the write-ahead log: kill once some are in
    victim.send_signal(signal.SIGKILL)
    victim.wait()
    partial = snapshot(crashed)
    print(f"killed after {len(partial['articles'])} of 298 articles were stored")
    assert 0 < len(partial["articles"]) < 298, "the kill should land mid-ingest"
    subprocess.run([*command, "--db", str(crashed)], check=True, env=env, capture_output=True)
    assert snapshot(crashed) == snapshot(clean)
