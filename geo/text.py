"""Text plumbing for the geoparser: word tokens, sentence boundaries and the generic lexicon.

>>> [t.text for t in tokenize("South of Donetsk, near Mariupol.")]
['South', 'of', 'Donetsk', 'near', 'Mariupol']
>>> text = "Fighting went on. It reached Mariupol."
>>> text[slice(*sentence_span(text, 30))]
'It reached Mariupol.'
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from geo.errors import InputError
from geo.names import fold

__all__ = [
    "Lexicon", "Token", "a_or_an", "decode_utf8", "fold_word", "lexicon", "sentence_span", "tokenize",
    "word_alternation", "word_tuples",
]

# A word: letters (any script), with apostrophes inside ("People's", "Kiev’s" stays one token
# and is split off below). Digits are words too, so that they break n-grams.
_WORD = re.compile(r"[^\W_]+(?:['’][^\W\d_]+)*")
# A full stop, question or exclamation mark (with closing quotes or brackets) then a space ends a
# sentence, unless a lower-case word follows (“Go!” he said); so does a line break.
_BOUNDARY = re.compile(r"(?:[.!?…]+[\"'”’)\]]*(?=\s+(?![a-z]))|\n)")
_MAX_SENTENCE = 2_000  # sentence_span never looks further than this either side


@dataclass(frozen=True, slots=True)
class Token:
    """A word of the text: span, surface, folded key, and how it is written."""

    start: int
    end: int
    text: str
    key: str  # fold(text) without a possessive 's
    cap: bool  # starts with an upper-case letter
    upper: bool  # written in capitals, two letters or more ("KIEV", "US")
    possessive: bool  # followed by 's ("Kiev’s")


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into word tokens; a possessive ``'s`` is dropped from the token."""
    return [
        Token(start=start, end=end, text=word, key=key, cap=cap, upper=len(word) > 1 and word.isupper(),
              possessive=possessive)
        for start, end, word, key, cap, possessive in word_tuples(text)
    ]


def word_tuples(text: str) -> list[tuple[int, int, str, str, bool, bool]]:
    """:func:`tokenize` as plain tuples ``(start, end, text, key, cap, possessive)``, for hot loops."""
    words = []
    for match in _WORD.finditer(text):
        word = match.group()
        start, end = match.span()
        possessive = len(word) > 2 and word[-2] in "'’" and word[-1] in "sSſ"
        if possessive:
            word, end = word[:-2], end - 2
        words.append((start, end, word, fold_word(word), word[0].isupper(), possessive))
    return words


@cache
def fold_word(word: str) -> str:
    """:func:`geo.names.fold` of one word, remembered (words repeat)."""
    return fold(word)


def word_alternation(words: Iterable[str]) -> str:
    r"""A regular expression (no groups) matching any of ``words``, shaped as a tree of prefixes.

    It matches what ``"|".join(sorted(words, key=len, reverse=True))`` matches, longer words
    first, but the engine tests one letter at a time instead of every word in turn, which makes
    a long list of words cheap at each position of a text.

    >>> word_alternation(["in", "into", "near", "off"])
    '(?:in(?:to)?|near|off)'
    >>> bool(re.fullmatch(word_alternation(["a.b", "ab"]), "a.b"))
    True
    """
    tree: dict = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _alternation(tree) or "(?!)"


def _alternation(node: dict) -> str:
    branches = []
    for char in sorted(char for char in node if char):
        child = node[char]
        prefix = re.escape(char)
        while len(child) == 1 and "" not in child:  # a chain of single letters: one literal
            (char, child), = child.items()
            prefix += re.escape(char)
        branches.append(prefix + _alternation(child))
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
    if "" in node:  # a word ends here: the longer words are tried first, then the end
        return f"(?:{body})?" if len(branches) > 1 or len(body) > 1 else f"{body}?"
    return body


