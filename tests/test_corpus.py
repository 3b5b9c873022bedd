"""The open annotated corpus: format, splits, anchoring, adjudication, and no leaks into training."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dyad.corpus.adjudicate import adjudicate
from dyad.corpus.anchor import AnchorError, anchor, sentence_bounds, span_hash
from dyad.corpus.load import CORPUS, SPLITS, hash_errors, read_records, texts_for

from .conftest import requires_shared

SCHEMA = json.loads((Path(__file__).resolve().parents[1] / "dyad" / "corpus" / "schema.json").read_text())
FLOORS = json.loads((Path(__file__).parent / "quality_floors.json").read_text())


def _articles() -> list[dict]:
    return [json.loads(line) for line in (CORPUS / "articles.jsonl").read_text().splitlines() if line.strip()]


def _all_records() -> list[tuple[str, dict]]:
    files = sorted((CORPUS / "annotations").glob("*.jsonl")) + [CORPUS / f"{s}.jsonl" for s in SPLITS]
    return [(path.name, json.loads(line)) for path in files if path.exists()
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_every_record_follows_the_schema():
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(SCHEMA)
    records = _all_records()
    assert records, "the corpus holds no annotation"
    problems = [f"{name} {r.get('id')}: {e.message}" for name, r in records for e in validator.iter_errors(r)]
    assert not problems, problems[:10]


def test_records_keep_no_text():
    """Only codes, offsets and hashes: no string value long enough to carry the article's words."""
    allowed_long = {"id", "article", "batch", "annotator"}

    def strings(value, key=""):
        if isinstance(value, dict):
            for k, v in value.items():
                yield from strings(v, k)
        elif isinstance(value, list):
            for v in value:
                yield from strings(v, key)
        elif isinstance(value, str) and key not in allowed_long:
            yield key, value

    long = [(name, k, v) for name, r in _all_records() for k, v in strings(r) if len(v) > 24]
    assert not long, long[:5]


def test_splits_are_fixed_by_cluster_and_keep_tuned_articles_out_of_test():
    rows = _articles()
    assert len({r["article"] for r in rows}) == len(rows)
    split_of_cluster: dict[str, set[str]] = {}
    for r in rows:
        split_of_cluster.setdefault(r["cluster"], set()).add(r["split"])
    assert all(len(s) == 1 for s in split_of_cluster.values()), "a near-duplicate cluster straddles splits"
    tuned = {json.loads(line)["article"] for line in
             (Path(__file__).resolve().parents[1] / "benchmarks/gold/articles-dev.jsonl").read_text().splitlines()}
    assert not {r["article"] for r in rows if r["split"] == "test"} & tuned
    split = {r["article"]: r["split"] for r in rows}
    for name in SPLITS:
        assert {r["article"] for r in read_records(name)} <= {a for a, s in split.items() if s == name}


def test_corpus_size_floors():
    events = [r for s in SPLITS for r in read_records(s) if not r.get("no_events")]
    articles = {r["article"] for s in SPLITS for r in read_records(s)}
    doubled = {r["article"] for r in read_records("test") if "+" in (r.get("annotator") or "")}
    assert len(articles) >= FLOORS["corpus_articles"]
    assert len(events) >= FLOORS["corpus_events"]
    assert len(doubled) >= FLOORS["corpus_double_annotated"]


def test_spans_match_their_hashes_in_the_shared_corpus():
    requires_shared("corpus", "reuters21578.jsonl")
    records = [r for s in SPLITS for r in read_records(s)]
    errors = hash_errors(records, texts_for(records))
    assert not errors, errors[:10]


def test_no_test_article_or_near_copy_of_one_is_in_training_data():
    requires_shared("corpus", "reuters21578.jsonl")
    from dyad.corpus.select import near_duplicate_clusters

    test = read_records("test")
    train = read_records("train") + read_records("dev")
    assert not {r["article"] for r in test} & {r["article"] for r in train}
    texts = texts_for(test + train)
    clusters = near_duplicate_clusters(list(texts.values()))
    test_clusters = {clusters[r["article"]] for r in test}
    leaked = sorted({r["article"] for r in train if clusters[r["article"]] in test_clusters})
    assert not leaked, f"near-copies of test articles in training data: {leaked[:5]}"


