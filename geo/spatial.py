"""Spatial phrases between two place names: "Olenivka, south of Donetsk", "Slidell, Louisiana".

:func:`relations` reads the words between consecutive names and returns what they say about the
first relative to the second: a direction, a distance, nearness, or containment; a sentence that
opens "In Kharkiv Oblast, ..." puts the places it goes on to name within that region.

>>> text = "Olenivka, south of Donetsk"
>>> relations(text, [(0, 8), (19, 26)])
{0: (Relation(other=1, direction=180.0, distance_km=None, near=False, within=False, contains=False),)}
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np

from geo.model import Place
from geo.text import lexicon

__all__ = ["PlaceGrid", "Relation", "bearing_deg", "nearest_points", "relations", "unit_vectors"]

_DIRECTIONS = {
    "north": 0.0, "northeast": 45.0, "north-east": 45.0, "east": 90.0, "southeast": 135.0,
    "south-east": 135.0, "south": 180.0, "southwest": 225.0, "south-west": 225.0, "west": 270.0,
    "northwest": 315.0, "north-west": 315.0,
}
_UNITS_KM = {"km": 1.0, "kilometre": 1.0, "kilometer": 1.0, "mile": 1.609344, "mi": 1.609344}
_DIRECTION = re.compile(
    r"(north-?east|north-?west|south-?east|south-?west|north|south|east|west)(?:ern)?\s+of\s+(?:the\s+)?"
    r"(?:(?:city|town|village|port|region|capital)\s+of\s+)?$",
    re.IGNORECASE,
)
_DISTANCE = re.compile(r"(\d+(?:[.,]\d+)?)[\s-]*(km|kilomet(?:re|er)s?|miles?|mi)\b", re.IGNORECASE)
_DISTANCE_TAIL = re.compile(r"\b(?:of|from|out\s+of|outside|away\s+from)\s+(?:the\s+)?$", re.IGNORECASE)
_NEAR = re.compile(r"\b(?:near|outside|on\s+the\s+outskirts\s+of|close\s+to|next\s+to)\s+(?:the\s+)?$", re.I)
_WITHIN = re.compile(r"^\s*,\s*$|^\s+in\s+$")
_LIST_GAP = re.compile(r"\s*(?:,|,?\s+(?:and|or))\s*")
_LIST_TAIL = re.compile(r"\s+(?:and|or)\s")
_MAX_GAP = 160  # characters between two names for a phrase to relate them
_SENTENCE_END = re.compile(r"[.!?]\s|\n")
# A sentence that opens "In Kharkiv Oblast, ..." or "In the Zaporizhzhia region, ...": the region
# scopes the places the sentence goes on to name.
_SCOPE_OPEN = re.compile(r"(?:^|[.!?][\"”’)]?\s+|\n\s*)In\s+(?:the\s+)?$")
_SCOPE_CHARS = 600  # a scope reaches at most this far


@dataclass(frozen=True, slots=True)
class Relation:
    """What the text says about one place relative to another (``other`` is a span index)."""

    other: int
    direction: float | None = None  # bearing from the other place, degrees clockwise from north
    distance_km: float | None = None
    near: bool = False
    within: bool = False  # "Slidell, Louisiana", "Russia's Chechnya region" (other contains this)
    contains: bool = False  # the converse: "Louisiana" in "Slidell, Louisiana" contains the other


def relations(
    text: str, spans: list[tuple[int, int]], abbreviations: Collection[int] = ()
) -> dict[int, tuple[Relation, ...]]:
    """Return, for each span index, the spatial relations the text states for it.

    ``abbreviations`` are the indices of state abbreviations ("D.C.", "La."): the name before one
    lies in that state even inside a list ("Hawaii and Washington, D.C.").
    """
    found: dict[int, list[Relation]] = {}
    for i in range(len(spans) - 1):
        (_, a_end), (b_start, _) = spans[i], spans[i + 1]
        gap = text[a_end:b_start]
        if len(gap) > _MAX_GAP or _SENTENCE_END.search(gap):
            continue
        if (b_start - a_end <= 4 and _WITHIN.match(gap)) or (
            gap == " in the " and _region_word_after().match(text, spans[i + 1][1])
        ):  # "Robotyne in Zaporizhzhia Oblast", "Novoselivka in the Kharkiv region"
            listed = "," in gap and _in_list(text, spans, i) and not _paired(text, spans, i)
            if listed and i + 1 not in abbreviations:
                continue  # "Washington, New York and Chicago": a list, not a town and its state
            found.setdefault(i, []).append(Relation(other=i + 1, within=True))
            found.setdefault(i + 1, []).append(Relation(other=i, contains=True))
            continue
        if text[a_end : a_end + 2] in ("'s", "’s") and not gap[2:].strip():
            found.setdefault(i + 1, []).append(Relation(other=i, within=True))
            found.setdefault(i, []).append(Relation(other=i + 1, contains=True))
            continue
        direction = _DIRECTION.search(gap)
        distance = _DISTANCE.search(gap)
        if direction or (distance and _DISTANCE_TAIL.search(gap)):
            km = None
            if distance:
                unit = distance.group(2).lower().rstrip("s")
                unit = "kilometre" if unit.startswith("kilomet") else unit
                km = float(distance.group(1).replace(",", ".")) * _UNITS_KM.get(unit, 1.0)
            bearing = _DIRECTIONS.get(direction.group(1).lower()) if direction else None
            found.setdefault(i, []).append(Relation(other=i + 1, direction=bearing, distance_km=km))
        elif _NEAR.search(gap) and len(gap) < 60:
            found.setdefault(i, []).append(Relation(other=i + 1, near=True))
    for i, j in _scoped(text, spans):
        found.setdefault(j, []).append(Relation(other=i, within=True))
        found.setdefault(i, []).append(Relation(other=j, contains=True))
    return {k: tuple(v) for k, v in found.items()}


def _scoped(text: str, spans: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """Pairs (region, place): the names of a sentence that opens "In <region>, ..."."""
    close = _scope_close()
    for i, (start, end) in enumerate(spans):
        if not _SCOPE_OPEN.search(text, max(0, start - 16), start) or not close.match(text, end):
            continue
        for j in range(i + 1, len(spans)):
            b_start = spans[j][0]
            if b_start - end > _SCOPE_CHARS or _SENTENCE_END.search(text, spans[j - 1][1], b_start):
                break
            yield i, j


@cache
def _region_word_after() -> re.Pattern[str]:
    """A region word after a name: " region", " Oblast" ("in the Kharkiv region")."""
    return re.compile(rf"\s+(?:{'|'.join(sorted(lexicon().region_words))})\b", re.IGNORECASE)


@cache
def _scope_close() -> re.Pattern[str]:
    """The end of an opening "In Kharkiv Oblast," or "In the Zaporizhzhia region,": a comma."""
    words = "|".join(sorted(lexicon().region_words))
    return re.compile(rf"(?:\s+(?:{words}))?\s*,", re.IGNORECASE)


_BETWEEN_PAIRS = re.compile(r",?\s+(?:and|or)\s+|;\s+")


def _paired(text: str, spans: list[tuple[int, int]], i: int) -> bool:
    """True when names i and i+1 are one "Town, Region" pair of a list of them: "Paris, Texas and
    Springfield, Illinois", "Portland, Maine, and Athens, Georgia" (not "Washington, New York and
    Chicago", nor "Kyiv, Kharkiv, Odesa and Lviv")."""
    def gap(a: int) -> str:
        return text[spans[a][1] : spans[a + 1][0]]

    if gap(i) != ", ":
        return False
    after = i + 3 < len(spans) and bool(_BETWEEN_PAIRS.fullmatch(gap(i + 1))) and gap(i + 2) == ", "
    before = i >= 2 and gap(i - 2) == ", " and bool(_BETWEEN_PAIRS.fullmatch(gap(i - 1)))
    return after or before


