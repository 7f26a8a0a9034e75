"""Recognition: find the gazetteer names written in a text, with the context around each.

One pass of a compiled regular expression collects the text's *capitalised chunks* (runs of
capitalised words, with connectors such as "of" or "upon" inside: "Sea of Azov",
"Stratford-upon-Avon", "U.S."). Inside each chunk the longest run of words whose folded form
is a gazetteer name wins (:attr:`geo.gazetteer.Gazetteer.name_keys`). Each match becomes a
:class:`Span` carrying the words around it; :mod:`geo.evidence` decides what it is.

>>> [s.text for s in find_spans("Fighting near the Sea of Azov.", {"sea of azov", "azov"})]
['Sea of Azov']
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from functools import cache

from geo.names import fold
from geo.text import fold_word, lexicon, word_alternation, word_tuples

__all__ = [
    "COMPASS_ADJECTIVES", "UPPER_LETTERS", "Span", "clear_cache", "find_postal_codes", "find_spans", "find_state_abbreviations",
    "find_unknown_names", "max_ngram", "span_at",
]

max_ngram = 6  # the longest name tried, in words ("Bosnia and Herzegovina" is 3)

# Upper-case letters of the Latin, Greek and Cyrillic blocks (a regex class cannot say "\p{Lu}").
UPPER_LETTERS = "".join(chr(c) for c in range(0x41, 0x530) if chr(c).isupper() and chr(c).isalpha())
_CAP = rf"[{UPPER_LETTERS}][\w]*(?:['’]\w+)*"
_CONNECTOR = (
    r"(?:of|de|du|des|la|le|les|del|della|di|da|do|dos|das|the|and|upon|on|am|an|im|sur|en|y|al|"
    r"el|von|van|der|den|bin|ibn|op|aan|ob)"
)
# Between two words of a name: spaces, a hyphen or dash with no space around it ("Nelson-Creston";
# a spaced dash separates clauses: "MANILA, Philippines – Ahead of Easter"), "&", a full stop glued
# to the next capital ("U.S.") or the full stop of "St." / "Ft." / "Mt.".
_SEP = r"(?:[ \t\u00a0]+|[-–]|[ \t]*&[ \t]*|\.(?=[A-Z])|(?<=\b[SFM][tT])\.[ \t]+)"
# The look-behind follows the first letter, so that the engine skips ahead to capitals in C.
_CAP_START = rf"[{UPPER_LETTERS}](?<![\w'’][{UPPER_LETTERS}])[\w]*(?:['’]\w+)*"
_CHUNK = re.compile(rf"{_CAP_START}(?:{_SEP}(?:{_CONNECTOR}[ \t]+|{_CONNECTOR}-)*{_CAP})*")
# "U.S", "D.C" ending a chunk (the last full stop follows the chunk)
_INITIALISM = re.compile(rf"(?<![\w.])(?:[{UPPER_LETTERS}]\.)+[{UPPER_LETTERS}]$")
_ONE_WORD = re.compile(r"\w+(?:['’]\w+)?")
_WORD_GAP = re.compile(r"([\w'’]+)([^\w'’]*)")
_AFTER = re.compile(r"([^\w'’]*)([\w'’]+)?([^\w'’]*)([\w'’]+)?")
_RUN = re.compile(r"(?:[ \t]+[A-Z][\w'’-]*){1,4}")  # the capitalised words after a name: " Fire Paramedic Service"
_OPENING = re.compile(r"[\n“\"‘:;!?…]")
_CONTEXT = 48  # characters of context read either side of a match


@dataclass(slots=True, unsafe_hash=True)
class Span:
    """A gazetteer name found in the text, with the words around it.

    Not frozen, but never changed once made: a text makes thousands of spans, and a frozen
    dataclass takes ten times as long to build (``benchmarks throughput``).
    """

    start: int
    end: int
    text: str
    key: str  # folded name, as in Gazetteer.name_keys
    words: int  # number of capitalised words in the name
    prev: str  # the word before, as written ("" at the start of the text)
    prev_gap: str  # what separates it from the span (spaces, punctuation, line breaks)
    prev2: str  # the word before that
    next: str  # the word after, as written
    next_gap: str
    next2: str
    possessive: bool  # "Kiev’s"
    upper: bool  # written in capitals ("KIEV")
    chunk_before: str  # capitalised word directly before, in the same chunk ("Vladimir" Putin)
    chunk_after: str  # capitalised word directly after, in the same chunk
    prev_opens_sentence: bool = False  # the word before is the first of its sentence
    run_end: str = ""  # the last of up to four capitalised words after it, in its chunk ("Service")

    @property
    def sentence_start(self) -> bool:
        """True when the span is the first word of a sentence, a line or a quotation."""
        if not self.prev:
            return True
        gap = self.prev_gap
        if gap == " ":
            return False  # most spans: one space after a word
        if _OPENING.search(gap):  # a line break, a quotation, "!", "?", "…"
            return True
        if "." in gap:
            word = fold(self.prev)
            return not (word in lexicon().abbreviations or (len(self.prev) == 1 and self.prev.isupper()))
        return False

    @property
    def line_start(self) -> bool:
        """True when nothing but spaces precedes the span on its line."""
        return not self.prev or ("\n" in self.prev_gap and not self.prev_gap.split("\n")[-1].strip())


def find_spans(text: str, name_keys: Collection[str]) -> list[Span]:
    """Return every gazetteer name in ``text``, longest match first, in document order."""
    spans: list[Span] = []
    initialism: tuple[int, int, int, int] | None = None  # a chunk ending "U.S": where, and its spans
    for chunk in _CHUNK.finditer(text):
        surface = chunk.group()
        base = chunk.start()
        if initialism and _continues(text, initialism, base, name_keys):
            # "U.S. Virgin Islands": a name goes on past the initialism's full stop
            del spans[initialism[3] :]
            base, surface = initialism[0], text[initialism[0] : chunk.end()]
        last = _INITIALISM.search(surface) if surface[-2:-1] == "." else None
        initialism = (base, base + last.start(), chunk.end(), len(spans)) if last else None
        if surface.isalpha() or _ONE_WORD.fullmatch(surface):  # most chunks: one word, no tokenising needed
            possessive = surface[-2:] in ("'s", "’s") and len(surface) > 3
            word = surface[:-2] if possessive else surface
            key = fold_word(word)
            if len(word) > 1 and key in name_keys:
                spans.append(_span(text, base, base + len(word), key, 1, possessive, "", ""))
            continue
        for start, end, key, words, possessive, before, after in _chunk_matches(surface, name_keys):
            spans.append(_span(text, base + start, base + end, key, words, possessive, before, after))
    return spans


def _continues(
    text: str, initialism: tuple[int, int, int, int], start: int, name_keys: Collection[str]
) -> bool:
    """True when a name begins with the initialism (its full stop, then the chunk at ``start``)."""
    _, first, end, _ = initialism
    if text[end:start] not in (". ", ".\u00a0"):
        return False
    name = fold(text[first:end])
    for word in word_tuples(text[start : start + 80])[: max_ngram - 1]:
        if not word[4]:  # a lower-case word ends the run
            return False
        name = f"{name} {word[3]}"
        if name in name_keys:
            return True
    return False


def _chunk_matches(surface: str, name_keys: Collection[str]) -> tuple[tuple, ...]:
    """The names inside a chunk of several words, longest first: (start, end, key, words, ...).

    Chunks repeat across a text and across texts ("New York", "Donald Trump"), so results are
    remembered per chunk (the name keys of one gazetteer are assumed for the process).
    """
    cache_key = (id(name_keys), surface)
    found = _CHUNK_CACHE.get(cache_key)
    if found is not None:
        return found
    words = word_tuples(surface)
    count = len(words)
    matches = []
    i = 0
    while i < count:
        if not words[i][4]:
            i += 1
            continue
        best, key = _longest_name(words, i, name_keys)
        if best < 0:
            i += 1
            continue
        first, last = words[i], words[best]
        before = words[i - 1][2] if i > 0 and words[i - 1][4] and not words[i - 1][5] else ""
        after = words[best + 1][2] if best + 1 < count and words[best + 1][4] and not last[5] else ""
        matches.append((first[0], last[1], key, best - i + 1, last[5], before, after))
        i = best + 1
    if len(_CHUNK_CACHE) > _CHUNK_CACHE_LIMIT:
        _CHUNK_CACHE.clear()
    found = _CHUNK_CACHE[cache_key] = tuple(matches)
    return found


def _longest_name(words: list[tuple], i: int, name_keys: Collection[str]) -> tuple[int, str]:
    """Index of the last word of the longest name starting at word ``i``, and its key (or -1)."""
    best, best_key = -1, ""
    key = ""
    for j in range(i, min(len(words), i + max_ngram)):
        _start, _end, word, word_key, cap, possessive = words[j]
        key = f"{key} {word_key}" if j > i else word_key
        if cap and key in name_keys and (j > i or len(word) > 1):
            best, best_key = j, key
        if possessive:  # "Kiev's" ends a name, unless the 's belongs to it ("People's Republic")
            key += "s"
    return best, best_key


_CHUNK_CACHE: dict[tuple[int, str], tuple] = {}
_CHUNK_CACHE_LIMIT = 200_000


def clear_cache() -> None:
    """Forget the chunks read so far."""
    _CHUNK_CACHE.clear()


#: Adjectives of a part of a territory: "in eastern Ghouta" names an area, whatever its name.
COMPASS_ADJECTIVES = lexicon().compass_adjectives


# An unknown name after a cue or on a list (group 1): one capitalised word, or a hyphenated run
# read whole ("Nagorno-Karabakh") and atomically, so that a long run is not tried word by word;
# a capitalised word after it would make it part of a longer name
_UNKNOWN_NAME = rf"((?>{_CAP}(?:-{_CAP})*))(?![\w'’-]*\s+{_CAP})"


@cache
def _cued() -> re.Pattern[str]:
    """An unknown capitalised single word after a place cue, in lower case (group 1 is the word)."""
    lex = lexicon()
    nouns = word_alternation(lex.settlement_nouns | lex.district_nouns)
    words = word_alternation(lex.prepositions_before_unknown_places | lex.event_verbs)
    # "in eastern Ghouta", "the people of eastern Ghouta" (not "in Western Medicine": a capitalised
    # adjective opens a name)
    compass = word_alternation(COMPASS_ADJECTIVES)
    # the look-ahead lets the engine skip, at each word boundary, what starts no cue
    return re.compile(
        rf"\b(?=[a-z])(?:(?:{nouns}\s+of|{words})\s+(?:{compass}\s+)?|of\s+{compass}\s+)"
        rf"{_UNKNOWN_NAME}"
    )


def find_unknown_names(text: str, name_keys: Collection[str], taken: list[Span]) -> list[Span]:
    """Capitalised single words the gazetteer does not know, after a place cue ("village of X"),
    and those that go on a list the cued name opens ("shelled Robotyne, Verbove and Kopani").

    They may be transliteration variants ("Shirokyne" for GeoNames "Shyrokyne"); the caller
    looks them up with :meth:`Gazetteer.find` (variants on) and keeps them only when they fit.
    """
    ends = {s.start: s.end for s in taken}
    spans: list[Span] = []
    found: set[int] = set()

    def unknown(start: int, end: int) -> int:
        """Add the word at start:end unless known; return where the list may go on, or -1."""
        word = text[start:end]
        if word[-2:] in ("'s", "’s"):
            word, end = word[:-2], end - 2
        key = fold(word)
        if start in ends or key in name_keys or len(key) < 4 or word.isupper():
            return ends.get(start, -1)
        if start not in found:
            found.add(start)
            spans.append(_span(text, start, end, key, 1, text[end : end + 2] in ("'s", "’s"), "", ""))
        return end

    for match in _cued().finditer(text):
        pos = unknown(*match.span(1))
        while pos >= 0 and (gap := _LIST_GAP.match(text, pos)) is not None:
            start = gap.end()
            if start in ends:  # a name the gazetteer knows, in the list: go on after it
                pos = ends[start]
                continue
            item = _LIST_ITEM.match(text, start)
            pos = unknown(*item.span(1)) if item else -1
    return sorted(spans, key=lambda s: s.start)


# A list goes on: ", ", " and ", ", or "; then an unknown name
_LIST_GAP = re.compile(r",[ \t]+(?:(?:and|or)[ \t]+)?|[ \t]+(?:and|or)[ \t]+")
_LIST_ITEM = re.compile(_UNKNOWN_NAME)


@cache
def _state_pattern() -> re.Pattern[str]:
    names = sorted(lexicon().state_abbreviations, key=len, reverse=True)
    # The comma comes first, so that the engine skips ahead to commas; the abbreviation is group 1.
    return re.compile(r",(?<=[A-Za-z],) (" + "|".join(re.escape(n) for n in names) + r")(?![\w])")


@cache
def _postal_pattern() -> re.Pattern[str]:
    codes = "|".join(sorted(lexicon().postal_codes))
    return re.compile(rf",(?<=[A-Za-z],) ({codes})(?![\w'’-]|\.\w)")


def find_postal_codes(text: str) -> list[tuple[Span, tuple[str, str]]]:
    """Find two-letter state and province codes after a name and a comma ("Columbia, SC").

    They are only candidates: the caller keeps one when the name before it is a town of that
    state, since "IN", "OR", "ME" and "CA" are also words and other codes.
    """
    table = lexicon().postal_codes
    return [
        (_span(text, *match.span(1), fold(table[match.group(1)][0]), 1, False, "", ""), table[match.group(1)])
        for match in _postal_pattern().finditer(text)
    ]


def find_state_abbreviations(text: str) -> list[tuple[Span, tuple[str, str]]]:
    """Find state and province abbreviations after a town and a comma, with region and country.

    "Slidell, La." gives ("Louisiana", "US"); "Nelson, B.C." gives ("British Columbia", "CA").
    """
    table = lexicon().state_abbreviations
    found = []
    for match in _state_pattern().finditer(text):
        start, end = match.span(1)
        state = table[match.group(1)]
        found.append((_span(text, start, end, fold(state[0]), 1, False, "", ""), state))
    return found


def span_at(text: str, start: int, end: int) -> Span:
    """The span of one name the caller found itself ("T&T"), with the words around it."""
    return _span(text, start, end, fold(text[start:end]), 1, False, "", "")


def _span(
    text: str, start: int, end: int, key: str, words: int, possessive: bool, before: str, after: str
) -> Span:
    # Three words in the nearer half of the window leave the last two as the whole window would.
    left = _WORD_GAP.findall(text, max(0, start - _CONTEXT // 2), start)
    if len(left) < 3:
        left = _WORD_GAP.findall(text, max(0, start - _CONTEXT), start)
    prev, prev_gap = left[-1] if left else ("", text[max(0, start - _CONTEXT) : start])
    prev2 = left[-2][0] if len(left) > 1 else ""
    opens = bool(prev) and (len(left) < 2 or (left[-2][1] != " " and _is_boundary(left[-2][1], prev2)))
    tail = end + 2 if possessive else end
    after_match = _AFTER.match(text, tail, min(len(text), tail + _CONTEXT))
    next_gap, nxt, _gap2, next2 = after_match.groups("") if after_match else ("", "", "", "")
    surface = text[start:end]
    upper = len(surface) > 1 and surface.isupper()
    run = _RUN.match(text, tail, min(len(text), tail + _CONTEXT)) if after else None
    run_end = run.group().rsplit(None, 1)[-1] if run else ""
    return Span(start, end, surface, key, words, prev, prev_gap, prev2, nxt, next_gap, next2, possessive, upper,
                before, after, opens, run_end)


def _is_boundary(gap: str, word_before: str) -> bool:
    """True when ``gap`` (after ``word_before``) ends a sentence or opens a line or quotation."""
    if not gap.strip():
        return False
    if _OPENING.search(gap):
        return True
    return "." in gap and fold(word_before) not in lexicon().abbreviations and len(word_before) > 1
