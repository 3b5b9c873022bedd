"""Dates of events: scheduled present tense, weeks across two months, dates that belong to another noun."""

from __future__ import annotations

import pytest

STORY_DATE = "2024-09-13"  # a Friday


def dated(code, text, date=STORY_DATE):
    """(source, target, type, date) of each event coded from `text`."""
    return {(r["source"]["country"] if r.get("source") else None, r["target"]["country"] if r.get("target") else None,
             r["type"], r["date"]) for r in code(text, date=date)}


@pytest.mark.parametrize("text,expected", [
    # news's present tense with a weekday is a scheduled act: the coming Sunday, not the last one
    ("The Japanese foreign minister starts a visit to France on Sunday.", ("JPN", "FRA", "CONSULT", "2024-09-15")),
    # an event noun takes the tense of the verb it hangs on ("arrives for talks")
    ("Japanese Prime Minister Kishida arrives for talks with French President Macron on Wednesday.",
     ("JPN", "FRA", "CONSULT", "2024-09-18")),
    # "is due to begin": the tense of "is"
    ("Talks between Egypt and Russia are due to begin in Moscow on Wednesday.", ("EGY", "RUS", "CONSULT", "2024-09-18")),
])
def test_scheduled_present_tense_looks_ahead(code, text, expected):
    assert expected in dated(code, text)


def test_a_week_across_two_months_is_the_month_holding_most_of_it(code):
    # Monday 2 March: last week ran 23 February - 1 March, six days of it in February
    assert ("BRA", "USA", "CONSULT", "2026-02") in dated(
        code, "Brazil's finance minister last week visited the United States.", date="2026-03-02")


def test_a_year_that_modifies_another_noun_does_not_date_the_act(code):
    assert ("USA", "JPN", "THREATEN", "2024-09-13") in dated(
        code, "President Biden announced on Friday he would raise tariffs on Japanese goods in retaliation for "
              "Japan's failure to abide by a 2019 agreement.")


@pytest.mark.parametrize("text,expected", [
    # a "to"-infinitive under a present verb of intending (cue kind "intent") lies ahead of the story
    ("Chile hopes to hold talks with Peru in late October.", ("CHL", "PER", "CONSULT", "2024-10")),
    ("Chile plans to hold talks with Peru in August.", ("CHL", "PER", "CONSULT", "2025-08")),
])
def test_intended_acts_look_ahead(code, text, expected):
    assert expected in dated(code, text)
