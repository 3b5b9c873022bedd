"""Actors: gazetteer names, people by date, roles, the ambassador rule, in-article coreference."""

from __future__ import annotations

from datetime import date

import pytest

from dyad.actors.context import ArticleContext
from dyad.actors.gazetteer import Gazetteer, default_gazetteer
from dyad.actors.people import People, default_people
from dyad.actors.resolve import ActorResolver


@pytest.fixture(scope="module")
def resolver():
    return ActorResolver()


@pytest.fixture(scope="module")
def nlp(coder):
    return coder.nlp


def resolve_subject(nlp, resolver, text: str, when: date, word: str | None = None):
    """Resolve the subject of the sentence (or the token `word`) in a fresh context."""
    doc = nlp(text)
    index = resolver.index(doc)
    ctx = ArticleContext()
    head = next(t for t in doc if (t.text == word if word else t.dep_ in {"nsubj", "nsubjpass"}))
    return resolver.resolve(head, index, when, ctx, 0)


@pytest.mark.parametrize("phrase,country,kind", [
    ("Russia", "RUS", "country"), ("North Korea", "PRK", "country"), ("DPRK", "PRK", "country"),
    ("U.S.", "USA", "country"), ("Britain", "GBR", "country"), ("Russian", "RUS", "adjective"),
    ("Israelis", "ISR", "adjective"), ("Washington", "USA", "capital"), ("Pyongyang", "PRK", "capital"),
    ("Kremlin", "RUS", "seat"), ("White House", "USA", "seat"),
])
def test_gazetteer_names(phrase, country, kind):
    entries = default_gazetteer().lookup(phrase)
    assert any(e.country == country and e.kind == kind for e in entries), entries


def test_seat_sectors_and_organisations():
    pentagon = default_gazetteer().lookup("Pentagon")[0]
    assert (pentagon.country, pentagon.sector) == ("USA", "MIL")
    un = default_gazetteer().lookup("United Nations")[0]
    assert un.country == "IGO"
    kcna = default_gazetteer().lookup("KCNA")[0]
    assert kcna.country == "PRK"


def test_historical_states_by_date():
    moscow = [m for m in default_gazetteer().find(_doc("Moscow said so.")) if m.start == 0][0]
    assert moscow.best(date(1985, 1, 1)).country == "SUN"
    assert moscow.best(date(2005, 1, 1)).country == "RUS"


def _doc(text):
    import spacy

    return spacy.blank("en")(text)


def test_non_actor_names_mask_country_words():
    g = default_gazetteer()
    matches = g.find(_doc("Ships sailed in the South China Sea near China."))
    assert [(m.start, m.best(None).country) for m in matches] == [(8, "CHN")]


def test_people_change_roles_with_the_date():
    people = default_people()
    assert people.lookup("Vladimir Putin", date(2023, 1, 1)).role == "President"
    assert people.lookup("Vladimir Putin", date(2009, 1, 1)).role == "Prime Minister"
    obama = people.lookup("Barack Obama", date(2010, 6, 1))
    assert (obama.country, obama.sector, obama.in_office) == ("USA", "GOV", True)
    former = people.lookup("Barack Obama", date(2019, 6, 1))
    assert (former.country, former.sector, former.in_office) == ("USA", "ELI", False)


def test_an_ambiguous_surname_needs_the_date_or_the_context():
    people = People([
        {"name": "Ann Lee", "aliases": "Lee", "country": "SGP", "sector": "GOV", "role": "President",
         "office": "head_of_state", "start": "2000-01-01", "end": "2010-01-01"},
        {"name": "Cy Lee", "aliases": "Lee", "country": "KOR", "sector": "GOV", "role": "Foreign Minister",
         "office": "foreign_minister", "start": "2005-01-01", "end": "2015-01-01"},
        {"name": "Bo Lee", "aliases": "Lee", "country": "KOR", "sector": "GOV", "role": "President",
         "office": "head_of_state", "start": "2005-01-01", "end": "2015-01-01"},
    ])
    assert people.lookup("Lee", date(2002, 1, 1)).name == "Ann Lee"
    assert people.lookup("Lee", date(2012, 1, 1)).name == "Bo Lee"
    assert people.lookup("Lee", date(2007, 1, 1)) is None  # two heads of state: no guess
    assert people.lookup("Lee", date(2007, 1, 1), countries=["KOR"]).name == "Bo Lee"  # outranks Cy Lee


def test_ambassador_belongs_to_the_country_that_sent_them(nlp, resolver):
    actors = resolve_subject(nlp, resolver, "Russia's ambassador to the United States, Anatoly Antonov, said so.",
                             date(2023, 9, 15))
    assert [(a.country, a.sector, a.name) for a in actors] == [("RUS", "GOV", "Anatoly Antonov")]


