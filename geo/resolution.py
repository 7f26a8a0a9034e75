"""Resolution: choose, for each place name of a document, the gazetteer entry that fits.

A candidate's score is a weighted sum of named terms (:data:`TERMS`, in the order they are
added), with one weight per term (:class:`Weights`; the hand-set ones, each with what its term
is, in ``geo/data/weights.toml``). Each term's value is computed once, by one function, for every
candidate of the document (:func:`_fixed_terms` for the terms of a candidate alone,
:func:`_score_round` for those that depend on the other names' choices, which ranks them); the
score is the sum of weight times value, and the reasons the dashboard shows are written from the
same values (:data:`_REASONS`). Thresholds (where a term applies, how fast it decays) are named
constants below the table. The terms:

* ``prior``: the population prior (:func:`geo.gazetteer.population_prior`: countries, big regions,
  cities); ``is_country``, ``is_continent``, ``is_water``, which get no proximity or region bonus;
  ``own_name`` and ``capital``, a national capital written by its own name;
* ``country_focus`` and ``region_focus``: the document's country focus (countries named, demonyms,
  the caller's ``country_focus``) and its region focus (first-level regions of the places chosen);
* ``near``: proximity to the document's other places (the nearest of the strongest ones);
* ``contained`` and ``stated_position``: containment ("Paris, Texas", "Russia's Chechnya region"),
  which outweighs a population gap, and spatial phrases ("south of Donetsk", "a 10-mile stretch
  ... out of Debaltseve") checked against the other place's position;
* ``region_asked`` and ``city_of_its_name``: the kind the context asks for ("the Donetsk region"
  is a region, plain "Donetsk" the city);
* ``same_name``: the name's other sense resolved to the same place.

Names are resolved in rounds: the first round uses the priors, later rounds use the places chosen
in the round before, so unambiguous and large places anchor the small ones, until the choices
no longer change. One name keeps one sense in a document: its occurrences are resolved together,
with the phrases around all of them ("Donetsk" and "the Donetsk region" are two senses).
"""

from __future__ import annotations

import functools
import math
import tomllib
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from itertools import accumulate

import numpy as np

from geo.gazetteer import haversine_km, population_prior
from geo.model import Candidate, Place
from geo.spatial import Relation, bearing_deg, nearest_points, unit_vectors

__all__ = ["TERMS", "WEIGHTS", "Choice", "Group", "Weights", "contains", "resolve_groups", "ruled_out"]


#: The terms of a score, in the order they are added and explained; ``geo/data/weights.toml``
#: says what each one is and holds its hand-set weight.
TERMS = (
    "prior", "is_country", "is_continent", "is_water", "own_name", "capital", "country_focus", "region_focus",
    "near", "contained", "stated_position", "region_asked", "city_of_its_name", "same_name",
)


@dataclass(frozen=True, slots=True)
class Weights:
    """The weight of every term of a candidate's score, in the order of :data:`TERMS`.

    >>> WEIGHTS.replace(near=1.0)["near"], WEIGHTS["near"]
    (1.0, 0.5)
    """

    vector: tuple[float, ...]

    @classmethod
    def of(cls, weights: Mapping[str, float]) -> Weights:
        """Return the weights of a mapping of each term to its weight; raise ValueError unless all are there.

        >>> Weights.of({"prior": 2.0})
        Traceback (most recent call last):
        ...
        ValueError: weights missing for ['capital', ...], given for unknown terms []
        """
        if set(weights) != set(TERMS):
            missing, unknown = sorted(set(TERMS) - set(weights)), sorted(set(weights) - set(TERMS))
            raise ValueError(f"weights missing for {missing}, given for unknown terms {unknown}")
        return cls(tuple(float(weights[term]) for term in TERMS))

    def __getitem__(self, term: str) -> float:
        return self.vector[TERMS.index(term)]

    def replace(self, **weights: float) -> Weights:
        """Return these weights with some changed."""
        return Weights.of({**self.as_dict(), **weights})

    def as_dict(self) -> dict[str, float]:
        """Return the weights by term, in the order of :data:`TERMS`."""
        return dict(zip(TERMS, self.vector, strict=True))


