"""Names joined in a list share what the text says of one of them (:mod:`geo.geoparser.lists`): a cue,
a government reading, a territory word; and a town written right before its region."""

from __future__ import annotations

import pytest

from geo.gazetteer import Gazetteer
from geo.geoparser import geoparse
from geo.model import ReasonCode as C
from tests.geo.cases import Case, case_test

_MAIDUGURI = (
    "Troops paraded at the headquarters in Maiduguri Borno State. Paris Hilton met Boris Johnson in London."
)

# Names read along a list (see tests/geo/cases.py to add a row).
CASES: list[Case] = [
    # a town written right before the region it lies in names both places, not a person
    (_MAIDUGURI, "Maiduguri", 2331447, C.TOWN_BEFORE_REGION),
    (_MAIDUGURI, "Borno State", 2346794, C.REGION_AFTER_TOWN),
    # ... Hilton, wherever it is, does not contain Paris: a person
    (_MAIDUGURI, "Paris", None, None),
    (_MAIDUGURI, "Hilton", None, None),
]  # fmt: skip


test_rule_cases = case_test(CASES)


def test_names_listed_after_a_cued_one_share_its_cue(gazetteer: Gazetteer) -> None:
    # Kansafra and Mhambal are in no index of ours; Ariha and Maarrat Misrin are (Idlib) and, with
    # no other sure place in the text, were dropped as mere possibilities
    text = "Syrian forces shelled Kansafra, Ariha, Mhambal and Maarrat Misrin overnight."
    found = {m.text: m for m in geoparse(text, gazetteer)}
    assert list(found) == ["Kansafra", "Ariha", "Mhambal", "Maarrat Misrin"]
    assert {found[name].place.admin1 for name in ("Ariha", "Maarrat Misrin")} == {"Idlib"}
    assert found["Ariha"].reasons[0] == "listed with Kansafra, the object of 'shelled'"
    assert found["Mhambal"].place is None
    assert found["Mhambal"].reasons[0] == (
        "listed with Ariha: a settlement; the offline gazetteer does not know it"
    )


def test_an_unknown_name_joined_by_and_is_a_settlement_only_in_a_list_of_them(gazetteer: Gazetteer) -> None:
    villages = geoparse("In the south, the villages of Robotyne and Novoprokopivka were hit.", gazetteer)
    assert [m.text for m in villages] == ["Robotyne", "Novoprokopivka"]
    # "and" may join two clauses: "Biden" is no village
    clauses = geoparse("Russia shelled Kharkiv and Biden condemned it.", gazetteer)
    assert [m.text for m in clauses] == ["Russia", "Kharkiv"]
    # "near Kherson" relates Kherson to Krynky: Pyatykhatky, listed after, is not near Kherson
    text = "Shelling hit Krynky, near Kherson, and Pyatykhatky, south-west of Zaporizhzhia."
    listed = {m.text: m for m in geoparse(text, gazetteer)}
    assert "Kherson" not in listed["Pyatykhatky"].reasons[0]
    # but "near" before a list is every item's cue (old Russian names: Bakhmut, Avdiivka, Vuhledar)
    advanced = geoparse("Russian troops advanced near Artyomovsk, Avdeyevka and Ugledar.", gazetteer)
    assert [m.reasons[0] for m in advanced[1:]] == ["listed with Artyomovsk, after 'near'"] * 2
    # the comma closes an opening "In Houston,": Lamar (a town in Colorado) is a person here
    assert "Lamar" not in [m.text for m in geoparse("In Houston, Lamar and Austin attended.", gazetteer)]


def test_metonymy_spreads_along_a_list(gazetteer: Gazetteer) -> None:
    text = "The leaders of France, Germany and Ukraine met in Minsk. Paris and Berlin said little."
    got = {m.text: m.metonymic for m in geoparse(text, gazetteer)}
    assert got == {
        "France": True, "Germany": True, "Ukraine": True, "Minsk": False, "Paris": True, "Berlin": True,
    }


@pytest.mark.parametrize(
    ("text", "regions"),
    [
        ("Fires spread in the state of Washington.", ["Washington"]),
        ("Tech firms avoid western states such as California or Washington.", ["California", "Washington"]),
        ("Shelling hit the Donetsk and Luhansk regions.", ["Donetsk", "Luhansk"]),
        ("Shelling hit the Donetsk, Luhansk and Kharkiv regions.", ["Donetsk", "Luhansk", "Kharkiv"]),
        ("Snow fell in the provinces of Alberta and Saskatchewan.", ["Alberta", "Saskatchewan"]),
    ],
)
def test_a_territory_word_before_or_after_a_list_makes_its_names_regions(
    gazetteer: Gazetteer, text: str, regions: list[str]
) -> None:
    mentions = geoparse(text, gazetteer)
    assert [(m.text, m.place.kind) for m in mentions] == [(name, "region") for name in regions]
