"""One schema for the curated input files: ``article.toml``, ``events.yaml`` and ``routes.yaml``.

The files are read within :mod:`geo.limits` (nesting, digits, dates, aliases) and then validated
here, every field at once, by frozen pydantic models that refuse unknown keys and wrong types.
A refusal is one line naming the file, the entry, the field and the reason::

    seeds/x/events.yaml, event deb-04, fatalities: must be a non-negative integer up to 1,000,000, not -1

| field | accepted | limit |
| --- | --- | --- |
| ids | text or an integer | :data:`MAX_ID` characters (articles: :data:`MAX_ARTICLE_ID`) |
| quotes, notes, reasons, ``note`` | text | :data:`MAX_QUOTE` characters |
| title | text | :data:`MAX_TITLE` characters |
| place names, actors, types, outlet | text | :data:`MAX_NAME` characters |
| ``url`` | text (shown as a link only when http(s), see layers/popups.py) | :data:`MAX_URL` characters |
| ``published`` | a date (TOML, ``YYYY-MM-DD`` or ``YYYY-MM``) | 1800-01-01 … 2199-12-31 (geo.limits) |
| ``when`` | a date, or an expression such as "on Tuesday" | as ``published`` |
| ``country_focus`` | a two-letter code or a list of them (upper-cased) | :data:`MAX_CODES` codes |
| ``fatalities``, ``wounded`` | an integer or a mapping of ``best``/``low``/``high`` | 0 … :data:`MAX_COUNT` |
| ``geonameid`` | a positive integer | :data:`MAX_GEONAMEID` |
| ``geo_precision`` | 1, 2 or 3 | |
| ``confidence`` | a number | 0 … 1 |
| ``miles`` | a positive number | :data:`MAX_MILES` |
| entries, waypoints, stated legs | lists | :data:`MAX_ENTRIES`, :data:`MAX_WAYPOINTS` |

>>> events_file({"events": [{"id": "e1", "fatalities": -1}]}, "events.yaml")
Traceback (most recent call last):
geo.errors.AnnotationError: events.yaml, event e1: missing event_type (and 6 more problems)
>>> article_meta({"country_focus": "ua"}).country_focus
('UA',)
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
    TypeAdapter,
    ValidationError,
    model_validator,
)
from pydantic_core import PydanticCustomError

from geo.errors import AnnotationError, FrontlineError, InputError
from geo.limits import MAX_ID_CHARS
from layers.dates import check_day, parse_day

__all__ = [
    "MAX_ARTICLE_ID",
    "MAX_CODES",
    "MAX_COUNT",
    "MAX_ENTRIES",
    "MAX_GEONAMEID",
    "MAX_ID",
    "MAX_MILES",
    "MAX_NAME",
    "MAX_QUOTE",
    "MAX_TITLE",
    "MAX_URL",
    "MAX_WAYPOINTS",
    "ArticleMeta",
    "CountRange",
    "EventEntry",
    "EventsFile",
    "NotCoded",
    "RouteEntry",
    "RoutesFile",
    "StatedLeg",
    "Waypoint",
    "article_meta",
    "casualties",
    "events_file",
    "problem",
    "routes_file",
]

#: Most entries in one events.yaml or routes.yaml (a map draws at most 20,000 events).
MAX_ENTRIES = 10_000
#: Largest casualty count of one event.
MAX_COUNT = 1_000_000
#: Longest quote, note or reason, in characters.
MAX_QUOTE = 5_000
#: Longest article title.
MAX_TITLE = 1_000
#: Longest place name, actor, event type or outlet.
MAX_NAME = 300
#: Longest id of an event or route.
MAX_ID = 255
#: Longest article id (a folder's name has at most 255; corpus documents may have longer ids, as in
#: :data:`geo.limits.MAX_ID_CHARS`).
MAX_ARTICLE_ID = MAX_ID_CHARS
#: Longest URL.
MAX_URL = 2_048
#: Longest date expression ("since the small hours of last Tuesday").
MAX_WHEN = 200
#: Most country codes in ``country_focus``.
MAX_CODES = 50
#: Largest GeoNames id (they have 9 digits today).
MAX_GEONAMEID = 10**10
#: Most waypoints of one route, and stated legs.
MAX_WAYPOINTS = 100
#: Longest stated leg, in miles (the Earth's circumference is 24,901).
MAX_MILES = 25_000.0

_ISO_LIKE = re.compile(r"\s*\d+-\d+(?:-\d+)?\s*")
_CODE = re.compile(r"[A-Za-z]{2}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# Discriminator tags of the casualty union; left out of the field paths in messages.
_NUMBER, _RANGE = "<number>", "<range>"
_COUNT_FIELDS = frozenset({"fatalities", "wounded"})
# A list's items are named with the singular: "event deb-04", "waypoint 2".
_ITEM_NAMES = {
    "events": "event",
    "routes": "route",
    "not_coded": "not_coded entry",
    "waypoints": "waypoint",
    "stated_legs": "stated leg",
}
_NAMED_BY_ID = frozenset({"events", "routes"})
_LABELS = {"published": "published date"}


# ---------------------------------------------------------------------------------------------
# Field types
# ---------------------------------------------------------------------------------------------


def _shown(value: object) -> str:
    """Describe a refused value: its repr for scalars, its kind otherwise."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, int):
        return str(value) if abs(value) < 10**21 else "a very long integer"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _kind(value: object) -> str:
    """Name the kind of a value as a user wrote it ("an integer", "a list")."""
    kinds = ((bool, "true/false"), (int, "an integer"), (float, "a number"), (str, "text"))
    kinds += ((dict, "a mapping"), (list, "a list"), (tuple, "a list"), (dt.date, "a date"))
    if value is None:
        return "null"
    return next((name for cls, name in kinds if isinstance(value, cls)), type(value).__name__)


