"""The rules of :data:`geo.evidence.RULES`, each with a case: a name in a real sentence, its verdict
and its reason code, read by the real geoparser.

A rule added to the table needs a row here too (:func:`test_every_rule_has_a_case`).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable

import pytest

from geo import evidence
from geo.evidence import CUES, RULES, Reading, Verdict, codes
from geo.gazetteer import Gazetteer
from geo.geoparser import geoparse
from geo.model import ReasonCode as C
from geo.text import lexicon

_PLACE, _MAYBE, _EMBEDDED, _REJECT = Verdict.PLACE, Verdict.MAYBE, Verdict.EMBEDDED, Verdict.REJECT

# text, name (its last occurrence is read), verdict, code (None: no rule holds)
CASES: list[tuple[str, str, Verdict, C | None]] = [
    # not a place name at all
    ("The deadline ended on March 29.", "March", _REJECT, C.CALENDAR_WORD),
    ("Nassar was fined one million US dollars.", "US", _REJECT, C.CURRENCY),
    ("And finally, there is the question of English.", "English", _REJECT, C.PEOPLE_OR_LANGUAGE),
    ("Lin-Manuel Miranda thought he had a migraine.", "Manuel", _REJECT, C.ADJECTIVE_COMPOUND),
    ("The pro-Russia rebels advanced.", "Russia", _REJECT, C.ADJECTIVE_COMPOUND),
    ("We are still talking with BA.", "BA", _REJECT, C.ABBREVIATION),
    ("He was 68.", "He", _REJECT, C.COMMON_WORD),
    ("Read More: the full story.", "More", _REJECT, C.COMMON_WORD),
    ("The White House declined to make Kelly available for an interview.", "White House", _REJECT,
     C.COMMON_PHRASE),
    # part of a person's name
    ("Pope Francis celebrated the Easter Vigil.", "Francis", _REJECT, C.AFTER_TITLE),
    ("Matthew Williams and his brother Tyler Williams burned down several synagogues.", "Tyler", _REJECT,
     C.AFTER_TITLE),
    ('"That is a big mistake," Jon R. Taylor, a political science professor, said.', "Taylor", _REJECT,
     C.MIDDLE_INITIAL),
    ("The skirt was designed by a Spanish artist, Mario de Santiago, who is based in London.", "Santiago",
     _REJECT, C.SURNAME_PARTICLE),
    # part of an organisation's, a site's or an operation's name
    ("Bank of Valletta plc reversed some of the recent declines.", "Valletta", _REJECT,
     C.SMALL_PLACE_IN_OPENED_NAME),
    ("Working for the Chamber of Commerce, he set about trying to research the project.", "Commerce",
     _REJECT, C.SMALL_PLACE_IN_OPENED_NAME),
    ("They own the adjacent Hotel Kyjev, which they plan to rebuild.", "Kyjev", _EMBEDDED, C.IN_OPENED_NAME),
    ("Elsewhere, the Bank of Japan will keep policy highly accommodative.", "Japan", _EMBEDDED,
     C.IN_OPENED_NAME),
    ("Ukraine launched Operation Orikhiv in June.", "Orikhiv", _EMBEDDED, C.IN_OPERATION_NAME),
    ("Russian forces pressed on along the Bakhmut Direction.", "Bakhmut", _EMBEDDED, C.IN_OPERATION_NAME),
    ("He was taken to Colchester Hospital for further care.", "Colchester", _EMBEDDED,
     C.BEFORE_ORGANISATION_WORD),
    ("The Karnataka Assembly election is to be held on May 12.", "Karnataka", _EMBEDDED,
     C.BEFORE_ORGANISATION_WORD),
    ("The Boise Fire Department offered these tips for cooking your holiday meal safely.", "Boise",
     _EMBEDDED, C.IN_LONG_ORGANISATION_NAME),
    ("Reporting by Nate Raymond in Boston.", "Raymond", _REJECT, C.WRITTEN_WITH_A_NAME),
    ("In Beijing, the Commerce Ministry said China doesn't want a trade war.", "Commerce", _REJECT,
     C.NATIONAL_BODY),
    ("Trump spent the weekend at Trump's Bedminster golf club.", "Bedminster", _REJECT,
     C.AFTER_A_POSSESSIVE_NAME),
    ("Trump met John Bolton in Washington. He offered the job to Bolton in the Oval Office.", "Bolton",
     _REJECT, C.PERSON_NAME_ELSEWHERE),
    ("The wedding takes place on 19 May in St George's Chapel at Windsor Castle.", "St George", _EMBEDDED,
     C.POSSESSIVE_FACILITY),
    ("The AWC chose the Hope Residence for Mothers with Children at Eva's Village in Paterson.", "Eva",
     _REJECT, C.SMALL_PLACE_POSSESSIVE_FACILITY),
    ("Pandora's Box: Unleashing Evil airs at 9:00 PM on Investigation Discovery.", "Pandora", _REJECT,
     C.POSSESSIVE_BEFORE_NAME),
    ("The data was compiled by Moody's Analytics.", "Moody", _REJECT, C.POSSESSIVE_BEFORE_NAME),
    ("It turns out the Broadway star really had shingles.", "Broadway", _REJECT,
     C.SMALL_PLACE_NAMES_ORGANISATION),
    ("British officers searched an Aeroflot passenger plane at Heathrow airport.", "Heathrow", _REJECT,
     C.SMALL_PLACE_NAMES_ORGANISATION),
    ("Could a landmark compensation award by a New York court safeguard street art?", "New York",
     _EMBEDDED, C.NAMES_ORGANISATION),
    # a word of the sentence, or a speaker, rather than a place
    ("Time will tell how events develop. There is little time left.", "Time", _REJECT,
     C.COMMON_WORD_OPENING_SENTENCE),
    ("Price is a hurdle. The price of a ticket is high.", "Price", _REJECT, C.COMMON_WORD_OPENING_SENTENCE),
    ("The firm works in industry. He joined the Abuja Chamber of Commerce and Industry.", "Industry",
     _REJECT, C.LOWER_CASE_ELSEWHERE),
    ("John Bolton arrived on Monday, and the mayor of Bolton said he was welcome.", "Bolton", _REJECT,
     C.SPEAKER_NAMED_AS_PERSON),
    ("“We also didn’t build our operations fast enough,” Sandberg said.", "Sandberg", _REJECT,
     C.SPEAKER_BEFORE_VERB),
    ("Also implicated in the scandal was Samsung chief Lee Jae-yong.", "Samsung", _REJECT,
     C.SPEAKER_AFTER_VERB),
    # a place, cued by its context
    ("SPRINGFIELD, Ill. (AP) — Lawmakers met on Monday.", "SPRINGFIELD", _PLACE, C.DATELINE),
    ("Residents of Novoselivka said windows were blown out along the main street.", "Novoselivka", _PLACE,
     C.LOCATIVE_OF),
    ("Ukrainian servicemen withdrew from the key town of Debaltseve.", "Debaltseve", _PLACE, C.LOCATIVE_OF),
    ("Wong reported from Beijing.", "Beijing", _PLACE, C.LOCATIVE),
    ("In Klamath Falls, users are charged directly for the heat.", "Klamath Falls", _PLACE, C.OPENING_CUE),
    ("Russian troops advanced on Selydove, a town of 20,000 people.", "Selydove", _PLACE,
     C.SETTLEMENT_APPOSITION),
    ("He and his family fled Iraq after his brother eloped.", "Iraq", _PLACE, C.EVENT_OBJECT),
    ("The fall of Debaltseve also represents a win for president Vladimir Putin.", "Debaltseve", _PLACE,
     C.EVENT_NOUN),
    ("Debaltseve was shelled overnight.", "Debaltseve", _PLACE, C.EVENT_SUBJECT),
    ("Moscow has poured reservists into the Luhansk region since the autumn.", "Luhansk", _PLACE,
     C.REGION_WORD_AFTER),
    # a place for its weight alone, or as an actor; else maybe
    ("How can Russia respond?", "Russia", _PLACE, C.WELL_KNOWN),
    ("Noma opened a case of rape at the Delft police station in May 2017.", "Delft", _PLACE, C.ACTOR),
    ("Vuhledar remains tense.", "Vuhledar", _MAYBE, None),
]  # fmt: skip


@pytest.fixture()
def read(gazetteer: Gazetteer, monkeypatch: pytest.MonkeyPatch) -> Callable[[str, str], Reading]:
    """Return a function that geoparses a text and gives the reading made of a name's last occurrence."""
    original = evidence.read_span
    made: dict[int, Reading] = {}

    def spy(*args, **kwargs) -> Reading:
        reading = original(*args, **kwargs)
        made[reading.span.start] = reading
        return reading

    # wherever the geoparser imported read_span from
    users = [m for name, m in list(sys.modules.items()) if name.startswith("geo.") and m is not evidence]
    patched = [m for m in users if vars(m).get("read_span") is original]
    assert patched, "no module of the geoparser reads spans with geo.evidence.read_span"
    for module in patched:
        monkeypatch.setattr(module, "read_span", spy)

    def reading_of(text: str, name: str) -> Reading:
        made.clear()
        geoparse(text, gazetteer)
        return made[text.rindex(name)]

    return reading_of


