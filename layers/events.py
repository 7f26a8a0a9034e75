"""Events in ACLED's model, with UCDP-style casualty ranges, and the curated ``events.yaml`` loader.

An :class:`Event` is one thing that happened at one place on one date, tied to the verbatim
quote (with character offsets) that reports it. Curated events are written by a person reading
the article (``seeds/<article>/events.yaml``); :mod:`layers.extract` produces the same objects
automatically.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from geo.errors import AnnotationError
from geo.gazetteer import Gazetteer
from geo.model import Mention, Place
from layers.annotations import (
    annotated_date,
    annotated_place,
    article_mentions,
    check_keys,
    locate_quote,
    read_yaml,
)
from layers.article import Article
from layers.dates import DateSpan

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

_REQUIRED = ("id", "event_type", "sub_event_type", "place", "geonameid", "quote", "when")
_OPTIONAL = ("actor1", "actor2", "geo_precision", "fatalities", "wounded", "notes", "confidence")


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
    """Read a casualty count: an integer (exact) or a mapping with best/low/high.

    >>> count_from(22, "x"), count_from({"best": 150, "low": 150}, "x").high is None
    (Count(best=22, low=22, high=22), True)
    """
    if value is None:
        return Count()
    if isinstance(value, bool):
        raise AnnotationError(f"{where}: a casualty count must be a number, not {value!r}")
    if isinstance(value, int):
        return Count(value, value, value)
    if not isinstance(value, dict) or set(value) - {"best", "low", "high"}:
        raise AnnotationError(f"{where}: a casualty count is a number or a mapping of best/low/high")
    parts = {k: value.get(k) for k in ("best", "low", "high")}
    for key, number in parts.items():
        if number is not None and (isinstance(number, bool) or not isinstance(number, int) or number < 0):
            raise AnnotationError(f"{where}: casualty {key} must be a non-negative integer, not {number!r}")
    count = Count(**parts)
    if count.low is not None and count.high is not None and count.low > count.high:
        raise AnnotationError(f"{where}: casualty low {count.low} exceeds high {count.high}")
    return count


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
    data, entries = read_yaml(path, "events")
    _check_not_coded(path, data.get("not_coded") or [], article.text)
    if mentions is None:
        mentions = article_mentions(article.text, gazetteer, article.country_focus)
    source = source_of(article)
    events, seen = [], set()
    for index, entry in enumerate(entries, 1):
        where = f"{path}, event {entry.get('id') or index}"
        event = _event(entry, where, article, gazetteer, mentions, source)
        if event.event_id in seen:
            raise AnnotationError(f"{where}: duplicate id")
        seen.add(event.event_id)
        events.append(event)
    return events


def _check_not_coded(path: Path, entries: object, text: str) -> None:
    """Entries considered and deliberately not coded must quote the article and give a reason."""
    if not isinstance(entries, list):
        raise AnnotationError(f"{path}: not_coded must be a list")
    for index, entry in enumerate(entries, 1):
        where = f"{path}, not_coded entry {index}"
        if not isinstance(entry, dict):
            raise AnnotationError(f"{where}: not a mapping")
        check_keys(entry, ("quote", "reason"), (), where)
        locate_quote(text, entry["quote"], where)


def _event(
    entry: dict[str, Any],
    where: str,
    article: Article,
    gazetteer: Gazetteer,
    mentions: Sequence[Mention],
    source: Source,
) -> Event:
    check_keys(entry, _REQUIRED, _OPTIONAL, where)
    event_type, sub_type = str(entry["event_type"]), str(entry["sub_event_type"])
    if sub_type not in EVENT_TYPES.get(event_type, ()):
        raise AnnotationError(f"{where}: {event_type!r} / {sub_type!r} is not in the ACLED taxonomy")
    start, end = locate_quote(article.text, entry["quote"], where)
    when = annotated_date(entry["when"], article, where)
    place = annotated_place(
        entry["place"], entry["geonameid"], where, article, gazetteer, mentions, near=start
    )
    precision = entry.get("geo_precision", 1)
    if precision not in (1, 2, 3):
        raise AnnotationError(f"{where}: geo_precision must be 1, 2 or 3, not {precision!r}")
    confidence = entry.get("confidence", 1.0)
    if not isinstance(confidence, int | float) or not 0 <= confidence <= 1:
        raise AnnotationError(f"{where}: confidence must be a number in [0, 1]")
    return Event(
        event_id=str(entry["id"]),
        event_type=event_type,
        sub_event_type=sub_type,
        place=place,
        place_name=str(entry["place"]),
        quote=entry["quote"],
        quote_start=start,
        quote_end=end,
        when=when,
        actor1=str(entry.get("actor1") or ""),
        actor2=str(entry.get("actor2") or ""),
        geo_precision=precision,
        fatalities=count_from(entry.get("fatalities"), f"{where}, fatalities"),
        wounded=count_from(entry.get("wounded"), f"{where}, wounded"),
        source=source,
        origin="curated",
        confidence=float(confidence),
        notes=" ".join(str(entry.get("notes") or "").split()),
    )
