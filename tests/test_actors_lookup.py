"""`dyad actors resolve` and `dyad actors import`: lookups by date, imported dictionaries."""

from __future__ import annotations

import json
from datetime import date

import pytest
from typer.testing import CliRunner

from dyad.actors.dictionaries import DictionaryIndex, parse_actors, parse_agents
from dyad.actors.lookup import ActorLookup
from dyad.cli import app
from tests.conftest import requires_shared

runner = CliRunner()

ACTORS = """# a small dictionary in the TABARI format
ZORAN_EXAMPLEVIC_  # test person
+EXAMPLEVIC_
\t[SRBGOV 20010101-20051231]
\t[SRBELI >20060101]
\t[SRBOPP]
NORTHERN_WIDGET_FRONT [IMGREB]
"""
AGENTS = """!PERSON! = MAN, MEN, WOMAN, WOMEN
WIDGET!PERSON! [~BUS]
HARBOUR_MASTER {HARBOUR_MASTERS} [~GOV]
"""


@pytest.fixture(scope="module")
def lookup(coder):
    return ActorLookup(coder.nlp)


@pytest.mark.parametrize("text,when,country,sector,role", [
    ("Barack Obama", date(2010, 6, 1), "USA", "GOV", "President"),
    ("Vladimir Putin", date(2009, 1, 1), "RUS", "GOV", "Prime Minister"),
    ("Vladimir Putin", date(2023, 1, 1), "RUS", "GOV", "President"),
    ("Kim", date(2023, 6, 1), "PRK", "GOV", None),
    ("the Kremlin", None, "RUS", "GOV", None),
    ("KCNA", None, "PRK", None, None),
    ("a Syrian army officer", None, "SYR", "MIL", None),
    ("Russia's ambassador to the United States", date(2023, 1, 1), "RUS", "GOV", "ambassador"),
    ("NATO", None, "IGO", None, None),
    ("Soviet Union", date(1985, 1, 1), "SUN", None, None),
])
def test_lookup(lookup, text, when, country, sector, role):
    answer = lookup.resolve(text, when).to_record()
    assert answer["country"] == country, answer
    if sector:
        assert answer["sector"] == sector
    if role:
        assert answer["role"] == role
    assert answer["source"]


def test_role_dates_and_source_come_with_a_person(lookup):
    answer = lookup.resolve("Barack Obama", date(2010, 6, 1)).to_record()
    assert (answer["valid_from"], answer["valid_to"]) == ("2009-01-20", "2017-01-20")
    assert answer["source"].startswith("http")
    assert list(answer) == ["text", "name", "country", "sector", "code", "role", "valid_from", "valid_to", "source",
                            "ref"]


def test_unknown_and_ambiguous_give_a_reason_not_a_guess(lookup):
    unknown = lookup.resolve("Xyzzy Widget Corp").to_record()
    assert unknown["country"] is None and "no country" in unknown["reason"]
    ambiguous = lookup.resolve("Kim", date(2000, 6, 13)).to_record()
    assert ambiguous["country"] is None and ambiguous["reason"].startswith("ambiguous")
    assert lookup.resolve("Kim", date(2000, 6, 13), "Kim met Putin in Pyongyang.").country == "PRK"


def test_parse_actor_records_with_date_restrictions():
    entries = list(parse_actors(ACTORS.splitlines(), "t.actors"))
    index = DictionaryIndex(entries)
    assert index.best(index.lookup("Examplevic"), date(2003, 1, 1)).code == "SRBGOV"
    assert index.best(index.lookup("Zoran Examplevic"), date(2010, 1, 1)).code == "SRBELI"
    assert index.best(index.lookup("Examplevic"), date(1990, 1, 1)).code == "SRBOPP"
    assert index.lookup("northern widget front")[0].country == "IMG"


