"""From an article to every map layer: :func:`build_layers` and the :class:`MapLayers` bundle.

The steps: geoparse the text; apply the user's corrections (and an optional geocoder for
mentions the gazetteer left unresolved); take the curated events when the article's folder has
an ``events.yaml``, else extract them; build routes from ``routes.yaml`` when there is one; pick
the front-line snapshots valid on the article's date.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol

import geopandas as gpd

from geo.corrections import Correction, apply_corrections
from geo.errors import GeocodingError
from geo.gazetteer import Gazetteer
from geo.model import Mention, Place, ReasonCode
from geo.text import sentence_span
from layers.annotations import article_mentions
from layers.article import Article
from layers.claims import estimated_snapshots, extract_claims
from layers.control_area import mean_distance_km
from layers.curated import load_events, load_routes
from layers.events import Event
from layers.extract import extract_events
from layers.frames import (
    areas_frame,
    claims_frame,
    events_frame,
    front_lines_frame,
    places_frame,
    routes_frame,
)
from layers.frontline import FrontLineSnapshot, relevant_snapshots, snapshot_for
from layers.importers import default_snapshots
from layers.roads import RoadNetwork

__all__ = ["EVENTS_FILE", "ROUTES_FILE", "MapLayers", "article_events", "build_layers", "correct_mentions"]

EVENTS_FILE = "events.yaml"
ROUTES_FILE = "routes.yaml"
#: Places whose points say where a story is (countries are points far from the action).
_CONTEXT_KINDS = frozenset({"settlement", "region"})

#: Corrections: Correction objects (geo.corrections), or a mapping {(start, end): geonameid or None}.
Corrections = Iterable[Correction] | Mapping[tuple[int, int], int | str | None]


class _Geocoder(Protocol):
    def geocode(self, query: str, *, near: Place | None = None) -> Place | None: ...


@dataclass(frozen=True)
class MapLayers:
    """An article and its layers as GeoDataFrames (columns in docs/layers.md)."""

    article: Article
    mentions: tuple[Mention, ...]
    places: gpd.GeoDataFrame
    events: gpd.GeoDataFrame
    routes: gpd.GeoDataFrame
    front_lines: gpd.GeoDataFrame
    areas: gpd.GeoDataFrame
    claims: gpd.GeoDataFrame = field(default_factory=lambda: claims_frame(()))

    def __repr__(self) -> str:
        return (
            f"MapLayers({self.article.id!r}: {len(self.places)} places, {len(self.events)} events, "
            f"{len(self.routes)} routes, {len(self.front_lines)} lines, {len(self.areas)} areas)"
        )


def build_layers(
    article: Article,
    gazetteer: Gazetteer,
    *,
    geocoder: _Geocoder | None = None,
    corrections: Corrections | None = None,
    snapshots: Sequence[FrontLineSnapshot] | None = None,
    roads: RoadNetwork | None = None,
) -> MapLayers:
    """Build every layer of an article (see the module docstring).

    ``snapshots`` replaces the default Natural Earth front line; ``roads`` snaps routes to a
    road network. Curated files are checked against the geoparser's own reading of the text,
    so user corrections change the places layer and extracted events, not curated ones.
    """
    parsed = article_mentions(article.text, gazetteer, article.country_focus)
    mentions = correct_mentions(parsed, article.text, gazetteer, corrections=corrections, geocoder=geocoder)
    events = article_events(article, gazetteer, mentions=parsed, corrected=mentions)
    folder = _folder(article)
    routes = []
    if folder is not None and (folder / ROUTES_FILE).is_file():
        routes = load_routes(folder / ROUTES_FILE, article, gazetteer, mentions=parsed, roads=roads)
    days = [d for d in (article.published, *(e.when.date for e in events if e.when)) if d is not None]
    if snapshots is None:  # the bundled line is drawn only where and when the story is
        points = [(m.place.lon, m.place.lat) for m in mentions if m.place and m.place.kind in _CONTEXT_KINDS]
        pool = relevant_snapshots(default_snapshots(), points, days)
    else:  # the user's own lines: drawn as asked
        pool = list(snapshots)
    day = article.published or (max(days) if days else None)
    chosen = [s for kind in ("line", "area") if (s := snapshot_for(day, pool, kind=kind))]
    claims = extract_claims(article, gazetteer, mentions=mentions)
    chosen += _compared(estimated_snapshots(claims, day), [s for s in chosen if s.kind == "line"])
    return MapLayers(
        article=article,
        mentions=tuple(mentions),
        places=places_frame(mentions, article.text),
        events=events_frame(events),
        routes=routes_frame(routes),
        front_lines=front_lines_frame(chosen),
        areas=areas_frame(chosen),
        claims=claims_frame(claims),
    )


def _compared(estimated: list[FrontLineSnapshot], lines: list[FrontLineSnapshot]) -> list[FrontLineSnapshot]:
    """Name the estimated line with its mean distance from the assessed or imported line drawn with it.

    The estimate is drawn beside that line, never instead of it; how far apart they are is part of
    what a reader needs to judge it.
    """
    if not lines:
        return estimated
    result = []
    for snapshot in estimated:
        distance = mean_distance_km(snapshot.geometry, lines[0].geometry) if snapshot.kind == "line" else None
        if distance is not None:
            name = f"{snapshot.name[:-1]}; {distance:.0f} km from the {lines[0].status} line on average)"
            snapshot = replace(snapshot, name=name)
        result.append(snapshot)
    return result


def article_events(
    article: Article,
    gazetteer: Gazetteer,
    *,
    mentions: Sequence[Mention] | None = None,
    corrected: Sequence[Mention] | None = None,
    extracted: bool = False,
) -> list[Event]:
    """Return the curated events of the article's folder (``events.yaml``), else extracted ones.

    ``mentions`` is the geoparser's reading (computed when missing); extraction uses the
    ``corrected`` mentions when given. ``extracted=True`` extracts even when a curated file exists.
    """
    if mentions is None:
        mentions = article_mentions(article.text, gazetteer, article.country_focus)
    folder = _folder(article)
    if not extracted and folder is not None and (folder / EVENTS_FILE).is_file():
        return load_events(folder / EVENTS_FILE, article, gazetteer, mentions=mentions)
    return extract_events(article, gazetteer, mentions=mentions if corrected is None else corrected)


def _folder(article: Article) -> Path | None:
    return article.path if article.path is not None and article.path.is_dir() else None


def correct_mentions(
    mentions: Sequence[Mention],
    text: str,
    gazetteer: Gazetteer,
    *,
    corrections: Corrections | None = None,
    geocoder: _Geocoder | None = None,
) -> list[Mention]:
    """Apply corrections, then ask ``geocoder`` about mentions unresolved or only near a town.

    A mention placed only at the town the text puts it in ("Jamsil Stadium in Seoul") is asked
    about too. A mapping ``{(start, end): geonameid}`` names mentions by span; ``None`` or ``""`` says
    "not a place". A geocoder that fails leaves the mention unresolved.
    """
    result = list(mentions)
    if corrections:
        if isinstance(corrections, Mapping):
            corrections = [
                Correction(start, end, text[start:end], "" if gid in (None, "") else str(gid))
                for (start, end), gid in corrections.items()
            ]
        result = apply_corrections(result, corrections, gazetteer)
    if geocoder is not None:
        named = (m for m in result if m.place is not None and not m.approximate)
        towns = sorted((m for m in named if m.place.kind in ("settlement", "region")), key=lambda m: m.start)
        starts = [t.start for t in towns]
        result = [
            _geocoded(m, geocoder, m.place or _near(m, towns, starts, text))
            if m.place is None or m.approximate
            else m
            for m in result
        ]
    return result


def _near(mention: Mention, towns: Sequence[Mention], starts: Sequence[int], text: str) -> Place | None:
    """Return the town named in the mention's sentence (the closest), else the one before, else after.

    ``towns`` are in text order, ``starts`` their offsets.
    """
    if not towns:
        return None
    begin, end = sentence_span(text, mention.start)
    at = bisect_left(starts, mention.start)
    near = [i for i in (at - 1, at) if 0 <= i < len(towns)]
    same = [i for i in near if begin <= starts[i] < end]
    if same:
        return towns[min(same, key=lambda i: abs(starts[i] - mention.start))].place
    return towns[at - 1 if at else 0].place


def _geocoded(mention: Mention, geocoder: _Geocoder, near: Place | None) -> Mention:
    """Ask the geocoder about an unresolved mention near the town the text names with it.

    "Hampton Avenue" near St. Louis, "the Black Sea" near Odesa: the town is a bias, not a filter.
    """
    if mention.place is not None and not mention.approximate:
        return mention
    if ReasonCode.USER_CORRECTION in mention.reason_codes:
        return mention
    try:
        place = geocoder.geocode(mention.text, near=near)
    except GeocodingError:
        return mention
    if place is None:
        return mention
    why = f"geocoder: {place.name}" + (f" (asked near {near.name}, named nearby in the text)" if near else "")
    return replace(mention, place=place, confidence=0.5, reasons=(why, *mention.reasons), approximate=False)
