"""Names joined in a list share what the text says of one of them.

"shelled Robotyne, Verbove and Mala Tokmachka" (a cue), "Kiev and Donetsk said" (metonymy), "the
Donetsk and Luhansk regions" (regions), and a town written right before the region that holds it
("Maiduguri Borno State"). Each function updates the names' readings in place.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from functools import cache

from geo.evidence import Reading, Reason, Verdict, region_word
from geo.geoparser.acceptance import contains
from geo.geoparser.record import Name
from geo.model import ReasonCode
from geo.names import fold
from geo.recognition import Span
from geo.text import lexicon

__all__ = ["joined", "spread_cues", "spread_metonymy", "spread_regions", "town_before_region"]

_LISTABLE = (Verdict.PLACE, Verdict.MAYBE)  # the verdicts of names that a list joins
# ", near ", ", outside ", ", 10 km south-west of the "
_REFERENCE_BEFORE = re.compile(
    r",[ \t]+(?:near|outside|(?:[\w.]+[ \t]+){0,2}(?:\w+-)?(?:north|south|east|west)\w*[ \t]+of)"
    r"[ \t]+(?:the[ \t]+)?$"
)


def joined(text: str, a: Reading, b: Reading) -> bool:
    """Tell whether two plausible or sure names are joined as a list ("X and Y", "X, Y", "X or Y")."""
    return (
        a.verdict in _LISTABLE
        and b.verdict in _LISTABLE
        and (text[a.span.end : b.span.start].strip().lower() in ("and", ",", "or", ", and", ", or"))
    )


def spread_cues(text: str, names: Sequence[Name]) -> None:
    """Names listed after a cued one share its cue: "shelled Robotyne, Verbove and Mala
    Tokmachka", "in Kharkiv, Sumy and Poltava". Only names with no cue of their own and spelled
    as the gazetteer spells them take it; a name it does not know passes it on down the list.
    """
    reason: Reason | None = None  # the cue of the list the name before is in
    for i, name in enumerate(names):
        b = name.reading
        if i == 0 or not joined(text, names[i - 1].reading, b):
            reason = None
        own = b.reasons[0] if b.reasons and b.verdict != Verdict.REJECT else None
        if own is not None and own.code not in (ReasonCode.WELL_KNOWN, ReasonCode.ACTOR):
            # "In Houston, Lamar and Austin attended": the comma closes the opening phrase; in
            # "Krynky, near Kherson, and Pyatykhatky", "near" relates Kherson to Krynky only
            opener = own.code == ReasonCode.OPENING_CUE and text[b.span.end : b.span.end + 1] == ","
            listed = Reason(f"listed with {b.span.text}, {own.text}", ReasonCode.LISTED_WITH)
            reason = None if opener or _relative(text, b.span) else listed
        elif reason and b.verdict == Verdict.MAYBE and not b.reasons and not name.variant:
            name.reading = Reading(b.span, Verdict.PLACE, (reason,), b.metonymic, b.prefer_region)


def _relative(text: str, span: Span) -> bool:
    """True when the name is a point of reference set off by a comma: "Krynky, near Kherson",
    "Pavlivka, south-west of Vuhledar" (not "advanced near Bakhmut, Soledar and Siversk")."""
    return _REFERENCE_BEFORE.search(text, max(0, span.start - 40), span.start) is not None


def spread_metonymy(text: str, names: Sequence[Name]) -> None:
    """Names joined in a list share a government reading: "Kiev and Donetsk said", "the leaders of
    France, Germany and Ukraine".
    """
    for i in range(len(names) - 2, -1, -1):  # backwards: the verb follows the last name
        a, b = names[i].reading, names[i + 1].reading
        if b.metonymic and not a.metonymic and joined(text, a, b) and b.span.next_gap.strip() == "":
            names[i].reading = Reading(a.span, a.verdict, a.reasons, True, a.prefer_region)
    chain = False
    for i in range(len(names) - 1):  # forwards: the cue precedes the first name
        a, b = names[i].reading, names[i + 1].reading
        chain = a.metonymic and (chain or a.span.prev == "of") and joined(text, a, b)
        if chain and not b.metonymic:
            names[i + 1].reading = Reading(b.span, b.verdict, b.reasons, True, b.prefer_region)


def spread_regions(text: str, names: Sequence[Name]) -> None:
    """Names joined in a list after or before a plural territory word are territories: "the
    Donetsk and Luhansk regions", "states such as California or Washington".
    """
    chain = False
    for i in range(len(names) - 2, -1, -1):  # backwards from "... and Luhansk regions"
        a, b = names[i].reading, names[i + 1].reading
        chain = joined(text, a, b) and (chain or _plural(b.span.next))
        if chain:
            names[i].reading = replace(a, prefer_region=True)
            names[i + 1].reading = replace(b, prefer_region=True)
    chain = False
    for i in range(len(names) - 1):  # forwards from "states such as California, ..."
        a, b = names[i].reading, names[i + 1].reading
        chain = joined(text, a, b) and (chain or _regions_before(text, a.span.start))
        if chain:
            names[i].reading = replace(a, prefer_region=True)
            names[i + 1].reading = replace(b, prefer_region=True)


def town_before_region(text: str, names: Sequence[Name]) -> None:
    """A town written right before a region that contains it names the two places, not a person:
    "in Maiduguri Borno State", "Ikeja Lagos".
    """
    for i in range(len(names) - 1):
        a, b = names[i].reading, names[i + 1].reading
        both_refused = a.verdict == b.verdict == Verdict.REJECT
        if not both_refused or text[a.span.end : b.span.start] != " ":
            continue
        regions = [c.place for c in names[i + 1].candidates if c.place.kind == "region"]
        towns = [
            c.place
            for c in names[i].candidates
            if c.place.kind == "settlement" and c.matched_name == c.place.name
        ]
        pair = next(((t, r) for t in towns for r in regions if contains(r, t)), None)
        if pair is None:
            continue
        town, region = pair
        before = Reason(f"written before {region.name}, the region it lies in", ReasonCode.TOWN_BEFORE_REGION)
        after = Reason(f"written after {town.name}, a town it contains", ReasonCode.REGION_AFTER_TOWN)
        names[i].reading = Reading(a.span, Verdict.PLACE, (before,))
        names[i + 1].reading = Reading(b.span, Verdict.PLACE, (after,), prefer_region=True)


@cache
def _regions_cue() -> re.Pattern[str]:
    """A plural territory word opening a list: "states such as ", "the provinces of "."""
    plurals = sorted(f"{w[:-1]}ies" if w.endswith("y") else f"{w}s" for w in lexicon().region_words)
    return re.compile(rf"\b(?:{'|'.join(plurals)})\s+(?:such\s+as|including|like|of)\s+$", re.IGNORECASE)


def _regions_before(text: str, start: int) -> bool:
    return bool(_regions_cue().search(text[max(0, start - 40) : start]))


def _plural(word: str) -> bool:
    return word.endswith("s") and fold(word) not in lexicon().region_words and region_word(word)
