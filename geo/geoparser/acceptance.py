"""Step 3 and the keep test of step 5: which names resolution weighs, and which senses it reports.

A name read as a place (``place``) is reported wherever it resolves; a plausible one (``maybe``)
only when its place fits the document's geography (:func:`accepted`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from geo.evidence import Reading, Reason, Verdict, sole_code
from geo.gazetteer import haversine_km
from geo.geoparser.record import Document, Name
from geo.geoparser.unplaced import names_a_site
from geo.model import Candidate, Place, ReasonCode
from geo.names import fold
from geo.resolution import Group
from geo.spatial import PlaceGrid
from geo.text import lexicon

__all__ = ["UNCUED", "accepted", "foreign_name_only", "keep_names", "weigh_kept_names"]

_MAYBE_KM = 150.0  # a plausible name is kept when it lies this close to a sure place
_EXONYM_POPULATION = 1_000_000  # a city or region this big is surely meant by its English name
_OWN_NAME_TOWN = 50_000  # a town this big bearing the name as its own makes the name no foreign one
# A town in a country no other place of the text is in needs to be this big to be sure: with a
# cue before it ("in Rehab" in a Cairo story), or, read for its weight alone, without one ("Mary").
_ABROAD_CUED = 20_000
_ABROAD_UNCUED = 200_000
_ALONE_POPULATION = 10_000  # a plausible name alone in a text is kept when its town is this big
_DOMINANT = 3.0  # ... and when it is this many times bigger than its largest namesake
_ONLY = "kept as the text's only geography"
_C = ReasonCode
UNCUED = (_C.WELL_KNOWN, _C.ACTOR)  # the sole reason of a place for its weight or as an actor alone


def keep_names(doc: Document) -> None:
    """Fill ``doc.kept``: the names not refused that have candidates and are no part of a feature."""
    doc.kept = [
        n
        for i, n in enumerate(doc.names)
        if n.reading.verdict != Verdict.REJECT and n.candidates and i not in doc.features
    ]


def weigh_kept_names(doc: Document) -> None:
    """Set each kept name's ``verdict``, ``cued`` and ``guessed`` (after grouping).

    A city known by that name only in another language ("Hamas" for Hamm) must fit the text; a
    name inside another name, or one that weighs only by another name, fits at country level; one
    named once, inside a site's name ("Rogers Centre"), must lie near the text's places.
    """
    for n in doc.kept:
        other = foreign_name_only(n.reading, n.candidates)
        n.verdict = Verdict.MAYBE if other else n.reading.verdict
        n.cued = sole_code(n.reading) not in UNCUED
        n.guessed = other or (
            n.reading.verdict == Verdict.EMBEDDED
            and (not names_a_site(n.span) or len(doc.groups[n.group].members) > 1)
        )


def accepted(doc: Document, places: list[Place | None], countries: tuple[set[str], set[str]]) -> list[bool]:
    """Tell which groups to keep: one occurrence is sure (read as a place), or the place fits.

    A place fits the document's geography when it lies in or near a sure place, contains a sure
    town (a region), lies in a first-level region the text surely names, or in the caller's focus
    country (``countries``: that focus, then every country the text hints at). A
    name inside another name ("Boston Globe", "Kingsley Road"; ``guessed``) names a namesake only
    by guess: it is kept also in a country of the text's sure places or hints. A text with no sure
    place has no geography to fit: a plausible name spelled as in the gazetteer is kept there when
    :func:`_substantial`. ``doc.kept_because`` gets the reasons, by group.
    """
    focus, hinted = countries
    groups, kept, why = doc.groups, doc.kept, doc.kept_because
    sure = [any(kept[pos].verdict == Verdict.PLACE for pos in group.members) for group in groups]
    _doubt_towns_abroad(groups, kept, places, sure, hinted)
    anchors = PlaceGrid([p for g, p in enumerate(places) if sure[g] and p and p.kind != "country"], _MAYBE_KM)
    alone = not any(sure[g] and p is not None for g, p in enumerate(places))
    named = hinted | {p.country for g, p in enumerate(places) if sure[g] and p is not None and p.country}
    sure_places = {p.geonameid or id(p) for g, p in enumerate(places) if sure[g] and p is not None}
    sure_towns = [p for g, p in enumerate(places) if sure[g] and p is not None and p.kind == "settlement"]
    sure_regions = {  # first-level regions (a county's admin1 is its state's name, not its own)
        p.admin1_code: p.name
        for g, p in enumerate(places)
        if sure[g] and p is not None and p.kind == "region" and p.admin1_code and p.admin1 == p.name
    }
    for g, place in enumerate(places):
        if sure[g] or place is None:
            continue
        if (place.geonameid or id(place)) in sure_places:  # "Springfield" after "Springfield, Ill."
            why[g] = Reason("kept because the text names this place elsewhere", _C.NAMED_ELSEWHERE)
            continue
        inside = any(
            rel.within and sure[kept[rel.other].group] and contains(places[kept[rel.other].group], place)
            for rel in groups[g].relations
        ) or (place.kind == "region" and any(contains(place, p) for p in sure_towns))
        if inside or any(
            haversine_km(place.lat, place.lon, a.lat, a.lon) < _MAYBE_KM
            for a in anchors.around(place)
            if a is not place
        ):
            why[g] = Reason("kept because it lies near or in places the text names", _C.NEAR_NAMED_PLACES)
        elif (
            (region := sure_regions.get(place.admin1_code))
            and place.kind != "country"
            and place.name != region
        ):
            why[g] = Reason(f"kept because it lies in {region}, which the text names", _C.IN_NAMED_REGION)
        elif place.country in focus:
            why[g] = Reason(f"kept because it lies in the focus country {place.country}", _C.IN_FOCUS_COUNTRY)
        elif place.country in named and any(kept[pos].guessed for pos in groups[g].members):
            why[g] = Reason(
                f"kept because it lies in {place.country}, a country of the text's places",
                ReasonCode.IN_COUNTRY_OF_PLACES,
            )
        elif (
            alone
            and not any(kept[pos].variant for pos in groups[g].members)
            and _substantial(place, groups[g], hinted)
        ):
            why[g] = Reason(f"{_ONLY} (a place that dwarfs its namesakes)", ReasonCode.ONLY_GEOGRAPHY)
    return [sure[g] or g in why for g in range(len(places))]


def _doubt_towns_abroad(
    groups: list[Group], kept: Sequence[Name], places: list[Place | None], sure: list[bool], hinted: set[str]
) -> None:
    """A sure town or district that is small for a country no other sure place of the text is in,
    nor any hint, becomes plausible (it must then fit the text's geography): "at Grand and State" in a
    Chicago story is no village of Côte d'Ivoire, "Mary" among Philippine towns no Turkmen city.
    Updates ``sure`` in place.
    """
    sure_places = {p.geonameid or id(p): p for g, p in enumerate(places) if sure[g] and p is not None}
    countries = Counter(p.country for p in sure_places.values() if p.country)  # two senses are one place
    if len(countries) < 2:
        return  # the text's sure places are all in one country (or have none)
    for g, place in enumerate(places):
        if not sure[g] or place is None or not _local(place) or place.country in hinted:
            continue
        if countries[place.country] > 1:
            continue  # another sure place of the text is in its country
        limit = _ABROAD_CUED if any(kept[pos].cued for pos in groups[g].members) else _ABROAD_UNCUED
        if place.population < limit:
            sure[g] = False


def _local(place: Place) -> bool:
    """A settlement or a second-level region (a district, a county: its admin1 is another name)."""
    return place.kind == "settlement" or (place.kind == "region" and place.admin1 not in (None, place.name))


def _substantial(place: Place, group: Group, countries: set[str]) -> bool:
    """A country or sea, or a place of :data:`_ALONE_POPULATION`+ and :data:`_DOMINANT` times its
    biggest namesake (a lone "Liberty" means none of its many towns); in ``countries``, if any.
    """
    if countries and place.country not in countries:
        return False
    if place.kind in ("country", "continent", "water"):
        return True
    rivals = [  # the region of the city's own name (Kyiv in Kyiv City) is no rival
        c.place.population
        for c in group.candidates
        if c.place.geonameid != place.geonameid and not contains(c.place, place)
    ]
    return place.population >= max(_ALONE_POPULATION, _DOMINANT * max(rivals, default=0))


def contains(outer, inner) -> bool:
    """True when ``outer`` (a country or first-level region) contains ``inner``."""
    if outer is None:
        return False
    if outer.kind == "country":
        return inner.country == outer.country
    return outer.kind == "region" and outer.admin1_code is not None and inner.admin1_code == outer.admin1_code




def foreign_name_only(reading: Reading, candidates: Sequence[Candidate]) -> bool:
    """Tell whether a name is a place only for its weight, and weighs only by another name.

    GeoNames lists spellings in many languages: "Hamas" is one of Hamm's, "West Coast" one of
    Western Australia's. A name read as a place because a big city or region bears it, when every
    big one bearing it has another name of its own, is no sure place: like a plausible one, it
    must fit the text's geography. The English names of the world's great cities and regions
    ("Kiev", "Kharkov", "Crimea": :data:`_EXONYM_POPULATION`+) are sure places, unless the name
    is a phrase of generic words ("West Coast") or opens a sentence. So is a name that a town of
    :data:`_OWN_NAME_TOWN`+ people bears as its own ("Kherson", the oblast's English name and the
    city's).
    """
    if reading.verdict != Verdict.PLACE or sole_code(reading) != ReasonCode.WELL_KNOWN:
        return False
    big = [c for c in candidates if c.place.population >= 100_000 or c.place.kind in ("country", "continent")]
    if not big or any(c.place.kind not in ("settlement", "region") or _own_name(c) for c in big):
        return False
    if any(_own_name(c) and c.place.kind == "settlement" and c.place.population >= _OWN_NAME_TOWN
           for c in candidates):  # fmt: skip
        return False  # "Kherson": the oblast's English name, and the city's own
    lex = lexicon()
    words = reading.span.key.split()
    generic = all(w in lex.feature_words or w in lex.locative or w in lex.region_words for w in words)
    # at a sentence start a capitalised common word looks the same ("Part of that is ...": Perth)
    return generic or reading.span.sentence_start or all(c.place.population < _EXONYM_POPULATION for c in big)


def _own_name(candidate: Candidate) -> bool:
    """The place's own name, or its first words ("Frankfurt" for "Frankfurt am Main")."""
    matched, name = fold(candidate.matched_name), fold(candidate.place.name)
    return matched == name or name.startswith(matched + " ")
