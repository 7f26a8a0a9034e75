"""Evidence: decide from its context whether a gazetteer name in a text is a place.

Each :class:`~geo.recognition.Span` gets a :class:`Reading`: a :class:`Verdict`, the reasons for
it, and whether the place stands for its government (metonymy). Verdicts:

``place``     the context or the name's weight says it is a place;
``maybe``     nothing against it, nothing for it: kept only when it fits the document's
              geography (decided after resolution, see :mod:`geo.geoparser`);
``embedded``  a place inside the name of an organisation or unit ("Donbass battalion",
              "Luhansk People's Republic"): reported, flagged, never a literal place;
``reject``    a person, a common word, a date, an adjective compound ("pro-Russia").

A :class:`Reason` is English text for display; the reasons later steps decide on also carry a
:class:`~geo.model.ReasonCode`, which is what they test (never the text).

Everything here is generic English: the word classes come from ``geo/data/lexicon.toml``.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from enum import StrEnum

from geo.model import ReasonCode
from geo.names import fold
from geo.recognition import Span
from geo.text import Lexicon, a_or_an, lexicon

__all__ = [
    "ACTOR",
    "COMMON_PHRASE",
    "WELL_KNOWN",
    "Reading",
    "Reason",
    "Verdict",
    "Weight",
    "called_a_region",
    "codes",
    "opening_word",
    "read_span",
    "region_word",
]

#: How much a name weighs on its own, from its best candidate: "territory" (a country, a
#: continent, a sea), "major" (a region or city of 100,000+), "medium" (10,000+) or "minor".
Weight = str


class Verdict(StrEnum):
    """What the context says a name is (see the module docstring); equal to its old string."""

    PLACE = "place"
    MAYBE = "maybe"
    EMBEDDED = "embedded"
    REJECT = "reject"


_DASHES = ("-", "–", "—")
# Particles of surnames ("de Santiago", "van Gogh"); not "al", "el", "la", "le", which open places too
_SURNAME_PARTICLES = frozenset(
    {"de", "da", "di", "do", "dos", "das", "del", "della", "van", "von", "der", "den", "ter", "bin", "ibn"}
)


@dataclass(frozen=True, slots=True)
class Reason:
    """One reason of a reading: English text for display, and a code when later steps decide on it.

    ``code`` is None for a reason that only explains; code tests ``code``, never ``text``.
    """

    text: str
    code: ReasonCode | None = None


#: The reason of a name read as a place for its weight alone, with no cue in its context.
WELL_KNOWN = Reason("a well-known place name", ReasonCode.WELL_KNOWN)
#: The reason of a medium-weight name read as a place because it acts ("Delft said").
ACTOR = Reason("named as an actor (metonymy)", ReasonCode.ACTOR)
#: The reason of a name of common words only refused ("Central Park", "West Bank").
COMMON_PHRASE = Reason("a phrase of common English words", ReasonCode.COMMON_PHRASE)


@dataclass(slots=True, unsafe_hash=True)
class Reading:
    """What the context says about a span (never changed once made; not frozen for speed, as Span)."""

    span: Span
    verdict: Verdict
    reasons: tuple[Reason, ...]
    metonymic: bool = False
    prefer_region: bool = False


def codes(reading: Reading) -> tuple[ReasonCode | None, ...]:
    """Return the codes of a reading's reasons, one per reason (None for one that only explains)."""
    return tuple(r.code for r in reading.reasons)


def _reject(span: Span, why: str) -> Reading:
    return Reading(span, Verdict.REJECT, (Reason(why),))


def _embedded(span: Span, why: str) -> Reading:
    # a place inside an organisation's or a unit's name stands for it (metonymy)
    return Reading(span, Verdict.EMBEDDED, (Reason(why),), metonymic=True)


