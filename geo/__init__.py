"""Frontline's geo layer: gazetteer, name normalisation, geocoders and the geoparser.

Text → :class:`Mention` spans → resolved :class:`Place` objects. This package never imports
``layers`` (maps) or streamlit. Public names are re-exported here and imported lazily, so that
``import geo.names`` does not pay for geopy or the geoparser.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

#: Public name -> the module that defines it.
_EXPORTS = {
    "Candidate": "geo.model",
    "Mention": "geo.model",
    "Place": "geo.model",
    "AnnotationError": "geo.errors",
    "CorrectionsError": "geo.errors",
    "FrontlineError": "geo.errors",
    "GazetteerError": "geo.errors",
    "GeocoderUnavailable": "geo.errors",
    "GeocodingError": "geo.errors",
    "InputError": "geo.errors",
    "fold": "geo.names",
    "skeleton": "geo.names",
    "Gazetteer": "geo.gazetteer",
    "default_cache_dir": "geo.gazetteer",
    "haversine_km": "geo.gazetteer",
    "country_outline": "geo.outlines",
    "BACKENDS": "geo.geocoders",
    "GEOCODERS": "geo.geocoders",
    "GazetteerGeocoder": "geo.geocoders",
    "Geocoder": "geo.geocoders",
    "get_geocoder": "geo.geocoders",
    "OnlineGeocoder": "geo.geocoders",
    "geoparse": "geo.geoparser",
    "sentence_span": "geo.geoparser",
    "clear_caches": "geo.geoparser",
    "Correction": "geo.corrections",
    "CorrectionStore": "geo.corrections",
    "apply_corrections": "geo.corrections",
}

__all__ = sorted(_EXPORTS)

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from geo.corrections import Correction, CorrectionStore, apply_corrections
    from geo.errors import (
        AnnotationError,
        CorrectionsError,
        FrontlineError,
        GazetteerError,
        GeocoderUnavailable,
        GeocodingError,
        InputError,
    )
    from geo.gazetteer import Gazetteer, default_cache_dir, haversine_km
    from geo.geocoders import BACKENDS, GEOCODERS, GazetteerGeocoder, Geocoder, OnlineGeocoder, get_geocoder
    from geo.geoparser import clear_caches, geoparse, sentence_span
    from geo.model import Candidate, Mention, Place
    from geo.names import fold, skeleton
    from geo.outlines import country_outline


def __getattr__(name: str) -> Any:
    try:
        module = _EXPORTS[name]
    except KeyError:
        raise AttributeError(f"module 'geo' has no attribute {name!r}") from None
    return getattr(importlib.import_module(module), name)


def __dir__() -> list[str]:
    return __all__
