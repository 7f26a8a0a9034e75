"""Dates in news text, absolute ("On 8 December 2023") and relative ("Tuesday night", "last week").

Relative dates are normalised against the publication date.

News convention: a weekday names the most recent such day on or before publication, so in an
article published on Wednesday 18 Feb 2015 "Wednesday" is the 18th and "Tuesday night" the 17th.
Each expression becomes a :class:`DateSpan`: the window the event happened in, its precision
(``day``, ``week`` or ``month``, as ACLED's time precision 1–3) and the date to code it on —
the first day for day precision, the middle of the window otherwise (ACLED codes an event
known only to the week or month on the middle of that period).

>>> import datetime as dt
>>> normalise_date("small hours of Wednesday", dt.date(2015, 2, 18)).date.isoformat()
'2015-02-18'
>>> span = normalise_date("last week", dt.date(2015, 2, 18))
>>> span.start.isoformat(), span.end.isoformat(), span.precision
('2015-02-09', '2015-02-15', 'week')

Every date, given or computed, lies in :data:`geo.limits.EARLIEST_DATE` … :data:`geo.limits.LATEST_DATE`:
others are refused with an :class:`~geo.errors.InputError`, so date arithmetic never overflows.

>>> normalise_date("on Tuesday", dt.date(1, 1, 1))
Traceback (most recent call last):
geo.errors.InputError: the publication date 0001-01-01 is outside 1800-01-01 … 2199-12-31

:func:`dates_in` finds every date of a text with its character span, absolute or relative, and
:func:`event_date` chooses the one that dates a clause (the rules are in its docstring):

>>> [(m.text, m.span.date.isoformat(), m.span.precision)
...  for m in dates_in("On 8 December 2023, Russian forces shelled Avdiivka, as in March 2022.", None)]
[('8 December 2023', '2023-12-08', 'day'), ('in March 2022', '2022-03-16', 'month')]
>>> event_date("KIEV, Feb 18 (Reuters) - Shelling went on overnight.", 26, 34, dt.date(2015, 2, 18)).date
datetime.date(2015, 2, 18)
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

from geo.errors import InputError
from geo.limits import EARLIEST_DATE, LATEST_DATE
from geo.text import sentence_span

__all__ = [
    "DATE_PATTERN",
    "PRECISIONS",
    "DateMention",
    "DateSpan",
    "check_day",
    "date_before",
    "dates_in",
    "event_date",
    "latest_day",
    "find_date_expressions",
    "normalise_date",
    "parse_day",
]

#: Date precisions, finest first (ACLED time_precision 1, 2, 3; ``year`` has no ACLED code).
PRECISIONS = ("day", "week", "month", "year")

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DAY_PARTS = r"(?:small\s+hours|early\s+hours|morning|afternoon|evening|night|overnight)"
_WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"

# Each rule: a pattern (matched case-insensitively against the whole expression) and a builder
# taking the match and the publication date. Rules are tried in order.
_RULES: tuple[tuple[str, str], ...] = (
    (
        rf"(?:since\s+)?(?:(?:on|by|until)\s+)?(?:(?:the\s+)?{_DAY_PARTS}\s+of\s+)?(?:last\s+)?(?P<wd>{_WEEKDAY})"
        rf"(?:\s+{_DAY_PARTS})?",
        "weekday",
    ),
    (
        r"(?:earlier\s+)?today|this\s+(?:morning|afternoon|evening)|tonight|overnight|(?:at\s+)?\d{1,2}\s*[ap]m",
        "today",
    ),
    (r"yesterday(?:\s+(?:morning|afternoon|evening))?|last\s+night", "yesterday"),
    (r"last\s+week|the\s+previous\s+week|a\s+week\s+ago", "last_week"),
    (
        r"this\s+week|(?:in\s+)?(?:the\s+)?(?:past|last)\s+(?:few|several|couple\s+of)\s+days|in\s+recent\s+days"
        r"|(?:for\s+)?(?:more\s+than|over)\s+a\s+week|recent\s+days",
        "past_week",
    ),
    (
        r"last\s+month|(?:for\s+|after\s+)?(?:several\s+|many\s+|recent\s+)?weeks(?:\s+of\s+\w+)?"
        r"|(?:in\s+)?(?:the\s+)?(?:past|last)\s+(?:few\s+)?weeks",
        "past_month",
    ),
)
_COMPILED = tuple((re.compile(rf"^\s*(?:{p})\s*$", re.IGNORECASE), kind) for p, kind in _RULES)

#: A pattern finding date expressions in running text (for automatic extraction).
DATE_PATTERN = re.compile("|".join(rf"\b(?:{p})\b" for p, _ in _RULES), re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class DateSpan:
    """When an event happened: a window, its precision and the date it is coded on."""

    date: dt.date
    precision: str
    start: dt.date
    end: dt.date
    expression: str = ""


def normalise_date(expression: str, published: dt.date | None) -> DateSpan:
    """Resolve a relative date expression against the publication date.

    ``expression`` may also be an ISO date (``2015-02-17``: day precision) or month
    (``2015-02``: month precision), or any whole expression :func:`dates_in` reads ("8 Dec. 2023",
    "in March 2022"). Without a publication date only the forms that give their year resolve.

    Raises
    ------
    InputError
        The expression is not understood, needs a publication date that is missing, or a date
        (given or computed) lies outside :data:`~geo.limits.EARLIEST_DATE` … :data:`~geo.limits.LATEST_DATE`.
    """
    text = " ".join(str(expression).split())
    iso = _iso(text)
    if iso is not None:
        return iso
    for pattern, kind in _COMPILED:
        match = pattern.match(text)
        if match is None:
            continue
        if published is None:
            raise InputError(f"the relative date {text!r} needs the article's publication date")
        check_day(published, "the publication date ")
        try:
            span = _build(kind, match, published, text)
        except OverflowError as err:  # pragma: no cover - check_day keeps the arithmetic in range
            raise InputError(f"the relative date {text!r} falls outside the calendar") from err
        if span.start < EARLIEST_DATE:
            raise InputError(f"{text!r} in an article of {published} falls before {EARLIEST_DATE}")
        return span
    whole = [m for m in dates_in(text, published) if m.start == 0 and m.end == len(text)]
    if whole:
        return whole[0].span
    if published is None and dates_in(text, dt.date(2000, 1, 1)):
        raise InputError(f"the date {text!r} needs the article's publication date (it gives no year)")
    raise InputError(f"cannot interpret the date expression {text!r}")


def check_day(day: dt.date, what: str = "") -> dt.date:
    """Return ``day`` when it lies in :data:`~geo.limits.EARLIEST_DATE` … :data:`~geo.limits.LATEST_DATE`.

    >>> check_day(dt.date(2200, 1, 1), "the date ")
    Traceback (most recent call last):
    geo.errors.InputError: the date 2200-01-01 is outside 1800-01-01 … 2199-12-31
    """
    plain = day.date() if isinstance(day, dt.datetime) else day
    if not EARLIEST_DATE <= plain <= LATEST_DATE:
        raise InputError(f"{what}{plain.isoformat()} is outside {EARLIEST_DATE} … {LATEST_DATE}")
    return day


def parse_day(value: object, *, end: bool = False) -> dt.date | None:
    """Return a date from a date, datetime, ISO date or ISO month (its first day, or last if ``end``).

    >>> parse_day("2022-02", end=True).isoformat()
    '2022-02-28'
    """
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float):  # str() of a 5,000-digit integer would itself fail
        raise InputError("a date must be written YYYY-MM-DD (or YYYY-MM), not as a number")
    text = str(value).strip()
    span = _iso(text[:10] if len(text) > 10 and text[10] in "T " else text)
    if span is None:
        raise InputError(f"{text[:40]!r} is not an ISO date (YYYY-MM-DD) or month (YYYY-MM)")
    return span.end if end else span.start


def find_date_expressions(text: str) -> list[tuple[int, int, str]]:
    """Return ``(start, end, expression)`` for every date expression in ``text``, in order."""
    return [(m.start(), m.end(), m.group(0)) for m in DATE_PATTERN.finditer(text)]


def _build(kind: str, match: re.Match[str], published: dt.date, text: str) -> DateSpan:
    if kind == "weekday":
        wanted = _WEEKDAYS.index(match.group("wd").lower())
        back = (published.weekday() - wanted) % 7
        if back == 0 and re.search(r"\blast\s+" + _WEEKDAY, text, re.IGNORECASE):
            back = 7  # "last Wednesday" in a Wednesday paper is a week ago
        day = published - dt.timedelta(days=back)
        end = published if text.lower().startswith("since") else day
        return DateSpan(day, "day", day, end, text)
    if kind == "today":
        return DateSpan(published, "day", published, published, text)
    if kind == "yesterday":
        day = published - dt.timedelta(days=1)
        return DateSpan(day, "day", day, day, text)
    if kind == "last_week":
        monday = published - dt.timedelta(days=published.weekday() + 7)
        return _window(monday, monday + dt.timedelta(days=6), "week", text)
    if kind == "past_week":
        return _window(published - dt.timedelta(days=7), published, "week", text)
    return _window(published - dt.timedelta(days=30), published, "month", text)


def _window(start: dt.date, end: dt.date, precision: str, text: str) -> DateSpan:
    middle = start + (end - start) // 2
    return DateSpan(middle, precision, start, end, text)


def _iso(text: str) -> DateSpan | None:
    """Read an ISO date or month as a span; None for other text (years of 5+ digits are out of range)."""
    if re.fullmatch(r"\d{5,}-\d{2}(?:-\d{2})?", text):
        raise InputError(f"{text[:40]!r}: the year is outside {EARLIEST_DATE.year} … {LATEST_DATE.year}")
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            day = dt.date.fromisoformat(text)
        except ValueError as err:
            raise InputError(f"{text!r} is not a valid date") from err
        check_day(day)
        return DateSpan(day, "day", day, day, text)
    if re.fullmatch(r"\d{4}-\d{2}", text):
        year, month = int(text[:4]), int(text[5:])
        if not 1 <= month <= 12:
            raise InputError(f"{text!r} is not a valid month")
        if not EARLIEST_DATE <= dt.date(max(year, 1), month, 1) <= LATEST_DATE:
            raise InputError(f"{text!r} is outside {EARLIEST_DATE} … {LATEST_DATE}")
        first = dt.date(year, month, 1)
        last = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
        return _window(first, last, "month", text)
    return None


# --- Dates in running text: absolute and relative, with their character spans --------------------


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression found in a text: its offsets, its words and the window it means."""

    start: int
    end: int
    text: str
    span: DateSpan


