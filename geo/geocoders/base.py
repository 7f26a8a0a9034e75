"""What every geocoder is: the :class:`Geocoder` protocol, its base class and an online service's record.

A geocoder turns a place name into ranked :class:`~geo.model.Candidate` places (geopy's
``geocode``, plus the candidates with the reasons for their rank). :class:`RankingGeocoder`
derives ``geocode`` from ``candidates``; the offline geocoder (:mod:`geo.geocoders.offline`) and
the online one (:mod:`geo.geocoders.online`) subclass it. :class:`OnlineService` is what a
service module (:mod:`geo.geocoders.nominatim`, …) declares about its service, and
:class:`GeocoderOptions` how :func:`geo.geocoders.get_geocoder` builds an online geocoder.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from geo.model import Candidate, Place
from geo.ranking import BBox

__all__ = [
    "AnswerParser",
    "Geocoder",
    "GeocoderOptions",
    "OnlineService",
    "RankingGeocoder",
]


@runtime_checkable
class Geocoder(Protocol):
    """Anything that turns a place name into a :class:`Place` (geopy's shape, with ranked candidates)."""

    def geocode(
        self,
        query: str,
        *,
        near: Place | None = None,
        country_codes: Sequence[str] = (),
        bbox: BBox | None = None,
    ) -> Place | None:
        """Return the best place for ``query``, or None when nothing matches."""
        ...

    def candidates(
        self,
        query: str,
        *,
        near: Place | None = None,
        country_codes: Sequence[str] = (),
        bbox: BBox | None = None,
    ) -> list[Candidate]:
        """Return the places considered for ``query``, best first, each with its reasons."""
        ...


class RankingGeocoder:
    """Base of Frontline's geocoders: ``geocode`` is the first of the ranked ``candidates``."""

    def geocode(
        self,
        query: str,
        *,
        near: Place | None = None,
        country_codes: Sequence[str] = (),
        bbox: BBox | None = None,
    ) -> Place | None:
        """Return the best-ranked place for ``query``, or None (see ``candidates``)."""
        ranked = self.candidates(query, near=near, country_codes=country_codes, bbox=bbox)
        return ranked[0].place if ranked else None

    def candidates(
        self,
        query: str,
        *,
        near: Place | None = None,
        country_codes: Sequence[str] = (),
        bbox: BBox | None = None,
    ) -> list[Candidate]:
        """Return the places considered for ``query``, best first."""
        raise NotImplementedError


class AnswerParser(Protocol):
    """Reads one result of a service into a :class:`Place` (None when it has no valid point)."""

    def __call__(self, record: Mapping[str, Any], *, source: str) -> Place | None:
        """Map ``{"address", "lat", "lon", "raw"}`` (geopy's Location, cached as JSON) to a place."""
        ...


@dataclass(frozen=True, slots=True)
class OnlineService:
    """A geopy service, how to read its answers and the politeness its public instance requires."""

    geopy_name: str  # key of geopy's SERVICE_TO_GEOCODER
    parse: AnswerParser  # one result (geopy's Location as JSON) -> Place
    min_delay_seconds: float = 1.0  # between requests to the public instance
    public_domain: str | None = None  # the rate limit is a floor only for this domain


@dataclass(frozen=True, slots=True)
class GeocoderOptions:
    """How an online geocoder is built: the keyword options of :func:`geo.geocoders.get_geocoder`.

    Attributes
    ----------
    user_agent
        Sent with every request; None for ``frontline/<version> (…)``.
    adapter_factory
        geopy's HTTP adapter factory, for tests and custom transports; None for geopy's
        requests adapter without silent retries.
    cache_dir, cache
        Where the on-disk answer cache lives (None: the gazetteer's cache directory), and
        whether to use one.
    min_delay_seconds
        Seconds between requests (None: the service's); never below the public service's
        policy for its own domain.
    timeout
        Seconds to wait for an answer.
    fallback
        Answer from the gazetteer when the service fails (else raise ``GeocoderUnavailable``).
    service_options
        Passed to the geopy class (``domain``, ``scheme``, ``api_key``, …).
    """

    user_agent: str | None = None
    adapter_factory: Callable[..., Any] | None = None
    cache_dir: Path | None = None
    cache: bool = True
    min_delay_seconds: float | None = None
    timeout: float = 5.0
    fallback: bool = True
    service_options: Mapping[str, object] = field(default_factory=dict)

    @classmethod
    def from_keywords(cls, **keywords: Any) -> GeocoderOptions:
        """Return the options named by ``keywords``; any keyword that is no field is a service option.

        >>> GeocoderOptions.from_keywords(cache=False, domain="localhost:8080")
        GeocoderOptions(..., cache=False, ..., service_options={'domain': 'localhost:8080'})
        """
        own = {f.name for f in fields(cls)} - {"service_options"}
        return cls(**{name: keywords.pop(name) for name in own & keywords.keys()}, service_options=keywords)
