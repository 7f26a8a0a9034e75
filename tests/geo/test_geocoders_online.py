"""The online machinery (geo.geocoders.online): cache, fall back, cool-down, pause, bias; fakes only.

Never a live call: every geocoder here points at :class:`tests.geocoding_helpers.FakeNominatim`
(the vehicle: any geopy service goes through the same machinery), at a closed local port, or
uses a fake geopy adapter with no socket at all.
"""

from __future__ import annotations

import logging
import time

import pytest

from geo.errors import FrontlineError, GeocoderUnavailable, InputError
from geo.gazetteer import Gazetteer, haversine_km
from geo.geocache import GeoCache
from geo.geocoders.online import OnlineGeocoder, RequestSpacing, default_user_agent
from geo.geocoders.registry import get_geocoder
from tests.geocoding_helpers import box_around, closed_port, local_nominatim, photon_adapter_factory


def test_answers_are_cached_on_disk_including_not_found(gazetteer, server, tmp_path) -> None:
    geocoder = local_nominatim(gazetteer, server.domain, tmp_path)
    first = geocoder.geocode("Mariupol")
    assert geocoder.geocode("Nowhereville-on-Nothing") is None
    assert len(server.requests) == 2
    assert geocoder.geocode("Mariupol") == first
    assert geocoder.geocode("Nowhereville-on-Nothing") is None
    assert len(server.requests) == 2  # both answered from the cache
    again = local_nominatim(gazetteer, server.domain, tmp_path)  # a new process would see the same file
    assert again.geocode("Mariupol") == first
    assert len(server.requests) == 2
    assert len(GeoCache(tmp_path / "geocache.sqlite")) == 2


@pytest.mark.parametrize("mode", ["503", "502", "429", "500", "garbage"])
def test_service_errors_fall_back_to_the_gazetteer_and_are_not_cached(
    gazetteer, server, tmp_path, mode, caplog
) -> None:
    server.mode = mode
    geocoder = local_nominatim(gazetteer, server.domain, tmp_path)
    with caplog.at_level(logging.WARNING, logger="frontline.geocoders"):
        place = geocoder.geocode("Olenivka", near=gazetteer.get(709717))
    assert place.geonameid == 698614 and place.source == "geonames (nominatim unavailable)"
    assert "nominatim unavailable" in caplog.text and "using the offline gazetteer" in caplog.text
    best = geocoder.candidates("Olenivka")[0]
    assert best.reasons[0].startswith("nominatim unavailable (") and "offline gazetteer" in best.reasons[0]
    assert len(GeoCache(tmp_path / "geocache.sqlite")) == 0  # an error is never cached
    server.mode = "ok"
    recovered = local_nominatim(gazetteer, server.domain, tmp_path).geocode("Olenivka")
    assert recovered.source == "nominatim"


def test_connection_refused_falls_back(gazetteer, tmp_path) -> None:
    geocoder = local_nominatim(gazetteer, f"127.0.0.1:{closed_port()}", tmp_path)
    place = geocoder.geocode("Artemivsk")
    assert place.geonameid == 713174 and place.source == "geonames (nominatim unavailable)"
    assert geocoder.last_error == "GeocoderUnavailable: Connection refused"


def test_timeout_falls_back(gazetteer, server, tmp_path) -> None:
    server.mode, server.slow_seconds = "slow", 3.0
    geocoder = local_nominatim(gazetteer, server.domain, tmp_path, timeout=0.3)
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
    geocoder = local_nominatim(gazetteer, server.domain, tmp_path)
    for name in ("Debaltseve", "Mariupol", "Olenivka"):
        assert "unavailable" in geocoder.geocode(name).source
    assert len(server.requests) == 1  # a batch does not wait out one failure per name
    server.mode = "ok"
    geocoder.cooldown_seconds = 0.0
    geocoder._down_until = 0.0  # the cool-down is over
    assert geocoder.geocode("Debaltseve").source == "nominatim"
    assert len(server.requests) == 2


def test_without_fallback_a_failure_is_a_frontline_error(gazetteer, tmp_path) -> None:
    geocoder = local_nominatim(gazetteer, f"127.0.0.1:{closed_port()}", tmp_path, fallback=False)
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


def test_request_spacing_counts_from_the_end_of_the_previous_request() -> None:
    spacing = RequestSpacing(0.1)
    with spacing:
        pass
    done = time.monotonic()
    with spacing:
        started = time.monotonic()
    assert started - done >= 0.1


