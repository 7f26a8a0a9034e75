"""Online geocoding through any geopy geocoder, with the manners a public service asks for.

:class:`OnlineGeocoder` wraps a geopy geocoder (Nominatim, Photon, ArcGIS, …) and adds:

* a real user agent and a timeout (set when the geopy object is built, see
  :func:`build_online_geocoder`);
* a pause between requests (≥ 1 s for the public Nominatim), counted from the end of the
  previous answer, so that the service never sees two requests closer than that;
* an on-disk cache of answers (:class:`geo.geocache.GeoCache`), errors never cached;
* a fallback to the offline gazetteer when the service fails — unreachable, timed out,
  rate-limited, 5xx or a malformed answer. The answer then says so in ``Place.source`` and in
  its candidates' reasons, a warning is logged, and the service is left alone for a cool-down
  period so that a batch of names does not wait out one timeout per name.

Each result is read by the service's own parser (:attr:`OnlineService.parse`, from its module:
:mod:`geo.geocoders.nominatim`, …). The network call is in :meth:`OnlineGeocoder._fetch` only;
everything else is pure. geopy itself is imported only when a geocoder is built.
"""

from __future__ import annotations

import inspect
import json
import logging
import math
import os
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from functools import partial
from typing import Any

from geo.errors import GeocoderUnavailable, InputError
from geo.gazetteer import default_cache_dir
from geo.geocache import GeoCache
from geo.geocoders.answers import parse_location
from geo.geocoders.base import AnswerParser, Geocoder, GeocoderOptions, OnlineService, RankingGeocoder
from geo.model import Candidate, Place
from geo.ranking import BBox, check_bbox, check_country_codes, check_query, in_bbox, place_bias

__all__ = ["OnlineGeocoder", "RequestSpacing", "build_online_geocoder", "default_user_agent"]

_log = logging.getLogger("frontline.geocoders")

_NEAR_BOX_DEGREES = 1.0  # a preferred (not binding) viewbox around ``near`` for services without a bias point


