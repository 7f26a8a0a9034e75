"""Evidence: decide from its context whether a gazetteer name in a text is a place.

Each :class:`~geo.recognition.Span` gets a :class:`Reading`: a :class:`Verdict`, the reason for
it, and whether the place stands for its government (metonymy). Verdicts:

``place``     the context or the name's weight says it is a place;
``maybe``     nothing against it, nothing for it: kept only when it fits the document's
              geography (decided after resolution, see :mod:`geo.geoparser`);
``embedded``  a place inside the name of an organisation or unit ("Donbass battalion",
              "Luhansk People's Republic"): reported, flagged, never a literal place;
``reject``    a person, a common word, a date, an adjective compound ("pro-Russia").

The policy is :data:`RULES`, an ordered table of named rules: the first whose condition holds
gives the verdict, with a :class:`Reason` of English text for display and a
:class:`~geo.model.ReasonCode`, which is what later steps test (never the text). When none
holds, the name is ``maybe``. To add a rule, add a row (and a code, and a case to
``tests/geo/test_evidence_rules.py``).

Everything here is generic English: the word classes come from ``geo/data/lexicon.toml``.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from enum import StrEnum
from operator import attrgetter
from string import Formatter

from geo.model import ReasonCode
from geo.names import fold
from geo.recognition import Span
from geo.text import Lexicon, a_or_an, lexicon

__all__ = [
    "ACTOR",
    "COMMON_PHRASE",
    "CUES",
    "RULES",
    "WELL_KNOWN",
    "Reading",
    "Reason",
    "Rule",
    "RuleInput",
    "Verdict",
    "WEIGHTS",
    "Weight",
    "called_a_region",
    "codes",
    "opening_word",
    "read_span",
    "region_word",
    "sole_code",
]

#: How much a name weighs on its own, from its best candidate: "territory" (a country, a
#: continent, a sea), "major" (a region or city of 100,000+), "medium" (10,000+) or "minor".
Weight = str
#: The weights, lightest first.
WEIGHTS: tuple[Weight, ...] = ("minor", "medium", "major", "territory")
_EVERY_WEIGHT = frozenset(WEIGHTS)
_NOT_TERRITORY = frozenset(WEIGHTS[:3])
_LIGHT = frozenset(WEIGHTS[:2])  # not :attr:`RuleInput.heavy`
_HEAVY = frozenset(WEIGHTS[2:])
_MINOR, _MEDIUM = frozenset(WEIGHTS[:1]), frozenset(WEIGHTS[1:2])
_APOSTROPHES = frozenset(lexicon().apostrophes)


class Verdict(StrEnum):
    """What the context says a name is (see the module docstring); equal to its old string."""

    PLACE = "place"
    MAYBE = "maybe"
    EMBEDDED = "embedded"
    REJECT = "reject"


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


def sole_code(reading: Reading) -> ReasonCode | None:
    """Return the code of a reading's only reason; None when it has none, several, or no code."""
    reasons = reading.reasons
    return reasons[0].code if len(reasons) == 1 else None


class _kept:
    """A property worked out on first use and kept in the instance (``functools.cached_property``
    without its lock, which costs a fifth of the reading time on Python 3.11)."""

    def __init__(self, func: Callable) -> None:
        self.func, self.name = func, func.__name__
        self.__doc__ = func.__doc__

    def __get__(self, obj: object, owner: type | None = None):
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.func(obj)
        return value