#: The hand-set weights (``geo/data/weights.toml``), used unless :func:`resolve_groups` is given others.
WEIGHTS = Weights.of(tomllib.loads(resources.files("geo.data").joinpath("weights.toml").read_text("utf-8")))
# The terms' columns in a table of term values (a row per candidate).
_PRIOR, _OWN_NAME, _CAPITAL = TERMS.index("prior"), TERMS.index("own_name"), TERMS.index("capital")
_KIND_TERMS = {kind: TERMS.index(f"is_{kind}") for kind in ("country", "continent", "water")}
_COUNTRY_FOCUS, _REGION_FOCUS = TERMS.index("country_focus"), TERMS.index("region_focus")
_NEAR, _CONTAINED = TERMS.index("near"), TERMS.index("contained")
_STATED_POSITION = TERMS.index("stated_position")
_REGION_ASKED, _CITY_OF_ITS_NAME = TERMS.index("region_asked"), TERMS.index("city_of_its_name")
_SAME_NAME = TERMS.index("same_name")
#: The terms that depend on the other names' choices (:func:`_score_round`); the others depend on
#: the candidate alone (:func:`_fixed_terms`), and those before the first of these are added once.
_CONTEXT_TERMS = (_COUNTRY_FOCUS, _REGION_FOCUS, _NEAR, _CONTAINED, _STATED_POSITION, _SAME_NAME)
_FIRST_CONTEXT = min(_CONTEXT_TERMS)

# Thresholds of the terms (not weights: they say where a term applies and how it decays).
_VARIANT_POWER = 4  # a variant spelling's prior is damped by its similarity to this power
_NEAR_KM = 100.0  # the proximity term decays as exp(-km / _NEAR_KM) ...
_NEAR_REACH_KM = 4 * _NEAR_KM  # ... and is 0 beyond this
_LOCAL_KINDS = ("settlement", "region")  # the kinds that anchor, and get proximity and region focus
_CITY = 50_000  # a settlement this populous is a city: its name is meant over a namesake region's
_BIG_CITY = 100_000  # a city this populous, and ...
_BIG_CITY_SHARE = 0.05  # ... this large a share of a namesake region's population, is meant over it
_DISTANCE_SLACK = 0.5  # a stated distance fits as exp(-|off| / (slack × distance + slack km))
_DISTANCE_SLACK_KM = 5.0
_DIRECTION_KM = (1.0, 400.0)  # a stated direction is checked between these distances
_DIRECTION_OFF_DEG = 67.5  # a direction off by more does not fit; off by this much, half
_DIRECTION_DECAY_KM = 200.0  # a direction's fit decays with distance as exp(-km / this)
_NEAR_PHRASE_KM = 60.0  # "near Donetsk": within this, a fit decaying as exp(-km / _NEAR_PHRASE_DECAY_KM)
_NEAR_PHRASE_DECAY_KM = 30.0

_ROUNDS = 3
_MAX_SWINGING = 8  # names re-chosen one at a time when the rounds do not settle
_EXPLAINED = 10  # candidates per mention that carry their reasons (Mention keeps ten)
_MAX_ANCHORS = 40
CONTAINERS = 10  # readings of the containing name considered


@dataclass(frozen=True, slots=True)
class Group:
    """All occurrences of one name in one sense: the candidates and what the text says."""

    key: str
    candidates: tuple[Candidate, ...]
    members: tuple[int, ...]  # span indices
    prefer_region: bool
    relations: tuple[Relation, ...]  # relations of the members; ``other`` is a span index


@dataclass(frozen=True, slots=True)
class Choice:
    """The chosen place of a group, its re-scored candidates and the confidence."""

    place: Place | None
    candidates: tuple[Candidate, ...]
    confidence: float
    reasons: tuple[str, ...]