def test_shipped_model_was_trained_on_these_annotations():
    from dyad.events.learned import shipped_model
    from dyad.training import data_hash

    model = shipped_model()
    if model is None:
        pytest.skip("no trained model ships yet")
    assert model.card["data_hash"] == data_hash(), "annotations changed since training: run `make train`"


TEXT = ("The talks ended on Monday.\n\nIran\u2019s foreign minister  accused Iraq of shelling \u201cborder towns\u201d. "
        "Iraq denied it.")


def _line(**over):
    line = {"article": "x-1", "quote": "Iran's foreign minister accused Iraq of shelling \"border towns\"",
            "trigger": "accused", "source_text": "Iran's foreign minister", "source": "IRN", "source_sector": "GOV",
            "target_text": "Iraq", "target": "IRQ", "target_sector": None, "type": "ACCUSE", "modality": "asserted",
            "date": "1987-03-02", "date_precision": "day", "date_text": "on Monday", "scope": "international"}
    return {**line, **over}


def test_anchor_finds_quotes_copied_with_plain_quotes_and_single_spaces():
    record = anchor(_line(), TEXT)
    s, e = record["trigger"]["start"], record["trigger"]["end"]
    assert TEXT[s:e] == "accused" and record["trigger"]["sha"] == span_hash("accused")
    src = record["source"]["span"]
    assert TEXT[src["start"]:src["end"]] == "Iran\u2019s foreign minister"
    assert TEXT[record["sentence"]["start"]:record["sentence"]["end"]].endswith("\u201cborder towns\u201d.")
    date = record["date_span"]
    assert TEXT[date["start"]:date["end"]] == "on Monday"  # found before the quote, nearest first


@pytest.mark.parametrize("bad, message", [
    ({"quote": "Iran accused Kuwait"}, "quote"),
    ({"trigger": "denied"}, "trigger"),
    ({"type": "ATTACK"}, "PLOVER type"),
    ({"target": None, "target_text": None}, "international"),
    ({"date": "March 2"}, "date"),
])
def test_anchor_rejects_what_is_not_in_the_text_or_not_a_code(bad, message):
    with pytest.raises(AnchorError, match=message):
        anchor(_line(**bad), TEXT)


def test_sentence_bounds_stop_at_sentence_ends():
    text = "First one. Second sentence here. Third."
    start = text.index("sentence")
    assert text[slice(*sentence_bounds(text, start, start + 8))] == "Second sentence here."


def _event(annotator, type_, trigger, src="IRN", tgt="IRQ", **over):
    return {"article": "x-1", "annotator": annotator, "batch": f"test-01-{'a' if annotator == 'A' else 'b'}",
            "sentence": {"start": 0, "end": 50, "sha": "0" * 16}, "trigger": {"start": trigger, "end": trigger + 5,
                                                                          "sha": "0" * 16},
            "source": {"country": src}, "target": {"country": tgt}, "type": type_, "alt_types": [],
            "modality": "asserted", "date": "1987-03-02", "optional": False, **over}


def test_adjudication_pairs_by_trigger_then_type_and_keeps_singletons_optional():
    first = [_event("A", "ACCUSE", 10), _event("A", "THREATEN", 30)]
    second = [_event("B", "REJECT", 10, modality="alleged"), _event("B", "ASSAULT", 40, src="IRQ", tgt="IRN")]
    merged = adjudicate(first, second)
    paired = [m for m in merged if m["adjudicated"] == "paired"]
    assert len(paired) == 1 and paired[0]["type"] == "ACCUSE" and paired[0]["alt_types"] == ["REJECT"]
    assert paired[0]["modality_ok"] == ["alleged", "asserted"] and not paired[0]["optional"]
    singles = [m for m in merged if m["adjudicated"] == "single"]
    assert {m["type"] for m in singles} == {"THREATEN", "ASSAULT"} and all(m["optional"] for m in singles)
    assert [m["id"] for m in merged] == ["x-1#1", "x-1#2", "x-1#3"]


def test_adjudication_keeps_an_agreed_negative():
    neg = {"article": "x-2", "no_events": True}
    merged = adjudicate([{**neg, "annotator": "A", "batch": "test-02-a"}], [{**neg, "annotator": "B", "batch": "test-02-b"}])
    assert merged == [{"id": "x-2#0", "article": "x-2", "annotator": "A+B", "batch": "test-02", "no_events": True,
                       "adjudicated": "negative"}]