class RuleInput:
    """A span, its weight and what the document says about its words: what the rules read.

    The lazy properties below are worked out when a rule first asks for one, then kept. (A plain
    class: a frozen dataclass's ``__init__`` and plain properties cost a tenth of the reading time.)

    Parameters
    ----------
    span
        The name and the words around it.
    weight
        What the name weighs on its own (:data:`Weight`).
    lex
        The generic lexicon.
    demonyms
        Folded adjectives of nationality ("ukrainian").
    name_words
        Folded words the text uses in a person's name.
    is_lower_word
        Tells whether the text also writes a folded word in lower case.
    place_words
        Folded names the gazetteer knows.

    Attributes
    ----------
    prev, nxt
        The words before and after, folded.
    single
        A name of one word.
    heavy
        A territory, or a region or city of 100,000 people or more.
    """

    def __init__(
        self,
        span: Span,
        weight: Weight,
        lex: Lexicon,
        demonyms: frozenset[str],
        name_words: frozenset[str],
        is_lower_word: Callable[[str], bool],
        place_words: Collection[str] = (),
    ) -> None:
        self.span, self.weight, self.lex = span, weight, lex
        self.demonyms, self.name_words, self.is_lower_word = demonyms, name_words, is_lower_word
        self.place_words = place_words
        self.prev, self.nxt = fold(span.prev), fold(span.next)
        self.single = span.words == 1
        self.heavy = weight in ("major", "territory")

    @_kept
    def cue(self) -> Reason | None:
        """The reason of the first of :data:`CUES` that holds, or None."""
        return next((rule.reason(self) for rule in CUES if rule.condition(self)), None)

    @_kept
    def cued(self) -> bool:
        """The context says the name is a place (one of :data:`CUES` holds)."""
        return self.cue is not None

    @_kept
    def speaker(self) -> bool:
        """A speaker's verb or pronoun follows: "Smith said", "Smith, who" (not "Valemount is")."""
        lex, nxt = self.lex, self.nxt
        return (
            not self.span.possessive
            and not self.span.next_gap.strip()
            and (nxt in lex.reporting_verbs or nxt in lex.verbs_of_people or nxt in lex.relative_pronouns)
        )

    @_kept
    def after_a_speech_word(self) -> bool:
        """The word before is a reporting verb, a verb of people, an auxiliary or "who": "said Smith"."""
        lex, prev = self.lex, self.prev
        return (
            prev in lex.reporting_verbs
            or prev in lex.verbs_of_people
            or prev in lex.auxiliary_verbs
            or prev in lex.relative_pronouns
        )

    @_kept
    def metonymic(self) -> bool:
        """The place stands for its government or its people ("Kiev said", "a defeat for Kiev")."""
        return _metonymic(self)

    @_kept
    def prefer_region(self) -> bool:
        """The text calls the name a territory (:func:`called_a_region`)."""
        return _called_a_region(self.span, self.prev, self.nxt, self.lex)

    @_kept
    def opener(self) -> str:
        """The word opening a longer name that ends in this one (:func:`opening_word`), or ""."""
        return opening_word(self.span, self.lex.facility_words, self.lex.named_of_words)

    @property
    def opened_name(self) -> str:
        """The opening word, with its "of": "Hotel", "Bank of"."""
        return f"{self.opener}{' of' if self.span.prev == 'of' else ''}"

    @_kept
    def neighbour(self) -> str:
        """A capitalised word glued to the name that makes it part of a longer name, or ""."""
        span, lex = self.span, self.lex
        # in capitals ("TIJUANA & SAN DIEGO"), a dateline's names are side by side like a big place's
        neighbours_may_be_places = self.weight == "territory" or (span.upper and len(span.text) > 3)
        places = self.place_words if neighbours_may_be_places else ()
        neighbour = _name_neighbour(span, lex, self.demonyms, places, self.is_lower_word)
        if neighbour and self.weight == "territory" and _person_after_territory(span, lex):
            return ""  # "Ambassador to the Holy See Mikayel Minasyan": the country, then its envoy
        return neighbour

    @property
    def operation_name(self) -> str:
        """The name with its operation word, in their order: "Operation Orikhiv", "Bakhmut Direction"."""
        span, word = self.span, self.neighbour
        return f"{word} {span.text}" if word is span.chunk_before else f"{span.text} {word}"

    @property
    def title_word(self) -> str:
        """The capitalised word before the name, else the word before: a title if any."""
        return self.span.chunk_before or self.span.prev

    @property
    def compound_word(self) -> str:
        """The word an adjective compound joins the name to."""
        return self.span.prev or self.span.next

    @property
    def a_next(self) -> str:
        """The word after, with its indefinite article: "a court"."""
        return a_or_an(self.span.next)


