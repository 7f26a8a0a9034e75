"""Step 6: the mentions: resolved names, settlements the gazetteer lacks, features and sites."""

from __future__ import annotations

from geo.evidence import Reason, Verdict
from geo.geoparser.lists import joined
from geo.geoparser.record import Document, Name
from geo.geoparser.unplaced import (
    article_mention,
    feature_mention,
    outermost,
    placed_in_towns,
    ruled_out_mention,
    settlement_cue,
    site_mention,
    site_named_after,
    unnamed_sites,
    unresolved_mention,
)
from geo.model import Mention, ReasonCode
from geo.names import fold
from geo.resolution import Choice
from geo.text import lexicon

__all__ = ["report"]

_NO_CUE = "no cue in its sentence"
_VARIANT = "a spelling the gazetteer knows only as a variant"
# confidence of a mention the context does not confirm
_DISCOUNT = {Verdict.MAYBE: 0.7, Verdict.EMBEDDED: 0.7}
_ALONE_DISCOUNT = 0.5  # ... and of a plausible name kept with nothing to confirm it


def report(doc: Document) -> None:
    """Fill ``doc.mentions``, in text order."""
    text, names = doc.text, doc.names
    resolved = []
    for name in doc.kept:
        choice = doc.choices[g := name.group]
        if choice is not None:
            found = _mention(name, choice, text, doc.kept_because.get(g))
            if g in doc.ruled_out:
                found = ruled_out_mention(found, choice.place, doc.ruled_out[g])
            resolved.append(found)
    sites = [  # "Rogers Centre" far from the text's places: the site is not in Rogers, Arkansas
        site_mention(n.span, text, n.candidates)
        for n in doc.kept
        if doc.choices[n.group] is None and n.reading.verdict == Verdict.EMBEDDED and site_named_after(n.span)
    ]
    placed = {m.start for m in resolved}
    named = {m.start: m.text for m in resolved if m.place is not None}
    unknown = _unknown_settlements(text, names, placed, named)
    unknown += [
        article_mention(names[i].span, text, towns)
        for i, towns in doc.towns_of.items()
        if not names[i].candidates and names[i].reading.verdict == Verdict.PLACE and i not in doc.features
    ]
    located = sites + [
        feature_mention(text, *where, towns=names[i].candidates)
        for i, where in outermost(doc.features).items()
    ]
    located += doc.unnamed
    taken = [(m.start, m.end) for m in resolved + unknown + located]
    taken += [(n.start, n.span.end) for n in names if n.reading.verdict in (Verdict.PLACE, Verdict.EMBEDDED)]
    unknown += placed_in_towns(text, located + unnamed_sites(text, taken), resolved)
    doc.mentions = sorted(resolved + unknown, key=lambda m: m.start) if unknown else resolved


def _unknown_settlements(
    text: str, names: list[Name], placed: set[int], named: dict[int, str]
) -> list[Mention]:
    """Names the gazetteer does not place that the text calls settlements (:func:`settlement_cue`),
    and those listed after one ("the villages of Robotyne, Verbove and Kopani"), unplaced.
    """
    found = []
    settled = False  # the reading before is one the text calls a settlement
    listed = False  # ... in a list with commas, or after a plural ("the villages of")
    for i, name in enumerate(names):
        r = name.reading
        cue = settlement_cue(r.span, text, named) if r.verdict != Verdict.REJECT else ""
        if cue:
            listed = r.span.prev2.endswith("s") and fold(r.span.prev2) in lexicon().settlement_nouns
        elif settled and joined(text, names[i - 1].reading, r):
            # "shelled Kharkiv and Biden condemned it" joins two clauses, not two places
            listed = listed or "," in text[names[i - 1].span.end : r.span.start]
            cue = f"listed with {names[i - 1].span.text}" if listed else ""
        settled = bool(cue)
        if cue and name.variant and r.span.start not in placed:
            found.append(unresolved_mention(r.span, text, name.candidates, cue))
    return found


def _mention(name: Name, choice: Choice, text: str, kept_because: Reason | None) -> Mention:
    """The mention of a resolved name: its place, its reasons and its confidence."""
    reading = name.reading
    span = reading.span
    own = [r.text for r in reading.reasons]
    kept = kept_because.text if kept_because is not None else ""
    reasons = (*own, *choice.reasons)
    if reading.verdict == Verdict.MAYBE:
        doubt = _VARIANT if reading.reasons else _NO_CUE  # a variant keeps the cues it was read with
        reasons = (f"{doubt}; {kept}" if kept else doubt, *reasons)
    if reading.verdict == Verdict.EMBEDDED:
        reasons = ("embedded in a name: " + own[0], *((kept,) if kept else ()), *choice.reasons)
    alone = kept_because is not None and kept_because.code == ReasonCode.ONLY_GEOGRAPHY
    discount = _ALONE_DISCOUNT if alone else _DISCOUNT.get(reading.verdict, 1.0)
    found = [r.code for r in (*reading.reasons, kept_because) if r is not None and r.code is not None]
    return Mention(
        text=text[span.start : span.end],
        start=span.start,
        end=span.end,
        place=choice.place,
        confidence=round(choice.confidence * discount, 3),
        candidates=choice.candidates[:10],
        metonymic=reading.metonymic,
        reasons=reasons,
        embedded=reading.verdict == Verdict.EMBEDDED,
        reason_codes=tuple(found),
    )
