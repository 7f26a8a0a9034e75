"""Front-line snapshots: lines of contact and areas of control, each valid for a period.

This module holds the model only, and reads no file: snapshots come from
:mod:`layers.importers`, which reads GeoJSON, KML or DeepStateMap files and the default for
2015–2022, the Natural Earth line of contact and non-government-controlled area shipped in
``layers/data/`` (public domain; see ``layers/data/PROVENANCE.md``).
``status`` follows ISW's distinction: ``assessed`` control, ``claimed`` control, ``contested``; and
``estimated``: Frontline's own estimate from the reports' control claims (:mod:`layers.claims`).

>>> import datetime as dt
>>> from layers.importers import default_snapshots
>>> [s.snapshot_id for s in snapshots_on(dt.date(2015, 2, 18), default_snapshots())]
['naturalearth-contact-line-2015-2022', 'naturalearth-ngca-2015-2022']
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass

from shapely import affinity
from shapely.geometry import MultiPoint
from shapely.geometry.base import BaseGeometry

__all__ = [
    "NATURAL_EARTH_ATTRIBUTION",
    "SIDES",
    "STATUSES",
    "FrontLineSnapshot",
    "relevant_snapshots",
    "snapshot_for",
    "snapshots_on",
]

#: Statuses of control, as ISW distinguishes them.
STATUSES = ("assessed", "claimed", "contested", "estimated")
#: Usual sides: Ukrainian government, Russian forces, non-government-controlled areas (2014–2022).
SIDES = ("ua", "ru", "ngca", "contact")
NATURAL_EARTH_ATTRIBUTION = "Made with Natural Earth."
#: How far (km) from a bundled snapshot an article's places may lie for the snapshot to be its context.
CONTEXT_KM = 100.0
_KM_PER_DEGREE = 111.32
_LINE_TYPES = frozenset({"LineString", "MultiLineString"})
_AREA_TYPES = frozenset({"Polygon", "MultiPolygon"})


@dataclass(frozen=True, slots=True)
class FrontLineSnapshot:
    """A line of contact or an area of control, valid from one date to another (None = open)."""

    snapshot_id: str
    name: str
    geometry: BaseGeometry
    valid_from: dt.date | None
    valid_to: dt.date | None
    side: str
    status: str = "assessed"
    source: str = ""
    licence: str = ""
    attribution: str = ""

    @property
    def kind(self) -> str:
        """``line`` for (Multi)LineStrings, ``area`` for (Multi)Polygons."""
        return "line" if self.geometry.geom_type in _LINE_TYPES else "area"

    def valid_on(self, day: dt.date) -> bool:
        """Tell whether ``day`` falls within the snapshot's validity (bounds inclusive)."""
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )

    def __repr__(self) -> str:
        period = f"{self.valid_from or '…'} – {self.valid_to or '…'}"
        return f"FrontLineSnapshot({self.snapshot_id!r}, {self.kind}, {self.side}/{self.status}, {period})"


def snapshots_on(day: dt.date | None, snapshots: Iterable[FrontLineSnapshot]) -> list[FrontLineSnapshot]:
    """Return every snapshot valid on ``day`` (all of them when the day is unknown)."""
    return [s for s in snapshots if day is None or s.valid_on(day)]


def snapshot_for(
    day: dt.date | None, snapshots: Iterable[FrontLineSnapshot], *, kind: str | None = None
) -> FrontLineSnapshot | None:
    """Return the snapshot valid on ``day`` (optionally only ``line`` or ``area`` ones), or None.

    When several are valid, the one that starts latest wins (the most recent survey), then the
    one with the shortest validity (the most specific).
    """
    valid = [s for s in snapshots_on(day, snapshots) if kind is None or s.kind == kind]
    if not valid:
        return None

    def rank(s: FrontLineSnapshot) -> tuple[dt.date, int]:
        start = s.valid_from or dt.date.min
        span = ((s.valid_to or dt.date.max) - start).days
        return start, -span

    return max(valid, key=rank)


def relevant_snapshots(
    snapshots: Iterable[FrontLineSnapshot],
    points: Iterable[tuple[float, float]],
    days: Iterable[dt.date],
    *,
    within_km: float = CONTEXT_KM,
) -> list[FrontLineSnapshot]:
    """Return the snapshots that are context of an article: near its places and valid on its dates.

    ``points`` are the ``(lon, lat)`` of the article's towns and regions, ``days`` its publication
    and event dates. A snapshot counts when one point lies within ``within_km`` of it and it is
    valid on one of the days; with no point or no day, none does (an undated story from Aleppo gets
    no Donbas line of contact).

    >>> from layers.importers import default_snapshots
    >>> pool = default_snapshots()
    >>> [s.side for s in relevant_snapshots(pool, [(38.42, 48.30)], [dt.date(2015, 2, 18)])]
    ['contact', 'ngca']
    >>> relevant_snapshots(pool, [(37.16, 36.20)], [dt.date(2016, 12, 13)])  # Aleppo
    []
    """
    cloud = MultiPoint([p for p in points if all(map(math.isfinite, p))])
    days = list(days)
    if cloud.is_empty or not days:
        return []
    return [
        s
        for s in snapshots
        if any(s.valid_on(day) for day in days) and _distance_km(s.geometry, cloud) <= within_km
    ]


def _distance_km(geometry: BaseGeometry, points: MultiPoint) -> float:
    """Approximate distance in km (equirectangular at the snapshot's latitude; ample for 100 km)."""
    lat = geometry.centroid.y if not geometry.is_empty else 0.0
    squeeze = max(math.cos(math.radians(lat)), 0.01)
    flat = [affinity.scale(g, xfact=squeeze, yfact=1.0, origin=(0, 0)) for g in (geometry, points)]
    return flat[0].distance(flat[1]) * _KM_PER_DEGREE