@dataclass(frozen=True, slots=True)
class Rule:
    """One row of the policy: when ``condition`` holds, the name gets ``verdict`` for reason ``why``.

    Parameters
    ----------
    name
        Unique, snake-case: the name of ``code`` in lower case.
    verdict
        The verdict the rule gives.
    code
        The :class:`~geo.model.ReasonCode` of its reason.
    why
        The English text of its reason, formatted with the :class:`RuleInput` as ``x``:
        "after {x.span.prev!r}".
    condition
        Tells whether the rule holds for a :class:`RuleInput`.
    metonymic
        An ``embedded`` place stands for the organisation whose name it is in. A ``place`` or
        ``maybe`` reading takes its metonymy from the context instead (:attr:`RuleInput.metonymic`).
    weights
        The name's weights (:data:`WEIGHTS`) the rule applies to; for the others it does not hold
        and is never tried. ``condition`` need not test them again.
    """

    name: str
    verdict: Verdict
    code: ReasonCode
    why: str
    condition: Callable[[RuleInput], bool]
    metonymic: bool = False
    weights: frozenset[Weight] = _EVERY_WEIGHT
    _text: Callable[[RuleInput], str] | None = field(init=False, repr=False, compare=False)
    _constant: Reason | None = field(init=False, repr=False, compare=False)  # when ``why`` has no field
    _from_context: bool = field(init=False, repr=False, compare=False)  # metonymy and region from the context

    def __post_init__(self) -> None:
        text = _template(self.why)
        object.__setattr__(self, "_text", text)
        object.__setattr__(self, "_constant", None if text else Reason(self.why, self.code))
        object.__setattr__(self, "_from_context", self.verdict in (Verdict.PLACE, Verdict.MAYBE))

    def reason(self, x: RuleInput) -> Reason:
        """Return the reason the rule gives for the name."""
        return self._constant or Reason(self._text(x), self.code)  # type: ignore[misc]

    def reading(self, x: RuleInput) -> Reading:
        """Return the reading the rule gives the name."""
        if self._from_context:
            return Reading(x.span, self.verdict, (self.reason(x),), x.metonymic, x.prefer_region)
        return Reading(x.span, self.verdict, (self.reason(x),), self.metonymic)


def _template(why: str) -> Callable[[RuleInput], str] | None:
    """Return a function writing ``why`` for a :class:`RuleInput` ``x``, as ``why.format(x=x)`` does.

    The fields are parsed once here, not at every reason: "after {x.span.prev!r}" becomes
    "after {!r}" and a getter of ``x.span.prev``. None when ``why`` has no field.
    """
    fields = []
    plain = []
    for literal, name, spec, conversion in Formatter().parse(why):
        plain.append(literal.replace("{", "{{").replace("}", "}}"))
        if name is None:
            continue
        if spec or not name.startswith("x."):
            raise ValueError(f"unsupported field {{{name}}} in {why!r}")
        fields.append(attrgetter(name.removeprefix("x.")))
        plain.append(f"{{!{conversion}}}" if conversion else "{}")
    if not fields:
        return None
    form = "".join(plain)
    if len(fields) == 1:
        (read,) = fields
        return lambda x: form.format(read(x))
    return lambda x: form.format(*[read(x) for read in fields])


_PLACE, _EMBEDDED, _REJECT = Verdict.PLACE, Verdict.EMBEDDED, Verdict.REJECT
_C = ReasonCode

#: The cues of context that make a name a place, in the order they are tried. They are rows of
#: :data:`RULES`; the rules before them ask whether one holds (:attr:`RuleInput.cued`).
CUES: tuple[Rule, ...] = (
    Rule("dateline", _PLACE, _C.DATELINE, "a dateline", lambda x: _dateline(x.span, x.lex)),
    Rule(  # "north of Donetsk", "the outskirts of Mariupol"
        "locative_of", _PLACE, _C.LOCATIVE_OF, "after {x.span.prev2!r} of",
        lambda x: x.prev == "of" and _cue_gap(x) and fold(x.span.prev2) in x.lex.locative,
    ),
    Rule(  # "in Kharkiv", "to Jordan"
        "locative", _PLACE, _C.LOCATIVE, "after {x.span.prev!r}",
        lambda x: x.prev in x.lex.locative and _cue_gap(x) and x.span.prev[:1].islower(),
    ),
    Rule(  # "In Klamath Falls, users ..."
        "opening_cue", _PLACE, _C.OPENING_CUE, "after {x.span.prev!r}, opening the sentence",
        lambda x: x.prev in x.lex.opening_prepositions
        and x.span.prev_opens_sentence
        and x.span.prev_gap == " "
        and not x.span.possessive,
    ),
    Rule(  # "Selydove, a town of 20,000"
        "settlement_apposition", _PLACE, _C.SETTLEMENT_APPOSITION,
        "followed by ', {x.span.next} {x.span.next2}'",
        lambda x: x.span.next_gap == ", "
        and x.nxt in x.lex.articles
        and fold(x.span.next2) in x.lex.settlement_nouns,
    ),
    Rule(  # "shelled Debaltseve"
        "event_object", _PLACE, _C.EVENT_OBJECT, "the object of {x.span.prev!r}",
        lambda x: x.prev in x.lex.event_verbs and _cue_gap(x) and x.span.prev[:1].islower(),
    ),
    Rule(  # "fighting for Debaltseve", "the fall of Mosul"; not in a name ("the War of Independence")
        "event_noun", _PLACE, _C.EVENT_NOUN, "after {x.span.prev2!r} {x.prev}",
        lambda x: x.prev in x.lex.event_prepositions
        and x.span.prev2[:1].islower()
        and _cue_gap(x)
        and fold(x.span.prev2) in x.lex.event_nouns,
    ),
    Rule(  # "Debaltseve was shelled"
        "event_subject", _PLACE, _C.EVENT_SUBJECT, "{x.span.next} {x.span.next2}: the subject of an event",
        lambda x: x.nxt in x.lex.passive_auxiliaries
        and not x.span.possessive
        and not x.span.next_gap.strip()
        and fold(x.span.next2) in x.lex.event_verbs,
    ),
    Rule(  # "Donetsk region", "Morris County"
        "region_word_after", _PLACE, _C.REGION_WORD_AFTER, "followed by {x.span.next!r}",
        lambda x: region_word(x.span.next) and not x.span.possessive,
    ),
)