def default_user_agent() -> str:
    """Return ``frontline/<version> (…)``; ``$FRONTLINE_CONTACT`` adds a contact, as Nominatim asks."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        ours = version("frontline")
    except PackageNotFoundError:  # running from a source tree that is not installed
        ours = "dev"
    contact = os.environ.get("FRONTLINE_CONTACT", "").strip()
    about = f"+{contact}" if contact else "conflict-reporting maps; geopy"
    return f"frontline/{ours} ({about})"


class RequestSpacing:
    """Keeps at least ``min_delay_seconds`` between the end of one request and the next.

    Counting from the end of the previous answer, not from its start (as geopy's
    ``RateLimiter`` does), guarantees the gap where a usage policy measures it, at the
    server, whatever the network latency of each request.
    """

    def __init__(self, min_delay_seconds: float) -> None:
        self.min_delay_seconds = float(min_delay_seconds)
        self._lock = threading.Lock()
        self._last_done: float | None = None

    def __enter__(self) -> None:
        self._lock.acquire()
        if self._last_done is not None:
            wait = self._last_done + self.min_delay_seconds - time.monotonic()
            if wait > 0:
                time.sleep(wait)

    def __exit__(self, *exc_info: object) -> None:
        self._last_done = time.monotonic()
        self._lock.release()


class OnlineGeocoder(RankingGeocoder):
    """A geopy geocoder behind Frontline's :class:`geo.geocoders.base.Geocoder` protocol."""

    def __init__(
        self,
        service: Any,
        *,
        name: str,
        parse: AnswerParser = parse_location,
        fallback: Geocoder | None = None,
        cache: GeoCache | None = None,
        min_delay_seconds: float = 1.0,
        limit: int = 5,
        cooldown_seconds: float = 60.0,
    ) -> None:
        self.service = service
        self.name = name
        self.parse = parse
        self.fallback = fallback
        self.cache = cache
        self.limit = limit
        self.cooldown_seconds = cooldown_seconds
        self.last_error: str | None = None
        self._down_until = 0.0
        self._spacing = RequestSpacing(min_delay_seconds)
        self._accepts = frozenset(inspect.signature(service.geocode).parameters)

    def __repr__(self) -> str:
        return f"OnlineGeocoder({self.name!r}, domain={getattr(self.service, 'domain', None)!r})"

    @property
    def min_delay_seconds(self) -> float:
        """Seconds the rate limiter keeps between two requests."""
        return self._spacing.min_delay_seconds

    def candidates(
        self,
        query: str,
        *,
        near: Place | None = None,
        country_codes: Sequence[str] = (),
        bbox: BBox | None = None,
    ) -> list[Candidate]:
        """Return the service's results for ``query``, best first, each with its reasons.

        The bias arguments are passed to the service where it supports them and applied
        again locally: results outside ``country_codes`` or ``bbox`` are dropped, and nearer
        results gain the same proximity bonus as in the offline geocoder.

        Raises
        ------
        InputError
            For a non-string query or malformed bias arguments.
        GeocoderUnavailable
            When the service fails and there is no fallback.
        """
        text = check_query(query)
        codes = check_country_codes(country_codes)
        box = check_bbox(bbox)
        if text is None:
            return []
        options = self._request_options(near, codes, box)
        key = json.dumps([self.name, getattr(self.service, "domain", None), text, options], sort_keys=True)
        records = self.cache.get(key) if self.cache is not None else None
        if records is None:
            if time.monotonic() < self._down_until:
                return self._fall_back(text, near, codes, box)
            try:
                records = self._fetch(text, options)
            except Exception as err:  # noqa: BLE001 - any failure of the service means "fall back"
                self._mark_down(err)
                return self._fall_back(text, near, codes, box)
            if self.cache is not None:
                self.cache.put(key, records)
        return self._rank(records, text, near, codes, box)

    # -- the network call -----------------------------------------------------------------------

    def _fetch(self, text: str, options: Mapping[str, object]) -> list[dict]:
        """Ask the service (rate-limited) and return its results as plain JSON-able records.

        Errors propagate: a swallowed error would look like "not found" and be cached.
        """
        with self._spacing:
            locations = self.service.geocode(text, exactly_one=False, **options) or []
        located = [loc for loc in locations if _has_point(loc)]
        if locations and not located:
            # e.g. a JSON error object with status 200, which geopy reads as a result at (0, 0):
            # an error, not "not found", so it is never cached
            raise ValueError(f"an answer without any point: {str(locations[0].raw)[:80]}")
        records = [
            {"address": loc.address, "lat": float(loc.latitude), "lon": float(loc.longitude), "raw": loc.raw}
            for loc in located
        ]
        json.dumps(records)  # an answer that cannot be cached is a malformed answer
        return records

    # -- pure helpers ---------------------------------------------------------------------------

    def _request_options(
        self, near: Place | None, codes: frozenset[str], box: BBox | None
    ) -> dict[str, object]:
        """Return the geopy ``geocode`` keyword arguments this service understands (JSON-able)."""
        options: dict[str, object] = {}
        accepts = self._accepts
        if "limit" in accepts:
            options["limit"] = self.limit
        if "addressdetails" in accepts:
            options["addressdetails"] = True  # country code and region of each result
        if codes and "country_codes" in accepts:
            options["country_codes"] = sorted(c.lower() for c in codes)
        if box is not None:
            west, south, east, north = box
            corners = [[south, west], [north, east]]  # geopy points are (lat, lon)
            if "viewbox" in accepts:
                options.update(viewbox=corners, bounded=True)
            elif "bbox" in accepts:
                options["bbox"] = corners
        if near is not None:
            if "location_bias" in accepts:
                options["location_bias"] = [near.lat, near.lon]
            elif "viewbox" in accepts and box is None:
                d = _NEAR_BOX_DEGREES
                options["viewbox"] = [[near.lat - d, near.lon - d], [near.lat + d, near.lon + d]]
        return options

    def _rank(
        self,
        records: list[dict],
        text: str,
        near: Place | None,
        codes: frozenset[str],
        box: BBox | None,
    ) -> list[Candidate]:
        ranked = []
        for rank, record in enumerate(records, start=1):
            place = self.parse(record, source=self.name)
            if place is None:
                continue
            if codes and place.country and place.country not in codes:
                continue
            if box is not None and not in_bbox(place, box):
                continue
            bonus, why = place_bias(place, near=near, country_codes=codes, bbox=box)
            reasons = (f"{self.name} result {rank} of {len(records)}", *why)
            # The service's order is its relevance ranking; 0.5/sqrt(rank) makes rank 1 vs 2 worth
            # about what a 4,500 vs 700-people village is worth offline, so bias can still move it.
            score = 0.5 / math.sqrt(rank) + bonus
            ranked.append(Candidate(place=place, score=score, matched_name=text, reasons=reasons))
        ranked.sort(key=lambda c: -c.score)  # stable: the service's order breaks ties
        return ranked

    def _mark_down(self, err: BaseException) -> None:
        reason = _describe(err)
        retry_after = getattr(err, "retry_after", None) or 0
        self._down_until = time.monotonic() + max(self.cooldown_seconds, float(retry_after))
        self.last_error = reason
        where = "using the offline gazetteer" if self.fallback is not None else "no fallback"
        _log.warning("%s unavailable (%s); %s", self.name, reason, where)

    def _fall_back(
        self, text: str, near: Place | None, codes: frozenset[str], box: BBox | None
    ) -> list[Candidate]:
        if self.fallback is None:
            raise GeocoderUnavailable(f"{self.name} is unavailable: {self.last_error}")
        note = f"{self.name} unavailable ({self.last_error}); answered from the offline gazetteer"
        ranked = self.fallback.candidates(text, near=near, country_codes=sorted(codes), bbox=box)
        return [
            replace(
                c,
                place=replace(c.place, source=f"{c.place.source} ({self.name} unavailable)"),
                reasons=(note, *c.reasons),
            )
            for c in ranked
        ]


