"""Resolution: choose, for each place name of a document, the gazetteer entry that fits.

A candidate's score adds up, each part with a reason the dashboard can show:

* the population prior (:func:`geo.gazetteer.population_prior`: countries, big regions, cities),
  and a bonus for a national capital;
* the document's country focus (countries named, demonyms, the caller's ``country_focus``) and
  its region focus (first-level regions of the places already resolved);
* proximity to the document's other places (the nearest of the strongest ones);
* spatial phrases ("south of Donetsk", "a 10-mile stretch ... out of Debaltseve") checked
  against the other place's position, and containment ("Paris, Texas", "Russia's Chechnya
  region"), which outweighs a population gap;
* the kind the context asks for ("the Donetsk region" is a region, plain "Donetsk" the city).

Names are resolved in rounds: the first round uses the priors, later rounds use the places chosen
in the round before, so unambiguous and large places anchor the small ones, until the choices
no longer change. One name keeps one sense in a document: its occurrences are resolved together,
with the phrases around all of them ("Donetsk" and "the Donetsk region" are two senses).
"""

from __future__ import annotations

import functools
import math
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from geo.gazetteer import haversine_km, population_prior
from geo.model import Candidate, Place
from geo.spatial import Relation, bearing_deg, nearest_points, unit_vectors

__all__ = ["Group", "Choice", "resolve_groups", "ruled_out"]

_ROUNDS = 3
_MAX_SWINGING = 8  # names re-chosen one at a time when the rounds do not settle
_EXPLAINED = 10  # candidates per mention that carry their reasons (Mention keeps ten)
_W_PRIOR = 2.0
_VARIANT_POWER = 4
_W_OWN_NAME = 0.4
_W_CAPITAL = 0.3  # a national capital is the town news means by its name ("In Washington, ...")
# Countries and continents get no proximity or region bonus; this makes up for it.
_KIND_BONUS = {"country": 0.5, "continent": 0.6, "water": 0.4}
_MAX_ANCHORS = 40
_W_COUNTRY = 0.35
_W_ADMIN1 = 0.2
_W_NEAR = 0.5
_NEAR_KM = 100.0
_NEAR_REACH_KM = 4 * _NEAR_KM  # no proximity bonus beyond
_W_RELATION = 0.6
_W_CONTAINED = 1.5  # "Town, Region" is an explicit statement: it outweighs a population gap
CONTAINERS = 10  # readings of the containing name considered
_W_REGION_ASKED = 0.8
_W_SAME_NAME = 0.4
_CITY_OVER_REGION = 0.6


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
) -> list[Choice | None]:
    """Resolve every group (see the module docstring); ``countries`` maps ISO codes to focus weight.

    ``keep``, given the place chosen for every group, says which groups the caller will report;
    only those get a :class:`Choice` (explanations are the costly part), the others None.
    """
    group_of_span = {m: g for g, group in enumerate(groups) for m in group.members}
    chosen: list[Candidate | None] = [group.candidates[0] if group.candidates else None for group in groups]
    vectors = _Stacked.of(groups)
    fixed = [_fixed_parts(group) for group in groups]
    previous = chosen
    for _ in range(_ROUNDS):
        ranked = _round(groups, chosen, countries, group_of_span, vectors, fixed)
        new_chosen = [cands[0][1] if cands else None for cands in ranked]
        converged = _same(new_chosen, chosen)
        previous, chosen = chosen, new_chosen
        if converged:
            break
    else:
        swinging = [g for g, (a, b) in enumerate(zip(previous, chosen, strict=True)) if not _same([a], [b])]
        if len(swinging) <= _MAX_SWINGING:
            settle = functools.partial(_settle, groups, swinging, countries, group_of_span, vectors, fixed)
            ranked = max((settle(previous), settle(chosen)), key=_coherence)[1]
            chosen = [cands[0][1] if cands else None for cands in ranked]
    wanted = keep([c.place if c else None for c in chosen]) if keep else [True] * len(groups)
    # Explanations are written for the candidates a mention keeps, once, in the last round's context.
    return [
        _choice([_explained(*item[1:]) for item in cands[:_EXPLAINED]]
                + [_unexplained(score, c) for score, c, *_ in cands[_EXPLAINED:]])
        if want else None
        for cands, want in zip(ranked, wanted, strict=True)
    ]


