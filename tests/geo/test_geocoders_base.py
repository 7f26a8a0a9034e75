"""The geocoder protocol and base class (geo.geocoders.base), and each module's public names."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import geo.geocoders
from geo.gazetteer import Gazetteer
from geo.geocoders.base import Geocoder, GeocoderOptions, RankingGeocoder
from geo.geocoders.offline import GazetteerGeocoder
from geo.geocoders.registry import get_geocoder
from geo.model import Candidate, Place

MODULES = ["geo.geocoders"] + [
    f"geo.geocoders.{m.name}" for m in pkgutil.iter_modules(geo.geocoders.__path__)
]


class _Listed(RankingGeocoder):
    """Ranks a fixed list, recording what it was asked."""

    def __init__(self, places: list[Place]) -> None:
        self.places = places
        self.asked: list[tuple[str, dict]] = []

    def candidates(self, query: str, **bias: object) -> list[Candidate]:
        self.asked.append((query, bias))
        return [
            Candidate(place=p, score=1.0 / (i + 1), matched_name=query) for i, p in enumerate(self.places)
        ]


def test_geocode_is_the_first_candidate() -> None:
    first, second = Place("A", 1.0, 2.0), Place("B", 3.0, 4.0)
    geocoder = _Listed([first, second])
    box = (0.0, 0.0, 5.0, 5.0)
    assert geocoder.geocode("x", near=second, country_codes=["UA"], bbox=box) is first
    assert geocoder.asked == [("x", {"near": second, "country_codes": ["UA"], "bbox": box})]
    assert _Listed([]).geocode("x") is None
    assert isinstance(geocoder, Geocoder)


def test_the_base_class_ranks_nothing() -> None:
    with pytest.raises(NotImplementedError):
        RankingGeocoder().geocode("Debaltseve")


def test_offline_and_online_geocoders_follow_the_protocol(gazetteer: Gazetteer) -> None:
    assert isinstance(GazetteerGeocoder(gazetteer), Geocoder)
    online = get_geocoder("photon", gazetteer=gazetteer, cache=False)  # built, never called
    assert isinstance(online, Geocoder)
    assert not isinstance(object(), Geocoder)


def test_options_default_to_a_polite_cached_geocoder_with_a_fallback() -> None:
    options = GeocoderOptions()
    assert (options.cache, options.fallback, options.timeout) == (True, True, 5.0)
    assert options.min_delay_seconds is None and options.user_agent is None
    assert dict(options.service_options) == {}


def test_options_from_keywords_leave_the_rest_to_the_service() -> None:
    options = GeocoderOptions.from_keywords(timeout=2, fallback=False, domain="localhost:8080", scheme="http")
    assert (options.timeout, options.fallback, options.cache) == (2, False, True)
    assert dict(options.service_options) == {"domain": "localhost:8080", "scheme": "http"}


def test_every_module_is_listed() -> None:
    names = {m.rsplit(".", 1)[-1] for m in MODULES}
    assert {
        "base",
        "offline",
        "online",
        "answers",
        "registry",
        "nominatim",
        "photon",
        "arcgis",
        "geonames",
    } <= names


@pytest.mark.parametrize("name", MODULES)
def test_exports(name: str) -> None:
    module = importlib.import_module(name)
    assert all(hasattr(module, export) for export in module.__all__)
    defined = {
        k for k, v in vars(module).items() if not k.startswith("_") and getattr(v, "__module__", "") == name
    }
    assert defined <= set(module.__all__), defined - set(module.__all__)
