"""Geocoders by name (geo.geocoders.registry): the offered backends, any geopy service, bad names."""

from __future__ import annotations

import pytest

import geo
import geo.geocoders
from geo.errors import InputError
from geo.gazetteer import Gazetteer
from geo.geocoders import answers, arcgis, geonames, nominatim, photon
from geo.geocoders.offline import GazetteerGeocoder
from geo.geocoders.online import OnlineGeocoder
from geo.geocoders.registry import BACKENDS, GEOCODERS, get_geocoder, service_for


def test_backends_offered_by_name() -> None:
    assert BACKENDS == ("offline", "nominatim", "photon", "arcgis")
    assert GEOCODERS == {"nominatim": nominatim.SERVICE, "photon": photon.SERVICE, "arcgis": arcgis.SERVICE}
    assert all(service.geopy_name == name for name, service in GEOCODERS.items())


def test_offline_is_the_gazetteer(gazetteer: Gazetteer) -> None:
    assert isinstance(get_geocoder("offline", gazetteer=gazetteer), GazetteerGeocoder)
    # online options mean nothing offline, and are not checked there
    assert isinstance(get_geocoder("offline", gazetteer=gazetteer, min_delay_seconds=-1), GazetteerGeocoder)


@pytest.mark.parametrize("name", ["nominatim", "photon", "arcgis"])
def test_online_backends_read_their_own_answers(gazetteer: Gazetteer, tmp_path, name: str) -> None:
    geocoder = get_geocoder(name, gazetteer=gazetteer, cache_dir=tmp_path)  # built, never called
    assert isinstance(geocoder, OnlineGeocoder) and isinstance(geocoder.fallback, GazetteerGeocoder)
    assert geocoder.name == name and geocoder.parse is GEOCODERS[name].parse
    assert geocoder.cache is not None and geocoder.cache.path.parent == tmp_path
    assert get_geocoder(name, gazetteer=gazetteer, fallback=False, cache=False).fallback is None


def test_services_with_an_account_and_any_other_geopy_service() -> None:
    assert service_for("geonames") is geonames.SERVICE
    assert all(
        service_for(name).parse is nominatim.parse for name in ("locationiq", "openmapquest", "pickpoint")
    )
    other = service_for("opencage")
    assert other.geopy_name == "opencage" and other.parse is answers.parse_location
    assert (other.min_delay_seconds, other.public_domain) == (1.0, None)


def test_a_service_that_needs_an_account_is_built_with_it(gazetteer: Gazetteer) -> None:
    geocoder = get_geocoder("geonames", gazetteer=gazetteer, username="frontline-tests", cache=False)
    assert geocoder.parse is geonames.parse and geocoder.min_delay_seconds == 1.0


def test_unknown_backend_or_bad_options_are_input_errors(gazetteer: Gazetteer) -> None:
    with pytest.raises(InputError, match="unknown geocoder 'nope'"):
        get_geocoder("nope", gazetteer=gazetteer)
    with pytest.raises(InputError, match="min_delay_seconds"):
        get_geocoder("nominatim", gazetteer=gazetteer, min_delay_seconds=-1, cache=False)
    with pytest.raises(InputError, match="min_delay_seconds"):
        get_geocoder("nominatim", gazetteer=gazetteer, min_delay_seconds=float("nan"), cache=False)
    with pytest.raises(InputError, match="cannot set up the photon geocoder"):
        get_geocoder("photon", gazetteer=gazetteer, cache=False, no_such_option=1)
    with pytest.raises(InputError, match="cannot set up the geonames geocoder"):
        get_geocoder("geonames", gazetteer=gazetteer, cache=False)  # no username


def test_the_packages_re_export_the_public_names() -> None:
    assert geo.geocoders.get_geocoder is get_geocoder and geo.get_geocoder is get_geocoder
    assert geo.OnlineGeocoder is OnlineGeocoder and geo.GazetteerGeocoder is GazetteerGeocoder
    assert geo.BACKENDS is BACKENDS and geo.GEOCODERS is GEOCODERS