@pytest.mark.parametrize("text,country,sector", [
    ("Russian President Vladimir Putin spoke.", "RUS", "GOV"),
    ("Kremlin spokesman Dmitry Peskov spoke.", "RUS", "GOV"),
    ("A Syrian army officer spoke.", "SYR", "MIL"),
    ("Israeli soldiers fired.", "ISR", "MIL"),
    ("The Biden administration spoke.", "USA", "GOV"),
    ("Washington spoke.", "USA", "GOV"),
    ("The Pentagon spoke.", "USA", "MIL"),
    ("South Korea's National Security Council spoke.", "KOR", None),
])
def test_phrases(nlp, resolver, text, country, sector):
    actors = resolve_subject(nlp, resolver, text, date(2023, 9, 15))
    assert actors and actors[0].country == country
    if sector:
        assert actors[0].sector == sector


def test_unknown_actor_has_no_country(nlp, resolver):
    actors = resolve_subject(nlp, resolver, "Officials spoke.", date(2023, 9, 15))
    assert all(a.country is None for a in actors)


def test_coreference_of_surnames_and_the_two_leaders(coder):
    from dyad.flow import article_from_text

    text = ("Foreign Minister Jan Novak of Slovakia met Hungarian Prime Minister Viktor Orban in Budapest.\n"
            "Novak later accused Austria of blocking the deal.\n"
            "The two leaders also signed an agreement on energy.")
    article = article_from_text(text, story_date="2019-04-02")
    events = coder.code_article(article).events
    found = {(e.source.country if e.source else None, e.target.country if e.target else None, e.type)
             for e in events}
    assert ("SVK", "AUT", "ACCUSE") in found
    assert ("SVK", "HUN", "SUPPORT") in found or ("HUN", "SVK", "SUPPORT") in found


def test_gazetteer_from_rows_respects_validity():
    g = Gazetteer([{"code": "AAA", "name": "Oldland", "capitals": "Oldtown", "valid_to": "1990-01-01"},
                   {"code": "BBB", "name": "Newland", "capitals": "Oldtown", "valid_from": "1990-01-01"}], [])
    match = g.find(_doc("Oldtown said."))[0]
    assert match.best(date(1980, 1, 1)).country == "AAA"
    assert match.best(date(1995, 1, 1)).country == "BBB"


@pytest.mark.parametrize("text,place,when,country", [
    # a name shared by a capital and another country's city: the article's other names decide
    ("Shells hit Tripoli again as the Lebanese army stood by.", "Tripoli", date(1990, 5, 1), "LBN"),
    ("Shells hit Tripoli again as the Libyan army stood by.", "Tripoli", date(2011, 5, 1), "LBY"),
    ("Shells hit Tripoli again overnight.", "Tripoli", date(2011, 5, 1), "LBY"),
    # the US state, when the article mentions what only the state has
    ("Georgia certified its results, officials in Atlanta said.", "Georgia", date(2020, 11, 20), "USA"),
    ("Georgia recalled its ambassador, officials in Tbilisi said.", "Georgia", date(2020, 11, 20), "GEO"),
    ("Georgia recalled its ambassador.", "Georgia", date(2020, 11, 20), "GEO"),
    # a city that changed country: the date decides before the context does
    ("Rebels shelled Juba, the Sudanese army said.", "Juba", date(1992, 6, 1), "SDN"),
    ("Rebels shelled Juba, the Sudanese army said.", "Juba", date(2013, 6, 1), "SSD"),
])
def test_a_shared_place_name_takes_the_sense_the_article_supports(text, place, when, country):
    doc = _doc(text)
    match = next(m for m in default_gazetteer().find(doc) if doc[m.start].text == place)
    assert match.best(when).country == country


@pytest.mark.parametrize("phrase,code", [
    ("Petrobras", "BRABUS"), ("Huawei", "CHNBUS"), ("Bank of Japan", "JPNGOV"), ("Foreign Trade Bank of the DPRK", "PRKBUS"),
])
def test_companies_and_central_banks_in_international_news_have_a_home_state(phrase, code):
    entries = default_gazetteer().lookup(phrase)
    assert entries and entries[0].code == code


@pytest.mark.parametrize("word", ["Total", "Shell", "Foreign Trade Bank", "National Oil Corporation"])
def test_company_names_that_are_common_words_or_generic_are_not_matched_bare(word):
    assert not any(e.kind == "org" and e.sector == "BUS" for e in default_gazetteer().lookup(word))
