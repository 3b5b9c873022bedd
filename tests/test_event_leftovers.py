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
