"""Events in ACLED's model, with UCDP-style casualty ranges, and the curated ``events.yaml`` loader.

An :class:`Event` is one thing that happened at one place on one date, tied to the verbatim
quote (with character offsets) that reports it. Curated events are written by a person reading
the article (``seeds/<article>/events.yaml``); :mod:`layers.extract` produces the same objects
automatically. Every field of ``events.yaml`` is checked by :class:`layers.schema.EventsFile`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from geo.errors import AnnotationError
from geo.gazetteer import Gazetteer
from geo.model import Mention, Place
from layers.annotations import annotated_date, annotated_place, article_mentions, locate_quote, read_yaml
from layers.article import Article
from layers.dates import DateSpan
from layers.schema import CountRange, EventEntry, NotCoded, casualties, events_file

__all__ = ["EVENT_TYPES", "Count", "Event", "Source", "count_from", "load_events", "source_of"]

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
    return _count(casualties(value, where))


def _count(value: int | CountRange | None) -> Count:
    """Turn a checked casualty count into a :class:`Count`."""
    if value is None:
        return Count()
    if isinstance(value, int):
        return Count(value, value, value)
    return Count(value.best, value.low, value.high)


def load_events(
    path: str | Path,
    article: Article,
    gazetteer: Gazetteer,
    *,
    mentions: Sequence[Mention] | None = None,
) -> list[Event]:
    """Load curated events, checking each quote and place against the article.

    Every quote must be an exact substring of the article, every date expression must
    normalise against the publication date, and every place name must resolve (through the
    geoparser's reading of the article, see :func:`layers.annotations.resolve_name`) to the
    entry's ``geonameid``.

    Raises
    ------
    AnnotationError
        Naming the file and the entry, for any malformed or inconsistent entry.
    """
    path = Path(path)
    checked = events_file(read_yaml(path), str(path))
    _check_not_coded(path, checked.not_coded or (), article.text)
    if mentions is None:
        mentions = article_mentions(article.text, gazetteer, article.country_focus)
    source = source_of(article)
    events, seen = [], set()
    for entry in checked.events:
        where = f"{path}, event {entry.id}"
        if entry.id in seen:
            raise AnnotationError(f"{where}: duplicate id")
        seen.add(entry.id)
        events.append(_event(entry, where, article, gazetteer, mentions, source))
    return events


def _check_not_coded(path: Path, entries: Sequence[NotCoded], text: str) -> None:
    """Entries considered and deliberately not coded must quote the article (and give a reason)."""
    for index, entry in enumerate(entries, 1):
        locate_quote(text, entry.quote, f"{path}, not_coded entry {index}")


def _event(
    entry: EventEntry,
    where: str,
    article: Article,
    gazetteer: Gazetteer,
    mentions: Sequence[Mention],
    source: Source,
) -> Event:
    """Check a schema-valid entry against the taxonomy and the article; build its :class:`Event`."""
    if entry.sub_event_type not in EVENT_TYPES.get(entry.event_type, ()):
        raise AnnotationError(
            f"{where}: {entry.event_type!r} / {entry.sub_event_type!r} is not in the ACLED taxonomy"
        )
    start, end = locate_quote(article.text, entry.quote, where)
    when = annotated_date(entry.when, article, where)
    place = annotated_place(entry.place, entry.geonameid, where, article, gazetteer, mentions, near=start)
    return Event(
        event_id=entry.id,
        event_type=entry.event_type,
        sub_event_type=entry.sub_event_type,
        place=place,
        place_name=entry.place,
        quote=entry.quote,
        quote_start=start,
        quote_end=end,
        when=when,
        actor1=entry.actor1,
        actor2=entry.actor2,
        geo_precision=entry.geo_precision,
        fatalities=_count(entry.fatalities),
        wounded=_count(entry.wounded),
        source=source,
        origin="curated",
        confidence=float(entry.confidence),
        notes=" ".join(entry.notes.split()),
    )
