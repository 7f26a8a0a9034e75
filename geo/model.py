"""Domain objects of the geo layer: places, ranked candidates and text mentions."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # shapely is only needed by callers that ask for geometry
    from shapely.geometry import Point

__all__ = ["Candidate", "Mention", "Place", "PlaceKind", "ReasonCode"]

#: Kinds of place the gazetteer knows.
PlaceKind = str  # "settlement" | "region" | "country" | "continent" | "water" | "landform"


class ReasonCode(StrEnum):
    """The reasons the code decides on, by name; their English text is only for display.

    Each rule of :data:`geo.evidence.RULES` has its own code (its name in capitals). A reason with
    no code (:class:`geo.evidence.Reason`) only explains; nothing tests it.
    """

    #: A name read as a place for its weight alone, with no cue in its context.
    WELL_KNOWN = "well-known"
    #: A medium-weight name read as a place because it acts ("Delft said").
    ACTOR = "actor"
    #: A name of common words only, refused ("Central Park", "West Bank").
    COMMON_PHRASE = "common-phrase"
    #: After a preposition written in lower case ("in Kharkiv", "to Jordan").
    LOCATIVE = "locative"
    #: After a preposition that opens the sentence ("In Klamath Falls, users ...").
    OPENING_CUE = "opening-cue"
    #: A plausible name kept because the text names no sure place (its confidence is halved).
    ONLY_GEOGRAPHY = "only-geography"
    #: The user chose the place (or "not a place"): no geocoder may overrule it.
    USER_CORRECTION = "user-correction"

    # The other rules of geo.evidence.RULES, in their order there: not a place name at all,
    CALENDAR_WORD = "calendar-word"  #: "Monday", "March", "Easter"
    CURRENCY = "currency"  #: "US dollars", "US$3m"
    PEOPLE_OR_LANGUAGE = "people-or-language"  #: "Russian", "Igbo", "Kurds"
    ADJECTIVE_COMPOUND = "adjective-compound"  #: "pro-Russia", "Kremlin-backed"
    ABBREVIATION = "abbreviation"  #: "BA", "MP" (not "US", nor a dateline "KIEV -")
    COMMON_WORD = "common-word"  #: "He", "More", a word with an apostrophe, written alone
    # part of a person's name,
    AFTER_TITLE = "after-title"  #: "Pope Francis"
    MIDDLE_INITIAL = "middle-initial"  #: "Jon R. Taylor"
    SURNAME_PARTICLE = "surname-particle"  #: "Vasco da Gama"
    # part of an organisation's, a site's or an operation's name,
    SMALL_PLACE_IN_OPENED_NAME = "small-place-in-opened-name"  #: "Bank of Valletta", a small place's
    IN_OPENED_NAME = "in-opened-name"  #: "Hotel Kyjev", "Bank of Japan"
    IN_OPERATION_NAME = "in-operation-name"  #: "Operation Orikhiv", "Bakhmut Direction"
    BEFORE_ORGANISATION_WORD = "before-organisation-word"  #: "Colchester Hospital", "Kyiv Post"
    IN_LONG_ORGANISATION_NAME = "in-long-organisation-name"  #: "Boise Fire Department"
    WRITTEN_WITH_A_NAME = "written-with-a-name"  #: "Nate Raymond"
    NATIONAL_BODY = "national-body"  #: "the Commerce Ministry" (no ministry in Commerce, Texas)
    AFTER_A_POSSESSIVE_NAME = "after-a-possessive-name"  #: "Trump's Bedminster golf club"
    PERSON_NAME_ELSEWHERE = "person-name-elsewhere"  #: "to Bolton" when the text names John Bolton
    POSSESSIVE_FACILITY = "possessive-facility"  #: "St George's Chapel", a medium-sized place's
    SMALL_PLACE_POSSESSIVE_FACILITY = "small-place-possessive-facility"  #: "Eva's Village", "Wilson's Farm"
    POSSESSIVE_BEFORE_NAME = "possessive-before-name"  #: "Moody's Analytics", a small place's
    SMALL_PLACE_NAMES_ORGANISATION = "small-place-names-organisation"  #: "Heathrow airport", a small place's
    NAMES_ORGANISATION = "names-organisation"  #: "a New York court"
    # a word of the sentence rather than a name,
    COMMON_WORD_OPENING_SENTENCE = "common-word-opening-sentence"  #: "Time will tell", "time" also written
    LOWER_CASE_ELSEWHERE = "lower-case-elsewhere"  #: "Industry" where the text writes "industry"
    SPEAKER_NAMED_AS_PERSON = "speaker-named-as-person"  #: "Bolton said" when the text names John Bolton
    SPEAKER_BEFORE_VERB = "speaker-before-verb"  #: "Sandberg said", a small place's name
    SPEAKER_AFTER_VERB = "speaker-after-verb"  #: "was Samsung chief", a small place's name
    # cued as a place by its context,
    DATELINE = "dateline"  #: "KIEV (Reuters) -"
    LOCATIVE_OF = "locative-of"  #: "north of Donetsk"
    SETTLEMENT_APPOSITION = "settlement-apposition"  #: "Selydove, a town of 20,000"
    EVENT_OBJECT = "event-object"  #: "shelled Debaltseve"
    EVENT_NOUN = "event-noun"  #: "the fall of Mosul"
    EVENT_SUBJECT = "event-subject"  #: "Debaltseve was shelled"
    REGION_WORD_AFTER = "region-word-after"  #: "Donetsk region"

    # The geoparser's own reasons (geo.geoparser): a place whatever its context,
    STATE_ABBREVIATION = "state-abbreviation"  #: "Columbia, SC", "Fresno, Calif."
    INITIALISM = "initialism"  #: "SA" in a text about South Africa, "T&T" after "Trinidad and Tobago"
    # read from the names next to it,
    LISTED_WITH = "listed-with"  #: "shelled Robotyne, Verbove and Mala Tokmachka"
    TOWN_BEFORE_REGION = "town-before-region"  #: "Maiduguri" in "Maiduguri Borno State"
    REGION_AFTER_TOWN = "region-after-town"  #: "Borno State" in "Maiduguri Borno State"
    # and a plausible name kept because it fits the text's geography.
    NAMED_ELSEWHERE = "named-elsewhere"  #: "Springfield" after "Springfield, Ill."
    NEAR_NAMED_PLACES = "near-named-places"  #: within 150 km of, or in, a place the text names
    IN_NAMED_REGION = "in-named-region"  #: in a first-level region the text names
    IN_FOCUS_COUNTRY = "in-focus-country"  #: in the caller's focus country
    IN_COUNTRY_OF_PLACES = "in-country-of-places"  #: a name inside a name, in a country of the text's places


@dataclass(frozen=True, slots=True)
class Place:
    """A named location from the gazetteer (or an online geocoder)."""

    name: str
    lat: float
    lon: float
    kind: PlaceKind = "settlement"
    geonameid: int | None = None
    country: str | None = None  # ISO 3166-1 alpha-2
    admin1: str | None = None  # first-level region name, e.g. "Donetsk Oblast"
    admin1_code: str | None = None  # GeoNames code, e.g. "UA.05"
    population: int = 0
    alternate_names: tuple[str, ...] = ()
    source: str = "geonames"
    capital: bool = False  # its country's capital (GeoNames' countryInfo)

    def __repr__(self) -> str:
        where = ", ".join(x for x in (self.admin1, self.country) if x)
        return f"Place({self.name!r}, {self.lat:.5f}, {self.lon:.5f}, {self.kind}, {where}, id={self.geonameid})"

    def to_point(self) -> Point:
        """Return the place as a shapely Point; shapely is (x=lon, y=lat)."""
        from shapely.geometry import Point

        return Point(self.lon, self.lat)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A place considered for a query or mention, with its score and the reasons for it."""

    place: Place
    score: float
    matched_name: str = ""
    reasons: tuple[str, ...] = ()

    def __repr__(self) -> str:
        return f"Candidate({self.place.name!r}, id={self.place.geonameid}, score={self.score:.3f})"


@dataclass(frozen=True, slots=True)
class Mention:
    """A place name found in a text: its span, the chosen place and why it was chosen."""

    text: str
    start: int
    end: int
    place: Place | None = None
    confidence: float = 0.0
    candidates: tuple[Candidate, ...] = ()
    metonymic: bool = False
    reasons: tuple[str, ...] = field(default=())
    embedded: bool = False  # part of an organisation's or unit's name ("Donbass battalion")
    approximate: bool = False  # the point is the town the text puts it in ("Jamsil Stadium in Seoul")
    # the codes of the reasons later steps decide on (``reasons`` is English, for display only)
    reason_codes: tuple[ReasonCode, ...] = ()

    @property
    def resolved(self) -> bool:
        """True when a place was chosen for the mention."""
        return self.place is not None