_MONTH_NUMBERS = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
}
_ABBREVIATIONS = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9}
_ABBREVIATIONS |= {"oct": 10, "nov": 11, "dec": 12}
_MONTH_OF = _MONTH_NUMBERS | _ABBREVIATIONS


def _cased(words: list[str]) -> str:
    """Alternatives for month words, capitalised or in capitals only ("may" and "march" are verbs)."""
    forms = sorted({f for w in words for f in (w.capitalize(), w.upper())}, key=len, reverse=True)
    return "(?-i:" + "|".join(forms) + ")"


# A month with a day or a year: every name and abbreviation ("Sept.", "DEC"); alone, only full names.
_MONTH = _cased(list(_MONTH_OF)) + r"\.?"
_FULL_MONTH = _cased(list(_MONTH_NUMBERS))
_ORDINAL = r"(?:st|nd|rd|th)?"
_YEAR = r"\d{4}(?!\d)"
_WEEKDAY_PREFIX = (
    rf"(?:on\s+)?(?:{_WEEKDAY}|(?-i:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)\.?),?\s+(?:the\s+)?"
)
_NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}
_COUNT = (
    r"\d{1,3}|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r"|a\s+few|several|a\s+couple\s+of"
)
_LEAD = r"(?:in|since|by|until|till|during|throughout|from|early|late|mid|the\s+(?:end|start|beginning)\s+of)"

