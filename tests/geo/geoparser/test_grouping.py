"""Grouping the kept names by sense (:mod:`geo.geoparser.grouping`): a name, whether the text calls it
a region, and the container it is written with."""

from __future__ import annotations

from geo.gazetteer import Gazetteer
from tests.geo.cases import found_places


def test_a_name_written_with_its_state_is_a_sense_of_its_own(gazetteer: Gazetteer) -> None:
    """'Tacoma, Washington' is the state; 'Washington, D.C.' in the same text, inside a list, the city."""
    text = "The team trained near Tacoma, Washington. Trips to Guam, Hawaii and Washington, D.C., followed."
    places = found_places(text, gazetteer)
    assert ("Washington", 5815135) in places  # the state
    assert places[-2:] == [("Washington", 4140963), ("D.C.", 4138106)]  # the city, in the District
