"""Seas, rivers and names written with "the": reported unplaced, never put on a namesake town.

The offline gazetteer (GeoNames settlements, regions, countries) holds no water bodies; a name
that shares a town's name but is written as a sea's or a river's is left for an online geocoder
or the user, with the reason.
"""

from __future__ import annotations

import pytest

from geo.gazetteer import Gazetteer
from geo.geoparser import geoparse

DNIPRO_CITY = 709930
DONETSK = 709717


def _found(text: str, gazetteer: Gazetteer) -> list[tuple[str, int | None]]:
    return [(m.text, m.place.geonameid if m.place else None) for m in geoparse(text, gazetteer)]


@pytest.mark.parametrize(
    ("text", "water"),
    [
        ("Ships sailed on the Sea of Azov near Mariupol.", "Sea of Azov"),
        ("A sharp bend of the Mississippi River shaped the town of Slidell.", "Mississippi River"),
        ("Storms gathered in the Gulf of Mexico near Houston.", "Gulf of Mexico"),
        ("Troops dug in on the Dnipro River near Kherson.", "Dnipro River"),
    ],
)
def test_a_water_body_is_reported_whole_and_unplaced(text: str, water: str, gazetteer: Gazetteer) -> None:
    [mention] = [m for m in geoparse(text, gazetteer) if m.text == water]
    assert mention.place is None
    assert "no water bodies" in mention.reasons[0]
    assert text[mention.start : mention.end] == water


def test_a_river_and_a_city_of_one_name_in_one_text(gazetteer: Gazetteer) -> None:
    text = "Rebels shelled Dnipro on Monday. Ukrainian troops crossed the Dnipro. Fighting went on near Donetsk."
    assert _found(text, gazetteer) == [("Dnipro", DNIPRO_CITY), ("Dnipro", None), ("Donetsk", DONETSK)]
    river = geoparse(text, gazetteer)[1]
    assert "written 'the Dnipro'" in river.reasons[0]


def test_the_river_before_a_preposition_and_the_city_after_a_cue(gazetteer: Gazetteer) -> None:
    text = "Russian troops left the right bank of the Dnipro in Kherson Oblast. Missiles struck Dnipro."
    assert _found(text, gazetteer) == [("Dnipro", None), ("Kherson Oblast", 706442), ("Dnipro", DNIPRO_CITY)]


def test_a_name_written_with_the_is_no_town_in_any_occurrence(gazetteer: Gazetteer) -> None:
    """'the Atlantic.' is the ocean, so the text's other 'Atlantic's are not Atlantic, Iowa."""
    text = (
        "Forecasters in Miami said the tropical Atlantic is warm. Hurricane season in the Atlantic "
        "starts in June, and most storms form in the Atlantic."
    )
    assert all(m.text != "Atlantic" or m.place is None for m in geoparse(text, gazetteer))


@pytest.mark.parametrize(
    "text",
    [
        "Fighting flared in the Donetsk and Luhansk regions and in Donetsk itself.",
        "The Kiev government said the Debaltseve pocket was closed.",
        "The ministry said the Mariupol, Donetsk and Luhansk fronts were quiet.",
    ],
)
def test_a_name_qualifying_a_noun_keeps_its_town(text: str, gazetteer: Gazetteer) -> None:
    assert all(m.place is not None for m in geoparse(text, gazetteer))
    assert any(m.place.kind == "settlement" for m in geoparse(text, gazetteer))


def test_a_town_listed_with_its_article_is_still_a_town(gazetteer: Gazetteer) -> None:
    [mention] = geoparse("Judges in The Hague ruled on Tuesday.", gazetteer)
    assert (mention.place.country, mention.place.kind) == ("NL", "settlement")


@pytest.mark.parametrize(
    ("text", "water"),
    [
        ("Drones flew over the Black Sea overnight.", "Black Sea"),
        ("Troops crossed the Siverskyi Donets River near Izium.", "Siverskyi Donets River"),
        ("Pirates struck in the Gulf of Aden again.", "Gulf of Aden"),
        ("The cyclone formed over the Indian Ocean.", "Indian Ocean"),
        ("Ice covered Lake Baikal in January.", "Lake Baikal"),
        ("The search zone lies in the southern Indian Ocean, north of the old one.", "Indian Ocean"),
        ("Tankers waited in the eastern Mediterranean Sea.", "Mediterranean Sea"),
        ("Drones hit Russia's Black Sea Fleet near Sevastopol.", "Black Sea"),
    ],
)
def test_a_water_body_the_gazetteer_does_not_name_is_found_unplaced(
    text: str, water: str, gazetteer: Gazetteer
) -> None:
    mentions = geoparse(text, gazetteer)
    [mention] = [m for m in mentions if water in m.text]
    assert mention.text == water and mention.place is None and "no water bodies" in mention.reasons[0]
    assert not any(m.start < mention.end and mention.start < m.end for m in mentions if m is not mention)


