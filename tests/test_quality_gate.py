"""The evaluation gate: accuracy on the development gold may not fall below the pinned floors.

Floors live in tests/quality_floors.json and only go up. The figures are computed with dyad's own
scorer and checked against the reference scorer in ../shared/tools, so the gate measures exactly
what outside evaluators measure. Skipped, with the reason, when ../shared is absent.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from dyad.evaluate import load_jsonl, score_events, score_types
from dyad.models import Failure, RawDocument
from dyad.sources import iter_documents
from tests.conftest import load_benchmark, requires_shared

FLOORS = json.loads((Path(__file__).with_name("quality_floors.json")).read_text())


def _code(coder, raws) -> list[dict]:
    from dyad.documents import build_article

    articles = [build_article(r) for r in raws if isinstance(r, RawDocument)]
    coded = list(coder.code_articles(articles))
    failures = [c for c in coded if isinstance(c, Failure)]
    assert not failures, f"coding failed on development articles: {failures[:3]}"
    return [e.to_record() for c in coded for e in c.events]


def _coded_file(coder, tmp_path_factory, corpus_file: str, name: str):
    """The events of one development corpus file, and the same written as JSONL for the scorers."""
    events = _code(coder, iter_documents([str(requires_shared("corpus", corpus_file))]))
    path = tmp_path_factory.mktemp("gate") / name
    path.write_text("".join(json.dumps(e) + "\n" for e in events), encoding="utf-8")
    return path, events


@pytest.fixture(scope="module")
def reference(coder, tmp_path_factory):
    return _coded_file(coder, tmp_path_factory, "reuters-2023-09-15-putin-kim.txt", "reference.jsonl")


@pytest.fixture(scope="module")
def gsr(coder, tmp_path_factory):
    return _coded_file(coder, tmp_path_factory, "plover-gsr-sentences.jsonl", "gsr.jsonl")


def _reference_scorer(gold: Path, predicted: Path) -> dict:
    scorer = requires_shared("tools", "score_events.py")
    out = subprocess.run([sys.executable, str(scorer), str(gold), str(predicted), "--json"], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out)


def test_reference_article(reference):
    path, events = reference
    gold_path = requires_shared("gold", "reuters-2023-09-15-putin-kim.jsonl")
    scores = score_events(load_jsonl(gold_path), events)
    event = scores["event"]
    report = f"reference article: event F1 {event.f1:.3f}, modality {event.modality_accuracy}, missed " \
             f"{[g['id'] for g in event.missed]}, spurious {[s.key for s in event.spurious]}"
    print(report)
    assert event.f1 >= FLOORS["reference_event_f1"], report
    assert (event.modality_accuracy or 0) >= FLOORS["reference_modality_accuracy"], report
    official = _reference_scorer(gold_path, path)
    assert official["event"]["f1"] == round(event.f1, 3)
    assert official["triple"]["f1"] == round(scores["triple"].f1, 3)


def test_plover_gold_sentences(gsr):
    path, events = gsr
    types_gold = requires_shared("gold", "plover-gsr-types.jsonl")
    dyads_gold = requires_shared("gold", "plover-gsr-dyads.jsonl")
    types = score_types(load_jsonl(types_gold), events)
    triple = score_events(load_jsonl(dyads_gold), events)["triple"]
    report = f"PLOVER sentences: type recall {types['type_recall']:.3f}, triple F1 {triple.f1:.3f} " \
             f"(P {triple.precision:.3f} R {triple.recall:.3f})"
    print(report)
    assert types["type_recall"] >= FLOORS["gsr_type_recall"], report
    assert triple.f1 >= FLOORS["gsr_triple_f1"], report
    assert _reference_scorer(types_gold, path)["type_recall"] == types["type_recall"]
    assert _reference_scorer(dyads_gold, path)["triple"]["f1"] == round(triple.f1, 3)


def test_confidence_is_calibrated(reference, gsr):
    """Events of confidence 0.7 or more are right at least 70% of the time on the development gold."""
    from dyad.evaluate import report

    rows = []
    for (_, events), gold in ((reference, ("gold", "reuters-2023-09-15-putin-kim.jsonl")),
                              (gsr, ("gold", "plover-gsr-dyads.jsonl"))):
        rows += [r for r in report(load_jsonl(requires_shared(*gold)), events)["calibration"]
                 if r["confidence"] == "0.7+"]
    right = sum(r["precision"] * r["groups"] for r in rows)
    groups = sum(r["groups"] for r in rows)
    print(f"confidence >= 0.7: {right / groups:.3f} right over {groups} event groups")
    assert right / groups >= FLOORS["calibrated_precision_at_0_7"]


def test_evaluate_command_matches_the_reference_scorer(reference, tmp_path):
    from typer.testing import CliRunner

    from dyad.cli import app

    path, _ = reference
    gold = requires_shared("gold", "reuters-2023-09-15-putin-kim.jsonl")
    out = CliRunner().invoke(app, ["evaluate", str(gold), "--events", str(path), "--format", "json"]).output
    ours = json.loads(out)
    official = _reference_scorer(gold, path)
    for level in ("triple", "event"):
        for key in ("tp", "fp", "fn", "precision", "recall", "f1", "modality_accuracy", "missed"):
            assert ours[level][key] == official[level][key], (level, key)


def test_whole_articles_of_the_projects_own_gold(coder, tmp_path):
    """45 real articles annotated for dyad (benchmarks/gold/articles-dev.jsonl): the article-level
    accuracy, where one story's events must be found across its sentences, not one per sentence."""
    requires_shared("corpus", "reuters21578.jsonl")
    bench = load_benchmark("evaluate_articles")
    gold, ids = bench.load_gold()
    records = bench.articles(ids)
    assert {r["id"] for r in records} == ids, "an article of the gold is missing from ../shared/corpus"
    events = [e for e in bench.code(coder, records, tmp_path) if e["article_id"] in ids]
    triple = score_events(gold, events)["triple"]
    assert triple.f1 >= FLOORS["articles_dev_triple_f1"], (triple.precision, triple.recall, triple.f1)


def test_corpus_dev_and_test_splits():
    """Whole articles of dyad's own corpus, scored like the outside evaluation; dev chose the
    trained step's thresholds, test chose nothing (docs/MODEL.md)."""
    requires_shared("corpus", "reuters21578.jsonl")
    from dyad.corpus.evaluate import evaluate

    report = evaluate(("dev", "test"))
    line = ", ".join(f"{s} triple F1 {r['triple']['f1']} (P {r['triple']['precision']} R {r['triple']['recall']})"
                     for s, r in report.items())
    print(line)
    assert report["dev"]["articles"] == FLOORS["corpus_dev_articles"], "the dev split changed: re-pin its floor"
    assert report["dev"]["triple"]["f1"] >= FLOORS["corpus_dev_triple_f1"], line
    assert report["test"]["triple"]["f1"] >= FLOORS["corpus_test_triple_f1"], line
