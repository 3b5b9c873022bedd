"""Arguments attached through general constructions: a target named after the doer's own thing,
in a phrase the trigger does not govern directly, or in the clause of a noun."""

from __future__ import annotations

import pytest

from tests.conftest import triples

STORY_DATE = "2024-09-13"  # a Friday


@pytest.mark.parametrize("text,expected", [
    # "its exports" is the doer's own: the party acted on is the one after "to"
    ("Chile agreed on Monday to cut its copper exports to Peru.", ("CHL", "PER", "AGREE")),
])
def test_own_thing_does_not_hide_the_target(code, text, expected):
    assert expected in triples(code(text, date=STORY_DATE))


def test_wire_capital_after_abbreviation_keeps_the_coordination(code):
    # wire copy capitalises a word after "U.S." as if a sentence ended there: "the U.S. And Oman"
    assert ("USA", "OMN", "CONSULT") in triples(code("Diplomats said the U.S. And Oman held talks in Muscat on Tuesday.",
                                                     date=STORY_DATE))


@pytest.mark.parametrize("text,expected", [
    # the owner of a thing acted on, named by a participle: "imported from", "owned by"
    ("Chile imposed new tariffs on cars imported from Peru.", ("CHL", "PER", "SANCTION")),
    ("Bolivian troops seized farms owned by Brazilian ranchers.", ("BOL", "BRA", "COERCE")),
])
def test_owner_named_by_a_participle(code, text, expected):
    assert expected in triples(code(text, date=STORY_DATE))


def test_event_noun_target_in_its_participle(code):
    # "sanctions announced last week against X": the participle holds the target of the noun
    text = "Trade grew despite Chilean sanctions announced last week against Peruvian fishing boats."
    assert ("CHL", "PER", "SANCTION") in triples(code(text, date=STORY_DATE))


@pytest.mark.parametrize("text,expected", [
    # a thing of two authors acted on: both are targets
    ("Brazil welcomed the decision of Argentina and Uruguay to cut tariffs.", ("BRA", "URY", "SUPPORT")),
    ("The UK welcomed the decision by India and Nepal to open a bus link.", ("GBR", "NPL", "SUPPORT")),
    ("Chile condemned the attack by Peru and Bolivia on its border posts.", ("CHL", "BOL", "ACCUSE")),
])
def test_coordinated_owners_of_a_thing(code, text, expected):
    assert expected in triples(code(text, date=STORY_DATE))


@pytest.mark.parametrize("text,expected", [
    # a place named before a visit is where the visitor went
    ("The Kenyan president's Berlin visit ended on Thursday.", ("KEN", "DEU", "CONSULT")),
    ("Peru's foreign minister began his Tokyo trip on Monday.", ("PER", "JPN", "CONSULT")),
])
def test_place_before_a_visit_is_its_destination(code, text, expected):
    assert expected in triples(code(text, date=STORY_DATE))


@pytest.mark.parametrize("text,expected", [
    # an accusation made in a "that"-clause targets the subject of the clause
    ("Chile complained to the United Nations that Peruvian troops were blocking its exports.", ("CHL", "PER", "ACCUSE")),
    ("Kenyan officials charged that Uganda had closed the border illegally.", ("KEN", "UGA", "ACCUSE")),
])
def test_accusation_in_a_that_clause(code, text, expected):
    assert expected in triples(code(text, date=STORY_DATE))


def test_it_after_a_conjoined_verb_is_the_earlier_object(code):
    # "tracked an Israeli drone and shot it down": "it" is the drone, Israel's
    text = "The army said Syrian gunners tracked an Israeli Heron drone and shot it down."
    assert ("SYR", "ISR", "ASSAULT") in triples(code(text, date=STORY_DATE))


def test_a_month_is_no_place(code):
    # "in March": the month, not the English town of March, so no British target
    found = triples(code("Israeli jets struck several targets in March.", date=STORY_DATE))
    assert ("ISR", "GBR", "ASSAULT") not in found


@pytest.mark.parametrize("text,expected", [
    # talks held in a foreign country are with its hosts
    ("The Kenyan trade minister began two days of economic talks in Berlin on Monday.", ("KEN", "DEU", "CONSULT")),
])
def test_talks_in_a_place_are_with_its_hosts(code, text, expected):
    assert expected in triples(code(text, date=STORY_DATE))


def test_talks_between_two_states_do_not_take_the_venue(code):
    found = triples(code("Talks between Kenya and Uganda in Berlin ended on Monday.", date=STORY_DATE))
    assert not any("DEU" in (s, t) for s, t, _ in found)
