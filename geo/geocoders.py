"""Geocoders: one protocol, an offline default and online services behind the same shape.

>>> geocoder = GazetteerGeocoder(Gazetteer.open())                      # doctest: +SKIP
>>> donetsk = geocoder.geocode("Donetsk")                                # doctest: +SKIP
>>> geocoder.geocode("Olenivka", near=donetsk).geonameid                 # doctest: +SKIP
698614

:class:`GazetteerGeocoder` ranks the gazetteer's candidates by a population prior plus a bias
towards a nearby place, and filters them by country and bounding box; each candidate carries
the reasons for its score. Online services (Nominatim, Photon, ArcGIS or any other geopy
geocoder) are built by :func:`get_geocoder` and live in :mod:`geo.online`, imported only when
asked for, so the offline path never pays for geopy.

Scoring, bias and argument checks shared with the online geocoders are in :mod:`geo.ranking`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from geo.gazetteer import Gazetteer
from geo.model import Candidate, Place
from geo.names import fold
from geo.ranking import (
    BBox,
    check_bbox,
    check_country_codes,
    check_query,
    confidence,
    in_bbox,
    place_bias,
    size_reasons,
)

if TYPE_CHECKING:
    from geo.online import OnlineGeocoder

__all__ = [
    "BACKENDS",
    "GEOCODERS",
    "BBox",
    "GazetteerGeocoder",
    "Geocoder",
    "OnlineService",
    "RankingGeocoder",
    "confidence",
    "get_geocoder",
]

_NAMESAKE_REGION_FACTOR = 0.5  # a region named after a settlement scores half the settlement
# Ties go to the larger kind of place: "Georgia" the country before Georgia the US state.
_KIND_ORDER = {"country": 0, "region": 1, "settlement": 2}


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


class GazetteerGeocoder(RankingGeocoder):
    """The offline, deterministic geocoder over the GeoNames gazetteer (the default)."""

    name = "offline"

    def __init__(self, gazetteer: Gazetteer, *, limit: int = 500) -> None:
        # The gazetteer lists the most populous first; a bias may favour the smallest namesake,
        # so every namesake is fetched (the commonest name in GeoNames has ~160).
        self.gazetteer = gazetteer
        self.limit = limit

    def __repr__(self) -> str:
        return f"GazetteerGeocoder({self.gazetteer.path})"

    def candidates(
        self,
        query: str,
        *,
        near: Place | None = None,
        country_codes: Sequence[str] = (),
        bbox: BBox | None = None,
    ) -> list[Candidate]:
        """Rank the gazetteer's places called ``query``.

        Parameters
        ----------
        query
            A place name in any case, with or without diacritics or apostrophes, in Latin or
            Cyrillic script; transliteration variants are matched when no exact name is.
        near
            Favour places close to this one (a smooth bonus that fades over a few hundred km)
            and in the same first-level region.
        country_codes
            Keep only places in these ISO 3166-1 alpha-2 countries.
        bbox
            Keep only places inside ``(min_lon, min_lat, max_lon, max_lat)``.

        Returns
        -------
        list of Candidate
            Best first; empty for an unknown, empty or absurd name.

        Raises
        ------
        InputError
            When ``query`` is not a string or the bias arguments are malformed.
        """
        text = check_query(query)
        codes = check_country_codes(country_codes)
        box = check_bbox(bbox)
        if text is None:
            return []
        ranked = []
        for found in self.gazetteer.find(text, limit=self.limit):
            place = found.place
            if codes and place.country not in codes:
                continue
            if box is not None and not in_bbox(place, box):
                continue
            bonus, why = place_bias(place, near=near, country_codes=codes, bbox=box)
            reasons = (*found.reasons, *size_reasons(place), *why)
            ranked.append(replace(found, score=found.score + bonus, reasons=reasons))
        ranked = _prefer_settlements(ranked)
        ranked.sort(key=lambda c: (-c.score, _KIND_ORDER.get(c.place.kind, 9), -c.place.population))
        return ranked


# -- online services -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OnlineService:
    """A geopy service that needs no API key, and the politeness it requires."""

    geopy_name: str  # key of geopy's SERVICE_TO_GEOCODER
    min_delay_seconds: float = 1.0  # between requests to the public instance
    public_domain: str | None = None  # the rate limit is a floor only for this domain


#: Online backends offered by name (``frontline geocode --backend``). Any other geopy service
#: name also works with :func:`get_geocoder`, given the options it needs (an ``api_key``, …).
GEOCODERS: dict[str, OnlineService] = {
    # https://operations.osmfoundation.org/policies/nominatim/: at most 1 request per second.
    "nominatim": OnlineService("nominatim", 1.0, "nominatim.openstreetmap.org"),
    "photon": OnlineService("photon", 1.0, "photon.komoot.io"),
    "arcgis": OnlineService("arcgis", 1.0, "geocode.arcgis.com"),
}

#: Every name ``get_geocoder`` accepts without further options.
BACKENDS: tuple[str, ...] = ("offline", *GEOCODERS)


def get_geocoder(
    name: str,
    *,
    gazetteer: Gazetteer,
    user_agent: str | None = None,
    adapter_factory: object | None = None,
    cache_dir: Path | None = None,
    cache: bool = True,
    min_delay_seconds: float | None = None,
    timeout: float = 5.0,
    fallback: bool = True,
    **service_options: object,
) -> GazetteerGeocoder | OnlineGeocoder:
    """Build a geocoder by name, the way geopy's ``get_geocoder_for_service`` finds a class.

    Parameters
    ----------
    name
        ``"offline"`` (the gazetteer), a key of :data:`GEOCODERS`, or any geopy service name.
    gazetteer
        The offline gazetteer: the answer when ``name`` is ``"offline"``, the fallback otherwise.
    user_agent
        Sent with every request; defaults to ``frontline/<version> (…)``.
    adapter_factory
        geopy's HTTP adapter factory, for tests and custom transports.
    cache_dir, cache
        Where the on-disk answer cache lives (default: the gazetteer's cache directory), and
        whether to use one.
    min_delay_seconds
        Seconds between requests; never below the public service's policy for its own domain.
    timeout
        Seconds to wait for an answer.
    fallback
        Answer from the gazetteer when the service fails (else raise ``GeocoderUnavailable``).
    **service_options
        Passed to the geopy class (``domain``, ``scheme``, ``api_key``, …).

    Raises
    ------
    InputError
        When ``name`` is not a known backend or geopy service.
    """
    offline = GazetteerGeocoder(gazetteer)
    if name == "offline":
        return offline
    from geo.online import build_online_geocoder

    return build_online_geocoder(
        name,
        service=GEOCODERS.get(name),
        fallback=offline if fallback else None,
        user_agent=user_agent,
        adapter_factory=adapter_factory,
        cache_dir=cache_dir if cache else None,
        cache=cache,
        min_delay_seconds=min_delay_seconds,
        timeout=timeout,
        service_options=service_options,
    )


# -- helpers ---------------------------------------------------------------------------------


def _prefer_settlements(ranked: list[Candidate]) -> list[Candidate]:
    """Rank a region below a settlement of the same name that it is named after.

    "Donetsk" names both a city and, as an alternate, its oblast; "Kyiv" a city and the
    city-region around it. A bare name means the settlement, as in the press and in
    Nominatim. A region keeps its rank when it matched by its own name and holds no
    settlement of that name (Crimea, Donbas, Georgia the US state).
    """
    settlements = [c for c in ranked if c.place.kind == "settlement"]
    if not settlements:
        return ranked
    best = max(settlements, key=lambda c: c.score)
    result = []
    for cand in ranked:
        place = cand.place
        if place.kind == "region" and cand.score >= best.score:
            contains = place.admin1_code is not None and place.admin1_code == best.place.admin1_code
            by_alias = fold(cand.matched_name) != fold(place.name)
            if contains or by_alias:
                why = f"region; the settlement {best.place.name!r} of the same name is preferred"
                cand = replace(cand, score=best.score * _NAMESAKE_REGION_FACTOR, reasons=(*cand.reasons, why))
        result.append(cand)
    return result
