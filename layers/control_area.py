"""Estimated areas of control and the line between them, from settlements of known control.

A pure estimator: :func:`estimate_control` takes :class:`ControlPoint` s (a settlement, the side
that holds it and how sure that is) and a country's outline (:func:`geo.outlines.country_outline`)
and returns an :class:`EstimatedControl`:

* **areas** — a Voronoi tessellation of the points (``shapely.voronoi_polygons``), dissolved by
  side and clipped to the outline and to ``reach_km`` around the side's claims (three claims say
  nothing of a place 300 km away); the lines between them are smoothed (two rounds of Chaikin's
  corner cutting) and the areas re-cut along the smoothed lines, so areas and lines agree;
* **lines** — the shared boundary of each pair of sides that touch (never the outline's border);
* **band** — the uncertainty around the lines: every ~``sample_km`` along a line, a disc whose
  radius is three quarters of the weighted distance (``distance / weight``: an old or weak claim
  counts as farther) to the farther of the two sides' nearest claims, at most ``reach_km``; the
  discs joined. Sparse or weak claims widen it; a contested place near the line widens it to reach
  the place. On the Natural Earth benchmark (``python -m benchmarks control_line``) the band holds
  90–95 % of the true line at every sampling density.

The side ``"contested"`` (:data:`CONTESTED`) is no side: such points claim no area and only widen
the band, and so do places claimed by two sides at once (the same coordinates). Points outside the
outline are dropped and counted. Geometry is computed in a local azimuthal equidistant projection
(metres, centred on the claims) and returned in WGS84 (lon, lat).

Missing evidence is not an error: no claims, claims of one side only or contested ones only give an
empty result whose ``reason`` says why, and no line is drawn from nothing. Malformed input (a
coordinate that is not finite, a weight outside (0, 1], an outline that is no polygon) raises
:class:`ControlInputError`.

>>> from shapely.geometry import box
>>> square = box(0.0, 0.0, 0.5, 0.5)  # about 55 km a side
>>> points = [ControlPoint(0.1, 0.25, "west"), ControlPoint(0.4, 0.25, "east")]
>>> control = estimate_control(points, square)
>>> control.label, control.counts
('estimated from 2 claims', {'east': 1, 'west': 1})
>>> round(control.line.centroid.x, 3), round(control.line.length, 3)
(0.25, 0.5)
>>> estimate_control(points[:1], square).reason
"claims for one side only ('west'): no line between sides"
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import combinations
from numbers import Real

import numpy as np
import shapely
from pyproj import CRS, Transformer
from shapely.geometry import MultiLineString, MultiPolygon
from shapely.geometry.base import BaseGeometry

from geo.errors import InputError

__all__ = [
    "CONTESTED",
    "ControlInputError",
    "ControlPoint",
    "EstimatedControl",
    "estimate_control",
    "mean_distance_km",
]

#: The side of a place both sides claim, or fight over: it widens the band and claims no area.
CONTESTED = "contested"
#: Points closer than this (degrees, about 10 cm) are one place.
_SAME_PLACE_DEG = 1e-6
#: Narrowest half-width of the band, in metres (where claims sit right on the line).
_MIN_BAND_M = 250.0
#: The band's half-width as a share of the distance to the nearest claims (the true line lies somewhere
#: between them): 1.0 held 99-100 % of the Natural Earth line in the benchmark, 0.75 holds 90-95 %.
_BAND_SHARE = 0.75
#: How far (metres) a line's end is pushed past the outline, so that it cuts the outline cleanly.
_OVERSHOOT_M = 50.0
#: Longest edge (metres) projected back to degrees as a straight line.
_EDGE_M = 500.0
_POLYGONS = frozenset({"Polygon", "MultiPolygon"})
#: Coordinates (an n×2 array) from one CRS to another.
_Transform = Callable[[np.ndarray], np.ndarray]


def _finite(value: object) -> bool:
    """Tell whether a value is a finite real number (a float at once, else any ``numbers.Real``)."""
    return (type(value) is float or isinstance(value, Real)) and math.isfinite(value)  # type: ignore[arg-type]


class ControlInputError(InputError):
    """Control points or an outline the estimator cannot use (not finite, bad weight, no polygon)."""


@dataclass(frozen=True, slots=True)
class ControlPoint:
    """A settlement's control: where (lon, lat), which side, and how sure (0 < weight ≤ 1).

    >>> ControlPoint(38.40261, 48.33592, "ngca", 0.8, "Debaltseve")
    ControlPoint('Debaltseve', 38.40261, 48.33592, 'ngca', weight=0.8)
    >>> ControlPoint(38.4, 48.3, "ngca", weight=0.0)
    Traceback (most recent call last):
    ...
    layers.control_area.ControlInputError: control point at 38.4, 48.3: weight must be in (0, 1], not 0.0
    """

    lon: float
    lat: float
    side: str
    weight: float = 1.0
    label: str = ""

    def __post_init__(self) -> None:
        # A corpus's daily lines make thousands of points a day: the message is only written when needed.
        if not (_finite(self.lon) and _finite(self.lat)):
            raise ControlInputError(f"{self._where}: coordinates must be finite numbers")
        if not (-180.0 <= self.lon <= 180.0 and -90.0 <= self.lat <= 90.0):
            raise ControlInputError(f"{self._where}: not a longitude and latitude in degrees")
        if not isinstance(self.side, str) or not self.side.strip():
            raise ControlInputError(f"{self._where}: the side must be a non-empty string")
        weight = self.weight
        if not (_finite(weight) and 0.0 < weight <= 1.0):
            raise ControlInputError(f"{self._where}: weight must be in (0, 1], not {weight!r}")

    @property
    def _where(self) -> str:
        return f"control point {self.label or ''}{' ' if self.label else ''}at {self.lon}, {self.lat}"

    def __repr__(self) -> str:
        name = f"{self.label!r}, " if self.label else ""
        return f"ControlPoint({name}{self.lon}, {self.lat}, {self.side!r}, weight={self.weight})"


@dataclass(frozen=True, slots=True)
class EstimatedControl:
    """Each side's estimated area, the lines between sides and their uncertainty band (WGS84)."""

    #: Side -> its (Multi)Polygon; empty when nothing could be estimated.
    areas: dict[str, BaseGeometry] = field(default_factory=dict)
    #: (side, side), sorted -> the (Multi)LineString between them; only pairs that touch.
    lines: dict[tuple[str, str], BaseGeometry] = field(default_factory=dict)
    #: Where the line may be: a (Multi)Polygon around the lines (empty without a line).
    band: BaseGeometry = field(default_factory=MultiPolygon)
    #: Places per side after merging duplicates (``"contested"`` included when there are any).
    counts: dict[str, int] = field(default_factory=dict)
    #: Claims used: the points given, less those outside the outline.
    claims: int = 0
    #: Points dropped because they lie outside the outline.
    dropped_outside: int = 0
    #: Why nothing was estimated ("" when areas and lines were).
    reason: str = ""
    #: The areas and lines in metres, for a later call's ``reuse`` (None when nothing was tessellated).
    tessellation: _Tessellation | None = field(default=None, repr=False, compare=False)

    @property
    def label(self) -> str:
        """Return "estimated from N claims" (the caller adds "in M reports")."""
        return f"estimated from {self.claims} claim{'' if self.claims == 1 else 's'}"

    @property
    def is_empty(self) -> bool:
        """Tell whether no line was estimated."""
        return not self.lines

    @property
    def line(self) -> BaseGeometry:
        """Return every line between sides as one (Multi)LineString (empty when there is none)."""
        return shapely.union_all(list(self.lines.values())) if self.lines else MultiLineString()

    def __repr__(self) -> str:
        if self.is_empty:
            return f"EstimatedControl(empty: {self.reason})"
        return f"EstimatedControl({self.label}, sides {sorted(self.areas)}, {len(self.lines)} line(s))"