#: The policy, top to bottom: the first rule whose condition holds reads the name.
RULES: tuple[Rule, ...] = (
    # --- not a place name at all: a date, a currency, a people, an adjective, a common word
    Rule(
        "calendar_word", _REJECT, _C.CALENDAR_WORD, "a day, month or holiday",
        lambda x: x.span.key in x.lex.calendar,
    ),
    Rule(
        "currency", _REJECT, _C.CURRENCY, 'names a currency ("US dollars", "US$3m")',
        lambda x: not x.span.possessive
        and (x.nxt in x.lex.currency_words or x.span.next_gap.strip() in x.lex.currency_signs),
    ),
    Rule(
        "people_or_language", _REJECT, _C.PEOPLE_OR_LANGUAGE,
        "a people, a language or an adjective of nationality",
        lambda x: x.single and (x.span.key in x.demonyms or x.span.key in x.lex.peoples_and_languages),
    ),
    Rule(
        "adjective_compound", _REJECT, _C.ADJECTIVE_COMPOUND,
        "part of an adjective compound ({x.compound_word}-)",
        lambda x: _adjective_compound(x.span, x.lex),
    ),
    Rule(  # "NATO", "MP"; not "US", nor a dateline in capitals
        "abbreviation", _REJECT, _C.ABBREVIATION, "an abbreviation",
        lambda x: x.span.upper
        and len(x.span.text) <= 5
        and x.span.key not in x.lex.country_abbreviations
        and not _dateline(x.span, x.lex),
    ),
    Rule(
        "common_word", _REJECT, _C.COMMON_WORD, "a common English word",
        lambda x: _common_word_alone(x) and not (x.heavy and x.cued),
    ),
    Rule(
        "common_phrase", _REJECT, _C.COMMON_PHRASE, COMMON_PHRASE.text,
        lambda x: not x.single and all(w in x.lex.common_nouns for w in x.span.key.split()),
        weights=_NOT_TERRITORY,
    ),
    # --- part of a person's name
    Rule(
        "after_title", _REJECT, _C.AFTER_TITLE, "follows the title {x.title_word!r}: a person",
        lambda x: fold(x.title_word) in x.lex.titles,  # no title is ""
        weights=_NOT_TERRITORY,
    ),
    Rule(
        "middle_initial", _REJECT, _C.MIDDLE_INITIAL,
        "{x.span.prev2} {x.span.prev}. {x.span.text}: a person's name",
        lambda x: _middle_initial(x.span),
    ),
    Rule(
        "surname_particle", _REJECT, _C.SURNAME_PARTICLE,
        "{x.span.prev2} {x.span.prev} {x.span.text}: a person's name",
        lambda x: _surname_particle(x),
        weights=_NOT_TERRITORY,
    ),
    # --- part of an organisation's, a site's or an operation's name
    Rule(  # "Bank of Valletta", "the Chamber of Commerce": a small place
        "small_place_in_opened_name", _REJECT, _C.SMALL_PLACE_IN_OPENED_NAME,
        "part of the name {x.opened_name} {x.span.text}",
        lambda x: bool(x.opener) and (x.weight == "minor" or (x.span.prev == "of" and not x.heavy)),
    ),
    Rule(  # "Hotel Kyjev", "Bank of Japan"
        "in_opened_name", _EMBEDDED, _C.IN_OPENED_NAME, "part of the name {x.opened_name} {x.span.text}",
        lambda x: bool(x.opener),
        metonymic=True,
    ),
    Rule(  # "Operation Orikhiv", "Bakhmut Direction"
        "in_operation_name", _EMBEDDED, _C.IN_OPERATION_NAME,
        "part of the name {x.operation_name}, an operation's or a battle's",
        lambda x: bool(x.neighbour) and fold(x.neighbour) in x.lex.operation_words,
        metonymic=True,
    ),
    Rule(  # "Donbass Battalion", "Kyiv Post"
        "before_organisation_word", _EMBEDDED, _C.BEFORE_ORGANISATION_WORD,
        "part of the name {x.span.text} {x.neighbour}",
        lambda x: bool(x.neighbour) and fold(x.neighbour) in x.lex.organisation_words,
        metonymic=True,
        weights=_EVERY_WEIGHT - _MINOR,
    ),
    Rule(  # "Winnipeg Fire Paramedic Service", "Donetsk Regional Administration", "Peel Regional Police"
        "in_long_organisation_name", _EMBEDDED, _C.IN_LONG_ORGANISATION_NAME,
        "part of the name {x.span.text} {x.neighbour} … {x.span.run_end}",
        lambda x: bool(x.neighbour)
        and x.neighbour is x.span.chunk_after
        and _organisation_or_government(x.span.run_end, x.lex),
        metonymic=True,
        weights=_HEAVY,
    ),
    Rule(
        "written_with_a_name", _REJECT, _C.WRITTEN_WITH_A_NAME,
        "written with {x.neighbour!r}: part of a person's or organisation's name",
        lambda x: bool(x.neighbour),
    ),
    Rule(  # "the Commerce Ministry": a small town has no ministry (Commerce, Texas)
        "national_body", _REJECT, _C.NATIONAL_BODY, "part of the name {x.span.text} {x.span.chunk_after}",
        lambda x: fold(x.span.chunk_after) in x.lex.national_bodies,
        weights=_LIGHT,
    ),
    Rule(  # "Moody's Analytics"; not "Ukraine's Izium", "Kharkiv Oblast's Izium district"
        "after_a_possessive_name", _REJECT, _C.AFTER_A_POSSESSIVE_NAME,
        "part of the name {x.span.prev} {x.span.text}",
        lambda x: _after_a_possessive_name(x),
        weights=_LIGHT,
    ),
    Rule(
        "person_name_elsewhere", _REJECT, _C.PERSON_NAME_ELSEWHERE, "elsewhere part of a person's name",
        lambda x: x.single
        and x.span.key in x.name_words
        and (x.weight != "major" or not _cued_for_a_place(x)),
        weights=_NOT_TERRITORY,
    ),
    Rule(  # "Eva's Village": a small namesake's possessive names a facility (not metonymic)
        "possessive_facility", _EMBEDDED, _C.POSSESSIVE_FACILITY,
        "part of the name {x.span.text}'s {x.span.next}",
        lambda x: _possessive_facility(x),
        weights=_MEDIUM,
    ),
    Rule(  # "Wilson's Farm"
        "small_place_possessive_facility", _REJECT, _C.SMALL_PLACE_POSSESSIVE_FACILITY,
        "part of the name {x.span.text}'s {x.span.next}",
        lambda x: _possessive_facility(x),
        weights=_MINOR,
    ),
    Rule(  # "Moody's Analytics": a small namesake's possessive before a name is a business's
        "possessive_before_name", _REJECT, _C.POSSESSIVE_BEFORE_NAME,
        "part of the name {x.span.text}'s {x.span.next}",
        lambda x: x.span.possessive
        and x.span.next_gap == " "
        and x.span.next[:1].isupper()
        and not _names_a_part(x.span, x.lex),
        weights=_LIGHT,
    ),
    Rule(
        "small_place_names_organisation", _REJECT, _C.SMALL_PLACE_NAMES_ORGANISATION, "names {x.a_next}",
        lambda x: _names_an_organisation(x),
        weights=_MINOR,
    ),
    Rule(  # "Kharkiv court"; not "Kherson city", which is the city
        "names_organisation", _EMBEDDED, _C.NAMES_ORGANISATION, "names {x.a_next}",
        lambda x: _names_an_organisation(x),
        metonymic=True,
    ),
    # --- a word of the sentence, or a speaker, rather than a place
    Rule(
        "common_word_opening_sentence", _REJECT, _C.COMMON_WORD_OPENING_SENTENCE,
        "a common word at the start of a sentence",
        lambda x: x.span.sentence_start
        and x.single
        and not x.cued
        and (x.span.key in x.lex.function_words or x.is_lower_word(x.span.key)),
    ),
    Rule(
        "lower_case_elsewhere", _REJECT, _C.LOWER_CASE_ELSEWHERE,
        "also written as a common word in this text",
        lambda x: x.single and x.is_lower_word(x.span.key) and not x.cued,
        weights=_MINOR,
    ),
    Rule(
        "speaker_named_as_person", _REJECT, _C.SPEAKER_NAMED_AS_PERSON,
        "a speaker elsewhere named as a person",
        lambda x: x.single and x.span.key in x.name_words and (x.speaker or x.after_a_speech_word),
        weights=_NOT_TERRITORY,
    ),
    Rule(  # "Smith said"; not "Valemount is also looking at", which any subject may be
        "speaker_before_verb", _REJECT, _C.SPEAKER_BEFORE_VERB,
        "{x.span.text} {x.span.next}: a speaker, not a place",
        lambda x: x.speaker and not x.cued,
        weights=_MINOR,
    ),
    Rule(
        "speaker_after_verb", _REJECT, _C.SPEAKER_AFTER_VERB,
        "{x.span.prev} {x.span.text}: a speaker, not a place",
        lambda x: x.after_a_speech_word and "," not in x.span.prev_gap and not x.cued,
        weights=_MINOR,
    ),
    # --- a place: cued by its context, or for its weight alone
    *CUES,
    Rule("well_known", _PLACE, _C.WELL_KNOWN, WELL_KNOWN.text, lambda x: True, weights=_HEAVY),
    Rule(  # "Delft said"
        "actor", _PLACE, _C.ACTOR, ACTOR.text, lambda x: x.metonymic, weights=_MEDIUM,
    ),
)

