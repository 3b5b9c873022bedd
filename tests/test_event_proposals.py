"""Events the coder used not to propose at all: trigger words and constructions missing from the lexicon."""

from __future__ import annotations

import pytest

from tests.conftest import triples

STORY_DATE = "2024-09-13"  # a Friday


@pytest.mark.parametrize("text,expected", [
    ("Egypt said its troops repelled an overnight Libyan attack near the border.", ("EGY", "LBY", "ASSAULT")),
    ("Chad said it repulsed an assault by Sudanese forces.", ("TCD", "SDN", "ASSAULT")),
    ("French frigates began escorting Greek tankers through the strait.", ("FRA", "GRC", "AID")),
    ("The Kenyan president leaves for Tokyo next week.", ("KEN", "JPN", "CONSULT")),
    ("Peru held discussions with Chile on fishing rights.", ("PER", "CHL", "CONSULT")),
    ("The Dutch minister gave the Belgian government a clear warning.", ("NLD", "BEL", "THREATEN")),
    ("Norway filed a complaint against Iceland.", ("NOR", "ISL", "ACCUSE")),
])
def test_trigger_words_added(code, text, expected):
    assert expected in triples(code(text, date=STORY_DATE))