def estimate_control(
    points: Iterable[ControlPoint],
    outline: BaseGeometry,
    *,
    smoothing: int = 2,
    sample_km: float = 1.0,
    reach_km: float = 50.0,
    reuse: EstimatedControl | None = None,
) -> EstimatedControl:
    """Estimate each side's area, the lines between sides and an uncertainty band.

    Parameters
    ----------
    points
        Settlements of known control; side ``"contested"`` widens the band only.
    outline
        The country (a shapely Polygon or MultiPolygon in WGS84) the areas are clipped to.
    smoothing
        Rounds of Chaikin corner cutting applied to the lines (0: the raw Voronoi edges).
    sample_km
        Spacing of the band's samples along the lines.
    reach_km
        How far from its claims a side's area reaches; also the widest half-width of the band.
    reuse
        An earlier estimate: when its places, sides, outline and options are the same, its areas and
        lines are kept and only the band is drawn again (the weights, which age day by day, change
        the band alone). A day of a corpus without a new claim then costs a fraction of a tessellation.

    Returns
    -------
    EstimatedControl
        Empty, with its ``reason``, when there are no claims, claims of one side only or
        contested ones only (inside the outline), or when the sides' claims lie too far apart
        (more than twice ``reach_km``) for their areas to meet.

    Raises
    ------
    ControlInputError
        An item is no :class:`ControlPoint`, the outline is no polygon in degrees, an option is
        out of range, the claims straddle the antimeridian, or GEOS fails on a degenerate layout.
    """
    outline = _checked_outline(outline)
    if not (isinstance(smoothing, int) and 0 <= smoothing <= 8):
        raise ControlInputError(f"smoothing must be a whole number from 0 to 8, not {smoothing!r}")
    for name, value in (("sample_km", sample_km), ("reach_km", reach_km)):
        if not (isinstance(value, int | float) and math.isfinite(value) and value > 0):
            raise ControlInputError(f"{name} must be a positive number of km, not {value!r}")
    given = list(points)
    if bad := next((p for p in given if not isinstance(p, ControlPoint)), None):
        raise ControlInputError(f"expected ControlPoint items, got {type(bad).__name__}")
    where = shapely.points([(p.lon, p.lat) for p in given]) if given else np.empty(0, dtype=object)
    inside = [p for p, covered in zip(given, shapely.covers(outline, where), strict=True) if covered]
    merged = _merged(inside)
    counts = dict(sorted(_count(merged).items()))
    result = {"counts": counts, "claims": len(inside), "dropped_outside": len(given) - len(inside)}
    sides = sorted(set(counts) - {CONTESTED})
    if reason := _why_empty(given, inside, sides, counts):
        return EstimatedControl(reason=reason, **result)

    claimed = [p for p in merged if p.side != CONTESTED]
    lons = [p.lon for p in claimed]
    if max(lons) - min(lons) > 180.0:
        raise ControlInputError("claims on both sides of the antimeridian: give one side's outline at a time")
    key, step = _Key.of(claimed, outline, smoothing, reach_km), sample_km * 1000.0
    try:
        if reuse is not None and reuse.tessellation is not None and reuse.tessellation.key == key:
            return _rebanded(reuse.tessellation, claimed, merged, step, result)
        return _estimate(claimed, merged, outline, smoothing, step, reach_km * 1000.0, result, key)
    except shapely.errors.GEOSException as err:  # a degenerate configuration GEOS cannot handle
        raise ControlInputError(f"cannot estimate areas from these {len(claimed)} claims: {err}") from err


