"""The examples in the data layers' docstrings run and give what they show."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "annotations",
    "article",
    "casualties",
    "control_lines",
    "dates",
    "events",
    "export",
    "extract",
    "frontline",
    "inert",
    "offline",
    "popups",
    "roads",
    "routes",
    "schema",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    """Every ``>>>`` example of the module passes."""
    module = importlib.import_module(f"layers.{name}")
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
    assert result.attempted > 0
