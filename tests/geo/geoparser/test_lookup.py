"""The gazetteer entries a name may be (:mod:`geo.geoparser.lookup`): units named "the X region",
second-level units, and the spellings the index adds (Arabic articles, formal names without "the")."""

from __future__ import annotations

from geo.gazetteer import Gazetteer
from geo.geoparser import geoparse
from tests.geo.cases import Case, case_test

# Which entries a name may be (see tests/geo/cases.py to add a row).
CASES: list[Case] = [
    # GeoNames names Russia's units "Kurskaya oblast'", known also as "Kursk Oblast", not "Kursk":
    # "the X region" finds the unit indexed as "X Oblast" or "X Krai"
    ("Drones hit the Kursk region overnight.", "Kursk", 538555, None),
    ("Air defences downed drones over Belgorod and the Bryansk region.", "Bryansk", 571473, None),
    ("Fighting spread to the Rostov region and the Krasnodar region.", "Krasnodar", 542415, None),
    # ... and "Kursk" alone is the city
    ("Drones hit Kursk overnight.", "Kursk", 538560, None),
    # second-level units: a county, an English county (not Kent, Washington), a raion by either name
    ("The winning ticket was sold in Morris County, N.J., on Friday.", "Morris County", 5101405, None),
    ("Races went on at Brands Hatch in Kent, England.", "Kent", 3333158, None),
    ("Shelling went on in Volnovakha Raion.", "Volnovakha Raion", 689196, None),
    ("Shelling went on in the Volnovakha district of Donetsk Oblast.", "Volnovakha", 689196, None),
    # an Arabic town written without its article: GeoNames' "Al Qāmishlī", "Al Mayādīn"
    ("In Syria, Turkish drones struck Kobani and Qamishli, near the Iraqi border. Troops entered Mayadin.",
     "Qamishli", 173377, None),
    ("In Syria, Turkish drones struck Kobani and Qamishli, near the Iraqi border. Troops entered Mayadin.",
     "Mayadin", 173480, None),
    # GeoNames writes "Democratic Republic of the Congo"; wires write it without "the"
    ("GOMA, Democratic Republic of Congo (Reuters) - Troops from the Republic of Congo crossed the river.",
     "Democratic Republic of Congo", 203312, None),
    ("GOMA, Democratic Republic of Congo (Reuters) - Troops from the Republic of Congo crossed the river.",
     "Republic of Congo", 2260494, None),
    ("GOMA, Democratic Republic of Congo (Reuters) - Troops from the Republic of Congo crossed the river.",
     "Congo", None, None),
    # a common name keeps each country's biggest namesake: Newport, Tipperary is far down the list
    # of Newports, and an Irish list of towns means it
    ("Applicants: 430 in Nenagh, 57 in Ballina, 48 in Newport and 36 in Cloughjordan, Co Tipperary.",
     "Newport", 2962257, None),
]  # fmt: skip


test_rule_cases = case_test(CASES)


def test_regions_named_by_their_compass_parts(gazetteer: Gazetteer) -> None:
    """Darfur, Kordofan, Kivu and Sinai are no GeoNames subdivisions: the regions that share the name."""
    text = (
        "The RSF advanced in Kordofan after taking El Fasher, the army's last stronghold in Darfur. "
        "In North Kivu, M23 rebels took Goma; militants in Sinai attacked a checkpoint near El Arish."
    )
    found = [(m.text, m.place.country, m.place.kind) for m in geoparse(text, gazetteer)]
    assert found == [
        ("Kordofan", "SD", "region"),
        ("El Fasher", "SD", "settlement"),
        ("Darfur", "SD", "region"),
        ("North Kivu", "CD", "region"),
        ("Goma", "CD", "settlement"),
        ("Sinai", "EG", "region"),
        ("El Arish", "EG", "settlement"),
    ]