_Scored = tuple  # (score, original candidate, group, context, inputs)


def _settle(
    groups: Sequence[Group],
    swinging: Sequence[int],
    countries: Mapping[str, float],
    group_of_span: Mapping[int, int],
    vectors: _Stacked,
    fixed: Sequence[list[tuple[float, float]]],
    chosen: Sequence[Candidate | None],
) -> tuple[list[Candidate | None], list[list[_Scored]]]:
    """Re-choose the names that swing between rounds one at a time, each seeing the others'
    latest choice, until none changes: "Manchester" and "Colchester" chosen together in England
    or together in New England, never one in each. Returns the choices and their ranking.
    """
    chosen = list(chosen)
    for _ in range(_ROUNDS):
        moved = False
        for g in swinging:
            best = _round(groups, chosen, countries, group_of_span, vectors, fixed)[g]
            if best and not _same([best[0][1]], [chosen[g]]):
                chosen[g], moved = best[0][1], True
        if not moved:
            break
    return chosen, _round(groups, chosen, countries, group_of_span, vectors, fixed)


def _coherence(state: tuple[list[Candidate | None], list[list[_Scored]]]) -> float:
    """How well a set of choices fits together: the sum of each choice's score given the others."""
    chosen, ranked = state
    return sum(
        next((score for score, c, *_ in cands if c is choice), 0.0)
        for choice, cands in zip(chosen, ranked, strict=True) if choice is not None
    )


def _round(
    groups: Sequence[Group],
    chosen: Sequence[Candidate | None],
    countries: Mapping[str, float],
    group_of_span: Mapping[int, int],
    vectors: _Stacked,
    fixed: Sequence[list[tuple[float, float]]],
) -> list[list[_Scored]]:
    """Score every group's candidates given the places chosen in the round before, best first."""
    context = _Context.of(groups, chosen, countries, vectors)
    ranked = []
    nearest = context.nearest(groups, vectors)
    chosen_by_key: dict[str, list[tuple[int, int]]] = {}  # name -> (group, its choice's id)
    for h, c in enumerate(chosen):
        if c:
            chosen_by_key.setdefault(groups[h].key, []).append((h, c.place.geonameid or id(c.place)))
    for g, group in enumerate(groups):
        positions = {  # span index -> (its name's current choice, its name's group)
            rel.other: (chosen[group_of_span[rel.other]], groups[group_of_span[rel.other]])
            for rel in group.relations
            if rel.other in group_of_span and group_of_span[rel.other] != g
        }
        same_name = {pid for h, pid in chosen_by_key.get(group.key, ()) if h != g}
        own = chosen[g].place if chosen[g] else None
        inputs_of = [(near, positions, same_name, own) for near in nearest[g]]
        cands = [
            (_fast_score(c, head, tail, group, context, *inputs), c, group, context, inputs)
            for c, (head, tail), inputs in zip(group.candidates, fixed[g], inputs_of, strict=True)
        ]
        cands.sort(key=lambda item: -item[0])
        ranked.append(cands)
    return ranked


def _unexplained(score: float, cand: Candidate) -> Candidate:
    return Candidate(place=cand.place, score=score, matched_name=cand.matched_name, reasons=())


def _explained(cand: Candidate, group: Group, context: _Context, inputs: tuple) -> Candidate:
    near, positions, same_name, own = inputs
    return _score(cand, group, context, near, positions, same_name, own, True)


