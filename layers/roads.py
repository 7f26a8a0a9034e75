"""A user-supplied road network (GeoJSON LineStrings) and shortest paths along it.

The network is a graph whose nodes are the lines' vertices (coordinates rounded to ~1 cm, so
lines that share an end vertex connect) and whose edges are the segments between consecutive
vertices, weighted by great-circle length. Waypoints snap to the nearest node; a leg follows
the shortest path (Dijkstra with a binary heap).

>>> net = RoadNetwork.from_lines([[(38.0, 48.0), (38.1, 48.0), (38.1, 48.1)]])
>>> [round(x, 1) for x, _ in net.shortest_path((38.0, 48.0), (38.1, 48.1))[0]]
[38.0, 38.1, 38.1]
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path

from geo.errors import InputError
from geo.gazetteer import haversine_km
from geo.limits import loads_json

__all__ = ["MAX_ROADS_BYTES", "RoadNetwork"]

#: Largest road file accepted, in bytes (an oblast's OSM roads are a few tens of MB).
MAX_ROADS_BYTES = 200_000_000
_DIGITS = 7  # coordinate rounding for node identity (~1 cm)

LonLat = tuple[float, float]


class RoadNetwork:
    """An undirected graph of road segments in lon/lat (EPSG:4326)."""

    def __init__(self) -> None:
        self._edges: dict[LonLat, dict[LonLat, float]] = defaultdict(dict)

    def __len__(self) -> int:
        return len(self._edges)

    def __repr__(self) -> str:
        segments = sum(len(v) for v in self._edges.values()) // 2
        return f"RoadNetwork({len(self)} nodes, {segments} segments)"

    @classmethod
    def from_lines(cls, lines: Iterable[Sequence[Sequence[float]]]) -> RoadNetwork:
        """Build a network from lines of ``(lon, lat)`` vertices."""
        network = cls()
        for line in lines:
            nodes = [_node(v) for v in line]
            for a, b in zip(nodes, nodes[1:], strict=False):
                if a != b:
                    weight = haversine_km(a[1], a[0], b[1], b[0])
                    network._edges[a][b] = network._edges[b][a] = weight
        if not network._edges:
            raise InputError("the road network has no line segments")
        return network

    @classmethod
    def from_geojson(cls, source: str | Path) -> RoadNetwork:
        """Read a GeoJSON FeatureCollection (or a file path) of LineStrings / MultiLineStrings.

        Raises
        ------
        InputError
            The file is missing, too large or not UTF-8; its JSON is malformed or beyond the limits
            of :func:`geo.limits.loads_json` (nesting, 5,000-digit numbers, NaN); a feature is not a
            line of at least two finite ``[lon, lat]`` positions in degrees.
        """
        name, text = _read(source)
        return cls.from_lines(_lines(loads_json(text, name), name))

    def nearest(self, point: LonLat) -> tuple[LonLat, float]:
        """Return the node nearest to ``point`` and its distance in km."""
        lon, lat = point
        node = min(self._edges, key=lambda n: haversine_km(lat, lon, n[1], n[0]))
        return node, haversine_km(lat, lon, node[1], node[0])

    def shortest_path(self, start: LonLat, end: LonLat) -> tuple[list[LonLat], float]:
        """Return the vertices of the shortest path between the nodes nearest the two points, and its km.

        Raises
        ------
        InputError
            The two points snap to parts of the network that are not connected.
        """
        source, _ = self.nearest(start)
        target, _ = self.nearest(end)
        best = {source: 0.0}
        previous: dict[LonLat, LonLat] = {}
        queue = [(0.0, source)]
        while queue:
            dist, node = heapq.heappop(queue)
            if node == target:
                break
            if dist > best[node]:
                continue  # a stale queue entry
            for other, weight in self._edges[node].items():
                candidate = dist + weight
                if candidate < best.get(other, math.inf):
                    best[other] = candidate
                    previous[other] = node
                    heapq.heappush(queue, (candidate, other))
        if target not in best:
            raise InputError(f"the road network does not connect {start} and {end}")
        path = [target]
        while path[-1] != source:
            path.append(previous[path[-1]])
        return path[::-1], best[target]


def _node(vertex: Sequence[float]) -> LonLat:
    return (round(float(vertex[0]), _DIGITS), round(float(vertex[1]), _DIGITS))


def _read(source: str | Path) -> tuple[str, str]:
    """Return (label, text): ``source`` is a path, or GeoJSON text when a str starting with { or [."""
    if isinstance(source, str) and source.lstrip().startswith(("{", "[")):
        return "road network", source
    path = Path(source)
    try:
        if not path.is_file():
            raise InputError(f"no such road network file: {path}")
        if path.stat().st_size > MAX_ROADS_BYTES:
            raise InputError(f"{path}: larger than {MAX_ROADS_BYTES // 1_000_000} MB")
        return str(path), path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(f"{path}: not UTF-8 text") from err
    except OSError as err:
        raise InputError(f"cannot read the road network {str(path)[:80]}: {err.strerror}") from err


def _lines(data: object, name: str) -> list[list[LonLat]]:
    if not isinstance(data, dict):
        raise InputError(f"{name}: expected a GeoJSON object")
    if data.get("type") == "FeatureCollection":
        features = data.get("features")
        if not isinstance(features, list):
            raise InputError(f"{name}: a FeatureCollection needs a list of features")
        geometries = [f.get("geometry") if isinstance(f, dict) else None for f in features]
    elif data.get("type") == "Feature":
        geometries = [data.get("geometry")]
    else:
        geometries = [data]
    lines = []
    for index, geometry in enumerate(geometries):
        kind = geometry.get("type") if isinstance(geometry, dict) else None
        coords = geometry.get("coordinates") if isinstance(geometry, dict) else None
        if kind == "LineString":
            lines.append(_checked(coords, f"{name}, feature {index}"))
        elif kind == "MultiLineString" and isinstance(coords, list):
            lines.extend(_checked(part, f"{name}, feature {index}") for part in coords)
        else:
            raise InputError(
                f"{name}, feature {index}: a road must be a LineString or MultiLineString, not {kind}"
            )
    return lines


def _checked(coords: object, where: str) -> list[LonLat]:
    if not isinstance(coords, list) or len(coords) < 2:
        raise InputError(f"{where}: a line needs at least two positions")
    result = []
    for position in coords:
        if (
            not isinstance(position, list | tuple)
            or len(position) < 2
            or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in position[:2])
            or not all(math.isfinite(v) for v in position[:2])
            or not (-180 <= position[0] <= 180 and -90 <= position[1] <= 90)
        ):
            raise InputError(f"{where}: invalid position {str(position)[:40]} (expected [lon, lat])")
        result.append((float(position[0]), float(position[1])))
    return result
