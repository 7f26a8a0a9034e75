"""Reading one result of an online service into a :class:`~geo.model.Place`.

geopy gives every result as a ``Location``: an address, a point and the service's own JSON
(``raw``). Frontline caches it as ``{"address", "lat", "lon", "raw"}``. Each service module
(:mod:`geo.geocoders.nominatim`, …) picks the name, kind, country and region out of its own
``raw`` and hands them to :func:`to_place`, which checks the point and normalises the fields;
:func:`parse_location` reads only what every geopy service gives.

>>> record = {"address": "Bakhmut, Donetsk Oblast, Ukraine", "lat": "48.6", "lon": 38.0, "raw": {}}
>>> place = parse_location(record, source="google")
>>> place.name, place.lat, place.lon, place.kind, place.country
('Bakhmut', 48.6, 38.0, 'other', None)
>>> kind_of("road", "village")
'settlement'
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from geo.model import Place

__all__ = ["kind_of", "parse_location", "raw_answer", "sub_object", "to_place"]

_SETTLEMENT = {"city", "town", "village", "hamlet", "suburb", "locality", "isolated_dwelling", "municipality"}
_REGION = {"state", "region", "province", "county", "state_district", "district", "administrative"}
_WATER = {"water", "sea", "bay", "river", "lake", "strait", "reservoir"}


def raw_answer(record: Mapping[str, Any]) -> Mapping[str, Any]:
    """Return the service's own JSON of a result (empty when it has none)."""
    return sub_object(record, "raw")


def sub_object(raw: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    """Return ``raw[key]`` when it is a JSON object, else an empty one."""
    value = raw.get(key)
    return value if isinstance(value, Mapping) else {}


def kind_of(*values: object) -> str:
    """Return the kind of place that the first telling OSM-style type among ``values`` names."""
    for value in values:
        if not isinstance(value, str):
            continue
        if value == "country":
            return "country"
        if value in _SETTLEMENT:
            return "settlement"
        if value in _REGION:
            return "region"
        if value in _WATER:
            return "water"
    return "other"


def to_place(
    record: Mapping[str, Any],
    *,
    source: str,
    name: object = None,
    kind: str = "other",
    country: object = None,
    admin1: object = None,
    geonameid: object = None,
    population: object = None,
) -> Place | None:
    """Return the place of one result, or None when its point is missing or out of range.

    Parameters
    ----------
    record
        ``{"address", "lat", "lon", "raw"}``: geopy's ``Location`` as cached.
    source
        The service's name, kept in ``Place.source``.
    name, kind, country, admin1, geonameid, population
        What the service's own answer says, as found there: an empty or malformed value is
        no value; the name defaults to the address up to its first comma, a country is an
        ISO 3166-1 alpha-2 code in any case.
    """
    try:
        lat, lon = float(record["lat"]), float(record["lon"])
    except (KeyError, TypeError, ValueError):
        return None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    address = str(record.get("address") or "")
    label = name if name not in (None, "") else None
    return Place(
        name=str(label or address.split(",")[0].strip() or address),
        lat=lat,
        lon=lon,
        kind=kind,
        geonameid=_int(geonameid),
        country=country.upper() if isinstance(country, str) and len(country) == 2 else None,
        admin1=_str(admin1),
        population=_int(population) or 0,
        source=source,
    )


def parse_location(record: Mapping[str, Any], *, source: str) -> Place | None:
    """Read a result of any geopy service by what all of them give: its address and point."""
    return to_place(record, source=source)


def _int(value: object) -> int | None:
    try:
        return int(value) if value not in (None, "") else None  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return None


def _str(value: object) -> str | None:
    return str(value) if isinstance(value, str | int) and value != "" else None