def _in_list(text: str, spans: list[tuple[int, int]], i: int) -> bool:
    """True when names i and i+1 are items of a list of names rather than "Town, Region"."""
    if i > 0 and _LIST_GAP.fullmatch(text[spans[i - 1][1] : spans[i][0]]):
        return True
    after = text[spans[i + 1][1] : spans[i + 1][1] + 8]
    if _LIST_TAIL.match(after):
        return True
    return i + 2 < len(spans) and bool(_LIST_GAP.fullmatch(text[spans[i + 1][1] : spans[i + 2][0]]))


def bearing_deg(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Initial bearing from point 1 to point 2, degrees clockwise from north.

    >>> round(bearing_deg(48.0, 37.8, 47.0, 37.8))
    180
    """
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dl = math.radians(lon2 - lon1)
    x = math.sin(dl) * math.cos(p2)
    y = math.cos(p1) * math.sin(p2) - math.sin(p1) * math.cos(p2) * math.cos(dl)
    return math.degrees(math.atan2(x, y)) % 360.0


_EARTH_KM = 6371.0088
_BLOCK = 4096  # rows per matrix product in nearest_points, to bound memory


def unit_vectors(places: Sequence[Place]) -> np.ndarray:
    """Unit vectors (x, y, z) of places on the sphere, one row per place."""
    if not places:
        return np.zeros((0, 3))
    lat = np.radians([p.lat for p in places])
    lon = np.radians([p.lon for p in places])
    return np.column_stack((np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)))


def nearest_points(
    points: np.ndarray, point_keys: np.ndarray, targets: np.ndarray, target_keys: np.ndarray
) -> tuple[list[float], list[int]]:
    """For each point (unit vector), the nearest target of another key: its distance in km and its
    index, or -1 when every target shares the point's key.

    >>> pts = unit_vectors([Place("a", 0.0, 0.0), Place("b", 0.0, 1.0)])  # one degree apart
    >>> km, best = nearest_points(pts, np.array([0, 1]), pts, np.array([0, 1]))
    >>> best, [round(k) for k in km]
    ([1, 0], [111, 111])
    >>> nearest_points(pts, np.array([0, 0]), pts, np.array([0, 0]))[1]  # all of the same key
    [-1, -1]
    """
    km: list[float] = []
    best: list[int] = []
    for lo in range(0, len(points), _BLOCK):
        dots = np.clip(points[lo : lo + _BLOCK] @ targets.T, -1.0, 1.0)
        dots[point_keys[lo : lo + _BLOCK, None] == target_keys[None, :]] = -3.0  # below any cosine
        nearest = dots.argmax(axis=1)
        top = dots[np.arange(len(nearest)), nearest]
        km += (np.arccos(np.maximum(top, -1.0)) * _EARTH_KM).tolist()
        best += np.where(top > -2.0, nearest, -1).tolist()
    return km, best


class PlaceGrid:
    """Places bucketed in cells of their unit vectors, so that "is any place within ``reach_km``?"
    looks at neighbouring cells only (linear time on texts naming thousands of places).
    """

    def __init__(self, places: Sequence[Place], reach_km: float) -> None:
        self._size = 1.5 * reach_km / _EARTH_KM  # wider than the chord of reach_km on the unit sphere
        self._cells: dict[tuple[int, int, int], list[Place]] = defaultdict(list)
        for place in places:
            self._cells[self._cell(place)].append(place)

    def _cell(self, place: Place) -> tuple[int, int, int]:
        lat, lon = math.radians(place.lat), math.radians(place.lon)
        x, y, z = math.cos(lat) * math.cos(lon), math.cos(lat) * math.sin(lon), math.sin(lat)
        return (math.floor(x / self._size), math.floor(y / self._size), math.floor(z / self._size))

    def around(self, place: Place) -> Iterator[Place]:
        """The places in the cell of ``place`` and in the 26 cells around it."""
        cx, cy, cz = self._cell(place)
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                for dz in (-1, 0, 1):
                    yield from self._cells.get((cx + dx, cy + dy, cz + dz), ())
