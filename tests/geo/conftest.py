"""Fixtures of the geo tests: a Nominatim look-alike on 127.0.0.1 (never the real service)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from geo.gazetteer import Gazetteer
from tests.geocoding_helpers import FakeNominatim


@pytest.fixture()
def server(gazetteer: Gazetteer) -> Iterator[FakeNominatim]:
    fake = FakeNominatim(gazetteer)
    try:
        yield fake
    finally:
        fake.close()
