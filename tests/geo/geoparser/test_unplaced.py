"""Mentions the offline gazetteer cannot place (:mod:`geo.geoparser.unplaced`, detection in
:mod:`geo.features`): seas, rivers, streets, roads and sites, names written "the X" that only towns
bear, and settlements the text names that the gazetteer lacks.

Each is reported with its whole name and the reason, never put on a namesake town ("Hampton Avenue"
in St. Louis is not Hampton, Virginia); a street or a site the text locates in a town gets the town's
point. A building named after a place ("Rogers Centre") is in that town only when it lies near the
text's places.
"""

from __future__ import annotations

import re

import pytest

from geo.gazetteer import Gazetteer
from geo.geoparser import geoparse
from tests.geo.cases import Case, case_test, found_places

CHICAGO = 4887398
DNIPRO_CITY = 709930
DNIEPER = 565896  # GeoNames: the river, whose alternate names include "Dnipro"
DONETSK = 709717
RED_SEA_STATE = 408646  # GeoNames: Red Sea, a state of Sudan
HODEIDAH = 79415  # GeoNames: Al Ḩudaydah, Yemen
SANAA = 71137
SEVASTOPOL = 694423

# Places named like a feature are still those places (see tests/geo/cases.py to add a row).
CASES: list[Case] = [
    # a town named like a water body is still a town
    ("Residents of Safety Bay swam at dawn.", "Safety Bay", 2062057, None),
    # a town written with its article is still a town
    ("Judges in The Hague ruled on Tuesday.", "The Hague", 2747373, None),
    # a region named after a sea keeps its region
    ("The Red Sea State governor met aid agencies.", "Red Sea State", RED_SEA_STATE, None),
    ("Flooding hit the Red Sea region of Sudan.", "Red Sea", RED_SEA_STATE, None),
]  # fmt: skip


test_rule_cases = case_test(CASES)


# --- water bodies and names written "the X"


@pytest.mark.parametrize(
    ("text", "water", "place"),
    [
        # a sea or gulf: Natural Earth's marine area of that name (no GeoNames id)
        ("Ships sailed on the Sea of Azov near Mariupol.", "Sea of Azov", ("Sea of Azov", None)),
        ("Storms gathered in the Gulf of Mexico near Houston.", "Gulf of Mexico", ("Gulf of Mexico", None)),
        ("Drones flew over the Black Sea overnight.", "Black Sea", ("Black Sea", None)),
        ("Pirates struck in the Gulf of Aden again.", "Gulf of Aden", ("Gulf of Aden", None)),
        ("Tankers waited in the eastern Mediterranean Sea.", "Mediterranean Sea", ("Mediterranean Sea", None)),
        # a Ukrainian river: GeoNames' Dnieper, whose alternate names include "Dnipro"
        ("Troops dug in on the Dnipro River near Kherson.", "Dnipro River", ("Dnieper", 565896)),
    ],
)
def test_a_water_body_the_gazetteer_holds_is_placed_whole(
    text: str, water: str, place: tuple, gazetteer: Gazetteer
) -> None:
    [mention] = [m for m in geoparse(text, gazetteer) if m.text == water]
    assert (mention.place.name, mention.place.geonameid) == place and mention.place.kind == "water"
    assert "in the offline gazetteer" in mention.reasons[0] and not mention.embedded


def test_a_sea_in_a_fleets_name_is_embedded(gazetteer: Gazetteer) -> None:
    """"Russia's Black Sea Fleet" names the fleet: the sea is flagged, as "Donbass battalion" is."""
    mentions = geoparse("Drones hit Russia's Black Sea Fleet near Sevastopol.", gazetteer)
    [sea] = [m for m in mentions if m.text == "Black Sea"]
    assert sea.place.name == "Black Sea" and sea.embedded and sea.metonymic
    assert not any(m.start < sea.end and sea.start < m.end for m in mentions if m is not sea)


def test_a_water_body_the_gazetteer_lacks_is_reported_whole_and_unplaced(gazetteer: Gazetteer) -> None:
    text = "A sharp bend of the Mississippi River shaped the town of Slidell."
    [mention] = [m for m in geoparse(text, gazetteer) if m.text == "Mississippi River"]
    assert mention.place is None and "no water bodies" in mention.reasons[0]


