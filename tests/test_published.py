"""parse_published / looks_like_date_line: the story date in the story's own zone."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dyad.documents import published as pub
from dyad.documents.published import Published, looks_like_date_line, parse_published

D = dt.date(2023, 9, 15)
MIDNIGHT = dt.datetime(2023, 9, 15)  # a date without a time


def tz(hours: float) -> dt.timezone:
    return dt.timezone(dt.timedelta(hours=hours))


@pytest.mark.parametrize(("text", "when", "zone"), [
    ("September 15, 2023 17:30 MYT", dt.datetime(2023, 9, 15, 17, 30, tzinfo=tz(8)), "MYT"),
    ("Sept. 15, 2023 5:30 PM EDT", dt.datetime(2023, 9, 15, 17, 30, tzinfo=tz(-4)), "EDT"),
    ("Sep 15, 2023 5:30 a.m. EST", dt.datetime(2023, 9, 15, 5, 30, tzinfo=tz(-5)), "EST"),
    ("15 September 2023 17:30 CET", dt.datetime(2023, 9, 15, 17, 30, tzinfo=tz(1)), "CET"),
    ("15 September 2023 17:30 CEST", dt.datetime(2023, 9, 15, 17, 30, tzinfo=tz(2)), "CEST"),
    ("Fri, 15 Sep 2023 09:30:00 GMT", dt.datetime(2023, 9, 15, 9, 30, tzinfo=tz(0)), "GMT"),
    ("Fri, 15 Sep 2023 09:30:00 +0000", dt.datetime(2023, 9, 15, 9, 30, tzinfo=tz(0)), "+0000"),
    ("Fri, 15 Sep 2023 09:30:00 -0400", dt.datetime(2023, 9, 15, 9, 30, tzinfo=tz(-4)), "-0400"),
    ("2023-09-15T09:30:00Z", dt.datetime(2023, 9, 15, 9, 30, tzinfo=tz(0)), "Z"),
    ("2023-09-15T09:30:00+08:00", dt.datetime(2023, 9, 15, 9, 30, tzinfo=tz(8)), "+08:00"),
    ("2023-09-15T09:30:00.123-04:00", dt.datetime(2023, 9, 15, 9, 30, tzinfo=tz(-4)), "-04:00"),
    ("2023-09-15 09:30:00+0530", dt.datetime(2023, 9, 15, 9, 30, tzinfo=tz(5.5)), "+0530"),
    ("Updated 5:30 PM EDT, Fri September 15, 2023", dt.datetime(2023, 9, 15, 17, 30, tzinfo=tz(-4)), "EDT"),
    ("15 Sep 2023 09:30 GMT", dt.datetime(2023, 9, 15, 9, 30, tzinfo=tz(0)), "GMT"),
    ("15 Sep 2023 0930 GMT", dt.datetime(2023, 9, 15, 9, 30, tzinfo=tz(0)), "GMT"),
    ("Friday 15th September 2023, 17:30 BST", dt.datetime(2023, 9, 15, 17, 30, tzinfo=tz(1)), "BST"),
    ("September 15, 2023 9:30 GMT+8", dt.datetime(2023, 9, 15, 9, 30, tzinfo=tz(8)), "GMT+8"),
    ("September 15, 2023 9:30 (UTC+05:30)", dt.datetime(2023, 9, 15, 9, 30, tzinfo=tz(5.5)), "UTC+05:30"),
    ("15 Sep 2023 12:00 PM KST", dt.datetime(2023, 9, 15, 12, 0, tzinfo=tz(9)), "KST"),
    ("15 Sep 2023 12:15 AM JST", dt.datetime(2023, 9, 15, 0, 15, tzinfo=tz(9)), "JST"),
    ("15 Sep 2023 08:00 NPT", dt.datetime(2023, 9, 15, 8, 0, tzinfo=tz(5.75)), "NPT"),
    ("15 Sep 2023 08:00 AEST", dt.datetime(2023, 9, 15, 8, 0, tzinfo=tz(10)), "AEST"),
    # fields glued together, as some feeds publish them
    ("Fri, 15Sep 2023 10:50:41 +0530", dt.datetime(2023, 9, 15, 10, 50, 41, tzinfo=tz(5.5)), "+0530"),
    ("Fri, 15 Sep 202310:50:41 +0530", dt.datetime(2023, 9, 15, 10, 50, 41, tzinfo=tz(5.5)), "+0530"),
    ("Sep 15, 202310:50 GMT", dt.datetime(2023, 9, 15, 10, 50, tzinfo=tz(0)), "GMT"),
])
def test_aware_formats(text, when, zone):
    got = parse_published(text)
    assert got.when == when and got.when.utcoffset() == when.utcoffset(), got
    assert (got.story_date, got.zone) == (when.date(), zone)


def test_story_date_is_the_local_date_of_the_stated_zone():
    got = parse_published("September 15, 2023 01:30 MYT")
    assert got.story_date == D
    assert got.when.astimezone(dt.UTC).date() == dt.date(2023, 9, 14)
    late = parse_published("2023-09-14T23:30:00-05:00")
    assert late.story_date == dt.date(2023, 9, 14)  # already 15 September in UTC


@pytest.mark.parametrize(("text", "offset"), [
    ("15 Sep 2023 10:00 CST", -6),     # US Central, not China
    ("15 Sep 2023 10:00 AST", 3),      # Arabia, not Atlantic
    ("15 Sep 2023 10:00 IST", 5.5),    # India
    ("15 Sep 2023 10:00 BST", 1),      # British
    ("15 Sep 2023 10:00 GST", 4),      # Gulf
    ("15 Sep 2023 10:00 ET", -4),      # generic US Eastern follows daylight time
    ("15 Jan 2023 10:00 ET", -5),
    ("15 Jan 2023 10:00 PT", -8),
    ("2023-09-15 10:00 Asia/Seoul", 9),
    ("2023-01-15 10:00 America/New_York", -5),
])
def test_zone_choices(text, offset):
    assert parse_published(text).when.utcoffset() == dt.timedelta(hours=offset)


@pytest.mark.parametrize(("text", "when", "story_date"), [
    ("1987-02-26T15:01:01", dt.datetime(1987, 2, 26, 15, 1, 1), dt.date(1987, 2, 26)),
    ("15/09/2023 09:30", dt.datetime(2023, 9, 15, 9, 30), D),
    ("15.09.2023 17.30", dt.datetime(2023, 9, 15, 17, 30), D),
    ("Sep 15 2023 9:30AM", dt.datetime(2023, 9, 15, 9, 30), D),
    ("2023-09-15", MIDNIGHT, D),
    ("September 15, 2023", MIDNIGHT, D),
    ("Sept. 15th, 2023", MIDNIGHT, D),
    ("15 September 2023", MIDNIGHT, D),
    ("15-Sep-2023", MIDNIGHT, D),
    ("2023/09/15", MIDNIGHT, D),
    ("09/15/2023", MIDNIGHT, D),           # month-first only because 15 cannot be a month
    ("05/04/2023", dt.datetime(2023, 4, 5), dt.date(2023, 4, 5)),
    ("Published: 15 Sep 2023", MIDNIGHT, D),
    ("29 February 2024", dt.datetime(2024, 2, 29), dt.date(2024, 2, 29)),
])
def test_naive_and_date_only(text, when, story_date):
    got = parse_published(text)
    assert got == Published(when, story_date, None), got
    assert got.when.tzinfo is None


def test_date_only_with_a_zone_is_an_aware_midnight():
    got = parse_published("September 15, 2023 MYT")
    assert got == Published(dt.datetime(2023, 9, 15, tzinfo=tz(8)), D, "MYT")


def test_unknown_abbreviation_is_kept_but_naive():
    got = parse_published("September 15, 2023 09:30 XYZT")
    assert got == Published(dt.datetime(2023, 9, 15, 9, 30), D, "XYZT")


def test_all_caps_words_are_not_zones():
    got = parse_published("LAST UPDATED SEPTEMBER 15, 2023 AT 5:30 PM")
    assert got == Published(dt.datetime(2023, 9, 15, 17, 30), D, None)


def test_unix_timestamp_is_utc():
    got = parse_published("1694770200")
    assert got.when == dt.datetime(2023, 9, 15, 9, 30, tzinfo=dt.UTC) and got.zone == "UTC"


@pytest.mark.parametrize("text", [
    None, "", "   ", "Reuters", "not a date", "September 2023", "2023", "17:30 MYT",
    "February 30, 2023", "29 February 2023", "September 15, 2023 25:00", "15 Sep 2023 13:00 PM",
    "x" * 500, 20230915, b"2023-09-15", "15 Sep 20231",
])
def test_not_a_date(text):
    assert parse_published(text) == Published(None, None, None)


@pytest.mark.parametrize("line", [
    "September 15, 2023 17:30 MYT",
    "Updated 5:30 PM EDT, Fri September 15, 2023",
    "2023-09-15T09:30:00Z",
    "15 Sep 2023 09:30 GMT",
    "Fri, 15 Sep 2023 09:30:00 +0000",
    "September 15, 2023",
    "Published: 15 Sep 2023",
    "Last updated on Friday, September 15, 2023 at 5:30 p.m. ET",
    "15/09/2023 | 09:30",
    "  September 15, 2023 17:30 MYT  ",
])
def test_date_lines(line):
    assert looks_like_date_line(line)


@pytest.mark.parametrize("line", [
    "Reuters",
    "Ministers agree to resume grain talks - officials",
    "BRUSSELS: The ministers met on September 13, 2023 at the council building.",
    "By Jane Doe, September 15, 2023",
    "September 2023",
    "Friday",
    "1694770200",
    "",
    "The talks ended on 15 Sep 2023 09:30 GMT with no deal",
])
def test_not_date_lines(line):
    assert not looks_like_date_line(line)


def test_timezone_table():
    path = Path(pub.__file__).parent / "data" / "timezones.tsv"
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0].split("\t") == ["abbr", "utc_offset", "name", "note"]
    abbrs = [line.split("\t")[0] for line in lines[1:]]
    assert len(abbrs) == len(set(abbrs)), "duplicate abbreviation"
    assert all(len(line.split("\t")) == 4 for line in lines[1:])
    required = ("EST EDT CST CDT MST MDT PST PDT AKST HST GMT UTC Z BST IST CET CEST EET EEST WET WEST MSK "
                "GST PKT ICT WIB SGT HKT JST KST AEST AEDT AWST NZST NZDT SAST EAT WAT CAT TRT IRST AST MYT")
    assert set(required.split()) <= set(pub.ZONES)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=120))
def test_never_raises(text):
    got = parse_published(text)
    looks_like_date_line(text)
    if got.when is not None:
        assert got.story_date == got.when.date()
        assert got.when.tzinfo is None or got.zone is not None
    assert got.story_date is None or isinstance(got.story_date, dt.date)
    assert got.zone is None or got.story_date is not None


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([
    "September", "Sept.", "15", "15,", "2023", "17:30", "5:30", "PM", "a.m.", "MYT", "EDT", "GMT", "+0800",
    "-04:00", "Z", "2023-09-15T09:30:00", "Fri,", "Updated", "ET", "Asia/Seoul", "UTC+8", "/", "-", "99:99",
    "0000-01-01", "31/02/2023", "9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00",
]), min_size=1, max_size=7).map(" ".join))
def test_never_raises_on_date_like_text(text):
    got = parse_published(text)
    looks_like_date_line(text)
    if got.when is not None:
        assert got.story_date == got.when.date()
