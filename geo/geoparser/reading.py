"""Step 2: read every name in its context (:mod:`geo.evidence`), then along the lists it is in.

A name's weight (:func:`_weight`: how big its biggest candidate is) and the text's person names
(:func:`_name_words`) feed :func:`geo.evidence.read_span`; names found only as spelling variants
stay plausible; :mod:`geo.geoparser.lists` then spreads cues, metonymy and region readings along
lists of names.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Collection, Sequence

from geo.evidence import Reading, Verdict, Weight, read_span, sole_code
from geo.geoparser.lists import spread_cues, spread_metonymy, spread_regions, town_before_region
from geo.geoparser.record import Document
from geo.model import Candidate, ReasonCode
from geo.recognition import UPPER_LETTERS, Span
from geo.text import fold_word, lexicon

__all__ = ["read_names"]

_LARGE_REGION = 1_000_000  # a region this big is not refused for being named with common words
_LOWER = r"a-z\u00df-\u024f\u0430-\u045f"
# A title-case word, with an inner capital after "Mc"/"Mac"/"De"-like prefixes ("McGregor").
_NAME_WORD = rf"[{UPPER_LETTERS}][{_LOWER}]+(?:[{UPPER_LETTERS}][{_LOWER}]+)?"
_NAME_START = rf"[{UPPER_LETTERS}](?<![\w'’.][{UPPER_LETTERS}])[{_LOWER}]+(?:[{UPPER_LETTERS}][{_LOWER}]+)?"
_NAME_RUN = re.compile(rf"({_NAME_START})(?:[ ]+{_NAME_WORD})?[ ]+({_NAME_WORD})(?![\w'’-])")
# A speaker named after the verb, at a clause end: '"...," said Noma.' (a person, not NoMa, D.C.)
# One pattern per verb: each starts with its word, which the engine finds as fast as str.find.
_SPEAKER_AFTER = tuple(
    re.compile(rf"{verb}(?<![\w'’]{verb}) ({_NAME_WORD})(?=[.,;:!?]|$)")
    for verb in sorted(lexicon().verbs_before_a_speaker)
)
_LAST_WORD = re.compile(r"\b([a-z]+)\s+$")
_WORD_CHAR = re.compile(r"[\w'’]")
# A lower-case word: the look-behind follows the first letter, so the engine skips ahead in C.
_LOWER_WORD = re.compile(r"[a-z](?<![\w'’][a-z])[a-z]*(?![\w'’])")
_SEARCHED_WORDS = 32  # words looked for one by one before all lower-case words are collected


def read_names(doc: Document) -> None:
    """Set every name's reading; names found only as spelling variants stay plausible."""
    text, gazetteer, names = doc.text, doc.gazetteer, doc.names
    weight_of: dict[int, Weight] = {}  # by the candidates tuple, shared by a name's occurrences
    for n in names:
        if id(n.candidates) not in weight_of:
            weight_of[id(n.candidates)] = _weight(n.candidates)
    heavy = {n.span.key for n in names if weight_of[id(n.candidates)] in ("major", "territory")}
    is_lower = _lower_words(text)
    person_words = _name_words(text, gazetteer.name_keys, heavy, is_lower)
    seen: dict[tuple, Reading] = {}  # a name in the same context reads the same ("Kiev Kiev Kiev")
    for n in names:
        span, found = n.span, n.candidates
        if n.fixed is not None:
            n.reading = Reading(span, Verdict.PLACE, (n.fixed,))
            continue
        weight = weight_of[id(found)]
        context = _context(span, weight, n.variant)
        reading = seen.get(context)
        if reading is not None:
            n.reading = Reading(
                span, reading.verdict, reading.reasons, reading.metonymic, reading.prefer_region
            )
            continue
        reading = read_span(
            span,
            weight,
            demonyms=gazetteer.demonym_keys,
            name_words=person_words,
            is_lower_word=is_lower,
            place_words=gazetteer.name_keys,
        )
        if sole_code(reading) == ReasonCode.COMMON_PHRASE and any(
            c.place.kind == "region" and c.place.population >= _LARGE_REGION for c in found
        ):  # "the West Bank", "North West" (South Africa's province): the region must fit the text
            reading = Reading(span, Verdict.MAYBE, ())
        if n.variant and reading.verdict == Verdict.PLACE:  # a variant must fit the text
            reading = Reading(span, Verdict.MAYBE, reading.reasons, reading.metonymic, reading.prefer_region)
        elif reading.prefer_region and reading.verdict == Verdict.PLACE and not _has_area(found):
            # "Morris County" with no such county in the gazetteer: its namesake town is a guess
            reading = Reading(span, Verdict.MAYBE, reading.reasons, reading.metonymic, reading.prefer_region)
        n.reading = reading
        seen[context] = reading
    spread_cues(text, names)
    spread_metonymy(text, names)
    spread_regions(text, names)
    town_before_region(text, names)


