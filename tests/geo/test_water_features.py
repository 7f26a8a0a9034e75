"""Water bodies and landforms in the gazetteer (issue 23): placed where the text names them as such.

GeoNames' rivers, reservoirs, straits, islands and spits (from the Ukraine dump) and Natural Earth's
seas (``geo/data/marine_areas.csv``) are in the index, kinds "water" and "landform". A text names
one with its generic word ("the Sea of Azov", "Kakhovka Reservoir", "Snake Island") or with "the"
where no town is meant ("crossed the Dnipro."): only there is it chosen. A bare "Dnipro" stays the
city, and a village named like a river stays the village.
"""

from __future__ import annotations

import pytest

from geo.gazetteer import FEATURE_KINDS, Gazetteer
from geo.geoparser import geoparse
from geo.model import Mention

DNIEPER = 565896  # GeoNames: the river Dnieper (alternate names "Dnipro", "Dnipro River", ...)
DNIPRO_CITY = 709930
KHERSON_CITY = 706448
KAKHOVKA_RESERVOIR = 707242  # "Kakhovske Vodoskhovyshche"
SNAKE_ISLAND = 686930  # "Ostriv Zmiyinyy"
KERCH_STRAIT = 706523
KINBURN_SPIT = 705873
TENDRA_SPIT = 691726  # "Tendrivska Kosa"
DZHARYLHACH = 709330  # "Ostriv Dzharylhach"
OSKIL_RIVERS = {514365, 12906761}  # GeoNames holds the Oskil twice
OSKIL_VILLAGE = 710514
DESNA_RIVER = 566389  # the Desna that flows past Chernihiv (GeoNames has a second, near Vinnytsia)


def _mention(text: str, name: str, gazetteer: Gazetteer) -> Mention:
    [mention] = [m for m in geoparse(text, gazetteer) if m.text == name]
    return mention


# --- the index


def test_the_index_holds_rivers_islands_and_seas(gazetteer: Gazetteer) -> None:
    assert FEATURE_KINDS == ("water", "landform")  # geo.gazetteer's queries write them out
    river, island = gazetteer.get(DNIEPER), gazetteer.get(SNAKE_ISLAND)
    assert river is not None and river.kind == "water"
    assert island is not None and island.kind == "landform"
    [sea] = gazetteer.find_features("Sea of Azov")
    assert (sea.place.kind, sea.place.geonameid, sea.place.name) == ("water", None, "Sea of Azov")
    assert 45.5 < sea.place.lat < 47.0 and 35.0 < sea.place.lon < 39.0  # inside the sea, off Berdiansk


def test_english_and_adjective_forms_find_the_feature(gazetteer: Gazetteer) -> None:
    def first(name: str, word: str) -> int | None:
        return gazetteer.find_features(name, word)[0].place.geonameid

    assert first("River Dnipro", "river") == first("Dnipro River", "river") == DNIEPER  # added English forms
    assert first("Zmiinyi Island", "island") == SNAKE_ISLAND  # "Ostriv Zmiinyi"
    assert first("Kakhovka Reservoir", "reservoir") == KAKHOVKA_RESERVOIR  # "Kakhovske Vodoskhovyshche"
    assert first("Tendra Spit", "spit") == TENDRA_SPIT  # "Tendrivska Kosa"
    assert gazetteer.find_features("Siverskyi Donets River", "river") == []  # not in the Ukraine dump


def test_a_bare_name_finds_no_water_body_and_recognises_none(gazetteer: Gazetteer) -> None:
    assert all(c.place.kind not in FEATURE_KINDS for c in gazetteer.find("Dnipro"))
    assert gazetteer.find("Dnipro")[0].place.geonameid == DNIPRO_CITY
    assert gazetteer.find("Kerch Strait") == []  # found only as a feature
    assert "kerch strait" not in gazetteer.name_keys and "dnipro" in gazetteer.name_keys  # the city's


# --- the geoparser: named as such


#: Sentences as war reporting writes them: the feature's name in each, and the right entry (a
#: GeoNames id, or the name of a Natural Earth sea, which has none).
NAMED_AS_SUCH: dict[str, tuple[str, int | str]] = {
    "Russian landing ships were seen in the Sea of Azov off Berdiansk.": ("Sea of Azov", "Sea of Azov"),
    "Shelling continued along the Azov Sea coast near Mariupol.": ("Azov Sea", "Sea of Azov"),
    "Naval drones struck a Russian tanker in the Black Sea overnight.": ("Black Sea", "Black Sea"),
    "Drones hit Russia's Black Sea Fleet near Sevastopol.": ("Black Sea", "Black Sea"),
    "A truck bomb damaged the bridge across the Kerch Strait.": ("Kerch Strait", KERCH_STRAIT),
    "Ukrainian troops held a bridgehead on the Dnipro River near Krynky.": ("Dnipro River", DNIEPER),
    "Ukrainian troops crossed the Dnipro river south of Kherson.": ("Dnipro river", DNIEPER),
    "Boats ferried troops across the river Dnipro at night.": ("river Dnipro", DNIEPER),
    "Russian forces withdrew across the Dnieper from Kherson.": ("Dnieper", DNIEPER),
    "Water poured out of the Kakhovka Reservoir.": ("Kakhovka Reservoir", KAKHOVKA_RESERVOIR),
    "Russian forces abandoned Snake Island on June 30.": ("Snake Island", SNAKE_ISLAND),
    "Ukraine's flag was raised again on Zmiinyi Island.": ("Zmiinyi Island", SNAKE_ISLAND),
    "Ukrainian marines raided the Kinburn Spit overnight.": ("Kinburn Spit", KINBURN_SPIT),
    "Russian troops dug in on the Tendra Spit.": ("Tendra Spit", TENDRA_SPIT),
    "Explosions were heard on the Dzharylhach island.": ("Dzharylhach island", DZHARYLHACH),
}


