"""More ways for a fake Nominatim on 127.0.0.1 to fail, on top of :class:`FakeNominatim`'s modes.

Extra modes (``server.mode``):

* ``"429-retry"`` — HTTP 429 with ``Retry-After: server.retry_after`` seconds;
* ``"reset"`` — the connection is closed without any answer;
* ``"truncated"`` — a JSON list cut off halfway;
* ``"object"`` — valid JSON of the wrong shape (an error object with status 200);
* ``"bad-coords"`` — a list of results whose coordinates are not numbers;
* ``"html-200"`` — a captive-portal page served as ``text/html`` with status 200.

:data:`FAULTS` lists every mode the fault tests and the benchmark exercise.
"""

from __future__ import annotations

import json
import socket

from tests.geocoding_helpers import FakeNominatim

#: Every failing mode: FakeNominatim's own and the ones added here (plus "refused", no server).
FAULTS = ("slow", "429-retry", "500", "502", "503", "garbage", "reset", "truncated", "object",
          "bad-coords", "html-200", "refused")  # fmt: skip

_BODIES = {
    "truncated": b'[{"place_id": 1, "lat": "48.3',
    "object": json.dumps({"display_name": "Service Unavailable", "status": 503}).encode(),
    "bad-coords": json.dumps([{"place_id": 1, "lat": "north", "lon": "east", "display_name": "x"}]).encode(),
    "html-200": b"<html><body>Please log in to the hotel Wi-Fi</body></html>",
}  # fmt: skip


class FaultyNominatim(FakeNominatim):
    """:class:`FakeNominatim` with the extra failure modes above."""

    def __init__(self, gazetteer) -> None:
        self.retry_after = 30
        super().__init__(gazetteer)

    def _handler(self):
        base, fake = super()._handler(), self

        class Handler(base):
            def do_GET(self) -> None:  # noqa: N802 - the http.server API
                if fake.mode == "429-retry":
                    fake.requests.append(
                        {"time": _now(), "params": {}, "user_agent": self.headers.get("User-Agent")}
                    )
                    self._send(429, b'{"error": "rate limited"}', {"Retry-After": str(fake.retry_after)})
                elif fake.mode == "reset":
                    fake.requests.append({"time": _now(), "params": {}, "user_agent": None})
                    self.connection.setsockopt(
                        socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00"
                    )
                    self.connection.close()
                    self.close_connection = True
                elif fake.mode in _BODIES:
                    fake.requests.append({"time": _now(), "params": {}, "user_agent": None})
                    self._send(200, _BODIES[fake.mode])
                else:
                    super().do_GET()

        return Handler


def _now() -> float:
    import time

    return time.monotonic()