def _refuse(kind: str, message: str) -> PydanticCustomError:
    return PydanticCustomError(kind, message.replace("{", "{{").replace("}", "}}"))


def _or_empty(value: object) -> object:
    """Read null as the empty string (optional text)."""
    return "" if value is None else value


def _not_blank(value: str) -> str:
    if not value.strip():
        raise _refuse("blank", "must not be blank")
    return value


def _one_line(value: str) -> str:
    if _CONTROL.search(value):
        raise _refuse("one_line", "must be one line, without control characters")
    return value


def _identifier(value: object) -> object:
    """Accept an id: text, or an integer written without quotes (kept as its digits)."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise _refuse("identifier", f"must be text or an integer, not {_kind(value)}")
    return str(value)


def _count(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_COUNT:
        raise _refuse("count", f"must be a non-negative integer up to {MAX_COUNT:,}, not {_shown(value)}")
    return value


def _precision(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value not in (1, 2, 3):
        raise _refuse("precision", f"must be 1, 2 or 3, not {_shown(value)}")
    return value


def _date_text(value: object) -> object:
    """Accept a date as text: YAML dates become ISO text; ISO-looking text must be a date in range."""
    if isinstance(value, dt.date):
        try:
            check_day(value)
        except FrontlineError as err:
            raise _refuse("date", str(err)) from err
        return value.isoformat()[:10]
    if not isinstance(value, str):
        raise _refuse("date", f"must be a date or an expression such as 'on Tuesday', not {_kind(value)}")
    if len(value) <= MAX_WHEN and _ISO_LIKE.fullmatch(value):
        try:
            parse_day(value.strip())
        except FrontlineError as err:
            raise _refuse("date", str(err)) from err
    return value


def _optional_date_text(value: object) -> object:
    return None if value in (None, "") else _date_text(value)


def _published(value: object) -> dt.date | None:
    """Read a publication date: a date or datetime, or ISO text (``YYYY-MM-DD``, ``YYYY-MM``)."""
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, str | dt.date):
        raise _refuse("date", f"must be a date (YYYY-MM-DD), not {_kind(value)}")
    if isinstance(value, str) and len(value) > 40:
        raise _refuse("date", f"must be a date (YYYY-MM-DD), not text of {len(value):,} characters")
    try:
        return check_day(parse_day(value))
    except FrontlineError as err:
        raise _refuse("date", str(err)) from err


def _codes(value: object) -> tuple[str, ...]:
    """Read country codes: one two-letter code or a list of them, upper-cased."""
    if value is None:
        return ()
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list | tuple):
        raise _refuse("codes", f"must be a two-letter country code or a list of them, not {_kind(value)}")
    if len(items) > MAX_CODES:
        raise _refuse("codes", f"lists more than {MAX_CODES} country codes")
    for item in items:
        if not isinstance(item, str) or not _CODE.fullmatch(item):
            raise _refuse("codes", f"a country code is two letters (ISO 3166, e.g. 'UA'), not {_shown(item)}")
    return tuple(item.upper() for item in items)


def _two_or_more(waypoints: tuple[Any, ...]) -> tuple[Any, ...]:
    if len(waypoints) < 2:
        raise _refuse("waypoints", "a route needs at least two waypoints")
    return waypoints


def _text(limit: int) -> Any:
    """Type required text of at most ``limit`` characters, not blank."""
    return Annotated[str, StringConstraints(max_length=limit), AfterValidator(_not_blank)]


def _optional_text(limit: int) -> Any:
    """Type optional text of at most ``limit`` characters (null is empty)."""
    return Annotated[str, BeforeValidator(_or_empty), StringConstraints(max_length=limit)]


Ident = Annotated[
    str,
    BeforeValidator(_identifier),
    StringConstraints(max_length=MAX_ID),
    AfterValidator(_not_blank),
    AfterValidator(_one_line),
]
OptionalIdent = Annotated[
    str, BeforeValidator(lambda v: _identifier(_or_empty(v))), StringConstraints(max_length=MAX_ARTICLE_ID)
]
Quote = _text(MAX_QUOTE)
Name = Annotated[_text(MAX_NAME), AfterValidator(_one_line)]
Notes = _optional_text(MAX_QUOTE)
OptionalName = Annotated[_optional_text(MAX_NAME), AfterValidator(_one_line)]
Title = _optional_text(MAX_TITLE)
Url = _optional_text(MAX_URL)
Language = Annotated[
    str, BeforeValidator(lambda v: "en" if v is None else v), StringConstraints(max_length=35)
]
Confidence = Annotated[float, Field(ge=0, le=1)]
Miles = Annotated[float, Field(gt=0, le=MAX_MILES)]
GeoNamesId = Annotated[int, Field(ge=1, le=MAX_GEONAMEID)]
Count = Annotated[int, BeforeValidator(_count)]
Precision = Annotated[int, BeforeValidator(_precision)]
When = Annotated[
    str, BeforeValidator(_date_text), StringConstraints(max_length=MAX_WHEN), AfterValidator(_not_blank)
]
OptionalWhen = Annotated[
    str | None, BeforeValidator(_optional_date_text), StringConstraints(max_length=MAX_WHEN)
]
Published = Annotated[dt.date | None, BeforeValidator(_published)]
CountryCodes = Annotated[tuple[str, ...], BeforeValidator(_codes)]


class _Schema(BaseModel):
    """Frozen, strict, no unknown keys, no NaN or infinity."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True, allow_inf_nan=False)


