"""Faults of an online geocoder, through the real geopy Nominatim adapter against 127.0.0.1.

For every fault in :data:`FAULTS` (timeouts, 429 with Retry-After, 5xx, malformed or wrongly
shaped JSON, a captive-portal page, a reset or refused connection):

* the answer is the offline gazetteer's (the same place, marked "(nominatim unavailable)");
* nothing is cached, so once the service recovers its own answer is used (the cache is not
  poisoned with an error);
* a batch of names sends one request, not one per name (the service rests after a failure),
  and a ``Retry-After`` longer than the cool-down is honoured.

``tests/geo/test_online.py`` covers the basic modes one by one; this file sweeps all of them with
one check, and ``python -m benchmarks robustness`` counts both files' results as "faults survived".
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from geo.geocache import GeoCache
from geo.geocoders import GazetteerGeocoder, OnlineGeocoder, get_geocoder
from tests.geocoding_helpers import closed_port
from tests.robustness.faults import FAULTS, FaultyNominatim

pytestmark = pytest.mark.slow

NAMES = ("Mariupol", "Debaltseve", "Artemivsk", "Luhanske", "Horlivka")


@pytest.fixture()
def server(gazetteer) -> Iterator[FaultyNominatim]:
    fake = FaultyNominatim(gazetteer)
    try:
        yield fake
    finally:
        fake.close()


def nominatim(gazetteer, domain: str, cache_dir: Path, **options: object) -> OnlineGeocoder:
    """The real geopy Nominatim class pointed at a local address, with a short timeout."""
    options = {"min_delay_seconds": 0.0, "timeout": 0.5, **options}
    geocoder = get_geocoder("nominatim", gazetteer=gazetteer, domain=domain, scheme="http",
                            cache_dir=cache_dir, **options)  # fmt: skip
    assert isinstance(geocoder, OnlineGeocoder)
    return geocoder


@pytest.mark.parametrize("fault", FAULTS)
def test_every_fault_falls_back_without_poisoning_the_cache(gazetteer, server, tmp_path, fault) -> None:
    server.mode, server.slow_seconds = fault, 1.5
    domain = f"127.0.0.1:{closed_port()}" if fault == "refused" else server.domain
    geocoder = nominatim(gazetteer, domain, tmp_path)
    offline = GazetteerGeocoder(gazetteer)
    answers = [geocoder.geocode(name) for name in NAMES]
    for name, place in zip(NAMES, answers, strict=True):
        expected = offline.geocode(name)
        assert place is not None and place.geonameid == expected.geonameid, (fault, name)
        assert place.source == "geonames (nominatim unavailable)"
    assert len(server.requests) == (0 if fault == "refused" else 1)  # one failure, not one per name
    assert geocoder.last_error
    assert len(GeoCache(tmp_path / "geocache.sqlite")) == 0  # an error is never cached
    # The service recovers: a new session asks it again and gets its own answer.
    server.mode = "ok"
    recovered = nominatim(gazetteer, server.domain, tmp_path).geocode("Mariupol")
    assert recovered.source == "nominatim" and recovered.geonameid is None
    assert len(GeoCache(tmp_path / "geocache.sqlite")) == 1


def test_retry_after_longer_than_the_cool_down_is_honoured(gazetteer, server, tmp_path) -> None:
    server.mode, server.retry_after = "429-retry", 30
    geocoder = nominatim(gazetteer, server.domain, tmp_path)
    geocoder.cooldown_seconds = 1.0
    geocoder.geocode("Mariupol")
    resting = geocoder._down_until - time.monotonic()
    assert 28 < resting <= 30, resting
    server.mode = "ok"
    time.sleep(1.2)  # past the cool-down, not past Retry-After
    assert "unavailable" in geocoder.geocode("Debaltseve").source
    assert len(server.requests) == 1  # nothing was sent before the service said we may


def test_requests_are_spaced_by_the_rate_limit(gazetteer, server, tmp_path) -> None:
    """Measured where it matters, at the server: 0.3 s between requests, none skipped."""
    geocoder = nominatim(gazetteer, server.domain, tmp_path, min_delay_seconds=0.3)
    for name in (*NAMES, "Mariupol"):
        assert geocoder.geocode(name).source == "nominatim"
    times = [r["time"] for r in server.requests]
    assert len(times) == len(NAMES)  # the repeat came from the cache
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    assert min(gaps) >= 0.3 - 0.01, gaps


def test_a_point_less_answer_is_not_cached_as_not_found(gazetteer, server, tmp_path) -> None:
    """Geopy reads a JSON object without coordinates as a result at (0, 0); that is an error."""
    server.mode = "object"
    geocoder = nominatim(gazetteer, server.domain, tmp_path)
    place = geocoder.geocode("Mariupol")
    assert (place.lat, place.lon) != (0.0, 0.0) and "unavailable" in place.source
    assert geocoder.last_error.startswith("ValueError: an answer without any point")
