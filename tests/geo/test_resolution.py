"""Rounds of resolution: names chosen together must fit together."""

from __future__ import annotations

import pytest

from geo.gazetteer import Gazetteer, haversine_km
from geo.model import Candidate, Place
from geo.resolution import TERMS, WEIGHTS, Group, _Document, _score_round, resolve_groups


def _namesakes(name: str, *points: tuple[float, float]) -> Group:
    # two villages of one name in one country, equal in size: only the other name can decide
    places = [Place(name, lat, lon, geonameid=i + hash(name) % 1000, country="UA", population=2000)
              for i, (lat, lon) in enumerate(points)]
    return Group(name.lower(), tuple(Candidate(p, 0.5, name) for p in places), (len(name),), False, ())


def test_two_names_that_swing_between_rounds_settle_together() -> None:
    # Alpha's first candidate lies by Beta's second and the other way round: chosen in lockstep,
    # each round swaps both, and the rounds end with one village in the north and one in the south
    alpha = _namesakes("Alpha", (48.0, 37.0), (50.0, 37.0))
    beta = _namesakes("Beta", (50.2, 37.1), (48.2, 37.1))
    choices = resolve_groups([alpha, beta], countries={})
    a, b = (c.place for c in choices)
    assert haversine_km(a.lat, a.lon, b.lat, b.lon) < 50
    assert all(c.candidates[0].place is c.place for c in choices)  # the explanation shows the winner first


def test_a_names_own_choice_does_not_lower_the_focus_it_is_measured_against(gazetteer: Gazetteer) -> None:
    # "San Marcos" in a text about the US: its candidate in California has the document's whole
    # US focus whether the name's current choice is that town or the department in Guatemala
    # (were it less while chosen, the name would swing between the two from round to round)
    towns = {(c.place.country, c.place.kind): c for c in gazetteer.find("San Marcos")}
    california, guatemala = towns[("US", "settlement")], towns[("GT", "region")]
    others = [c for name in ("Parkland", "Washington") for c in gazetteer.find(name)[:1]]
    groups = [Group(f"other {i}", (c,), (i,), False, ()) for i, c in enumerate(others)]
    doc = _Document.of([*groups, Group("san marcos", (california, guatemala), (2,), False, ())], WEIGHTS)
    for own in (2, 3):  # the rows of California's and Guatemala's San Marcos
        scored = _score_round(doc, [0, 1, own], {})
        assert scored.values[2, TERMS.index("country_focus")] == 1.0


def _placed(text: str, gazetteer: Gazetteer) -> dict[str, Place | None]:
    from geo.geoparser import geoparse

    return {m.text: m.place for m in geoparse(text, gazetteer)}


def test_a_village_whose_namesakes_all_lie_far_from_where_the_text_puts_it_is_not_placed(
    gazetteer: Gazetteer,
) -> None:
    # GeoNames' cities500 has ten Pavlivkas, none in Donetsk oblast: the likeliest (Vinnytsia
    # oblast) lies 670 km from Vuhledar and must not be drawn in its stead
    from geo.geoparser import geoparse

    text = "Russian forces shelled Pavlivka, south-west of Vuhledar. Fighting went on near Kamianka, north of Avdiivka."
    mentions = {m.text: m for m in geoparse(text, gazetteer)}
    for name, phrase in (("Pavlivka", "south-west of Vuhledar"), ("Kamianka", "north of Avdiyivka")):
        village = mentions[name]
        assert village.place is None and village.confidence == 0.0
        assert village.reasons[0].startswith(f"not placed: the text puts it {phrase}")
        assert "online geocoder" in village.reasons[0]
        assert village.candidates  # kept for the user and the online geocoder to choose from
    assert mentions["Vuhledar"].place.geonameid == 690823 and mentions["Avdiivka"].place is not None


def test_a_village_not_in_the_region_the_text_names_is_not_placed(gazetteer: Gazetteer) -> None:
    # GeoNames' Klishchiivkas both lie in Donetsk oblast
    found = _placed("Ukrainian troops held Klishchiivka in the Kharkiv region.", gazetteer)
    assert found["Klishchiivka"] is None and found["Kharkiv"].kind == "region"


def test_a_namesake_where_the_text_puts_it_is_chosen(gazetteer: Gazetteer) -> None:
    horlivka = _placed("Shelling hit Novoselivka, north-west of Horlivka.", gazetteer)
    village, city = horlivka["Novoselivka"], horlivka["Horlivka"]
    assert village.admin1 == "Donetska oblast" and haversine_km(village.lat, village.lon, city.lat, city.lon) < 60
    assert _placed("Shelling hit Pavlivka in Luhansk Oblast.", gazetteer)["Pavlivka"].admin1 == "Luhanska oblast"
    assert _placed("Troops held Novoselivka in the Poltava region.", gazetteer)["Novoselivka"].admin1 == (
        "Poltavska oblast"
    )


def test_a_city_far_in_the_stated_direction_stays_placed(gazetteer: Gazetteer) -> None:
    # of a city, "west of Kyiv" may span 470 km
    assert _placed("Rockets hit Lviv, west of Kyiv.", gazetteer)["Lviv"].geonameid == 702550


def test_a_village_in_the_opposite_direction_is_not_placed(gazetteer: Gazetteer) -> None:
    # GeoNames' only Soledar lies 40 km north of Horlivka
    from geo.geoparser import geoparse

    [town, city] = geoparse("Shelling hit Soledar, south of Horlivka.", gazetteer)
    assert town.place is None and city.place.name == "Horlivka"
    assert town.reasons[0].startswith("not placed: the text puts it south of Horlivka, and the gazetteer's "
                                      "Soledar lies north of it")
    # north of it, the same town is placed
    assert _placed("Shelling hit Soledar, north of Horlivka.", gazetteer)["Soledar"] is not None


@pytest.mark.parametrize(
    ("text", "name", "oblast"),
    [
        ("Russian forces shelled near Oleksandrivka, Luhansk.", "Oleksandrivka", "Luhanska oblast"),
        ("Fighting raged near Pavlivka, Donetsk region.", "Pavlivka", "Donetska oblast"),
        ("Drones hit Vesele, Kherson.", "Vesele", "Khersonska oblast"),
    ],
)
def test_a_village_written_with_its_oblast_is_a_namesake_there_however_small(
    gazetteer: Gazetteer, text: str, name: str, oblast: str
) -> None:
    # a hundred villages bear these names; the 25 most populous include none of that oblast's
    assert all(c.place.admin1 != oblast for c in gazetteer.find(name, limit=25))
    assert _placed(text, gazetteer)[name].admin1 == oblast