def resolve_groups(
    groups: Sequence[Group],
    *,
    countries: Mapping[str, float],
    keep: Callable[[list[Place | None]], list[bool]] | None = None,
    weights: Weights | None = None,
) -> list[Choice | None]:
    """Resolve every group (see the module docstring); ``countries`` maps ISO codes to focus weight.

    ``keep``, given the place chosen for every group, says which groups the caller will report;
    only those get a :class:`Choice` (explanations are the costly part), the others None.
    ``weights`` replaces the hand-set :data:`WEIGHTS`.
    """
    doc = _Document.of(groups, WEIGHTS if weights is None else weights)
    chosen = [start if start < end else -1 for start, end in doc.bounds]
    previous = chosen
    for _ in range(_ROUNDS):
        scored = _score_round(doc, chosen, countries)
        converged = all(map(doc.same, scored.best, chosen))
        previous, chosen = chosen, scored.best
        if converged:
            break
    else:
        swinging = [g for g, pair in enumerate(zip(previous, chosen, strict=True)) if not doc.same(*pair)]
        if len(swinging) <= _MAX_SWINGING:
            settle = functools.partial(_settle, doc, swinging, countries)
            scored = max((settle(previous), settle(chosen)), key=_coherence)
            chosen = scored.best
    wanted = keep([doc.place(row) for row in chosen]) if keep else [True] * len(groups)
    # Explanations are written for the candidates a mention keeps, once, in the last round's context.
    values = scored.values.tolist()
    return [_choice(_ranked(doc, scored, values, g)) if want else None for g, want in enumerate(wanted)]


@dataclass(frozen=True, slots=True)
class _Document:
    """Every candidate of a document as a row, group after group, and what no round changes."""

    groups: Sequence[Group]
    weights: tuple[float, ...]  # in the order of TERMS
    candidates: list[Candidate]  # per row
    bounds: list[tuple[int, int]]  # per group, its rows: range(start, end)
    group_of_row: np.ndarray
    group_of_span: dict[int, int]
    fixed: np.ndarray  # rows x terms: the values of the terms of a candidate alone, 0 in the others
    head: np.ndarray  # per row, the weighted sum of the terms before the first context term
    xyz: np.ndarray  # unit vectors, for fast nearest-distance queries
    row_keys: np.ndarray  # per row, the id of its group's name
    local: list[bool]  # per row: a settlement or a region
    countries: list[str | None]  # per row
    admin1s: list[str | None]  # per row
    related: list[int]  # the groups with spatial phrases
    namesakes: dict[int, list[int]]  # a group -> the other groups of its name (its other senses)

    @classmethod
    def of(cls, groups: Sequence[Group], weights: Weights) -> _Document:
        candidates = [c for group in groups for c in group.candidates]
        places = [c.place for c in candidates]
        sizes = [len(group.candidates) for group in groups]
        starts = [0, *accumulate(sizes)]
        key_ids: dict[str, int] = {}
        for group in groups:
            key_ids.setdefault(group.key, len(key_ids))
        fixed = _fixed_terms(groups, len(candidates))
        vector = weights.vector
        senses: dict[str, list[int]] = {}
        for g, group in enumerate(groups):
            senses.setdefault(group.key, []).append(g)
        return cls(
            groups=groups,
            weights=vector,
            candidates=candidates,
            bounds=list(zip(starts[:-1], starts[1:], strict=True)),
            group_of_row=np.repeat(np.arange(len(groups)), sizes),
            group_of_span={m: g for g, group in enumerate(groups) for m in group.members},
            fixed=fixed,
            head=_weighted_sum(fixed, vector, range(_FIRST_CONTEXT), np.zeros(len(candidates))),
            xyz=unit_vectors(places),
            row_keys=np.repeat([key_ids[group.key] for group in groups], sizes).astype(np.int64),
            local=[p.kind in _LOCAL_KINDS for p in places],
            countries=[p.country for p in places],
            admin1s=[p.admin1_code for p in places],
            related=[g for g, group in enumerate(groups) if group.relations],
            namesakes={
                g: [h for h in senses[group.key] if h != g]
                for g, group in enumerate(groups)
                if len(senses[group.key]) > 1 and not _has_city(group, _CITY)
            },
        )

    def place(self, row: int) -> Place | None:
        """Return the place of a row, None for -1 (a group without candidates)."""
        return self.candidates[row].place if row >= 0 else None

    def same(self, a: int, b: int) -> bool:
        """Tell whether two rows (or -1, none) are the same place."""
        return self.place(a) is self.place(b)


