"""The case tables of the geoparser's tests: one row a case, read by :func:`check_case`.

A row is ``(text, name, geonameid, code)``: geoparsing ``text``, the first mention written ``name``
is the GeoNames place ``geonameid`` and carries the reason ``code`` (a
:class:`~geo.model.ReasonCode`; None when the case does not turn on one). A ``geonameid`` of None
says the name is no place: no mention is written so, not even one reported unplaced (and its code
is None too: a refused name has no mention to carry one).

A test module makes its table a test with ``test_rule_cases = case_test(CASES)``. To add a case,
add a row, with a comment saying the rule, to the table of the test module that mirrors the module
whose code decides it (``tests/geo/geoparser/test_reading.py`` for
:mod:`geo.geoparser.reading`, ``tests/geo/test_spatial.py`` for :mod:`geo.spatial`, ...). A
verdict and its code from :data:`geo.evidence.RULES` alone go to ``test_evidence_rules.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pytest

from geo.gazetteer import Gazetteer
from geo.geoparser import geoparse
from geo.model import ReasonCode

#: A row of a case table: text, name, GeoNames id (None: no place), reason code (None: any).
Case = tuple[str, str, int | None, ReasonCode | None]
#: The parameter names of a case table, for ``pytest.mark.parametrize``.
FIELDS = ("text", "name", "geonameid", "code")


def case_ids(cases: Sequence[Case]) -> list[str]:
    """Test ids that name the case: "Kiev->703448", "Vladimir->none"."""
    return [f"{name}->{geonameid or 'none'}" for _, name, geonameid, _ in cases]


def check_case(
    gazetteer: Gazetteer, text: str, name: str, geonameid: int | None, code: ReasonCode | None
) -> None:
    """Assert one row of a case table (see the module docstring)."""
    found = [m for m in geoparse(text, gazetteer) if m.text == name]
    if geonameid is None:
        assert code is None, "a name that is no place has no mention to carry a code"
        assert found == [], [(m.start, m.place, m.reasons) for m in found]
        return
    assert found, f"no mention written {name!r}"
    mention = found[0]
    assert mention.place is not None, mention.reasons
    assert mention.place.geonameid == geonameid, (mention.place, mention.reasons)
    assert code is None or code in mention.reason_codes, (mention.reason_codes, mention.reasons)


def case_test(cases: Sequence[Case]) -> Callable[..., None]:
    """The test of a case table, one test a row: assign it to ``test_rule_cases`` in the test module."""

    @pytest.mark.parametrize(FIELDS, cases, ids=case_ids(cases))
    def test_rule_cases(
        gazetteer: Gazetteer, text: str, name: str, geonameid: int | None, code: ReasonCode | None
    ) -> None:
        check_case(gazetteer, text, name, geonameid, code)

    return test_rule_cases


def found_places(text: str, gazetteer: Gazetteer) -> list[tuple[str, int | None]]:
    """Every mention of ``text`` as (its text, its place's GeoNames id or None), in text order."""
    return [(m.text, m.place.geonameid if m.place else None) for m in geoparse(text, gazetteer)]