def read_span(
    span: Span,
    weight: Weight,
    *,
    demonyms: frozenset[str],
    name_words: frozenset[str],
    is_lower_word: Callable[[str], bool],
    place_words: Collection[str] = (),
) -> Reading:
    """Read one span in its context (see the module docstring for the verdicts)."""
    lex = lexicon()
    prev, nxt = fold(span.prev), fold(span.next)
    single = span.words == 1
    refusal = _not_a_name(span, weight, lex, demonyms) or _part_of_a_name(
        span, weight, lex, demonyms, name_words, place_words, is_lower_word
    )
    if refusal is not None:
        return refusal
    reasons: list[Reason] = []
    positive = _positive(span, prev, nxt, lex, reasons)
    metonymic = _metonymic(span, prev, nxt, lex)
    prefer_region = called_a_region(span)
    # "Smith said", "Smith, who"; not "Valemount is also looking at", which any subject may be
    speaker = (
        not span.possessive
        and not span.next_gap.strip()
        and nxt in lex.reporting_verbs
        and nxt not in _COPULAS
    )
    if span.sentence_start and single and not positive:
        if span.key in lex.function_words or is_lower_word(span.key):
            return _reject(span, "a common word at the start of a sentence")
    if single and is_lower_word(span.key) and weight == "minor" and not positive:
        return _reject(span, "also written as a common word in this text")
    if (
        single
        and span.key in name_words
        and weight != "territory"
        and (speaker or prev in lex.reporting_verbs)
    ):
        return _reject(span, "a speaker elsewhere named as a person")
    if speaker and weight == "minor" and not positive:
        return _reject(span, f"{span.text} {span.next}: a speaker, not a place")
    if prev in lex.reporting_verbs and "," not in span.prev_gap and weight == "minor" and not positive:
        return _reject(span, f"{span.prev} {span.text}: a speaker, not a place")
    if positive:
        return Reading(span, Verdict.PLACE, tuple(reasons), metonymic, prefer_region)
    if _heavy(weight):
        return Reading(span, Verdict.PLACE, (WELL_KNOWN,), metonymic, prefer_region)
    if metonymic and weight == "medium":
        return Reading(span, Verdict.PLACE, (ACTOR,), metonymic, prefer_region)
    return Reading(span, Verdict.MAYBE, (), metonymic, prefer_region)


def _not_a_name(span: Span, weight: Weight, lex: Lexicon, demonyms: frozenset[str]) -> Reading | None:
    """Dates, adjectives, abbreviations and common English words are no place names."""
    single = span.words == 1
    if span.key in lex.calendar:
        return _reject(span, "a day, month or holiday")
    if not span.possessive and (fold(span.next) in _CURRENCY_WORDS or span.next_gap.strip() == "$"):
        return _reject(span, 'names a currency ("US dollars", "US$3m")')
    if single and (span.key in demonyms or span.key in lex.peoples_and_languages):
        return _reject(span, "a people, a language or an adjective of nationality")
    if (span.prev_gap in _DASHES and (span.prev[:1].islower() or span.prev_opens_sentence)) or (
        span.next_gap in _DASHES and span.next[:1].islower() and not span.possessive
    ):
        return _reject(span, f"part of an adjective compound ({span.prev or span.next}-)")
    if (
        span.upper
        and len(span.text) <= 5
        and span.key not in lex.country_abbreviations
        and not _dateline(span)
    ):
        return _reject(span, "an abbreviation")
    abbreviation = span.upper and span.key in lex.country_abbreviations
    if single and not abbreviation and (span.key in lex.common_nouns or "'" in span.text or "’" in span.text):
        if not (_heavy(weight) and _positive(span, fold(span.prev), fold(span.next), lex, [])):
            return _reject(span, "a common English word")
    if not single and weight != "territory" and all(w in lex.common_nouns for w in span.key.split()):
        return Reading(span, Verdict.REJECT, (COMMON_PHRASE,))
    return None


