"""Scoring shared by Frontline's geocoders: query checks, bias towards a place, confidence.

Scores start from a prior (the gazetteer's population prior, or an online service's rank);
:func:`place_bias` adds the bonus for being near a given place and in its region, and says
why. A bounding box is ``(min_lon, min_lat, max_lon, max_lat)``, the order of shapely's
``bounds`` and GeoJSON's ``bbox``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from difflib import SequenceMatcher

from geo.errors import InputError
from geo.gazetteer import haversine_km
from geo.model import Candidate, Place
from geo.names import fold

__all__ = [
    "MAX_QUERY_CHARS",
    "BBox",
    "check_bbox",
    "check_country_codes",
    "check_query",
    "confidence",
    "in_bbox",
    "place_bias",
    "size_reasons",
]

#: ``(min_lon, min_lat, max_lon, max_lat)`` in degrees.
BBox = tuple[float, float, float, float]

#: Longest query worth looking up; longer strings are not place names.
MAX_QUERY_CHARS = 500

# Bias weights. Scores start from the gazetteer's population prior, log10(population) / 7
# (a city of 10 million is 1.0, a village of 1,000 about 0.43). The proximity bonus decays
# smoothly with distance: it outweighs a 3,000x larger namesake at 0 km, a 20x larger one at
# 100 km and a 2x larger one at 250 km; sharing the region adds the worth of another 10x.
_PROXIMITY_WEIGHT = 0.5
_PROXIMITY_SCALE_KM = 100.0
_SAME_ADMIN1_BONUS = 0.15
_SAME_COUNTRY_BONUS = 0.1  # only when ``near`` is a whole country


def check_query(query: object) -> str | None:
    """Return the query stripped, None when it cannot be a place name; raise on a non-string."""
    if not isinstance(query, str):
        raise InputError(f"a place name must be a string, not {type(query).__name__}")
    text = query.strip()
    if not text or len(text) > MAX_QUERY_CHARS or not fold(text):
        return None
    return text


def place_bias(
    place: Place,
    *,
    near: Place | None = None,
    country_codes: Sequence[str] = (),
    bbox: BBox | None = None,
) -> tuple[float, tuple[str, ...]]:
    """Return the score bonus of ``place`` given the bias arguments, and the reasons for it."""
    bonus, reasons = 0.0, []
    if near is not None:
        label = near.name
        if near.kind == "country":
            if place.country and place.country == near.country:
                bonus += _SAME_COUNTRY_BONUS
                reasons.append(f"in {label}")
        else:
            km = haversine_km(near.lat, near.lon, place.lat, place.lon)
            bonus += _PROXIMITY_WEIGHT * math.exp(-km / _PROXIMITY_SCALE_KM)
            reasons.append(f"{_km(km)} from {label}")
            if near.admin1_code and place.admin1_code == near.admin1_code and place != near:
                bonus += _SAME_ADMIN1_BONUS
                reasons.append(f"same region as {label} ({place.admin1 or place.admin1_code})")
    if country_codes and place.country in country_codes:
        reasons.append(f"in country {place.country}")
    if bbox is not None and in_bbox(place, bbox):
        reasons.append("inside the bounding box")
    return bonus, tuple(reasons)


def confidence(ranked: Sequence[Candidate], query: str) -> float:
    """Return a confidence in [0, 1] that the first candidate is the place meant by ``query``.

    It is the quality of the name match (1 for the place's own name, 0.95 for an alternate
    name, the spelling similarity for a transliteration variant) times the winner's share of
    the two best scores (1 when it has no rival, 0.5 for a tie).

    >>> p = Place("Mariupol", 47.1, 37.5)
    >>> confidence([Candidate(p, 0.8, "Mariupol")], "mariupol")
    1.0
    """
    if not ranked:
        return 0.0
    top = ranked[0]
    key, matched = fold(query), fold(top.matched_name or top.place.name)
    if key == matched:
        quality = 1.0 if matched == fold(top.place.name) else 0.95
    else:
        quality = SequenceMatcher(None, key, matched).ratio()
    share = 1.0
    if len(ranked) > 1 and top.score > 0:
        share = top.score / (top.score + max(0.0, ranked[1].score))
    return round(max(0.0, min(1.0, quality * share)), 3)


def check_country_codes(codes: Sequence[str]) -> frozenset[str]:
    """Return the ISO 3166-1 alpha-2 codes upper-cased; raise InputError on anything else."""
    if isinstance(codes, str):
        codes = (codes,)
    result = set()
    for code in codes:
        if not isinstance(code, str) or len(code.strip()) != 2 or not code.strip().isalpha():
            raise InputError(f"not an ISO 3166-1 alpha-2 country code: {code!r}")
        result.add(code.strip().upper())
    return frozenset(result)


def check_bbox(bbox: BBox | None) -> BBox | None:
    """Return ``(min_lon, min_lat, max_lon, max_lat)`` as floats; raise InputError when malformed."""
    if bbox is None:
        return None
    try:
        west, south, east, north = (float(v) for v in bbox)
    except (TypeError, ValueError) as err:
        raise InputError(f"a bounding box is (min_lon, min_lat, max_lon, max_lat), not {bbox!r}") from err
    if not (-180 <= west <= 180 and -180 <= east <= 180 and -90 <= south <= north <= 90):
        raise InputError(f"bounding box out of range or inverted: {bbox!r}")
    return (west, south, east, north)


def in_bbox(place: Place, bbox: BBox) -> bool:
    """Tell whether the place's point lies in the box (a box with west > east crosses 180°)."""
    west, south, east, north = bbox
    inside_lon = west <= place.lon <= east if west <= east else (place.lon >= west or place.lon <= east)
    return south <= place.lat <= north and inside_lon  # west > east: the box crosses 180°


def size_reasons(place: Place) -> tuple[str, ...]:
    """Return the reason a place's size gives to its prior: "population 4,513", "a country"."""
    if place.kind == "country":
        return ("a country",)
    if place.population:
        return (f"population {place.population:,}",)
    return ("population unknown",)


def _km(km: float) -> str:
    return f"{km:,.0f} km" if km >= 10 else f"{km:.1f} km"