def _same(a: Sequence[Candidate | None], b: Sequence[Candidate | None]) -> bool:
    return all((x.place if x else None) is (y.place if y else None) for x, y in zip(a, b, strict=True))


@dataclass(frozen=True, slots=True)
class _Context:
    """What one round knows about the document: focus countries and regions, anchor places.

    The focus counts every name's current choice once; a name's own choice is left out when
    its candidates are scored (:meth:`shares`), so that a lone village does not confirm itself.
    """

    countries: dict[str, float]  # focus weight per country: the caller's, demonyms', the choices'
    top_country: tuple[float, float]  # the two largest weights
    admin1: Counter  # first-level regions of the chosen settlements, and the chosen regions
    top_admin1: tuple[float, float]
    anchors: list[tuple[int, Place]]
    anchor_keys: tuple[str, ...]
    anchor_xyz: np.ndarray  # unit vectors of the anchors, for fast nearest-distance queries
    country_shares: dict[tuple[str | None, str | None], float]  # (country, own country) -> share, as asked
    admin1_shares: dict[tuple[str | None, str | None], float]

    @classmethod
    def of(
        cls, groups: Sequence[Group], chosen: Sequence[Candidate | None], countries: Mapping[str, float],
        xyz: _Stacked | None = None,
    ) -> _Context:
        anchors = _anchors(groups, chosen)
        admin1 = Counter(_admin1_of(c.place) for c in chosen if c and _admin1_of(c.place))
        counts = _country_counts(countries, chosen)
        return cls(
            countries=counts,
            top_country=_two_largest(counts.values()),
            admin1=admin1,
            top_admin1=_two_largest(admin1.values()),
            anchors=anchors,
            anchor_keys=tuple(groups[h].key for h, _ in anchors),
            anchor_xyz=(xyz or _Stacked.of(groups)).vectors_of([chosen[g] for g, _ in anchors]),
            country_shares={},
            admin1_shares={},
        )

    def shares(self, place: Place, own: Place | None) -> tuple[float, float]:
        """The document's focus on the place's country and on its first-level region, in [0, 1],
        not counting ``own`` (the current choice of the name being scored).
        """
        own_country = own.country if own is not None else None
        own_admin1 = _admin1_of(own) if own is not None else None
        return (
            _remembered_share(self.country_shares, self.countries, self.top_country, place.country, own_country),
            _remembered_share(self.admin1_shares, self.admin1, self.top_admin1, place.admin1_code, own_admin1),
        )

    def nearest(self, groups: Sequence[Group], xyz: _Stacked) -> list[list[tuple[float, Place] | None]]:
        """For each group, for each candidate: the nearest anchor of another name and its distance.

        A few matrix products per round (:func:`geo.spatial.nearest_points`) cover every candidate
        of the document; an anchor of the group's own name is masked out.
        """
        result: list[list[tuple[float, Place] | None]] = [[None] * len(g.candidates) for g in groups]
        if not self.anchors or not len(xyz.vectors):
            return result
        anchor_ids = np.array([xyz.key_ids.get(key, -1) for key in self.anchor_keys])
        km, best = nearest_points(xyz.vectors, xyz.row_keys, self.anchor_xyz, anchor_ids)
        row = 0
        for out, group in zip(result, groups, strict=True):
            for i, c in enumerate(group.candidates):
                # only a settlement or region within reach gets the proximity bonus (see _score)
                if km[row] < _NEAR_REACH_KM and best[row] >= 0 and c.place.kind in ("settlement", "region"):
                    out[i] = (km[row], self.anchors[best[row]][1])
                row += 1
        return result


