"""Which names resolution weighs and which plausible places are kept (:mod:`geo.geoparser.acceptance`):
near or in the text's sure places, in the focus country, a town abroad, a foreign name of a great
city, a name inside another name, and a name alone in its text."""

from __future__ import annotations

import pytest

from geo.gazetteer import Gazetteer
from geo.geoparser import geoparse
from geo.model import ReasonCode as C
from tests.geo.cases import Case, case_test

# Whether a plausible place is kept (see tests/geo/cases.py to add a row).
CASES: list[Case] = [
    # GeoNames knows these only as other names of Kyiv, Kharkiv and the Autonomous Republic of
    # Crimea: the English name of a great city or region needs no cue
    ("Moscow accused Kiev of provocations.", "Kiev", 703448, C.WELL_KNOWN),
    ("The Kremlin said Kharkov and Kiev were targets.", "Kharkov", 706483, C.WELL_KNOWN),
    ("Russia annexed Crimea in 2014.", "Crimea", 703883, C.WELL_KNOWN),
    # ... and it is kept where it fits: in a country of the text's places, or as its only geography
    ("Kiev said the ceasefire held in Donetsk.", "Kiev", 703448, C.IN_COUNTRY_OF_PLACES),
    ("Kiev said the ceasefire held.", "Kiev", 703448, C.ONLY_GEOGRAPHY),
    # another name of a great place must fit when it may be a common word: Perth's "Part" opening a
    # sentence, Western Australia's "West Coast"
    ("Boston firms had a lot of turnover. Part of that is people being promoted.", "Part", None, None),
    ("He kept West Coast, with whom he had exchanged the lead, in Dubai.", "West Coast", None, None),
    # the first words of a big city's name are its own: GeoNames' "Frankfurt am Main" (650,000
    # people), not another language's name of it that must lie near the text's other places
    ("Shares fell in Tokyo, while Frankfurt, Paris and Milan rose.", "Frankfurt", 2925533, None),
    # a town or district small for a country no other place of the text is in must fit the text:
    # Grand is a village of Côte d'Ivoire, the street corner is in Chicago
    ("Police in Chicago said he ran into the Red Line platform at Grand and State, "
     "where officers from Evanston, Illinois arrested him.", "Grand", None, None),
    # ... Mary, Turkmenistan (167,000 people) is no sure place in a Philippine story
    ("Pilgrims in Manila and Cebu remembered Mary on Sunday; churches in Davao were full.", "Mary", None,
     None),
    # ... Zara is also a district of Sivas, Turkey (12,797 people): the shop, in a story of Spain and London
    ("Inditex, the company behind Zara, is based in Spain. Its designers in London visited Zara's "
     "headquarters at Arteixo. Shoppers at Zara in Madrid queued.", "Zara", None, None),
    # ... unless it has a cue and a size: Clacton-on-Sea (GB, over 20,000 people) in a US story
    ("The soldier, who was born in Clacton-on-Sea, served in Texas and Florida with US forces.",
     "Clacton-on-Sea", 2652974, C.LOCATIVE),
    # a plausible county far from the text's towns still fits: it lies in the state the text names
    ("Schools in Kentucky will get more money this year, the state's education department said. "
     "Pike County, a district harder hit, is set to receive more.", "Pike County", 4304226,
     C.IN_NAMED_REGION),
]  # fmt: skip


test_rule_cases = case_test(CASES)


@pytest.mark.parametrize(
    "text",
    [
        "Russian forces shelled near Olhyne, Kherson.",  # a village before its oblast's name
        "Russian forces shelled near Olhyne, Kherson. Casualties unknown.",
        "Russian forces shelled near Kansafra, Kherson.",  # a name the gazetteer does not know
        "Kherson was shelled overnight.",
    ],
)
def test_a_citys_own_name_is_no_foreign_name_for_its_oblast(text: str, gazetteer: Gazetteer) -> None:
    """"Kherson" is the oblast's English name and the city's own: it is a place wherever it stands.

    GeoNames' Kherson (706448) has 66,000 people in cities500, under the 100,000 that made a big
    namesake; the name was read as the oblast's foreign name only and dropped with the unknown
    village before it, so the ACLED-style "near Olhyne, Kherson" gave no place and no event. (With
    GeoNames' Ukraine dump the village is known too, and lies in the oblast.)
    """
    places = [m.place for m in geoparse(text, gazetteer) if m.place is not None]
    assert places and places[-1].geonameid in (706448, 706442)
    assert all(p.admin1 == "Khersonska oblast" for p in places)


