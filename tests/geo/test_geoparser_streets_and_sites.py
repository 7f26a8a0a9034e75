"""Streets, squares and sites named after places: never put on a distant namesake.

"Hampton Avenue" in St. Louis is not Hampton, Virginia, and "North State Street" in Chicago is not
Cameroon's North Region. The offline gazetteer holds no streets; the mention keeps its whole name
and the reason, for an online geocoder or the user to place. A building or a site ("Rogers Centre",
"Colchester Hospital") is in its namesake town only when that town lies near the text's places.
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
        # a water word inside a street's name does not make it a water body
        ("Police closed Bay Street in Toronto on Monday.", "Bay Street"),
        ("A march on Lake Shore Drive in Chicago ended peacefully.", "Lake Shore Drive"),
    ],
)
def test_a_street_is_reported_whole_and_placed_at_its_city(text: str, street: str, gazetteer: Gazetteer) -> None:
    mentions = geoparse(text, gazetteer)
    [mention] = [m for m in mentions if m.start <= text.index(street) < m.end]
    assert mention.text == street and text[mention.start : mention.end] == street
    [city] = [m for m in mentions if m is not mention]  # the city is still placed, and the street at it
    assert city.place is not None and mention.place is city.place and mention.confidence <= 0.5
    assert mention.reasons[0].startswith(f"placed at {city.place.name}, where the text puts it")
    assert "no streets or squares" in mention.reasons[1]


def test_the_city_of_a_street_is_still_resolved(gazetteer: Gazetteer) -> None:
    text = "Police said the attack happened in the 400 block of North State Street in Chicago."
    found = [(m.text, m.place.geonameid if m.place else None) for m in geoparse(text, gazetteer)]
    assert found == [("North State Street", CHICAGO), ("Chicago", CHICAGO)]


def test_a_lower_case_road_is_no_street_name(gazetteer: Gazetteer) -> None:
    mentions = geoparse("Kiev said on Monday that the road to Debaltseve was cut.", gazetteer)
    assert [m.text for m in mentions] == ["Kiev", "Debaltseve"] and all(m.place for m in mentions)


def test_a_street_word_inside_a_longer_name_still_names_a_street(gazetteer: Gazetteer) -> None:
    [mention] = geoparse("The Donetsk Street Art festival opened.", gazetteer)
    assert (mention.text, mention.place) == ("Donetsk Street", None)


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


def test_a_site_in_a_town_near_the_text_places_keeps_the_town(gazetteer: Gazetteer) -> None:
    text = "The patient was moved from Colchester Hospital after a crash near Ipswich, Suffolk."
    colchester = next(m for m in geoparse(text, gazetteer) if m.text == "Colchester")
    assert colchester.embedded and colchester.place.country == "GB"
    assert any("near or in places the text names" in r for r in colchester.reasons)


def test_a_town_named_in_several_site_names_is_the_text_locale(gazetteer: Gazetteer) -> None:
    once = "Venues in Ireland include the Cavan Institute. Fans flew in from Boston."
    assert [m.place for m in geoparse(once, gazetteer) if m.text.startswith("Cavan")] == [None]
    twice = "Venues in Ireland include the Cavan Institute and the Cavan Library. Fans flew in from Boston."
    cavan = [m for m in geoparse(twice, gazetteer) if m.text == "Cavan"]
    assert len(cavan) == 2 and all(m.place.country == "IE" for m in cavan)


def test_a_site_after_a_possessive_keeps_its_whole_name(gazetteer: Gazetteer) -> None:
    text = "Police in Fredericton, N.B., said the dogs were taken from Wilson's Farm."
    site = next(m for m in geoparse(text, gazetteer) if m.text.startswith("Wilson"))
    assert site.text == "Wilson's Farm" and text[site.start : site.end] == site.text and site.place is None


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


def test_every_site_word_is_an_organisation_word() -> None:
    """A site's name is first read as a name embedded in an organisation's; the site words narrow it."""
    from geo.text import lexicon

    words = lexicon()
    assert words.facility_words <= words.organisation_words
    assert not words.street_words & words.water_words


@pytest.mark.parametrize(
    ("text", "site"),
    [
        ("They own the adjacent Hotel Kyjev in Bratislava and plan to rebuild it.", "Hotel Kyjev"),
        ("Two died at a concert in the parking lot of the SM Mall of Asia in Manila.", "Mall of Asia"),
    ],
)
def test_a_site_whose_name_opens_with_its_kind_is_not_its_namesake(text: str, site: str, gazetteer: Gazetteer) -> None:
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
    ("text", "name", "place"),
    [
        ("The Bank of Japan kept its rates, and Tokyo markets rose.", "Japan", 1861060),
        ("Executives of the Chambers of Commerce and Industry met in Dallas, Texas.", "Commerce", None),
        ("The Ministry of Commerce in Beijing said the measures were unfair.", "Commerce", None),
    ],
)
def test_a_place_after_an_institution_and_of_is_part_of_its_name(
    text: str, name: str, place: int | None, gazetteer: Gazetteer
) -> None:
    """A big place is reported embedded (the Bank of Japan); a small namesake town is no place."""
    found = [m for m in geoparse(text, gazetteer) if m.text == name]
    if place is None:
        assert found == []
    else:
        [mention] = found
        assert mention.embedded and mention.metonymic and mention.place.geonameid == place


@pytest.mark.parametrize(
    ("text", "sites"),
    [
        ("A missile struck near Jamsil Stadium in Seoul.", ["Jamsil Stadium"]),
        ("Protesters gathered outside City Hall before marching to Alder Hey Children's Hospital.",
         ["City Hall", "Alder Hey Children's Hospital"]),
        ("The show opens at the Princes Theatre on April 7.", ["Princes Theatre"]),
        ("She trained at the University of Perpetual Help and the Guildhall School of Music and Drama in London.",
         ["University of Perpetual Help", "Guildhall School of Music and Drama"]),
    ],
)
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
    found = [(m.text, m.place.name if m.place else None, m.embedded, m.approximate) for m in geoparse(text, gazetteer)]
    assert found == [
        ("Okhmatdyt Children's Hospital", "Kyiv", False, True),
        ("Kyiv", "Kyiv", False, False),
        ("Zaporizhzhia", "Zaporizhzhya", True, False),
        ("Enerhodar", "Enerhodar", False, False),
        ("Mariupol", "Mariupol", False, False),
        ("Mariupol", "Mariupol", True, False),
    ]


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
)
def test_roads_named_by_their_number_are_reported_unplaced(text: str, roads: list[str], gazetteer: Gazetteer) -> None:
    found = [m for m in geoparse(text, gazetteer) if any("holds no roads" in r for r in m.reasons)]
    assert [m.text for m in found] == roads
    assert all(m.place is None and text[m.start : m.end] == m.text for m in found)