@dataclass(frozen=True, slots=True)
class _Stacked:
    """Unit vectors of every candidate of a document, group after group, with their names."""

    vectors: np.ndarray
    row_keys: np.ndarray  # per row, the id of its group's name
    key_ids: dict[str, int]
    row_of: dict[int, int]  # id of a candidate -> a row of its place

    @classmethod
    def of(cls, groups: Sequence[Group]) -> _Stacked:
        key_ids: dict[str, int] = {}
        rows = []
        for group in groups:
            rows += [key_ids.setdefault(group.key, len(key_ids))] * len(group.candidates)
        everyone = [c for group in groups for c in group.candidates]
        row_of = {id(c): row for row, c in enumerate(everyone)}
        return cls(unit_vectors([c.place for c in everyone]), np.array(rows, dtype=np.int64), key_ids, row_of)

    def vectors_of(self, candidates: Sequence[Candidate]) -> np.ndarray:
        """The unit vectors of candidates, taken from the rows when all are there."""
        rows = [self.row_of.get(id(c), -1) for c in candidates]
        return self.vectors[rows] if -1 not in rows else unit_vectors([c.place for c in candidates])


def _two_largest(values) -> tuple[float, float]:
    top = sorted(values, reverse=True)[:2]
    return (top[0] if top else 0.0, top[1] if len(top) > 1 else 0.0)


def _share(counts: Mapping[str, float], top: tuple[float, float], key: str | None, own_key: str | None) -> float:
    """The focus on ``key`` relative to the largest, in [0, 1], with the scored name's own choice
    (``own_key``) left out of both: its choice must not lower the bar it is measured against
    (else "San Marcos" swings between rounds)."""
    if not key or not top[0]:
        return 0.0
    count = counts.get(key, 0) - (own_key == key)
    first, second = top
    own_count = counts.get(own_key, 0) if own_key else 0
    bar = max(first - 1, second) if own_count and own_count == first else first
    return min(1.0, max(0, count) / bar) if bar > 0 else 0.0


def _remembered_share(
    memo: dict[tuple[str | None, str | None], float],
    counts: Mapping[str, float],
    top: tuple[float, float],
    key: str | None,
    own_key: str | None,
) -> float:
    """:func:`_share`, 0 for a unit out of focus; the others are remembered in ``memo``, since a
    round asks about the same few for thousands of candidates."""
    if key not in counts:
        return 0.0
    share = memo.get((key, own_key))
    if share is None:
        share = memo[key, own_key] = _share(counts, top, key, own_key)
    return share


def _anchors(groups: Sequence[Group], chosen: Sequence[Candidate | None]) -> list[tuple[int, Place]]:
    """The strongest settled places of the document (most mentioned, then most populous)."""
    ranked = sorted(
        ((g, c.place) for g, c in enumerate(chosen) if c and c.place.kind in ("settlement", "region")),
        key=lambda gp: (-len(groups[gp[0]].members), -gp[1].population),
    )
    return ranked[:_MAX_ANCHORS]


def _country_counts(countries: Mapping[str, float], chosen: Sequence[Candidate | None]) -> dict[str, float]:
    counts: Counter[str] = Counter()
    for cc, weight in countries.items():
        counts[cc] += weight
    for c in chosen:
        if c and c.place.country:
            counts[c.place.country] += 1.0
    return dict(counts)


def _admin1_of(place: Place) -> str | None:
    """The first-level region a chosen place puts in the document's focus (settlements and regions)."""
    return place.admin1_code if place.kind in ("settlement", "region") else None


