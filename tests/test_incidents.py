"""Incidents: mentions of one real-world event across articles grouped into one incident,
incrementally, idempotently and whatever the order of ingestion (docs/INCIDENTS.md)."""

from __future__ import annotations

import json
import random
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from dyad.errors import ConfigError
from dyad.incidents import load_params, update_incidents
from dyad.models import Actor, Article, CodedArticle, Event, Evidence, Location
from dyad.store import open_store


def article(n: int, outlet: str = "Wire", day: date = date(1987, 10, 20)) -> Article:
    return Article(id=f"a_{n:03d}", text=f"Body of article {n}. " * 5, content_hash=f"h_{n:03d}",
                   title=f"Story {n}", outlet=outlet, url=f"https://example.org/{n}",
                   published=datetime(day.year, day.month, day.day, 9, n % 60, tzinfo=UTC), story_date=day,
                   origin="test.jsonl", position=n)


def event(a: Article, index: int = 0, *, type: str = "ASSAULT", source: str = "USA", target: str = "IRN",
          when: str | None = "1987-10-19", precision: str = "day", basis: str = "explicit",
          modality: str = "asserted", place: str | None = "IRN", reciprocal: bool = False,
          confidence: float = 0.6, source_name: str | None = None) -> Event:
    quad = {"ASSAULT": 4, "COERCE": 4, "CONSULT": 1, "ACCUSE": 3}[type]
    if basis == "publication" and a.story_date:
        when, precision = a.story_date.isoformat(), "day"
    return Event(
        event_id=f"e_{a.id}_{index}", article_id=a.id, type=type, mode=None, contexts=("military",),
        cameo=None, quad_class=quad, intensity=-9.0 if quad == 4 else 1.0,
        source=Actor(source, name=source_name or source, country=source, sector="GOV" if source_name else None,
                     code=source),
        target=Actor(target, name=target, country=target, sector=None, code=target),
        date=when, date_precision=precision if when else "unknown", date_basis=basis,
        story_date=a.story_date.isoformat() if a.story_date else None, modality=modality, attribution=None,
        location=Location("Gulf platform", country=place) if place else None,
        evidence=Evidence(sentence_index=index, sentence=f"Sentence {index} of {a.id}.", trigger="attack",
                          char_start=0, char_end=6),
        confidence=confidence, reciprocal=reciprocal)


def store_with(*items: CodedArticle):
    store = open_store(":memory:")
    for item in items:
        store.add(item)
    update_incidents(store)
    return store


def groups(store) -> set[frozenset[str]]:
    return {frozenset(i["event_ids"]) for i in store.incidents()}


def test_reports_of_one_strike_across_outlets_are_one_incident_with_its_evidence():
    a1, a2, a3 = article(1, "Wire"), article(2, "Paper"), article(3, "Wire", date(1987, 10, 20))
    store = store_with(CodedArticle(a1, (event(a1),)), CodedArticle(a2, (event(a2, confidence=0.5),)),
                       CodedArticle(a3, (event(a3, basis="publication", place=None),)))
    (incident,) = store.incidents()
    assert incident["event_ids"] == ["e_a_001_0", "e_a_002_0", "e_a_003_0"]
    assert incident["article_count"] == 3 and incident["outlets"] == ["Paper", "Wire"]
    assert incident["date"] == "1987-10-19" and incident["location"]["country"] == "IRN"
    assert incident["confidence"] > 0.6, "independent reports raise confidence above the best single one"
    assert incident["first_reported"] < incident["last_reported"]
    assert {m["sentence"] for m in incident["mentions"]} == {"Sentence 0 of a_001.", "Sentence 0 of a_002.",
                                                           "Sentence 0 of a_003."}
    assert store.incident(incident["incident_id"]) == incident