# Absolute forms first (at one position the first alternative that matches wins), then the
# relative ones; each alternative is a named group whose name says how to build its span.
_TEXT_RULES: tuple[tuple[str, str], ...] = (
    ("iso", r"(?<![\d-])\d{4}-\d{2}-\d{2}(?![\d-])"),
    ("numeric", r"(?<![\d/.])(?P<na>\d{1,2})(?P<sep>[/.])(?P<nb>\d{1,2})(?P=sep)(?P<ny>\d{4})(?![\d/]|\.\d)"),
    (
        "dmy",
        rf"(?:{_WEEKDAY_PREFIX})?(?P<dd>\d{{1,2}}){_ORDINAL}(?:\s+of)?\s+(?P<dm>{_MONTH})(?:,?\s+(?P<dy>{_YEAR})|(?!\s+\d))",
    ),
    (
        "mdy",
        rf"(?:{_WEEKDAY_PREFIX})?(?P<mm>{_MONTH})\s+(?P<md>\d{{1,2}}){_ORDINAL}(?!\d)(?:,?\s+(?P<my>{_YEAR})|(?!\s+\d))",
    ),
    ("month_year", rf"(?:{_LEAD}[\s-]+)?(?:early\s+|late\s+|mid-?)?(?P<ym>{_MONTH}),?\s+(?P<yy>{_YEAR})"),
    (
        "month",
        rf"(?P<lead>{_LEAD}|last|this|next)[\s-]+(?:early\s+|late\s+|mid-?)?(?P<om>{_FULL_MONTH})(?![\w-])",
    ),
    (
        "year",
        rf"(?:{_LEAD}|the\s+(?:spring|summer|autumn|fall|winter)\s+of)[\s-]+(?P<oy>(?:18|19|20|21)\d\d)(?!\d)",
    ),
    *((f"rel{i}", pattern) for i, (pattern, _) in enumerate(_RULES)),
    ("ago", rf"(?P<n>{_COUNT})\s+(?P<unit>day|week|month|year)s?\s+(?:ago|earlier)"),
    ("day_before", r"(?:the\s+)?day\s+before\s+yesterday"),
    (
        "anchor_before",
        r"the\s+(?:day\s+before|previous\s+day|night\s+before|previous\s+night)|a\s+day\s+earlier",
    ),
    ("anchor_after", r"the\s+(?:next|following)\s+(?:day|morning|night)|a\s+day\s+later"),
    ("this_month", r"(?:earlier\s+|later\s+)?this\s+month|earlier\s+in\s+the\s+month"),
    ("this_year", r"(?:earlier\s+|later\s+)?this\s+year|earlier\s+in\s+the\s+year"),
    ("last_year", r"last\s+year|the\s+previous\s+year|a\s+year\s+ago"),
    ("day_of_month", rf"on\s+the\s+(?P<od>\d{{1,2}}){_ORDINAL}(?!\d)(?!\s+(?:of\s+)?(?:{_MONTH}))"),
)
_TEXT_PATTERN = re.compile(  # the word boundary before is checked once for all the alternatives
    r"(?<![\w])(?:"
    + "|".join(
        rf"(?P<{name}>{pattern})" + (r"(?:(?![\w])|(?=T\d))" if name == "iso" else r"(?![\w])")
        for name, pattern in _TEXT_RULES
    )
    + ")",
    re.IGNORECASE,
)
_ONE_DAY = dt.timedelta(days=1)
_FIRST_EVENT_YEAR = 1900