def _estimate(
    claimed: list[ControlPoint],
    merged: list[ControlPoint],
    outline: BaseGeometry,
    smoothing: int,
    step: float,
    reach: float,
    result: dict,
    key: _Key,
) -> EstimatedControl:
    """Estimate areas, lines and band from claims of two sides or more (distances in metres)."""
    project, unproject = _projection(claimed)
    # Edges cut to ~1 km first: a claim just inside a long edge in degrees stays inside it in metres.
    shape = _valid(shapely.transform(shapely.segmentize(_near(outline, claimed, reach), 0.01), project))
    xy = project(np.array([(p.lon, p.lat) for p in claimed]))
    full, known = _tessellate(xy, [p.side for p in claimed], shape, reach)
    raw = {side: a for side, area in full.items() if not (a := _polygonal(area & known)).is_empty}
    lines = _lines(full, shape, known, smoothing)
    sites = {side: shapely.points(xy[[p.side == side for p in claimed]]) for side in raw}
    areas = _recut(raw, lines, known, sites) if smoothing else raw
    if areas is None:  # the smoothed lines did not cut the areas cleanly: keep the raw tessellation
        lines, areas = _lines(full, shape, known, 0), raw
    if not lines:
        return EstimatedControl(
            reason=f"the sides' claims are more than {2 * reach / 1000:g} km apart: no line between them",
            **result,
        )
    tessellation = _Tessellation(
        key,
        project,
        unproject,
        shape,
        lines,
        reach,
        {side: _valid(_back(a, unproject)) for side, a in areas.items()},
        {pair: _back(line, unproject) for pair, line in lines.items()},
    )
    return _banded(tessellation, claimed, xy, merged, step, result)