def test_a_region_known_by_that_name_only_as_an_alternate_must_fit(gazetteer: Gazetteer) -> None:
    """GeoNames lists "West Coast" as a name of Western Australia: not in a text about California."""
    text = (
        "After stops in Washington and Boston, the prince spent this week on the West Coast in Los Angeles."
    )
    assert all(m.place is None or m.place.country == "US" for m in geoparse(text, gazetteer))


def test_a_name_inside_a_facility_name_must_fit_the_text(gazetteer: Gazetteer) -> None:
    # Kingsley (Australia) is the best-known Kingsley, but this Kingsley Road is in New Brunswick:
    # a street, reported unplaced
    text = "Police in Fredericton, N.B., said the dogs were taken from a farm on Kingsley Road."
    mentions = geoparse(text, gazetteer)
    found = [(m.text, m.place is None) for m in mentions]
    assert found == [("Fredericton", False), ("N.B.", False), ("Kingsley Road", True)]
    # nor a small town's possessive before a facility (Wilson, Australia: "Wilson's Farm")
    text = "Police in Fredericton, N.B., said the dogs were taken from Wilson's Farm along Kingsley Road."
    assert [m.text for m in geoparse(text, gazetteer) if m.place] == ["Fredericton", "N.B."]
    # a namesake in a country the text names is kept, flagged and explained
    text = "Officials in Fredericton said it to the Toronto Star. Canada is cold."
    toronto = next(m for m in geoparse(text, gazetteer) if m.text == "Toronto")
    assert toronto.embedded and toronto.place.country == "CA"
    assert any("a country of the text's places" in r or "near or in places" in r for r in toronto.reasons)


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


def test_a_focus_country_anchors_a_plausible_name(gazetteer: Gazetteer) -> None:
    text = "Vuhlehirsk remains tense."
    assert geoparse(text, gazetteer) == []  # a village of 7,000, alone, without a focus
    (got,) = geoparse(text, gazetteer, country_focus=["UA"])
    assert got.place is not None and got.place.geonameid == 690822
    assert "focus country UA" in got.reasons[0]


def test_a_lone_town_with_no_cue_is_kept_with_less_confidence(gazetteer: Gazetteer) -> None:
    (alone,) = geoparse("Debaltseve remains tense.", gazetteer)
    (cued,) = geoparse("Rebels shelled Debaltseve.", gazetteer)
    assert alone.place is not None and alone.place.geonameid == 710229
    assert "only geography" in alone.reasons[0]
    assert alone.confidence < cued.confidence


def test_a_hinted_country_excludes_a_faraway_namesake(gazetteer: Gazetteer) -> None:
    """In a Polish poll, "Debaltseve" (read as a party) is no Ukrainian town, though it is the
    text's only name; alone, a town that dwarfs its namesakes is kept.
    """
    text = "The Polish poll put Debaltseve on 0.9 percent."
    assert all(m.text != "Debaltseve" for m in geoparse(text, gazetteer))
    alone = geoparse("Debaltseve is quiet tonight.", gazetteer)
    assert [(m.text, m.place.geonameid) for m in alone] == [("Debaltseve", 710229)]


@pytest.mark.parametrize(
    "text",
    [
        "Heavy rain fell on Sunday.",
        "Sailor Igor said the Guardian was wrong.",
        "Liberty is precious.",  # many towns of a size share the name: none stands out
        "Hope faded for the missing.",
        "Grad rockets hit the town.",
    ],
)
def test_common_words_alone_are_not_places(text: str, gazetteer: Gazetteer) -> None:
    assert geoparse(text, gazetteer) == []


def test_a_lone_name_shared_by_many_small_towns_is_no_place(gazetteer: Gazetteer) -> None:
    """A lone "Freedom" means none of its many small towns; no town lends itself its own focus."""
    assert geoparse("Freedom is quiet tonight.", gazetteer) == []