@pytest.mark.parametrize("text", NAMED_AS_SUCH)
def test_a_water_body_or_landform_named_as_such_is_placed(text: str, gazetteer: Gazetteer) -> None:
    name, right = NAMED_AS_SUCH[text]
    mention = _mention(text, name, gazetteer)
    assert mention.place is not None and mention.place.kind in FEATURE_KINDS, mention.reasons
    assert (mention.place.geonameid or mention.place.name) == right
    assert "in the offline gazetteer" in mention.reasons[0] and mention.confidence > 0.5


def test_the_oskil_river_is_the_river_and_the_village_the_village(gazetteer: Gazetteer) -> None:
    river = _mention("Fighting continued along the Oskil River near Kupiansk.", "Oskil River", gazetteer)
    assert river.place is not None and river.place.geonameid in OSKIL_RIVERS
    village = _mention("Russian troops shelled Oskil and Kupiansk on Tuesday.", "Oskil", gazetteer)
    assert village.place is not None and village.place.geonameid == OSKIL_VILLAGE


def test_a_river_written_with_the_and_no_town_reading(gazetteer: Gazetteer) -> None:
    text = "Rebels shelled Dnipro on Monday. Ukrainian troops crossed the Dnipro. Fighting raged in Kherson."
    found = [(m.text, m.place.geonameid if m.place else None) for m in geoparse(text, gazetteer)]
    assert found == [("Dnipro", DNIPRO_CITY), ("Dnipro", DNIEPER), ("Kherson", KHERSON_CITY)]
    assert "written 'the Dnipro'" in geoparse(text, gazetteer)[1].reasons[0]


def test_of_two_rivers_of_one_name_the_one_near_the_texts_places(gazetteer: Gazetteer) -> None:
    river = _mention("Russian troops blew up the bridges over the Desna near Chernihiv.", "Desna", gazetteer)
    assert river.place is not None and river.place.geonameid == DESNA_RIVER


# --- the geoparser: bare names stay towns


@pytest.mark.parametrize(
    ("text", "name", "town"),
    [
        ("A missile strike on Dnipro killed four people.", "Dnipro", DNIPRO_CITY),
        ("Shelling in Kherson damaged the regional hospital.", "Kherson", KHERSON_CITY),
        ("The city of Dnipro was hit by missiles. The Dnipro River divides the city.", "Dnipro", DNIPRO_CITY),
        ("Russian troops shelled Oskil and Kupiansk on Tuesday.", "Oskil", OSKIL_VILLAGE),
    ],
)
def test_a_bare_name_stays_the_town(text: str, name: str, town: int, gazetteer: Gazetteer) -> None:
    mention = next(m for m in geoparse(text, gazetteer) if m.text == name)
    assert mention.place is not None and mention.place.geonameid == town


def test_a_village_named_like_a_river_keeps_the_village_in_an_event(gazetteer: Gazetteer) -> None:
    text = "Russian forces shelled Desna, a village in Chernihiv Oblast, on Sunday."
    village = _mention(text, "Desna", gazetteer)
    assert village.place is not None and village.place.kind == "settlement"
    assert all(c.place.kind not in FEATURE_KINDS for c in village.candidates)  # the river was no candidate


def test_a_water_body_the_gazetteer_lacks_stays_unplaced(gazetteer: Gazetteer) -> None:
    text = "Troops crossed the Siverskyi Donets River near Izium."
    river = _mention(text, "Siverskyi Donets River", gazetteer)
    assert river.place is None and "no water bodies" in river.reasons[0]


@pytest.mark.parametrize(
    ("query", "name", "geonameid"),
    [("Sea of Azov", "Sea of Azov", None), ("Dnipro", "Dnipro", 709930)],  # the city keeps its name
)
def test_the_offline_geocoder_finds_a_sea_only_where_no_town_has_the_name(
    query: str, name: str, geonameid: int | None, gazetteer: Gazetteer
) -> None:
    from geo.geocoders import GazetteerGeocoder

    best = GazetteerGeocoder(gazetteer).geocode(query)
    assert best is not None and (best.name, best.geonameid) == (name, geonameid)