def dates_in(text: str, published: dt.date | None) -> list[DateMention]:
    """Return every date expression of ``text`` that resolves, in order, with its character span.

    Absolute dates in the shapes English news uses ("8 December 2023", "8 Dec. 2023", "December 8,
    2023", "Tuesday, Feb. 17", "18/02/2015" day first unless impossible, "02/18/2015", "2015-02-18",
    "in March 2022" and "in 2014" to the month and the year) and relative ones ("on Wednesday
    night", "overnight", "yesterday", "last week", "earlier this month", "two days ago", "last
    year", "the day before": the day before the date the text named last, else the publication
    date). A day or month without a year ("Feb. 18", "in March") is the most recent one not after
    the publication date plus one day (a wire dated in the evening may speak of tomorrow's paper).

    An expression that needs a publication date when there is none, an impossible date
    ("31/02/2015", "the 32nd") or one outside :data:`~geo.limits.EARLIEST_DATE` …
    :data:`~geo.limits.LATEST_DATE` is left out: this function never raises for any text.
    """
    if published is not None and not EARLIEST_DATE <= published <= LATEST_DATE:
        published = None
    found: list[DateMention] = []
    anchor = published
    for match in _TEXT_PATTERN.finditer(text):
        kind = match.lastgroup or ""
        try:
            span = _resolve(kind, match, published, anchor)
        except (InputError, ValueError, OverflowError):
            span = None
        if span is None or not (EARLIEST_DATE <= span.start and span.end <= LATEST_DATE):
            continue
        found.append(DateMention(match.start(), match.end(), match.group(0), span))
        if span.precision == "day":
            anchor = span.start
    return found


