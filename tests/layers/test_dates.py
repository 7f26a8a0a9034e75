"""Relative dates normalised against the publication date (seed facts: shared/seeds/README.md)."""

from __future__ import annotations

import datetime as dt

import pytest

from geo.errors import InputError
from geo.limits import EARLIEST_DATE, LATEST_DATE
from layers.dates import check_day, find_date_expressions, normalise_date, parse_day

WEDNESDAY = dt.date(2015, 2, 18)


@pytest.mark.parametrize(
    ("expression", "date", "precision", "start", "end"),
    [
        ("small hours of Wednesday", "2015-02-18", "day", "2015-02-18", "2015-02-18"),
        ("Wednesday", "2015-02-18", "day", "2015-02-18", "2015-02-18"),
        ("on Wednesday afternoon", "2015-02-18", "day", "2015-02-18", "2015-02-18"),
        ("Tuesday night", "2015-02-17", "day", "2015-02-17", "2015-02-17"),
        ("on Tuesday", "2015-02-17", "day", "2015-02-17", "2015-02-17"),
        ("since Tuesday night", "2015-02-17", "day", "2015-02-17", "2015-02-18"),
        ("on Sunday", "2015-02-15", "day", "2015-02-15", "2015-02-15"),
        ("last Wednesday", "2015-02-11", "day", "2015-02-11", "2015-02-11"),
        ("yesterday", "2015-02-17", "day", "2015-02-17", "2015-02-17"),
        ("last week", "2015-02-12", "week", "2015-02-09", "2015-02-15"),
        ("in the past few days", "2015-02-14", "week", "2015-02-11", "2015-02-18"),
        ("for more than a week", "2015-02-14", "week", "2015-02-11", "2015-02-18"),
        ("weeks of fighting", "2015-02-03", "month", "2015-01-19", "2015-02-18"),
        ("2015-02-12", "2015-02-12", "day", "2015-02-12", "2015-02-12"),
        ("2015-02", "2015-02-14", "month", "2015-02-01", "2015-02-28"),
    ],
)
def test_normalise(expression, date, precision, start, end):
    """Each expression of the seed normalises to the date, precision and window it means."""
    span = normalise_date(expression, WEDNESDAY)
    assert (span.date.isoformat(), span.precision, span.start.isoformat(), span.end.isoformat()) == (
        date,
        precision,
        start,
        end,
    )


def test_minsk_meeting_last_week_covers_11_12_feb():
    """Last week covers the Minsk meeting of 11-12 Feb 2015."""
    span = normalise_date("last week", WEDNESDAY)
    assert span.start <= dt.date(2015, 2, 11) and dt.date(2015, 2, 12) <= span.end


def test_errors():
    """Unknown expressions, missing publication dates and impossible dates are refused."""
    with pytest.raises(InputError, match="cannot interpret"):
        normalise_date("when pigs fly", WEDNESDAY)
    with pytest.raises(InputError, match="publication date"):
        normalise_date("Tuesday", None)
    with pytest.raises(InputError, match="not a valid"):
        normalise_date("2015-02-30", WEDNESDAY)
    with pytest.raises(InputError, match="ISO date"):
        parse_day("Feb 2015")


def test_find_in_seed(seed_text):
    """Date expressions are found in the seed at their exact offsets."""
    found = [e for _, _, e in find_date_expressions(seed_text)]
    assert "the small hours of Wednesday" in found and "since Tuesday night" in found and "last week" in found
    for start, end, expression in find_date_expressions(seed_text):
        assert seed_text[start:end] == expression


RELATIVE = [
    "small hours of Wednesday",
    "on Tuesday",
    "since Tuesday night",
    "last Wednesday",
    "today",
    "yesterday",
    "last week",
    "in the past few days",
    "weeks of fighting",
]


@pytest.mark.parametrize("expression", RELATIVE)
@pytest.mark.parametrize("published", [EARLIEST_DATE + dt.timedelta(days=40), LATEST_DATE])
def test_relative_dates_near_the_range_ends(expression, published):
    """Every relative expression resolves near both ends of the range, within it."""
    span = normalise_date(expression, published)
    assert EARLIEST_DATE <= span.start <= span.date <= span.end <= published <= LATEST_DATE


@pytest.mark.parametrize("expression", RELATIVE)
@pytest.mark.parametrize("published", [dt.date.min, dt.date(1, 1, 7), dt.date(1799, 12, 31), dt.date.max])
def test_a_publication_date_out_of_range_is_refused_not_overflowed(expression, published):
    """0001-01-01 with "on Tuesday" was an OverflowError; any date outside the range is refused."""
    with pytest.raises(
        InputError, match=rf"the publication date {published.isoformat()} is outside 1800-01-01"
    ):
        normalise_date(expression, published)


def test_a_window_reaching_before_the_range_is_refused():
    with pytest.raises(InputError, match=r"'last month' in an article of 1800-01-03 falls before 1800-01-01"):
        normalise_date("last month", dt.date(1800, 1, 3))
    assert normalise_date("today", EARLIEST_DATE).date == EARLIEST_DATE


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("0001-01-01", "0001-01-01 is outside 1800-01-01"),
        ("9999-12", "'9999-12' is outside 1800-01-01"),  # its last day was an OverflowError
        ("0000-01", "'0000-01' is outside"),  # year 0 was a ValueError
        ("2200-01-01", "2200-01-01 is outside"),
        ("99999-01-01", "'99999-01-01': the year is outside 1800 … 2199"),
        ("1" * 5000 + "-01", "the year is outside"),
    ],
)
def test_iso_dates_out_of_range(text, message):
    with pytest.raises(InputError, match=message):
        normalise_date(text, WEDNESDAY)
    with pytest.raises(InputError, match=message):
        parse_day(text)


def test_range_ends_are_accepted_and_numbers_refused():
    assert parse_day("1800-01") == EARLIEST_DATE and parse_day("2199-12", end=True) == LATEST_DATE
    assert check_day(LATEST_DATE) == LATEST_DATE
    with pytest.raises(InputError, match="not as a number"):
        parse_day(10**5000)