def _part_of_a_name(
    span: Span,
    weight: Weight,
    lex: Lexicon,
    demonyms: frozenset[str],
    name_words: frozenset[str],
    place_words: Collection[str],
    is_lower_word: Callable[[str], bool],
) -> Reading | None:
    """A person's name, or an organisation's name with a place in it ("Donbass battalion")."""
    single = span.words == 1
    if _is_title(span.chunk_before or span.prev, lex) and weight != "territory":
        return _reject(span, f"follows the title {span.chunk_before or span.prev!r}: a person")
    if _middle_initial(span):
        return _reject(span, f"{span.prev2} {span.prev}. {span.text}: a person's name")
    if _surname_particle(span, weight, lex, place_words):
        return _reject(span, f"{span.prev2} {span.prev} {span.text}: a person's name")
    if opener := opening_word(span, lex.facility_words, lex.named_of_words):  # "Hotel Kyjev", "Bank of Japan"
        of = span.prev == "of"
        why = f"part of the name {opener}{' of' if of else ''} {span.text}"
        if weight == "minor" or (of and not _heavy(weight)):
            return _reject(span, why)
        return _embedded(span, why)
    # in capitals ("TIJUANA & SAN DIEGO"), a dateline's names are side by side like a big place's
    neighbours_may_be_places = weight == "territory" or (span.upper and len(span.text) > 3)
    neighbour = _name_neighbour(
        span, lex, demonyms, place_words if neighbours_may_be_places else (), is_lower_word
    )
    if neighbour and weight == "territory" and _person_after_territory(span, lex):
        neighbour = ""  # "Ambassador to the Holy See Mikayel Minasyan": the country, then its envoy
    if neighbour:
        if fold(neighbour) in lex.operation_words:
            name = (
                f"{neighbour} {span.text}" if neighbour is span.chunk_before else f"{span.text} {neighbour}"
            )
            return _embedded(span, f"part of the name {name}, an operation's or a battle's")
        if fold(neighbour) in lex.organisation_words and weight != "minor":
            return _embedded(span, f"part of the name {span.text} {neighbour}")
        run_end = fold(span.run_end)
        if (
            neighbour is span.chunk_after
            and _heavy(weight)
            and (run_end in lex.organisation_words or run_end in lex.government_words)
        ):
            # "Winnipeg Fire Paramedic Service", "Donetsk Regional Administration", "Peel Regional Police"
            why = f"part of the name {span.text} {neighbour} … {span.run_end}"
            return _embedded(span, why)
        return _reject(span, f"written with {neighbour!r}: part of a person's or organisation's name")
    if fold(span.chunk_after) in _NATIONAL_BODIES and not _heavy(weight):
        # "the Commerce Ministry": a small town has no ministry (Commerce, Texas)
        return _reject(span, f"part of the name {span.text} {span.chunk_after}")
    owner = fold(span.prev[:-2]) if span.prev[-2:] in ("'s", "’s") else ""
    if (
        single
        and span.prev[:1].isupper()
        and owner
        and not _heavy(weight)
        and not (owner in place_words or owner in lex.region_words)
    ):  # "Moody's Analytics"; not "Ukraine's Izium", "Kharkiv Oblast's Izium district"
        return _reject(span, f"part of the name {span.prev} {span.text}")
    if single and span.key in name_words and weight != "territory":
        if weight != "major" or not _positive_for_a_place(span, lex):
            return _reject(span, "elsewhere part of a person's name")
    nxt = fold(span.next)
    facility = nxt in lex.organisation_words or nxt in lex.settlement_nouns
    if span.possessive and span.next[:1].isupper() and facility and not _heavy(weight):
        # "Wilson's Farm", "Eva's Village": a small namesake's possessive names a facility
        verdict = Verdict.EMBEDDED if weight == "medium" else Verdict.REJECT
        return Reading(span, verdict, (Reason(f"part of the name {span.text}'s {span.next}"),))
    if (
        span.possessive
        and span.next_gap == " "
        and span.next[:1].isupper()
        and not _heavy(weight)
        and (not _names_a_part(span, lex))
    ):
        # "Moody's Analytics": a small namesake's possessive before a name is a business's
        return _reject(span, f"part of the name {span.text}'s {span.next}")
    glued = not span.next_gap.strip()  # "Castlegar, people will" is no "Luhansk people"
    if (
        glued
        and not span.possessive
        and span.next[:1].islower()
        and nxt in lex.organisation_words
        and (
            nxt not in lex.region_words and nxt not in lex.settlement_nouns  # "Kherson city" is the city
        )
    ):
        if weight == "minor":
            return _reject(span, f"names {a_or_an(span.next)}")
        return _embedded(span, f"names {a_or_an(span.next)}")
    return None


