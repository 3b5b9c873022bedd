"""The command line: every command documented, ingest/events/export round trip, bad input."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dyad.cli import app
from tests.conftest import EXAMPLES

runner = CliRunner()
README = Path(__file__).resolve().parents[1] / "README.md"


def commands() -> list[str]:
    import typer.main

    return sorted(typer.main.get_command(app).commands)


@pytest.mark.parametrize("name", commands())
def test_every_command_has_help_with_an_example_and_is_in_the_readme(name):
    result = runner.invoke(app, [name, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output, f"dyad {name} --help shows no example"
    assert re.search(rf"dyad {name}\b", README.read_text(encoding="utf-8")), f"README does not document dyad {name}"


def test_top_level_help_and_version():
    assert "who did what to whom" in runner.invoke(app, ["--help"]).output
    assert runner.invoke(app, ["--version"]).output.startswith("dyad ")


def test_the_distribution_version_is_the_package_version():
    """pyproject reads the version from dyad/version.py, so the two cannot drift apart."""
    from importlib.metadata import version

    from dyad import __version__

    assert version("dyad-events") == __version__


@pytest.fixture(scope="module")
def ingested(tmp_path_factory):
    db = tmp_path_factory.mktemp("db") / "t.duckdb"
    result = runner.invoke(app, ["ingest", str(EXAMPLES), "--db", str(db)])
    assert result.exit_code == 0, result.output
    return db, result


def test_ingest_examples_stores_articles_and_events(ingested):
    db, result = ingested
    assert "articles read" in result.output and "events stored" in result.output
    out = runner.invoke(app, ["events", "--db", str(db), "--format", "jsonl"]).output
    records = [json.loads(line) for line in out.splitlines()]
    assert len(records) >= 15
    types = {r["type"] for r in records}
    assert {"CONSULT", "ACCUSE", "REJECT", "SANCTION", "ASSAULT", "AID", "THREATEN"} <= types


def test_ingesting_again_changes_nothing(ingested, tmp_path):
    db, _ = ingested
    before = runner.invoke(app, ["export", "--db", str(db), "--format", "jsonl"]).output
    again = runner.invoke(app, ["ingest", str(EXAMPLES), "--db", str(db)])
    assert again.exit_code == 0
    assert re.search(r"skipped as duplicates\s*│\s*5", again.output), again.output
    assert runner.invoke(app, ["export", "--db", str(db), "--format", "jsonl"]).output == before


def test_events_filters_and_formats(ingested):
    db, _ = ingested
    out = runner.invoke(app, ["events", "--db", str(db), "--actor", "CHN", "--format", "jsonl"]).output
    records = [json.loads(line) for line in out.splitlines()]
    assert records and all("CHN" in {(r["source"] or {}).get("country"), (r["target"] or {}).get("country")}
                           for r in records)
    dates = [r["date"] for r in records if r["date"]]
    assert dates == sorted(dates, reverse=True)
    csv_out = runner.invoke(app, ["events", "--db", str(db), "--type", "ASSAULT", "--format", "csv"]).output
    assert csv_out.splitlines()[0].startswith("schema_version,event_id")
    table = runner.invoke(app, ["events", "--db", str(db), "--limit", "3"]).output
    assert "3 events" in table


def test_bad_query_parameter_is_one_line_error(ingested):
    db, _ = ingested
    result = runner.invoke(app, ["events", "--db", str(db), "--since", "last tuesday"])
    assert result.exit_code == 2
    assert "since" in result.output and len(result.output.strip().splitlines()) == 1


def test_export_formats(ingested, tmp_path):
    db, _ = ingested
    import pyarrow.parquet as pq

    parquet = tmp_path / "e.parquet"
    assert runner.invoke(app, ["export", "--db", str(db), "--format", "parquet", "--out", str(parquet)]).exit_code == 0
    table = pq.read_table(parquet)
    assert "source_country" in table.column_names and table.num_rows >= 15
    jsonl = runner.invoke(app, ["export", "--db", str(db), "--format", "jsonl"]).output.splitlines()
    assert len(jsonl) == table.num_rows
    assert runner.invoke(app, ["export", "--db", str(db), "--format", "parquet"]).exit_code == 2


def test_bad_items_fail_alone_and_the_rest_is_stored(tmp_path):
    batch = tmp_path / "batch"
    batch.mkdir()
    (batch / "empty.txt").write_bytes(b"")
    (batch / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (batch / "lines.jsonl").write_text(
        '{"id": "ok-1", "text": "Japan imposed sanctions on North Korea on Monday.", "date": "2024-05-15"}\n'
        '{"id": "bad", "text": \n'
        '{"id": "ok-2", "text": "Chile praised Argentina for its climate efforts.", "date": "2024-05-15"}\n',
        encoding="utf-8")
    db = tmp_path / "b.duckdb"
    result = runner.invoke(app, ["ingest", str(batch), "--db", str(db)])
    assert result.exit_code == 0, result.output
    skipped = [line for line in result.output.splitlines() if line.startswith("skipped ")]
    assert any("empty.txt: empty input" in line for line in skipped)
    assert any("binary.txt: binary data" in line for line in skipped)
    assert any("lines.jsonl:2: malformed JSON" in line for line in skipped)
    failures = runner.invoke(app, ["failures", "--db", str(db)]).output
    assert "3 failures" in failures
    articles = runner.invoke(app, ["articles", "--db", str(db), "--format", "jsonl"]).output.splitlines()
    assert sorted(json.loads(a)["article_id"] for a in articles) == ["ok-1", "ok-2"]


def test_code_prints_events_without_a_database(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["code", "Japan imposed sanctions on North Korea on Monday.", "--date", "2024-05-15",
                                 "--format", "jsonl"])
    assert result.exit_code == 0
    record = json.loads(result.output.splitlines()[0])
    assert (record["type"], record["date"]) == ("SANCTION", "2024-05-13")
    assert not list(tmp_path.iterdir())


def test_stdin_ingest(tmp_path):
    db = tmp_path / "s.duckdb"
    story = "Headline\nWire\nMay 15, 2024 10:00 GMT\nLONDON: Britain expelled two Russian diplomats on Tuesday.\n"
    result = runner.invoke(app, ["ingest", "-", "--db", str(db)], input=story)
    assert result.exit_code == 0, result.output
    out = runner.invoke(app, ["events", "--db", str(db), "--format", "jsonl"]).output
    assert json.loads(out.splitlines()[0])["date"] == "2024-05-14"


def test_a_bug_is_one_line_with_a_code_not_a_traceback(monkeypatch, capsys, tmp_path):
    import dyad.cli as cli

    def broken(*args, **kwargs):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(cli, "open_store", broken)
    monkeypatch.delenv("DYAD_DEBUG", raising=False)
    (tmp_path / "x.duckdb").touch()  # a read command checks the database exists before opening it
    monkeypatch.setattr("sys.argv", ["dyad", "events", "--db", str(tmp_path / "x.duckdb")])
    with pytest.raises(SystemExit) as exit_:
        cli.run()
    assert exit_.value.code == 3
    lines = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert len(lines) == 1 and "[E900] internal error (ZeroDivisionError: division by zero)" in lines[0]
    assert "Traceback" not in lines[0]
