"""The examples in the dashboard's library modules' docstrings run and give what they show."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "geo.corrections",
    "layers.filters",
    "frontline.dashboard.corpus_view",
    "frontline.dashboard.highlight",
    "frontline.dashboard.tables",
    "frontline.dashboard.upload",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
    assert result.attempted > 0