# Bodies only a country or a large region has: "the Commerce Ministry" names no town Commerce
_NATIONAL_BODIES = frozenset({"ministry", "ministries", "parliament", "cabinet", "embassy"})

# Words before a name that take people as well as places: "offering the job to Bolton", "met with
# Tyler", "a letter from Jordan". After one, a name the text also gives a person is the person.
_ALSO_BEFORE_PEOPLE = frozenset(
    {"to", "from", "with", "visited", "visit", "left", "leaving", "approached", "between"}
)


def _positive_for_a_place(span: Span, lex: Lexicon) -> bool:
    """:func:`_positive`, unless its only cue is a word that also comes before a person's name."""
    reasons: list[Reason] = []
    prev = fold(span.prev)
    if not _positive(span, prev, fold(span.next), lex, reasons):
        return False
    return not (prev in _ALSO_BEFORE_PEOPLE and [r.code for r in reasons] == [ReasonCode.LOCATIVE])


def _surname_particle(span: Span, weight: Weight, lex: Lexicon, place_words: Collection[str]) -> bool:
    """A first name and a particle before a town's name: "Mario de Santiago", "Vasco da Gama".

    Not when the word before the particle is itself a place or opens an organisation's or a
    site's name ("Universidad de Chile", "Hotel de Paris"), nor for a country or region.
    """
    if weight == "territory" or span.prev not in _SURNAME_PARTICLES or span.prev_gap != " ":
        return False
    first = span.prev2
    if not first[:1].isupper() or first[-2:] in ("'s", "’s"):
        return False
    key = fold(first)
    return not (
        key in place_words
        or key in lex.facility_words
        or key in lex.organisation_words
        or key in lex.function_words
        or key in lex.titles
    )


def _middle_initial(span: Span) -> bool:
    """A first name and an initial before the name: "Jon R. Taylor"."""
    return (
        len(span.prev) == 1
        and span.prev.isupper()
        and span.prev_gap == ". "
        and len(span.prev2) > 1
        and span.prev2[:1].isupper()
        and not span.prev2.isupper()
    )


def opening_word(span: Span, before: Collection[str], before_of: Collection[str]) -> str:
    """The word that opens a longer name ending in this one, or "": one of ``before`` right before
    it ("Hotel" Kyjev), or one of ``before_of`` and "of" ("Mall" of Asia). A word that closes
    another name does not count ("Robinson College Cambridge" is a college in Cambridge).
    """
    if span.chunk_before and fold(span.chunk_before) in before and not span.prev2[:1].isupper():
        return span.chunk_before
    if span.prev == "of" and span.prev2[:1].isupper() and fold(span.prev2) in before_of:
        return span.prev2
    return ""


def _heavy(weight: Weight) -> bool:
    return weight in ("major", "territory")


def _is_title(word: str, lex: Lexicon) -> bool:
    return bool(word) and fold(word) in lex.titles


def _common_word(word: str, lex: Lexicon, is_lower_word: Callable[[str], bool]) -> bool:
    """A capitalised word that is a common English word: known, written lower case elsewhere,
    or shaped like a verb or an adverb ("Considering", "Given", "Meanwhile").
    """
    key = fold(word)
    return key in lex.common_nouns or is_lower_word(key) or key.endswith(("ing", "ed", "ly", "en"))


