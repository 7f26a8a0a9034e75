"""Curated annotations of an article folder: ``events.yaml`` and ``routes.yaml``, checked against it.

A person reading the article writes them; every field is checked by :mod:`layers.schema`, every
quote must be an exact substring of the article, every date expression must normalise against the
publication date, and every place name must resolve (through the geoparser's reading of the
article, :func:`layers.annotations.resolve_name`) to the entry's ``geonameid``. The objects are
those of :mod:`layers.events` and :mod:`layers.routes`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from geo.errors import AnnotationError, FrontlineError
from geo.gazetteer import Gazetteer
from geo.model import Mention
from layers.annotations import annotated_date, annotated_place, article_mentions, locate_quote, read_yaml
from layers.article import Article
from layers.events import EVENT_TYPES, Event, Source, count_of, source_of
from layers.roads import RoadNetwork
from layers.routes import KM_PER_MILE, LegCheck, Route, build_route
from layers.schema import EventEntry, NotCoded, RouteEntry, StatedLeg, events_file, routes_file

__all__ = ["load_events", "load_routes"]


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
        fatalities=count_of(entry.fatalities),
        wounded=count_of(entry.wounded),
        source=source,
        origin="curated",
        confidence=float(entry.confidence),
        notes=" ".join(entry.notes.split()),
    )


def load_routes(
    path: str | Path,
    article: Article,
    gazetteer: Gazetteer,
    *,
    mentions: Sequence[Mention] | None = None,
    roads: RoadNetwork | None = None,
) -> list[Route]:
    """Load ``routes.yaml``, resolving each waypoint as the article names it.

    Raises
    ------
    AnnotationError
        Naming the file and route, for a malformed entry, a quote not in the article, or a
        waypoint that does not resolve to its ``geonameid``.
    """
    path = Path(path)
    checked = routes_file(read_yaml(path), str(path))
    if mentions is None:
        mentions = article_mentions(article.text, gazetteer, article.country_focus)
    return [_route(e, f"{path}, route {e.id}", article, gazetteer, mentions, roads) for e in checked.routes]


def _route(
    entry: RouteEntry,
    where: str,
    article: Article,
    gazetteer: Gazetteer,
    mentions: Sequence[Mention],
    roads: RoadNetwork | None,
) -> Route:
    """Check a schema-valid entry against the article; build its :class:`Route`."""
    start, end = locate_quote(article.text, entry.quote, where)
    places = [
        annotated_place(
            w.place, w.geonameid, f"{where}, waypoint {i}", article, gazetteer, mentions, near=start
        )
        for i, w in enumerate(entry.waypoints, 1)
    ]
    when = annotated_date(entry.when, article, where) if entry.when else None
    try:
        route = build_route(
            places,
            roads=roads,
            route_id=entry.id,
            name=entry.name or entry.id,
            names=[w.place for w in entry.waypoints],
            when=when,
            quote=entry.quote,
            quote_start=start,
            quote_end=end,
            notes=" ".join(entry.notes.split()),
        )
    except FrontlineError as err:
        raise AnnotationError(f"{where}: {err}") from err
    checks = tuple(
        _check(leg, route, article.text, f"{where}, stated leg {i}")
        for i, leg in enumerate(entry.stated_legs or (), 1)
    )
    return replace(route, checks=checks)


def _check(leg: StatedLeg, route: Route, text: str, where: str) -> LegCheck:
    """Compare a distance the article states for a leg with the computed straight line."""
    if leg.quote:
        locate_quote(text, leg.quote, where)
    pairs = list(zip(route.waypoint_names, route.waypoint_names[1:], strict=False))
    try:
        index = pairs.index((leg.from_, leg.to))
    except ValueError as err:
        raise AnnotationError(f"{where}: {leg.from_} → {leg.to} is not a leg of the route") from err
    return LegCheck(leg.from_, leg.to, leg.miles, route.legs[index].straight_km / KM_PER_MILE, leg.quote)