# ---------------------------------------------------------------------------------------------
# Models
# ---------------------------------------------------------------------------------------------


class ArticleMeta(_Schema):
    """``article.toml``: an article's metadata (and the keyword fields of ``article_from_text``)."""

    title: Title = ""
    outlet: OptionalName = ""
    url: Url = ""
    published: Published = None
    language: Language = "en"
    id: OptionalIdent = ""
    country_focus: CountryCodes = ()
    note: Notes = ""


class CountRange(_Schema):
    """A casualty count as UCDP gives it: best estimate, low and high bounds (null = unknown)."""

    best: Count | None = None
    low: Count | None = None
    high: Count | None = None

    @model_validator(mode="after")
    def _ordered(self) -> CountRange:
        if self.low is not None and self.high is not None and self.low > self.high:
            raise _refuse("count_order", f"casualty low {self.low} exceeds high {self.high}")
        if self.best is not None and not (self.low or 0) <= self.best <= (self.high or MAX_COUNT):
            raise _refuse("count_order", f"casualty best {self.best} lies outside low … high")
        return self


def _count_kind(value: object) -> str:
    return _RANGE if isinstance(value, dict | CountRange) else _NUMBER


Casualties = Annotated[
    Annotated[Count, Tag(_NUMBER)] | Annotated[CountRange, Tag(_RANGE)], Discriminator(_count_kind)
]