@pytest.mark.parametrize(
    ("text", "water"),
    [
        ("Troops crossed the Siverskyi Donets River near Izium.", "Siverskyi Donets River"),
        ("The cyclone formed over the Indian Ocean.", "Indian Ocean"),
        ("Ice covered Lake Baikal in January.", "Lake Baikal"),
        ("The search zone lies in the southern Indian Ocean, north of the old one.", "Indian Ocean"),
    ],
)
def test_a_water_body_the_gazetteer_does_not_name_is_found_unplaced(
    text: str, water: str, gazetteer: Gazetteer
) -> None:
    mentions = geoparse(text, gazetteer)
    [mention] = [m for m in mentions if water in m.text]
    assert mention.text == water and mention.place is None and "no water bodies" in mention.reasons[0]
    assert not any(m.start < mention.end and mention.start < m.end for m in mentions if m is not mention)


def test_a_river_and_a_city_of_one_name_in_one_text(gazetteer: Gazetteer) -> None:
    text = (
        "Rebels shelled Dnipro on Monday. Ukrainian troops crossed the Dnipro. Fighting went on near Donetsk."
    )
    assert found_places(text, gazetteer) == [("Dnipro", DNIPRO_CITY), ("Dnipro", DNIEPER), ("Donetsk", DONETSK)]
    river = geoparse(text, gazetteer)[1]
    assert "written 'the Dnipro'" in river.reasons[0]


def test_the_river_before_a_preposition_and_the_city_after_a_cue(gazetteer: Gazetteer) -> None:
    text = "Russian troops left the right bank of the Dnipro in Kherson Oblast. Missiles struck Dnipro."
    expected = [("Dnipro", DNIEPER), ("Kherson Oblast", 706442), ("Dnipro", DNIPRO_CITY)]
    assert found_places(text, gazetteer) == expected


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


def test_a_sea_named_like_a_region_is_the_sea(gazetteer: Gazetteer) -> None:
    """GeoNames knows "Red Sea" only as Sudan's state and Egypt's governorate named after it."""
    text = (
        "Houthi rebels fired missiles at ships in the Red Sea off Hodeidah, and the US struck targets near "
        "Sanaa."
    )
    found = found_places(text, gazetteer)
    assert ("Red Sea", None) in found  # no GeoNames id: Natural Earth's marine area
    sea = next(m for m in geoparse(text, gazetteer) if m.text == "Red Sea")
    assert sea.place.name == "Red Sea" and sea.place.kind == "water"
    # "off Hodeidah" cues a spelling GeoNames lacks ("Al Hudaydah"); Sanaa makes it Yemen's port
    assert ("Hodeidah", HODEIDAH) in found and ("Sanaa", SANAA) in found


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


@pytest.mark.parametrize(
    "text",
    [
        "Russia's Black Sea Fleet was hit near Sevastopol.",
        "Ukraine struck the Black Sea Fleet headquarters in Sevastopol.",
    ],
)
def test_a_name_going_on_after_a_sea_is_no_town(text: str, gazetteer: Gazetteer) -> None:
    """Fleet, Hampshire is a town: in "Black Sea Fleet" it is the rest of a navy's name."""
    found = found_places(text, gazetteer)
    assert ("Black Sea", None) in found and ("Sevastopol", SEVASTOPOL) in found
    assert not any(name == "Fleet" for name, _ in found)


def test_a_name_after_a_lake_or_a_cape_word_is_still_read(gazetteer: Gazetteer) -> None:
    mentions = geoparse("They sailed from Lake Chad to Cape Cod.", gazetteer)
    found = [(m.text, m.place is None) for m in mentions]
    assert found == [("Lake Chad", True), ("Cape Cod", False)]


# --- streets and roads


@pytest.mark.parametrize(
    ("text", "street"),
    [
        ("The shop on Hampton Avenue in St. Louis closed on Monday.", "Hampton Avenue"),
        ("He was stabbed in an alley off North State Street in Chicago.", "North State Street"),
        ("A man was found near South Ingleside Avenue in Chicago.", "South Ingleside Avenue"),
        ("Traffic stopped on Eglinton Avenue West in Toronto.", "Eglinton Avenue West"),
        ("Protesters filled Lafayette Square in Washington.", "Lafayette Square"),
        # a water word inside a street's name does not make it a water body
        ("Police closed Bay Street in Toronto on Monday.", "Bay Street"),
        ("A march on Lake Shore Drive in Chicago ended peacefully.", "Lake Shore Drive"),
    ],
)
def test_a_street_is_reported_whole_and_placed_at_its_city(
    text: str, street: str, gazetteer: Gazetteer
) -> None:
    mentions = geoparse(text, gazetteer)
    [mention] = [m for m in mentions if m.start <= text.index(street) < m.end]
    assert mention.text == street and text[mention.start : mention.end] == street
    [city] = [m for m in mentions if m is not mention]  # the city is still placed, and the street at it
    assert city.place is not None and mention.place is city.place and mention.confidence <= 0.5
    assert mention.reasons[0].startswith(f"placed at {city.place.name}, where the text puts it")
    assert "no streets or squares" in mention.reasons[1]


