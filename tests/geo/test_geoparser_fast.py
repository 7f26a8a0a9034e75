"""The geoparser's fast paths give the answers of their plain definitions."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo import features, recognition
from geo.gazetteer import Gazetteer, haversine_km
from geo.geoparser import acceptance, demonyms, finding, geoparse, reading
from geo.model import Place
from geo.recognition import find_spans, find_state_abbreviations
from geo.spatial import PlaceGrid
from geo.text import lexicon, tokenize, word_alternation, word_tuples

# Letters, marks and separators that decide where words and names begin and end.
_ALPHABET = "AaBbKkSsiev ОоДдÉé'’.-–&\n,1_ſ"
_TEXTS = st.text(alphabet=_ALPHABET, max_size=60)
_UPPER = recognition.UPPER_LETTERS


def _plain(pattern: re.Pattern[str], lookbehind: str) -> re.Pattern[str]:
    """The pattern written the obvious way: its look-behind in front of the first letter."""
    first = f"[{_UPPER}](?<!{lookbehind}[{_UPPER}])"
    assert first in pattern.pattern
    return re.compile(f"(?<!{lookbehind})[{_UPPER}]" + pattern.pattern.replace(first, "", 1))


@settings(max_examples=400, deadline=None)
@given(_TEXTS)
def test_capital_patterns_equal_their_lookbehind_first_form(text: str) -> None:
    for pattern, lookbehind in (
        (recognition._CHUNK, r"[\w'’]"),
        (demonyms._CAPWORD, r"[\w'’]"),
        (reading._NAME_RUN, r"[\w'’.]"),
    ):
        fast = [m.span() for m in pattern.finditer(text)]
        assert fast == [m.span() for m in _plain(pattern, lookbehind).finditer(text)]


_LOWER_WORD = re.compile(r"(?<![\w'’])[a-z]+(?![\w'’])")


@settings(max_examples=400, deadline=None)
@given(
    st.text(alphabet="abeK '’.\n1_é", max_size=80),
    st.lists(st.text(alphabet="abeK ", max_size=3) | st.sampled_from(["a", "ab", "Kiev", "", "ab ab"]), max_size=80),
)
def test_lower_word_test_equals_the_set_of_lower_case_words(text: str, words: list[str]) -> None:
    """Words searched one by one, then (past the first few) looked up in the collected set."""
    is_lower = reading._lower_words(text)
    expected = set(_LOWER_WORD.findall(text))
    for word in words + words:  # the second time, remembered answers
        assert is_lower(word) == (word in expected), word


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_word_tuples_are_the_tokens(text: str) -> None:
    tokens = tokenize(text)
    assert [(t.start, t.end, t.text, t.key, t.cap, t.possessive) for t in tokens] == word_tuples(text)
    for t in tokens:  # the possessive 's, in either apostrophe and either case, is cut off
        tail = text[t.end : t.end + 2]
        assert t.possessive == (re.fullmatch(r"['’]s", tail, re.IGNORECASE) is not None)


def test_candidates_are_ranked_by_the_scores_they_show(gazetteer: Gazetteer, seed_text: str) -> None:
    """Ranking uses a fast score without reasons; the explained scores must agree with it."""
    mentions = geoparse(seed_text, gazetteer)
    assert len(mentions) > 30
    for m in mentions:
        scores = [c.score for c in m.candidates]
        assert scores == sorted(scores, reverse=True), m.text
        assert m.place is m.candidates[0].place


def test_repeated_name_scales_linearly(gazetteer: Gazetteer) -> None:
    """A name repeated many times: every occurrence found, all resolved alike, the same spans."""
    small = geoparse("Fighting near Kiev. " * 200, gazetteer)
    large = geoparse("Fighting near Kiev. " * 2000, gazetteer)
    assert len(small) == 200 and len(large) == 2000
    assert {m.place.geonameid for m in large} == {small[0].place.geonameid}
    assert [m.start for m in large[:200]] == [m.start for m in small]


_PIECES = st.lists(
    st.sampled_from(["Kiev", "Sea of Azov", "Slidell", "La.", "Calif.", "Wash", "averyveryverylongwordindeed", "b",
                     "x1", ". ", " ", "  ", "\n", "'s", ", ", ",", "—", "“"]),
    max_size=25,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(_PIECES)
def test_state_abbreviations_equal_the_lookbehind_first_form(text: str) -> None:
    names = sorted(lexicon().state_abbreviations, key=len, reverse=True)
    plain = re.compile(r"(?<=[A-Za-z], )(?:" + "|".join(re.escape(n) for n in names) + r")(?![\w])")
    assert [(s.start, s.end) for s, _ in find_state_abbreviations(text)] == [m.span() for m in plain.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(_PIECES)
def test_words_before_a_name_are_read_from_the_whole_window(text: str) -> None:
    for span in find_spans(text, {"kiev", "sea of azov", "slidell"}):
        window = text[max(0, span.start - 48) : span.start]
        left = re.findall(r"([\w'’]+)([^\w'’]*)", window)
        prev, prev_gap = left[-1] if left else ("", window)
        assert (span.prev, span.prev_gap, span.prev2) == (prev, prev_gap, left[-2][0] if len(left) > 1 else "")


_POINTS = st.lists(
    st.tuples(st.floats(-90, 90), st.floats(-180, 180)) | st.tuples(st.floats(47, 49), st.floats(36, 40)),
    min_size=1, max_size=40,
)


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(_POINTS, _POINTS)
def test_grid_finds_every_place_within_reach(anchors: list[tuple[float, float]], queries: list[tuple[float, float]]) -> None:
    """The grid of sure places prunes only places farther than the reach of a plausible name."""
    places = [Place(name=f"a{i}", lat=lat, lon=lon) for i, (lat, lon) in enumerate(anchors)]
    grid = PlaceGrid(places, acceptance._MAYBE_KM)
    for lat, lon in queries:
        query = Place(name="q", lat=lat, lon=lon)
        near = [a for a in places if haversine_km(lat, lon, a.lat, a.lon) < acceptance._MAYBE_KM]
        assert all(any(a is b for b in grid.around(query)) for a in near)


_WORDS = st.lists(st.text(alphabet="abins.", min_size=1, max_size=5), max_size=12)


@settings(max_examples=400, deadline=None)
@given(_WORDS, st.text(alphabet="abins. X", max_size=40))
def test_word_alternation_matches_the_plain_alternation(words: list[str], text: str) -> None:
    plain = "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)) or "(?!)"
    for tail in ("", r"(?![a-z])", r"\s+X"):  # alone, as a whole word, before what must follow
        fast = re.compile(rf"(?:{word_alternation(words)}){tail}")
        assert [m.span() for m in fast.finditer(text)] == [m.span() for m in re.finditer(rf"(?:{plain}){tail}", text)]


_CUED_PIECES = st.lists(
    st.sampled_from(["in", "into", "village of", "villages of", "towns  of", "shelled", "near", "Robotyne", "Kiev's",
                     "of", "eastern", "Eastern", "northwestern",
                     "Hodeidah Port", "KYIV", "within", "x", " ", "  ", "\n", ", ", "’s", "-"]),
    max_size=20,
).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(_CUED_PIECES)
def test_cue_pattern_equals_the_plain_alternation(text: str) -> None:
    lex = lexicon()
    nouns = "|".join(sorted(lex.settlement_nouns | lex.district_nouns))
    words = "|".join(sorted(lex.prepositions_before_unknown_places | lex.event_verbs, key=len, reverse=True))
    compass = "|".join(sorted(recognition.COMPASS_ADJECTIVES, key=len, reverse=True))
    cap = recognition._CAP
    plain = re.compile(
        rf"\b(?:(?:(?:{nouns})\s+of|{words})\s+(?:(?:{compass})\s+)?|of\s+(?:{compass})\s+)({cap})(?![\w'’]*\s+{cap})"
    )
    assert [m.span(1) for m in recognition._cued().finditer(text)] == [m.span(1) for m in plain.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["said", "says", "unsaid", "Noma", "Kiev", ".", ",", " ", "wrote", "'"]), max_size=14)
       .map(lambda pieces: "".join(pieces)))
def test_speaker_patterns_equal_one_alternation(text: str) -> None:
    verbs = "|".join(lexicon().verbs_before_a_speaker)
    plain = re.compile(rf"(?<![\w'’])(?:{verbs}) ({reading._NAME_WORD})(?=[.,;:!?]|$)")
    fast = sorted(w for pattern in reading._SPEAKER_AFTER for w in pattern.findall(text))
    assert fast == sorted(plain.findall(text))


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["Sea", "Seas", "Hall", "Hall's", "x", "-", "_", "’", "1", " ", "é", "\n", "."]),
                max_size=20).map("".join))
def test_whole_words_equal_their_find_loop_definition(text: str) -> None:
    def in_word(char: str) -> bool:
        return char.isalnum() or char in "_'’-"

    words = ("Sea", "Hall")
    plain = sorted(
        (at, at + len(w), w) for w in words for at in range(len(text)) if text.startswith(w, at)
        and (at == 0 or not in_word(text[at - 1])) and (at + len(w) == len(text) or not in_word(text[at + len(w)]))
    )
    assert features._whole_words(text, words) == plain


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["the", "The", "xthe", "-the", "’the", " ", "A40", "M03", "H-20", ",", "and", "B2x", "1"]),
                max_size=14).map("".join))
def test_road_number_pattern_equals_its_lookbehind_first_form(text: str) -> None:
    fast = features._NUMBERED_ROADS
    plain = re.compile(r"(?<![\w'’-])[Tt]he" + fast.pattern.removeprefix(r"[Tt]he(?<![\w'’-][Tt]he)"))
    assert plain.pattern != fast.pattern
    assert [m.span(1) for m in fast.finditer(text)] == [m.span(1) for m in plain.finditer(text)]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["SA", "T&T", "S", "A", "&", ".", "'", "’", "-", "_", " ", "x", "1", "é", "("]),
                max_size=14).map("".join))
def test_initials_written_alone_equal_their_regex_definition(text: str) -> None:
    for form in ("SA", "T&T"):
        plain = re.compile(rf"(?<![\w&.’'-]){re.escape(form)}(?![\w&’'-]|\.\w)")
        assert finding._written_alone(text, form) == [m.span() for m in plain.finditer(text)]
