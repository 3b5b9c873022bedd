"""The clustering metrics of the fusion gold and the merge of two annotators' incident labels."""

from dyad.corpus.fusion_gold import bcubed, merge_part, pairwise


def test_bcubed_and_pairwise_by_hand():
    gold = {"a": 1, "b": 1, "c": 2}
    pred = {"a": "x", "b": "y", "c": "y"}
    assert bcubed(pred, gold) == {"precision": 0.6667, "recall": 0.6667, "f1": 0.6667}
    assert pairwise(pred, gold)["f1"] == 0.0
    assert bcubed(gold, gold)["f1"] == 1.0 and pairwise(gold, gold)["f1"] == 1.0


def test_missing_prediction_counts_as_alone():
    gold = {"a": 1, "b": 1}
    assert bcubed({}, gold)["recall"] == 0.5
    assert pairwise({}, gold)["recall"] == 0.0


def _report(article, start, incident, source="USA", target="IRN", type_="ASSAULT"):
    return {"article": article, "sentence": {"start": start, "end": start + 10, "sha": "x"},
            "trigger": {"start": start + 1, "end": start + 3, "sha": "y"},
            "source": {"country": source}, "target": {"country": target}, "type": type_, "alt_types": [],
            "symmetric": False, "modality": "asserted", "date": None, "date_precision": "unknown",
            "incident": incident}


def test_merge_keeps_reports_both_wrote_and_scores_the_second_labels():
    first = [_report("r1", 0, "strike"), _report("r2", 0, "strike"), _report("r2", 50, "threat", "IRN", "USA", "THREATEN")]
    second = [_report("r1", 0, "A"), _report("r2", 0, "B"), _report("r3", 0, "C")]
    gold, figures = merge_part(first, second)
    assert [g["id"] for g in gold] == ["r1#1", "r2#1"]
    assert {g["incident"] for g in gold} == {"strike"}
    assert figures["reports_both"] == 2 and figures["incidents"] == 1
    assert figures["pairwise"]["recall"] == 0.0


def test_shipped_fusion_gold_has_what_issue_12_asks():
    import json
    from pathlib import Path

    folder = Path(__file__).resolve().parents[1] / "corpus" / "fusion"
    parts = {p: [json.loads(line) for line in (folder / f"{p}.jsonl").read_text(encoding="utf-8").splitlines()]
             for p in ("fusion-dev", "fusion-test")}
    mentions = sum(len(v) for v in parts.values())
    incidents = {(p, r["incident"]) for p, v in parts.items() for r in v}
    assert mentions >= 150 and len(incidents) >= 30 and len(parts["fusion-test"]) >= 60
    # No text is kept, only offsets and hashes.
    assert all("quote" not in r and "text" not in r for v in parts.values() for r in v)
    test_articles = {r["article_id"] for r in parts["fusion-test"]}
    assert not test_articles & {r["article_id"] for r in parts["fusion-dev"]}
    agreement = json.loads((folder / "agreement.json").read_text())
    assert agreement["fusion-test"]["bcubed"]["f1"] >= 0.9