def test_the_city_of_a_street_is_still_resolved(gazetteer: Gazetteer) -> None:
    text = "Police said the attack happened in the 400 block of North State Street in Chicago."
    assert found_places(text, gazetteer) == [("North State Street", CHICAGO), ("Chicago", CHICAGO)]


def test_a_lower_case_road_is_no_street_name(gazetteer: Gazetteer) -> None:
    mentions = geoparse("Kiev said on Monday that the road to Debaltseve was cut.", gazetteer)
    assert [m.text for m in mentions] == ["Kiev", "Debaltseve"] and all(m.place for m in mentions)


def test_a_street_word_inside_a_longer_name_still_names_a_street(gazetteer: Gazetteer) -> None:
    [mention] = geoparse("The Donetsk Street Art festival opened.", gazetteer)
    assert (mention.text, mention.place) == ("Donetsk Street", None)


@pytest.mark.parametrize(
    ("text", "streets"),
    [
        ("On Royal Street, near 14th Street, the parade stopped.", ["Royal Street", "14th Street"]),
        ("A shell struck a bus stop on Ushakova Avenue in Kherson.", ["Ushakova Avenue"]),
        ("Harare’s Third Street was closed.", ["Third Street"]),  # Harare owns it
        ("He lives on N. Bedford Drive in Beverly Hills.", ["N. Bedford Drive"]),
        ("Troops entered Kherson. Wall Street fell.", ["Wall Street"]),  # not "Kherson. Wall Street"
    ],
)
def test_a_street_whose_name_no_town_bears_is_found(
    text: str, streets: list[str], gazetteer: Gazetteer
) -> None:
    mentions = geoparse(text, gazetteer)
    found = [m for m in mentions if any("no streets or squares" in r for r in m.reasons)]
    assert [m.text for m in found] == streets
    # unplaced, or at the town named right after it ("Ushakova Avenue in Kherson")
    assert all(m.place is None or text[m.end :].startswith(f" in {m.place.name}") for m in found)
    assert all(text[m.start : m.end] == m.text for m in mentions)


@pytest.mark.parametrize(
    ("text", "roads"),
    [
        ("The convoy crawled north on the M03 highway out of Debaltseve.", ["M03"]),
        ("A cyclist was hurt in a crash on the A120 at Coggeshall.", ["A120"]),
        ("The A417 southbound carriageway will close; the diversion runs via the A436, A40 and A429.",
         ["A417", "A436", "A40", "A429"]),
        # numbers after "the" that are no roads: weapons, vehicles, levels
        ("Russia moved the S-400 and the T-72 tanks to Crimea, then sold the CT6.", []),
        ("Pupils must reach the B2 level.", []),
    ],
)  # fmt: skip
def test_roads_named_by_their_number_are_reported_unplaced(
    text: str, roads: list[str], gazetteer: Gazetteer
) -> None:
    found = [m for m in geoparse(text, gazetteer) if any("holds no roads" in r for r in m.reasons)]
    assert [m.text for m in found] == roads
    assert all(m.place is None and text[m.start : m.end] == m.text for m in found)


# --- buildings and sites


def test_a_site_named_after_a_distant_town_is_not_there(gazetteer: Gazetteer) -> None:
    # Rogers, Arkansas is in a country of the text's places, but the Rogers Centre is in Toronto
    text = "The Blue Jays play at the Rogers Centre in Toronto, Canada. Fans from Detroit came."
    site = next(m for m in geoparse(text, gazetteer) if m.text.startswith("Rogers"))
    assert site.text == "Rogers Centre" and site.place.name == "Toronto"  # where the text puts it
    assert "no place of that name lies near the text's places" in site.reasons[1]
    assert any(c.place.admin1 == "Arkansas" for c in site.candidates)  # considered, and why not shown
    # with no town after it, the site stays unplaced
    text = "The Blue Jays play at the Rogers Centre. Fans from Toronto and Detroit came."
    site = next(m for m in geoparse(text, gazetteer) if m.text.startswith("Rogers"))
    assert site.place is None and "no place of that name lies near the text's places" in site.reasons[0]