@dataclass(frozen=True, slots=True)
class _Key:
    """What the areas and lines depend on: the claimed places and their sides, the outline, the options."""

    places: tuple[tuple[float, float, str], ...]
    outline: BaseGeometry
    options: tuple[int, float]  # smoothing, reach_km

    @classmethod
    def of(cls, claimed: list[ControlPoint], outline: BaseGeometry, smoothing: int, reach_km: float) -> _Key:
        return cls(tuple((p.lon, p.lat, p.side) for p in claimed), outline, (smoothing, float(reach_km)))

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, _Key)
            and (self.options, self.places) == (other.options, other.places)
            and (self.outline is other.outline or self.outline.equals_exact(other.outline, 0.0))
        )

    def __hash__(self) -> int:
        return hash((self.options, self.places))


@dataclass(frozen=True, slots=True)
class _Tessellation:
    """An estimate's areas and lines, in metres (for the band) and in degrees (returned)."""

    key: _Key
    project: _Transform
    unproject: _Transform
    shape: BaseGeometry  # the outline near the claims, metres
    lines_m: dict[tuple[str, str], BaseGeometry]
    reach: float  # metres
    areas: dict[str, BaseGeometry]
    lines: dict[tuple[str, str], BaseGeometry]


def _banded(
    tessellation: _Tessellation,
    claimed: list[ControlPoint],
    xy: np.ndarray,
    merged: list[ControlPoint],
    step: float,
    result: dict,
) -> EstimatedControl:
    """Return the estimate of a tessellation with the band of these claims' weights."""
    t = tessellation
    band = _band(t.lines_m, claimed, xy, merged, t.project, t.shape, step, t.reach)
    return EstimatedControl(
        areas=t.areas, lines=t.lines, band=_valid(_back(band, t.unproject)), tessellation=t, **result
    )


def _rebanded(
    earlier: _Tessellation, claimed: list[ControlPoint], merged: list[ControlPoint], step: float, result: dict
) -> EstimatedControl:
    """Return an earlier estimate's areas and lines with the band of the claims' current weights."""
    xy = earlier.project(np.array([(p.lon, p.lat) for p in claimed]))
    return _banded(earlier, claimed, xy, merged, step, result)


def _back(geometry: BaseGeometry, unproject: _Transform) -> BaseGeometry:
    """Return a geometry in degrees, its long edges cut first.

    A straight edge in metres is curved in degrees: two areas must still meet where one has a
    vertex on the other's edge.
    """
    return shapely.transform(shapely.segmentize(geometry, _EDGE_M), unproject)


def _near(outline: BaseGeometry, claimed: list[ControlPoint], reach: float) -> BaseGeometry:
    """Return the part of the outline the claims can reach (with a margin): the rest is never used.

    It keeps the projection local, and a country across the antimeridian (Russia, Fiji) usable.
    """
    lons, lats = [p.lon for p in claimed], [p.lat for p in claimed]
    rise = reach / 111_000.0 + 0.5  # degrees of latitude, with half a degree to spare
    widest = min(max(abs(y) for y in lats) + rise, 89.0)
    run = min(rise / math.cos(math.radians(widest)), 360.0)
    window = shapely.box(
        min(lons) - run, max(min(lats) - rise, -90), max(lons) + run, min(max(lats) + rise, 90)
    )
    return _polygonal(shapely.intersection(outline, window))