# Feature words written before a name ("Lake Chad", "River Thames", "Cape Cod"); the others end one
_FEATURE_WORDS_BEFORE_NAMES = frozenset({"lake", "river", "cape", "island"})


def _name_neighbour(
    span: Span,
    lex: Lexicon,
    demonyms: frozenset[str],
    place_words: Collection[str],
    is_lower_word: Callable[[str], bool],
) -> str:
    """A capitalised word glued to the span that makes it part of a longer name, or ""."""
    for word in (span.chunk_after, span.chunk_before):
        if not word:
            continue
        if span.upper and len(span.text) > 3 and not word.isupper():
            continue  # "LONDON Pope Francis": a dateline in capitals, then the sentence
        if place_words and fold(word) in place_words:
            continue  # two place names side by side ("Greece Italy", "Asia-Pacific")
        if word is span.chunk_before and span.prev_opens_sentence and _common_word(word, lex, is_lower_word):
            continue  # capitalised because it starts the sentence ("Given Tunisia's interest")
        key = fold(word)
        if key in lex.operation_words:
            return word  # "Operation Orikhiv", "Bakhmut Direction"
        if key in lex.organisation_words:
            return word if word is span.chunk_after else ""
        if key in lex.feature_words and word is span.chunk_before and key not in _FEATURE_WORDS_BEFORE_NAMES:
            return word  # "Black Sea Fleet": the name goes on after the sea's
        if key in lex.region_words or key in lex.government_words or key in lex.feature_words:
            continue
        if key in lex.function_words or key in lex.calendar or key in lex.locative or key in demonyms:
            continue
        return word
    return ""


def _person_after_territory(span: Span, lex: Lexicon) -> bool:
    """After "of", "to" or "in" (and "the") and a country, two capitalised words that end the run
    and name no organisation are a person: "President of Ukraine Petro Poroshenko"."""
    prev = span.prev2 if span.prev == "the" else span.prev  # "to the Holy See"
    if not (prev == "of" or prev in lex.locative) or span.possessive or span.next_gap != " ":
        return False
    first, last = span.next, span.next2
    if not last[:1].isupper() or span.run_end != last:
        return False
    return fold(first) not in lex.organisation_words and fold(last) not in lex.organisation_words


def _names_a_part(span: Span, lex: Lexicon) -> bool:
    """After a possessive, a title or a part of a place: "Olenivka's Mayor", "Olenivka's Central
    Market", "Donetsk's Kalinin hospital" (a generic word among the next two)."""
    words = [fold(span.next), fold(span.next2)] if span.next2 else [fold(span.next)]
    parts = (lex.titles, lex.organisation_words, lex.feature_words, lex.common_nouns, lex.settlement_nouns)
    return any(word in kind for word in words for kind in parts)


def _dateline(span: Span) -> bool:
    """A name in capitals opening a line before a dash, a comma or an agency: "KIEV (Reuters) -"."""
    gap = span.next_gap.strip()
    return (
        span.upper
        and span.line_start
        and (gap[:1] in ("—", "–", "-", ",") or (gap == "(" and span.next[:1].isupper()))
    )


def _positive(span: Span, prev: str, nxt: str, lex: Lexicon, reasons: list[Reason]) -> bool:
    if _dateline(span):
        reasons.append(Reason("a dateline"))
        return True
    gap_ok = not span.prev_gap.strip() or span.prev_gap.strip() in ("“", '"', "(")
    if prev == "of" and gap_ok and fold(span.prev2) in lex.locative:
        reasons.append(Reason(f"after {span.prev2!r} of"))
        return True
    if prev in lex.locative and gap_ok and span.prev[:1].islower():
        reasons.append(Reason(f"after {span.prev!r}", ReasonCode.LOCATIVE))
        return True
    opening = span.prev_opens_sentence and span.prev_gap == " " and not span.possessive
    if prev in _OPENING_PREPOSITIONS and opening:
        # "In Klamath Falls, users ..."
        reasons.append(Reason(f"after {span.prev!r}, opening the sentence", ReasonCode.OPENING_CUE))
        return True
    if span.next_gap == ", " and nxt in ("a", "an", "the") and fold(span.next2) in lex.settlement_nouns:
        reasons.append(Reason(f"followed by ', {span.next} {span.next2}'"))  # "Selydove, a town of 20,000"
        return True
    return _event(span, prev, nxt, gap_ok, lex, reasons) or _region_follows(span, reasons)


