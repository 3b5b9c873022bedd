"""Events dyad did not propose at all (tenth session): invented sentences, one construction each."""

from __future__ import annotations

import pytest

from tests.conftest import triples

STORY_DATE = "2024-09-13"  # a Friday


@pytest.mark.parametrize("text,expected", [
    # "declined to discuss" is no comment, but urging or pressing a state to discuss or give is a request
    ("France has been pressing Italy to discuss the fishing quotas.", ("FRA", "ITA", "REQUEST")),
    ("Germany urged Poland to give foreign banks a bigger role.", ("DEU", "POL", "REQUEST")),
])
def test_request_to_discuss_or_give(code, text, expected):
    assert expected in triples(code(text, date=STORY_DATE))


def test_declining_to_discuss_is_still_no_comment(code):
    assert code("The Greek spokesman declined to discuss the talks with Turkey.", date=STORY_DATE) == []


def test_asked_to_comment_is_no_request(code):
    triples_found = triples(code("Asked to comment on the Dutch proposal, the Belgian minister said nothing.", date=STORY_DATE))
    assert not [t for t in triples_found if t[2] == "REQUEST"]


@pytest.mark.parametrize("text,expected", [
    ("Sweden has withheld new credits to Zambia since June.", ("SWE", "ZMB", "SANCTION")),
    ("Norway would loan two mln barrels of crude to Kenya.", ("NOR", "KEN", "AID")),
    ("Ghana will get 40 mln dlrs as grants from Denmark to build roads.", ("DNK", "GHA", "AID")),
    ("Brazil will honour its commitment with Argentina to buy more wheat.", ("BRA", "ARG", "COOPERATE")),
    ("Chile reaffirmed its commitment to Peru to settle the border dispute.", ("CHL", "PER", "AGREE")),
    ("Greece has withdrawn a request to Turkey to close the port.", ("GRC", "TUR", "CONCEDE")),
    ("Portugal sold two frigates to Morocco last year.", ("PRT", "MAR", "AID")),
    ("Syrian warplanes destroyed a Jordanian radar station on Monday.", ("SYR", "JOR", "ASSAULT")),
])
def test_new_trigger_rows(code, text, expected):
    assert expected in triples(code(text, date=STORY_DATE))


@pytest.mark.parametrize("text,expected", [
    # "give in" is no "give details": the refusal stands
    ("Poland refused to give in to pressure from Germany to cut interest rates.", ("POL", "DEU", "REJECT")),
    # declining to comment on an act that names its author still reports the act
    ("The Dutch ministry declined to comment on French criticism of its rate increases.", ("FRA", "NLD", "ACCUSE")),
])
def test_no_comment_leaves_other_acts(code, text, expected):
    assert expected in triples(code(text, date=STORY_DATE))


@pytest.mark.parametrize("text,expected", [
    ("The dispute is over Japan's refusal to open its market to British firms.", ("JPN", "GBR", "REJECT")),
    ("The Briton was sentenced by a Thai court to five years in jail.", ("THA", "GBR", "SANCTION")),
    ("The Swiss banker was fined by a Belgian court.", ("BEL", "CHE", "SANCTION")),
    ("The Dutch submarine sale to Taiwan angered China.", ("NLD", "TWN", "AID")),
])
def test_refusal_sentence_fine_sale(code, text, expected):
    assert expected in triples(code(text, date=STORY_DATE))


def test_talks_with_a_state_are_the_speakers_sides(code):
    text = "The Austrian minister added that discussions with Hungary about the dam were still at an early stage."
    assert ("AUT", "HUN", "CONSULT") in triples(code(text, date=STORY_DATE))


def test_light_verb_relative_clause_names_the_doer(code):
    text = "The plea came ahead of a state visit the Saudi king will make to Britain later this month."
    assert ("SAU", "GBR", "CONSULT") in triples(code(text, date=STORY_DATE))