#: The engine's loop per weight: the conditions of the rules that apply to a name of that weight.
_CONDITIONS = {w: tuple(rule.condition for rule in RULES if w in rule.weights) for w in WEIGHTS}
_RULE_OF = {rule.condition: rule for rule in RULES}  # each condition is its own function


def read_span(
    span: Span,
    weight: Weight,
    *,
    demonyms: frozenset[str],
    name_words: frozenset[str],
    is_lower_word: Callable[[str], bool],
    place_words: Collection[str] = (),
) -> Reading:
    """Read one span in its context: the reading of the first of :data:`RULES` that holds, else ``maybe``.

    Parameters
    ----------
    span, weight, demonyms, name_words, is_lower_word, place_words
        What the rules read (see :class:`RuleInput`).

    Returns
    -------
    Reading
        The verdict, its reason (none for ``maybe``), metonymy and whether the text calls the name
        a territory.
    """
    x = RuleInput(span, weight, lexicon(), demonyms, name_words, is_lower_word, place_words)
    for condition in _CONDITIONS[weight]:
        if condition(x):
            return _RULE_OF[condition].reading(x)
    return Reading(span, Verdict.MAYBE, (), x.metonymic, x.prefer_region)


# --- conditions of the rules ---------------------------------------------------------------


def _cue_gap(x: RuleInput) -> bool:
    """Nothing but an opening quote or bracket between the cue word and the name."""
    gap = x.span.prev_gap.strip()
    return not gap or gap in x.lex.opening_marks