def test_parse_agents_with_substitutions_and_plurals():
    entries = {e.phrase: e for e in parse_agents(AGENTS.splitlines(), "t.agents")}
    assert {"WIDGETMAN", "WIDGETWOMEN", "HARBOUR MASTER", "HARBOUR MASTERS"} <= set(entries)
    assert entries["HARBOUR MASTER"].sector == "GOV"


def test_import_then_resolve_by_cli(tmp_path):
    (tmp_path / "t.actors").write_text(ACTORS, encoding="utf-8")
    (tmp_path / "t.agents").write_text(AGENTS, encoding="utf-8")
    db = tmp_path / "d.duckdb"
    result = runner.invoke(app, ["actors", "import", str(tmp_path / "t.actors"), str(tmp_path / "t.agents"),
                                 "--db", str(db)])
    assert result.exit_code == 0, result.output
    answer = json.loads(runner.invoke(app, ["actors", "resolve", "Zoran Examplevic", "--date", "2003-05-01",
                                            "--db", str(db)]).output)
    assert (answer["country"], answer["sector"], answer["source"]) == ("SRB", "GOV", "imported t.actors")
    again = runner.invoke(app, ["actors", "import", str(tmp_path / "t.actors"), "--db", str(db)])
    assert again.exit_code == 0
    assert "t.actors" in runner.invoke(app, ["actors", "list", "--db", str(db)]).output


def test_imported_dictionary_codes_events(tmp_path):
    (tmp_path / "t.actors").write_text(ACTORS, encoding="utf-8")
    db = tmp_path / "e.duckdb"
    runner.invoke(app, ["actors", "import", str(tmp_path / "t.actors"), "--db", str(db)])
    (tmp_path / "s.jsonl").write_text(json.dumps({"id": "s1", "date": "2003-05-01",
                                                  "text": "Zoran Examplevic accused Croatia of hiding weapons."}) + "\n")
    runner.invoke(app, ["ingest", str(tmp_path / "s.jsonl"), "--db", str(db)])
    record = json.loads(runner.invoke(app, ["events", "--db", str(db), "--format", "jsonl"]).output.splitlines()[0])
    assert (record["source"]["code"], record["target"]["country"]) == ("SRBGOV", "HRV")


def test_resolve_file_answers_in_order(tmp_path):
    queries = tmp_path / "q.jsonl"
    queries.write_text("\n".join(json.dumps(q) for q in [
        {"text": "Barack Obama", "date": "2010-06-01"}, {"text": "the Pentagon"},
        {"text": "Israeli soldiers", "context": "Israeli soldiers arrested 20 Palestinians."},
        {"text": "Nobody Inparticular"}]) + "\n", encoding="utf-8")
    out = runner.invoke(app, ["actors", "resolve", "--file", str(queries), "--db", str(tmp_path / "none.duckdb")])
    answers = [json.loads(line) for line in out.output.splitlines()]
    assert [a["country"] for a in answers] == ["USA", "USA", "ISR", None]
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "ok"}\n{oops\n', encoding="utf-8")
    result = runner.invoke(app, ["actors", "resolve", "--file", str(bad)])
    assert result.exit_code == 1 and "bad.jsonl: answer 2: line 2: malformed JSON" in result.stderr
    assert [json.loads(line).get("error") is not None for line in result.stdout.splitlines()] == [False, True]


def test_phoenix_dictionaries_import(tmp_path):
    folder = requires_shared("reference", "petrarch-dictionaries")
    files = [str(folder / f) for f in ("Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt",
                                       "Phoenix.MilNonState.actors.txt", "Phoenix.agents.txt")]
    db = tmp_path / "p.duckdb"
    assert runner.invoke(app, ["actors", "import", *files, "--db", str(db)]).exit_code == 0
    answer = json.loads(runner.invoke(app, ["actors", "resolve", "Barack Obama", "--date", "2010-06-01",
                                            "--db", str(db)]).output)
    assert (answer["country"], answer["sector"]) == ("USA", "GOV")
