"""Streets and squares named after places: reported whole and unplaced, never put on the namesake.

"Hampton Avenue" in St. Louis is not Hampton, Virginia, and "North State Street" in Chicago is not
Cameroon's North Region. The offline gazetteer holds no streets; the mention keeps its whole name
and the reason, for an online geocoder or the user to place.
"""

from __future__ import annotations

import pytest

from geo.gazetteer import Gazetteer
from geo.geoparser import geoparse

CHICAGO = 4887398


@pytest.mark.parametrize(
    ("text", "street"),
    [
        ("The shop on Hampton Avenue in St. Louis closed on Monday.", "Hampton Avenue"),
        ("He was stabbed in an alley off North State Street in Chicago.", "North State Street"),
        ("A man was found near South Ingleside Avenue in Chicago.", "South Ingleside Avenue"),
        ("Traffic stopped on Eglinton Avenue West in Toronto.", "Eglinton Avenue West"),
        ("Protesters filled Lafayette Square in Washington.", "Lafayette Square"),
    ],
)
def test_a_street_is_reported_whole_and_unplaced(text: str, street: str, gazetteer: Gazetteer) -> None:
    mentions = geoparse(text, gazetteer)
    [mention] = [m for m in mentions if m.start <= text.index(street) < m.end]
    assert mention.text == street and text[mention.start : mention.end] == street
    assert mention.place is None
    assert "no streets or squares" in mention.reasons[0]
    assert all(m.place is not None for m in mentions if m is not mention)  # the city is still placed


def test_the_city_of_a_street_is_still_resolved(gazetteer: Gazetteer) -> None:
    text = "Police said the attack happened in the 400 block of North State Street in Chicago."
    found = [(m.text, m.place.geonameid if m.place else None) for m in geoparse(text, gazetteer)]
    assert found == [("North State Street", None), ("Chicago", CHICAGO)]


def test_a_lower_case_road_is_no_street_name(gazetteer: Gazetteer) -> None:
    mentions = geoparse("Kiev said on Monday that the road to Debaltseve was cut.", gazetteer)
    assert [m.text for m in mentions] == ["Kiev", "Debaltseve"] and all(m.place for m in mentions)


def test_a_street_word_inside_a_longer_name_still_names_a_street(gazetteer: Gazetteer) -> None:
    [mention] = geoparse("The Donetsk Street Art festival opened.", gazetteer)
    assert (mention.text, mention.place) == ("Donetsk Street", None)
