"""Relative dates in news text ("Tuesday night", "last week") normalised against the publication date.

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
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from geo.errors import InputError
from geo.limits import EARLIEST_DATE, LATEST_DATE

__all__ = [
    "DATE_PATTERN",
    "PRECISIONS",
    "DateSpan",
    "check_day",
    "find_date_expressions",
    "normalise_date",
    "parse_day",
]

#: Date precisions, finest first (ACLED time_precision 1, 2, 3).
PRECISIONS = ("day", "week", "month")

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
    (``2015-02``: month precision). Without a publication date only ISO forms resolve.

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