def build_online_geocoder(
    name: str, service: OnlineService, options: GeocoderOptions, *, fallback: Geocoder | None
) -> OnlineGeocoder:
    """Build the geopy geocoder of ``service`` and wrap it (see :func:`geo.geocoders.get_geocoder`).

    Parameters
    ----------
    name
        The name the geocoder was asked for, kept in each answer's ``Place.source``.
    service
        The geopy service, its answer parser and its public instance's rate limit.
    options
        How to build it: user agent, transport, cache, pause between requests, timeout and the
        geopy class's own options.
    fallback
        The geocoder that answers when the service fails; None to raise ``GeocoderUnavailable``.

    Raises
    ------
    InputError
        When geopy has no such service, refuses the options, or the pause is negative.
    """
    from geopy.exc import GeopyError
    from geopy.geocoders import get_geocoder_for_service

    try:
        cls = get_geocoder_for_service(service.geopy_name)
    except GeopyError as err:
        raise InputError(f"unknown geocoder {name!r}: use 'offline' or a geopy service name") from err
    settings = {
        "user_agent": options.user_agent or default_user_agent(),
        "timeout": options.timeout,
        **options.service_options,
    }
    settings["adapter_factory"] = options.adapter_factory or _single_shot_adapter()
    try:
        geocoder = cls(**settings)
    except (TypeError, GeopyError) as err:
        raise InputError(f"cannot set up the {name} geocoder: {err}") from err
    if options.min_delay_seconds is not None:
        delay = float(options.min_delay_seconds)
        if not delay >= 0:  # also refuses NaN
            raise InputError(f"min_delay_seconds must be zero or more, not {options.min_delay_seconds!r}")
    else:
        delay = service.min_delay_seconds
    if service.public_domain and getattr(geocoder, "domain", None) == service.public_domain:
        delay = max(delay, service.min_delay_seconds)  # the public instance's usage policy is a floor
    store = (
        GeoCache((options.cache_dir or default_cache_dir()) / "geocache.sqlite") if options.cache else None
    )
    return OnlineGeocoder(
        geocoder, name=name, parse=service.parse, fallback=fallback, cache=store, min_delay_seconds=delay
    )


def _single_shot_adapter() -> Callable[..., Any]:
    """Return geopy's HTTP adapter without its own silent retries.

    Retrying is the rate limiter's job, spaced by the service's delay; the HTTP library would
    re-send at once.
    """
    from geopy.adapters import RequestsAdapter, URLLibAdapter

    if RequestsAdapter.is_available:
        return partial(RequestsAdapter, max_retries=0)
    return URLLibAdapter  # pragma: no cover - urllib never retries


def _has_point(location: Any) -> bool:
    """Tell whether a geopy location has coordinates; geopy turns missing ones into (0, 0)."""
    lat, lon = location.latitude, location.longitude
    return lat is not None and lon is not None and (lat, lon) != (0.0, 0.0)


def _describe(err: BaseException) -> str:
    """One short line for an error: its type and the innermost OS-level cause, if any."""
    cause: BaseException | None = err
    seen = set()
    while cause is not None and id(cause) not in seen:
        seen.add(id(cause))
        if isinstance(cause, OSError) and cause.strerror:  # e.g. "Connection refused"
            return f"{type(err).__name__}: {cause.strerror}"
        cause = cause.__cause__ or cause.__context__
    text = " ".join(str(err).split())
    return f"{type(err).__name__}: {text[:120]}" if text else type(err).__name__