def _fixed_terms(groups: Sequence[Group], rows: int) -> np.ndarray:
    """Return the values of the terms of each candidate alone, a row per candidate (0 in the others)."""
    priors: list[float] = []
    ones: list[tuple[int, int]] = []  # (row, term) of the terms that hold, at 1
    row = 0
    for group in groups:
        for cand in group.candidates:
            place = cand.place
            prior = population_prior(place)
            if cand.score < prior:  # a transliteration variant: its spelling distance weighs heavily
                prior *= (cand.score / prior) ** _VARIANT_POWER
            priors.append(prior)
            if place.kind in _KIND_TERMS:
                ones.append((row, _KIND_TERMS[place.kind]))
            if cand.matched_name == place.name:
                ones.append((row, _OWN_NAME))
                if place.capital:  # by its own name: "Mexico" is the country, not Mexico City
                    ones.append((row, _CAPITAL))
            if place.kind == "region":
                if group.prefer_region:
                    ones.append((row, _REGION_ASKED))
                elif _city_inside(group, place):
                    ones.append((row, _CITY_OF_ITS_NAME))
            row += 1
    fixed = np.zeros((rows, len(TERMS)))
    fixed[:, _PRIOR] = priors
    if ones:
        at_rows, at_terms = zip(*ones, strict=True)
        fixed[list(at_rows), list(at_terms)] = 1.0
    return fixed


def _weighted_sum(
    values: np.ndarray, weights: Sequence[float], terms: Iterable[int], start: np.ndarray
) -> np.ndarray:
    """Return ``start`` plus weight times value of the terms, per row, added one term after the other.

    The order is that of :data:`TERMS`, whatever the terms: a candidate's score does not depend on
    how many others there are or on which path adds it up (``np.cumsum`` adds strictly in order).
    """
    used = [t for t in terms if weights[t]]
    if not used or not len(start):
        return start.copy()
    parts = np.empty((len(start), len(used) + 1))
    parts[:, 0] = start
    parts[:, 1:] = values[:, used] * np.array([weights[t] for t in used])
    return np.cumsum(parts, axis=1)[:, -1]


_Notes = dict[int, list[tuple[int, float, str]]]  # row -> per phrase that fits: (term, value, what fits)


@dataclass(frozen=True, slots=True)
class _Round:
    """The score of every row given the rows chosen before, and the term values behind it."""

    chosen: list[int]  # per group, the row chosen in the round before, -1 for none
    values: np.ndarray  # rows x terms
    scores: list[float]
    order: np.ndarray  # the rows, group after group, best first (ties in candidate order)
    best: list[int]  # per group, its best row, -1 for none
    anchors: list[Place]
    near: tuple[list[float], list[int]]  # per row, the km to its nearest anchor and the anchor's index
    notes: _Notes


def _score_round(doc: _Document, chosen: Sequence[int], countries: Mapping[str, float]) -> _Round:
    """Score every row given the rows chosen in the round before (see :class:`Weights`).

    The focus counts every name's current choice once; a name's own choice is left out when its
    candidates are scored (:func:`_shares`), so that a lone village does not confirm itself.
    """
    places = [doc.place(row) for row in chosen]
    values = doc.fixed.copy()
    counts = _country_counts(countries, places)
    owns = [p.country if p else None for p in places]
    values[:, _COUNTRY_FOCUS] = _shares(counts, doc.countries, owns, doc.bounds)
    owns = [_admin1_of(p) if p else None for p in places]
    admin1 = Counter(a for a in owns if a)
    values[:, _REGION_FOCUS] = _shares(admin1, doc.admin1s, owns, doc.bounds)
    anchored = _anchors(doc.groups, places)
    near: tuple[list[float], list[int]] = ([], [])
    if anchored and doc.candidates:
        anchor_rows = [chosen[g] for g in anchored]
        near = nearest_points(doc.xyz, doc.row_keys, doc.xyz[anchor_rows], doc.row_keys[anchor_rows])
        values[:, _NEAR] = [  # only a settlement or region within reach
            math.exp(-km / _NEAR_KM) if km < _NEAR_REACH_KM and anchor >= 0 and local else 0.0
            for km, anchor, local in zip(*near, doc.local, strict=True)
        ]
    notes = _phrase_terms(doc, chosen, values)
    for g, others in doc.namesakes.items():
        elsewhere = {_pid(places[h]) for h in others if places[h] is not None}
        start, end = doc.bounds[g]
        for row in range(start, end):
            if _pid(doc.candidates[row].place) in elsewhere:
                values[row, _SAME_NAME] = 1.0
    total = _weighted_sum(values, doc.weights, range(_FIRST_CONTEXT, len(TERMS)), doc.head)
    order = np.lexsort((-total, doc.group_of_row))
    rows = order.tolist()
    return _Round(
        chosen=list(chosen),
        values=values,
        scores=total.tolist(),
        order=order,
        best=[rows[start] if start < end else -1 for start, end in doc.bounds],
        anchors=[places[g] for g in anchored],
        near=near,
        notes=notes,
    )