def test_a_story_dated_report_joins_only_when_the_articles_time_words_agree():
    a1, a2 = article(1), article(2, day=date(1987, 10, 20))
    # a2's text dates another of its events to a month earlier: its undated report is not this strike
    a2_events = (event(a2, 0, basis="publication", place=None),
                 event(a2, 1, type="ACCUSE", source="IRN", target="USA", when="1987-09-21"))
    store = store_with(CodedArticle(a1, (event(a1),)), CodedArticle(a2, a2_events))
    assert frozenset({"e_a_001_0", "e_a_002_0"}) not in groups(store)
    a3 = article(3, day=date(1987, 10, 21))
    a3_events = (event(a3, 0, basis="publication", place=None),
                 event(a3, 1, type="ACCUSE", source="IRN", target="USA", when="1987-10-19"))
    store = store_with(CodedArticle(a1, (event(a1),)), CodedArticle(a3, a3_events))
    assert frozenset({"e_a_001_0", "e_a_003_0"}) in groups(store)


def test_different_days_places_people_or_dyads_stay_apart_and_plover_equivalents_join():
    a = [article(n) for n in range(1, 8)]
    store = store_with(
        CodedArticle(a[0], (event(a[0]),)),
        CodedArticle(a[1], (event(a[1], when="1987-09-21"),)),          # another day
        CodedArticle(a[2], (event(a[2], place="KWT"),)),                 # another place
        CodedArticle(a[3], (event(a[3], source="IRN", target="USA"),)),  # the other direction
        CodedArticle(a[4], (event(a[4], type="COERCE"),)),               # COERCE and ASSAULT are one act
        CodedArticle(a[5], (event(a[5], when="1987-10", precision="month"),)),  # month precision fits
    )
    assert groups(store) == {frozenset({"e_a_001_0", "e_a_005_0", "e_a_006_0"}), frozenset({"e_a_002_0"}),
                             frozenset({"e_a_003_0"}), frozenset({"e_a_004_0"})}
    b1, b2 = article(11), article(12)
    store = store_with(CodedArticle(b1, (event(b1, source_name="Ronald Reagan"),)),
                       CodedArticle(b2, (event(b2, source_name="Caspar Weinberger"),)))
    assert len(store.incidents()) == 2, "two named people on the same side are two incidents"


def test_a_mutual_act_is_one_incident_whichever_way_round_it_was_stored():
    a1, a2 = article(1), article(2)
    store = store_with(
        CodedArticle(a1, (event(a1, type="CONSULT", source="IRN", target="IRQ", reciprocal=True),)),
        CodedArticle(a2, (event(a2, type="CONSULT", source="IRQ", target="IRN", reciprocal=True),)))
    (incident,) = store.incidents()
    assert incident["symmetric"] and incident["mention_count"] == 2


def test_majority_modality_and_a_denial_are_both_kept():
    a = [article(n) for n in range(1, 4)]
    store = store_with(*(CodedArticle(x, (event(x, modality="negated" if i == 2 else "asserted"),))
                         for i, x in enumerate(a)))
    (incident,) = store.incidents()
    assert incident["modality"] == "asserted" and incident["denied"] is True


def _corpus() -> list[CodedArticle]:
    rng = random.Random(7)
    items = []
    for n in range(1, 41):
        a = article(n, outlet=rng.choice(["Wire", "Paper", "Radio"]), day=date(1987, 10, rng.randint(5, 25)))
        events = []
        for i in range(rng.randint(1, 3)):
            day = rng.randint(1, 25)
            basis = rng.choice(["explicit", "explicit", "publication"])
            events.append(event(a, i, type=rng.choice(["ASSAULT", "COERCE", "ACCUSE"]),
                                source=rng.choice(["USA", "IRN"]), target=rng.choice(["IRN", "IRQ"]),
                                when=f"1987-10-{day:02d}", basis=basis, place=rng.choice(["IRN", None])))
        items.append(CodedArticle(a, tuple(events)))
    return items


def _snapshot(store) -> list[str]:
    return sorted(json.dumps(i, sort_keys=True) for i in store.incidents())


def test_every_event_is_in_exactly_one_incident_and_a_second_run_changes_nothing():
    store = store_with(*_corpus())
    counts = store.counts()
    ids = [e for i in store.incidents() for e in i["event_ids"]]
    assert len(ids) == len(set(ids)) == counts["events"]
    before = _snapshot(store)
    again = update_incidents(store)
    assert again.blocks == 0 and again.new_events == 0 and _snapshot(store) == before
    for item in _corpus():  # the same articles again: duplicates, nothing changes
        store.add(item)
    assert update_incidents(store).blocks == 0 and _snapshot(store) == before


