"""Spurious event groups: constructions where dyad coded an international event the text does not
report (a firm read as its dateline's country, a place read as a party, ...)."""

from __future__ import annotations

from tests.conftest import triples

STORY_DATE = "1987-03-10"


def test_unnamed_banks_under_a_dateline_are_no_country_s(code):
    # a reporter in New York writes about banks anywhere: "the banks" are not the United States
    found = triples(code("NEW YORK, March 10 - The commercial banks rejected the Peruvian proposal for a debt "
                         "rescheduling, bankers said.", date=STORY_DATE))
    assert not any(s == "USA" for s, _, _ in found), found


def test_talks_between_banks_and_several_states_pair_no_two_states(code):
    found = triples(code("The official cited progress in talks between creditor banks and Peru, Bolivia and "
                         "Uruguay.", date=STORY_DATE))
    assert not any(s and t and s != t for s, t, _ in found), found


def test_the_content_of_a_vetoed_resolution_is_not_done(code):
    # the parser hangs "to impose" on "vetoed": what the resolution proposed, not what the vetoers did
    found = triples(code("Norway and Canada vetoed a council resolution to impose sanctions against Chile.",
                         date=STORY_DATE))
    assert ("NOR", "CHL", "SANCTION") not in found and ("CAN", "CHL", "SANCTION") not in found, found


def test_a_party_in_a_city_is_not_the_city_s_country(code):
    # the committee sits in New York; it is not the United States
    found = triples(code("Kenyan officials held a meeting with the advisory committee in New York in January.",
                         date=STORY_DATE))
    assert ("KEN", "USA", "CONSULT") not in found, found
    found = triples(code("Peru and Bolivia may demand higher quotas in Vienna.", date=STORY_DATE))
    assert not any(t == "AUT" for _, t, _ in found), found


def test_a_city_before_talks_is_the_venue_not_a_side(code):
    found = triples(code("Chilean delegates will be present throughout the London talks, the official said.",
                         date=STORY_DATE))
    assert ("CHL", "GBR", "CONSULT") not in found, found
    # a city before a visit is still where the visitor went
    assert ("CHL", "USA", "CONSULT") in triples(code("The Chilean minister returned from his Washington visit on "
                                                     "Tuesday.", date=STORY_DATE))


def test_a_country_naming_a_scandal_is_its_topic_not_a_target(code):
    found = triples(code("A federal grand jury is investigating the Libya arms scandal.", date=STORY_DATE))
    assert not any(t == "LBY" for _, t, _ in found), found


def test_the_maker_of_a_weapon_is_not_its_target(code):
    found = triples(code("Iran fired a Chinese-made missile at a hulk off its coast.", date=STORY_DATE))
    assert ("IRN", "CHN", "ASSAULT") not in found, found