def sentence_span(text: str, start: int) -> tuple[int, int]:
    """Return ``(begin, end)`` of the sentence containing offset ``start`` (stripped of spaces).

    Sentences end at ``.``, ``!``, ``?`` (with closing quotes) followed by a space, or at a line
    break; a full stop after a common abbreviation ("Mr.", "St.") does not end one. The search is
    bounded, so the call is cheap on any text.
    """
    if not isinstance(text, str):
        raise TypeError("text must be a str")
    start = min(max(start, 0), len(text))
    lo = max(0, start - _MAX_SENTENCE)
    begin = lo
    for match in _BOUNDARY.finditer(text, lo, start):
        if not _is_abbreviation(text, match.start()):
            begin = match.end()
    end = min(len(text), start + _MAX_SENTENCE)
    for match in _BOUNDARY.finditer(text, start, end):
        if not _is_abbreviation(text, match.start()):
            end = match.end() if text[match.start()] != "\n" else match.start()
            break
    while begin < end and text[begin].isspace():
        begin += 1
    while end > begin and text[end - 1].isspace():
        end -= 1
    return begin, end


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the full stop at ``dot`` follows an abbreviation such as "Mr" or "St"."""
    if text[dot] != ".":
        return False
    word_start = dot
    while word_start > 0 and text[word_start - 1].isalpha():
        word_start -= 1
    word = text[word_start:dot].lower()
    return bool(word) and (word in lexicon().abbreviations or (len(word) == 1 and text[dot - 1].isupper()))


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Closed classes of English words, and marks matched as written (geo/data/lexicon.toml)."""

    calendar: frozenset[str]
    titles: frozenset[str]
    reporting_verbs: frozenset[str]
    verbs_of_people: frozenset[str]
    relative_pronouns: frozenset[str]
    auxiliary_verbs: frozenset[str]
    passive_auxiliaries: frozenset[str]
    articles: frozenset[str]
    locative: frozenset[str]
    opening_prepositions: frozenset[str]
    place_cues_also_before_people: frozenset[str]
    region_words: frozenset[str]
    organisation_words: frozenset[str]
    facility_words: frozenset[str]
    named_of_words: frozenset[str]
    abbreviations: frozenset[str]
    function_words: frozenset[str]
    government_words: frozenset[str]
    metonymy_cues: frozenset[str]
    country_abbreviations: frozenset[str]
    feature_words: frozenset[str]
    water_words: frozenset[str]
    street_words: frozenset[str]
    peoples_and_languages: frozenset[str]
    event_verbs: frozenset[str]
    territorial_verbs: frozenset[str]
    event_nouns: frozenset[str]
    event_prepositions: frozenset[str]
    metonymy_prepositions: frozenset[str]
    national_bodies: frozenset[str]
    territory_words_for_a_part: frozenset[str]
    feature_words_before_names: frozenset[str]
    surname_particles: frozenset[str]
    currency_words: frozenset[str]
    operation_words: frozenset[str]
    settlement_nouns: frozenset[str]
    compass_adjectives: frozenset[str]
    prepositions_before_unknown_places: frozenset[str]
    district_nouns: frozenset[str]
    verbs_before_a_speaker: frozenset[str]
    compass_points: frozenset[str]
    words_after_a_feature_name: frozenset[str]
    facility_words_also_surnames: frozenset[str]
    landform_words: frozenset[str]
    #: The [as_written] table, not folded: dashes, apostrophes, possessive endings, opening marks,
    #: currency signs, verb and adverb endings, the gazetteer's words for first-level units
    dashes: tuple[str, ...]
    apostrophes: tuple[str, ...]
    possessive_endings: tuple[str, ...]
    opening_marks: tuple[str, ...]
    currency_signs: tuple[str, ...]
    verb_and_adverb_endings: tuple[str, ...]
    unit_words: tuple[str, ...]
    #: "Calif." -> ("California", "US"), "B.C." -> ("British Columbia", "CA")
    state_abbreviations: dict[str, tuple[str, str]] = field(hash=False, compare=False)
    #: "SC" -> ("South Carolina", "US"), "ON" -> ("Ontario", "CA"): only after a town of that state
    postal_codes: dict[str, tuple[str, str]] = field(default_factory=dict, hash=False, compare=False)
    #: Words that are, written alone, never a place: titles, generic nouns, function words
    #: (the union of several classes, computed once when the lexicon is loaded).
    common_nouns: frozenset[str] = field(default=frozenset(), hash=False, compare=False)


@cache
def lexicon() -> Lexicon:
    """Load the generic lexicon once."""
    data = tomllib.loads(resources.files("geo.data").joinpath("lexicon.toml").read_text("utf-8"))
    states, postal = (
        {abbr: (name, cc) for cc, table in data.pop(key).items() for abbr, name in table.items()}
        for key in ("state_abbreviations", "postal_codes")
    )
    written = {name: tuple(value) for name, value in data.pop("as_written").items()}
    words = {name: frozenset(fold(w) for w in value) for name, value in data.items() if isinstance(value, list)}
    common = frozenset().union(*(words[name] for name in _COMMON_CLASSES))
    return Lexicon(**words, **written, state_abbreviations=states, postal_codes=postal, common_nouns=common)


_COMMON_CLASSES = (
    "titles", "function_words", "organisation_words", "government_words", "locative", "region_words", "calendar",
)


def a_or_an(noun: str) -> str:
    """The noun with its indefinite article, for explanations.

    >>> a_or_an("court"), a_or_an("airport"), a_or_an("university")
    ('a court', 'an airport', 'a university')
    """
    word = noun.lower()
    vowel = word[:1] in "aeiou" and not word.startswith(("uni", "use", "eu", "one"))  # "a university"
    return f"an {noun}" if vowel else f"a {noun}"


def decode_utf8(data: bytes, where: str, *, advice: str = "") -> str:
    r"""Decode UTF-8 text (with or without a BOM); raise InputError naming the first bad byte.

    >>> decode_utf8(b"\xef\xbb\xbfKyiv", "x")
    'Kyiv'
    """
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        message = f"{where} is not valid UTF-8 (bad byte at offset {err.start})"
        raise InputError(f"{message}; {advice}" if advice else message) from err
