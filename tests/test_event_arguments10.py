"""Arguments attached in the tenth session: the side of an event that sits in a construction the
coder did not read for that trigger. Invented sentences, one construction each."""

from __future__ import annotations

import pytest

from tests.conftest import triples

STORY_DATE = "2024-09-13"  # a Friday


@pytest.mark.parametrize("text,expected", [
    # an act the clause's subject faces: "under" an act, "the target of" an act
    ("Chile, whose fishing fleet has come under repeated attack by Peru, protested on Monday.",
     ("PER", "CHL", "ASSAULT")),
    ("Norwegian ships have been the target of Russian attacks.", ("RUS", "NOR", "ASSAULT")),
    ("Portugal, under pressure from Spain, agreed to open its ports.", ("ESP", "PRT", "REQUEST")),
])
def test_event_faced_by_the_clause_subject(code, text, expected):
    assert expected in triples(code(text, date=STORY_DATE))


@pytest.mark.parametrize("text,expected", [
    # "repeat" adds only a subject to an event noun, like "reiterate" and "renew"
    ("The Danish prime minister repeated an invitation to Sweden to join the talks.", ("DNK", "SWE", "REQUEST")),
])
def test_repeated_event_noun_takes_the_subject(code, text, expected):
    assert expected in triples(code(text, date=STORY_DATE))


@pytest.mark.parametrize("text,expected", [
    # who responds to a (non-material) act named with its author is the one it was aimed at
    ("Chile, responding to a warning by Argentina, said it would continue fishing.", ("ARG", "CHL", "THREATEN")),
    ("Kenya is expected to respond favourably to an Ethiopian request for more aid.", ("ETH", "KEN", "REQUEST")),
])
def test_responding_to_an_act_makes_the_responder_its_target(code, text, expected):
    assert expected in triples(code(text, date=STORY_DATE))


@pytest.mark.parametrize("text,expected", [
    # an act done under or despite another's act answers that act's author
    ("Portugal, under pressure from Spain, agreed to open its ports.", ("PRT", "ESP", "AGREE")),
    ("Sweden refused to cut its rates despite Danish pressure.", ("SWE", "DNK", "REJECT")),
    ("Sweden refused to cut its rates despite Danish pressure.", ("DNK", "SWE", "REQUEST")),
])
def test_act_under_or_despite_pressure_answers_its_author(code, text, expected):
    assert expected in triples(code(text, date=STORY_DATE))


@pytest.mark.parametrize("text,expected", [
    # a complaint's or an accusation's "that"-clause names whom it is against (the parser may hang
    # the clause as a relative clause with "that" as its mark)
    ("Peru filed a complaint that Chile had violated the fishing treaty.", ("PER", "CHL", "ACCUSE")),
    ("The panel will examine a Norwegian complaint that a Danish law was discriminatory.", ("NOR", "DNK", "ACCUSE")),
])
def test_complaint_clause_names_the_accused(code, text, expected):
    assert expected in triples(code(text, date=STORY_DATE))


@pytest.mark.parametrize("text,expected", [
    # the place of what an act is aimed at is where it lands: its country is the target
    ("Turkish tanks fired shells at targets in Aleppo.", ("TUR", "SYR", "ASSAULT")),
])
def test_aimed_at_things_in_a_place(code, text, expected):
    assert expected in triples(code(text, date=STORY_DATE))
