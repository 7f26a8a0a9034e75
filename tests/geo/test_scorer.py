"""A candidate's score: one table of named terms and weights, one sum, reasons from the same values."""

from __future__ import annotations

import re

import numpy as np
import pytest

from geo.gazetteer import Gazetteer
from geo.model import Candidate, Place
from geo.resolution import (
    _CONTEXT_TERMS,
    _REASONS,
    TERMS,
    WEIGHTS,
    Group,
    Weights,
    _Document,
    _inside,
    _score_round,
    contains,
    resolve_groups,
)
from geo.spatial import Relation

_BONUS = re.compile(r"\(\+(-?\d+\.\d\d)\)$")
# the terms whose reasons show no bonus (the prior shows its value, the kind goes with it)
_WITHOUT_NUMBER = ("prior", "is_country", "is_continent", "is_water")
_WITHOUT_NUMBER += ("region_asked", "city_of_its_name", "same_name", "contained")


def _document(gazetteer: Gazetteer) -> list[Group]:
    """A document whose candidates, taken from the gazetteer, have every term of the table."""

    def group(name: str, span: int, *, region: bool = False, relations: tuple[Relation, ...] = ()) -> Group:
        return Group(name.lower(), tuple(gazetteer.find(name)), (span,), region, relations)

    sea = Candidate(Place("Black Sea", 43.4, 34.3, "water", geonameid=630673), 0.5, "Black Sea")
    return [
        group("Ukraine", 0),  # a country, written as its own name
        group("Europe", 1),  # a continent
        Group("black sea", (sea,), (2,), False, ()),  # a sea
        group("Kyiv", 3),  # a capital
        group("Donetsk", 4),  # the city; the oblast is a region named like a city in it
        group("Donetsk", 5, region=True),  # "the Donetsk region"
        group("Horlivka", 6, relations=(Relation(other=4, direction=45.0, near=True),)),  # NE of Donetsk
        group("Slidell", 7, relations=(Relation(other=8, within=True),)),  # "Slidell, Louisiana"
        group("Louisiana", 8),
        group("Pavlivka", 9),  # two senses of a village's name: one resolved by the other
        group("Pavlivka", 10, region=True),
    ]


def _rounds(doc: _Document, countries: dict[str, float]):
    chosen = [start if start < end else -1 for start, end in doc.bounds]
    for _ in range(3):
        scored = _score_round(doc, chosen, countries)
        chosen = scored.best
    return scored


def test_every_term_of_the_table_is_scored_and_explained(gazetteer: Gazetteer) -> None:
    assert TERMS == tuple(WEIGHTS.as_dict()) == tuple(_REASONS)
    doc = _Document.of(_document(gazetteer), WEIGHTS)
    scored = _rounds(doc, {"UA": 1.0})
    used = [term for term, column in zip(TERMS, scored.values.T, strict=True) if column.any()]
    assert used == list(TERMS)  # the document has every term, so the scorer computes every one
    # the terms of a candidate alone are computed once; the others are 0 until a round fills them
    assert not doc.fixed[:, list(_CONTEXT_TERMS)].any()


def test_the_score_is_the_weighted_sum_of_the_term_values(gazetteer: Gazetteer) -> None:
    weights = np.array(WEIGHTS.vector)
    doc = _Document.of(_document(gazetteer), WEIGHTS)
    scored = _rounds(doc, {"UA": 1.0})
    assert np.allclose(scored.scores, scored.values @ weights, rtol=0, atol=1e-12)
    # a term's weight moves the score by weight times value, and by nothing else
    for t, term in enumerate(TERMS):
        other = WEIGHTS.replace(**{term: WEIGHTS[term] + 1.0})
        rescored = _score_round(_Document.of(doc.groups, other), scored.chosen, {"UA": 1.0})
        moved = np.array(rescored.scores) - np.array(scored.scores)
        assert np.allclose(moved, scored.values[:, t], rtol=0, atol=1e-12), term


