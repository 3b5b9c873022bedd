"""Right pair, wrong or missing type: second acts a construction implies, and the type and
direction rules of the tenth session (found on the train split, invented sentences)."""

from __future__ import annotations

import pytest

from tests.conftest import triples

STORY_DATE = "1987-03-10"


@pytest.mark.parametrize("text,expected", [
    # a demand, charge or offer whose author the noun names, answered by another act: made too
    ("Greece cannot bow to Turkish pressure to withdraw its ships.", ("TUR", "GRC", "REQUEST")),
    ("Spain gave in to Moroccan demands.", ("MAR", "ESP", "REQUEST")),
])
def test_answered_demand_is_an_event_of_its_author(code, text, expected):
    assert expected in triples(code(text, date=STORY_DATE))


def test_meeting_a_demand_concedes_it_and_the_demand_was_made(code):
    found = triples(code("Spain will try to meet Moroccan requests for more fishing licences.", date=STORY_DATE))
    assert ("ESP", "MAR", "CONCEDE") in found and ("MAR", "ESP", "REQUEST") in found
    assert ("ESP", "MAR", "CONSULT") not in found


def test_meeting_an_obligation_is_no_meeting(code):
    assert not [t for t in triples(code("Only Kuwait met its obligations to Jordan.", date=STORY_DATE))
                if t[2] == "CONSULT"]


@pytest.mark.parametrize("text,expected", [
    ("Chancellor Kohl held talks with the visiting Polish leader.", ("POL", "DEU", "CONSULT")),
    ("Rafsanjani met a visiting Nicaraguan delegation on Sunday.", ("NIC", "IRN", "CONSULT")),
])
def test_the_visitor_is_the_source_of_a_meeting(code, text, expected):
    found = triples(code(text, date=STORY_DATE))
    assert expected in found and (expected[1], expected[0], "CONSULT") not in found


def test_an_offensive_towards_a_city_targets_its_country(code):
    found = triples(code("Ethiopia mounted a major offensive towards Eritrea's second city in January.", date=STORY_DATE))
    assert ("ETH", "ERI", "ASSAULT") in found


def test_must_or_face_is_a_demand_and_a_threat(code):
    found = triples(code("Britain's foreign secretary said Libya must hand over the suspects or face the consequences.",
                         date=STORY_DATE))
    assert ("GBR", "LBY", "REQUEST") in found and ("GBR", "LBY", "THREATEN") in found


def test_a_complaint_promised_on_a_condition_targets_the_one_whose_act_is_the_condition(code):
    found = triples(code("Brazil said it would file a complaint with GATT if Washington imposed the tariffs.",
                         date=STORY_DATE))
    assert ("BRA", "USA", "ACCUSE") in found


def test_demands_named_in_a_condition_were_made(code):
    found = triples(code("Thatcher said Argentina would be punished if it did not accept British demands to withdraw its troops.",
                         date=STORY_DATE))
    assert ("GBR", "ARG", "REQUEST") in found


@pytest.mark.parametrize("text,expected", [
    ("Japan's rejection of the Australian proposal angered Canberra.", ("JPN", "AUS", "REJECT")),
    ("India's denial of the Pakistani charges surprised diplomats.", ("IND", "PAK", "REJECT")),
])
def test_a_refusal_named_by_a_noun_is_a_rejection(code, text, expected):
    assert expected in triples(code(text, date=STORY_DATE))


def test_an_act_that_will_bring_a_response_is_the_speakers_threat(code):
    found = triples(code("Any Libyan attack on American ships will bring a swift response, Reagan said.", date=STORY_DATE))
    assert ("USA", "LBY", "THREATEN") in found and ("LBY", "USA", "THREATEN") not in found
