"""The parsing stage, fusion of repeated reports, settings, and the worker pool."""

from __future__ import annotations

import pytest

from dyad.engine import run_ingest
from dyad.errors import ConfigError, ModelNotFound
from dyad.settings import load_settings
from dyad.store import open_store
from tests.conftest import EXAMPLES


def test_every_line_break_starts_a_sentence(coder):
    doc = coder.nlp("'FRIENDSHIP'\nOver lunch, Kim toasted Putin.\n\"Quote without end\nNext paragraph here.")
    starts = [s.text.strip() for s in doc.sents if s.text.strip()]
    assert starts[0] == "'FRIENDSHIP'"
    assert starts[1].startswith("Over lunch")
    assert any(s.startswith("Next paragraph") for s in starts)


def test_unknown_model_is_a_clear_error():
    from dyad.nlp import load_pipeline

    with pytest.raises(ModelNotFound, match="not installed"):
        load_pipeline("no_such_model_xx")


def test_one_event_reported_twice_is_one_record_with_two_mentions(code):
    text = ("Japan imposed sanctions on North Korea on Monday.\n"
            "The sanctions on North Korea, imposed by Japan on Monday, target shipping.")
    records = [r for r in code(text) if r["type"] == "SANCTION"]
    assert len(records) == 1 and records[0]["mentions"] == 2


def test_fusion_keeps_the_best_dated_mention(code):
    text = ("Russia and China held talks.\n"
            "The talks, held in Beijing on Wednesday, covered trade.")
    record = [r for r in code(text, date="2023-09-15") if r["type"] == "CONSULT"][0]
    assert record["date"] == "2023-09-13" and record["evidence"]["sentence_index"] == 1


def test_different_dates_are_different_events(code):
    text = "Putin visited Pyongyang in July 2000.\nPutin visited Pyongyang again in June 2024."
    dates = sorted(r["date"] for r in code(text, date="2024-06-30") if r["type"] == "CONSULT")
    assert dates == ["2000-07", "2024-06"]


def test_settings_precedence(tmp_path, monkeypatch):
    config = tmp_path / "dyad.toml"
    config.write_text('[dyad]\ndb = "from-file.duckdb"\nworkers = 3\n', encoding="utf-8")
    monkeypatch.setenv("DYAD_CONFIG", str(config))
    monkeypatch.setenv("DYAD_WORKERS", "2")
    settings = load_settings().with_flags(batch_size=8)
    assert (settings.db, settings.workers, settings.batch_size) == ("from-file.duckdb", 2, 8)
    monkeypatch.setenv("DYAD_WORKERS", "zero")
    with pytest.raises(ConfigError, match="DYAD_WORKERS: workers must be a whole number"):
        load_settings()


def test_worker_pool_stores_the_same_events_as_one_process(tmp_path):
    with open_store(tmp_path / "one.duckdb") as one, open_store(tmp_path / "two.duckdb") as two:
        a = run_ingest([str(EXAMPLES)], one, workers=1, batch_size=2)
        b = run_ingest([str(EXAMPLES)], two, workers=2, batch_size=2)
        assert (a.stored, a.events) == (b.stored, b.events) and a.events > 0
        ids = sorted(e["event_id"] for e in one.iter_events())
        assert ids == sorted(e["event_id"] for e in two.iter_events())