def test_the_explained_and_the_ranked_scores_agree_on_real_candidates(gazetteer: Gazetteer) -> None:
    groups = _document(gazetteer)
    doc = _Document.of(groups, WEIGHTS)
    scored = _rounds(doc, {"UA": 1.0})
    choices = resolve_groups(groups, countries={"UA": 1.0})
    for g, choice in enumerate(choices):
        start, end = doc.bounds[g]
        scores = sorted(scored.scores[start:end], reverse=True)
        assert [c.score for c in choice.candidates] == scores  # explained or not, one score
        assert choice.place is choice.candidates[0].place
        for cand in choice.candidates:
            if not cand.reasons:
                continue
            # what the reasons show adds up to the score: the prior and kind are shown as values
            row = next(r for r in range(start, end) if doc.candidates[r].place is cand.place)
            values = dict(zip(TERMS, scored.values[row].tolist(), strict=True))
            shown = sum(float(m.group(1)) for reason in cand.reasons if (m := _BONUS.search(reason)))
            size = f"{cand.place.kind}, population {cand.place.population:,}"
            assert cand.reasons[0] == f"population prior {values['prior']:.2f} ({size})"
            unshown = sum(WEIGHTS[t] * values[t] for t in _WITHOUT_NUMBER)
            assert cand.score == pytest.approx(unshown + shown, abs=0.005 * len(cand.reasons) + 1e-9)


def test_every_term_writes_its_reason_from_its_value(gazetteer: Gazetteer) -> None:
    choices = resolve_groups(_document(gazetteer), countries={"UA": 1.0})
    reasons = {reason for choice in choices for cand in choice.candidates for reason in cand.reasons}
    for expected in (
        "written as its own name, not a former or foreign one (+0.40)",
        "the capital of UA (+0.30)",
        "in the document's country focus UA",
        "a region the document is about",
        "also in the text",
        "lies in the stated direction from Donetsk",
        "which the text says it is near",
        "in Louisiana, as the text says",
        "the text calls it a region",
        "a city of the same name is meant unless the text says region",
        "the same name is resolved to it elsewhere in the text",
    ):
        assert any(expected in reason for reason in reasons), expected


def test_weights_scale_the_scores_and_keep_the_choices(gazetteer: Gazetteer) -> None:
    groups = _document(gazetteer)
    double = Weights(tuple(2 * weight for weight in WEIGHTS.vector))
    doubled = resolve_groups(groups, countries={}, weights=double)
    for one, two in zip(resolve_groups(groups, countries={}), doubled, strict=True):
        assert one.place is two.place
        assert [2 * c.score for c in one.candidates] == pytest.approx([c.score for c in two.candidates])


def test_a_weight_of_the_table_changes_the_choice(gazetteer: Gazetteer) -> None:
    # "Donetsk" is the city by the own-name term and the city-of-its-name term; without them, the
    # oblast (a larger prior) wins
    donetsk = [Group("donetsk", tuple(gazetteer.find("Donetsk")), (0,), False, ())]
    assert resolve_groups(donetsk, countries={})[0].place.kind == "settlement"
    plain = WEIGHTS.replace(own_name=0.0, city_of_its_name=0.0)
    assert resolve_groups(donetsk, countries={}, weights=plain)[0].place.kind == "region"


def test_contains_counts_a_place_in_itself_and_inside_does_not() -> None:
    oblast = Place("Donetska oblast", 48.0, 37.6, "region", country="UA", admin1_code="UA.05")
    town = Place("Donetsk", 48.0, 37.8, country="UA", admin1_code="UA.05")
    ukraine = Place("Ukraine", 49.0, 32.0, "country", country="UA")
    rostov = Place("Donetsk", 48.3, 39.9, country="RU", admin1_code="RU.61")
    assert contains(oblast, town) and contains(ukraine, town) and contains(ukraine, oblast)
    assert contains(oblast, oblast) and contains(ukraine, ukraine)
    assert not contains(oblast, rostov) and not contains(ukraine, rostov)
    assert not contains(town, town) and not contains(None, town)  # a town contains nothing
    assert _inside(town, oblast) and not _inside(oblast, oblast) and not _inside(ukraine, ukraine)


def test_the_weight_table_has_every_term_and_no_other() -> None:
    assert set(WEIGHTS.as_dict()) == set(TERMS)  # geo/data/weights.toml
    with pytest.raises(ValueError, match="missing for \\['near'\\]"):
        Weights.of({term: 1.0 for term in TERMS if term != "near"})
    with pytest.raises(ValueError, match="unknown terms \\['nearby'\\]"):
        Weights.of({**WEIGHTS.as_dict(), "nearby": 1.0})