_IDS = [f"{code or 'maybe'}:{name}" for _, name, _, code in CASES]


@pytest.mark.parametrize(("text", "name", "verdict", "code"), CASES, ids=_IDS)
def test_rule_cases(
    read: Callable[[str, str], Reading], text: str, name: str, verdict: Verdict, code: C | None
) -> None:
    reading = read(text, name)
    assert (reading.verdict, codes(reading)) == (verdict, (code,) if code else ())


def test_every_rule_has_a_case() -> None:
    covered = {code for *_, code in CASES}
    assert [rule.name for rule in RULES if rule.code not in covered] == []


def test_rule_names_and_codes_are_unique_and_match() -> None:
    names = [rule.name for rule in RULES]
    assert len(set(names)) == len(names)
    assert len({rule.code for rule in RULES}) == len(RULES)
    assert all(re.fullmatch(r"[a-z]+(?:_[a-z]+)*", name) for name in names)
    assert [rule.code.name.lower() for rule in RULES] == names


def test_the_cues_are_rows_of_the_table_that_give_a_place() -> None:
    start = RULES.index(CUES[0])
    assert RULES[start : start + len(CUES)] == CUES
    assert {rule.verdict for rule in CUES} == {Verdict.PLACE}


def test_the_speech_words_are_split_by_what_they_are() -> None:
    lex = lexicon()
    kinds = (lex.reporting_verbs, lex.verbs_of_people, lex.relative_pronouns, lex.auxiliary_verbs)
    assert all(a.isdisjoint(b) for i, a in enumerate(kinds) for b in kinds[i + 1 :])
    assert {"said", "told"} <= lex.reporting_verbs
    assert "who" in lex.relative_pronouns and "died" in lex.verbs_of_people and "was" in lex.auxiliary_verbs


