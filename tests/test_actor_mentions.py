"""Actor mentions that wire copy or the article's own layout keeps from resolving."""

from __future__ import annotations

import pytest

from dyad.documents import build_article, text_for_parsing
from dyad.models import RawDocument
from tests.conftest import triples

STORY_DATE = "1987-03-10"


@pytest.mark.parametrize("text,expected", [
    ("U.S. Officials accused Japan of dumping chips, the officials said.", ("USA", "JPN", "ACCUSE")),
    ("U.S. Warships shelled Iranian oil platforms on Monday. The warships were not hit.",
     ("USA", "IRN", "ASSAULT")),
])
def test_capitalised_common_noun_after_us_keeps_the_country(code, text, expected):
    assert expected in triples(code(text, date=STORY_DATE))


def test_capitalised_name_after_an_abbreviation_is_left_alone():
    text = ("J.P. Morgan and Co asked for a licence. U.S. Treasury Secretary James Baker met "
            "U.S. Officials who said the officials had agreed.")
    parsed = text_for_parsing(build_article(RawDocument(origin="t", text=text)))
    assert "J.P. Morgan and" in parsed and "U.S. Treasury Secretary" in parsed
    assert "U.S. officials who" in parsed and len(parsed) == len(text)


@pytest.mark.parametrize("text,expected", [
    ("Iran condemned U.S. Sanctions against its oil exports.", ("USA", "IRN", "SANCTION")),
    ("U.S. Attacks on two Iranian oil platforms caused heavy damage.", ("USA", "IRN", "ASSAULT")),
])
def test_capitalised_event_noun_after_us_is_the_event(code, text, expected):
    assert expected in triples(code(text, date=STORY_DATE))


@pytest.mark.parametrize("text,expected", [
    ("Malaysian Trade Minister Tan Boon Heng arrived on Monday. Tan urged Japan to open its markets.",
     ("MYS", "JPN", "REQUEST")),
    # the article's South Korean Kim, not a Kim on file
    ("South Korean Trade Minister Kim Woong Sik said exports rose. Kim urged Japan to open its markets.",
     ("KOR", "JPN", "REQUEST")),
])
def test_name_written_family_name_first_is_recalled_by_its_first_word(code, text, expected):
    assert expected in triples(code(text, date=STORY_DATE))


def test_name_after_minister_for_keeps_the_title_country(code):
    # the parser hangs "Michael Fenwick" on "for": the country is the title's ("U.K. Minister")
    text = ("U.K. Minister for Aviation Michael Fenwick said traffic would rise. "
            "Fenwick asked U.S. officials to allow investment.")
    assert ("GBR", "USA", "REQUEST") in triples(code(text, date=STORY_DATE))
