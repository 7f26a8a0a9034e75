"""GeoNames' web service (geo.geocoders.geonames): its records read.

The records below are in the format of GeoNames' ``searchJSON`` answer, written for these tests
from the service's documentation; no test calls the real service.
"""

from __future__ import annotations

import pytest

from geo.geocoders.geonames import parse

BAKHMUT = {
    "adminCode1": "05",
    "lng": "38.0",
    "geonameId": 713174,
    "toponymName": "Bakhmut",
    "fcl": "P",
    "population": 73212,
    "countryCode": "UA",
    "name": "Bakhmut",
    "countryName": "Ukraine",
    "fcodeName": "populated place",
    "adminName1": "Donetsk",
    "lat": "48.6",
    "fcode": "PPL",
}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (BAKHMUT, ("Bakhmut", "settlement", "UA", "Donetsk", 713174, 73212)),
        (
            {**BAKHMUT, "fcl": "A", "fcode": "ADM1", "name": "Donetsk", "population": 0},
            ("Donetsk", "region", "UA", "Donetsk", 713174, 0),
        ),
        (
            {**BAKHMUT, "fcl": "A", "fcode": "PCLI", "name": "Ukraine"},
            ("Ukraine", "country", "UA", "Donetsk", 713174, 73212),
        ),
        (
            {**BAKHMUT, "fcl": "H", "name": "Siverskyi Donets"},
            ("Siverskyi Donets", "water", "UA", "Donetsk", 713174, 73212),
        ),
        ({**BAKHMUT, "fcl": "T"}, ("Bakhmut", "landform", "UA", "Donetsk", 713174, 73212)),
        ({**BAKHMUT, "fcl": "S"}, ("Bakhmut", "other", "UA", "Donetsk", 713174, 73212)),
        ({"name": "Bakhmut", "fcl": ["P"]}, ("Bakhmut", "other", None, None, None, 0)),
    ],
)
def test_a_record_is_read_into_a_place(raw: dict, expected: tuple) -> None:
    record = {"address": "Bakhmut", "lat": "48.6", "lon": "38.0", "raw": raw}
    place = parse(record, source="geonames")
    assert (
        place.name,
        place.kind,
        place.country,
        place.admin1,
        place.geonameid,
        place.population,
    ) == expected
