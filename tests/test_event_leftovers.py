"""Leftover constructions: acts named after "despite", conditional threats behind a modal verb."""

from __future__ import annotations

import pytest

from tests.conftest import triples

STORY_DATE = "2024-09-13"  # a Friday


@pytest.mark.parametrize("text,expected", [
    # what a refusal is done despite is not what is refused: the pressure happened
    ("Japan refused to cut rates despite pressure from the United States.", ("USA", "JPN", "REQUEST")),
])
def test_event_noun_after_despite_is_coded(code, text, expected):
    assert expected in triples(code(text, date=STORY_DATE))


def test_conditional_threat_behind_have_to_is_aimed_at_the_condition_subject(code):
    # the "if" clause hangs on "have", not on "retaliate": it still names who is threatened
    text = "The Canadian minister said if Mexico raised its tariffs on steel, Canada would have to retaliate."
    assert ("CAN", "MEX", "THREATEN") in triples(code(text, date=STORY_DATE))


@pytest.mark.parametrize("text,expected,not_expected", [
    # attacking a plan or a policy is criticism, not combat; attacking positions stays an assault
    ("The Italian minister attacked the British plan to cut farm subsidies.",
     ("ITA", "GBR", "ACCUSE"), ("ITA", "GBR", "ASSAULT")),
    ("Russian troops attacked the Ukrainian positions near the city.",
     ("RUS", "UKR", "ASSAULT"), ("RUS", "UKR", "ACCUSE")),
])
def test_attacking_a_measure_is_criticism(code, text, expected, not_expected):
    found = triples(code(text, date=STORY_DATE))
    assert expected in found and not_expected not in found


@pytest.mark.parametrize("text", [
    "Canada and Mexico are waging a price war over steel.",
    "The tariffs raised fears of a trade war between Canada and Mexico.",
])
def test_trade_war_is_no_assault(code, text):
    assert not any(t[2] == "ASSAULT" for t in triples(code(text, date=STORY_DATE)))
