"""The incident stage after a real ingest (spaCy coder): two halves of a small set of stories,
ingested in either order, give identical incidents; a second identical ingest changes nothing.
The stories are written for this test (no corpus text)."""

from __future__ import annotations

import json
import random

import dyad.api as api
from dyad.store import open_store

STORIES = [
    ("1987-10-19", "Wire", "U.S. warships shelled an Iranian oil platform in the Gulf on Monday, officials said."),
    ("1987-10-19", "Paper", "American destroyers shelled an Iranian oil platform on Monday, the Pentagon said."),
    ("1987-10-20", "Wire", "Iran accused the United States of aggression on Tuesday after the attack on its platform."),
    ("1987-10-20", "Radio", "Iran on Tuesday accused the United States of aggression over the shelling."),
    ("1987-10-16", "Wire", "Iran fired a missile at a tanker near Kuwait on Friday, shipping sources said."),
    ("1987-10-21", "Paper", "Japan and China held talks in Tokyo on Wednesday on trade."),
    ("1987-10-22", "Wire", "Chinese and Japanese officials held talks in Tokyo on Wednesday, a spokesman said."),
    ("1987-10-22", "Radio", "France urged Iran on Thursday to end attacks on shipping in the Gulf."),
]


def _write(path, stories) -> None:
    path.write_text("".join(json.dumps({"id": f"s{n}", "date": f"{day}T12:00:00", "source": outlet, "title": f"Story {n}",
                                        "text": text}) + "\n" for n, (day, outlet, text) in stories), encoding="utf-8")


def _incidents(db) -> list[str]:
    with open_store(db, read_only=True) as store:
        return sorted(json.dumps(i, sort_keys=True) for i in store.incidents())


def test_halves_in_either_order_give_identical_incidents_and_a_second_ingest_changes_nothing(tmp_path):
    numbered = list(enumerate(STORIES))
    random.Random(3).shuffle(numbered)
    first, second = numbered[:4], numbered[4:]
    _write(tmp_path / "a.jsonl", first)
    _write(tmp_path / "b.jsonl", second)
    results = []
    for name, order in (("ab", ("a", "b")), ("ba", ("b", "a"))):
        db = tmp_path / f"{name}.duckdb"
        for part in order:
            api.ingest([tmp_path / f"{part}.jsonl"], db=db)
        results.append(_incidents(db))
    assert results[0] == results[1]
    db = tmp_path / "ab.duckdb"
    with open_store(db, read_only=True) as store:
        events = store.counts()["events"]
        assigned = [e for i in store.incidents() for e in i["event_ids"]]
    assert events >= 6 and sorted(assigned) == sorted(set(assigned)) and len(assigned) == events
    assert any(i["article_count"] >= 2 for i in map(json.loads, results[0])), "some reports were fused"
    api.ingest([tmp_path / "a.jsonl", tmp_path / "b.jsonl"], db=db)
    assert _incidents(db) == results[0]
