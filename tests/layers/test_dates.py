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


# --- Dates in running text (issue 21) ------------------------------------------------------------

from benchmarks.dates import CASES, is_right, ours  # noqa: E402  (the measured table of the benchmark)
from layers.dates import PRECISIONS, DateSpan, dates_in, event_date  # noqa: E402


@pytest.mark.parametrize(("text", "published", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_event_date_table(text, published, expected):
    """Every sentence of the benchmark's table gets the event date a reader takes from it."""
    assert len(CASES) >= 60
    day = dt.date.fromisoformat(published) if published else None
    assert is_right(ours(text, day), expected)


@pytest.mark.parametrize(
    ("text", "found", "date", "precision", "start", "end"),
    [
        ("On 8 December 2023, Russian forces shelled", "8 December 2023", "2023-12-08", "day", None, None),
        ("shelled on 8 Dec. 2023.", "8 Dec. 2023", "2023-12-08", "day", None, None),
        ("December 8, 2023: a strike", "December 8, 2023", "2023-12-08", "day", None, None),
        ("struck on Dec 8 at dawn", "Dec 8", "2014-12-08", "day", None, None),
        ("KIEV, Feb 18 (Reuters) -", "Feb 18", "2015-02-18", "day", None, None),
        ("on Feb. 19 rebels said", "Feb. 19", "2015-02-19", "day", None, None),  # publication + 1 day
        ("on Feb. 20 rebels said", "Feb. 20", "2014-02-20", "day", None, None),  # else last year's
        ("report of 18/02/2015", "18/02/2015", "2015-02-18", "day", None, None),
        ("report of 02/18/2015", "02/18/2015", "2015-02-18", "day", None, None),
        ("report of 03/02/2015", "03/02/2015", "2015-02-03", "day", None, None),  # day first
        ("dated 2023-12-08T10:00", "2023-12-08", "2023-12-08", "day", None, None),
        ("fell in March 2022 after", "in March 2022", "2022-03-16", "month", "2022-03-01", "2022-03-31"),
        ("since March the town", "since March", "2014-03-16", "month", "2014-03-01", "2014-03-31"),
        ("in 2014 the war began", "in 2014", "2014-07-02", "year", "2014-01-01", "2014-12-31"),
        ("last year the town fell", "last year", "2014-07-02", "year", "2014-01-01", "2014-12-31"),
        (
            "fighting earlier this month",
            "earlier this month",
            "2015-02-09",
            "month",
            "2015-02-01",
            "2015-02-18",
        ),
        ("shelled on Wednesday night", "on Wednesday night", "2015-02-18", "day", None, None),
        ("fighting overnight in", "overnight", "2015-02-18", "day", None, None),
        ("two days ago a shell", "two days ago", "2015-02-16", "day", None, None),
        ("a week ago", "a week ago", "2015-02-12", "week", "2015-02-09", "2015-02-15"),
        ("three months ago", "three months ago", "2014-11-15", "month", "2014-11-01", "2014-11-30"),
        ("the day before yesterday", "the day before yesterday", "2015-02-16", "day", None, None),
        ("on the 12th rebels", "on the 12th", "2015-02-12", "day", None, None),
        ("Tuesday, Feb. 17, 2015 - Rebels", "Tuesday, Feb. 17, 2015", "2015-02-17", "day", None, None),
    ],
)
def test_dates_in_shapes(text, found, date, precision, start, end):
    """Each shape is found at its exact offsets with the window it means."""
    [mention] = dates_in(text, WEDNESDAY)
    assert text[mention.start : mention.end] == mention.text == found
    span = mention.span
    assert (span.date.isoformat(), span.precision) == (date, precision)
    assert (span.start.isoformat(), span.end.isoformat()) == (start or date, end or date)
    assert span.precision in PRECISIONS


def test_dates_in_the_seed_keep_their_offsets(seed_text):
    found = dates_in(seed_text, WEDNESDAY)
    assert {"the small hours of Wednesday", "since Tuesday night", "last week"} <= {m.text for m in found}
    assert all(seed_text[m.start : m.end] == m.text for m in found)
    assert all(isinstance(m.span, DateSpan) and m.span.end <= WEDNESDAY for m in found)


def test_words_that_look_like_dates_are_not_dates():
    text = "Troops may march on. Protesters sat down. Sun and rain. A Mar-a-Lago guest. In may, they said."
    assert dates_in(text, WEDNESDAY) == []


def test_without_a_publication_date_only_dates_with_a_year_resolve():
    text = "On Tuesday, after the talks of 12 February 2015 and on Feb 18, rebels shelled Debaltseve."
    assert [m.text for m in dates_in(text, None)] == ["12 February 2015"]
    assert event_date(text, 0, len(text), None).date == dt.date(2015, 2, 12)
    with pytest.raises(InputError, match="needs the article's publication date"):
        normalise_date("Feb 18", None)
    assert normalise_date("8 Dec. 2023", None).date == dt.date(2023, 12, 8)


def test_the_day_before_counts_from_the_date_named_last():
    text = "Rebels took Vuhlehirsk on 12 February 2015. The day before, they had shelled Debaltseve."
    [_, before] = dates_in(text, WEDNESDAY)
    assert before.text == "The day before" and before.span.date == dt.date(2015, 2, 11)


def test_event_date_prefers_the_clause_then_the_closest_date_before_it():
    text = (
        "On 8 December 2023, Russian forces shelled Kherson. "
        "Two weeks earlier, on 24 November, a drone had hit Odesa, and yesterday Mykolaiv was struck."
    )
    published = dt.date(2023, 12, 10)
    kherson = text.index("shelled Kherson")
    assert event_date(text, kherson, kherson + 15, published).date == dt.date(2023, 12, 8)
    odesa = text.index("a drone had hit Odesa")
    assert event_date(text, odesa, odesa + 21, published).date == dt.date(2023, 11, 24)
    mykolaiv = text.index("Mykolaiv was struck")
    assert event_date(text, mykolaiv, mykolaiv + 19, published).date == dt.date(2023, 12, 9)
    # A clause with its own date in a sentence without one before it: the date after it counts.
    late = "Russian forces shelled Avdiivka on 8 December."
    assert event_date(late, 0, 22, published).date == dt.date(2023, 12, 8)
    # A sentence without any date: None (the extractor decides what to fall back on).
    assert event_date("Fighting went on.", 0, 8, published) is None


def test_sentences_do_not_end_at_abbreviated_months():
    text = "Rebels said that on Feb. 17 they shelled the town. Another sentence."
    assert event_date(text, text.index("shelled"), text.index("shelled") + 7, WEDNESDAY).date == dt.date(
        2015, 2, 17
    )
    other = text.index("Another")
    assert event_date(text, other, other + 7, WEDNESDAY) is None


def test_contradictory_dates_the_first_wins_unless_a_later_one_refines_it():
    published = dt.date(2023, 12, 9)
    text = "On 8 December 2023, two weeks after the strike of 24 November, shelling hit the port."
    assert event_date(text, 0, len(text), published).date == dt.date(2023, 12, 8)
    text = "In December 2023, on 8 December, shelling hit the port."
    assert event_date(text, 0, len(text), published).precision == "day"
    text = "Last week, on Tuesday, rebels shelled Shyrokyne."
    assert event_date(text, 0, len(text), WEDNESDAY).date == dt.date(2015, 2, 10)


@pytest.mark.parametrize(
    ("text", "published"),
    [
        ("The talks are set for 20 March 2024.", dt.date(2024, 2, 1)),  # future
        ("They will meet next March.", dt.date(2024, 2, 1)),
        ("The siege of 5 September 1854.", WEDNESDAY),  # before 1900
        ("On 8 December 1700 the fortress fell.", WEDNESDAY),  # outside the calendar range
        ("Rebels shelled the city on 31/02/2015.", WEDNESDAY),
        ("It started on the 32nd day of the siege.", WEDNESDAY),
        ("On the 32nd, they left.", WEDNESDAY),
        ("On 99/99/2015 or 2015-13-45 nothing happened.", WEDNESDAY),
        ("In 99999 or on 8 December 99999.", WEDNESDAY),
        ("1000000 days ago", WEDNESDAY),
    ],
)
def test_bad_dates_give_no_event_date_and_no_exception(text, published):
    assert event_date(text, 0, len(text), published) is None


@pytest.mark.parametrize("published", [dt.date.min, EARLIEST_DATE, LATEST_DATE, dt.date.max, None])
def test_dates_in_never_raises_near_or_beyond_the_range_ends(published):
    text = "On Tuesday, two days ago, last year, 30 years ago, in March, on Dec 31, the next day, in 1800."
    for mention in dates_in(text, published):
        assert EARLIEST_DATE <= mention.span.start <= mention.span.end <= LATEST_DATE
    span = event_date(text, 0, len(text), published)
    assert span is None or span.start.year >= 1900


def test_random_text_never_raises():
    import random

    rng = random.Random(21)
    pieces = [
        "8",
        "31",
        "32",
        "Dec.",
        "May",
        "march",
        "/",
        "02",
        "2015",
        "-",
        "on",
        "the",
        "last",
        "week",
        "ago",
        "two",
        "in",
        "1899",
        "9999",
        ",",
        " ",
        "Tuesday",
        "night",
        "day",
        "before",
        ".",
    ]
    for _ in range(2000):
        text = " ".join(rng.choice(pieces) for _ in range(rng.randint(1, 12)))
        for mention in dates_in(text, WEDNESDAY):
            assert text[mention.start : mention.end] == mention.text
        event_date(text, rng.randint(0, len(text)), rng.randint(0, len(text)), WEDNESDAY)
