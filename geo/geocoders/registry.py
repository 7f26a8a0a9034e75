"""Geocoders by name: the offline one, the online backends offered, and any other geopy service.

:func:`get_geocoder` finds a geocoder the way geopy's ``get_geocoder_for_service`` finds a class:
``"offline"`` is the gazetteer (:mod:`geo.geocoders.offline`); a name of :data:`GEOCODERS` is an
online backend offered to users; any other geopy service name also works, given the options it
needs (an ``api_key``, a ``username``, …), its answers read by its own module where Frontline has
one (GeoNames, Nominatim's clones) and by address and point only otherwise.
"""

from __future__ import annotations

from typing import Any

from geo.gazetteer import Gazetteer
from geo.geocoders import arcgis, geonames, nominatim, photon
from geo.geocoders.answers import parse_location
from geo.geocoders.base import GeocoderOptions, OnlineService
from geo.geocoders.offline import GazetteerGeocoder
from geo.geocoders.online import OnlineGeocoder, build_online_geocoder

__all__ = ["BACKENDS", "GEOCODERS", "get_geocoder", "service_for"]

#: Online backends offered by name (``frontline geocode --backend``): services that need no API key.
GEOCODERS: dict[str, OnlineService] = {
    "nominatim": nominatim.SERVICE,
    "photon": photon.SERVICE,
    "arcgis": arcgis.SERVICE,
}

#: Every name ``get_geocoder`` accepts without further options.
BACKENDS: tuple[str, ...] = ("offline", *GEOCODERS)

#: Services Frontline reads field by field that need an account, so are not offered by name.
_WITH_ACCOUNT: dict[str, OnlineService] = {"geonames": geonames.SERVICE, **nominatim.CLONES}


def service_for(name: str) -> OnlineService:
    """Return the geopy service called ``name`` and how to read its answers.

    A service Frontline has no module for is read by address and point only
    (:func:`geo.geocoders.answers.parse_location`); whether geopy knows it is checked when
    the geocoder is built.
    """
    return GEOCODERS.get(name) or _WITH_ACCOUNT.get(name) or OnlineService(name, parse_location)


def get_geocoder(name: str, *, gazetteer: Gazetteer, **options: Any) -> GazetteerGeocoder | OnlineGeocoder:
    """Build a geocoder by name, the way geopy's ``get_geocoder_for_service`` finds a class.

    Parameters
    ----------
    name
        ``"offline"`` (the gazetteer), a key of :data:`GEOCODERS`, or any geopy service name.
    gazetteer
        The offline gazetteer: the answer when ``name`` is ``"offline"``, the fallback otherwise.
    **options
        How an online geocoder is built and behaves, the fields of :class:`GeocoderOptions`
        (``user_agent``, ``adapter_factory``, ``cache_dir``, ``cache``, ``min_delay_seconds``,
        ``timeout``, ``fallback``); any other keyword is passed to the geopy class (``domain``,
        ``scheme``, ``api_key``, …). The offline geocoder takes none.

    Raises
    ------
    InputError
        When ``name`` is not a known backend or geopy service, or the options are refused.
    """
    offline = GazetteerGeocoder(gazetteer)
    if name == "offline":
        return offline
    settings = GeocoderOptions.from_keywords(**options)
    return build_online_geocoder(
        name, service_for(name), settings, fallback=offline if settings.fallback else None
    )
