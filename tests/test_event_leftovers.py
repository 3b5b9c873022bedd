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
