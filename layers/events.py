"""Events in ACLED's model, with UCDP-style casualty ranges.

An :class:`Event` is one thing that happened at one place on one date, tied to the verbatim
quote (with character offsets) that reports it. Curated events are written by a person reading
the article (``seeds/<article>/events.yaml``); :mod:`layers.extract` produces the same objects
automatically; :func:`layers.curated.load_events` reads the curated ones.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from geo.model import Place
from layers.article import Article
from layers.dates import DateSpan
from layers.schema import CountRange, casualties

__all__ = ["EVENT_TYPES", "Count", "Event", "Source", "count_from", "count_of", "source_of"]

#: ACLED's event types and their sub-types (ACLED Codebook, 2023).
EVENT_TYPES: dict[str, tuple[str, ...]] = {
    "Battles": ("Armed clash", "Government regains territory", "Non-state actor overtakes territory"),
    "Explosions/Remote violence": (
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    ),
    "Violence against civilians": ("Sexual violence", "Attack", "Abduction/forced disappearance"),
    "Protests": ("Peaceful protest", "Protest with intervention", "Excessive force against protesters"),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": (
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    ),
}


@dataclass(frozen=True, slots=True)
class Count:
    """A casualty count as UCDP gives it: best estimate with low and high bounds (None = unknown)."""

    best: int | None = None
    low: int | None = None
    high: int | None = None

    def __bool__(self) -> bool:
        return self.best is not None or self.low is not None or self.high is not None


@dataclass(frozen=True, slots=True)
class Source:
    """Where a report came from: outlet, URL and publication date."""

    outlet: str = ""
    url: str = ""
    published: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Event:
    """One event (ACLED model) at one place, tied to the quote that reports it."""

    event_id: str
    event_type: str
    sub_event_type: str
    place: Place
    place_name: str  # the name as the article writes it ("Artemivsk")
    quote: str
    quote_start: int
    quote_end: int
    when: DateSpan | None = None
    actor1: str = ""
    actor2: str = ""
    geo_precision: int = 1
    fatalities: Count = field(default_factory=Count)
    wounded: Count = field(default_factory=Count)
    source: Source = field(default_factory=Source)
    origin: str = "curated"  # "curated" | "extracted"
    confidence: float = 1.0
    notes: str = ""

    def __repr__(self) -> str:
        day = self.when.date.isoformat() if self.when else "undated"
        return (
            f"Event({self.event_id!r}, {self.event_type} / {self.sub_event_type}, {self.place_name!r}, {day})"
        )


def source_of(article: Article) -> Source:
    """Return the :class:`Source` of an article."""
    return Source(outlet=article.outlet, url=article.url, published=article.published)


def count_from(value: object, where: str) -> Count:
    """Read a casualty count: an integer (exact) or a mapping with best/low/high (see layers/schema.py).

    >>> count_from(22, "x"), count_from({"best": 150, "low": 150}, "x").high is None
    (Count(best=22, low=22, high=22), True)
    >>> count_from(-1, "events.yaml, event 3, fatalities")
    Traceback (most recent call last):
    geo.errors.AnnotationError: events.yaml, event 3, fatalities: must be a non-negative integer ..., not -1
    """
    return count_of(casualties(value, where))


def count_of(value: int | CountRange | None) -> Count:
    """Turn a checked casualty count into a :class:`Count`."""
    if value is None:
        return Count()
    if isinstance(value, int):
        return Count(value, value, value)
    return Count(value.best, value.low, value.high)
