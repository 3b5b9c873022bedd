"""The trained step beside the rules, the coder version on every event, --explain and recode."""

from __future__ import annotations

import json

import numpy as np
import pytest
from typer.testing import CliRunner

from dyad.cli import app
from dyad.events.learned import MODEL_CONFIDENCE_CAP, N_BUCKETS, LearnedStep, PairModel, bucket, shipped_model
from dyad.training import TYPES

runner = CliRunner()


def _model(add: float = 0.5, veto: float = 0.0, favour: str = "CONSULT", event_bias: float = 5.0,
           add_new: float = 0.5) -> PairModel:
    """A model that sees an event between every pair, of the `favour` type."""
    type_bias = np.full(len(TYPES), -5.0, dtype=np.float32)
    type_bias[TYPES.index(favour)] = 5.0
    return PairModel(TYPES, np.zeros(N_BUCKETS, np.float32), np.zeros(384, np.float32), event_bias,
                     np.zeros((N_BUCKETS, len(TYPES)), np.float32), np.zeros((384, len(TYPES)), np.float32),
                     type_bias, 0.2, add, veto, add_new)


@pytest.fixture(scope="module")
def nlp_coder():
    from dyad.actors.resolve import ActorResolver
    from dyad.events.coder import EventCoder
    from dyad.flow import Coder

    def make(step):
        coder = Coder(learned=False)
        coder.events = EventCoder(resolver=ActorResolver(), pair_step=step)
        return coder

    return make


def _code(coder, text: str) -> list[dict]:
    from dyad.flow import article_from_text

    return [e.to_record() for e in coder.code_article(article_from_text(text, story_date="2024-05-15")).events]


def test_the_model_adds_an_event_the_rules_do_not_code(nlp_coder):
    text = "Norway's prime minister was in Chile on Monday."
    rules = _code(nlp_coder(None), text)
    assert not [r for r in rules if (r["source"] or {}).get("country") == "NOR" and r["type"] == "CONSULT"]
    learned = _code(nlp_coder(LearnedStep(_model())), text)
    added = [r for r in learned if r["coder"]["steps"] == ["model"]]
    assert {((r["source"] or {}).get("country"), (r["target"] or {}).get("country"), r["type"]) for r in added} \
        == {("NOR", "CHL", "CONSULT")}  # a mutual act: once for the pair
    assert all(r["confidence"] <= MODEL_CONFIDENCE_CAP and r["coder"]["model_score"] > 0.9 for r in added)


def test_pairs_the_rules_did_not_code_have_their_own_threshold(nlp_coder):
    text = "Norway's prime minister was in Chile on Monday."
    learned = _code(nlp_coder(LearnedStep(_model(add=0.5, add_new=2.0))), text)
    assert not [r for r in learned if r["coder"]["steps"] == ["model"]]


def test_per_type_thresholds_decide_which_second_acts_are_added(nlp_coder):
    text = "Japan imposed sanctions on North Korea on Monday."
    model = _model(add=2.0, add_new=2.0, favour="ACCUSE")
    assert [r["type"] for r in _code(nlp_coder(LearnedStep(model)), text)] == ["SANCTION"]
    model.type_thresholds = {"ACCUSE": 0.5}
    coded = _code(nlp_coder(LearnedStep(model)), text)
    triples = {(r["source"]["country"], r["target"]["country"], r["type"]) for r in coded}
    assert {("JPN", "PRK", "SANCTION"), ("JPN", "PRK", "ACCUSE")} <= triples  # the toy model sees ACCUSE both ways
    assert all(r["coder"]["steps"] == ["model"] for r in coded if r["type"] == "ACCUSE")


def test_a_pair_the_rules_coded_earlier_in_the_article_has_its_own_threshold(nlp_coder):
    """The second sentence names the pair with no rule event: only the article tier can add to it."""
    text = ("Japan imposed sanctions on North Korea on Monday. "
            "Officials in Tokyo described North Korea as a grave danger, the ministry said.")
    model = _model(add=2.0, add_new=2.0, favour="ACCUSE")
    rules = _code(nlp_coder(LearnedStep(model)), text)
    assert not [r for r in rules if r["coder"]["steps"] == ["model"]]
    model.article_thresholds = {"ACCUSE": 0.5}
    coded = _code(nlp_coder(LearnedStep(model)), text)
    added = [r for r in coded if r["coder"]["steps"] == ["model"]]
    assert added and {(r["source"]["country"], r["target"]["country"], r["type"]) for r in added} \
        <= {("JPN", "PRK", "ACCUSE"), ("PRK", "JPN", "ACCUSE")}
    alone = _code(nlp_coder(LearnedStep(model)), "Officials in Tokyo described North Korea as a grave danger.")
    assert not [r for r in alone if r["coder"]["steps"] == ["model"]]  # no earlier rule event: not the article tier