def _adjective_compound(span: Span, lex: Lexicon) -> bool:
    """Tell whether a dash joins the name to a lower-case word: "pro-Russia", "Kremlin-backed"."""
    return (span.prev_gap in lex.dashes and (span.prev[:1].islower() or span.prev_opens_sentence)) or (
        span.next_gap in lex.dashes and span.next[:1].islower() and not span.possessive
    )


def _common_word_alone(x: RuleInput) -> bool:
    """Tell whether the name is one common English word, or has an apostrophe (not "US" in capitals)."""
    span, lex = x.span, x.lex
    if not x.single or (span.upper and span.key in lex.country_abbreviations):
        return False
    return span.key in lex.common_nouns or not _APOSTROPHES.isdisjoint(span.text)


def _cued_for_a_place(x: RuleInput) -> bool:
    """One of :data:`CUES` holds, unless its only cue is a word that also comes before a person's name."""
    if x.cue is None:
        return False
    return not (x.prev in x.lex.place_cues_also_before_people and x.cue.code == ReasonCode.LOCATIVE)


def _surname_particle(x: RuleInput) -> bool:
    """Tell whether a first name and a particle come before the name: "Mario de Santiago", "Vasco da Gama".

    Not when the word before the particle is itself a place or opens an organisation's or a
    site's name ("Universidad de Chile", "Hotel de Paris"). (Not tried for a territory: the rule's
    ``weights``.)
    """
    span, lex = x.span, x.lex
    if span.prev not in lex.surname_particles or span.prev_gap != " ":
        return False
    first = span.prev2
    if not first[:1].isupper() or first[-2:] in lex.possessive_endings:
        return False
    key = fold(first)
    return not (
        key in x.place_words
        or key in lex.facility_words
        or key in lex.organisation_words
        or key in lex.function_words
        or key in lex.titles
    )


