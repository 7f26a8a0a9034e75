"""ArcGIS World Geocoding Service (Esri): address candidates.

A candidate has a single-line ``address`` and a point; its ``attributes`` (``PlaceName``,
``Region``) come only when output fields are asked for, and say neither an ISO country code
nor an OSM kind of place, so an ArcGIS answer is a place of kind ``other``:

>>> record = {"address": "Bakhmut, Donetsk, UKR", "lat": 48.6, "lon": 38.0, "raw": {"address": "Bakhmut"}}
>>> place = parse(record, source="arcgis")
>>> place.name, place.kind, place.country, place.admin1
('Bakhmut', 'other', None, None)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from geo.geocoders.answers import raw_answer, sub_object, to_place
from geo.geocoders.base import OnlineService
from geo.model import Place

__all__ = ["SERVICE", "parse"]


def parse(record: Mapping[str, Any], *, source: str) -> Place | None:
    """Read one ArcGIS candidate into a place."""
    attributes = sub_object(raw_answer(record), "attributes")
    return to_place(record, source=source, name=attributes.get("PlaceName"), admin1=attributes.get("Region"))


SERVICE = OnlineService("arcgis", parse, 1.0, "geocode.arcgis.com")