def test_online_bias_is_applied_locally(gazetteer, server, tmp_path) -> None:
    # The fake service lists the Olenivkas biggest first, whatever the bias; the adapter re-ranks
    # by distance and filters by country and box.
    geocoder = local_nominatim(gazetteer, server.domain, tmp_path)
    odesa_olenivka = gazetteer.get(688208)
    town = min(  # the nearest town of 10,000 or more to the Odesa-oblast Olenivka
        (p for p in gazetteer.places_in(odesa_olenivka.admin1_code) if p.population >= 10_000),
        key=lambda p: haversine_km(p.lat, p.lon, odesa_olenivka.lat, odesa_olenivka.lon),
    )
    place = geocoder.geocode("Olenivka", near=town)
    assert haversine_km(place.lat, place.lon, odesa_olenivka.lat, odesa_olenivka.lon) < 0.01
    params = server.requests[-1]["params"]
    assert "viewbox" in params and "bounded" not in params  # a preference, not a limit
    box = box_around(odesa_olenivka, 0.1)  # another Olenivka lies 0.3° from it
    ranked = geocoder.candidates("Olenivka", bbox=box)
    assert len(ranked) == 1 and server.requests[-1]["params"]["bounded"] == "1"
    assert geocoder.geocode("Donetsk", country_codes=["RU"]).country == "RU"
    assert server.requests[-1]["params"]["countrycodes"] == "ru"


@pytest.mark.parametrize("query", ["", "   ", "x" * 10_000, "\x00\x1f"])
def test_bad_input_never_reaches_the_service(gazetteer, server, tmp_path, query) -> None:
    geocoder = local_nominatim(gazetteer, server.domain, tmp_path)
    assert geocoder.geocode(query) is None
    assert server.requests == []
    with pytest.raises(InputError):
        geocoder.geocode(None)  # type: ignore[arg-type]


def test_corrupt_cache_is_discarded_with_a_warning(gazetteer, server, tmp_path, caplog) -> None:
    (tmp_path / "geocache.sqlite").write_bytes(b"this is not a database\n" * 200)
    geocoder = local_nominatim(gazetteer, server.domain, tmp_path)
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


def test_each_answer_is_read_by_the_geocoders_parser(gazetteer: Gazetteer, server, tmp_path) -> None:
    geocoder = local_nominatim(gazetteer, server.domain, tmp_path)
    read: list[dict] = []

    def parse(record, *, source):
        read.append(record)
        return None  # nothing usable: skipped

    geocoder.parse = parse
    assert geocoder.geocode("Olenivka") is None
    assert read and all({"address", "lat", "lon", "raw"} <= set(r) for r in read)


def test_user_agent_names_frontline_and_an_optional_contact(monkeypatch) -> None:
    from importlib.metadata import version

    monkeypatch.delenv("FRONTLINE_CONTACT", raising=False)
    assert default_user_agent().startswith(f"frontline/{version('frontline')} (")
    monkeypatch.setenv("FRONTLINE_CONTACT", "maps@example.org")
    assert default_user_agent() == f"frontline/{version('frontline')} (+maps@example.org)"


def test_repr_names_the_service_and_its_domain(gazetteer, server, tmp_path) -> None:
    geocoder = local_nominatim(gazetteer, server.domain, tmp_path)
    assert isinstance(geocoder, OnlineGeocoder)
    assert repr(geocoder) == f"OnlineGeocoder('nominatim', domain={server.domain!r})"


def test_a_public_instance_is_never_asked_more_often_than_its_policy_allows(
    gazetteer, server, tmp_path
) -> None:
    public = get_geocoder(
        "nominatim", gazetteer=gazetteer, min_delay_seconds=0.05, cache=False
    )  # built, not called
    assert public.min_delay_seconds == 1.0
    assert get_geocoder("nominatim", gazetteer=gazetteer, cache=False).min_delay_seconds >= 1.0
    assert (
        get_geocoder("photon", gazetteer=gazetteer, min_delay_seconds=0, cache=False).min_delay_seconds == 1.0
    )
    own = local_nominatim(
        gazetteer, server.domain, tmp_path, min_delay_seconds=0.05
    )  # a self-hosted instance
    assert own.min_delay_seconds == 0.05