class EventEntry(_Schema):
    """One entry of ``events.yaml`` (ACLED's model; see layers/events.py)."""

    id: Ident
    event_type: Name
    sub_event_type: Name
    place: Name
    geonameid: GeoNamesId
    quote: Quote
    when: When
    actor1: OptionalName = ""
    actor2: OptionalName = ""
    geo_precision: Precision = 1
    fatalities: Casualties | None = None
    wounded: Casualties | None = None
    notes: Notes = ""
    confidence: Confidence = 1.0


class NotCoded(_Schema):
    """A passage considered and deliberately not coded, with the reason."""

    quote: Quote
    reason: Quote


class EventsFile(_Schema):
    """``events.yaml``: curated events and the passages deliberately not coded."""

    events: Annotated[tuple[EventEntry, ...], Field(strict=False, max_length=MAX_ENTRIES)]
    not_coded: Annotated[tuple[NotCoded, ...], Field(strict=False, max_length=MAX_ENTRIES)] | None = None


class Waypoint(_Schema):
    """A place on a route, named as the article names it, with its GeoNames id."""

    place: Name
    geonameid: GeoNamesId


class StatedLeg(_Schema):
    """A distance the article states between two consecutive waypoints."""

    from_: Name = Field(alias="from")
    to: Name
    miles: Miles
    quote: Notes = ""


class RouteEntry(_Schema):
    """One entry of ``routes.yaml``."""

    id: Ident
    name: OptionalName = ""
    waypoints: Annotated[
        tuple[Waypoint, ...], Field(strict=False, max_length=MAX_WAYPOINTS), AfterValidator(_two_or_more)
    ]
    quote: Quote
    when: OptionalWhen = None
    stated_legs: Annotated[tuple[StatedLeg, ...], Field(strict=False, max_length=MAX_WAYPOINTS)] | None = None
    notes: Notes = ""


class RoutesFile(_Schema):
    """``routes.yaml``: curated routes."""

    routes: Annotated[tuple[RouteEntry, ...], Field(strict=False, max_length=MAX_ENTRIES)]


# ---------------------------------------------------------------------------------------------
# Validation with one-line messages
# ---------------------------------------------------------------------------------------------


def article_meta(data: object, where: str = "") -> ArticleMeta:
    """Validate an article's metadata (``article.toml`` or keyword fields); raise InputError."""
    return _validate(ArticleMeta, data, where, InputError, "a table of fields (title = ..., published = ...)")


def events_file(data: object, where: str) -> EventsFile:
    """Validate a parsed ``events.yaml``; raise AnnotationError naming the file, entry and field."""
    return _validate(EventsFile, data, where, AnnotationError, "a mapping with a list under 'events'")


def routes_file(data: object, where: str) -> RoutesFile:
    """Validate a parsed ``routes.yaml``; raise AnnotationError naming the file, route and field."""
    return _validate(RoutesFile, data, where, AnnotationError, "a mapping with a list under 'routes'")


_CASUALTIES: TypeAdapter[int | CountRange | None] = TypeAdapter(Casualties | None)


def casualties(value: object, where: str) -> int | CountRange | None:
    """Validate one casualty count: an integer (exact) or a mapping of best/low/high; or None.

    >>> casualties({"best": 150, "low": 150}, "x")
    CountRange(best=150, low=150, high=None)
    >>> casualties(-3, "x")
    Traceback (most recent call last):
    geo.errors.AnnotationError: x: must be a non-negative integer up to 1,000,000, not -3
    """
    try:
        return _CASUALTIES.validate_python(value)
    except ValidationError as err:
        raise AnnotationError(problem(err, where, value)) from None


def _validate(model: type[_Schema], data: object, where: str, error: type[FrontlineError], shape: str) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as err:
        raise error(problem(err, where, data, shape=shape)) from None


def problem(err: ValidationError, where: str, data: object = None, *, shape: str = "a mapping") -> str:
    """One line for a validation error: where, the entry and field of its first problem, the reason.

    ``data`` is the validated value (entries are named by their id when they have a usable one);
    ``shape`` describes the whole file for a file that is not a mapping at all.
    """
    errors = err.errors(include_url=False)
    first = errors[0]
    loc = tuple(part for i, part in enumerate(first["loc"]) if not _is_tag(first["loc"], i))
    names = _names(loc, data)
    reason = _reason(first, loc, shape)
    if first["type"] in {"missing", "extra_forbidden"}:
        names = names[:-1]
    place = ", ".join(part for part in (where, *names) if part)
    more = len(errors) - 1
    extra = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
    return f"{place}: {reason}{extra}" if place else f"{reason}{extra}"


