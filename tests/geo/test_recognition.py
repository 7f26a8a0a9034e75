"""Finding candidate names in text (:mod:`geo.recognition`): where a name starts and ends, and the
state abbreviations after a town."""

from __future__ import annotations

import pytest

from geo.gazetteer import Gazetteer
from geo.geoparser import geoparse
from geo.model import ReasonCode as C
from geo.recognition import find_spans, find_state_abbreviations
from geo.text import lexicon
from tests.geo.cases import Case, case_test

# Where a name starts and ends (see tests/geo/cases.py to add a row).
CASES: list[Case] = [
    # a name goes on past an initialism: the islands, not the United States
    ("The draw is held in 44 states, Washington, D.C., and the U.S. Virgin Islands.", "U.S. Virgin Islands",
     4796775, None),
    # "ST. LOUIS" in capitals is one name, a dateline
    ("ST. LOUIS – St. Louis police announced a burglary squad.", "ST. LOUIS", 4407066, C.DATELINE),
]  # fmt: skip


test_rule_cases = case_test(CASES)


def test_find_spans_longest_match_and_possessive(gazetteer: Gazetteer) -> None:
    text = "The Donetsk Oblast and Kiev’s forces; Stanytsia Luhanska; the U.S. and Sea of Azov."
    found = [s.text for s in find_spans(text, gazetteer.name_keys)]
    assert "Donetsk Oblast" in found and "Kiev" in found and "Stanytsia Luhanska" in found
    assert "U.S" in found
    kiev = next(s for s in find_spans(text, gazetteer.name_keys) if s.text == "Kiev")
    assert kiev.possessive and text[kiev.start : kiev.end] == "Kiev"


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Tickets are sold in 44 states and the U.S. Virgin Islands.", ["U.S. Virgin Islands"]),
        ("The U.S. Virgin Islands were hit.", ["U.S. Virgin Islands"]),
        ("The U.S. Army said so.", ["U.S"]),  # a name must go on past the full stop
        ("Shares of the U.S. Virgin Mobile unit fell.", ["U.S"]),
    ],
)
def test_a_name_goes_on_past_an_initialism(gazetteer: Gazetteer, text: str, names: list[str]) -> None:
    assert [s.text for s in find_spans(text, gazetteer.name_keys) if s.text.startswith("U.")] == names


def test_state_abbreviations_only_after_a_town() -> None:
    text = "He lives in Slidell, La. and in Ga. too"
    found = [(s.text, state) for s, state in find_state_abbreviations(text)]
    assert found == [("La.", ("Louisiana", "US"))]
    assert lexicon().state_abbreviations["Calif."] == ("California", "US")


def test_a_dateline_in_capitals_is_not_part_of_the_next_name(gazetteer: Gazetteer) -> None:
    text = "LONDON Pope Francis spoke.\n\nTIJUANA & SAN DIEGO, MARCH 29 -- The Mexican government said."
    found = {m.text: m.place.geonameid for m in geoparse(text, gazetteer) if m.place}
    assert set(found) == {"LONDON", "TIJUANA", "SAN DIEGO"}
    assert found["LONDON"] == 2643743 and found["SAN DIEGO"] == 5391811 and found["TIJUANA"] == 3981609


def test_a_possessive_inside_a_name_does_not_end_it(gazetteer: Gazetteer) -> None:
    text = "The threat facing the Democratic People's Republic of Korea, Wang said."
    [mention] = geoparse(text, gazetteer)
    assert (mention.text, mention.place.country) == ("Democratic People's Republic of Korea", "KP")
