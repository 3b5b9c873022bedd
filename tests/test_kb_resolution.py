"""The knowledge base inside actor resolution: names folded and reordered, the date and the article's
countries choosing among office holders, titles and nationalities composing an actor when the person
is unknown, and `dyad actors resolve` naming the row that answered. Names below are invented or
well known public office holders; the sentences are written for these tests."""

from __future__ import annotations

import json
from datetime import date

import pytest
from typer.testing import CliRunner

from dyad.actors.kb.lookup import KnowledgeBase
from dyad.actors.kb.names import key_variants, name_key
from dyad.actors.kb.people import KbPeople
from dyad.actors.lookup import ActorLookup
from dyad.cli import app

HEADER = "kind\tname\tvariants\toffice\tcountry\tsector\tstart\tend\tsource\tref"
ROWS = [
    "person\tZorana Vukelić\tVukelić\tforeign_minister\tHRV\tGOV\t2011-01-01\t2014-12-31\tfacts\tQ1",
    "person\tZorana Vukelić\t\thead_of_government\tHRV\tGOV\t2015-01-01\t\tfacts\tQ1",
    "person\tTsend Baatar\t\tdefence_minister\tMNG\tGOV\t2019-01-01\t2021-12-31\tfacts\tQ2",
    "person\tPark Minho\t\tforeign_minister\tKOR\tGOV\t2019-01-01\t2021-12-31\tparlgov\tQ3",
    "person\tJames T. Okafor\t\tfinance_minister\tNGA\tGOV\t2016-01-01\t2019-12-31\tphoenix\tQ4",
    "person\tAhmed Karimi\t\tinterior_minister\tAFG\tGOV\t2016-01-01\t2019-12-31\tphoenix\tQ5",
    "person\tMohammed Karimi\t\tinterior_minister\tIRN\tGOV\t2016-01-01\t2019-12-31\tphoenix\tQ6",
    "person\tPedro Alvez\t\tforeign_minister\tPRT\tGOV\t2001-01-01\t2003-12-31\tphoenix\tQ7",
    "person\tPedro Alvez\t\tforeign_minister\tBRA\tGOV\t2001-01-01\t2003-12-31\tphoenix\tQ8",
]


@pytest.fixture(scope="module")
def people() -> KbPeople:
    return KbPeople([], KnowledgeBase("\n".join([HEADER, *ROWS])))


def test_accents_and_transliterations_fold_to_one_key():
    assert name_key("Nausėda") == name_key("Nauseda")
    assert name_key("Khürelsükh") == name_key("Khurelsukh")
    assert name_key("Mohamed Salah") == name_key("Mohammed Salah")


def test_family_name_first_countries_are_found_in_either_order():
    assert "jinping xi" in key_variants("xi jinping", "CHN")
    assert key_variants("emmanuel macron", "FRA") == set()  # not a family-name-first country


def test_the_date_chooses_the_office_held(people):
    assert people.lookup("Zorana Vukelic", date(2012, 6, 1)).tenure.office == "foreign_minister"
    later = people.lookup("Zorana Vukelic", date(2020, 6, 1))
    assert (later.tenure.office, later.in_office, later.tenure.ref) == ("head_of_government", True, "Q1")


def test_out_of_office_a_full_name_is_a_former_official(people):
    former = people.lookup("Tsend Baatar", date(2023, 6, 1))
    assert (former.country, former.in_office, former.sector) == ("MNG", False, "ELI")


def test_name_order_initials_and_possessives(people):
    assert people.lookup("Baatar Tsend", date(2020, 1, 1)).country == "MNG"
    assert people.lookup("Minho Park", date(2020, 1, 1)).country == "KOR"
    assert people.lookup("James Okafor", date(2017, 1, 1)).country == "NGA"
    assert people.lookup("Vukelić's", date(2012, 1, 1)).country == "HRV"


def test_article_countries_break_ties_and_without_them_no_guess(people):
    assert people.lookup("Pedro Alvez", date(2002, 1, 1)) is None  # two men of one name, two countries
    assert people.lookup("Pedro Alvez", date(2002, 1, 1), countries=["BRA"]).country == "BRA"
    assert people.lookup("Karimi", date(2017, 1, 1)) is None  # a bare surname shared on that day


