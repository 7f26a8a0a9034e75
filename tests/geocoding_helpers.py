"""Test helpers for geocoding: the GeoNames oracle and fake online services.

* :data:`ORACLE_ROWS` is ``tests/data/places_debaltseve_feb2015_geonames.csv``: GeoNames ids
  and points of the seed's places (see PROVENANCE.md), the oracle of the geocoding tests.

* :class:`FakeNominatim` is an HTTP server on 127.0.0.1 that speaks Nominatim's ``/search``
  JSON, so the real geopy ``Nominatim`` class (URL building, HTTP adapter, parsing, error
  mapping) is exercised end to end. Its answers come from the real gazetteer, most populous
  place first — deliberately not the offline geocoder's ranking, so tests can tell the two apart.
  ``mode`` switches it to failing: an HTTP status (``"503"``, ``"429"``), ``"slow"`` (answers after
  ``slow_seconds``) or ``"garbage"`` (not JSON). :func:`local_nominatim` points geopy's class at it.
* :class:`FakePhotonAdapter` is a geopy adapter (``adapter_factory=``) that answers Photon's
  GeoJSON from the gazetteer without any socket, recording when each request was made.
"""

from __future__ import annotations

import csv
import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from geopy.adapters import BaseSyncAdapter
from geopy.exc import GeocoderUnavailable

from geo.gazetteer import Gazetteer
from geo.geocoders import OnlineGeocoder, get_geocoder
from geo.model import Place

#: GeoNames points of the seed's places (CC BY 4.0; see tests/data/README.md).
ORACLE = Path(__file__).resolve().parent / "data" / "places_debaltseve_feb2015_geonames.csv"
ORACLE_ROWS = list(csv.DictReader(ORACLE.open(encoding="utf-8")))


def box_around(place: Place, degrees: float = 0.5) -> tuple[float, float, float, float]:
    """Return ``(min_lon, min_lat, max_lon, max_lat)`` centred on a place."""
    return (place.lon - degrees, place.lat - degrees, place.lon + degrees, place.lat + degrees)


def _osm_type(place: Place) -> str:
    """OSM's type for a gazetteer place, as Nominatim's ``addresstype`` and Photon's ``osm_value``."""
    if place.kind in ("region", "country"):
        return "state" if place.kind == "region" else "country"
    return "city" if place.population >= 100_000 else "town" if place.population >= 10_000 else "village"


class FakeNominatim:
    """A Nominatim look-alike on 127.0.0.1 answering from the gazetteer."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.mode = "ok"
        self.slow_seconds = 2.0
        self.requests: list[dict] = []  # {"time", "params", "user_agent"}
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()

    @property
    def domain(self) -> str:
        """``host:port`` to pass as geopy's ``domain`` (with ``scheme="http"``)."""
        host, port = self._server.server_address[:2]
        return f"{host}:{port}"

    def close(self) -> None:
        """Stop serving."""
        self._server.shutdown()
        self._server.server_close()

    def answer(self, query: str, limit: int) -> list[dict]:
        """Nominatim's JSON for ``query``: the gazetteer's places of that name, biggest first."""
        result = []
        for cand in self.gazetteer.find(query, variants=False)[:limit]:
            p = cand.place
            kind = _osm_type(p)
            address = {kind: p.name, "country_code": (p.country or "").lower()}
            if p.admin1 and p.kind == "settlement":
                address["state"] = p.admin1
            result.append(
                {
                    "place_id": 1000 + len(result),
                    "lat": f"{p.lat:.7f}",
                    "lon": f"{p.lon:.7f}",
                    "name": p.name,
                    "display_name": ", ".join(x for x in (p.name, p.admin1, p.country) if x),
                    "class": "place",
                    "type": kind,
                    "addresstype": kind,
                    "address": address,
                }
            )
        return result

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the http.server API
                url = urlsplit(self.path)
                params = {k: v[0] for k, v in parse_qs(url.query).items()}
                fake.requests.append(
                    {"time": time.monotonic(), "params": params, "user_agent": self.headers.get("User-Agent")}
                )
                if fake.mode == "slow":
                    time.sleep(fake.slow_seconds)
                if fake.mode.isdigit():
                    self._send(int(fake.mode), b'{"error": "unavailable"}', {"Retry-After": "1"})
                elif fake.mode == "garbage":
                    self._send(200, b"<html>not json</html>")
                else:
                    body = json.dumps(fake.answer(params.get("q", ""), int(params.get("limit", 10))))
                    self._send(200, body.encode())

            def _send(self, status: int, body: bytes, headers: dict | None = None) -> None:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                self.end_headers()
                try:
                    self.wfile.write(body)
                except OSError:  # the client gave up (a timeout test)
                    pass

            def log_message(self, *args: object) -> None:
                pass

        return Handler


def local_nominatim(gazetteer: Gazetteer, domain: str, cache_dir: Path, **options: object) -> OnlineGeocoder:
    """The real geopy Nominatim class pointed at a local address (no pause unless asked)."""
    options.setdefault("min_delay_seconds", 0.0)
    geocoder = get_geocoder(
        "nominatim", gazetteer=gazetteer, domain=domain, scheme="http", cache_dir=cache_dir, **options
    )
    assert isinstance(geocoder, OnlineGeocoder)
    return geocoder


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (connection refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class FakePhotonAdapter(BaseSyncAdapter):
    """A geopy adapter that answers Photon's GeoJSON from the gazetteer, without sockets."""

    gazetteer: Gazetteer  # set by :func:`photon_adapter_factory`
    calls: list[tuple[float, str]]
    fail: bool = False

    def get_json(self, url: str, *, timeout: float, headers: dict) -> dict:
        self.calls.append((time.perf_counter(), url))
        if self.fail:
            raise GeocoderUnavailable("fake network is down")
        query = parse_qs(urlsplit(url).query)["q"][0]
        features = []
        for cand in self.gazetteer.find(query, variants=False):
            p = cand.place
            props = {
                "name": p.name,
                "countrycode": p.country,
                "state": p.admin1,
                "osm_key": "place",
                "osm_value": _osm_type(p),
                "type": "city",
            }
            point = {"type": "Point", "coordinates": [p.lon, p.lat]}
            features.append({"type": "Feature", "geometry": point, "properties": props})
        return {"type": "FeatureCollection", "features": features}

    def get_text(self, url: str, *, timeout: float, headers: dict) -> str:
        return json.dumps(self.get_json(url, timeout=timeout, headers=headers))


def photon_adapter_factory(gazetteer: Gazetteer) -> type[FakePhotonAdapter]:
    """A fresh adapter class (usable as ``adapter_factory``) with its own call log."""
    return type("FakePhoton", (FakePhotonAdapter,), {"gazetteer": gazetteer, "calls": [], "fail": False})