def test_two_halves_in_either_order_and_in_many_runs_give_identical_incidents():
    items = _corpus()
    one_go = _snapshot(store_with(*items))
    half = len(items) // 2
    results = []
    for first, second in ((items[:half], items[half:]), (items[half:], items[:half])):
        store = open_store(":memory:")
        for part in (first, second):
            for item in reversed(part):
                store.add(item)
            update_incidents(store)
        results.append(_snapshot(store))
    assert results[0] == results[1] == one_go


def test_recoded_articles_and_new_parameters_redo_only_what_they_touch(tmp_path):
    a1, a2 = article(1), article(2)
    store = store_with(CodedArticle(a1, (event(a1),)), CodedArticle(a2, (event(a2),)))
    assert len(store.incidents()) == 1
    store.replace_events(CodedArticle(a2, (event(a2, when="1987-09-01"),)))
    update = update_incidents(store)
    assert update.blocks == 1 and len(store.incidents()) == 2
    params = replace(load_params(), date_tolerance_days=60, fingerprint="other")
    assert update_incidents(store, params).rebuilt and len(store.incidents()) == 1
    assert update_incidents(store).rebuilt, "back to the default parameters: rebuilt again"
    bad = tmp_path / "params.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(ConfigError, match="params.json"):
        load_params(bad)


def test_the_scorer_matches_gold_by_overlapping_sentence_and_scores_against_baselines(tmp_path, capsys):
    from dyad.incidents.evaluate import bcubed, main, pairwise

    gold, predicted = {0: "x", 1: "x", 2: "y"}, {0: 1, 1: 1, 2: 1}
    assert bcubed(gold, predicted) == pytest.approx((5 / 9, 1.0, 2 * (5 / 9) / (1 + 5 / 9)))
    assert pairwise(gold, predicted) == pytest.approx((1 / 3, 1.0, 0.5))
    a1, a2, a3 = article(1), article(2, "Paper"), article(3)
    db = str(tmp_path / "store.duckdb")
    with open_store(db) as store:
        for item in (CodedArticle(a1, (event(a1),)), CodedArticle(a2, (event(a2),)),
                     CodedArticle(a3, (event(a3, when="1987-10-05"),))):
            store.add(item)
    # evidence offsets are 0..6 in every article (see event()); a span elsewhere matches nothing
    lines = [{"article_id": "a_001", "sentence_start": 0, "sentence_end": 40, "source": "USA", "target": "IRN",
              "type": "ASSAULT", "incident": "strike", "split": "test"},
             {"article_id": "a_002", "sentence_start": 2, "sentence_end": 5, "source": "USAMIL", "target": "IRN",
              "type": "ASSAULT", "incident": "strike", "split": "test"},
             {"article_id": "a_003", "sentence_start": 0, "sentence_end": 9, "source": "USA", "target": "IRN",
              "type": "ASSAULT", "incident": "earlier", "split": "test"},
             {"article_id": "a_003", "sentence_start": 500, "sentence_end": 600, "source": "USA", "target": "IRN",
              "type": "ASSAULT", "incident": "ghost", "split": "test"},
             {"article_id": "a_001", "sentence_start": 0, "sentence_end": 9, "incident": "dev only", "split": "dev"}]
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    assert main([str(path), "--db", db, "--split", "test", "--format", "json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert (result["gold_mentions"], result["matched"], result["unmatched"]) == (4, 3, 1)
    dyad_scores = result["scores"]["dyad"]
    assert dyad_scores["bcubed"]["f1"] == 1.0 and dyad_scores["pairwise"]["f1"] == 1.0
    alone = result["scores"]["baseline: every mention alone"]["pairwise"]
    assert alone["recall"] == 0.0
    monthly = result["scores"]["baseline: dyad, type and month"]["pairwise"]
    assert monthly["precision"] == pytest.approx(1 / 3, abs=1e-3) and monthly["recall"] == 1.0
