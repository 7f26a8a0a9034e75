"""Photon (geo.geocoders.photon): its GeoJSON features read, through geopy with a fake adapter.

The features below are in the format of Photon's ``/api`` answer, written for these tests from
the service's documentation; no test calls the real service.
"""

from __future__ import annotations

import pytest

from geo.gazetteer import haversine_km
from geo.geocoders.photon import SERVICE, parse
from geo.geocoders.registry import get_geocoder
from tests.geocoding_helpers import ORACLE_ROWS, photon_adapter_factory

LUHANSKE = next(r for r in ORACLE_ROWS if r["geonameid"] == "702684")

BAKHMUT = {
    "type": "Feature",
    "geometry": {"type": "Point", "coordinates": [37.9999, 48.5956]},
    "properties": {
        "osm_type": "N",
        "osm_id": 337561950,
        "osm_key": "place",
        "osm_value": "city",
        "type": "city",
        "name": "Bakhmut",
        "county": "Bakhmut Raion",
        "state": "Donetsk Oblast",
        "country": "Ukraine",
        "countrycode": "UA",
    },
}
OBLAST = {
    "type": "Feature",
    "geometry": {"type": "Point", "coordinates": [37.8, 48.0]},
    "properties": {
        "osm_key": "boundary",
        "osm_value": "administrative",
        "type": "state",
        "name": "Donetsk Oblast",
        "country": "Ukraine",
        "countrycode": "UA",
    },
}


def record(feature: dict) -> dict:
    lon, lat = feature["geometry"]["coordinates"]
    return {"address": feature["properties"]["name"], "lat": lat, "lon": lon, "raw": feature}


@pytest.mark.parametrize(
    ("feature", "expected"),
    [
        (BAKHMUT, ("Bakhmut", "settlement", "UA", "Donetsk Oblast")),
        (OBLAST, ("Donetsk Oblast", "region", "UA", None)),
        # the feature's own "type" ("Feature") never names a kind of place
        ({**BAKHMUT, "properties": {"name": "Bakhmut", "type": "city"}}, ("Bakhmut", "other", None, None)),
    ],
)
def test_a_feature_is_read_into_a_place(feature: dict, expected: tuple) -> None:
    place = parse(record(feature), source="photon")
    assert (place.name, place.kind, place.country, place.admin1) == expected


def test_the_public_instance_gets_one_request_a_second() -> None:
    assert (SERVICE.geopy_name, SERVICE.min_delay_seconds, SERVICE.public_domain) == (
        "photon",
        1.0,
        "photon.komoot.io",
    )


def test_through_geopy_with_a_fake_adapter(gazetteer, tmp_path) -> None:
    adapter = photon_adapter_factory(gazetteer)
    geocoder = get_geocoder(
        "photon",
        gazetteer=gazetteer,
        adapter_factory=adapter,
        cache_dir=tmp_path,
        min_delay_seconds=0,
        domain="photon.invalid",  # never resolved: the fake adapter has no sockets
    )
    place = geocoder.geocode("Luhanske")
    assert place.source == "photon" and place.country == "UA" and place.kind == "settlement"
    assert haversine_km(place.lat, place.lon, float(LUHANSKE["lat"]), float(LUHANSKE["lon"])) < 0.01
    donetsk = gazetteer.get(709717)
    assert "lat=" not in adapter.calls[0][1]  # no bias asked, none sent
    geocoder.geocode("Olenivka", near=donetsk)
    assert "lat=48.023" in adapter.calls[-1][1] and "lon=37.80224" in adapter.calls[-1][1]
    adapter.fail = True
    fallback = geocoder.geocode("Mariupol")
    assert fallback.geonameid == 701822 and fallback.source == "geonames (photon unavailable)"