def _phrase_terms(doc: _Document, chosen: Sequence[int], values: np.ndarray) -> _Notes:
    """Add the terms of the spatial phrases to ``values``; return, per row, what each phrase gave."""
    notes: _Notes = {}
    for g in doc.related:
        group = doc.groups[g]
        # per phrase: the other name's group (None for a name not kept, or this very name)
        others = [h if (h := doc.group_of_span.get(rel.other, g)) != g else None for rel in group.relations]
        start, end = doc.bounds[g]
        for row in range(start, end):
            place = doc.candidates[row].place
            for rel, h in zip(group.relations, others, strict=True):
                if h is None or chosen[h] < 0:
                    continue
                term, value, why = _phrase_term(place, doc.candidates[chosen[h]].place, rel, doc.groups[h])
                if value:
                    values[row, term] += value
                    notes.setdefault(row, []).append((term, value, why))
    return notes


def _phrase_term(place: Place, other: Place, rel: Relation, other_group: Group) -> tuple[int, float, str]:
    """Return the term one spatial phrase gives a candidate, its value and what fits."""
    if rel.within:
        # "Paris, Texas": any reading of the other name that contains this place will do.
        outer = next((c.place for c in other_group.candidates[:CONTAINERS] if _inside(place, c.place)), None)
        return (_CONTAINED, 1.0, f"in {outer.name}, as the text says") if outer else (_CONTAINED, 0.0, "")
    if rel.contains:
        if _inside(other, place):
            return _CONTAINED, 1.0, f"contains {other.name}, named with it"
        return _CONTAINED, 0.0, ""
    distance = haversine_km(other.lat, other.lon, place.lat, place.lon)
    fit, parts = 0.0, []
    if rel.distance_km is not None:
        slack = _DISTANCE_SLACK * rel.distance_km + _DISTANCE_SLACK_KM
        fit += math.exp(-abs(distance - rel.distance_km) / slack)
        parts.append(f"{distance:.0f} km from {other.name} (text: {rel.distance_km:.0f} km)")
    if rel.direction is not None and _DIRECTION_KM[0] < distance < _DIRECTION_KM[1]:
        off = abs((bearing_deg(other.lat, other.lon, place.lat, place.lon) - rel.direction + 180) % 360 - 180)
        if off <= _DIRECTION_OFF_DEG:
            fit += (1.0 - off / (2 * _DIRECTION_OFF_DEG)) * math.exp(-distance / _DIRECTION_DECAY_KM)
            parts.append(f"lies in the stated direction from {other.name}")
    if rel.near and distance < _NEAR_PHRASE_KM:
        fit += math.exp(-distance / _NEAR_PHRASE_DECAY_KM)
        parts.append(f"{distance:.0f} km from {other.name}, which the text says it is near")
    return _STATED_POSITION, fit, "; ".join(parts)


def _pid(place: Place) -> int:
    return place.geonameid or id(place)


def _settle(
    doc: _Document, swinging: Sequence[int], countries: Mapping[str, float], chosen: Sequence[int]
) -> _Round:
    """Re-choose the names that swing between rounds one at a time, each seeing the others' latest choice.

    Until none changes: "Manchester" and "Colchester" chosen together in England or together in
    New England, never one in each. Returns the round scored on those choices.
    """
    chosen = list(chosen)
    for _ in range(_ROUNDS):
        moved = False
        for g in swinging:
            best = _score_round(doc, chosen, countries).best[g]
            if best >= 0 and not doc.same(best, chosen[g]):
                chosen[g], moved = best, True
        if not moved:
            break
    return _score_round(doc, chosen, countries)


