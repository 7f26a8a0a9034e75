"""The examples in the geo modules' docstrings run and give what they show."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "corrections",
    "features",
    "gazetteer",
    "gazetteer_build",
    "geoparser",
    "limits",
    "names",
    "ranking",
    "recognition",
    "spatial",
    "text",
    "geocoders.answers",
    "geocoders.arcgis",
    "geocoders.base",
    "geocoders.geonames",
    "geocoders.nominatim",
    "geocoders.photon",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    """Every ``>>>`` example of the module passes."""
    result = doctest.testmod(importlib.import_module(f"geo.{name}"), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
    assert result.attempted > 0