# -- input --------------------------------------------------------------------------------------


def _checked_outline(outline: object) -> BaseGeometry:
    """Return the outline as a valid (Multi)Polygon, or raise :class:`ControlInputError`."""
    if not isinstance(outline, BaseGeometry):
        raise ControlInputError(f"the outline must be a shapely geometry, not {type(outline).__name__}")
    if outline.is_empty or outline.geom_type not in _POLYGONS:
        raise ControlInputError(f"the outline must be a non-empty (Multi)Polygon, not {outline.geom_type}")
    west, south, east, north = outline.bounds
    if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
        raise ControlInputError("the outline must be in longitude and latitude (WGS84 degrees)")
    if not outline.is_valid:
        outline = _polygonal(shapely.make_valid(outline))
        if outline.is_empty:
            raise ControlInputError("the outline has no area once repaired (a polygon folded onto itself)")
    return outline


def _merged(points: list[ControlPoint]) -> list[ControlPoint]:
    """Merge points at the same place: one side keeps the strongest claim, two sides are contested."""
    groups: dict[tuple[int, int], list[ControlPoint]] = defaultdict(list)
    for p in points:
        groups[(round(p.lon / _SAME_PLACE_DEG), round(p.lat / _SAME_PLACE_DEG))].append(p)
    merged = []
    for group in groups.values():
        if len(group) == 1:
            merged.append(group[0])
            continue
        best = max(group, key=lambda p: p.weight)
        if len({p.side for p in group}) > 1:
            best = ControlPoint(best.lon, best.lat, CONTESTED, best.weight, best.label)
        merged.append(best)
    return merged


