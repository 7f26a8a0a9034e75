"""Names the offline gazetteer cannot place: water bodies, streets and names written with "the".

GeoNames' settlements (the offline gazetteer) hold no seas, rivers or lakes, yet their names
share words with towns: "the Mississippi River" is no more the state of Mississippi than "the
Sea of Azov" is the town of Azov, and "hurricanes in the Atlantic" are not in Atlantic, Iowa.
English writes a town's name without an article ("in Debaltseve"), a sea's or a river's with one
("the Atlantic", "across the Dnipro"); a town whose name takes one is listed with it ("The Hague").
Nor does it hold streets and squares, which are often named after a distant town ("Hampton
Avenue" in St. Louis, "London Road" in Brighton).

>>> from geo.recognition import find_spans
>>> text = "A bend of the Mississippi River and the Sea of Azov."
>>> [water_body(text, s) for s in find_spans(text, {"mississippi", "azov"})]
[(14, 31, 'river'), (40, 51, 'sea')]
>>> text = "He lived on North State Street, off Hampton Avenue."
>>> [street(text, s) for s in find_spans(text, {"north", "hampton"})]
[(12, 30, 'street'), (36, 50, 'avenue')]
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from functools import cache, lru_cache

from geo.names import fold
from geo.recognition import Span
from geo.text import lexicon

__all__ = [
    "LANDFORM_WORDS", "Extent", "article_phrases", "feature_phrases",
    "named_sites", "named_streets", "named_water_bodies", "numbered_roads", "street", "takes_article", "water_body",
]

#: A feature's extent in the text and its generic word: ``(start, end, "river")``.
Extent = tuple[int, int, str]

_BEFORE_OF = re.compile(r"([A-Z][a-z]+)[ \t]+of[ \t]+$")  # "Sea of ", "Gulf of "
_CLOSES = frozenset(".;:!?)")  # after "the X": the end of a clause, not "the Donetsk and Luhansk regions"
_VERBS_AFTER = lexicon().words_after_a_feature_name
_COMPASS = lexicon().compass_points | lexicon().compass_adjectives


def water_body(text: str, span: Span) -> Extent | None:
    """Return ``(start, end, word)`` of the water body a name is part of, or None.

    "Mississippi River", "Pacific Ocean" (a water word after the name, in its capitalised run),
    "Sea of Azov", "Gulf of Mexico" (a capitalised water word and "of" before it), "Lake Chad"
    and "River Thames" (the word glued before it).
    """
    water = lexicon().water_words
    after = span.chunk_after
    if after and fold(after) in water and span.next == after and not span.possessive:
        end = span.end + len(span.next_gap) + len(span.next)
        return span.start, end, fold(span.next)
    before = _BEFORE_OF.search(text, max(0, span.start - 24), span.start)
    if before and fold(before.group(1)) in water:
        return before.start(1), span.end, fold(before.group(1))
    if span.chunk_before and fold(span.chunk_before) in ("lake", "river") and span.prev == span.chunk_before:
        start = span.start - len(span.prev_gap) - len(span.prev)
        if text[start : span.start - len(span.prev_gap)] == span.prev:
            return start, span.end, fold(span.prev)
    return None


@cache
def _street_after() -> re.Pattern[str]:
    """Up to two capitalised words, then a street word: " Avenue", " State Street"."""
    words = "|".join(_capitalised(lexicon().street_words))
    compass = "North|South|East|West"
    return re.compile(
        rf"(?:[ \t]+[A-Z][\w'’-]*){{0,2}}?[ \t]+({words})\b(?:[ \t]+(?:{compass})\b(?![ \t]+[A-Z]))?"
    )


def street(text: str, span: Span) -> Extent | None:
    """Return ``(start, end, word)`` of the street or square a name is part of, or None.

    The name is followed, in its capitalised run, by a street word ("Hampton Avenue", "Grand
    Central Parkway", "Eglinton Avenue West"); a compass word glued before it belongs to the
    street too ("North State Street").
    """
    if span.possessive:
        return None
    after = _street_after().match(text, span.end)
    if after is None:
        return None
    start = span.start
    before = span.chunk_before
    if before and fold(before) in _COMPASS and span.prev == before:
        start = span.start - len(span.prev_gap) - len(before)
    return start, after.end(), fold(after.group(1))


# "the Black ", "the southern Indian " (a compass adjective between is not part of the name),
# "Russia's Black " (after a name's possessive)
_NAMED_BEFORE = re.compile(
    rf"(?:\bthe|\b[A-Z][\w-]*['’]s)[ \t]+(?:(?:{'|'.join(sorted(_COMPASS))})[ \t]+)?"
    rf"((?:[A-Z][\w'’-]*[ \t]+){{1,3}})$"
)
_NAMED_AFTER = re.compile(r"[ \t]+of[ \t]+(?:the[ \t]+)?[A-Z][\w'’-]*(?:[ \t]+[A-Z][\w'’-]*)?")  # " of Aden"
_LAKE_AFTER = re.compile(r"[ \t]+[A-Z][\w'’-]+")  # "Lake Baikal"


def _whole_words(text: str, words: Collection[str]) -> list[Extent]:
    """``(start, end, word)`` of each of ``words`` (capitalised: "Hospital") written as a whole
    word, in text order: with no letter, digit, "_", apostrophe or hyphen either side.
    """
    index = _capitalised_tokens(text)
    return sorted((start, end, word) for word in words for start, end in index.get(word, ()))


# A whole capitalised token: the look-behind follows the first letter, so the engine skips ahead in C.
_CAPITALISED_TOKEN = re.compile(r"[A-Z](?<![\w'’-][A-Z])[\w'’-]*")


@lru_cache(maxsize=1)  # the text being parsed: water bodies, streets and sites all ask about it
def _capitalised_tokens(text: str) -> dict[str, list[tuple[int, int]]]:
    """Where each capitalised token of the text is: one pass for every word list asked about."""
    index: dict[str, list[tuple[int, int]]] = {}
    for match in _CAPITALISED_TOKEN.finditer(text):
        index.setdefault(match.group(), []).append(match.span())
    return index


@cache
def _capitalised(words: frozenset[str]) -> tuple[str, ...]:
    return tuple(sorted(w.capitalize() for w in words))


def named_water_bodies(text: str) -> list[Extent]:
    """``(start, end, word)`` of every water body named by its English form, whatever its name.

    Found where English writes one: "the Black Sea", "the Indian Ocean" (with "the" before the
    name: "Frank Ocean" is a singer), "the Gulf of Aden", "Lake Baikal". Names the gazetteer
    knows ("Sea of Azov", "Mississippi River") are found by :func:`water_body` as well.

    >>> named_water_bodies("From the Black Sea to the Gulf of Aden and Lake Baikal; Frank Ocean sang.")
    [(9, 18, 'sea'), (26, 38, 'gulf'), (43, 54, 'lake')]
    """
    found = []
    function_words = lexicon().function_words
    for start, end, word in _whole_words(text, _capitalised(lexicon().water_words)):
        before = _NAMED_BEFORE.search(text, max(0, start - 60), start)
        if before and not any(fold(w) in function_words for w in before.group(1).split()):
            found.append((before.start(1), end, fold(word)))
            continue
        after = _NAMED_AFTER.match(text, end)
        if after is None and word == "Lake":
            after = _LAKE_AFTER.match(text, end)
        if after and not any(fold(w) in function_words for w in after.group().split()[-1:]):
            found.append((start, after.end(), fold(word)))
    return found


#: Words for the landforms the gazetteer holds besides water bodies ("Snake Island", "Kinburn Spit").
LANDFORM_WORDS = lexicon().landform_words
_NATURAL_WORDS = lexicon().water_words | LANDFORM_WORDS  # the generic words of water bodies and landforms
# Up to three capitalised words right before a generic word ("Snake ", "Ukraine's Snake ")
_PHRASE_BEFORE = re.compile(r"((?:[A-Z][\w'’-]*[ \t]+){1,3})$")
# Up to three capitalised words right after one ("river Dnipro", "Lake Baikal"), or after it and
# "of" ("Sea of Azov", "Strait of Kerch")
_PHRASE_AFTER = re.compile(r"[ \t]+([A-Z][\w'’-]*(?:[ \t]+[A-Z][\w'’-]*){0,2})")
_PHRASE_AFTER_OF = re.compile(r"[ \t]+of[ \t]+(?:the[ \t]+)?([A-Z][\w'’-]*(?:[ \t]+[A-Z][\w'’-]*){0,2})")
_OPENS_NAMES = {"lake": _PHRASE_AFTER, "river": _PHRASE_AFTER}
_OPENS_NAMES |= {word: _PHRASE_AFTER_OF for word in ("sea", "gulf", "bay", "strait")}


@cache
def _generic_forms() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Return the water and landform words to look for: capitalised ("River", "Spit"), and in lower case.

    A lower-case word that another begins with is dropped: a search for "island" finds "islands".
    """
    words = sorted(_NATURAL_WORDS)
    searched = tuple(w for w in words if not any(o != w and w.startswith(o) for o in words))
    return tuple(w.capitalize() for w in words), searched


_WORD_CHAR = re.compile(r"[\w'’-]")
_LOWER_FORM = re.compile(r"[a-z]+")


def _generic_words(text: str) -> list[tuple[int, int]]:
    """Return where the water and landform words stand as whole words, in text order.

    The capitalised ones come from the index of capitalised tokens (:func:`_capitalised_tokens`);
    the lower-case ones from a substring search per word, far faster than one pattern over a long text.
    """
    capitalised, searched = _generic_forms()
    index = _capitalised_tokens(text)
    found = [extent for form in capitalised for extent in index.get(form, ())]
    for form in searched:
        at = text.find(form)
        while at >= 0:
            if not (at and _WORD_CHAR.match(text, at - 1)):
                word = _LOWER_FORM.match(text, at)  # "island" or "islands", not "islanders"
                end = word.end()
                if word.group() in _NATURAL_WORDS and not _WORD_CHAR.match(text, end):
                    found.append((at, end))
            at = text.find(form, at + len(form))
    return sorted(found)


def feature_phrases(text: str) -> list[tuple[Extent, list[Extent]]]:
    """Return the phrases that may name a water body or a landform, for the gazetteer to confirm.

    For each water or landform word of the text, in either case, the phrases it ends with up to
    three capitalised words before it ("Snake Island", "the Dnipro river", "Ukraine's Snake
    Island") and, for a word that opens names, those it opens with up to three after it ("river
    Dnipro", "Sea of Azov"): the word's own extent, then its phrases, longest first. Unlike
    :func:`water_body` and :func:`named_water_bodies`, nothing here is a feature until the
    gazetteer knows its name.

    >>> text = "Troops left Ukraine's Snake Island and crossed the river Dnipro."
    >>> [(text[w[0]:w[1]], [text[a:b] for a, b, _ in phrases]) for w, phrases in feature_phrases(text)]
    [('Island', ["Ukraine's Snake Island", 'Snake Island']), ('river', ['river Dnipro'])]
    """
    found = []
    for start, end in _generic_words(text):
        word = text[start:end].lower()
        phrases: list[Extent] = []
        before = _PHRASE_BEFORE.search(text, max(0, start - 80), start)
        if before is not None:
            firsts = [m.start() for m in re.finditer(r"\S+", before.group(1))]
            phrases += [(before.start(1) + first, end, word) for first in firsts]
        after = _OPENS_NAMES[word].match(text, end) if word in _OPENS_NAMES else None
        if after is not None:
            ends = [m.end() for m in re.finditer(r"\S+", after.group(1))]
            phrases += [(start, after.start(1) + last, word) for last in reversed(ends)]
        if phrases:
            found.append(((start, end, word), phrases))
    return found


# "the" and "The" before a capital: searched for as literals, which the engine finds as fast as str.find
_THE_BEFORE_A_CAPITAL = (re.compile(r"the(?=[ \t]+[A-Z])"), re.compile(r"The(?=[ \t]+[A-Z])"))


def _after_the(text: str, pattern: re.Pattern[str]) -> Iterator[re.Match[str]]:
    """Return ``pattern.finditer(text)`` for a pattern that opens with "the" or "The", spaces and a capital.

    The pattern is tried only where those stand: far faster than letting the engine try each "t".
    """
    resume = 0  # as finditer: the next match starts after the last one
    for start in _the_before_a_capital(text):
        if start >= resume and (match := pattern.match(text, start)) is not None:
            resume = match.end()
            yield match


@lru_cache(maxsize=1)  # the text being parsed: water bodies and roads both ask
def _the_before_a_capital(text: str) -> tuple[int, ...]:
    """Where "the" or "The" stands before spaces and a capital, in text order."""
    return tuple(sorted(m.start() for scan in _THE_BEFORE_A_CAPITAL for m in scan.finditer(text)))


# "the Dnieper", "The Dnieper": up to three capitalised words after "the"
_THE_NAME = re.compile(
    r"[Tt]he(?<![\w'’-][Tt]he)[ \t]+([A-Z][\w'’-]*(?:[ \t]+[A-Z][\w'’-]*){0,2})(?![\w'’-])"
)
_WORD_AFTER = re.compile(r"[ \t]+([a-z]+)\b")


def article_phrases(text: str) -> list[Extent]:
    """Return the names written "the X" as seas' and rivers' names are, for the gazetteer to confirm.

    As :func:`takes_article` reads a gazetteer name: a clause end, a verb or a preposition follows
    ("across the Dnieper.", "the Dnieper in Kherson"), not a noun the name qualifies ("the Kremlin
    walls"). The word is "" (none is written).

    >>> text = "Troops crossed the Dnieper. The Kremlin press office said the Dnieper is calm."
    >>> [text[a:b] for a, b, _ in article_phrases(text)]
    ['Dnieper', 'Dnieper']
    """
    found = []
    for match in _after_the(text, _THE_NAME):
        end = match.end(1)
        after = text[end : end + 1]
        word = _WORD_AFTER.match(text, end)
        if not after or after in _CLOSES or (word is not None and word.group(1) in _VERBS_AFTER):
            found.append((match.start(1), end, ""))
    return found


# Up to three words before a street word: capitalised, an initial ("N. Bedford"), "St." or an
# ordinal ("14th"); "North State ", not "Kherson. Wall "
_STREET_NAME_BEFORE = re.compile(r"((?:(?:[A-Z][\w'’-]*|[A-Z]\.|St\.|\d+(?:st|nd|rd|th))[ \t]+){1,3})$")


@cache
def _not_street_names() -> frozenset[str]:
    """Words that open no street's name ("On", "Monday", "Mr")."""
    words = lexicon()
    return words.function_words | words.calendar | words.titles


def named_streets(text: str) -> list[Extent]:
    """``(start, end, word)`` of every street or square named with a street word, whatever its name.

    "Royal Street", "14th Street", "Tahrir Square": up to three
    capitalised words or an ordinal before the word. A leading function word is no part of the
    name ("On Royal Street" is "Royal Street"), nor an owner ("Harare’s Third Street").

    >>> named_streets("On Royal Street, near 14th Street and Tahrir Square, the road was shut.")
    [(3, 15, 'street'), (22, 33, 'street'), (38, 51, 'square')]
    """
    found = []
    skip = _not_street_names()
    for start, end, word in _whole_words(text, _capitalised(lexicon().street_words)):
        before = _STREET_NAME_BEFORE.search(text, max(0, start - 60), start)
        if before is None:
            continue
        words = [(m.start(), m.group()) for m in re.finditer(r"\S+", before.group(1))]
        owner = max((k + 1 for k, (_, w) in enumerate(words) if w.endswith(("'s", "’s"))), default=0)
        words = words[owner:]  # "Harare’s Third Street": the street is "Third Street"
        while words and fold(words[0][1]) in skip:
            words = words[1:]  # "On Royal Street"
        if words:
            found.append((before.start(1) + words[0][0], end, fold(word)))
    return found


# "the A417", "the M03", "the H-20", "the T0504", and the numbers listed after the first ("the
# A436, A40 and A429"). The look-behind follows "the", so that the engine skips ahead to a "t".
_ROAD_NUMBER = r"[A-Z]{1,2}-?\d{1,4}(?![\w'’-])"
_NUMBERED_ROADS = re.compile(
    rf"[Tt]he(?<![\w'’-][Tt]he)[ \t]+({_ROAD_NUMBER}(?:(?:[ \t]*,[ \t]*|[ \t]+(?:and|or)[ \t]+){_ROAD_NUMBER})*)"
)
_ROAD_BEFORE = re.compile(r"\b(?:on|along|off|via|onto|down|near|across|blocked|closed|cut)[ \t]+$")
_ROAD_AFTER = re.compile(
    r"[ \t]+(?:highway|road|motorway|carriageway|route|junction|roundabout|bypass|northbound|southbound|eastbound"
    r"|westbound|heading|between)\b"
)
_ROAD_NUMBER_IN_LIST = re.compile(_ROAD_NUMBER)


def numbered_roads(text: str) -> list[Extent]:
    """``(start, end, "road")`` of every road the text names by its number, as in British and
    Ukrainian news: "a crash on the A120", "the M03 highway", "via the A436, A40 and A429".

    A number after "the" is a road only where a road is driven or named: after "on", "along",
    "off", "via" and the like, or before "highway", "road", "southbound", "heading"... ("the T-72"
    and "the S-400" are weapons, "the CT6" a car).

    >>> numbered_roads("A crash on the A120 closed it; the M03 highway; via the A436, A40 and A429; the T-72.")
    [(15, 19, 'road'), (35, 38, 'road'), (56, 60, 'road'), (62, 65, 'road'), (70, 74, 'road')]
    """
    found = []
    for match in _after_the(text, _NUMBERED_ROADS):
        numbers = match.group(1)
        if not (_ROAD_BEFORE.search(text, max(0, match.start() - 12), match.start())
                or _ROAD_AFTER.match(text, match.end(1))):
            continue
        base = match.start(1)
        found += [(base + m.start(), base + m.end(), "road") for m in _ROAD_NUMBER_IN_LIST.finditer(numbers)]
    return found


# Up to three capitalised words before a facility word: "Northwestern Memorial ", "Alder Hey Children's "
_SITE_NAME_BEFORE = re.compile(r"((?:(?:[A-Z][\w'’-]*|St\.)[ \t]+){1,3})$")
_CAPITALISED_AFTER = re.compile(r"[ \t]+[A-Z]")
_OF_NAME = re.compile(  # " of Perpetual Help", " of Social and Market Research"
    r"[ \t]+of[ \t]+(?:the[ \t]+)?[A-Z][\w'’-]*(?:[ \t]+(?:(?:and|&)[ \t]+)?[A-Z][\w'’-]*){0,4}"
)
_SURNAME_LIKE = lexicon().facility_words_also_surnames


def named_sites(text: str) -> list[Extent]:
    """``(start, end, word)`` of every building or site named with a facility word.

    "Northwestern Memorial Hospital", "Jamsil Stadium", "the Princes Theatre", "City Hall": up to
    three capitalised words before a capitalised facility word that ends the capitalised run
    ("Money Market Division" is no market; "Hospital staff said" names nothing), or the facility
    word and "of" and a name ("University of Perpetual Help"). A name whose only word before a surname-like
    facility word is a name ("Stuart Hall") is taken for a person.

    >>> named_sites("Doctors at Jamsil Stadium and City Hall met Stuart Hall at Alder Hey Children's Hospital.")
    [(11, 25, 'stadium'), (30, 39, 'hall'), (59, 88, 'hospital')]
    """
    found = []
    lex = lexicon()
    skip = _not_street_names()
    for start, end, word in _whole_words(text, _capitalised(lex.facility_words)):
        before = _SITE_NAME_BEFORE.search(text, max(0, start - 60), start)
        of = _OF_NAME.match(text, end)  # "University of Perpetual Help", "Museum of Ice Cream"
        words = [(m.start(), m.group()) for m in re.finditer(r"\S+", before.group(1))] if before else []
        while words and fold(words[0][1]) in skip:
            words = words[1:]  # "The Princes Theatre", "On City Hall"
        if not words and not of:
            continue
        if of:
            end = of.end()
        if _CAPITALISED_AFTER.match(text, end):
            continue  # "Money Market Division", "Piano Academy National Music festival": not the name's end
        key = fold(word)
        if key in _SURNAME_LIKE and len(words) == 1 and fold(words[0][1]) not in lex.common_nouns and not of:
            continue  # "Stuart Hall"
        found.append((before.start(1) + words[0][0] if words else start, end, key))
    return found


def takes_article(span: Span, name_keys: Collection[str]) -> bool:
    """Tell whether the text writes the name with "the", as seas, rivers and regions are written.

    Towns are written without it: "in the Atlantic.", "atop the Mesa," are no towns. A compass
    word may come between ("the north Atlantic."). Only a clause end, a verb or a preposition may
    follow ("the Dnipro in Kherson Oblast"): in "the Donetsk and Luhansk regions" or "the Kiev
    government" the name qualifies a noun. A name the
    gazetteer lists with its article ("The Hague", "The Bronx") does not count.
    """
    qualified = fold(span.prev) in _COMPASS and span.prev[:1].islower()  # "the north Atlantic"
    if fold(span.prev2 if qualified else span.prev) != "the" or span.prev_gap != " " or span.possessive:
        return False
    if f"the {span.key}" in name_keys:
        return False
    gap = span.next_gap.strip()
    if not span.next:
        return True
    if gap == ",":  # "the north Atlantic, are", not "the Donetsk, Luhansk and Kharkiv regions"
        return span.next[:1].islower()
    if gap:
        return gap[0] in _CLOSES
    return fold(span.next) in _VERBS_AFTER