def _coherence(scored: _Round) -> float:
    """How well a set of choices fits together: the sum of each choice's score given the others."""
    return sum(scored.scores[row] for row in scored.chosen if row >= 0)


def _shares(
    counts: Mapping[str, float],
    keys: Sequence[str | None],
    owns: Sequence[str | None],
    bounds: Sequence[tuple[int, int]],
) -> list[float]:
    """Return the document's focus on each row's country or region, relative to the largest, in [0, 1].

    ``counts`` is the focus on each country (or region), ``keys`` the rows' and ``owns`` the
    current choice of each group (whose rows are ``bounds``). The scored name's own choice is
    left out of the count and of the largest: its choice must not lower the bar it is measured
    against (else "San Marcos" swings between rounds). A country or region out of focus has 0.
    """
    first, second = _two_largest(counts.values())
    shares: list[float] = []
    for (start, end), own in zip(bounds, owns, strict=True):
        own_count = counts.get(own, 0) if own else 0
        bar = max(first - 1, second) if own_count and own_count == first else first
        if bar <= 0:
            shares += [0.0] * (end - start)
            continue
        share_of: dict[str | None, float] = {}  # a group's candidates share a few countries
        for key in keys[start:end]:
            share = share_of.get(key)
            if share is None:
                count = counts.get(key) if key else None
                share = share_of[key] = 0.0 if count is None else min(1.0, max(0, count - (key == own)) / bar)
            shares.append(share)
    return shares


def _two_largest(values: Iterable[float]) -> tuple[float, float]:
    top = sorted(values, reverse=True)[:2]
    return (top[0] if top else 0.0, top[1] if len(top) > 1 else 0.0)


def _anchors(groups: Sequence[Group], places: Sequence[Place | None]) -> list[int]:
    """Return the groups of the strongest settled places (most mentioned, then most populous)."""
    ranked = sorted(
        (g for g, p in enumerate(places) if p is not None and p.kind in _LOCAL_KINDS),
        key=lambda g: (-len(groups[g].members), -places[g].population),
    )
    return ranked[:_MAX_ANCHORS]


def _country_counts(countries: Mapping[str, float], places: Sequence[Place | None]) -> dict[str, float]:
    counts: Counter[str] = Counter()
    for cc, weight in countries.items():
        counts[cc] += weight
    for p in places:
        if p and p.country:
            counts[p.country] += 1.0
    return dict(counts)


def _admin1_of(place: Place) -> str | None:
    """Return the first-level region a chosen place puts in the document's focus (settlements and regions)."""
    return place.admin1_code if place.kind in _LOCAL_KINDS else None


def _ranked(doc: _Document, scored: _Round, values: list[list[float]], g: int) -> list[Candidate]:
    """Return a group's candidates, re-scored, best first; the first ones with their reasons.

    ``values`` are the round's term values, a list per row.
    """
    start, end = doc.bounds[g]
    rows = scored.order[start:end].tolist()
    return [
        Candidate(
            place=(cand := doc.candidates[row]).place,
            score=scored.scores[row],
            matched_name=cand.matched_name,
            reasons=_reasons(doc, scored, row, values[row]) if i < _EXPLAINED else (),
        )
        for i, row in enumerate(rows)
    ]


def _reasons(doc: _Document, scored: _Round, row: int, values: list[float]) -> tuple[str, ...]:
    """Return why a row has its score: a reason per term it has, written from the term's value."""
    cand = doc.candidates[row]
    reasons: list[str] = []
    for t, value in enumerate(values):
        if value or t == _PRIOR:  # the prior is shown even when 0 (a population unknown)
            detail = _detail(scored, row, t) if t in _DETAILED else None
            reasons += _WRITERS[t](cand, value, doc.weights[t], detail)
    return tuple(reasons)


_DETAILED = frozenset({_NEAR, _CONTAINED, _STATED_POSITION})