def _count(points: list[ControlPoint]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for p in points:
        counts[p.side] += 1
    return counts


def _why_empty(
    given: list[ControlPoint], inside: list[ControlPoint], sides: list[str], counts: dict[str, int]
) -> str:
    """Return why no line can be estimated, or "" when one can."""
    if not given:
        return "no claims: no line can be estimated"
    if not inside:
        return f"all {len(given)} claims lie outside the outline: no line can be estimated"
    if not sides:
        return f"all {counts.get(CONTESTED, 0)} places are contested: no side holds any, no line"
    if len(sides) == 1:
        return f"claims for one side only ({sides[0]!r}): no line between sides"
    return ""


def _projection(points: list[ControlPoint]) -> tuple[_Transform, _Transform]:
    """Return functions (n×2 arrays) from WGS84 to a local azimuthal equidistant CRS and back."""
    lon = float(np.mean([p.lon for p in points]))
    lat = float(np.mean([p.lat for p in points]))
    local = CRS.from_proj4(f"+proj=aeqd +lat_0={lat:.6f} +lon_0={lon:.6f} +datum=WGS84 +units=m")
    forward = Transformer.from_crs("EPSG:4326", local, always_xy=True)
    back = Transformer.from_crs(local, "EPSG:4326", always_xy=True)

    def project(xy: np.ndarray) -> np.ndarray:
        return np.column_stack(forward.transform(xy[:, 0], xy[:, 1])) if len(xy) else xy

    def unproject(xy: np.ndarray) -> np.ndarray:
        return np.column_stack(back.transform(xy[:, 0], xy[:, 1])) if len(xy) else xy

    return project, unproject


# -- areas and lines -----------------------------------------------------------------------------


def _tessellate(
    xy: np.ndarray, sides: list[str], outline: BaseGeometry, reach: float
) -> tuple[dict[str, BaseGeometry], BaseGeometry]:
    """Return each side's Voronoi cells dissolved and clipped to the outline, and where claims reach (m).

    The areas keep the diagram's own vertices, so that two sides' areas share their boundary exactly.
    """
    sites = shapely.points(xy)
    if len(xy) == 2:  # GEOS needs three sites for a diagram: the perpendicular bisector does it
        cells = _halves(xy, outline)
    else:
        cells = shapely.get_parts(
            shapely.voronoi_polygons(shapely.multipoints(sites), extend_to=outline, ordered=True)
        )
        if len(cells) != len(xy):  # collinear or degenerate sites: find each cell by its site
            tree = shapely.STRtree(cells)
            cells = cells[tree.query_nearest(sites, all_matches=False)[1]]
    owners = np.array(sides)
    areas = {}
    for side in sorted(set(sides)):  # the cells tile the plane: a coverage union (fast, exact) joins them
        area = _polygonal(shapely.intersection(shapely.coverage_union_all(cells[owners == side]), outline))
        if not area.is_empty:
            areas[side] = area
    # A place in a cell is nearest to the cell's site: if any claim reaches it, that one does. Only the
    # cells that stretch beyond their disc lose a piece; those pieces are joined on a millimetre grid,
    # so that no hairline is left between pieces cut by different discs. A cell whose every vertex lies
    # within the disc's inner radius (a 64-gon's) is inside it: it loses nothing and is not cut.
    coordinates, owner = shapely.get_coordinates(cells, return_index=True)
    farthest = np.zeros(len(cells))
    np.maximum.at(farthest, owner, np.hypot(*(coordinates - xy[owner]).T))
    stretch = farthest > reach * math.cos(math.pi / 64)
    beyond = shapely.difference(cells[stretch], shapely.buffer(sites[stretch], reach, quad_segs=16))
    unreached = shapely.union_all(beyond[~shapely.is_empty(beyond)], grid_size=1e-3)
    return areas, _polygonal(shapely.difference(outline, unreached, grid_size=1e-3))


def _halves(xy: np.ndarray, outline: BaseGeometry) -> np.ndarray:
    """Return the two half-planes (as polygons covering the outline) nearer to each of two sites."""
    west, south, east, north = outline.bounds
    reach = 2.0 * max(east - west, north - south, 1.0)
    middle, along = xy.mean(axis=0), xy[1] - xy[0]
    across = np.array([-along[1], along[0]]) / max(float(np.hypot(*along)), 1e-9)
    ahead = along / max(float(np.hypot(*along)), 1e-9)
    cut = [middle + across * reach, middle - across * reach]
    far = [cut[1] + ahead * reach, cut[0] + ahead * reach]
    near = [cut[1] - ahead * reach, cut[0] - ahead * reach]
    return np.array([shapely.Polygon([*cut, *near]), shapely.Polygon([*cut, *far])])


def _valid(area: BaseGeometry) -> BaseGeometry:
    """Repair an area a projection left touching or crossing itself (far from the centre, say)."""
    return area if area.is_valid else _polygonal(shapely.make_valid(area))


def _polygonal(geometry: BaseGeometry) -> BaseGeometry:
    """Keep the polygons of an overlay result (clipping can leave slivers of lines and points)."""
    parts = [g for g in shapely.get_parts(geometry) if g.geom_type == "Polygon" and g.area > 0]
    return shapely.union_all(parts) if parts else MultiPolygon()


def _lines(
    areas: dict[str, BaseGeometry], outline: BaseGeometry, known: BaseGeometry, smoothing: int
) -> dict[tuple[str, str], BaseGeometry]:
    """Return the shared boundary of each pair of touching areas where claims reach, without the border."""
    border = outline.boundary
    lines = {}
    for a, b in combinations(sorted(areas), 2):
        shared = shapely.intersection(areas[a].boundary, areas[b].boundary)
        pieces = [g for g in shapely.get_parts(shared) if g.geom_type in ("LineString", "LinearRing")]
        if not pieces:
            continue
        inland = shapely.difference(shapely.union_all(pieces), border)
        merged = shapely.line_merge(shapely.intersection(inland, known))
        parts = [g for g in shapely.get_parts(merged) if g.length > 1.0]  # not the crumbs of overlays
        if parts:
            lines[(a, b)] = shapely.multilinestrings([_smoothed(g, smoothing) for g in parts])
    return lines


def _smoothed(line: BaseGeometry, rounds: int) -> BaseGeometry:
    """Cut a line's corners (Chaikin) ``rounds`` times; the ends of an open line stay where they are."""
    xy = shapely.get_coordinates(shapely.remove_repeated_points(line, 0.01))  # overlays repeat vertices
    closed = line.is_closed and len(xy) > 3
    for _ in range(rounds):
        if len(xy) < 3:
            break
        ring = xy[:-1] if closed else xy
        following = np.roll(ring, -1, axis=0) if closed else ring[1:]
        start = ring if closed else ring[:-1]
        cuts = np.empty((2 * len(start), 2))
        cuts[0::2] = 0.75 * start + 0.25 * following
        cuts[1::2] = 0.25 * start + 0.75 * following
        xy = np.vstack([cuts, cuts[:1]]) if closed else np.vstack([xy[:1], cuts, xy[-1:]])
    return shapely.linestrings(xy)


def _recut(
    raw: dict[str, BaseGeometry],
    lines: dict[tuple[str, str], BaseGeometry],
    known: BaseGeometry,
    sites: dict[str, np.ndarray],
) -> dict[str, BaseGeometry] | None:
    """Cut the known area along the smoothed lines; a piece goes to the side whose raw area it most overlaps.

    None when the pieces do not cover the known area (a line that failed to cut it cleanly) or when
    a claim would end up outside its own side's area: smoothing never overrules the evidence.
    """
    border = known.boundary
    cutters = [_overshot(part, border) for line in lines.values() for part in shapely.get_parts(line)]
    faces = shapely.get_parts(shapely.polygonize(shapely.get_parts(shapely.union_all([border, *cutters]))))
    faces = faces[shapely.contains_properly(known, shapely.point_on_surface(faces))]
    if not len(faces) or abs(shapely.area(faces).sum() - known.area) > 1e-3 * known.area:
        return None
    sides = sorted(raw)
    overlap = np.column_stack([shapely.area(shapely.intersection(faces, raw[s])) for s in sides])
    owner = overlap.argmax(axis=1)
    areas = {}
    for i, side in enumerate(sides):
        mine = faces[(owner == i) & (overlap[:, i] > 0)]
        if len(mine):
            areas[side] = _polygonal(shapely.intersection(shapely.union_all(mine), known))
    # Within a metre: a claim on the outline's edge may lie a hair outside after the millimetre grid.
    shapely.prepare(list(areas.values()))  # each area is tested against all its side's claims
    if any(
        side not in areas or not shapely.dwithin(areas[side], own, 1.0).all() for side, own in sites.items()
    ):
        return None
    return areas


def _overshot(line: BaseGeometry, border: BaseGeometry) -> BaseGeometry:
    """Extend the ends of a line that stop on the border a little beyond it, so that they cut it."""
    xy = shapely.get_coordinates(line)
    if len(xy) < 2 or line.is_closed:
        return line
    for end, inward in ((0, xy[1:]), (-1, xy[-2::-1])):
        if border.distance(shapely.Point(xy[end])) < 1.0:
            steps = xy[end] - inward
            lengths = np.hypot(steps[:, 0], steps[:, 1])
            if (lengths > 0).any():  # the direction from the nearest distinct vertex
                first = int(np.argmax(lengths > 0))
                xy[end] = xy[end] + steps[first] / lengths[first] * _OVERSHOOT_M
    return shapely.linestrings(xy)


# -- uncertainty band ----------------------------------------------------------------------------


def _band(
    lines: dict[tuple[str, str], BaseGeometry],
    claimed: list[ControlPoint],
    xy: np.ndarray,
    merged: list[ControlPoint],
    project: _Transform,
    outline: BaseGeometry,
    step_m: float,
    max_m: float,
) -> BaseGeometry:
    """Return the band: discs along each line, wider where the nearest claims are far or weak (metres)."""
    sides = np.array([p.side for p in claimed])
    weights = np.array([p.weight for p in claimed])
    pieces = []
    for pair, line in lines.items():
        for part in shapely.get_parts(line):
            samples = shapely.line_interpolate_point(
                part, np.linspace(0.0, part.length, max(2, math.ceil(part.length / step_m) + 1))
            )
            reach = np.maximum.reduce(
                [_weighted_distance(samples, xy[sides == s], weights[sides == s], max_m) for s in pair]
            )
            discs = shapely.buffer(samples, np.clip(_BAND_SHARE * reach, _MIN_BAND_M, max_m), quad_segs=4)
            pieces.extend(shapely.convex_hull(shapely.union(discs[:-1], discs[1:])))
    contested = [p for p in merged if p.side == CONTESTED]
    if contested:
        pieces.extend(_contested_reach(contested, project, lines, xy, weights, max_m))
    return _polygonal(shapely.intersection(shapely.union_all(pieces), outline))


def _weighted_distance(samples: np.ndarray, xy: np.ndarray, weights: np.ndarray, cap: float) -> np.ndarray:
    """Return, for each sample, the least ``distance / weight`` to the given claims (at most ``cap``)."""
    sites = shapely.points(xy)
    tree = shapely.STRtree(sites)
    nearest, distance = tree.query_nearest(samples, return_distance=True, all_matches=False)
    # A weaker claim counts as farther: the strongest one within distance/weight of the nearest may win.
    reach = np.minimum(distance / weights[nearest[1]], cap)
    near = tree.query(samples, predicate="dwithin", distance=reach)
    best = np.full(len(samples), np.inf)
    np.minimum.at(best, near[0], shapely.distance(samples[near[0]], sites[near[1]]) / weights[near[1]])
    return np.minimum(np.minimum(best, reach), cap)


def _contested_reach(
    contested: list[ControlPoint],
    project: _Transform,
    lines: dict[tuple[str, str], BaseGeometry],
    xy: np.ndarray,
    weights: np.ndarray,
    max_m: float,
) -> list[BaseGeometry]:
    """Return corridors from the line to each contested place lying about as near to it as to a claim.

    A contested place far behind the line (its neighbours' claims are much nearer) is local news,
    not a sign of where the line runs: it widens nothing.
    """
    everything = shapely.union_all(list(lines.values()))
    places = shapely.points(project(np.array([(p.lon, p.lat) for p in contested])))
    to_claim = _weighted_distance(places, xy, weights, max_m)
    to_line = shapely.distance(places, everything)
    corridors = []
    for place, own, claim, line in zip(places, contested, to_claim, to_line, strict=True):
        if line <= min(2.0 * claim, max_m):
            radius = min(max(_BAND_SHARE * claim * own.weight, _MIN_BAND_M), max_m)
            corridors.append(shapely.buffer(shapely.shortest_line(everything, place), radius, quad_segs=4))
    return corridors


def mean_distance_km(line: BaseGeometry, other: BaseGeometry, *, step_km: float = 1.0) -> float | None:
    """Return the mean distance (km) from points every ``step_km`` along ``line`` to ``other``.

    Both in WGS84 (lon, lat), measured in a local azimuthal equidistant projection centred on
    ``line``: how far an estimated line lies from an assessed one where the estimate is. None when
    either is empty.

    >>> from shapely.geometry import LineString
    >>> west, east = LineString([(37.0, 48.0), (37.0, 48.2)]), LineString([(37.1, 47.9), (37.1, 48.3)])
    >>> round(mean_distance_km(west, east), 1)  # 0.1 degree of longitude at 48 degrees north
    7.4
    """
    if line is None or other is None or line.is_empty or other.is_empty:
        return None
    centre = line.centroid
    project, _ = _projection([ControlPoint(centre.x, centre.y, "line")])
    near, far = (shapely.transform(g, project) for g in (line, other))
    parts = [p for p in shapely.get_parts(near) if p.length > 0]
    if not parts:
        return None
    step = step_km * 1000.0
    samples = np.concatenate(
        [
            shapely.line_interpolate_point(p, np.linspace(0.0, p.length, max(2, int(p.length // step) + 2)))
            for p in parts
        ]
    )
    return float(np.mean(shapely.distance(samples, far))) / 1000.0
