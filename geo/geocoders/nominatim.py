"""Nominatim (OpenStreetMap's geocoder) and the services that answer in its format.

Nominatim's usage policy (https://operations.osmfoundation.org/policies/nominatim/) allows at
most one request a second to the public instance. Asked with ``addressdetails=1``, a result
carries ``name``, ``addresstype`` and ``type`` (OSM's kind of place) and an ``address`` object
with ``country_code`` and ``state``:

>>> record = {"address": "Bakhmut, Donetsk Oblast, Ukraine", "lat": 48.6, "lon": 38.0, "raw": {
...     "name": "Bakhmut", "addresstype": "town", "type": "administrative",
...     "address": {"state": "Donetsk Oblast", "country_code": "ua"}}}
>>> place = parse(record, source="nominatim")
>>> place.name, place.kind, place.country, place.admin1
('Bakhmut', 'settlement', 'UA', 'Donetsk Oblast')
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from geo.geocoders.answers import kind_of, raw_answer, sub_object, to_place
from geo.geocoders.base import OnlineService
from geo.model import Place

__all__ = ["CLONES", "SERVICE", "parse"]


def parse(record: Mapping[str, Any], *, source: str) -> Place | None:
    """Read one Nominatim result (``format=json``, ``addressdetails=1``) into a place."""
    raw = raw_answer(record)
    address = sub_object(raw, "address")
    return to_place(
        record,
        source=source,
        name=raw.get("name"),
        kind=kind_of(raw.get("addresstype"), raw.get("type")),
        country=address.get("country_code"),
        admin1=address.get("state"),
    )


SERVICE = OnlineService("nominatim", parse, 1.0, "nominatim.openstreetmap.org")

#: Other geopy services that answer in Nominatim's format (they need an API key).
CLONES = {name: OnlineService(name, parse) for name in ("locationiq", "openmapquest", "pickpoint")}