def test_a_theatre_named_after_a_distant_town_is_where_the_text_puts_it(gazetteer: Gazetteer) -> None:
    # The Colony is a town in Texas; the theatre is in Los Angeles, and gets its point
    text = "Prizes were presented at a gala on April 4 at The Colony Theatre in Los Angeles."
    found = [(m.text, m.place.name if m.place else None) for m in geoparse(text, gazetteer)]
    assert found == [("The Colony Theatre", "Los Angeles"), ("Los Angeles", "Los Angeles")]


def test_a_site_after_a_possessive_keeps_its_whole_name(gazetteer: Gazetteer) -> None:
    text = "Police in Fredericton, N.B., said the dogs were taken from Wilson's Farm."
    site = next(m for m in geoparse(text, gazetteer) if m.text.startswith("Wilson"))
    assert site.text == "Wilson's Farm" and text[site.start : site.end] == site.text and site.place is None


@pytest.mark.parametrize(
    ("text", "site"),
    [
        ("They own the adjacent Hotel Kyjev in Bratislava and plan to rebuild it.", "Hotel Kyjev"),
        ("Two died at a concert in the parking lot of the SM Mall of Asia in Manila.", "Mall of Asia"),
    ],
)
def test_a_site_whose_name_opens_with_its_kind_is_not_its_namesake(
    text: str, site: str, gazetteer: Gazetteer
) -> None:
    # the Hotel Kyjev is in Bratislava, not in Kyiv; the Mall of Asia is in Manila, not in Asia
    mentions = geoparse(text, gazetteer)
    [mention] = [m for m in mentions if site in m.text]
    [city] = [m for m in mentions if m is not mention]  # the city is still placed, and the site at it
    assert (mention.text, mention.place) == (site, city.place)
    assert text[mention.start : mention.end] == site
    assert "no place of that name lies near the text's places" in mention.reasons[1]


def test_a_town_after_a_complete_site_name_is_where_the_site_is(gazetteer: Gazetteer) -> None:
    # "Robinson College Cambridge": the college's name is complete; Cambridge says where it is
    text = "She holds a degree from Robinson College Cambridge and lives in Norwich, England."
    [cambridge] = [m for m in geoparse(text, gazetteer) if m.text == "Cambridge"]
    assert cambridge.place is not None and cambridge.place.country == "GB"


@pytest.mark.parametrize(
    ("text", "sites"),
    [
        ("A missile struck near Jamsil Stadium in Seoul.", ["Jamsil Stadium"]),
        ("Protesters gathered outside City Hall before marching to Alder Hey Children's Hospital.",
         ["City Hall", "Alder Hey Children's Hospital"]),
        ("The show opens at the Princes Theatre on April 7.", ["Princes Theatre"]),
        ("She trained at the University of Perpetual Help and the Guildhall School of Music and Drama in "
         "London.", ["University of Perpetual Help", "Guildhall School of Music and Drama"]),
    ],
)  # fmt: skip
def test_a_site_whose_name_no_town_bears_is_found(text: str, sites: list[str], gazetteer: Gazetteer) -> None:
    found = [m for m in geoparse(text, gazetteer) if any("holds no buildings" in r for r in m.reasons)]
    assert [m.text for m in found] == sites
    # unplaced, or at the town named right after it ("Jamsil Stadium in Seoul")
    assert all(m.place is None or text[m.end :].startswith(f" in {m.place.name}") for m in found)


@pytest.mark.parametrize(
    "text",
    [
        "Hospital staff said the ward was full.",  # a facility word opening a sentence names nothing
        "He joined the Money Market Division in 1994.",  # the name goes on past the facility word
        "Arsenio Hall hosted the show.",  # a surname-like facility word after one name: a person
    ],
)
def test_a_facility_word_that_ends_no_site_name_names_nothing(text: str, gazetteer: Gazetteer) -> None:
    assert geoparse(text, gazetteer) == []