def test_a_bare_surname_far_from_any_term_is_nobody(people):
    assert people.lookup("Vukelić", date(1990, 1, 1)) is None
    assert people.known("Zorana Vukelic") and not people.known("Vukelić")  # one word never marks a name


def test_holder_of_an_office_comes_from_the_base(people):
    assert people.holder("MNG", "defence_minister", date(2020, 1, 1)).name == "Tsend Baatar"
    assert people.holder("MNG", "defence_minister", date(2023, 1, 1)) is None


@pytest.fixture(scope="module")
def lookup(coder):
    return ActorLookup(coder.nlp)


@pytest.mark.parametrize("text,when,country,sector", [
    ("Gitanas Nauseda", date(2021, 5, 1), "LTU", "GOV"),
    ("Khurelsukh Ukhnaa", date(2022, 5, 1), "MNG", "GOV"),
    ("French Foreign Minister Jean-Yves Le Drian", date(2019, 5, 1), "FRA", "GOV"),
    ("French Foreign Minister Paulin Ravenaux-Quist", date(2019, 5, 1), "FRA", "GOV"),  # not in the base
    ("Minister Ignacio Oyarzun Valdivieso", date(2021, 5, 1), None, "GOV"),
    ("General Teodor Brasanek", date(2021, 5, 1), None, "MIL"),
    ("Chile's Defense Ministry", date(2019, 5, 1), "CHL", "GOV"),
    ("Norway's central bank", date(2019, 5, 1), "NOR", "GOV"),
    ("the rebel FDLR force", date(2019, 5, 1), "RWA", "REB"),
    ("Ukrainian agricultural workers", date(2019, 5, 1), "UKR", "AGR"),
])
def test_names_titles_and_nationalities_compose_the_actor(lookup, text, when, country, sector):
    answer = lookup.resolve(text, when)
    assert (answer.country, answer.sector) == (country, sector)


def test_a_surname_after_the_full_name_in_the_article_is_that_person(lookup):
    context = "Lithuanian President Gitanas Nausėda met reporters. Nauseda said talks would go on."
    answer = lookup.resolve("Nauseda", date(2021, 5, 1), context=context.replace("Nauseda said", "Nauseda said"))
    assert answer.country == "LTU"


def test_resolve_names_the_row_that_answered_and_explains_why():
    result = CliRunner().invoke(app, ["actors", "resolve", "Gitanas Nauseda", "--date", "2021-05-01", "--explain"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout.strip().splitlines()[-1])
    assert record["country"] == "LTU" and record["source"].startswith("kb:") and record["ref"]
    assert any("in office on the date" in step for step in record["explain"])


def test_a_wikidata_style_csv_imports_dated_office_holders(tmp_path):
    from pathlib import Path

    from dyad.actors.wikidata import read_wikidata_csv

    fixture = Path(__file__).resolve().parents[1] / "docs" / "office_holders.example.csv"
    entries = read_wikidata_csv(fixture)
    general = next(e for e in entries if e.phrase == "TOMASZ WIERZBICKI")
    assert (general.code, general.valid_from, general.valid_to) == ("POLMIL", date(2029, 6, 15), date(2033, 1, 10))
    assert {e.code for e in entries if "DIALLO" in e.phrase} == {"SENJUD"}
    bad = tmp_path / "bad.csv"
    bad.write_text("qid,name,aliases,position,country,start,end\nQ1,Nobody Real,,Minister,Atlantis,2001,\n"
                   "Q2,Someone Real,,Minister,FRA,20x1,\nQ3,Third Person,,Minister,FRA,2001,2002\n")
    problems: list[str] = []
    assert [e.phrase for e in read_wikidata_csv(bad, problems)] == ["THIRD PERSON"]
    assert "ILSE VARNHAGEN - KOLB" in {e.phrase for e in entries}  # hyphens are tokens of their own
    assert "unknown country 'Atlantis'" in problems[0] and "not a date" in problems[1]

    db = str(tmp_path / "k.duckdb")
    result = CliRunner().invoke(app, ["actors", "import", str(fixture), "--db", db])
    assert result.exit_code == 0, result.output
    result = CliRunner().invoke(app, ["actors", "resolve", "Ilse Varnhagen-Kolb", "--date", "2032-03-01", "--db", db])
    record = json.loads(result.stdout.strip().splitlines()[-1])
    assert (record["country"], record["sector"]) == ("DEU", "GOV")
    assert record["source"].startswith("imported office_holders.example.csv")
