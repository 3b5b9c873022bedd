"""The documents stage: wire layout, dateline, publication zone, ids, language, bad items."""

from __future__ import annotations

import pytest

from dyad.documents import build_article, content_hash, detect_language, text_for_parsing
from dyad.documents.layout import find_dateline, split_wire_layout
from dyad.errors import DocumentError, EmptyInput, UnsupportedLanguage
from dyad.models import RawDocument

WIRE = """Ministers meet in Oslo to discuss fishing quotas
Dyad Sample Wire
March 3, 2022 10:15 CET
OSLO: Norway and Iceland held talks on Wednesday about fishing quotas in the North Atlantic.
The talks will resume in April, officials said.
"""


def test_wire_layout_is_split_into_headline_outlet_date_and_body():
    parts = split_wire_layout(WIRE)
    assert parts.title == "Ministers meet in Oslo to discuss fishing quotas"
    assert parts.outlet == "Dyad Sample Wire"
    assert parts.date_lines == ("March 3, 2022 10:15 CET",)
    assert parts.body.startswith("OSLO: Norway and Iceland")


def test_text_without_a_date_line_is_all_body():
    text = "Norway and Iceland held talks.\nThe talks will resume in April."
    assert split_wire_layout(text).body == text
    assert split_wire_layout(text).title is None


@pytest.mark.parametrize("body,places", [
    ("SEOUL/MOSCOW: Russian President ...", ("Seoul", "Moscow")),
    ("WASHINGTON, Oct 19 - The United States said ...", ("Washington",)),
    ("LONDON (Reuters) - Britain said ...", ("London",)),
    ("Britain said on Monday ...", ()),
    ("US officials said ...", ()),
])
def test_dateline(body, places):
    assert find_dateline(body)[0] == places


def test_article_story_date_is_the_local_date_of_the_stated_zone():
    article = build_article(RawDocument(origin="t", text=WIRE, layout="wire"))
    assert article.story_date.isoformat() == "2022-03-03"
    assert article.timezone == "CET"
    assert article.datelines == ("Oslo",)
    assert article.title.startswith("Ministers meet")


def test_dateline_is_blanked_for_parsing_without_moving_offsets():
    article = build_article(RawDocument(origin="t", text=WIRE, layout="wire"))
    parsed = text_for_parsing(article)
    assert len(parsed) == len(article.text)
    assert parsed.startswith("      Norway") and parsed[6:] == article.text[6:]


def test_content_ids_ignore_spacing_and_case_but_not_words():
    a = build_article(RawDocument(origin="a", text="Norway  and Iceland held talks.\n\nThey agreed."))
    b = build_article(RawDocument(origin="b", text="Norway and Iceland held talks.\nThey agreed. "))
    c = build_article(RawDocument(origin="c", text="Norway and Iceland held no talks."))
    assert a.id == b.id and a.id.startswith("a_")
    assert a.id != c.id
    assert content_hash("A  b") == content_hash("a b")


def test_given_id_is_kept():
    assert build_article(RawDocument(origin="x", text="Norway held talks.", id="story-1")).id == "story-1"


def test_empty_body_is_an_error_naming_the_item():
    with pytest.raises(EmptyInput, match="x.jsonl:3: no body text"):
        build_article(RawDocument(origin="x.jsonl", position=3, text="   \n  "))


def test_unreadable_date_is_an_error_with_advice():
    with pytest.raises(DocumentError, match="unreadable publication date"):
        build_article(RawDocument(origin="x", text="Norway held talks.", published="the day after tomorrow-ish"))


def test_in_a_batch_an_unreadable_date_keeps_the_article_undated_with_a_note():
    notes: list[str] = []
    article = build_article(RawDocument(origin="x", text="Norway held talks.", published="the day after tomorrow-ish"),
                            notes)
    assert article.published is None and article.story_date is None
    assert len(notes) == 1 and "unreadable publication date" in notes[0] and "stored undated" in notes[0]


def test_non_english_is_skipped_with_its_language():
    german = ("Die Bundesregierung hat am Mittwoch neue Sanktionen gegen Russland beschlossen, "
              "wie ein Sprecher in Berlin mitteilte. Die Maßnahmen sollen noch in dieser Woche in Kraft treten.")
    with pytest.raises(UnsupportedLanguage, match="language de not supported"):
        build_article(RawDocument(origin="de.txt", text=german))


@pytest.mark.parametrize("text,lang", [
    ("The government said on Monday that it would impose new sanctions on the country.", "en"),
    ("Le gouvernement a annoncé lundi de nouvelles sanctions contre le pays, a déclaré le ministre.", "fr"),
    ("El gobierno anunció el lunes nuevas sanciones contra el país, según el ministro de la defensa.", "es"),
    ("Правительство объявило в понедельник о новых санкциях против страны.", "ru"),
])
def test_detect_language(text, lang):
    assert detect_language(text) == lang