def test_a_town_named_like_a_water_body_is_still_a_town(gazetteer: Gazetteer) -> None:
    [suburb] = geoparse("Residents of Safety Bay swam at dawn.", gazetteer)
    assert (suburb.text, suburb.place.country) == ("Safety Bay", "AU")


RED_SEA_STATE = 408646  # GeoNames: Red Sea, a state of Sudan
HODEIDAH = 79415  # GeoNames: Al Ḩudaydah, Yemen
SANAA = 71137


def test_a_sea_named_like_a_region_is_the_sea(gazetteer: Gazetteer) -> None:
    """GeoNames knows "Red Sea" only as Sudan's state and Egypt's governorate named after it."""
    text = "Houthi rebels fired missiles at ships in the Red Sea off Hodeidah, and the US struck targets near Sanaa."
    found = _found(text, gazetteer)
    assert ("Red Sea", None) in found
    sea = next(m for m in geoparse(text, gazetteer) if m.text == "Red Sea")
    assert "no water bodies" in sea.reasons[0]
    # "off Hodeidah" cues a spelling GeoNames lacks ("Al Hudaydah"); Sanaa makes it Yemen's port
    assert ("Hodeidah", HODEIDAH) in found and ("Sanaa", SANAA) in found


@pytest.mark.parametrize(
    "text", ["The Red Sea State governor met aid agencies.", "Flooding hit the Red Sea region of Sudan."]
)
def test_a_region_named_after_a_sea_keeps_its_region(text: str, gazetteer: Gazetteer) -> None:
    [region] = [m for m in geoparse(text, gazetteer) if m.text.startswith("Red Sea")]
    assert region.place is not None and region.place.geonameid == RED_SEA_STATE


def test_the_short_form_of_a_water_body_the_text_names_is_that_water_body(gazetteer: Gazetteer) -> None:
    # Pacific, Missouri is a town; "the eastern Pacific" next to "the Pacific Ocean" is the ocean
    text = (
        "Warm water in the eastern Pacific equatorial region marks El Niño. It occurs in the Pacific Ocean. "
        "The Mississippi River flooded towns in Mississippi, and the Mississippi is still rising."
    )
    found = [(m.text, m.place.kind if m.place else None) for m in geoparse(text, gazetteer)]
    assert found == [
        ("Pacific", None), ("Pacific Ocean", None),
        ("Mississippi River", None), ("Mississippi", "region"), ("Mississippi", None),
    ]


def test_a_water_body_name_qualifying_a_noun_is_not_the_water_body(gazetteer: Gazetteer) -> None:
    text = "The Marigny Canal was dug in 1805, years before the Marigny family came to New Orleans."
    assert [m.text for m in geoparse(text, gazetteer)] == ["Marigny Canal", "New Orleans"]


SEVASTOPOL = 694423


@pytest.mark.parametrize(
    "text",
    [
        "Russia's Black Sea Fleet was hit near Sevastopol.",
        "Ukraine struck the Black Sea Fleet headquarters in Sevastopol.",
    ],
)
def test_a_name_going_on_after_a_sea_is_no_town(text: str, gazetteer: Gazetteer) -> None:
    """Fleet, Hampshire is a town: in "Black Sea Fleet" it is the rest of a navy's name."""
    found = _found(text, gazetteer)
    assert ("Black Sea", None) in found and ("Sevastopol", SEVASTOPOL) in found
    assert not any(name == "Fleet" for name, _ in found)


def test_a_name_after_a_lake_or_a_cape_word_is_still_read(gazetteer: Gazetteer) -> None:
    found = [(m.text, m.place is None) for m in geoparse("They sailed from Lake Chad to Cape Cod.", gazetteer)]
    assert found == [("Lake Chad", True), ("Cape Cod", False)]