def _detail(scored: _Round, row: int, term: int) -> object:
    """Return what a term's value was computed from, for its reason: the anchor, the phrases."""
    if term == _NEAR:
        return scored.near[0][row], scored.anchors[scored.near[1][row]]
    if term in (_CONTAINED, _STATED_POSITION):
        return [(value, why) for t, value, why in scored.notes.get(row, ()) if t == term]
    return None


def _silent(_cand: Candidate, _value: float, _weight: float, _detail: object) -> tuple[str, ...]:
    return ()


#: How each term explains itself, given the candidate, the term's value, its weight and detail.
_REASONS: dict[str, Callable[[Candidate, float, float, object], Iterable[str]]] = {
    "prior": lambda c, v, w, d: (
        f"population prior {v:.2f} ({c.place.kind}, population {c.place.population:,})", *c.reasons
    ),
    "is_country": _silent,  # the kind is shown with the prior
    "is_continent": _silent,
    "is_water": _silent,
    "own_name": lambda c, v, w, d: (f"written as its own name, not a former or foreign one (+{w * v:.2f})",),
    "capital": lambda c, v, w, d: (f"the capital of {c.place.country} (+{w * v:.2f})",),
    "country_focus": lambda c, v, w, d: (
        f"in the document's country focus {c.place.country} (+{w * v:.2f})",
    ),
    "region_focus": lambda c, v, w, d: (
        f"in {c.place.admin1 or c.place.admin1_code}, a region the document is about (+{w * v:.2f})",
    ),
    "near": lambda c, v, w, d: (f"{d[0]:.0f} km from {d[1].name}, also in the text (+{w * v:.2f})",),
    "contained": lambda c, v, w, d: tuple(why for _, why in d),
    "stated_position": lambda c, v, w, d: tuple(f"{why} (+{w * value:.2f})" for value, why in d),
    "region_asked": lambda c, v, w, d: ("the text calls it a region",),
    "city_of_its_name": lambda c, v, w, d: ("a city of the same name is meant unless the text says region",),
    "same_name": lambda c, v, w, d: ("the same name is resolved to it elsewhere in the text",),
}

_WRITERS = tuple(_REASONS[term] for term in TERMS)  # in the order of the terms' columns


def contains(outer: Place | None, inner: Place) -> bool:
    """Tell whether ``outer``, a country or a first-level region, contains ``inner``.

    A country contains the places of its ISO code, a region those of its GeoNames admin1 code
    ("UA.05"), each itself included; anything else (a town, None) contains nothing.

    >>> oblast = Place("Donetsk Oblast", 48.0, 37.6, "region", country="UA", admin1_code="UA.05")
    >>> town = Place("Donetsk", 48.0, 37.8, country="UA", admin1_code="UA.05")
    >>> contains(oblast, town), contains(oblast, oblast), contains(town, oblast), contains(None, town)
    (True, True, False, False)
    """
    if outer is None:
        return False
    if outer.kind == "country":
        return inner.country == outer.country
    return outer.kind == "region" and outer.admin1_code is not None and inner.admin1_code == outer.admin1_code


def _inside(inner: Place, outer: Place) -> bool:
    """Tell whether ``inner`` lies in ``outer`` (see :func:`contains`) and is not ``outer`` itself."""
    return inner is not outer and contains(outer, inner)


def _city_inside(group: Group, region: Place) -> bool:
    """Tell whether a city of the region's name lies in it or is a big city in its own right.

    Donetsk in Donetsk Oblast, Washington, D.C. for "Washington"; not a namesake town elsewhere.
    """
    for c in group.candidates:
        city = c.place
        if city.kind != "settlement" or city.population < _CITY:
            continue
        if city.admin1_code == region.admin1_code:
            return True
        if city.population >= _BIG_CITY and city.population >= _BIG_CITY_SHARE * region.population:
            return True
    return False


def _has_city(group: Group, population: int) -> bool:
    return any(c.place.kind == "settlement" and c.place.population >= population for c in group.candidates)


