"""The other side is an earlier act: "opposed the move", "denounced the decision" answer whoever
acted in the sentences before."""

from __future__ import annotations

import pytest

from tests.conftest import triples

STORY_DATE = "2024-09-13"


@pytest.mark.parametrize("text,expected", [
    ("Japanese delegates asked the bank to delay the vote. The U.S. opposed the move.", ("USA", "JPN", "REJECT")),
    ("France expelled two Russian diplomats on Monday. Moscow denounced the decision.", ("RUS", "FRA", "ACCUSE")),
    ("Egypt sent troops to the Libyan border. Israel welcomed the step.", ("ISR", "EGY", "SUPPORT")),
])
def test_a_generic_act_noun_answers_the_author_of_the_earlier_act(code, text, expected):
    assert expected in triples(code(text, date=STORY_DATE))


def test_a_move_that_names_its_author_is_not_taken_from_before(code):
    text = "Egypt sent troops to the Libyan border. Israel welcomed the steps taken by the bank."
    assert ("ISR", "EGY", "SUPPORT") not in triples(code(text, date=STORY_DATE))


def test_an_overture_may_have_been_a_request(code):
    text = "A Canadian trader visited Tokyo on Monday, asking Japan to buy more wheat. Japan rejected the overture."
    assert ("JPN", "CAN", "REJECT") in triples(code(text, date=STORY_DATE))
