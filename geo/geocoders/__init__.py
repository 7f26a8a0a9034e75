"""Geocoders: one protocol, an offline default and online services behind the same shape.

Laid out as geopy lays out its own geocoders; each module imports only those above it here:

* :mod:`~geo.geocoders.base` — the :class:`Geocoder` protocol, :class:`RankingGeocoder` (``geocode``
  is the first of the ranked ``candidates``), :class:`OnlineService` (a service and how to read
  its answers) and :class:`GeocoderOptions` (how an online geocoder is built);
* :mod:`~geo.geocoders.offline` — :class:`GazetteerGeocoder`, the GeoNames gazetteer ranked;
* :mod:`~geo.geocoders.answers` — one result of a service into a :class:`~geo.model.Place`;
* :mod:`~geo.geocoders.online` — :class:`OnlineGeocoder`: any geopy geocoder with a user
  agent, a pause between requests, an on-disk cache and a fall back to the gazetteer on failure;
* one module per service, each reading its own answer: :mod:`~geo.geocoders.nominatim`,
  :mod:`~geo.geocoders.photon`, :mod:`~geo.geocoders.arcgis`, :mod:`~geo.geocoders.geonames`;
* :mod:`~geo.geocoders.registry` — :func:`get_geocoder` by name, :data:`GEOCODERS`, :data:`BACKENDS`.

geopy is imported only when an online geocoder is built, so the offline path never pays for it.
Scoring, bias and argument checks shared by all geocoders are in :mod:`geo.ranking`.
"""

from __future__ import annotations

from geo.geocoders.base import Geocoder, GeocoderOptions, OnlineService, RankingGeocoder
from geo.geocoders.offline import GazetteerGeocoder
from geo.geocoders.online import OnlineGeocoder, default_user_agent
from geo.geocoders.registry import BACKENDS, GEOCODERS, get_geocoder, service_for
from geo.ranking import BBox, confidence

__all__ = [
    "BACKENDS",
    "GEOCODERS",
    "BBox",
    "GazetteerGeocoder",
    "Geocoder",
    "GeocoderOptions",
    "OnlineGeocoder",
    "OnlineService",
    "RankingGeocoder",
    "confidence",
    "default_user_agent",
    "get_geocoder",
    "service_for",
]