def _score(
    cand: Candidate,
    group: Group,
    context: _Context,
    nearest: tuple[float, Place] | None,
    positions: Mapping[int, tuple[Candidate | None, Group]],
    same_name: set,
    own: Place | None,
    explain: bool,
) -> Candidate:
    place = cand.place
    prior = population_prior(place)
    if cand.score < prior:  # a transliteration variant: its spelling distance weighs heavily
        prior *= (cand.score / prior) ** _VARIANT_POWER
    score = _W_PRIOR * prior + _KIND_BONUS.get(place.kind, 0.0)
    reasons: list[str] = []
    if explain:
        reasons += [f"population prior {prior:.2f} ({place.kind}, population {place.population:,})", *cand.reasons]
    if cand.matched_name == place.name:
        score += _W_OWN_NAME
        if explain:
            reasons.append(f"written as its own name, not a former or foreign one (+{_W_OWN_NAME:.2f})")
        if place.capital:  # by its own name: "Mexico" is the country, not Mexico City
            score += _W_CAPITAL
            if explain:
                reasons.append(f"the capital of {place.country} (+{_W_CAPITAL:.2f})")
    share, region_share = context.shares(place, own)
    if share:
        score += _W_COUNTRY * share
        if explain:
            reasons.append(f"in the document's country focus {place.country} (+{_W_COUNTRY * share:.2f})")
    if region_share:
        bonus = _W_ADMIN1 * region_share
        score += bonus
        if explain:
            reasons.append(f"in {place.admin1 or place.admin1_code}, a region the document is about (+{bonus:.2f})")
    if nearest and nearest[0] < _NEAR_REACH_KM:
        bonus = _W_NEAR * math.exp(-nearest[0] / _NEAR_KM)
        score += bonus
        if explain:
            reasons.append(f"{nearest[0]:.0f} km from {nearest[1].name}, also in the text (+{bonus:.2f})")
    for rel in group.relations:
        other, other_group = positions.get(rel.other, (None, None))
        if other is None:
            continue
        bonus, why = _relation_bonus(place, other.place, rel, other_group)
        if bonus:
            score += bonus
            if explain:
                reasons.append(why)
    if group.prefer_region and place.kind == "region":
        score += _W_REGION_ASKED
        if explain:
            reasons.append("the text calls it a region")
    elif not group.prefer_region and place.kind == "region" and _city_inside(group, place):
        score -= _CITY_OVER_REGION
        if explain:
            reasons.append("a city of the same name is meant unless the text says region")
    if (place.geonameid or id(place)) in same_name and not _has_city(group, 50_000):
        score += _W_SAME_NAME
        if explain:
            reasons.append("the same name is resolved to it elsewhere in the text")
    return Candidate(place=place, score=score, matched_name=cand.matched_name, reasons=tuple(reasons))


def _fixed_parts(group: Group) -> list[tuple[float, float]]:
    """The parts of each candidate's score that do not depend on the other names' choices:
    (prior, kind and own-name bonus; the region-or-city term), as :func:`_score` adds them.
    """
    parts = []
    for cand in group.candidates:
        place = cand.place
        prior = population_prior(place)
        if cand.score < prior:
            prior *= (cand.score / prior) ** _VARIANT_POWER
        head = _W_PRIOR * prior + _KIND_BONUS.get(place.kind, 0.0)
        if cand.matched_name == place.name:
            head += _W_OWN_NAME + (_W_CAPITAL if place.capital else 0.0)
        tail = 0.0
        if group.prefer_region and place.kind == "region":
            tail = _W_REGION_ASKED
        elif not group.prefer_region and place.kind == "region" and _city_inside(group, place):
            tail = -_CITY_OVER_REGION
        parts.append((head, tail))
    return parts


def _fast_score(
    cand: Candidate,
    head: float,
    tail: float,
    group: Group,
    context: _Context,
    nearest: tuple[float, Place] | None,
    positions: Mapping[int, tuple[Candidate | None, Group]],
    same_name: set,
    own: Place | None,
) -> float:
    """:func:`_score` without reasons, from its fixed parts; the terms are added in the same order."""
    place = cand.place
    score = head
    share, region_share = context.shares(place, own)
    if share:
        score += _W_COUNTRY * share
    if region_share:
        score += _W_ADMIN1 * region_share
    if nearest and nearest[0] < _NEAR_REACH_KM:
        score += _W_NEAR * math.exp(-nearest[0] / _NEAR_KM)
    for rel in group.relations:
        other, other_group = positions.get(rel.other, (None, None))
        if other is not None:
            score += _relation_bonus(place, other.place, rel, other_group)[0]
    if tail:
        score += tail
    if same_name and (place.geonameid or id(place)) in same_name and not _has_city(group, 50_000):
        score += _W_SAME_NAME
    return score