def _middle_initial(span: Span) -> bool:
    """Tell whether a first name and an initial come before the name: "Jon R. Taylor"."""
    return (
        len(span.prev) == 1
        and span.prev.isupper()
        and span.prev_gap == ". "
        and len(span.prev2) > 1
        and span.prev2[:1].isupper()
        and not span.prev2.isupper()
    )


def _after_a_possessive_name(x: RuleInput) -> bool:
    """Tell whether the name is one word after the possessive of a name no place has: "Moody's Analytics"."""
    span, lex = x.span, x.lex
    owner = fold(span.prev[:-2]) if span.prev[-2:] in lex.possessive_endings else ""
    return (
        x.single
        and span.prev[:1].isupper()
        and bool(owner)
        and not (owner in x.place_words or owner in lex.region_words)
    )


def _possessive_facility(x: RuleInput) -> bool:
    """Tell whether a small place's possessive comes before a facility's word: "Wilson's Farm"."""
    lex, nxt = x.lex, x.nxt
    facility = nxt in lex.organisation_words or nxt in lex.settlement_nouns
    return x.span.possessive and x.span.next[:1].isupper() and facility


def _organisation_or_government(word: str, lex: Lexicon) -> bool:
    """Tell whether a word ends an organisation's name or names a government: "Service", "Administration"."""
    key = fold(word)
    return key in lex.organisation_words or key in lex.government_words


def _names_an_organisation(x: RuleInput) -> bool:
    """Tell whether an organisation's word in lower case follows the name: "Kharkiv court"."""
    span, lex, nxt = x.span, x.lex, x.nxt
    return (
        not span.next_gap.strip()  # "Castlegar, people will" is no "Luhansk people"
        and not span.possessive
        and span.next[:1].islower()
        and nxt in lex.organisation_words
        and nxt not in lex.region_words
        and nxt not in lex.settlement_nouns
    )


def opening_word(span: Span, before: Collection[str], before_of: Collection[str]) -> str:
    """Return the word that opens a longer name ending in this one, or "".

    It is one of ``before`` right before it ("Hotel" Kyjev), or one of ``before_of`` and "of"
    ("Mall" of Asia). A word that closes another name does not count ("Robinson College
    Cambridge" is a college in Cambridge).
    """
    if span.chunk_before and fold(span.chunk_before) in before and not span.prev2[:1].isupper():
        return span.chunk_before
    if span.prev == "of" and span.prev2[:1].isupper() and fold(span.prev2) in before_of:
        return span.prev2
    return ""


def _common_word(word: str, lex: Lexicon, is_lower_word: Callable[[str], bool]) -> bool:
    """Tell whether a capitalised word is a common English word.

    It is one when known, written in lower case elsewhere, or shaped like a verb or an adverb
    ("Considering", "Given", "Meanwhile").
    """
    key = fold(word)
    return key in lex.common_nouns or is_lower_word(key) or key.endswith(lex.verb_and_adverb_endings)


