"""Photon (komoot's OpenStreetMap geocoder): GeoJSON features.

Each result is a GeoJSON ``Feature`` whose ``properties`` hold ``name``, ``countrycode``,
``state`` and ``osm_value`` (OSM's kind of place); the public instance asks for restraint, so
it gets the same one request a second as Nominatim.

>>> record = {"address": "Bakhmut, Donetsk Oblast, Ukraine", "lat": 48.6, "lon": 38.0, "raw": {
...     "type": "Feature", "properties": {"name": "Bakhmut", "countrycode": "UA",
...     "state": "Donetsk Oblast", "osm_key": "place", "osm_value": "town"}}}
>>> place = parse(record, source="photon")
>>> place.name, place.kind, place.country, place.admin1
('Bakhmut', 'settlement', 'UA', 'Donetsk Oblast')
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from geo.geocoders.answers import kind_of, raw_answer, sub_object, to_place
from geo.geocoders.base import OnlineService
from geo.model import Place

__all__ = ["SERVICE", "parse"]


def parse(record: Mapping[str, Any], *, source: str) -> Place | None:
    """Read one Photon feature into a place."""
    properties = sub_object(raw_answer(record), "properties")
    return to_place(
        record,
        source=source,
        name=properties.get("name"),
        kind=kind_of(properties.get("osm_value")),
        country=properties.get("countrycode"),
        admin1=properties.get("state"),
    )


SERVICE = OnlineService("photon", parse, 1.0, "photon.komoot.io")
