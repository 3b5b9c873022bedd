"""People and references across sentences: who a person named or described earlier is."""

from __future__ import annotations

import pytest

from tests.conftest import triples

STORY_DATE = "1987-03-10"


@pytest.mark.parametrize("text,expected", [
    # a name the base does not know, described in apposition by a head of a country's body
    ("Antonio Vazquelo, director of the Brazilian central bank, met Japanese officials on Tuesday.",
     ("BRA", "JPN", "CONSULT")),
    ("Marek Tolvany, chairman of the Hungarian central bank, criticised France on Monday.",
     ("HUN", "FRA", "ACCUSE")),
])
def test_director_or_chairman_of_a_national_body_is_of_that_country(code, text, expected):
    assert expected in triples(code(text, date=STORY_DATE))


def test_described_person_keeps_the_country_in_later_sentences(code):
    text = ("The banks expressed concern to Antonio Vazquelo. Vazquelo, director of the Brazilian central bank, "
            "met the panel on Tuesday. Vazquelo later criticised Japan.")
    assert ("BRA", "JPN", "ACCUSE") in triples(code(text, date=STORY_DATE))


@pytest.mark.parametrize("text,expected", [
    # the lede: a minister the base does not know, speaking of a country with no country of his own
    ("Brazil will suspend payments on its foreign debt, Finance Minister Dilson Varunho said. "
     "He said he would visit France next week.", ("BRA", "FRA", "CONSULT")),
    ("Finance Minister Dilson Varunho said Brazil will suspend payments on its foreign debt. "
     "Varunho criticised the United States on Monday.", ("BRA", "USA", "ACCUSE")),
])
def test_official_speaking_of_a_country_is_of_it(code, text, expected):
    assert expected in triples(code(text, date=STORY_DATE))


def test_known_person_keeps_his_own_country_when_speaking_of_another(code):
    text = "Treasury Secretary James Baker said Brazil will suspend payments. Baker criticised Japan on Monday."
    found = triples(code(text, date=STORY_DATE))
    assert ("USA", "JPN", "ACCUSE") in found and ("BRA", "JPN", "ACCUSE") not in found


def test_person_introduced_in_a_sentence_without_event_is_who_he_is(code):
    # the pre-pass keeps the sentence that names the person a later kept "he" refers to
    text = "Japanese Trade Minister Taro Hamaoka arrived on Monday. He said he would visit Germany next week."
    assert ("JPN", "DEU", "CONSULT") in triples(code(text, date=STORY_DATE))


@pytest.mark.parametrize("text,expected", [
    # a later mention by the last two words of a longer name: double surnames, "de"/"da" particles
    ("Ecuador will ask OPEC to raise its oil quota, deputy Energy Minister Fernando Carvalo Ruiberte said. "
     "Carvalo Ruiberte met Venezuelan officials on Monday.", ("ECU", "VEN", "CONSULT")),
    ("Dutch Social Affairs Minister Jan de Vrooten criticised Belgium on Monday. "
     "De Vrooten also criticised France.", ("NLD", "FRA", "ACCUSE")),
])
def test_later_mention_by_the_last_two_words_of_a_name(code, text, expected):
    assert expected in triples(code(text, date=STORY_DATE))