def test_sites_in_war_reporting(gazetteer: Gazetteer) -> None:
    # the plant is named after Zaporizhzhia; the theatre after Mariupol, not after Drama in Greece;
    # the hospital has no place in its name and is put where the text says it is
    text = (
        "A missile struck the Okhmatdyt Children's Hospital in Kyiv. Shelling hit the Zaporizhzhia "
        "Nuclear Power Plant near Enerhodar. In Mariupol, the Mariupol Drama Theatre was bombed."
    )
    found = [
        (m.text, m.place.name if m.place else None, m.embedded, m.approximate)
        for m in geoparse(text, gazetteer)
    ]
    assert found == [
        ("Okhmatdyt Children's Hospital", "Kyiv", False, True),
        ("Kyiv", "Kyiv", False, False),
        ("Zaporizhzhia", "Zaporizhzhya", True, False),
        ("Enerhodar", "Enerhodar", False, False),
        ("Mariupol", "Mariupol", False, False),
        ("Mariupol", "Mariupol", True, False),
    ]


# --- settlements and areas the gazetteer lacks


def test_a_settlement_the_gazetteer_lacks_is_reported_unplaced(gazetteer: Gazetteer) -> None:
    # Kansafra (Idlib) is in no index of ours: cities500 has no Syrian village that small
    text = "In the Idlib region, the villages of Kansafra and Ariha were hit."
    mentions = {m.text: m for m in geoparse(text, gazetteer)}
    assert mentions["Kansafra"].place is None and mentions["Kansafra"].confidence == 0.0
    assert "does not know" in mentions["Kansafra"].reasons[0]
    assert mentions["Ariha"].place.admin1 == "Idlib"
    # a name without such a cue stays out: it may be anything
    assert [m.text for m in geoparse("Kansafra and Ariha were hit.", gazetteer)] == ["Ariha"]


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("Syrian troops captured Kansafra on Tuesday.", "after 'captured'"),
        ("Drones shelled Kansafra again.", "after 'shelled'"),
        ("Troops withdrew from Kansafra in Idlib towards Ariha.", "written 'in Idlib'"),
        ("Fighting raged at Kansafra, south of Ariha.", "written 'south of Ariha'"),
        ("Shelling was heard near Kansafra, near Ariha.", "written 'near Ariha'"),
    ],
)
def test_a_village_the_gazetteer_lacks_is_found_by_what_only_ground_takes(
    gazetteer: Gazetteer, text: str, cue: str
) -> None:
    [village] = [m for m in geoparse(text, gazetteer) if m.text == "Kansafra"]
    assert village.place is None
    assert village.reasons[0] == f"{cue}: a settlement; the offline gazetteer does not know it"


@pytest.mark.parametrize(
    "text",
    [
        "Protesters stormed Parliament on Tuesday.",
        "Russian troops captured Ukrainian soldiers near Orikhiv.",
        "A call from Zelenskyy came after the talks.",
        "Allies occupied Bruges House in Orikhiv.",
    ],
)
def test_an_unknown_name_after_a_verb_that_also_takes_people_or_in_a_longer_name_is_no_settlement(
    gazetteer: Gazetteer, text: str
) -> None:
    assert all(m.place is not None for m in geoparse(text, gazetteer))


def test_a_part_of_a_territory_the_gazetteer_lacks_is_reported_unplaced(gazetteer: Gazetteer) -> None:
    # Eastern Ghouta, by Damascus, is an area: no GeoNames town bears the name
    text = ("The offensive in eastern Ghouta has killed more than 1,600 civilians. Buses left other "
            "parts of eastern Ghouta for Idlib.")
    mentions = geoparse(text, gazetteer)
    areas = [m for m in mentions if m.text == "Ghouta"]
    assert [m.start for m in areas] == [m.start() for m in re.finditer("Ghouta", text)]
    assert all(m.place is None and "an area" in m.reasons[0] for m in areas)
    assert any(m.text == "Idlib" and m.place.country == "SY" for m in mentions)
    # a capitalised adjective opens a name, which may be anything
    assert geoparse("She trained in Western Medicine and Eastern Philosophy.", gazetteer) == []


def test_an_unknown_hyphenated_name_is_reported_whole_and_as_an_area_when_it_holds_a_town(
    gazetteer: Gazetteer,
) -> None:
    text = "Azerbaijani forces entered Stepanakert, the main city of Nagorno-Karabakh, after shelling Shusha."
    [area] = [m for m in geoparse(text, gazetteer) if "Karabakh" in m.text]
    assert area.text == "Nagorno-Karabakh" and area.place is None and ": an area;" in area.reasons[0]
    [village] = geoparse("Russian troops captured the village of Novo-Mykhailivka.", gazetteer)
    assert village.text == "Novo-Mykhailivka" and ": a settlement;" in village.reasons[0]
