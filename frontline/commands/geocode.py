"""``frontline geocode NAME...``: place names to JSON, offline by default.

Prints a JSON list with one object per name: ``query``, ``name``, ``lat``, ``lon``,
``geonameid``, ``country``, ``admin1``, ``confidence`` (coordinates null when not found) and
``source`` (which gazetteer or service answered; it says so when an online service was
unavailable and the offline gazetteer answered instead). ``--candidates`` adds the ranked
``candidates`` with the reasons for their rank.
"""

from __future__ import annotations

import argparse
import json
import re
from typing import Any
from urllib.parse import urlsplit

from geo.errors import InputError
from geo.gazetteer import Gazetteer
from geo.geocoders import BACKENDS, GazetteerGeocoder
from geo.model import Candidate, Place
from geo.ranking import BBox, check_bbox, check_country_codes, confidence

HELP = "Geocode place names to JSON (the offline GeoNames gazetteer by default)."

# Invisible bidirectional controls would reorder a terminal's display of the JSON: escape them.
_BIDI = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
_COORDS = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add this command's options."""
    parser.add_argument("names", nargs="+", metavar="NAME", help="place names, e.g. Debaltseve Артемівськ")
    parser.add_argument("--near", metavar="PLACE", help="favour places near this one (a name, or LAT,LON)")
    parser.add_argument(
        "--country",
        metavar="CC",
        action="append",
        default=[],
        help="only places in this country (repeatable)",
    )
    parser.add_argument("--bbox", metavar="W,S,E,N", type=_bbox, help="only places in this lon/lat box")
    parser.add_argument("--backend", choices=BACKENDS, default="offline", help="geocoder (default: offline)")
    parser.add_argument(
        "--service-url", metavar="URL", help="address of the online service (e.g. own Nominatim)"
    )
    parser.add_argument(
        "--no-cache", action="store_true", help="do not use the on-disk cache of online answers"
    )
    parser.add_argument(
        "--candidates", action="store_true", help="add the ranked candidates with their reasons"
    )
    parser.add_argument("--limit", type=_positive, default=10, help="candidates listed per name (default 10)")


def run(args: argparse.Namespace) -> int:
    """Geocode each name and print the JSON list."""
    countries = sorted(check_country_codes([c for v in args.country for c in v.split(",") if c.strip()]))
    gazetteer = Gazetteer.open()
    near = _resolve_near(args.near, gazetteer) if args.near is not None else None
    geocoder = _geocoder(args, gazetteer)
    results = []
    for query in args.names:
        ranked = geocoder.candidates(query, near=near, country_codes=countries, bbox=args.bbox)
        results.append(_result(query, ranked, with_candidates=args.candidates, limit=args.limit))
    text = json.dumps(results, ensure_ascii=False, indent=2)
    print(_BIDI.sub(lambda m: f"\\u{ord(m.group()):04x}", text))
    return 0


def _geocoder(args: argparse.Namespace, gazetteer: Gazetteer):
    from geo.geocoders import get_geocoder

    options: dict[str, Any] = {}
    if args.service_url:
        if args.backend == "offline":
            raise InputError("--service-url needs an online --backend")
        url = urlsplit(args.service_url)
        if url.scheme not in ("http", "https") or not url.netloc:
            raise InputError(f"--service-url must be an http(s) URL, not {args.service_url!r}")
        options.update(scheme=url.scheme, domain=url.netloc + url.path.rstrip("/"))
    return get_geocoder(args.backend, gazetteer=gazetteer, cache=not args.no_cache, **options)


def _resolve_near(text: str, gazetteer: Gazetteer) -> Place:
    match = _COORDS.match(text)
    if match:
        lat, lon = float(match.group(1)), float(match.group(2))
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise InputError(f"--near: coordinates out of range: {text!r}")
        return Place(name=f"{lat:g},{lon:g}", lat=lat, lon=lon, kind="point", source="user")
    place = GazetteerGeocoder(gazetteer).geocode(text)
    if place is None:
        raise InputError(f"--near: no place called {text!r} in the gazetteer")
    return place


def _result(query: str, ranked: list[Candidate], *, with_candidates: bool, limit: int) -> dict[str, Any]:
    place = ranked[0].place if ranked else None
    result: dict[str, Any] = {"query": query, **_place_fields(place)}
    result["confidence"] = confidence(ranked, query)
    result["source"] = place.source if place else None
    if with_candidates:
        result["candidates"] = [
            {
                **_place_fields(c.place),
                "kind": c.place.kind,
                "population": c.place.population,
                "score": round(c.score, 3),
                "matched_name": c.matched_name,
                "reasons": list(c.reasons),
                "source": c.place.source,
            }
            for c in ranked[:limit]
        ]
    return result


def _place_fields(place: Place | None) -> dict[str, Any]:
    if place is None:
        return dict.fromkeys(("name", "lat", "lon", "geonameid", "country", "admin1"))
    return {
        "name": place.name,
        "lat": round(place.lat, 6),
        "lon": round(place.lon, 6),
        "geonameid": place.geonameid,
        "country": place.country,
        "admin1": place.admin1,
    }


def _bbox(text: str) -> BBox:
    try:
        values = tuple(float(v) for v in text.split(","))
        if len(values) != 4:
            raise ValueError(text)
        return check_bbox(values)  # type: ignore[arg-type, return-value]
    except (ValueError, InputError) as err:
        raise argparse.ArgumentTypeError(f"expected MIN_LON,MIN_LAT,MAX_LON,MAX_LAT, got {text!r}") from err


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive whole number, got {text!r}")
    return value
