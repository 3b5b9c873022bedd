"""Filter parsing: normalised values, date periods, and one-line errors for every bad value."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from dyad.errors import QueryError, StoreError
from dyad.query import EventFilter, parse_filter, parse_period


def test_nothing_given_is_no_condition():
    assert parse_filter() == EventFilter()
    assert parse_filter(actor="", dyad=" ", type=None, since="", limit="") == EventFilter()


def test_values_are_normalised():
    parsed = parse_filter(actor=" rus ", dyad="prk:*", type="consult", since="2023-09",
                          until="2023", modality="FUTURE", limit="25")
    assert parsed == EventFilter(actor="RUS", dyad=("PRK", "*"), type="CONSULT",
                                 since=date(2023, 9, 1), until=date(2023, 12, 31),
                                 modality="future", limit=25)


@pytest.mark.parametrize("code", ["IGO", "ngo", "IMG", "USA"])
def test_organisation_and_country_codes(code):
    assert parse_filter(actor=code).actor == code.upper()


def test_dyad_accepts_a_pair_and_wildcards():
    assert parse_filter(dyad=("usa", "*")).dyad == ("USA", "*")
    assert parse_filter(dyad="*:*").dyad == ("*", "*")


@pytest.mark.parametrize("text, first, last", [
    ("2023", date(2023, 1, 1), date(2023, 12, 31)),
    ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
    ("2023-02", date(2023, 2, 1), date(2023, 2, 28)),
    ("2023-09-13", date(2023, 9, 13), date(2023, 9, 13)),
])
def test_periods(text, first, last):
    assert parse_period(text) == (first, last)


def test_since_takes_the_first_day_and_until_the_last():
    parsed = parse_filter(since="2023-10", until="2023-10")
    assert (parsed.since, parsed.until) == (date(2023, 10, 1), date(2023, 10, 31))


def test_dates_may_be_given_as_dates():
    parsed = parse_filter(since=date(2023, 1, 2), until=datetime(2023, 3, 4, 5, 6))
    assert (parsed.since, parsed.until) == (date(2023, 1, 2), date(2023, 3, 4))


def test_limit_may_be_an_int():
    assert parse_filter(limit=7).limit == 7


@pytest.mark.parametrize("raw, message", [
    ({"actor": "RUSSIA"}, "[E401] actor: 'RUSSIA' is not a 3-letter actor code; use an ISO 3166-1"),
    ({"actor": "R1S"}, "[E401] actor: 'R1S' is not a 3-letter actor code"),
    ({"dyad": "RUS-UKR"}, "[E401] dyad: 'RUS-UKR' is not a dyad; use SOURCE:TARGET such as RUS:UKR"),
    ({"dyad": "RUS:UKR:USA"}, "[E401] dyad: 'RUS:UKR:USA' is not a dyad"),
    ({"dyad": "RUS:"}, "[E401] dyad: 'RUS:' has an empty side"),
    ({"dyad": "RUS:Ukraine"}, "[E401] dyad: 'Ukraine' is not a 3-letter actor code"),
    ({"type": "MEET"}, "[E401] type: 'MEET' is not a PLOVER event type; use one of AGREE, CONSULT,"),
    ({"modality": "maybe"}, "[E401] modality: 'maybe' is not a modality; use one of asserted, negated,"),
    ({"since": "13/09/2023"}, "[E401] since: '13/09/2023' is not a date; use YYYY, YYYY-MM or YYYY-MM-DD"),
    ({"until": "2023-13"}, "[E401] until: '2023-13' is not a valid date; use YYYY, YYYY-MM or YYYY-MM-DD"),
    ({"until": "2023-02-30"}, "[E401] until: '2023-02-30' is not a valid date"),
    ({"since": "2024", "until": "2023-12"},
     "[E401] since: 2024-01-01 is later than until 2023-12-31; swap them or widen the window"),
    ({"limit": "ten"}, "[E401] limit: 'ten' is not a number of events; use a positive integer"),
    ({"limit": "0"}, "[E401] limit: '0' is not a positive number of events; use 1 or more"),
    ({"limit": -5}, "[E401] limit: -5 is not a positive number of events"),
    ({"limit": True}, "[E401] limit: True is not a number of events"),
])
def test_bad_values_raise_one_line_query_errors(raw, message):
    with pytest.raises(QueryError) as caught:
        parse_filter(**raw)
    text = str(caught.value)
    assert text.startswith(message)
    assert "\n" not in text
    assert isinstance(caught.value, StoreError)  # callers catching store errors catch these too
    assert caught.value.item == next(iter(raw))


def test_parse_period_raises_value_error():
    with pytest.raises(ValueError, match="is not a date"):
        parse_period("last week")
