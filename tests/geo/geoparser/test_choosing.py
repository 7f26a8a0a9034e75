"""Choosing every sense's place in the document's geography (:mod:`geo.geoparser.choosing`, with
:mod:`geo.resolution`): the country focus, the national capital."""

from __future__ import annotations

from geo.gazetteer import Gazetteer
from geo.geoparser import geoparse


def test_seed_needs_no_country_focus(seed_text: str, gazetteer: Gazetteer) -> None:
    with_focus = [(m.start, m.place.geonameid) for m in geoparse(seed_text, gazetteer, country_focus=["UA"])]
    without = [(m.start, m.place.geonameid) for m in geoparse(seed_text, gazetteer)]
    assert with_focus == without


def test_a_national_capital_is_the_town_news_means(gazetteer: Gazetteer) -> None:
    """In a London-datelined text, "In Washington" is the US capital, not Washington, Tyne and Wear."""
    text = (
        "LONDON (AP) - Britain expelled 23 diplomats on Monday. In Washington, some of the 60 Russian "
        "diplomats being expelled from the United States left their embassy."
    )
    washington = [m for m in geoparse(text, gazetteer) if m.text == "Washington"]
    assert [m.place.geonameid for m in washington] == [4140963]
    assert any("the capital of US" in r for r in washington[0].reasons)
