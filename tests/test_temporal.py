"""resolve_expression: dating an event by when it happened, against the story date.

Most cases use a Friday anchor, 2023-09-15, the shape of a wire story dated on a Friday.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dyad.events.temporal import ResolvedDate, resolve_expression

FRI = dt.date(2023, 9, 15)  # a Friday
LENGTHS = {"day": 10, "month": 7, "year": 4}


def check(text, anchor, tense, value, precision, basis):
    got = resolve_expression(text, anchor, tense=tense)
    assert got == ResolvedDate(value, precision, basis), f"{text!r} @ {anchor} ({tense}): {got}"


# --- the Friday-story cases of the brief ---------------------------------------------------------

@pytest.mark.parametrize(("text", "tense", "value", "precision", "basis"), [
    ("on Wednesday", "past", "2023-09-13", "day", "relative"),
    ("Wednesday", "past", "2023-09-13", "day", "relative"),
    ("in July", "past", "2023-07", "month", "relative"),
    ("in October", "future", "2023-10", "month", "relative"),
    ("in July 2000", "past", "2000-07", "month", "explicit"),
    ("2022", "past", "2022", "year", "explicit"),
    ("in September 1948", "past", "1948-09", "month", "explicit"),
    ("1991", "past", "1991", "year", "explicit"),
    ("on Thursday", "past", "2023-09-14", "day", "relative"),
    ("on Thursday", "future", "2023-09-21", "day", "relative"),
])
def test_friday_story(text, tense, value, precision, basis):
    check(text, FRI, tense, value, precision, basis)


# --- words for days ----------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "tense", "value"), [
    ("today", "past", "2023-09-15"),
    ("Today", "future", "2023-09-15"),
    ("tonight", "future", "2023-09-15"),
    ("this morning", "past", "2023-09-15"),
    ("earlier today", "past", "2023-09-15"),
    ("yesterday", "past", "2023-09-14"),
    ("yesterday afternoon", "past", "2023-09-14"),
    ("last night", "past", "2023-09-14"),
    ("tomorrow", "future", "2023-09-16"),
    ("the day before yesterday", "past", "2023-09-13"),
    ("the day after tomorrow", "future", "2023-09-17"),
    ("the next day", "past", "2023-09-16"),
    ("a day earlier", "past", "2023-09-14"),
])
def test_day_words(text, tense, value):
    check(text, FRI, tense, value, "day", "relative")


@pytest.mark.parametrize(("text", "tense", "value"), [
    ("on Friday", "past", "2023-09-15"),          # the story's own day
    ("on Friday", "future", "2023-09-15"),
    ("Saturday", "past", "2023-09-09"),
    ("Saturday", "future", "2023-09-16"),
    ("on Monday", "present", "2023-09-11"),       # present tense looks back, like past
    ("last Wednesday", "past", "2023-09-13"),
    ("last Friday", "past", "2023-09-08"),        # strictly before the story day
    ("next Wednesday", "future", "2023-09-20"),
    ("next Friday", "future", "2023-09-22"),
    ("this Wednesday", "past", "2023-09-13"),
    ("this Wednesday", "future", "2023-09-20"),
    ("on Wednesday night", "past", "2023-09-13"),
    ("late on Tuesday", "past", "2023-09-12"),
    ("Tuesday morning", "past", "2023-09-12"),
    ("Wed.", "past", "2023-09-13"),
    ("Thursday's", "past", "2023-09-14"),
    ("this coming Monday", "future", "2023-09-18"),
    ("this past Monday", "past", "2023-09-11"),
    ("at 2 p.m. on Wednesday", "past", "2023-09-13"),
    ("Wednesday of last week", "past", "2023-09-06"),
    ("next week Tuesday", "future", "2023-09-19"),
])
def test_weekdays(text, tense, value):
    check(text, FRI, tense, value, "day", "relative")


@pytest.mark.parametrize(("text", "anchor", "tense", "value"), [
    ("the weekend", FRI, "past", "2023-09-09"),
    ("over the weekend", dt.date(2023, 9, 18), "past", "2023-09-16"),   # Monday story
    ("this weekend", FRI, "future", "2023-09-16"),
    ("this weekend", dt.date(2023, 9, 17), "future", "2023-09-16"),    # said on the Sunday
    ("last weekend", dt.date(2023, 9, 17), "past", "2023-09-09"),      # on a Sunday: the one before
    ("last weekend", dt.date(2023, 9, 18), "past", "2023-09-16"),
    ("next weekend", dt.date(2023, 9, 16), "future", "2023-09-23"),
])
def test_weekend_is_its_saturday(text, anchor, tense, value):
    check(text, anchor, tense, value, "day", "relative")


# --- months, weeks, years relative to the story -------------------------------------------------

@pytest.mark.parametrize(("text", "tense", "value"), [
    ("July", "past", "2023-07"),
    ("since July", "past", "2023-07"),
    ("early July", "past", "2023-07"),
    ("mid-July", "past", "2023-07"),
    ("late July", "past", "2023-07"),
    ("in September", "past", "2023-09"),
    ("in September", "future", "2023-09"),
    ("in November", "past", "2022-11"),
    ("in March", "future", "2024-03"),
    ("last July", "past", "2023-07"),
    ("last September", "past", "2022-09"),
    ("next March", "future", "2024-03"),
    ("next September", "future", "2024-09"),
    ("Sept.", "past", "2023-09"),
    ("July last year", "past", "2022-07"),
    ("in May this year", "past", "2023-05"),
    ("last month", "past", "2023-08"),
    ("earlier this month", "past", "2023-09"),
    ("this month", "past", "2023-09"),
    ("later this month", "future", "2023-09"),
    ("next month", "future", "2023-10"),
    ("by the end of the month", "future", "2023-09"),
    ("six months ago", "past", "2023-03"),
    ("a month later", "past", "2023-10"),
    ("the following month", "past", "2023-10"),
    ("the previous month", "past", "2023-08"),
])
def test_months(text, tense, value):
    check(text, FRI, tense, value, "month", "relative")


@pytest.mark.parametrize(("text", "anchor", "value", "precision"), [
    ("last week", FRI, "2023-09", "month"),                                  # 4-10 Sep
    ("next week", FRI, "2023-09", "month"),
    ("this week", FRI, "2023-09", "month"),
    ("earlier this week", FRI, "2023-09", "month"),
    ("last week", dt.date(2023, 10, 3), "2023-09", "month"),                 # 25 Sep - 1 Oct: mostly September
    ("earlier this week", dt.date(2023, 9, 5), "2023-09-04", "day"),         # Tuesday: only Monday
    ("earlier this week", dt.date(2023, 11, 2), "2023-10", "month"),         # 30 Oct - 1 Nov: mostly October
    ("later this week", dt.date(2023, 9, 20), "2023-09", "month"),           # 21-24 Sep
    ("last week", dt.date(2024, 1, 3), "2023-12", "month"),                  # 25-31 Dec
    ("last week", dt.date(2025, 1, 8), "2025-01", "month"),                  # 30 Dec - 5 Jan: mostly January 2025
    ("two weeks ago", dt.date(2023, 9, 27), "2023-09", "month"),
    ("a week later", FRI, "2023-09", "month"),
    ("the previous week", FRI, "2023-09", "month"),
    ("the following week", dt.date(2023, 9, 22), "2023-09", "month"),       # 25 Sep - 1 Oct
    ("3 days ago", FRI, "2023-09-12", "day"),
    ("two days later", FRI, "2023-09-17", "day"),
    ("a few days ago", FRI, "2023-09", "month"),
    ("10 days earlier", dt.date(2024, 3, 5), "2024-02-24", "day"),
    ("2 days ago", dt.date(2024, 3, 1), "2024-02-28", "day"),                # over a leap day
])
def test_weeks_and_counted_units(text, anchor, value, precision):
    check(text, anchor, "past", value, precision, "relative")


@pytest.mark.parametrize(("text", "tense", "value"), [
    ("last year", "past", "2022"),
    ("late last year", "past", "2022"),
    ("this year", "past", "2023"),
    ("earlier this year", "past", "2023"),
    ("next year", "future", "2024"),
    ("early next year", "future", "2024"),
    ("a year ago", "past", "2022"),
    ("five years ago", "past", "2018"),
    ("two years later", "past", "2025"),
    ("a decade ago", "past", "2013"),
    ("the previous year", "past", "2022"),
    ("last summer", "past", "2023"),
    ("the first quarter", "past", "2023"),
])
def test_years_relative(text, tense, value):
    check(text, FRI, tense, value, "year", "relative")


def test_in_n_units_is_a_point_only_in_the_future():
    check("in two days", FRI, "future", "2023-09-17", "day", "relative")
    check("in three months", FRI, "future", "2023-12", "month", "relative")
    check("in two years' time", FRI, "future", "2025", "year", "relative")
    assert resolve_expression("in two days", FRI, tense="past") is None


def test_unplaceable_past_is_unknown_not_none():
    for text in ("years ago", "several years ago", "decades ago", "a few years earlier"):
        check(text, FRI, "past", None, "unknown", "relative")


# --- explicit dates ------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "13 September", "September 13", "Sept. 13", "Sep 13", "13th September", "September 13th",
    "the 13th of September", "on 13 September", "Wednesday, September 13", "Wednesday 13 September",
    "Sep 13, 2023", "September 13, 2023", "13 September 2023", "13 Sept. 2023", "on Sept. 13, 2023",
    "13/09/2023", "13.09.2023", "13-09-2023", "13/09/23", "09/13/2023", "2023-09-13", "2023/09/13",
    "2023-09-13T08:00:00Z", "Wednesday, September 13, 2023", "September 13, 2023 at 10:30 a.m.",
    "Sept. 13th, '23", "2023 September 13",
])
def test_explicit_day_formats(text):
    check(text, FRI, "past", "2023-09-13", "day", "explicit")


@pytest.mark.parametrize(("text", "value"), [
    ("05/04/2023", "2023-04-05"),     # day-first
    ("04/05/2023", "2023-05-04"),
    ("12/25/2022", "2022-12-25"),     # 25 cannot be a month: month-first
    ("31/12/1999", "1999-12-31"),
    ("1/2/2003", "2003-02-01"),
])
def test_numeric_dates_are_day_first(text, value):
    check(text, FRI, "past", value, "day", "explicit")


@pytest.mark.parametrize("text", ["13/13/2023", "32/01/2023", "9/11", "3/4", "2023-02-30"])
def test_impossible_or_bare_numeric_dates(text):
    assert resolve_expression(text, FRI) is None


@pytest.mark.parametrize(("text", "value", "precision"), [
    ("in 2022", "2022", "year"),
    ("in the year 2000", "2000", "year"),
    ("late 2002", "2002", "year"),
    ("early 1991", "1991", "year"),
    ("the summer of 2022", "2022", "year"),
    ("Q1 2021", "2021", "year"),
    ("the 1990s", "1990", "year"),
    ("the early 1990s", "1990", "year"),
    ("mid-1990s", "1993", "year"),
    ("the late 1990s", "1997", "year"),
    ("the '80s", "1980", "year"),
    ("the 2010s", "2010", "year"),
    ("July 2000", "2000-07", "month"),
    ("July of 2000", "2000-07", "month"),
    ("mid-September 1948", "1948-09", "month"),
    ("2023-10", "2023-10", "month"),
    ("2011-12", "2011", "year"),      # a span, not December 2011
    ("the 13th", "2023-09-13", "day"),
])
def test_explicit_months_years_decades(text, value, precision):
    got = resolve_expression(text, FRI)
    assert got is not None and (got.value, got.precision) == (value, precision), got


def test_the_nth_is_relative():
    check("on the 13th", FRI, "past", "2023-09-13", "day", "relative")
    check("the 20th", FRI, "past", "2023-08-20", "day", "relative")
    check("the 20th", FRI, "future", "2023-09-20", "day", "relative")
    check("the 31st", FRI, "past", "2023-08-31", "day", "relative")  # September has no 31st


@pytest.mark.parametrize(("text", "tense", "value"), [
    ("June 3-5", "past", "2023-06-03"),
    ("3-5 June", "past", "2023-06-03"),
    ("June 3 to 5, 2021", "past", "2021-06-03"),
    ("June 3 - July 2, 2021", "past", "2021-06-03"),
])
def test_day_ranges_use_the_start(text, tense, value):
    check(text, FRI, tense, value, "day", "explicit")


@pytest.mark.parametrize(("text", "value", "precision"), [
    ("from 1991 to 1995", "1991", "year"),
    ("1991-95", "1991", "year"),
    ("between 2010 and 2012", "2010", "year"),
    ("between March and May", "2023-03", "month"),
    ("March to May 2020", "2020-03", "month"),
    ("December to January 2021", "2020-12", "month"),
])
def test_ranges_use_the_start(text, value, precision):
    got = resolve_expression(text, FRI)
    assert got is not None and (got.value, got.precision) == (value, precision), got


# --- the year of a date written without one ------------------------------------------------------

@pytest.mark.parametrize(("text", "anchor", "tense", "value"), [
    ("in December", dt.date(2024, 1, 10), "past", "2023-12"),
    ("in January", dt.date(2023, 12, 10), "future", "2024-01"),
    ("in January", dt.date(2023, 12, 10), "past", "2023-01"),
    ("last December", dt.date(2023, 12, 10), "past", "2022-12"),
])
def test_month_year_rollover(text, anchor, tense, value):
    check(text, anchor, tense, value, "month", "relative")


@pytest.mark.parametrize(("text", "anchor", "tense", "value"), [
    ("December 28", dt.date(2024, 1, 3), "past", "2023-12-28"),
    ("December 28", dt.date(2024, 1, 3), "present", "2023-12-28"),
    ("5 January", dt.date(2023, 12, 20), "future", "2024-01-05"),
    ("5 January", dt.date(2023, 12, 20), "present", "2024-01-05"),
    ("September 17", FRI, "past", "2023-09-17"),         # within the few days' slack
    ("September 25", FRI, "past", "2022-09-25"),
    ("September 25", FRI, "present", "2023-09-25"),      # "the vote is on 25 September"
    ("September 10", FRI, "future", "2024-09-10"),
    ("September 14", FRI, "future", "2023-09-14"),       # within the slack
    ("on Wednesday", dt.date(2024, 1, 1), "past", "2023-12-27"),
    ("on Monday", dt.date(2023, 12, 29), "future", "2024-01-01"),
])
def test_day_year_rollover(text, anchor, tense, value):
    got = resolve_expression(text, anchor, tense=tense)
    assert got is not None and got.value == value, got


@pytest.mark.parametrize(("text", "anchor", "tense", "value"), [
    ("February 29", dt.date(2025, 3, 1), "past", "2024-02-29"),
    ("February 29", dt.date(2023, 6, 1), "future", "2024-02-29"),
    ("29 February", dt.date(2024, 3, 10), "past", "2024-02-29"),
    ("29/02/2024", FRI, "past", "2024-02-29"),
    ("the 29th", dt.date(2023, 3, 10), "past", "2023-01-29"),  # no 29 February in 2023
    ("the 29th", dt.date(2024, 3, 10), "past", "2024-02-29"),
    ("yesterday", dt.date(2024, 3, 1), "past", "2024-02-29"),
    ("tomorrow", dt.date(2024, 2, 28), "future", "2024-02-29"),
])
def test_leap_years(text, anchor, tense, value):
    got = resolve_expression(text, anchor, tense=tense)
    assert got is not None and got.value == value, got


@pytest.mark.parametrize("text", ["February 29, 2023", "29/02/2023", "2023-02-29"])
def test_no_29_february_in_common_years(text):
    assert resolve_expression(text, FRI) is None


# --- not points in time ---------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "for decades", "decades", "two weeks", "18 years", "a week", "for three days", "70-year-old",
    "39", "aged 39", "45 years old", "the past", "the past week", "over the past two years",
    "in recent years", "recent weeks", "every year", "each month", "twice a year", "annually",
    "weekly", "the coming weeks", "the next few days", "recently", "before 2020", "after July",
    "prior to 2019", "5-10 years", "two to three weeks", "the 19th century", "", "   ", "hello",
    "the 70th anniversary", "a long time",
])
def test_not_a_point_in_time(text):
    assert resolve_expression(text, FRI) is None


def test_bad_tense_counts_as_past():
    check("on Wednesday", FRI, "conditional", "2023-09-13", "day", "relative")


def test_out_of_calendar_anchors_do_not_raise():
    assert resolve_expression("tomorrow", dt.date.max, tense="future") is None
    assert resolve_expression("yesterday", dt.date.min) is None
    assert resolve_expression("in July", dt.date(5, 9, 1)) is None  # not 4 digits


# --- properties ---------------------------------------------------------------------------------

DATE_TOKENS = [
    "on", "in", "last", "next", "this", "the", "early", "mid-", "late", "of", "ago", "later", "earlier",
    "week", "weeks", "weekend", "month", "year", "years", "days", "Wednesday", "Sept.", "July", "May",
    "February", "13", "29", "31", "13th", "2023", "1990s", "'90s", "-", "to", "and", "between", "/",
    "2022-23", "13/09/2023", "yesterday", "tomorrow", "summer", "Q3", "a", "few", "two", "night",
    "9999", "0001", "2024-02-29", ",", "since", "for", "old",
]


def _assert_well_formed(got: ResolvedDate | None) -> None:
    if got is None:
        return
    assert got.precision in ("day", "month", "year", "unknown")
    assert got.basis in ("explicit", "relative")
    if got.value is None:
        assert got.precision == "unknown"
    else:
        assert re.match(r"\d{4}", got.value)
        assert len(got.value) == LENGTHS[got.precision]
        dt.date.fromisoformat((got.value + "-01-01")[:10])  # a real calendar value


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=90), st.dates(), st.sampled_from(["past", "present", "future"]))
def test_never_raises_on_arbitrary_text(text, anchor, tense):
    _assert_well_formed(resolve_expression(text, anchor, tense=tense))


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(DATE_TOKENS), min_size=1, max_size=5).map(" ".join),
       st.dates(min_value=dt.date(1000, 1, 1)), st.sampled_from(["past", "present", "future"]))
def test_never_raises_on_date_like_text(text, anchor, tense):
    _assert_well_formed(resolve_expression(text, anchor, tense=tense))


# --- spelled days of the month (only beside a month name) ---------------------------------------

@pytest.mark.parametrize(("text", "value"), [
    ("on the fourth of September", "2023-09-04"),
    ("the twenty-first of August", "2023-08-21"),
    ("September second", "2023-09-02"),
    ("September the first", "2023-09-01"),
    ("the third of March 1999", "1999-03-03"),
])
def test_spelled_day_of_month(text, value):
    check(text, FRI, "past", value, "day", "explicit")


@pytest.mark.parametrize("text", ["the second time", "a second", "the fourth"])
def test_ordinal_words_without_a_month_are_no_day(text):
    got = resolve_expression(text, FRI, tense="past")
    assert got is None or got.precision != "day", got