# A town this small that the text relates to a named place lies near it: a namesake beyond these
# reaches is not the town meant (of a city, "west of Kyiv" may span hundreds of kilometres).
_SMALL_TOWN = 50_000
_NEAR_LIMIT_KM = 100.0
_DIRECTION_LIMIT_KM = 150.0
_STATED_FACTOR, _STATED_SLACK_KM = 2.0, 50.0  # a town said to lie 10 km away lies within 2 × 10 + 50 km
_BEARING_FROM_KM = 30.0  # beyond this, a stated direction off by more than a right angle rules a town out
_BEARING_OFF_DEG = 100.0
_COMPASS_POINTS = ("north", "north-east", "east", "south-east", "south", "south-west", "west", "north-west")


def ruled_out(groups: Sequence[Group], choices: Sequence[Choice | None]) -> dict[int, str]:
    """Return the groups whose chosen town the text's own spatial phrases rule out, each with why.

    "Pavlivka, south-west of Vuhledar", when the best Pavlivka lies 650 km from Vuhledar, or
    "Novoselivka in the Kharkiv region", when none lies in that region: the offline gazetteer
    lacks the village meant (it lists settlements of 500 inhabitants or more), and its namesake
    must not be drawn in its stead. Resolution already prefers a namesake that fits the phrase,
    so a chosen one that does not fit means none does.
    """
    group_of = {m: g for g, group in enumerate(groups) for m in group.members}
    found: dict[int, str] = {}
    for g, (group, choice) in enumerate(zip(groups, choices, strict=True)):
        place = choice.place if choice else None
        if place is None or place.kind != "settlement" or place.population >= _SMALL_TOWN:
            continue
        for rel in group.relations:
            other = choices[group_of[rel.other]] if rel.other in group_of else None
            if other is not None and other.place is not None and other.place is not place:
                if why := _contradiction(place, other.place, rel, groups[group_of[rel.other]]):
                    found[g] = why
                    break
    return found


def _contradiction(place: Place, other: Place, rel: Relation, other_group: Group) -> str:
    """Why ``place`` cannot be where ``rel`` puts it relative to ``other``, or ""."""
    if rel.within:
        if other.kind not in ("region", "country"):
            return ""  # "Springfield, Springfield": a town's name after a comma may be a list
        if any(_inside(place, c.place) for c in other_group.candidates[:CONTAINERS]):
            return ""
        return f"the text puts it in {other.name}, and the gazetteer's {place.name} is not there"
    if rel.contains:
        return ""
    distance = haversine_km(other.lat, other.lon, place.lat, place.lon)
    point = _compass_point(rel.direction) if rel.direction is not None else ""
    if rel.distance_km is not None:
        where = f"{point} of" if point else "from"
        limit = _STATED_FACTOR * rel.distance_km + _STATED_SLACK_KM
        phrase = f"{rel.distance_km:.0f} km {where} {other.name}"
    elif rel.direction is not None:
        limit, phrase = _DIRECTION_LIMIT_KM, f"{point} of {other.name}"
    elif rel.near:
        limit, phrase = _NEAR_LIMIT_KM, f"near {other.name}"
    else:
        return ""
    if distance > limit:
        return f"the text puts it {phrase}, and the gazetteer's {place.name} lies {distance:.0f} km from it"
    if rel.direction is not None and distance > _BEARING_FROM_KM:
        bearing = bearing_deg(other.lat, other.lon, place.lat, place.lon)
        if abs((bearing - rel.direction + 180) % 360 - 180) > _BEARING_OFF_DEG:
            actual = _compass_point(bearing)
            return f"the text puts it {phrase}, and the gazetteer's {place.name} lies {actual} of it"
    return ""


def _compass_point(bearing: float) -> str:
    return _COMPASS_POINTS[round(bearing / 45.0) % 8]


def _choice(cands: Sequence[Candidate]) -> Choice:
    if not cands:
        return Choice(None, (), 0.0, ("no gazetteer entry",))
    best = cands[0]
    second = cands[1].score if len(cands) > 1 else 0.0
    margin = (best.score - second) / best.score if best.score > 0 else 0.0
    confidence = round(min(1.0, 0.5 + 0.5 * margin) * min(1.0, 0.4 + best.score / 2), 3)
    why = best.reasons
    if len(cands) > 1:
        why = (*why, f"beat {cands[1].place!r} ({cands[1].score:.2f} against {best.score:.2f})")
    return Choice(best.place, tuple(cands), confidence, why)
