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
    ("Egypt said its navy sank three Libyan boats.", ("EGY", "LBY", "ASSAULT")),
    ("Peru bowed to Chilean pressure.", ("PER", "CHL", "CONCEDE")),
    ("Ministers said Peru cannot bow to Chilean pressure.", ("PER", "CHL", "REJECT")),
    ("Canadian tariffs on Mexican steel took effect.", ("CAN", "MEX", "SANCTION")),
    ("Ethiopian troops recaptured the Eritrean base.", ("ETH", "ERI", "ASSAULT")),
])
def test_trigger_words_added(code, text, expected):
    assert expected in triples(code(text, date=STORY_DATE))


@pytest.mark.parametrize("text,expected", [
    ("Portugal has come under growing criticism from Spain.", ("ESP", "PRT", "ACCUSE")),
    ("Cuba, replying to a warning from Mexico, said it would go ahead.", ("MEX", "CUB", "THREATEN")),
])
def test_event_noun_with_its_author_after_from(code, text, expected):
    """The noun's own "from" names its author; the subject of the clause is the one it is aimed at."""
    assert expected in triples(code(text, date=STORY_DATE))


def test_where_a_strike_comes_from_is_not_its_author(code):
    found = triples(code("Syria launched an attack from Lebanese territory.", date=STORY_DATE))
    assert ("LBN", "SYR", "ASSAULT") not in found


@pytest.mark.parametrize("text,expected", [
    ("Pakistan has offered 50,000 tonnes of rice to Bangladesh.", ("PAK", "BGD", "AGREE")),
    ("The Canadian offer of wheat to Egypt was generous.", ("CAN", "EGY", "AGREE")),
    ("Bangladesh said the American firm could face a penalty.", ("BGD", "USA", "THREATEN")),
    ("Brazil has extracted promises from Peru that it will cut tariffs.", ("PER", "BRA", "AGREE")),
    ("Norway made a pledge to Mali.", ("NOR", "MLI", "AGREE")),
])
def test_offers_and_penalties(code, text, expected):
    assert expected in triples(code(text, date=STORY_DATE))


def test_offering_condolences_is_no_agreement(code):
    found = triples(code("The Kenyan minister offered his condolences to the Indian people.", date=STORY_DATE))
    assert ("KEN", "IND", "AGREE") not in found


@pytest.mark.parametrize("text,expected", [
    ("Fighting broke out between Chadian and Libyan troops near the border.", ("TCD", "LBY", "ASSAULT")),
    ("Officials said talks were going on between Kenya and Uganda.", ("KEN", "UGA", "CONSULT")),
])
def test_parties_after_between_on_the_nouns_verb(code, text, expected):
    found = triples(code(text, date=STORY_DATE))
    assert expected in found or (expected[1], expected[0], expected[2]) in found


@pytest.mark.parametrize("text,expected", [
    ("Officials said Sweden was sending a stern warning to Russia.", ("SWE", "RUS", "THREATEN")),
    ("France sent an invitation to Mali.", ("FRA", "MLI", "REQUEST")),
])
def test_send_is_a_light_verb_for_event_nouns(code, text, expected):
    assert expected in triples(code(text, date=STORY_DATE))
