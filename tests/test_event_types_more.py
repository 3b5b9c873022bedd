"""Event types: the right pair with the right type, the second act a sentence implies, and
accusations made by saying that another state rebuffed the speaker's side."""

from __future__ import annotations

import pytest

from tests.conftest import triples

STORY_DATE = "2024-09-13"  # a Friday


@pytest.mark.parametrize("text,expected", [
    ("Japan said the United States had rejected the Japanese proposal.", ("JPN", "USA", "ACCUSE")),
    ("The Egyptian foreign minister said Israel had refused an Egyptian offer of mediation.", ("EGY", "ISR", "ACCUSE")),
])
def test_saying_another_state_rebuffed_the_speaker_accuses_it(code, text, expected):
    assert expected in triples(code(text, date=STORY_DATE))


@pytest.mark.parametrize("text,absent", [
    ("Iraq said its forces repelled an Iranian attack near Basra.", ("IRQ", "IRN", "ACCUSE")),
    ("Japan said Brazil had rejected the Argentine proposal.", ("JPN", "BRA", "ACCUSE")),
    ("Greece said Turkey would reject the Greek proposal.", ("GRC", "TUR", "ACCUSE")),
    ("Egypt said Israeli warplanes had bombed Syrian positions.", ("EGY", "ISR", "ACCUSE")),
])
def test_reported_acts_that_are_no_accusation(code, text, absent):
    assert absent not in triples(code(text, date=STORY_DATE))


@pytest.mark.parametrize("text,expected", [
    ("Australian officials charged that Indonesia was subsidising its palm oil exports.", ("AUS", "IDN", "ACCUSE")),
    ("Chile complained to the United Nations that Peru was blocking its fishing boats.", ("CHL", "PER", "ACCUSE")),
])
def test_charging_or_complaining_that_a_state_did_something_accuses_that_state(code, text, expected):
    assert expected in triples(code(text, date=STORY_DATE))


def test_repelling_an_attack_is_force_against_the_attackers(code):
    found = triples(code("Ethiopia said its troops repelled an Eritrean attack near the border.", date=STORY_DATE))
    assert ("ETH", "ERI", "ASSAULT") in found
    assert ("ERI", "ETH", "ASSAULT") in found


@pytest.mark.parametrize("text,expected", [
    ("The Australian trade minister will fight Japan's plan to raise beef tariffs.", ("AUS", "JPN", "REJECT")),
    ("Canada is fighting the U.S. decision to curb lumber imports.", ("CAN", "USA", "REJECT")),
])
def test_fighting_a_plan_or_decision_opposes_it(code, text, expected):
    found = triples(code(text, date=STORY_DATE))
    assert expected in found
    assert (expected[0], expected[1], "ASSAULT") not in found


@pytest.mark.parametrize("text,expected", [
    ("Syrian aircraft raided several Turkish border villages on Monday.", ("SYR", "TUR", "ASSAULT")),
    ("Lebanon complained over two Israeli air raids on Beirut.", ("ISR", "LBN", "ASSAULT")),
])
def test_a_state_raiding_a_place_is_an_assault(code, text, expected):
    assert expected in triples(code(text, date=STORY_DATE))


def test_regretting_another_states_act_is_criticism(code):
    found = triples(code("The German finance ministry regretted Argentina's debt moratorium.", date=STORY_DATE))
    assert ("DEU", "ARG", "ACCUSE") in found
    assert ("DEU", "ARG", "CONCEDE") not in found


def test_calling_a_foreign_act_regrettable_is_criticism(code):
    text = "Canada's trade minister said the U.S. decision was regrettable."
    assert ("CAN", "USA", "ACCUSE") in triples(code(text, date=STORY_DATE))


def test_hostility_is_an_attitude_hostilities_are_fighting(code):
    assert ("JPN", "USA", "ASSAULT") not in triples(
        code("There is deep hostility between Japan and the United States over rice.", date=STORY_DATE))
    assert ("ETH", "ERI", "ASSAULT") in triples(
        code("Hostilities between Ethiopia and Eritrea resumed on Monday.", date=STORY_DATE))


def test_receiving_support_from_a_state_is_its_support_not_aid(code):
    found = triples(code("Brazil's proposal received warm support from Argentina and Chile.", date=STORY_DATE))
    assert ("ARG", "BRA", "SUPPORT") in found
    assert ("ARG", "BRA", "AID") not in found
    assert ("IGO", "TUR", "AID") in triples(code("Turkey received financial support from the IMF.", date=STORY_DATE))


@pytest.mark.parametrize("text,expected,absent", [
    ("Pakistan promised that its militias would not be a threat to India.", ("PAK", "IND", "AGREE"),
     ("PAK", "IND", "REJECT")),
    ("Vietnam pledged not to attack Cambodian border posts.", ("VNM", "KHM", "AGREE"), ("VNM", "KHM", "THREATEN")),
    ("Israel vowed not to return the Golan Heights to Syria.", ("ISR", "SYR", "REJECT"), ("ISR", "SYR", "AGREE")),
])
def test_promising_not_to_do_a_hostile_act_is_an_agreement(code, text, expected, absent):
    found = triples(code(text, date=STORY_DATE))
    assert expected in found
    assert absent not in found
