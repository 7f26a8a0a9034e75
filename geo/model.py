"""Domain objects of the geo layer: places, ranked candidates and text mentions."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # shapely is only needed by callers that ask for geometry
    from shapely.geometry import Point

__all__ = ["Candidate", "Mention", "Place", "PlaceKind", "ReasonCode"]

#: Kinds of place the gazetteer knows.
PlaceKind = str  # "settlement" | "region" | "country" | "continent" | "water"


class ReasonCode(StrEnum):
    """The reasons the code decides on, by name; their English text is only for display.

    A reason with no code (:class:`geo.evidence.Reason`) only explains; nothing tests it.
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