def latest_day(text: str) -> dt.date | None:
    """Return the latest full date (day, month and year) a text writes out, or None.

    With no publication date, it is the closest estimate of when the text was written, against
    which its relative dates are read: "died on Thursday" in a report that later quotes "on the
    29th March 2018" is that Thursday. Dates before 1900 are history, not the report's time.

    >>> latest_day("He died on Thursday. The MoD said he was killed on the 29th March 2018.")
    datetime.date(2018, 3, 29)
    >>> latest_day("He died on Thursday.") is None
    True
    """
    days = [
        m.span.start
        for m in dates_in(text, None)
        if m.span.precision == "day" and m.span.start.year >= _FIRST_EVENT_YEAR
    ]
    return max(days, default=None)


def event_date(text: str, start: int, end: int, published: dt.date | None) -> DateSpan | None:
    """Return the date of the clause ``text[start:end]``, from the dates of its sentence, or None.

    The date is the first date expression inside the clause, else the closest one before it in
    the same sentence, else the first one after it in the sentence ("Russian forces shelled
    Avdiivka on 8 December"). A date quoted in the sentence counts like any other.
    Refused as event dates: a window starting later than the publication date plus one day (a
    forecast, not an event) and one ending before 1900 (history, not news).

    Contradictory dates in one clause: the first one wins, because news puts the event's date
    first and later dates are comparisons ("On 8 December, two weeks after the strike of 24
    November, …"); a later date only replaces it when it refines it, that is when it is finer and
    lies within its window ("last week, on Tuesday, …" is that Tuesday).
    """
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    first, last = _sentence(text, start, end)
    latest = None
    if published is not None and EARLIEST_DATE <= published < LATEST_DATE:
        latest = published + _ONE_DAY
    mentions, starts = _mentions(text, published)
    usable = [
        m
        for m in mentions[bisect_left(starts, first) : bisect_left(starts, last)]  # this sentence only
        if m.end <= last
        and m.span.end.year >= _FIRST_EVENT_YEAR
        and (latest is None or m.span.start <= latest)
    ]
    inside = [m for m in usable if m.start < end and m.end > start]
    if inside:
        chosen = inside[0]
        span = chosen.span
        for later in inside[1:]:
            finer = PRECISIONS.index(later.span.precision) < PRECISIONS.index(span.precision)
            refined = _weekday_within(later, span) if finer else None
            if refined is not None:
                span = refined
            elif finer and span.start <= later.span.start and later.span.end <= span.end:
                span = later.span
        return span
    before = [m for m in usable if m.end <= start]
    if before:
        return before[-1].span
    after = [m for m in usable if m.start >= end]
    return after[0].span if after else None


def date_before(text: str, offset: int, since: int, published: dt.date | None) -> DateSpan | None:
    """Return the last date the text names in ``text[since:offset]`` that can date an event, or None.

    For a sentence that names no date of its own ("Five civilians were killed.") the date the
    paragraph named before it carries over; the same limits as :func:`event_date` apply.

    >>> text = "On 8 December 2023, Russian forces shelled Avdiivka. Two civilians were killed."
    >>> date_before(text, text.index("Two"), 0, None).date
    datetime.date(2023, 12, 8)
    """
    mentions, starts = _mentions(text, published)
    latest = published + _ONE_DAY if published is not None and published < LATEST_DATE else None
    for mention in reversed(mentions[bisect_left(starts, max(0, since)) : bisect_left(starts, offset)]):
        window = mention.span
        if (
            mention.end <= offset
            and window.end.year >= _FIRST_EVENT_YEAR
            and (latest is None or window.start <= latest)
        ):
            return window
    return None


def _weekday_within(mention: DateMention, window: DateSpan) -> DateSpan | None:
    """Return the weekday named after a week ("last week, on Tuesday") in that week, else None."""
    named = re.search(_WEEKDAY, mention.text, re.IGNORECASE)
    if named is None or window.precision != "week" or any(c.isdigit() for c in mention.text):
        return None
    wanted = _WEEKDAYS.index(named.group(0).lower())
    day = window.start + dt.timedelta(days=(wanted - window.start.weekday()) % 7)
    return DateSpan(day, "day", day, day, mention.text) if day <= window.end else None


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """Return the offsets of the sentence (or sentences) around ``text[start:end]``."""
    return sentence_span(text, start)[0], sentence_span(text, max(start, end - 1))[1]


@lru_cache(maxsize=8)
def _mentions(text: str, published: dt.date | None) -> tuple[tuple[DateMention, ...], list[int]]:
    """:func:`dates_in` and the mentions' starts, cached: the extractor asks about many clauses."""
    mentions = tuple(sorted(dates_in(text, published), key=lambda m: m.start))
    return mentions, [m.start for m in mentions]


