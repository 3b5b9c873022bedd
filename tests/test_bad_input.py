"""Bad input (issue 10, findings 4-7 and 9): one bad item, line or byte never costs the rest."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from dyad.cli import app

runner = CliRunner()
GOLD = Path(__file__).resolve().parents[1] / "benchmarks" / "gold" / "articles-dev.jsonl"


def _event(article: str, source: str, target: str, type_: str) -> dict:
    return {"article_id": article, "source": {"country": source}, "target": {"country": target}, "type": type_,
            "date": "2024-05-15", "modality": "asserted", "confidence": 0.8,
            "evidence": {"sentence": f"{source} and {target}."}}


def _write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


# -- finding 7: `dyad evaluate` on gold with `no_events` lines ---------------------------------------

def test_evaluate_reads_no_events_lines_and_counts_events_there_as_spurious(tmp_path):
    gold = _write_jsonl(tmp_path / "gold.jsonl", [
        {"article": "quiet", "batch": "dev-1", "no_events": True},  # first line: not taken for type gold
        {"article": "talks", "id": "g1", "source": "RUS", "target": "CHN", "type": "CONSULT", "symmetric": True},
    ])
    events = _write_jsonl(tmp_path / "events.jsonl", [_event("talks", "CHN", "RUS", "CONSULT"),
                                                      _event("quiet", "USA", "IRN", "THREATEN")])
    result = runner.invoke(app, ["evaluate", str(gold), "--events", str(events), "--format", "json"])
    assert result.exit_code == 0, result.output
    triple = json.loads(result.output)["triple"]
    assert (triple["tp"], triple["fp"], triple["fn"]) == (1, 1, 0)
    assert triple["spurious"] == [["quiet", "USA", "IRN", "THREATEN", "2024-05-15"]]


def test_evaluate_runs_on_the_projects_own_article_gold(tmp_path):
    events = _write_jsonl(tmp_path / "events.jsonl", [_event("reuters21578-1574", "USA", "SUN", "AGREE")])
    result = runner.invoke(app, ["evaluate", str(GOLD), "--events", str(events)])
    assert result.exit_code == 0, result.output
    assert "triple" in result.output
