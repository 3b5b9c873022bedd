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