def _event(span: Span, prev: str, nxt: str, gap_ok: bool, lex: Lexicon, reasons: list[Reason]) -> bool:
    """Tell whether the place is the object or subject of an event.

    "shelled X", "fighting for X", "the fall of X", "strikes on X", "X was captured"; not in the
    name of an event ("the War of Independence").
    """
    if prev in lex.event_verbs and gap_ok and span.prev[:1].islower():
        reasons.append(Reason(f"the object of {span.prev!r}"))
        return True
    after_noun = prev in ("of", "for", "on", "against", "over") and span.prev2[:1].islower()
    if after_noun and gap_ok and fold(span.prev2) in lex.event_nouns:
        reasons.append(Reason(f"after {span.prev2!r} {prev}"))
        return True
    passive = nxt in ("was", "were") and not span.possessive and not span.next_gap.strip()
    if passive and fold(span.next2) in lex.event_verbs:
        reasons.append(Reason(f"{span.next} {span.next2}: the subject of an event"))
        return True
    return False


def region_word(word: str) -> bool:
    """A generic word for a territory, singular or plural: "state", "regions", "counties"."""
    words = lexicon().region_words
    key = fold(word)
    if key in words:
        return True
    return key.endswith("s") and (key[:-1] in words or (key.endswith("ies") and f"{key[:-3]}y" in words))


def called_a_region(span: Span) -> bool:
    """The text calls the name a territory: "Donetsk region", "the state of Washington" (not
    "Kiev's region", "the Department of Energy", or "the border territory of Georgia": a
    "territory of" or a "region of" may be a part of the country named)."""
    words = lexicon().region_words
    if fold(span.next) in words and not span.possessive:
        return True
    unit = fold(span.prev2)
    return fold(span.prev) == "of" and span.prev2.islower() and unit in words and unit not in _PART_WORDS


_PART_WORDS = frozenset({"territory", "region"})
_COPULAS = frozenset({"is", "was", "has", "had"})
_CURRENCY_WORDS = frozenset({"dollar", "dollars", "cent", "cents"})
_OPENING_PREPOSITIONS = frozenset({"in", "at", "near", "outside", "inside", "across", "throughout"})


def _region_follows(span: Span, reasons: list[Reason]) -> bool:
    if region_word(span.next) and not span.possessive:
        reasons.append(Reason(f"followed by {span.next!r}"))
        return True
    return False


def _metonymic(span: Span, prev: str, nxt: str, lex: Lexicon) -> bool:
    if nxt in lex.government_words and span.next_gap.strip() == "":
        return True
    if span.possessive and fold(span.next2) in lex.government_words:
        return True
    if (
        not span.possessive
        and not span.next_gap.strip()
        and prev not in lex.locative
        and prev != "of"
        and nxt in lex.reporting_verbs
        and nxt not in ("was", "is", "has", "had", "who", "whose")
    ):
        return True
    if prev in ("for", "on", "to", "with", "against") and fold(span.prev2) in lex.metonymy_cues:
        return True
    if prev == "of" and not span.prev_gap.strip() and fold(span.prev2) in lex.government_words:
        return True  # "the leaders of France", "the government of Ukraine"
    return prev in lex.metonymy_cues and not span.prev_gap.strip() and span.prev[:1].islower()
