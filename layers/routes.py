"""Routes: ordered waypoints named in an article, as a LineString with length and direction.

A route joins waypoints (places, as the article names them; :func:`layers.curated.load_routes`
reads them from ``routes.yaml``): the line joins them straight (``follows="waypoints"``)
or, given a :class:`layers.roads.RoadNetwork`, along the shortest road path between the nodes
nearest each waypoint (``follows="roads"``). Lengths are great-circle lengths; bearings are
initial great-circle bearings.

>>> round(bearing_deg(0.0, 0.0, 1.0, 0.0)), compass(315.0)
(0, 'NW')
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from shapely.geometry import LineString

from geo.errors import AnnotationError
from geo.gazetteer import haversine_km
from geo.model import Place
from geo.spatial import bearing_deg
from layers.dates import DateSpan
from layers.roads import RoadNetwork

__all__ = [
    "KM_PER_MILE",
    "LEG_TOLERANCE_MI",
    "Leg",
    "LegCheck",
    "Route",
    "bearing_deg",
    "build_route",
    "compass",
]

KM_PER_MILE = 1.609344
#: How far a computed straight-line leg may be from a distance the article states: a road is
#: longer than the straight line between its ends, and a reporter's "10-mile" is rounded.
LEG_TOLERANCE_MI = 2.5
_POINTS = ("N", "NE", "E", "SE", "S", "SW", "W", "NW")


@dataclass(frozen=True, slots=True)
class Leg:
    """One stretch of a route between consecutive waypoints."""

    start: Place
    end: Place
    length_km: float  # along the route (the straight line, or the roads when snapped)
    bearing_deg: float
    straight_km: float  # great-circle distance between the two waypoints

    @property
    def length_mi(self) -> float:
        """Length in statute miles."""
        return self.length_km / KM_PER_MILE

    @property
    def direction(self) -> str:
        """Compass point of the leg's bearing."""
        return compass(self.bearing_deg)


@dataclass(frozen=True, slots=True)
class LegCheck:
    """A distance the article states for a leg, against the computed straight-line distance."""

    start_name: str
    end_name: str
    stated_mi: float
    computed_mi: float
    quote: str = ""

    @property
    def difference_mi(self) -> float:
        """Computed minus stated, in miles."""
        return self.computed_mi - self.stated_mi

    @property
    def within_tolerance(self) -> bool:
        """True when the difference is within :data:`LEG_TOLERANCE_MI`."""
        return abs(self.difference_mi) <= LEG_TOLERANCE_MI


@dataclass(frozen=True, slots=True)
class Route:
    """An ordered route through places, with its geometry, length, direction and quote."""

    route_id: str
    name: str
    waypoints: tuple[Place, ...]
    waypoint_names: tuple[str, ...]
    geometry: LineString
    legs: tuple[Leg, ...]
    follows: str = "waypoints"  # "waypoints" | "roads"
    when: DateSpan | None = None
    quote: str = ""
    quote_start: int | None = None
    quote_end: int | None = None
    checks: tuple[LegCheck, ...] = ()
    notes: str = ""

    @property
    def length_km(self) -> float:
        """Total length in km (along the roads when snapped)."""
        return sum(leg.length_km for leg in self.legs)

    @property
    def length_mi(self) -> float:
        """Total length in statute miles."""
        return self.length_km / KM_PER_MILE

    @property
    def bearing_deg(self) -> float:
        """Bearing from the first to the last waypoint, degrees clockwise from north."""
        a, b = self.waypoints[0], self.waypoints[-1]
        return bearing_deg(a.lat, a.lon, b.lat, b.lon)

    @property
    def direction(self) -> str:
        """Compass point from the first to the last waypoint."""
        return compass(self.bearing_deg)

    def __repr__(self) -> str:
        names = " → ".join(self.waypoint_names)
        length = f"{self.length_km:.1f} km {self.direction}"
        return f"Route({self.route_id!r}, {names}, {length}, follows {self.follows})"


def compass(degrees: float) -> str:
    """Return the 8-point compass name of a bearing."""
    return _POINTS[int(((degrees % 360.0) + 22.5) // 45) % 8]


def build_route(
    places: Sequence[Place],
    *,
    roads: RoadNetwork | None = None,
    route_id: str = "route",
    name: str = "",
    names: Sequence[str] = (),
    **extra: Any,
) -> Route:
    """Join places into a :class:`Route`, straight or along ``roads``.

    ``extra`` holds the remaining :class:`Route` fields (``when``, ``quote``, …).
    """
    if len(places) < 2:
        raise AnnotationError(f"route {route_id}: a route needs at least two waypoints")
    coords: list[tuple[float, float]] = [(places[0].lon, places[0].lat)]  # shapely is (x=lon, y=lat)
    legs = []
    for a, b in zip(places, places[1:], strict=False):
        straight = length = haversine_km(a.lat, a.lon, b.lat, b.lon)
        if roads is None:
            coords.append((b.lon, b.lat))
        else:
            path, length = roads.shortest_path((a.lon, a.lat), (b.lon, b.lat))
            coords.extend(path if len(coords) == 1 else path[1:])
        legs.append(Leg(a, b, length, bearing_deg(a.lat, a.lon, b.lat, b.lon), straight))
    if roads is not None:
        coords = coords[1:]  # the road path starts at the node nearest the first waypoint
    if len(coords) < 2:
        coords = coords * 2
    return Route(
        route_id=route_id,
        name=name or route_id,
        waypoints=tuple(places),
        waypoint_names=tuple(names) or tuple(p.name for p in places),
        geometry=LineString(coords),
        legs=tuple(legs),
        follows="waypoints" if roads is None else "roads",
        **extra,
    )