def _weight(candidates: Sequence[Candidate]) -> Weight:
    best = 0
    for c in candidates:
        place = c.place
        if place.kind in ("country", "continent", "water"):
            return "territory"
        best = max(best, place.population)
    return "major" if best >= 100_000 else "medium" if best >= 10_000 else "minor"


def _has_area(candidates: Sequence[Candidate]) -> bool:
    """Tell whether a candidate is a region or a country, as "the X region" or "X County" asks."""
    return any(c.place.kind in ("region", "country") for c in candidates)


def _context(span: Span, weight: Weight, variant: bool) -> tuple:
    """Everything of a name :func:`read_span` reads: its span but its offsets, its weight, variant or not."""
    return (
        weight,
        variant,
        span.text,
        span.key,
        span.words,
        span.prev,
        span.prev_gap,
        span.prev2,
        span.next,
        span.next_gap,
        span.next2,
        span.possessive,
        span.upper,
        span.chunk_before,
        span.chunk_after,
        span.chunk_before is span.chunk_after,
        span.prev_opens_sentence,
        span.run_end,
    )


def _lower_words(text: str) -> Callable[[str], bool]:
    """A test "is this word also written in lower case in the text?", remembered per word.

    The first words asked about are searched for (a substring search in C, then a look at the
    characters either side); after :data:`_SEARCHED_WORDS` of them, every lower-case word of the
    text is collected once, so that a long text with many names is still read in linear time.
    """
    known: dict[str, bool] = {}
    collected: list[set[str]] = []

    def is_lower(word: str) -> bool:
        found = known.get(word)
        if found is None:
            if collected or len(known) >= _SEARCHED_WORDS:
                if not collected:
                    collected.append(set(_LOWER_WORD.findall(text)))
                found = known[word] = word in collected[0]
            else:
                plain = word.isascii() and word.isalpha() and word.islower()
                found = known[word] = plain and _whole_word_in(text, word)
        return found

    return is_lower


def _whole_word_in(text: str, word: str) -> bool:
    """True when ``word`` occurs in ``text`` with no letter, digit or apostrophe either side."""
    at = text.find(word)
    while at >= 0:
        end = at + len(word)
        if not (at and _WORD_CHAR.match(text, at - 1)) and not _WORD_CHAR.match(text, end):
            return True
        at = text.find(word, at + 1)
    return False


def _name_words(
    text: str, name_keys: Collection[str], heavy: set[str], is_lower: Callable[[str], bool]
) -> frozenset[str]:
    """First names and surnames: the ends of runs of 2-3 capitalised words that are no place, and
    single names of speakers ('..., said Noma.').

    A run of three that starts with a well-known place ("Hawaii Pacific Health") is taken for an
    organisation's name rather than a person's, and so is a run that ends with one after a word
    the text also writes in lower case ("Baseball Toronto"); a well-known place never becomes a
    first name.
    """
    lex = lexicon()
    generic = _generic_name_words()
    words = set()
    for match in _NAME_RUN.finditer(text):
        run = match.group()
        before = _LAST_WORD.search(text, max(0, match.start() - 20), match.start())
        if before and before.group(1) in lex.locative:
            continue  # "in Eastern Ghouta", "at Brands Hatch": a place, not a person
        keys = [fold_word(w) for w in run.split()]
        if any(k in generic for k in keys) or " ".join(keys) in name_keys:
            continue  # "Glenrock Lagoon", "Courthouse Ballyjamesduff": a feature or a site
        if len(keys) == 3 and keys[0] in heavy or keys[-1] in heavy and is_lower(keys[0]):
            continue
        if keys[0] not in heavy:  # "Dubai Turf", "Boston Globe": a place names the thing
            words.add(keys[0])
        words.add(keys[-1])
    words.update(
        key for verb in _SPEAKER_AFTER for w in verb.findall(text) if (key := fold_word(w)) not in heavy
    )
    return frozenset(words)


@functools.cache
def _generic_name_words() -> frozenset[str]:
    """Words that make a run of capitalised words a feature's, site's, organisation's or operation's name."""
    lex = lexicon()
    return frozenset(
        lex.common_nouns | lex.feature_words | lex.water_words | lex.facility_words | lex.operation_words
    )