def test_reasons_are_written_as_their_templates_say(
    gazetteer: Gazetteer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # each case's span, read by every rule whose reason has fields: the compiled template writes
    # what str.format would
    inputs: list[evidence.RuleInput] = []
    original = evidence.RuleInput

    def keep(*args, **kwargs) -> evidence.RuleInput:
        made = original(*args, **kwargs)
        inputs.append(made)
        return made

    monkeypatch.setattr(evidence, "RuleInput", keep)
    for text, *_ in CASES:
        geoparse(text, gazetteer)
    templated = [rule for rule in RULES if "{" in rule.why]
    assert len(inputs) >= len(CASES) and len(templated) >= 20
    for x in inputs:
        for rule in templated:
            assert rule.reason(x) == evidence.Reason(rule.why.format(x=x), rule.code)
    assert all(rule.reason(inputs[0]) is rule.reason(inputs[1]) for rule in RULES if "{" not in rule.why)


def test_each_weight_tries_the_rules_for_it_in_table_order() -> None:
    for weight in evidence.WEIGHTS:
        tried = [evidence._RULE_OF[condition] for condition in evidence._CONDITIONS[weight]]
        assert tried == [rule for rule in RULES if weight in rule.weights]
    assert [r.name for r in RULES if r.weights == frozenset({"major", "territory"})] == [
        "in_long_organisation_name", "well_known"
    ]