def _is_tag(loc: Sequence[int | str], index: int) -> bool:
    """Tell the casualty union's tag (right after ``fatalities``/``wounded``, or first) from a key."""
    return loc[index] in (_NUMBER, _RANGE) and (index == 0 or loc[index - 1] in _COUNT_FIELDS)


def _names(loc: Sequence[int | str], data: object) -> list[str]:
    """Name each step of an error's location, walking the data alongside ("event deb-04", "best")."""
    names: list[str] = []
    node, parent = data, ""
    for part in loc:
        if isinstance(part, int) and parent in _ITEM_NAMES:
            names[-1] = f"{_ITEM_NAMES[parent]} {_item_name(node, part, parent)}"
        else:
            names.append(_LABELS.get(str(part), str(part)))
        node = _child(node, part)
        parent = str(part)
    return names


def _item_name(items: object, index: int, parent: str) -> str:
    """Name an entry by its id when it has a usable one (events and routes), else by its position."""
    entry = _child(items, index)
    ident = entry.get("id") if isinstance(entry, dict) and parent in _NAMED_BY_ID else None
    if isinstance(ident, bool) or not isinstance(ident, str | int):
        return str(index + 1)
    text = str(ident)
    return text if text.strip() and len(text) <= 80 and not _CONTROL.search(text) else str(index + 1)


def _child(node: object, part: int | str) -> object:
    if isinstance(node, dict):
        return node.get(part)
    if isinstance(node, list | tuple) and isinstance(part, int) and 0 <= part < len(node):
        return node[part]
    return None


_REASONS: dict[str, Callable[[dict[str, Any]], str]] = {
    "string_type": lambda e: f"must be text, not {_kind(e['input'])}",
    "string_too_long": lambda e: f"is longer than {e['ctx']['max_length']:,} characters",
    "int_type": lambda e: f"must be an integer, not {_kind(e['input'])}",
    "float_type": lambda e: f"must be a number, not {_kind(e['input'])}",
    "finite_number": lambda e: f"must be a finite number, not {e['input']}",
    "tuple_type": lambda e: f"must be a list, not {_kind(e['input'])}",
    "list_type": lambda e: f"must be a list, not {_kind(e['input'])}",
    "too_long": lambda e: (
        f"is longer than {e['ctx']['max_length']:,} characters"
        if isinstance(e["input"], str)
        else f"has more than {e['ctx']['max_length']:,} items"
    ),
    "model_type": lambda e: f"must be a mapping, not {_kind(e['input'])}",
    "model_attributes_type": lambda e: f"must be a mapping, not {_kind(e['input'])}",
    "dict_type": lambda e: f"must be a mapping, not {_kind(e['input'])}",
    "greater_than_equal": lambda e: f"must be at least {e['ctx']['ge']}, not {_shown(e['input'])}",
    "less_than_equal": lambda e: f"must be at most {e['ctx']['le']:,}, not {_shown(e['input'])}",
    "greater_than": lambda e: (
        f"must be a positive number, not {_shown(e['input'])}"
        if e["ctx"]["gt"] == 0
        else f"must be more than {e['ctx']['gt']}, not {_shown(e['input'])}"
    ),
}


def _reason(error: dict[str, Any], loc: Sequence[int | str], shape: str) -> str:
    """Why a value was refused, in the user's terms."""
    kind = error["type"]
    if not loc and kind in {"model_type", "model_attributes_type"}:
        value = error["input"]
        return "the file is empty" if value is None else f"expected {shape}, not {_kind(value)}"
    if kind == "missing":
        return f"missing {loc[-1]}" if loc else "missing"
    if kind == "extra_forbidden":
        return f"unknown key {_shown(loc[-1])}" if loc else "unknown key"
    explain = _REASONS.get(kind)
    return " ".join((explain(error) if explain else error["msg"]).split())
