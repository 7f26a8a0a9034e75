"""Spatial phrases between place names (:mod:`geo.spatial`): "south of", "Town, Region", "near",
a sentence that opens "In <region>, ...", and the places they choose in the geoparser."""

from __future__ import annotations

import re

import pytest

from geo.gazetteer import Gazetteer
from geo.geoparser import geoparse
from geo.spatial import Relation, bearing_deg, relations
from tests.geo.cases import Case, case_test

# A spatial phrase chooses among namesakes (see tests/geo/cases.py to add a row).
CASES: list[Case] = [
    # "Town, Region": the town in that region
    ("The band played in Paris, Texas, last night.", "Paris", 4717560, None),
    ("Students in Moscow, Idaho, protested.", "Moscow", 5601538, None),
    ("The game in Athens, Georgia, was close.", "Athens", 4180386, None),
    # a list is no "Town, Region": the best-known Moscow
    ("Talks in Moscow and Paris stalled.", "Moscow", 524901, None),
    # "and Menaka in Mali": "in" puts the town in the country, whatever list came before
    ("Jihadists attacked Djibo and Kaya in Burkina Faso, and Menaka in Mali.", "Menaka", 12070577, None),
    ("Jihadists attacked Djibo and Kaya in Burkina Faso, and Menaka in Mali.", "Kaya", 2359608, None),
    # a sentence opening "In <region>," scopes its places: Petropavlivka (2,486) in Kharkiv oblast,
    # not the bigger one in Dnipropetrovsk oblast; Berezivka in Kharkiv oblast, not Odesa oblast's
    ("In Kharkiv Oblast, troops attacked near Petropavlivka. "
     "In Dnipropetrovsk Oblast, shelling hit Nikopol.", "Petropavlivka", 697421, None),
    ("In Donetsk Oblast, troops attacked near Lyman. "
     "In Kharkiv Oblast, fighting went on near Berezivka.", "Berezivka", 712294, None),
    # "north of Starobilsk" moves the choice from the most populous Pavlivka (Vinnytsia oblast)
    # to the one in Luhansk oblast
    ("Rain fell in Pavlivka overnight.", "Pavlivka", 697841, None),
    ("Rain fell in Pavlivka, north of Starobilsk, overnight.", "Pavlivka", 697839, None),
]  # fmt: skip


test_rule_cases = case_test(CASES)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Olenivka, south of Donetsk", Relation(other=1, direction=180.0)),
        ("Luhanske, at the end of a 10-mile stretch of highway out of Debaltseve",
         Relation(other=1, distance_km=16.09344)),
        ("Shyrokyne, 20 km east of Mariupol", Relation(other=1, direction=90.0, distance_km=20.0)),
        ("Slidell, Louisiana", Relation(other=1, within=True)),
        ("Marinka near Donetsk", Relation(other=1, near=True)),
    ],
)  # fmt: skip
def test_spatial_phrases(text: str, expected: Relation) -> None:
    words = text.split()
    first, last = words[0].rstrip(","), words[-1]
    spans = [(0, len(first)), (len(text) - len(last), len(text))]
    (found,) = relations(text, spans)[0]
    assert found.direction == expected.direction
    assert found.near == expected.near and found.within == expected.within
    assert (found.distance_km is None) == (expected.distance_km is None)
    if expected.distance_km:
        assert found.distance_km == pytest.approx(expected.distance_km)


@pytest.mark.parametrize(
    ("text", "scoped"),
    [
        ("In Kharkiv Oblast, troops repelled attacks at Kupiansk and Balakliia. Lviv was calm.", [1, 2]),
        ("Quiet day. In the Zaporizhzhia region, Robotyne was hit.", [1]),
        ("Troops in Kharkiv Oblast, Kupiansk and Balakliia were tired.", []),  # a list, not a scope
        ("Fighting in Kharkiv, at Kupiansk.", []),
    ],
)
def test_a_sentence_opening_in_a_region_scopes_its_places(text: str, scoped: list[int]) -> None:
    names = ["Kharkiv Oblast", "Zaporizhzhia", "Kharkiv", "Kupiansk", "Balakliia", "Robotyne", "Lviv"]
    spans, at = [], 0
    for name in sorted(names, key=text.find):
        found = text.find(name, at)
        if found >= 0 and not any(s <= found < e for s, e in spans):
            spans.append((found, found + len(name)))
            at = found + len(name)
    found = relations(text, spans)
    assert [j for j in range(1, len(spans)) if Relation(other=0, within=True) in found.get(j, ())] == scoped


def test_possessive_is_containment() -> None:
    text = "Russia’s Chechnya region"
    assert relations(text, [(0, 6), (9, 17)]) == {
        1: (Relation(other=0, within=True),),
        0: (Relation(other=1, contains=True),),
    }


@pytest.mark.parametrize(
    ("text", "contained"),
    [
        ("Paris, Texas, at night", True),
        ("Moscow, Idaho.", True),
        ("Washington, New York and Chicago", False),
        ("Kiev, Moscow, Minsk", False),
        ("Paris, Texas and Springfield, Illinois", True),  # a list of pairs
        ("Portland, Maine, and Athens, Georgia", True),
        ("Kiev, Moscow, Minsk and Warsaw", False),
    ],
)
def test_town_and_region_or_a_list(text: str, contained: bool) -> None:
    spans = [m.span() for m in re.finditer(r"[A-Z][a-z]+(?: [A-Z][a-z]+)?", text)]
    found = relations(text, spans)
    assert (Relation(other=1, within=True) in found.get(0, ())) is contained


def test_a_list_of_towns_with_their_states(gazetteer: Gazetteer) -> None:
    text = "Paris, Texas and Springfield, Illinois voted. Portland, Maine, and Athens, Georgia, too."
    found = [(m.text, m.place.country, m.place.kind) for m in geoparse(text, gazetteer)]
    assert found == [
        ("Paris", "US", "settlement"), ("Texas", "US", "region"), ("Springfield", "US", "settlement"),
        ("Illinois", "US", "region"), ("Portland", "US", "settlement"), ("Maine", "US", "region"),
        ("Athens", "US", "settlement"), ("Georgia", "US", "region"),
    ]
    portland = geoparse(text, gazetteer)[4].place
    assert portland.admin1 == "Maine"


def test_no_relation_across_sentences() -> None:
    text = "Fighting in Kiev. South of Donetsk it was quiet."
    assert relations(text, [(12, 16), (27, 34)]) == {}


def test_bearing() -> None:
    assert round(bearing_deg(48.0, 37.0, 48.0, 38.0)) == 90