def _resolve(
    kind: str, match: re.Match[str], published: dt.date | None, anchor: dt.date | None
) -> DateSpan | None:
    """Build the span of one match; None when it needs a publication date there is none of."""
    words = match.group(kind)
    if kind == "iso":
        return _iso(words)
    if kind == "numeric":
        a, b, year = int(match.group("na")), int(match.group("nb")), int(match.group("ny"))
        day, month = (b, a) if a <= 12 < b else (a, b)  # day first unless impossible
        return _day_span(dt.date(year, month, day), words)
    if kind in ("dmy", "mdy"):
        day_text, month_text, year_text = (
            match.group("dd", "dm", "dy") if kind == "dmy" else match.group("md", "mm", "my")
        )
        month = _MONTH_OF[month_text.rstrip(".").lower()]
        if year_text is not None:
            return _day_span(dt.date(int(year_text), month, int(day_text)), words)
        if published is None:
            return None
        return _day_span(_recent_day(published, month, int(day_text)), words)
    if kind == "month_year":
        return _month_span(int(match.group("yy")), _MONTH_OF[match.group("ym").rstrip(".").lower()], words)
    if kind == "month":
        if published is None:
            return None
        month = _MONTH_NUMBERS[match.group("om").lower()]
        lead = match.group("lead").lower()
        year = published.year if month <= published.month else published.year - 1
        if lead == "last" and month == published.month:
            year -= 1
        if lead == "next":
            return None  # a forecast, never an event
        return _month_span(year, month, words)
    if kind == "year":
        return _year_span(int(match.group("oy")), words)
    if kind == "day_of_month":
        if published is None:
            return None
        return _day_span(_recent_day(published, published.month, int(match.group("od"))), words)
    if kind in ("anchor_before", "anchor_after"):
        if anchor is None:
            return None
        if kind == "anchor_after":
            return None if anchor == published else _day_span(anchor + _ONE_DAY, words)
        return _day_span(anchor - _ONE_DAY, words)
    if published is None:
        return None
    if kind == "ago":
        return _ago(match.group("n"), match.group("unit").lower(), published, words)
    if kind == "day_before":
        return _day_span(published - 2 * _ONE_DAY, words)
    if kind == "this_month":
        return _window(published.replace(day=1), published, "month", words)
    if kind == "this_year":
        return _window(published.replace(month=1, day=1), published, "year", words)
    if kind == "last_year":
        return _year_span(published.year - 1, words)
    return normalise_date(words, published)  # the relative rules of :data:`_RULES`


def _recent_day(published: dt.date, month: int, day: int) -> dt.date:
    """Return the latest ``month``/``day`` not after the day after ``published`` (29 Feb: a leap year)."""
    if not 1 <= day <= 31:
        raise ValueError(f"day {day}")
    latest = published + _ONE_DAY
    for year in range(latest.year, latest.year - 9, -1):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            continue
        if candidate <= latest:
            return candidate
    raise ValueError(f"no {month}/{day}")


def _day_span(day: dt.date, words: str) -> DateSpan:
    check_day(day)
    return DateSpan(day, "day", day, day, words)


def _month_span(year: int, month: int, words: str) -> DateSpan:
    first = check_day(dt.date(year, month, 1))
    last = check_day((first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - _ONE_DAY)
    return _window(first, last, "month", words)


def _year_span(year: int, words: str) -> DateSpan:
    return _window(check_day(dt.date(year, 1, 1)), check_day(dt.date(year, 12, 31)), "year", words)


def _ago(count: str, unit: str, published: dt.date, words: str) -> DateSpan:
    """Return the span of "two days ago", "three weeks ago", "a few months ago", "a year ago"."""
    number = _NUMBER_WORDS.get(count.lower(), None)
    vague = number is None and not count.isdigit()
    n = 3 if vague else (number if number is not None else int(count))
    if n > 1000:
        raise ValueError("too long ago")
    if unit == "day":
        if vague:
            return _window(published - dt.timedelta(days=7), published, "week", words)
        return _day_span(published - dt.timedelta(days=n), words)
    if unit == "week":
        middle = published - dt.timedelta(days=7 * n)
        return _window(middle - dt.timedelta(days=3), middle + dt.timedelta(days=3), "week", words)
    if unit == "month":
        months = published.year * 12 + published.month - 1 - n
        return _month_span(months // 12, months % 12 + 1, words)
    return _year_span(published.year - n, words)
