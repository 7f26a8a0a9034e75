"""Typed verdicts and reason codes: the geoparser decides on codes, never on the English text.

Every reason the geoparser makes is rewritten to one meaningless text (its code kept): the
places, confidences and flags stay the same. Dropping the codes instead changes them, so each
sentence below does exercise a decision taken on a code.
"""

from __future__ import annotations

import pytest

from geo import evidence
from geo.geoparser import acceptance, finding, lists, reading, reporting
from geo.corrections import Correction, apply_corrections
from geo.evidence import Reason, Verdict
from geo.gazetteer import Gazetteer
from geo.geoparser import geoparse
from geo.model import Mention, Place, ReasonCode
from layers.pipeline import correct_mentions

# Each sentence turns on one code (see tests/geo/geoparser/ and tests/geo/test_evidence_rules.py for the rules themselves).
SENTENCES = {
    # OPENING_CUE: the comma closes "In Houston,", so Lamar is a person, not listed with Houston
    "opening cue": "In Houston, Lamar and Austin attended.",
    # LOCATIVE: "to Bolton" also comes before a person the text names
    "locative": "Trump met John Bolton in Washington. He offered the job to Bolton in the Oval Office.",
    # COMMON_PHRASE: "West Bank" is common words, yet a large region that must fit the text
    "common phrase": "Israeli troops raided Tulkarm in the occupied West Bank, while airstrikes hit Gaza.",
    # WELL_KNOWN: "Hamas" weighs only as a foreign name of Hamm
    "well known": "Israeli strikes hit Khan Younis. Hamas fighters clashed with troops near Jabalia.",
    # WELL_KNOWN: uncued, Mary (Turkmenistan) is no sure town in a Philippine story
    "uncued abroad": "Pilgrims in Manila and Cebu remembered Mary on Sunday; churches in Davao were full.",
    # ONLY_GEOGRAPHY: a lone plausible name kept at half confidence
    "only geography": "Vuhledar remains tense.",
}


def _answer(mentions: list[Mention]) -> list[tuple]:
    """Everything of the mentions but their English reasons."""
    return [
        (m.text, m.start, m.end, m.place and m.place.geonameid, m.confidence, m.metonymic, m.embedded,
         m.approximate, m.reason_codes)
        for m in mentions
    ]  # fmt: skip


def _rewrite_reasons(monkeypatch: pytest.MonkeyPatch, reason) -> None:
    """Make every reason the geoparser builds with ``reason(text, code)`` instead."""
    for module in (evidence, finding, reading, lists, acceptance, reporting):
        if hasattr(module, "Reason"):  # the modules that build reasons
            monkeypatch.setattr(module, "Reason", reason)
    for name in ("WELL_KNOWN", "ACTOR", "COMMON_PHRASE"):
        constant = getattr(evidence, name)
        monkeypatch.setattr(evidence, name, reason(constant.text, constant.code))


def test_verdicts_and_codes_equal_their_old_strings() -> None:
    assert [v.value for v in Verdict] == ["place", "maybe", "embedded", "reject"]
    assert Verdict.PLACE == "place" and f"{Verdict.REJECT}" == "reject"
    assert ReasonCode.WELL_KNOWN == "well-known"


@pytest.mark.parametrize("text", SENTENCES.values(), ids=SENTENCES.keys())
def test_the_english_text_of_a_reason_decides_nothing(
    text: str, gazetteer: Gazetteer, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = geoparse(text, gazetteer)
    _rewrite_reasons(monkeypatch, lambda _text, code=None: Reason("(a reason)", code))
    after = geoparse(text, gazetteer)
    assert _answer(after) == _answer(before)
    assert any("(a reason)" in r for m in after for r in m.reasons)  # the rewrite did reach them


@pytest.mark.parametrize("text", SENTENCES.values(), ids=SENTENCES.keys())
def test_the_codes_decide(text: str, gazetteer: Gazetteer, monkeypatch: pytest.MonkeyPatch) -> None:
    before = geoparse(text, gazetteer)
    _rewrite_reasons(monkeypatch, lambda text, _code=None: Reason(text))
    assert _answer(geoparse(text, gazetteer)) != _answer(before)


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("Vuhledar remains tense.", (ReasonCode.ONLY_GEOGRAPHY,)),
        ("Kramatorsk remains tense.", (ReasonCode.WELL_KNOWN,)),
        ("Rain fell in Kramatorsk.", (ReasonCode.LOCATIVE,)),
        ("In Kramatorsk, rain fell.", (ReasonCode.OPENING_CUE,)),
    ],
)
def test_mentions_carry_the_codes_decided_on(text: str, codes: tuple, gazetteer: Gazetteer) -> None:
    (mention,) = geoparse(text, gazetteer)
    assert mention.reason_codes == codes


class _Geocoder:
    """A geocoder that places every query at one point and remembers what it was asked."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    def geocode(self, query: str, *, near: Place | None = None) -> Place | None:
        self.asked.append(query)
        return Place(query, 47.0, 37.5, source="fake")


def test_a_users_correction_is_known_by_its_code_not_its_text(gazetteer: Gazetteer) -> None:
    """The pipeline leaves a mention the user corrected to "not a place" to the user."""
    text = "Atlantis and Lemuria."
    atlantis, lemuria = Mention("Atlantis", 0, 8), Mention("Lemuria", 13, 20)
    (corrected,) = apply_corrections([atlantis], [Correction(0, 8, "Atlantis", "")])
    assert corrected.reason_codes == (ReasonCode.USER_CORRECTION,)
    reworded = Mention("Atlantis", 0, 8, reasons=("the user said so",), reason_codes=corrected.reason_codes)
    only_words = Mention("Lemuria", 13, 20, reasons=("corrected by the user: not a place",))
    geocoder = _Geocoder()
    result = correct_mentions([reworded, only_words, lemuria], text, gazetteer, geocoder=geocoder)
    assert result[0].place is None and geocoder.asked == ["Lemuria", "Lemuria"]
