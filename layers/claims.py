"""Control claims: who holds which town, when, according to the text, each with its sentence.

A claim is what one sentence says about the control of one settlement: "the government-controlled
village of Luhanske" (held), "Debaltseve, which has fallen to Russia-backed separatists"
(captured), "thousands of government troops retreated from Debaltseve" (lost: the place goes to
the other side the article names), "the battle for Avdiivka" (contested). The phrases are data
(``layers/data/control_cues.yaml``); the sides are the actors of :mod:`layers.actors` grouped into
camps (:func:`layers.actors.camp_of`: the NAF holds ground with Russia's forces).

:func:`control_at` reads the claims of one or many reports as of a day: each settlement's latest
claim at or before that day, weighing less as it ages; claims of one day that disagree make the
settlement contested.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

import yaml

from geo.gazetteer import Gazetteer
from geo.model import Mention, Place
from layers.actors import ActorMention, actor_roles, camp_of, find_actors
from layers.annotations import article_mentions
from layers.article import Article
from layers.dates import DateSpan
from layers.extract import article_country, dateline_end, load_cues, report_date, sentences
from layers.frontline import FrontLineSnapshot

if TYPE_CHECKING:
    from layers.control_area import EstimatedControl

__all__ = [
    "CONTESTED", "ControlClaim", "ControlEstimate", "ControlTimeline", "PlaceControl", "control_at",
    "estimate_from_control", "estimated_snapshots", "extract_claims", "load_control_cues",
]  # fmt: skip

#: The side of a claim that says a place is fought over, not who holds it.
CONTESTED = "contested"
KINDS = ("held", "captured", "lost", "contested")


@dataclass(frozen=True, slots=True)
class ControlClaim:
    """What one sentence says about who controls one settlement.

    Attributes
    ----------
    place : Place
        The settlement.
    place_name : str
        Its name as the text writes it.
    side : str
        The camp that holds it after the claim (:func:`layers.actors.camp_of`: "UA", "RU", a
        group's name), or :data:`CONTESTED`.
    actor : str
        The actor the sentence names for that side (or the side that lost it, for "lost").
    kind : str
        "held", "captured", "lost" (the named actor gave it up; ``side`` is the other camp) or
        "contested".
    when : DateSpan or None
        The date the sentence gives, else the report's week; None when undated.
    confidence : float
        How surely the sentence says it (0–1).
    quote, quote_start, quote_end
        The sentence and its offsets in the article.
    report : str
        The article's id.
    """

    place: Place
    place_name: str
    side: str
    actor: str
    kind: str
    when: DateSpan | None
    confidence: float
    quote: str
    quote_start: int
    quote_end: int
    report: str = ""


@dataclass(frozen=True, slots=True)
class PlaceControl:
    """Who holds a settlement as of a day, from its latest claim."""

    place: Place
    side: str  # a camp, or CONTESTED when that day's claims disagree
    weight: float  # the claim's confidence, halved every ``half_life_days`` of age
    claims: tuple[ControlClaim, ...]  # the claims of that latest day


@dataclass(frozen=True)
class ControlCues:
    """The compiled phrases of ``control_cues.yaml``."""

    held_before: re.Pattern[str]
    held_after: re.Pattern[str]
    held_by: re.Pattern[str]
    captured: re.Pattern[str]
    captured_passive: re.Pattern[str]
    lost: re.Pattern[str]
    contested: re.Pattern[str]
    confidence: dict[str, float]


def _alternatives(words: Iterable[str]) -> str:
    parts = []
    for word in sorted({str(w) for w in words}, key=len, reverse=True):
        stem = re.escape(word.rstrip("*")).replace(r"\ ", " ").replace(" ", r"\s+")
        parts.append(stem + (r"[\w-]*" if word.endswith("*") else ""))
    return "|".join(parts)


# Up to three words, then "of" ("the village of", "the key town of"), between a verb and its place.
_OBJECT_GAP = r"\s+(?:the\s+)?(?:(?:[\w’'-]+\s+){0,3}?of\s+(?:the\s+)?)?$"


@cache
def load_control_cues() -> ControlCues:
    """Load and compile the packaged ``control_cues.yaml``."""
    data = yaml.safe_load(resources.files("layers.data").joinpath("control_cues.yaml").read_text("utf-8"))
    side = r"(?P<side>[A-Za-z][\w’']*(?:-[A-Za-z][\w’']*)?)"
    return ControlCues(
        held_before=re.compile(
            rf"\b{side}[-\s](?:{_alternatives(data['held_before'])})\s+(?:(?:[\w’'-]+\s+){{0,3}}?of\s+)?(?:the\s+)?$",
            re.IGNORECASE,
        ),
        held_after=re.compile(
            r"\s*,?\s*(?:which\s+|that\s+)?(?:still\s+)?(?:remains?|remained|is|was|are|were|stays?|stayed)\s+"
            rf"(?:still\s+|firmly\s+|now\s+)?(?:in|under)\s+(?:the\s+)?{side}\s+(?:{_alternatives(data['held_after'])})\b",
            re.IGNORECASE,
        ),
        held_by=re.compile(
            rf"\s*,?\s*(?:which\s+|that\s+)?(?:is\s+|was\s+|are\s+|were\s+|remains?\s+)?(?:still\s+)?"
            rf"(?:{_alternatives(data['held_by'])})\s+",
            re.IGNORECASE,
        ),
        captured=re.compile(rf"\b(?P<verb>{_alternatives(data['captured'])}){_OBJECT_GAP}", re.IGNORECASE),
        captured_passive=re.compile(
            rf"\s*,?\s*(?:which\s+|that\s+)?(?:has\s+|had\s+|have\s+)?(?:{_alternatives(data['captured_passive'])})\s+",
            re.IGNORECASE,
        ),
        lost=re.compile(rf"\b(?P<verb>{_alternatives(data['lost'])}){_OBJECT_GAP}", re.IGNORECASE),
        contested=re.compile(rf"\b(?:{_alternatives(data['contested'])}){_OBJECT_GAP}", re.IGNORECASE),
        confidence={str(k): float(v) for k, v in data["confidence"].items()},
    )


def extract_claims(
    article: Article, gazetteer: Gazetteer, *, mentions: Sequence[Mention] | None = None
) -> list[ControlClaim]:
    """Return the control claims of an article, in text order (see the module docstring).

    Only settlements count (a region or a country is no front-line position), never a name inside
    an organisation's ("Donbass People's Militia") and never the dateline's town. A sentence that
    says a town was only attempted ("tried to seize X") makes it contested, not taken.
    """
    text = article.text
    if mentions is None:
        mentions = article_mentions(text, gazetteer, article.country_focus)
    filed_from = dateline_end(text)
    towns = [
        m for m in mentions
        if m.place is not None and m.place.kind == "settlement" and not m.embedded and m.start >= filed_from
    ]  # fmt: skip
    if not towns:
        return []
    country = article_country(article, towns)
    regions = frozenset(m.place.admin1_code for m in towns if m.place.admin1_code)
    reader = _Reader(article, gazetteer, country, load_control_cues(), regions)
    claims: list[ControlClaim] = []
    spans = sentences(text)
    at = 0
    for begin, end in spans:
        inside = []
        while at < len(towns) and towns[at].start < end:
            if towns[at].start >= begin:
                inside.append(towns[at])
            at += 1
        if not inside:
            continue
        when = report_date(text, (begin, end), article.published, filed_from=filed_from)
        for mention in inside:
            claim = reader.claim(mention, (begin, end), when)
            if claim is not None:
                claims.append(claim)
    return _other_sides(claims, reader)


@dataclass
class _Reader:
    """Reads the claims of one article's sentences."""

    article: Article
    gazetteer: Gazetteer
    country: str | None
    cues: ControlCues
    regions: frozenset[str] = frozenset()  # first-level regions of the article's towns: whose rebels
    sides: dict[str, ActorMention | None] = field(default_factory=dict)  # side words read so far

    def actors(self, begin: int, end: int) -> list[ActorMention]:
        found = find_actors(
            self.article.text, begin, end, country=self.country, gazetteer=self.gazetteer,
            regions=self.regions,
        )
        return [replace(a, start=a.start - begin, end=a.end - begin) for a in found]

    def side_word(self, word: str) -> ActorMention | None:
        """Return the actor a side's word names in this article ("government", "rebel", "Ukrainian").

        The word is read as "<word> forces" after the article, whose text tells which group "rebel"
        means; each word is read once per article.
        """
        key = word  # as written: an acronym ("RSF") names a group only in capitals
        if key not in self.sides:
            text = f"{self.article.text}\n{word} forces"
            found = find_actors(
                text, len(self.article.text) + 1, country=self.country, gazetteer=self.gazetteer,
                regions=self.regions,
            )
            self.sides[key] = found[0] if found else None
        return self.sides[key]

    def claim(self, mention: Mention, span: tuple[int, int], when: DateSpan | None) -> ControlClaim | None:
        text = self.article.text
        begin, end = span
        sentence = text[begin:end]
        at, after = mention.start - begin, mention.end - begin
        before = sentence[max(0, at - 80) : at]
        cues = self.cues

        def made(kind: str, actor: ActorMention | None, side: str | None = None) -> ControlClaim | None:
            if actor is None and side is None:
                return None
            return ControlClaim(
                place=mention.place,
                place_name=mention.text,
                side=side if side is not None else camp_of(actor),
                actor=actor.name if actor else "",
                kind=kind,
                when=when,
                confidence=cues.confidence.get(kind, 0.5),
                quote=sentence,
                quote_start=begin,
                quote_end=end,
                report=self.article.id,
            )

        if held := cues.held_before.search(before):
            return made("held", self.side_word(held.group("side")))
        if held := cues.held_after.match(sentence, after):
            return made("held", self.side_word(held.group("side")))
        for kind, pattern in (("held", cues.held_by), ("captured", cues.captured_passive)):
            if found := pattern.match(sentence, after):
                by = [a for a in self.actors(begin, end) if a.start >= found.end() - 1]
                return made(kind, by[0] if by else None)
        modality = load_cues()
        for kind, pattern in (("captured", cues.captured), ("lost", cues.lost)):
            found = pattern.search(before)
            if found is None:
                continue
            verb_at = at - len(before) + found.start("verb")
            if modality.unrealised.search(sentence[max(0, verb_at - 60) : verb_at]):
                return None  # "threatened to seize X": nothing happened yet
            if modality.attempted.search(sentence[max(0, verb_at - 60) : verb_at]):
                return made("contested", None, CONTESTED)  # "tried to seize X, but were repelled"
            predicate = (verb_at, verb_at + len(found.group("verb")))
            subject, _ = actor_roles(sentence, self.actors(begin, end), predicate)
            return made(kind, subject)
        if cues.contested.search(before):
            return made("contested", None, CONTESTED)
        return None


def _other_sides(claims: list[ControlClaim], reader: _Reader) -> list[ControlClaim]:
    """Give each "lost" claim the other camp the article names; drop it when there is none.

    The other camp is the one the article's other claims and actors name most, besides the
    side that gave the place up.
    """
    if not any(c.kind == "lost" for c in claims):
        return claims
    text = reader.article.text
    camps = Counter(camp_of(a) for a in reader.actors(0, len(text)) if a.kind in ("state", "group", "rebels"))
    for claim in claims:
        if claim.kind in ("held", "captured"):
            camps[claim.side] += 2
    result = []
    for claim in claims:
        if claim.kind != "lost":
            result.append(claim)
            continue
        others = [(n, camp) for camp, n in camps.items() if camp not in (claim.side, CONTESTED)]
        if others:
            result.append(replace(claim, side=max(others)[1]))
    return result


def control_at(
    claims: Iterable[ControlClaim], day: dt.date, *, half_life_days: float = 30.0
) -> list[PlaceControl]:
    """Return who holds each claimed settlement as of ``day``, from its latest claim.

    Claims dated after ``day`` are left out; an undated claim counts as of no day and is used only
    when a settlement has no dated one. A claim's weight is its confidence halved every
    ``half_life_days`` of age; claims of the latest day that name different sides make the place
    contested (the mean of their weights).
    """
    timeline = ControlTimeline(half_life_days=half_life_days)
    timeline.add(c for c in claims if c.when is None or c.when.start <= day)
    return timeline.at(day)


class ControlTimeline:
    """Each settlement's latest claims, kept as claims are added: :func:`control_at` day after day.

    A corpus's daily lines add each day's claims (those whose date window has begun) and read the
    control as of that day, instead of going over every claim again.

    >>> timeline = ControlTimeline()
    >>> timeline.at(dt.date(2015, 2, 18))
    []
    """

    def __init__(self, *, half_life_days: float = 30.0) -> None:
        if half_life_days <= 0:
            raise ValueError(f"half_life_days must be positive, not {half_life_days}")
        self.half_life_days = half_life_days
        # place -> (the date of its latest claims, or None while it has undated ones only; those claims)
        self._latest: dict[int | str, tuple[dt.date | None, list[ControlClaim]]] = {}

    def add(self, claims: Iterable[ControlClaim]) -> None:
        """Take in claims (the caller leaves out those not yet known on the days it will ask about)."""
        for claim in claims:
            key = claim.place.geonameid or claim.place.name
            date = claim.when.date if claim.when is not None else None
            held = self._latest.get(key)
            if held is None or (date is not None and (held[0] is None or date > held[0])):
                self._latest[key] = (date, [claim])
            elif date == held[0]:  # the same latest day, or undated beside undated
                held[1].append(claim)

    def at(self, day: dt.date) -> list[PlaceControl]:
        """Return :func:`control_at` of the claims added, as of ``day``."""
        result = []
        for latest, last in self._latest.values():
            age = 0 if latest is None else max(0, (day - min(latest, day)).days)
            if len(last) == 1:  # most places: one claim, its side (contested or not) and confidence
                side, confidence = last[0].side, last[0].confidence
            else:
                sides = {c.side for c in last if c.side != CONTESTED}
                side = sides.pop() if len(sides) == 1 else CONTESTED
                confidence = sum(c.confidence for c in last) / len(last)
            weight = confidence * 0.5 ** (age / self.half_life_days)
            result.append(PlaceControl(last[0].place, side, round(weight, 4), tuple(last)))
        return sorted(result, key=lambda p: p.place.name)


def estimated_snapshots(
    claims: Sequence[ControlClaim], day: dt.date | None, *, reports: int = 1
) -> list[FrontLineSnapshot]:
    """Return the line and areas estimated from claims as of ``day``, as front-line snapshots.

    Each settlement's control as of the day (:func:`control_at`) becomes a point of
    :func:`layers.control_area.estimate_control` within its country's outline; the line, each
    side's area and the uncertainty band are snapshots of status ``estimated`` valid on that day,
    named "Estimated line (from N claims in M reports)" — never passed off as an assessed line.
    Too little evidence (one side, no claim, no outline) gives no snapshot.
    """
    if day is None:
        return []
    return list(estimate_from_control(control_at(claims, day), day, reports=reports).snapshots)


@dataclass(frozen=True)
class ControlEstimate:
    """What :func:`estimate_from_control` found as of a day: snapshots, or why there are none."""

    claims: int  # the claims the estimate used (the settlements inside the country's outline); 0 if none
    snapshots: tuple[FrontLineSnapshot, ...]  # the line, each side's area, the band; () if none
    reason: str = ""  # why there is no line ("" when there is one)
    control: EstimatedControl | None = None  # the estimator's result, for a later day's ``reuse``


def estimate_from_control(
    control: Sequence[PlaceControl],
    day: dt.date,
    *,
    reports: int = 1,
    reuse: ControlEstimate | None = None,
) -> ControlEstimate:
    """Return :func:`estimated_snapshots` from settlements' control as of ``day``, or why there are none.

    N, the number of claims the estimate used, is the "N claims" of the snapshots' names.
    ``reuse`` (an earlier day's result) keeps its areas and lines when the places and their sides
    are the same (:func:`layers.control_area.estimate_control`).
    """
    from geo.outlines import country_outline
    from layers.control_area import ControlPoint, estimate_control

    countries = Counter(p.place.country for p in control if p.place.country)
    if not countries:
        if not control:
            return ControlEstimate(0, (), "no claims: no line can be estimated")
        return ControlEstimate(0, (), "no claimed place has a country: no outline to draw in")
    country = countries.most_common(1)[0][0]
    outline = country_outline(country)
    if outline is None:
        return ControlEstimate(0, (), f"no outline of the country {country!r}: no line can be estimated")
    points = [
        ControlPoint(p.place.lon, p.place.lat, p.side, max(p.weight, 0.01), p.place.name) for p in control
    ]
    estimate = estimate_control(points, outline, reuse=reuse.control if reuse is not None else None)
    if estimate.is_empty:
        return ControlEstimate(0, (), estimate.reason, estimate)
    label = f"from {estimate.claims} claims in {reports} report{'s' if reports != 1 else ''}"
    common = {"valid_from": day, "valid_to": day, "status": "estimated", "source": "Frontline"}
    found = [
        FrontLineSnapshot(
            f"estimated-line-{day}", f"Estimated line ({label})", estimate.line, side="contact", **common
        )
    ]
    for side, area in sorted(estimate.areas.items()):
        found.append(
            FrontLineSnapshot(
                f"estimated-{side}-{day}", f"Estimated area of {side} ({label})", area, side=side, **common
            )
        )
    if not estimate.band.is_empty:
        found.append(
            FrontLineSnapshot(
                f"estimated-band-{day}",
                f"Uncertainty of the estimated line ({label})",
                estimate.band,
                side="uncertain",
                **common,
            )
        )
    return ControlEstimate(estimate.claims, tuple(found), "", estimate)
