"""ArcGIS (geo.geocoders.arcgis): its address candidates read.

The candidates below are in the format of ArcGIS's ``findAddressCandidates`` answer, written
for these tests from the service's documentation; no test calls the real service.
"""

from __future__ import annotations

import pytest

from geo.geocoders.arcgis import SERVICE, parse
from geo.geocoders.registry import get_geocoder

PLAIN = {"address": "Bakhmut, Donetsk, UKR", "location": {"x": 38.0, "y": 48.6}, "score": 100}
WITH_FIELDS = {
    **PLAIN,
    "attributes": {"PlaceName": "Bakhmut", "Region": "Donetsk", "Country": "UKR", "Type": "City"},
}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (PLAIN, ("Bakhmut", "other", None, None)),  # the default answer: address and point only
        (WITH_FIELDS, ("Bakhmut", "other", None, "Donetsk")),  # an ISO3 country is no alpha-2 code
        ({"address": "Bakhmut"}, ("Bakhmut", "other", None, None)),
    ],
)
def test_a_candidate_is_read_into_a_place(raw: dict, expected: tuple) -> None:
    record = {"address": "Bakhmut, Donetsk, UKR", "lat": 48.6, "lon": 38.0, "raw": raw}
    place = parse(record, source="arcgis")
    assert (place.name, place.kind, place.country, place.admin1) == expected


def test_the_public_instance_gets_one_request_a_second(gazetteer, tmp_path) -> None:
    assert (SERVICE.geopy_name, SERVICE.public_domain) == ("arcgis", "geocode.arcgis.com")
    geocoder = get_geocoder("arcgis", gazetteer=gazetteer, cache_dir=tmp_path)  # built, never called
    assert geocoder.min_delay_seconds == 1.0 and geocoder.parse is parse
