"""Saved state that went bad: detected, then rebuilt or reported, never silently used.

* The gazetteer index, truncated or corrupt, is rebuilt: ``tests/geo/test_gazetteer.py``
  (``test_corrupt_index_is_rebuilt``).
* The geocoding cache (SQLite), damaged in any of several ways, is discarded with a warning and
  the answers are the service's, not the damaged file's.
* The corrections file, with any byte changed, cut or added: either it still decodes to exactly
  the corrections saved, or it is moved aside and reported (:class:`CorrectionsError`) — never read
  as some other set of corrections. Two server processes correcting at once: ``test_app.py``;
  many processes at the library level: ``tests/geo/test_corrections.py``.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.corrections import Correction, CorrectionsError, CorrectionStore
from geo.geocache import GeoCache
from geo.geocoders import get_geocoder
from tests.geocoding_helpers import FakeNominatim

pytestmark = pytest.mark.slow


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _zero_fill(path: Path) -> None:  # what a power cut can leave: the size, not the data
    path.write_bytes(bytes(path.stat().st_size))


def _scribble(path: Path) -> None:
    raw = bytearray(path.read_bytes())
    raw[100:4096] = b"\xa5" * (4096 - 100)
    path.write_bytes(bytes(raw))


def _wrong_schema(path: Path) -> None:
    path.unlink()
    with sqlite3.connect(path) as con:
        con.execute("CREATE TABLE answers(key TEXT, something_else BLOB)")
    con.close()


def _text_file(path: Path) -> None:
    path.write_text("not a database\n" * 300)


def _empty(path: Path) -> None:
    path.write_bytes(b"")


DAMAGE: dict[str, Callable[[Path], None]] = {
    "truncated": _truncate,
    "zero-filled": _zero_fill,
    "scribbled": _scribble,
    "wrong-schema": _wrong_schema,
    "text": _text_file,
    "empty": _empty,
}


@pytest.fixture(scope="module")
def service(gazetteer) -> Iterator[FakeNominatim]:
    fake = FakeNominatim(gazetteer)
    try:
        yield fake
    finally:
        fake.close()


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_geocoding_cache_is_discarded(gazetteer, service, tmp_path, caplog, damage) -> None:
    def geocoder():
        return get_geocoder("nominatim", gazetteer=gazetteer, domain=service.domain, scheme="http",
                            cache_dir=tmp_path, min_delay_seconds=0)  # fmt: skip

    first = geocoder()
    truth = {name: first.geocode(name) for name in ("Mariupol", "Debaltseve", "Luhanske")}
    first.cache.close()
    DAMAGE[damage](tmp_path / "geocache.sqlite")
    asked = len(service.requests)
    again = geocoder()
    with caplog.at_level(logging.WARNING, logger="frontline.geocache"):
        answers = {name: again.geocode(name) for name in truth}
    assert answers == truth  # the service's answers, nothing read from the damaged file
    assert all(p.source == "nominatim" for p in answers.values())
    if damage != "empty":  # SQLite takes an empty file for a new database: nothing to report
        assert "discarding it" in caplog.text or "unreadable entry" in caplog.text
    assert len(service.requests) == asked + len(truth)  # asked again ...
    assert again.geocode("Mariupol") == truth["Mariupol"]
    assert len(service.requests) == asked + len(truth)  # ... and cached again
    assert len(GeoCache(tmp_path / "geocache.sqlite")) == len(truth)


ARTICLE = "debaltseve-2015-02-18"
SAVED = (Correction(10, 20, "Debaltseve", "710229"), Correction(30, 38, "Olenivka", ""),
         Correction(50, 59, "Artemivsk", "Bakhmut@48.59,38.00"))  # fmt: skip


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    store = CorrectionStore(tmp_path_factory.mktemp("corrections") / "corrections.json")
    for correction in SAVED:
        store.save(ARTICLE, correction)
    return store.path.read_bytes()


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_changed_corrections_file_is_exact_or_quarantined(pristine, tmp_path_factory, data) -> None:
    cut = data.draw(st.integers(0, len(pristine)))
    kind = data.draw(st.sampled_from(["flip", "truncate", "insert", "delete"]))
    raw = bytearray(pristine)
    if kind == "flip" and cut < len(raw):
        raw[cut] ^= data.draw(st.integers(1, 255))
    elif kind == "truncate":
        raw = raw[:cut]
    elif kind == "insert":
        raw[cut:cut] = data.draw(st.binary(min_size=1, max_size=8))
    else:
        del raw[cut : cut + data.draw(st.integers(1, 40))]
    store = CorrectionStore(tmp_path_factory.mktemp("changed") / "corrections.json")
    store.path.write_bytes(bytes(raw))
    try:
        got = store.get(ARTICLE)
    except CorrectionsError as err:
        assert err.quarantined is not None and err.quarantined.read_bytes() == bytes(raw)
        assert "moved aside" in str(err) and not store.path.exists()
        assert store.get(ARTICLE) == ()  # reported once; then a fresh, empty file
    else:
        assert [(c.key, c.place_id) for c in got] == [(c.key, c.place_id) for c in SAVED]
