"""GeoNames' own web service (needs a ``username``): the gazetteer's records, online.

A result is a GeoNames record: ``name``, ``geonameId``, ``countryCode``, ``adminName1``,
``population`` and the feature class ``fcl`` (``P`` populated place, ``A`` administrative
area, ``H`` water) with its code ``fcode`` (``PCLI``: an independent country).

>>> record = {"address": "Bakhmut", "lat": "48.6", "lon": "38.0", "raw": {"name": "Bakhmut",
...     "fcl": "P", "countryCode": "UA", "adminName1": "Donetsk", "geonameId": 713174}}
>>> place = parse(record, source="geonames")
>>> place.name, place.kind, place.country, place.admin1, place.geonameid
('Bakhmut', 'settlement', 'UA', 'Donetsk', 713174)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from geo.geocoders.answers import raw_answer, to_place
from geo.geocoders.base import OnlineService
from geo.model import Place

__all__ = ["SERVICE", "parse"]

_KINDS = {"P": "settlement", "A": "region", "H": "water", "T": "landform"}


def parse(record: Mapping[str, Any], *, source: str) -> Place | None:
    """Read one GeoNames record into a place."""
    raw = raw_answer(record)
    fcl = raw.get("fcl")
    kind = _KINDS.get(fcl, "other") if isinstance(fcl, str) else "other"
    if kind == "region" and raw.get("fcode") == "PCLI":
        kind = "country"
    return to_place(
        record,
        source=source,
        name=raw.get("name"),
        kind=kind,
        country=raw.get("countryCode"),
        admin1=raw.get("adminName1"),
        geonameid=raw.get("geonameId"),
        population=raw.get("population"),
    )


SERVICE = OnlineService("geonames", parse)
