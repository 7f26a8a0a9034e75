"""Finding the names the gazetteer may place (:mod:`geo.geoparser.finding`): state and province
abbreviations and postal codes after a town, a country's initials and its short form."""

from __future__ import annotations

import pytest

from geo.gazetteer import Gazetteer
from geo.geoparser import geoparse
from geo.model import ReasonCode as C
from tests.geo.cases import Case, case_test

# Names found besides the gazetteer's own (see tests/geo/cases.py to add a row).
CASES: list[Case] = [
    # the initials of a country the text names in full, or by its demonym ("South Africans"), are it
    ("Trinidad and Tobago failed to attend the meeting. He asked why T&T was not represented.", "T&T",
     3573591, C.INITIALISM),
    ("Millions of South Africans depend on mining. That SA holds reserves of platinum is known.", "SA",
     953987, C.INITIALISM),
    ("Fighting in the Central African Republic spread as CAR troops retreated.", "CAR", 239880, C.INITIALISM),
    ("Bosnia and Herzegovina voted. B&H officials said so.", "B&H", 3277605, C.INITIALISM),
    ("Papua New Guinea voted. PNG officials said so.", "PNG", 2088628, C.INITIALISM),
    # initials that name no place of their own: the first word of a name
    ("A report by NJ Advance Media on New Jersey.", "NJ", None, None),
    # ... where the text defines them
    ("Two projects opened in South Waziristan Agency (SWA) on Thursday.", "SWA", None, None),
    # ... the initials of two named countries
    ("Saudi Arabia and South Africa signed; SA officials welcomed it.", "SA", None, None),
]  # fmt: skip


test_rule_cases = case_test(CASES)


def test_state_abbreviation_resolves_to_the_state(gazetteer: Gazetteer) -> None:
    mentions = geoparse("Flooding hit Slidell, La., on Monday.", gazetteer)
    assert [(m.text, m.place.name, m.place.kind) for m in mentions] == [
        ("Slidell", "Slidell", "settlement"), ("La.", "Louisiana", "region"),
    ]


@pytest.mark.parametrize(
    ("text", "town", "province"),
    [
        ("The office in Nelson, B.C. opened on Monday.", 6086871, "British Columbia"),  # not Nelson, NZ
        ("Police in Moncton, N.B., said on Monday that dogs were stolen.", 6076211, "New Brunswick"),
    ],
)
def test_canadian_province_abbreviation(gazetteer: Gazetteer, text: str, town: int, province: str) -> None:
    first, second = geoparse(text, gazetteer)
    assert first.place.geonameid == town and first.place.admin1 == province
    assert (second.place.name, second.place.kind, second.place.country) == (province, "region", "CA")


def test_a_state_abbreviation_ending_a_list_is_read_once(gazetteer: Gazetteer) -> None:
    text = "The fire started on Wednesday in Fresno, Calif."
    found = [(m.text, m.place.name) for m in geoparse(text, gazetteer)]
    assert found == [("Fresno", "Fresno"), ("Calif.", "California")]


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("HORRY COUNTY, SC (WMBF) - A homeless man stood outside.", [("SC", "South Carolina")]),
        ("She grew up in Columbia, SC, and moved to Barrie, ON.",
         [("SC", "South Carolina"), ("ON", "Ontario")]),
        ("He moved from Portland, OR, to Boise, ID, last year.", [("OR", "Oregon"), ("ID", "Idaho")]),
        ("Smith, ME, and Ford, CA, were named in the suit.", []),  # no Smith in Maine, no Ford in California
    ],
)
def test_a_postal_code_counts_after_a_town_of_its_state(
    gazetteer: Gazetteer, text: str, codes: list[tuple[str, str]]
) -> None:
    found = [(m.text, m.place.name) for m in geoparse(text, gazetteer) if len(m.text) == 2]
    assert found == codes
    towns = [m for m in geoparse(text, gazetteer) if len(m.text) > 2]
    assert all(t.place.admin1 in dict(codes).values() for t in towns if codes)


def test_the_short_form_of_a_country_the_text_names(gazetteer: Gazetteer) -> None:
    text = (
        "Trinidad and Tobago backed the motion. The ministry in Trinidad said so on Monday, "
        "while Antigua and Barbuda abstained and officials in Antigua were silent."
    )
    found = {m.text: m.place for m in geoparse(text, gazetteer)}
    assert (found["Trinidad"].country, found["Trinidad"].kind) == ("TT", "country")
    assert (found["Antigua"].country, found["Antigua"].kind) == ("AG", "country")
    trinidad = next(m for m in geoparse(text, gazetteer) if m.text == "Trinidad")
    assert any("short for Trinidad and Tobago" in r for r in trinidad.reasons)
    # without the country's full name, Trinidad is a town
    [town] = [m for m in geoparse("Ranchers met in Trinidad, Colorado.", gazetteer) if m.text == "Trinidad"]
    assert (town.place.country, town.place.admin1) == ("US", "Colorado")