def _name_neighbour(
    span: Span,
    lex: Lexicon,
    demonyms: frozenset[str],
    place_words: Collection[str],
    is_lower_word: Callable[[str], bool],
) -> str:
    """Return a capitalised word glued to the span that makes it part of a longer name, or ""."""
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
        before = word is span.chunk_before
        if key in lex.feature_words and before and key not in lex.feature_words_before_names:
            return word  # "Black Sea Fleet": the name goes on after the sea's
        if key in lex.region_words or key in lex.government_words or key in lex.feature_words:
            continue
        if key in lex.function_words or key in lex.calendar or key in lex.locative or key in demonyms:
            continue
        return word
    return ""


def _person_after_territory(span: Span, lex: Lexicon) -> bool:
    """Tell whether a person's name follows the country: "President of Ukraine Petro Poroshenko".

    That is, after "of", "to" or "in" (and "the") and the country, two capitalised words that end
    the run and name no organisation.
    """
    prev = span.prev2 if span.prev == "the" else span.prev  # "to the Holy See"
    if not (prev == "of" or prev in lex.locative) or span.possessive or span.next_gap != " ":
        return False
    first, last = span.next, span.next2
    if not last[:1].isupper() or span.run_end != last:
        return False
    return fold(first) not in lex.organisation_words and fold(last) not in lex.organisation_words


def _names_a_part(span: Span, lex: Lexicon) -> bool:
    """Tell whether a title or a part of a place follows the possessive.

    As in "Olenivka's Mayor", "Olenivka's Central Market", "Donetsk's Kalinin hospital": a
    generic word among the next two.
    """
    words = [fold(span.next), fold(span.next2)] if span.next2 else [fold(span.next)]
    parts = (lex.titles, lex.organisation_words, lex.feature_words, lex.common_nouns, lex.settlement_nouns)
    return any(word in kind for word in words for kind in parts)


def _dateline(span: Span, lex: Lexicon) -> bool:
    """Tell whether the name opens a line in capitals, before a dash, a comma or an agency: "KIEV (AP) -"."""
    if not span.upper:
        return False
    gap = span.next_gap.strip()
    return span.line_start and (
        gap[:1] in lex.dashes or gap[:1] == "," or (gap == "(" and span.next[:1].isupper())
    )


def _metonymic(x: RuleInput) -> bool:
    """Tell whether the place stands for its government or its people.

    As in "Kiev's forces", "Kiev said", "a defeat for Kiev", "the leaders of France".
    """
    span, lex, prev, nxt = x.span, x.lex, x.prev, x.nxt
    if nxt in lex.government_words and span.next_gap.strip() == "":
        return True
    if span.possessive and fold(span.next2) in lex.government_words:
        return True
    if (
        not span.possessive
        and not span.next_gap.strip()
        and prev not in lex.locative
        and prev != "of"
        and (nxt in lex.reporting_verbs or nxt in lex.verbs_of_people)
    ):
        return True
    if prev in lex.metonymy_prepositions and fold(span.prev2) in lex.metonymy_cues:
        return True
    if prev == "of" and not span.prev_gap.strip() and fold(span.prev2) in lex.government_words:
        return True  # "the leaders of France", "the government of Ukraine"
    return prev in lex.metonymy_cues and not span.prev_gap.strip() and span.prev[:1].islower()


# --- territories -------------------------------------------------------------------------------


def region_word(word: str) -> bool:
    """Tell whether a word is a generic one for a territory, singular or plural: "state", "counties"."""
    words = lexicon().region_words
    key = fold(word)
    if key in words:
        return True
    return key.endswith("s") and (key[:-1] in words or (key.endswith("ies") and f"{key[:-3]}y" in words))


def called_a_region(span: Span) -> bool:
    """Tell whether the text calls the name a territory: "Donetsk region", "the state of Washington".

    Not "Kiev's region", "the Department of Energy", or "the border territory of Georgia": a
    "territory of" or a "region of" may be a part of the country named.
    """
    return _called_a_region(span, fold(span.prev), fold(span.next), lexicon())


def _called_a_region(span: Span, prev: str, nxt: str, lex: Lexicon) -> bool:
    """:func:`called_a_region`, given the folded words before and after the name."""
    words = lex.region_words
    if nxt in words and not span.possessive:
        return True
    if prev != "of" or not span.prev2.islower():
        return False
    unit = fold(span.prev2)
    return unit in words and unit not in lex.territory_words_for_a_part
