"""Errors raised by Frontline.

Tree::

    FrontlineError
    ├── InputError (ValueError)          bad user input: empty, too large, undecodable
    ├── GazetteerError                   the gazetteer index cannot be built or read
    ├── CorrectionsError                 the corrections file cannot be used (corrupt ones are quarantined)
    ├── GeocodingError
    │   └── GeocoderUnavailable          an online service failed (network, quota, 5xx)
    └── AnnotationError (ValueError)     a curated data file is malformed

"Not found" is never an exception: lookups return ``None`` or an empty list.
"""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "AnnotationError",
    "CorrectionsError",
    "FrontlineError",
    "GazetteerError",
    "GeocoderUnavailable",
    "GeocodingError",
    "InputError",
]


class FrontlineError(Exception):
    """Base class of every error Frontline raises on purpose."""


class InputError(FrontlineError, ValueError):
    """User input that cannot be processed (empty, too large, wrong encoding)."""


class GazetteerError(FrontlineError):
    """The gazetteer index could not be built, opened or read."""


class CorrectionsError(FrontlineError):
    """The corrections file cannot be read or written, or was corrupt and has been moved aside."""

    def __init__(self, message: str, *, quarantined: Path | None = None) -> None:
        super().__init__(message)
        self.quarantined = quarantined


class GeocodingError(FrontlineError):
    """A geocoder could not answer a query."""


class GeocoderUnavailable(GeocodingError):
    """An online geocoding service is unreachable or refused the request."""


class AnnotationError(FrontlineError, ValueError):
    """A curated annotation file (events, routes, front lines) is malformed."""
