"""The geopy adapter, against fake services only (a server on 127.0.0.1, a fake adapter).

Never a live call: every geocoder here points at :class:`tests.geocoding_fakes.FakeNominatim`,
at a closed local port, or uses a fake geopy adapter with no socket at all.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from geo.errors import FrontlineError, GeocoderUnavailable, InputError
from geo.gazetteer import Gazetteer, haversine_km
from geo.geocache import GeoCache
from geo.geocoders import GazetteerGeocoder, Geocoder, get_geocoder
from geo.online import OnlineGeocoder, default_user_agent, location_to_place
from tests.geocoding_helpers import (
    ORACLE_ROWS,
    FakeNominatim,
    box_around,
    closed_port,
    photon_adapter_factory,
)

POINTS = {int(r["geonameid"]): (float(r["lat"]), float(r["lon"])) for r in ORACLE_ROWS}


@pytest.fixture()
def server(gazetteer: Gazetteer) -> Iterator[FakeNominatim]:
    fake = FakeNominatim(gazetteer)
    try:
        yield fake
    finally:
        fake.close()


def nominatim(gazetteer: Gazetteer, domain: str, cache_dir: Path, **kwargs: object) -> OnlineGeocoder:
    """The real geopy Nominatim class pointed at a local address."""
    kwargs.setdefault("min_delay_seconds", 0.0)
    geocoder = get_geocoder(
        "nominatim", gazetteer=gazetteer, domain=domain, scheme="http", cache_dir=cache_dir, **kwargs
    )
    assert isinstance(geocoder, OnlineGeocoder)
    return geocoder


def near_km(place, geonameid: int) -> float:
    return haversine_km(place.lat, place.lon, *POINTS[geonameid])


def test_success_maps_the_answer_and_identifies_itself(gazetteer, server, tmp_path) -> None:
    geocoder = nominatim(gazetteer, server.domain, tmp_path)
    place = geocoder.geocode("Debaltseve")
    assert place is not None and place.source == "nominatim"
    assert near_km(place, 710229) < 0.01
    assert (place.country, place.admin1, place.kind) == ("UA", "Donetska oblast", "settlement")
    (request,) = server.requests
    assert request["params"]["q"] == "Debaltseve" and request["params"]["addressdetails"] == "1"
    assert request["user_agent"] == default_user_agent()
    assert request["user_agent"].startswith("frontline/") and "python-requests" not in request["user_agent"]
    ranked = geocoder.candidates("Debaltseve")
    assert ranked[0].reasons[0] == "nominatim result 1 of 2"


def test_answers_are_cached_on_disk_including_not_found(gazetteer, server, tmp_path) -> None:
    geocoder = nominatim(gazetteer, server.domain, tmp_path)
    first = geocoder.geocode("Mariupol")
    assert geocoder.geocode("Nowhereville-on-Nothing") is None
    assert len(server.requests) == 2
    assert geocoder.geocode("Mariupol") == first
    assert geocoder.geocode("Nowhereville-on-Nothing") is None
    assert len(server.requests) == 2  # both answered from the cache
    again = nominatim(gazetteer, server.domain, tmp_path)  # a new process would see the same file
    assert again.geocode("Mariupol") == first
    assert len(server.requests) == 2
    assert len(GeoCache(tmp_path / "geocache.sqlite")) == 2


@pytest.mark.parametrize("mode", ["503", "502", "429", "500", "garbage"])
def test_service_errors_fall_back_to_the_gazetteer_and_are_not_cached(
    gazetteer, server, tmp_path, mode, caplog
) -> None:
    server.mode = mode
    geocoder = nominatim(gazetteer, server.domain, tmp_path)
    with caplog.at_level(logging.WARNING, logger="frontline.geocoders"):
        place = geocoder.geocode("Olenivka", near=gazetteer.get(709717))
    assert place.geonameid == 698614 and place.source == "geonames (nominatim unavailable)"
    assert "nominatim unavailable" in caplog.text and "using the offline gazetteer" in caplog.text
    best = geocoder.candidates("Olenivka")[0]
    assert best.reasons[0].startswith("nominatim unavailable (") and "offline gazetteer" in best.reasons[0]
    assert len(GeoCache(tmp_path / "geocache.sqlite")) == 0  # an error is never cached
    server.mode = "ok"
    recovered = nominatim(gazetteer, server.domain, tmp_path).geocode("Olenivka")
    assert recovered.source == "nominatim"


def test_connection_refused_falls_back(gazetteer, tmp_path) -> None:
    geocoder = nominatim(gazetteer, f"127.0.0.1:{closed_port()}", tmp_path)
    place = geocoder.geocode("Artemivsk")
    assert place.geonameid == 713174 and place.source == "geonames (nominatim unavailable)"
    assert geocoder.last_error == "GeocoderUnavailable: Connection refused"


def test_timeout_falls_back(gazetteer, server, tmp_path) -> None:
    server.mode, server.slow_seconds = "slow", 3.0
    geocoder = nominatim(gazetteer, server.domain, tmp_path, timeout=0.3)
    place = geocoder.geocode("Mariupol")
    assert place.geonameid == 701822 and "unavailable" in place.source
    assert geocoder.last_error.startswith("GeocoderTimedOut")
    # On a loaded machine the server's thread may read the request after the client gave up on it:
    # wait until it has, then see that the HTTP library sent it once, with no silent re-sending.
    deadline = time.monotonic() + 5.0
    while not server.requests and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)
    assert len(server.requests) == 1


def test_after_a_failure_the_service_rests(gazetteer, server, tmp_path) -> None:
    server.mode = "503"
    geocoder = nominatim(gazetteer, server.domain, tmp_path)
    for name in ("Debaltseve", "Mariupol", "Olenivka"):
        assert "unavailable" in geocoder.geocode(name).source
    assert len(server.requests) == 1  # a batch does not wait out one failure per name
    server.mode = "ok"
    geocoder.cooldown_seconds = 0.0
    geocoder._down_until = 0.0  # the cool-down is over
    assert geocoder.geocode("Debaltseve").source == "nominatim"
    assert len(server.requests) == 2


def test_without_fallback_a_failure_is_a_frontline_error(gazetteer, tmp_path) -> None:
    geocoder = nominatim(gazetteer, f"127.0.0.1:{closed_port()}", tmp_path, fallback=False)
    with pytest.raises(GeocoderUnavailable, match="nominatim is unavailable") as info:
        geocoder.geocode("Debaltseve")
    assert isinstance(info.value, FrontlineError)


def test_rate_limiter_spaces_requests(gazetteer, tmp_path) -> None:
    adapter = photon_adapter_factory(gazetteer)
    geocoder = get_geocoder(  # a self-hosted Photon (the public one gets at least 1 s)
        "photon",
        gazetteer=gazetteer,
        adapter_factory=adapter,
        cache_dir=tmp_path,
        min_delay_seconds=0.2,
        domain="photon.invalid",
    )
    assert geocoder.min_delay_seconds == 0.2
    for name in ("Debaltseve", "Mariupol", "Luhanske", "Mariupol"):
        geocoder.geocode(name)
    times = [t for t, _ in adapter.calls]
    assert len(times) == 3  # the repeated name came from the cache, without waiting
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    # The pause counts from the end of the previous answer, so the adapter-side gaps are at least
    # the delay; the last of them sees the whole delay and no more than a loaded machine adds.
    assert all(gap >= 0.2 for gap in gaps), gaps


def test_public_nominatim_is_never_asked_more_than_once_a_second(gazetteer, server, tmp_path) -> None:
    public = get_geocoder(
        "nominatim", gazetteer=gazetteer, min_delay_seconds=0.05, cache=False
    )  # built, not called
    assert public.min_delay_seconds == 1.0
    assert get_geocoder("nominatim", gazetteer=gazetteer, cache=False).min_delay_seconds >= 1.0
    assert (
        get_geocoder("photon", gazetteer=gazetteer, min_delay_seconds=0, cache=False).min_delay_seconds == 1.0
    )
    own = nominatim(gazetteer, server.domain, tmp_path, min_delay_seconds=0.05)  # a self-hosted instance
    assert own.min_delay_seconds == 0.05


def test_any_geopy_geocoder_through_an_adapter_factory(gazetteer, tmp_path) -> None:
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
    assert near_km(place, 702684) < 0.01
    donetsk = gazetteer.get(709717)
    assert "lat=" not in adapter.calls[0][1]  # no bias asked, none sent
    geocoder.geocode("Olenivka", near=donetsk)
    assert "lat=48.023" in adapter.calls[-1][1] and "lon=37.80224" in adapter.calls[-1][1]
    adapter.fail = True
    fallback = geocoder.geocode("Mariupol")
    assert fallback.geonameid == 701822 and fallback.source == "geonames (photon unavailable)"


def test_online_bias_is_applied_locally(gazetteer, server, tmp_path) -> None:
    # The fake service lists the Olenivkas biggest first, whatever the bias; the adapter re-ranks
    # by distance and filters by country and box.
    geocoder = nominatim(gazetteer, server.domain, tmp_path)
    odesa_olenivka = gazetteer.get(688208)
    town = min(  # the nearest town of 10,000 or more to the Odesa-oblast Olenivka
        (p for p in gazetteer.places_in(odesa_olenivka.admin1_code) if p.population >= 10_000),
        key=lambda p: haversine_km(p.lat, p.lon, odesa_olenivka.lat, odesa_olenivka.lon),
    )
    place = geocoder.geocode("Olenivka", near=town)
    assert haversine_km(place.lat, place.lon, odesa_olenivka.lat, odesa_olenivka.lon) < 0.01
    params = server.requests[-1]["params"]
    assert "viewbox" in params and "bounded" not in params  # a preference, not a limit
    box = box_around(odesa_olenivka)
    ranked = geocoder.candidates("Olenivka", bbox=box)
    assert len(ranked) == 1 and server.requests[-1]["params"]["bounded"] == "1"
    assert geocoder.geocode("Donetsk", country_codes=["RU"]).country == "RU"
    assert server.requests[-1]["params"]["countrycodes"] == "ru"


@pytest.mark.parametrize("query", ["", "   ", "x" * 10_000, "\x00\x1f"])
def test_bad_input_never_reaches_the_service(gazetteer, server, tmp_path, query) -> None:
    geocoder = nominatim(gazetteer, server.domain, tmp_path)
    assert geocoder.geocode(query) is None
    assert server.requests == []
    with pytest.raises(InputError):
        geocoder.geocode(None)  # type: ignore[arg-type]


def test_corrupt_cache_is_discarded_with_a_warning(gazetteer, server, tmp_path, caplog) -> None:
    (tmp_path / "geocache.sqlite").write_bytes(b"this is not a database\n" * 200)
    geocoder = nominatim(gazetteer, server.domain, tmp_path)
    with caplog.at_level(logging.WARNING, logger="frontline.geocache"):
        assert geocoder.geocode("Mariupol").source == "nominatim"
    assert "is damaged" in caplog.text and "discarding it" in caplog.text
    assert geocoder.geocode("Mariupol").source == "nominatim"
    assert len(server.requests) == 1  # the rebuilt cache works


def test_unreadable_cache_entry_is_a_miss(tmp_path, caplog) -> None:
    cache = GeoCache(tmp_path / "c.sqlite")
    cache.put("k", [{"a": 1}])
    cache._run("UPDATE answers SET value = '{broken'")
    with caplog.at_level(logging.WARNING, logger="frontline.geocache"):
        assert cache.get("k") is None
    assert "unreadable entry" in caplog.text and len(cache) == 0


def test_unknown_backend_or_bad_options_are_input_errors(gazetteer) -> None:
    with pytest.raises(InputError, match="unknown geocoder 'nope'"):
        get_geocoder("nope", gazetteer=gazetteer)
    with pytest.raises(InputError, match="min_delay_seconds"):
        get_geocoder("nominatim", gazetteer=gazetteer, min_delay_seconds=-1, cache=False)
    with pytest.raises(InputError, match="cannot set up the photon geocoder"):
        get_geocoder("photon", gazetteer=gazetteer, cache=False, no_such_option=1)


def test_user_agent_names_frontline_and_an_optional_contact(monkeypatch) -> None:
    from importlib.metadata import version

    monkeypatch.delenv("FRONTLINE_CONTACT", raising=False)
    assert default_user_agent().startswith(f"frontline/{version('frontline')} (")
    monkeypatch.setenv("FRONTLINE_CONTACT", "maps@example.org")
    assert default_user_agent() == f"frontline/{version('frontline')} (+maps@example.org)"


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        # Nominatim with addressdetails
        (
            {
                "address": "Bakhmut, Donetsk Oblast, Ukraine",
                "lat": 48.6,
                "lon": 38.0,
                "raw": {
                    "name": "Bakhmut",
                    "addresstype": "town",
                    "address": {"state": "Donetsk Oblast", "country_code": "ua"},
                },
            },
            ("Bakhmut", "settlement", "UA", "Donetsk Oblast", None),
        ),
        # GeoNames' own web service
        (
            {
                "address": "Bakhmut",
                "lat": "48.6",
                "lon": "38.0",
                "raw": {
                    "name": "Bakhmut",
                    "fcl": "P",
                    "countryCode": "UA",
                    "adminName1": "Donetsk",
                    "geonameId": 713174,
                },
            },
            ("Bakhmut", "settlement", "UA", "Donetsk", 713174),
        ),
        # ArcGIS: no country code or kind in the default answer
        (
            {"address": "Bakhmut, Donetsk, UKR", "lat": 48.6, "lon": 38.0, "raw": {"address": "Bakhmut"}},
            ("Bakhmut", "other", None, None, None),
        ),
    ],
)
def test_location_to_place(record: dict, expected: tuple) -> None:
    place = location_to_place(record, source="x")
    assert (place.name, place.kind, place.country, place.admin1, place.geonameid) == expected


@pytest.mark.parametrize(
    "record", [{}, {"lat": "north", "lon": 1}, {"lat": 91, "lon": 0}, {"lat": None, "lon": None}]
)
def test_location_without_valid_coordinates_is_skipped(record: dict) -> None:
    assert location_to_place(record, source="x") is None


def test_online_geocoder_is_a_geocoder(gazetteer, tmp_path) -> None:
    geocoder = get_geocoder("arcgis", gazetteer=gazetteer, cache_dir=tmp_path)  # built, never called
    assert isinstance(geocoder, Geocoder) and isinstance(geocoder.fallback, GazetteerGeocoder)
