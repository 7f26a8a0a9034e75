"""Step 1: find the names the gazetteer may place, with their candidates.

Gazetteer names (one regex pass, :mod:`geo.recognition`), state and province abbreviations after
a town ("Columbia, SC"), unknown names the text cues that match a known one only through the
transliteration key ("Klischiivka"), and the initials of a country the text names ("SA" in a
story about South Africa).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from operator import attrgetter

from geo.evidence import Reason
from geo.gazetteer import Gazetteer
from geo.geoparser.lookup import candidates_of, find
from geo.geoparser.record import Document, Name
from geo.model import Candidate, Place, ReasonCode
from geo.names import fold
from geo.recognition import (
    Span,
    find_postal_codes,
    find_spans,
    find_state_abbreviations,
    find_unknown_names,
    span_at,
)
from geo.text import lexicon

__all__ = ["find_names"]

_STATE = Reason("a state's or province's abbreviation after a town", ReasonCode.STATE_ABBREVIATION)
_CAPITALISED_NEXT = re.compile(r"[ \t]+[A-Z]")
_START = attrgetter("span.start")


def find_names(doc: Document) -> None:
    """Fill ``doc.names``: every name the gazetteer may place, with its candidates, in text order.

    Gazetteer names, state abbreviations after a town, cued unknown names known only through
    their transliteration key, and the initials of a country the text names.
    """
    text, gazetteer = doc.text, doc.gazetteer
    spans = find_spans(text, gazetteer.name_keys)
    abbreviations = find_state_abbreviations(text) + _postal_codes_after_towns(text, spans, gazetteer)
    states = {s.start: name for s, name in abbreviations}
    # an abbreviation is no unknown name ("in Fresno, Calif." lists no "Calif")
    unknown = find_unknown_names(text, gazetteer.name_keys, spans + [s for s, _ in abbreviations])
    path = str(gazetteer.path)

    names = [Name(s, candidates_of(gazetteer, path, s, None)) for s in spans if s.start not in states]
    names += [
        Name(s, candidates_of(gazetteer, path, s, states[s.start]), fixed=_STATE) for s, _ in abbreviations
    ]
    names += [Name(s, candidates_of(gazetteer, path, s, states.get(s.start)), variant=True) for s in unknown]
    names.sort(key=_START)
    _add_short_forms(names)
    _add_initialisms(text, names, gazetteer, doc.demonyms)
    doc.names = names


def _add_initialisms(
    text: str, names: list[Name], gazetteer: Gazetteer, demonym_counts: Mapping[str, int]
) -> None:
    """Read the initials of a country or first-level region the text names in full (or by its
    demonym) as that place: "SA" in a story about South Africa ("South Africans"), "T&T" after
    "Trinidad and Tobago", "DRC" after "the Democratic Republic of the Congo".

    Updates ``names`` in place (a new name for initials the gazetteer does not know, new
    candidates for those it knows as another place: "SA" is also Saudi Arabia's code), each
    with why it is the place. Initials two named places share are left alone.
    """
    named = [
        n.candidates[0].place
        for n in names
        if n.candidates
        and " " in n.span.key
        and n.candidates[0].place.kind in ("country", "region")
        and fold(n.candidates[0].place.name) == n.span.key
    ]
    named += [p for cc in demonym_counts if (p := gazetteer.country(cc)) is not None]
    owners: dict[str, set[Place]] = {}
    for place in named:
        for form in _initials(place.name):
            owners.setdefault(form, set()).add(place)
    forms = {form: next(iter(places)) for form, places in owners.items() if len(places) == 1}
    if not forms:
        return
    at = {n.start: n for n in names}
    abbreviations = lexicon().country_abbreviations
    added = False
    for start, end in sorted(where for form in forms for where in _written_alone(text, form)):
        form = text[start:end]
        place = forms[form]
        known = at.get(start)
        if known is not None and (known.span.end != end or known.span.key in abbreviations):
            continue  # inside a longer name, or an abbreviation read as a place anyway ("US", "UK")
        if _CAPITALISED_NEXT.match(text, end) or text[start - 1 : start] == "(":
            continue  # a name's first word ("NJ Advance Media"), or where the text defines it ("... (SWA)")
        why = f"short for {place.name}, which the text names"
        short = (Candidate(place, 1.0, form, (why,)),)
        if known is None:
            names.append(Name(span_at(text, start, end), short, fixed=Reason(why, ReasonCode.INITIALISM)))
            added = True
        else:
            known.candidates, known.fixed = short, Reason(why, ReasonCode.INITIALISM)
    if added:
        names.sort(key=lambda n: n.start)


def _written_alone(text: str, form: str) -> list[tuple[int, int]]:
    """Where ``form`` ("SA", "T&T") stands as a word of its own: not "SAS", "U.S.A.", "T&T's"."""
    found = []
    at = text.find(form)
    while at >= 0:
        end = at + len(form)
        before, after, next_after = text[at - 1 : at], text[end : end + 1], text[end + 1 : end + 2]
        if not (before.isalnum() or before in "_&.’'-" and before) and not (
            after.isalnum()
            or after in "_&’'-"
            and after
            or after == "."
            and (next_after.isalnum() or next_after == "_")
        ):
            found.append((at, end))
        at = text.find(form, at + 1)
    return found


def _initials(name: str) -> set[str]:
    """ "South Africa": {"SA"}; "Trinidad and Tobago": {"TT", "T&T"}; one word: none."""
    words = name.replace("-", " ").split()
    capitals = [w[0] for w in words if w[:1].isupper()]
    if len(capitals) < 2:
        return set()
    return {"".join(capitals)} | ({"&".join(capitals)} if "and" in words else set())


def _postal_codes_after_towns(
    text: str, spans: Sequence[Span], gazetteer: Gazetteer
) -> list[tuple[Span, tuple[str, str]]]:
    """The postal codes ("Columbia, SC") that follow a name the gazetteer has in that state."""
    codes = find_postal_codes(text)
    if not codes:
        return []
    path = str(gazetteer.path)
    ending = {s.end: s for s in spans}
    kept = []
    for code, (state, country) in codes:
        town = ending.get(code.start - 2)
        if town is not None and any(
            c.place.admin1 == state and c.place.country == country for c in find(gazetteer, path, town.text)
        ):
            kept.append((code, (state, country)))
    return kept


def _add_short_forms(names: Sequence[Name]) -> None:
    """Let a country named "X and Y" in the text be a reading of its short form "X" there too.

    News names "Trinidad and Tobago" or "Antigua and Barbuda" once and then writes "Trinidad"
    or "Antigua", which the gazetteer knows only as towns elsewhere (Trinidad, Colorado).
    Updates the names' candidates in place.
    """
    short: dict[str, Place] = {}
    for n in names:
        if " and " in n.span.key:
            for c in n.candidates:
                if c.place.kind == "country" and fold(c.place.name) == n.span.key:
                    short.setdefault(n.span.key.split(" and ")[0], c.place)
    if not short:
        return
    for n in names:
        country = short.get(n.span.key)
        if country is not None and all(c.place.geonameid != country.geonameid for c in n.candidates):
            why = f"short for {country.name}, which the text names"
            n.candidates = (Candidate(country, 1.0, n.span.text, (why,)), *n.candidates)
