"""Nominatim (geo.geocoders.nominatim): its answers read, through the real geopy class on a fake server.

The answers below are in the format of Nominatim's ``/search?format=json&addressdetails=1``,
written for these tests from the service's documentation; no test calls the real service.
"""

from __future__ import annotations

import pytest

from geo.gazetteer import haversine_km
from geo.geocoders.nominatim import SERVICE, parse
from geo.geocoders.online import default_user_agent
from tests.geocoding_helpers import ORACLE_ROWS, local_nominatim

DEBALTSEVE = next(r for r in ORACLE_ROWS if r["geonameid"] == "710229")

BAKHMUT = {
    "place_id": 91475035,
    "licence": "Data © OpenStreetMap contributors, ODbL 1.0. http://osm.org/copyright",
    "osm_type": "relation",
    "osm_id": 3550766,
    "lat": "48.5956",
    "lon": "37.9999",
    "class": "boundary",
    "type": "administrative",
    "place_rank": 16,
    "importance": 0.55,
    "addresstype": "city",
    "name": "Бахмут",
    "display_name": "Бахмут, Бахмутська міська громада, Бахмутський район, Донецька область, Україна",
    "address": {
        "city": "Бахмут",
        "district": "Бахмутський район",
        "state": "Донецька область",
        "ISO3166-2-lvl4": "UA-14",
        "country": "Україна",
        "country_code": "ua",
    },
}
OBLAST = {
    "lat": "48.0",
    "lon": "37.8",
    "class": "boundary",
    "type": "administrative",
    "addresstype": "state",
    "name": "Донецька область",
    "display_name": "Донецька область, Україна",
    "address": {"state": "Донецька область", "country": "Україна", "country_code": "ua"},
}
SEA = {
    "lat": "46.0",
    "lon": "36.5",
    "class": "natural",
    "type": "water",
    "addresstype": "water",
    "name": "Азовське море",
    "display_name": "Азовське море",
    "address": {"water": "Азовське море"},
}


def record(raw: dict) -> dict:
    """A result as geopy gives it and Frontline caches it."""
    return {"address": raw["display_name"], "lat": float(raw["lat"]), "lon": float(raw["lon"]), "raw": raw}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (BAKHMUT, ("Бахмут", "settlement", "UA", "Донецька область")),  # addresstype before type
        (OBLAST, ("Донецька область", "region", "UA", "Донецька область")),
        (SEA, ("Азовське море", "water", None, None)),
        ({**BAKHMUT, "name": "", "addresstype": "road"}, ("Бахмут", "region", "UA", "Донецька область")),
    ],
)
def test_an_answer_is_read_into_a_place(raw: dict, expected: tuple) -> None:
    place = parse(record(raw), source="nominatim")
    assert (place.name, place.kind, place.country, place.admin1) == expected
    assert (place.geonameid, place.population, place.source) == (None, 0, "nominatim")


def test_the_public_instance_gets_one_request_a_second() -> None:
    assert (SERVICE.geopy_name, SERVICE.min_delay_seconds, SERVICE.public_domain) == (
        "nominatim",
        1.0,
        "nominatim.openstreetmap.org",
    )


def test_success_maps_the_answer_and_identifies_itself(gazetteer, server, tmp_path) -> None:
    geocoder = local_nominatim(gazetteer, server.domain, tmp_path)
    place = geocoder.geocode("Debaltseve")
    assert place is not None and place.source == "nominatim"
    assert haversine_km(place.lat, place.lon, float(DEBALTSEVE["lat"]), float(DEBALTSEVE["lon"])) < 0.01
    assert (place.country, place.admin1, place.kind) == ("UA", "Donetska oblast", "settlement")
    (request,) = server.requests
    assert request["params"]["q"] == "Debaltseve" and request["params"]["addressdetails"] == "1"
    assert request["user_agent"] == default_user_agent()
    assert request["user_agent"].startswith("frontline/") and "python-requests" not in request["user_agent"]
    ranked = geocoder.candidates("Debaltseve")
    assert ranked[0].reasons[0] == "nominatim result 1 of 2"
