"""Modern (BBC-style) news English: British institutions, parties and spellings as actors."""

from __future__ import annotations

import pytest

from tests.conftest import triples


@pytest.mark.parametrize("text,expected", [
    ("The Home Office has criticised France over the refugee camp.", ("GBR", "FRA", "ACCUSE")),
    ("No 10 has rejected French calls for a new treaty.", ("GBR", "FRA", "REJECT")),
    ("The Lib Dems have urged Washington to close the prison camp.", ("GBR", "USA", "REQUEST")),
    ("Nato has warned Serbia against sending troops.", ("IGO", "SRB", "THREATEN")),
])
def test_british_institutions_and_parties_are_actors(code, text, expected):
    assert expected in triples(code(text, date=None))


def test_a_court_with_its_own_of_name_is_not_the_court_named_before(code):
    text = ("The European Court of Human Rights ruled against Turkey last year. "
            "The Court of Appeal backed the Home Office on Monday.")
    assert ("IGO", "GBR", "SUPPORT") not in triples(code(text, date=None))


def test_spoke_by_telephone_to_a_leader_is_consult_with_that_leader(code):
    text = "The British prime minister spoke by telephone to the Indian prime minister on Sunday."
    assert ("GBR", "IND", "CONSULT") in triples(code(text, date=None))