def _inside(inner: Place, outer: Place) -> bool:
    """True when ``outer`` is a country or first-level region that contains ``inner``."""
    if inner is outer:
        return False
    if outer.kind == "country":
        return inner.country == outer.country
    return outer.kind == "region" and outer.admin1_code is not None and inner.admin1_code == outer.admin1_code


def _city_inside(group: Group, region: Place) -> bool:
    """True when a city of the region's name lies in it (Donetsk in Donetsk Oblast) or is a big
    city in its own right (Washington, D.C. for "Washington"), not a namesake town elsewhere.
    """
    for c in group.candidates:
        city = c.place
        if city.kind != "settlement" or city.population < 50_000:
            continue
        if city.admin1_code == region.admin1_code:
            return True
        if city.population >= 100_000 and city.population >= 0.05 * region.population:
            return True
    return False


def _has_city(group: Group, population: int) -> bool:
    return any(c.place.kind == "settlement" and c.place.population >= population for c in group.candidates)


def _relation_bonus(place: Place, other: Place, rel: Relation, other_group: Group | None) -> tuple[float, str]:
    if rel.within:
        # "Paris, Texas": any reading of the other name that contains this place will do.
        outers = [c.place for c in other_group.candidates[:CONTAINERS]] if other_group else [other]
        outer = next((o for o in outers if _inside(place, o)), None)
        return (_W_CONTAINED, f"in {outer.name}, as the text says") if outer else (0.0, "")
    if rel.contains:
        if _inside(other, place):
            return _W_CONTAINED, f"contains {other.name}, named with it"
        return 0.0, ""
    distance = haversine_km(other.lat, other.lon, place.lat, place.lon)
    bonus, parts = 0.0, []
    if rel.distance_km is not None:
        fit = math.exp(-abs(distance - rel.distance_km) / (0.5 * rel.distance_km + 5.0))
        bonus += _W_RELATION * fit
        parts.append(f"{distance:.0f} km from {other.name} (text: {rel.distance_km:.0f} km)")
    if rel.direction is not None and 1.0 < distance < 400.0:
        off = abs((bearing_deg(other.lat, other.lon, place.lat, place.lon) - rel.direction + 180) % 360 - 180)
        if off <= 67.5:
            bonus += _W_RELATION * (1.0 - off / 135.0) * math.exp(-distance / 200.0)
            parts.append(f"lies in the stated direction from {other.name}")
    if rel.near and distance < 60.0:
        bonus += _W_RELATION * math.exp(-distance / 30.0)
        parts.append(f"{distance:.0f} km from {other.name}, which the text says it is near")
    return bonus, "; ".join(parts) + (f" (+{bonus:.2f})" if parts else "")


# A town this small that the text relates to a named place lies near it: a namesake beyond these
# reaches is not the town meant (of a city, "west of Kyiv" may span hundreds of kilometres).
_SMALL_TOWN = 50_000
_NEAR_LIMIT_KM = 100.0
_DIRECTION_LIMIT_KM = 150.0
_BEARING_FROM_KM = 30.0  # beyond this, a stated direction off by more than a right angle rules a town out
_BEARING_OFF_DEG = 100.0
_COMPASS_POINTS = ("north", "north-east", "east", "south-east", "south", "south-west", "west", "north-west")


def ruled_out(groups: Sequence[Group], choices: Sequence[Choice | None]) -> dict[int, str]:
    """The groups whose chosen town the text's own spatial phrases rule out, each with why.

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
        limit, phrase = 2.0 * rel.distance_km + 50.0, f"{rel.distance_km:.0f} km {where} {other.name}"
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