def test_article_features_say_what_the_rules_coded_before():
    from dyad.events.pairs import article_features

    earlier = {("JPN", "PRK"): {"SANCTION"}}
    assert article_features("JPN", "PRK", earlier, 3) == ("art_rule=SANCTION", "sent_no=1")
    assert article_features("PRK", "JPN", earlier, 30) == ("art_rule_rev=SANCTION", "sent_no=5")
    assert article_features("CHN", "PRK", earlier, 0) == ("art_none", "sent_no=0")


def test_the_model_vetoes_a_rule_event_it_scores_low(nlp_coder):
    text = "Japan imposed sanctions on North Korea on Monday."
    kept = _code(nlp_coder(LearnedStep(_model(add=2.0, veto=0.0, add_new=2.0))), text)
    assert [r["type"] for r in kept] == ["SANCTION"] and kept[0]["coder"]["model_score"] < 0.01
    vetoed = _code(nlp_coder(LearnedStep(_model(add=2.0, veto=0.5, add_new=2.0))), text)
    assert vetoed == []


def test_features_hash_the_same_in_every_process():
    """Python's hash() changes between processes; the model's buckets must not."""
    import os
    import subprocess
    import sys

    features = ["lca=accuse", "rs=nsubj", "w=talk"]
    script = f"from dyad.events.learned import bucket; print([bucket(f) for f in {features!r}])"
    runs = {subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2")}
    assert runs == {f"{[bucket(f) for f in features]}\n"}


def test_the_shipped_model_loads_and_scores():
    model = shipped_model()
    if model is None:
        pytest.skip("no trained model ships")
    probs = model.probabilities(["lca=meet", "rs=nsubj", "rt=dobj"], np.zeros(384, np.float32))
    assert set(probs) == set(TYPES) and 0.0 <= sum(probs.values()) <= 1.0 + 1e-6
    assert all(0.0 < v <= 2.0 for v in (model.add_threshold, model.add_new_threshold, *model.type_thresholds.values()))
    assert model.card["data_hash"]


def test_every_event_records_its_coder_version(code):
    from dyad.version import knowledge_hash

    records = code("Japan imposed sanctions on North Korea on Monday.")
    version = records[0]["coder"]["version"]
    assert version.startswith("0.") and f"+k{knowledge_hash()}." in version
    assert records[0]["coder"]["steps"] == ["rules"] and records[0]["coder"]["trigger"] == "imposed"


def test_code_explain_names_the_step_and_score():
    result = runner.invoke(app, ["code", "Japan imposed sanctions on North Korea on Monday.", "--date", "2024-05-15",
                                 "--explain"])
    assert result.exit_code == 0, result.output
    assert "SANCTION JPN -> PRK: rules, trigger 'imposed', model score" in result.output
    assert "coder 0." in result.output


def test_recode_restores_and_is_idempotent(tmp_path):
    from dyad.api import recode
    from dyad.store import open_store

    db = tmp_path / "r.duckdb"
    assert runner.invoke(app, ["ingest", "examples/", "--db", str(db), "--quiet"]).exit_code == 0
    with open_store(db) as store:
        fresh = sorted(e["event_id"] for e in store.iter_events())
        article = store.articles(limit=1)[0]["article_id"]
        lost = len(store.events_of(article))
        with store._connection(write=True) as con:  # an older coder that found nothing here
            con.execute("DELETE FROM events WHERE article_id = ?", [article])
    assert lost > 0
    first = recode(db)
    assert first.changed == 1 and first.events_after - first.events_before == lost
    with open_store(db, read_only=True) as store:
        assert sorted(e["event_id"] for e in store.iter_events()) == fresh
    second = recode(db)
    assert second.changed == 0 and second.events_before == second.events_after == len(fresh)
    assert recode(db, since="2100-01-01").articles == 0


def test_recode_cli_says_what_it_did(tmp_path):
    db = tmp_path / "r.duckdb"
    runner.invoke(app, ["ingest", "examples/", "--db", str(db), "--quiet"])
    result = runner.invoke(app, ["recode", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "articles changed" in result.output and json.dumps(0) in result.output
    missing = runner.invoke(app, ["recode", "--db", str(tmp_path / "none.duckdb")])
    assert missing.exit_code == 2 and not (tmp_path / "none.duckdb").exists()
