"""Mentions the offline gazetteer cannot place, reported with their whole names and the reason.

Seas, rivers and lakes ("the Black Sea", "Sea of Azov"), streets and squares ("North State
Street", "Royal Street"), buildings named after a distant place ("Rogers Centre"), names written
with "the" that only towns bear ("crossed the Dnipro."), and settlements the text names that the
gazetteer lacks ("the village of Robotyne"). Each comes with null coordinates, for an online
geocoder or the user to place: a wrong town is worse than no point. Detection on spans is in
:mod:`geo.features`.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Mapping, Sequence
from dataclasses import replace
from itertools import accumulate

from geo.evidence import Verdict, opening_word, region_word
from geo.features import (
    Extent,
    named_sites,
    named_streets,
    named_water_bodies,
    numbered_roads,
    street,
    takes_article,
    water_body,
)
from geo.geoparser.record import Document, Name
from geo.model import Candidate, Mention, Place
from geo.names import fold
from geo.recognition import COMPASS_ADJECTIVES, Span
from geo.text import a_or_an, lexicon

__all__ = [
    "article_mention", "feature_extents", "feature_mention",
    "names_a_site", "outermost", "placed_in_towns", "ruled_out_mention", "set_aside_features", "settlement_cue",
    "site_mention", "site_named_after", "unnamed_features", "unnamed_sites", "unresolved_mention",
]

_IN_TOWN = re.compile(r",[ \t]*|[ \t]+in[ \t]+")  # "Jamsil Stadium, Seoul", "Royal Street in New Orleans"
_THE_BEFORE = re.compile(r"(?<![\w'’])[Tt]he((?: [a-z]+){0,2}) $")  # "the eastern tropical "


def set_aside_features(doc: Document) -> None:
    """Step 3: mark the names that are part of a water body's or a street's name (``doc.features``),
    find the features the gazetteer does not know (``doc.unnamed``), and drop the town readings
    of names written "the X" (``doc.towns_of``, :func:`_drop_towns_written_with_article`)."""
    spans = [n.span for n in doc.names]
    doc.features = feature_extents(doc.text, spans)
    doc.unnamed = unnamed_features(doc.text, spans, doc.features, [n.candidates for n in doc.names])
    doc.towns_of = _drop_towns_written_with_article(doc.names, doc.features, doc.gazetteer.name_keys)


def _drop_towns_written_with_article(
    names: Sequence[Name], features: Mapping[int, Extent], name_keys: frozenset[str]
) -> dict[int, tuple[Candidate, ...]]:
    """Drop the town readings of names written "the X" (:func:`geo.features.takes_article`).

    Such an occurrence is read as a region, a sea or a river ("in the Atlantic.", "crossed the
    Dnipro."). The name's other occurrences lose their towns too, unless one of them is surely a
    place by its own context ("shelled Dnipro"): a town and a river may share a name in one text.
    Updates the names' readings and candidates in place; returns the town candidates each name
    had, by index.
    """
    articled = [
        i for i, n in enumerate(names)
        if n.read.verdict != Verdict.REJECT and i not in features and takes_article(n.span, name_keys)
    ]
    if not articled:
        return {}
    marked = set(articled)
    sure_elsewhere = {
        n.span.key for i, n in enumerate(names) if i not in marked and n.read.verdict == Verdict.PLACE
    }
    keys = {names[i].span.key for i in articled} - sure_elsewhere
    affected = marked | {i for i, n in enumerate(names) if n.span.key in keys}
    towns_of = {}
    for i in sorted(affected):
        name = names[i]
        towns_of[i] = name.candidates
        name.candidates = tuple(c for c in name.candidates if c.place.kind != "settlement")
        if i in marked:
            name.reading = replace(name.read, prefer_region=True)
    return towns_of


def names_a_site(span: Span) -> bool:
    """A building's or a site's name follows the name ("Carnegie Library", "Donetsk airport") or
    opens before it ("Hotel Kyjev", "the Mall of Asia").
    """
    return bool(_facility_after(span) or _facility_before(span))


def site_named_after(span: Span) -> bool:
    """The name is the one a site is named after: "Rogers Centre", "Hotel Kyjev"; not a word in
    the middle of a longer name ("Mariupol Drama Theatre" is not named after Drama, Greece)."""
    return bool(_facility_before(span)) or bool(_facility_after(span)) and not span.chunk_before


def _facility_after(span: Span) -> str:
    """The facility word right after the name ("Carnegie Library"), or ""."""
    return span.next if fold(span.next) in lexicon().facility_words and not span.next_gap.strip() else ""


def _facility_before(span: Span) -> str:
    """The facility word that opens a name ending in this one ("Hotel Kyjev", "Mall of Asia"), or ""."""
    facilities = lexicon().facility_words
    return opening_word(span, facilities, facilities)


def _titled(span: Span) -> bool:
    """A person's name after a title ("Mr Jordan River"), not a water body."""
    return fold(span.chunk_before or span.prev) in lexicon().titles


def feature_extents(text: str, spans: Sequence[Span]) -> dict[int, Extent]:
    """The spans that are part of a water body's or a street's name, with that name's extent."""
    found = {}
    skip = lexicon().function_words
    for i, s in enumerate(spans):
        if s.key in skip or _titled(s):
            continue  # "On Royal Street": "On" (a town somewhere) opens the sentence, not the name
        if where := water_body(text, s) or street(text, s):
            found[i] = where
    _add_short_water_names(text, spans, found)
    return found


def _add_short_water_names(text: str, spans: Sequence[Span], found: dict[int, Extent]) -> None:
    """Mark "the eastern Pacific" as the water body the text names in full ("the Pacific Ocean").

    Only with "the" before the name, and one or two lower-case words between ("the eastern
    Pacific equatorial region") or a clause end or a function word after it ("the Mississippi
    rose" is ambiguous, "the Mississippi." is not): "Mississippi" alone may be the state, and in
    "the Marigny family" the name qualifies a noun.
    """
    lex = lexicon()
    water = lex.water_words
    heads = {
        spans[i].key: word for i, (start, _end, word) in found.items()
        if word in water and start == spans[i].start
    }
    if not heads:
        return
    for i, s in enumerate(spans):
        word = heads.get(s.key)
        if word is None or i in found or s.chunk_after or s.possessive:
            continue
        article = _THE_BEFORE.search(text, max(0, s.start - 40), s.start)
        if article is None:
            continue
        ends = not s.next or s.next_gap.strip() or fold(s.next) in lex.function_words
        if article.group(1) or ends:
            found[i] = (s.start, s.end, word)


def unnamed_features(
    text: str,
    spans: Sequence[Span],
    features: dict[int, Extent],
    candidates: Sequence[tuple[Candidate, ...]] = (),
) -> list[Mention]:
    """Water bodies, streets and numbered roads whose names the gazetteer does not know ("the Black
    Sea", "Royal Street", "the M03"), unplaced.

    A gazetteer name inside one ("Sea", a town somewhere) becomes part of it: ``features`` gets
    it. One that covers it or crosses its edge keeps its own reading, unless it is the whole
    water body's name, known to the gazetteer only as regions named after it: "the Red Sea off
    Hodeidah" is the sea, not Sudan's Red Sea State (:func:`_sea_not_region`). ``spans`` are in
    text order; ``candidates`` are theirs.
    """
    starts = [s.start for s in spans]
    found: list[Mention] = []
    last_end = -1
    named = sorted(named_water_bodies(text) + named_streets(text) + numbered_roads(text), key=lambda f: (f[0], -f[1]))
    for start, end, word in named:
        if end <= last_end:
            continue  # inside a name already reported
        first = bisect_left(starts, start)
        if first and spans[first - 1].end > start:
            continue  # a gazetteer name crosses its start
        inside = range(first, bisect_left(starts, end))
        if any(spans[i].end > end for i in inside):
            continue  # a gazetteer name crossing its end
        whole = [i for i in inside if spans[i].end - spans[i].start == end - start]
        if whole and not _sea_not_region(text, spans[whole[0]], candidates[whole[0]] if candidates else ()):
            continue  # the gazetteer's own name ("Safety Bay", a suburb)
        if any(a <= start and end <= b for a, b, _ in (features.get(i, (0, 0, "")) for i in inside)):
            continue  # "Sea of Azov" is already a water body the gazetteer's "Azov" is part of
        for i in inside:
            features[i] = (start, end, word)
        if not inside:
            found.append(feature_mention(text, start, end, word, towns=()))
        last_end = end
    return found


def placed_in_towns(text: str, mentions: Sequence[Mention], resolved: Sequence[Mention]) -> list[Mention]:
    """Put the streets and sites the text locates in a town there: "Royal Street in New Orleans",
    "Jamsil Stadium, Seoul" get the town's point, at most half confidence, a reason saying so and
    the ``approximate`` flag (an online geocoder may still find the site itself).

    Only a settlement named right after ("in" or a comma) counts; water bodies and settlements
    the gazetteer lacks stay unplaced (a village is not where the next town is).
    """
    towns = {m.start: m for m in resolved if m.place and m.place.kind == "settlement" and not m.embedded}
    placed = []
    for mention in mentions:
        gap = _IN_TOWN.match(text, mention.end)
        town = towns.get(gap.end()) if gap else None
        if town is not None and mention.place is None and not _names_water(mention.text):
            why = (f"placed at {town.place.name}, where the text puts it: the offline gazetteer holds no"
                   " streets or buildings, so the point is the town's, not the site's")
            mention = replace(
                mention, place=town.place, confidence=min(town.confidence, 0.5), reasons=(why, *mention.reasons),
                approximate=True,
            )
        placed.append(mention)
    return placed


def _names_water(name: str) -> bool:
    """Tell whether a feature's name is a water body's: a water word in it ("Hudson Bay", "Sea of
    Azov"), unless a street or building word ends it ("Bay Street", "Lake Shore Drive")."""
    lex = lexicon()
    words = [fold(w) for w in name.split()]
    if words and (words[-1] in lex.street_words or words[-1] in lex.facility_words):
        return False
    return any(w in lex.water_words for w in words)


def unnamed_sites(text: str, taken: Sequence[tuple[int, int]]) -> list[Mention]:
    """Buildings and sites named with a facility word that cross none of the ``taken`` extents
    (the mentions found, the names read as places): "Jamsil Stadium", "City Hall" ("City", a
    town somewhere, is no place here). One that holds a place name ("Rogers Centre") is read
    with that name instead."""
    taken = sorted(taken)
    starts = [a for a, _ in taken]
    reach = list(accumulate((b for _, b in taken), max))  # the furthest end of the extents so far
    found = []
    for start, end, word in named_sites(text):
        at = bisect_left(starts, end)  # the extents that start before the site ends ...
        if at and reach[at - 1] > start:  # ... and one of them ends after it starts
            continue
        found.append(feature_mention(text, start, end, word, towns=()))
    return found


def _sea_not_region(text: str, span: Span, found: Sequence[Candidate]) -> bool:
    """A name written as a water body's ("the Red Sea") that the gazetteer knows only as regions
    named after it, and that no region word follows ("Red Sea State", "the Red Sea governorate").
    """
    if not found or any(c.place.kind != "region" for c in found):
        return False
    if text[max(0, span.start - 4) : span.start].lower() != "the ":
        return False
    return not span.chunk_after and not region_word(span.next)


def outermost(features: Mapping[int, Extent]) -> dict[int, Extent]:
    """One feature per extent: "North State Street" holds the names North and State."""
    kept: dict[int, Extent] = {}
    reach = -1  # the end of the longest extent kept so far; all of them start before this one
    for i, (start, end, word) in sorted(features.items(), key=lambda kv: (kv[1][0], -kv[1][1])):
        if end > reach:
            kept[i] = (start, end, word)
            reach = end
    return kept


def feature_mention(text: str, start: int, end: int, word: str, *, towns: Sequence[Candidate]) -> Mention:
    """Report a sea, a river, a street or a square by its whole name, unplaced: the offline
    gazetteer holds only settlements, regions and countries."""
    lex = lexicon()
    if word in lex.water_words:
        what = "water bodies"
    elif word in lex.facility_words:
        what = "buildings"
    else:
        what = "roads" if word in ("road", "highway") else "streets or squares"
    word = a_or_an(word)
    return Mention(
        text=text[start:end],
        start=start,
        end=end,
        candidates=tuple(towns[:10]),
        reasons=(f"{word}: the offline gazetteer holds no {what} (an online geocoder can place it)",),
    )


def site_mention(span: Span, text: str, towns: Sequence[Candidate]) -> Mention:
    """Report a building or a site named after a place that lies far from the text's places."""
    if facility := _facility_after(span):
        start, end = span.start, span.end + 2 * span.possessive + len(span.next_gap) + len(facility)
    else:  # "Hotel Kyjev", "Mall of Asia": the name opens with the facility word
        facility = _facility_before(span)
        start, end = text.rfind(facility, 0, span.start), span.end
    return Mention(
        text=text[start:end],
        start=start,
        end=end,
        candidates=tuple(towns[:10]),
        reasons=(
            f"{a_or_an(fold(facility))} named after {span.text}: no place of that name lies near the"
            " text's places, and the offline gazetteer holds no buildings (an online geocoder can place it)",
        ),
    )


def article_mention(span: Span, text: str, towns: Sequence[Candidate]) -> Mention:
    """Report a name written with "the" that only towns bear, unplaced."""
    return Mention(
        text=text[span.start : span.end],
        start=span.start,
        end=span.end,
        candidates=tuple(towns[:10]),
        reasons=(
            f"written 'the {span.text}', as seas, rivers and regions are, not towns; the offline gazetteer"
            " knows only towns of that name",
        ),
    )


# After a name, a phrase that puts it in or by the next name ("Robotyne in Zaporizhzhia Oblast",
# "Urozhaine, south of Velyka Novosilka"): group 1 is the phrase
_RELATED_AFTER = re.compile(
    r",?[ \t]+(in|near|outside|(?:(?:north|south)(?:-?(?:east|west))?|east|west)(?:ern)?[ \t]+of)"
    r"[ \t]+(?:the[ \t]+)?"
)


def settlement_cue(span: Span, text: str, placed: Mapping[int, str]) -> str:
    """How the text says a name the gazetteer does not know is a settlement or an area, or "".

    "the village of X", "the outskirts of X", "in eastern X" (an area), "troops captured X" (a
    verb that takes only ground), or "X in Zaporizhzhia Oblast", "X, south of Vuhledar" (a phrase
    relating it to a name the text places: ``placed`` maps the offsets of those names to them).
    """
    prev = fold(span.prev)
    if fold(span.prev2) in lexicon().settlement_nouns:
        return f"after '{span.prev2} {span.prev}'" if prev == "of" and not span.prev_gap.strip() else ""
    if _part_of_a_territory(span):
        return f"after '{span.prev2} {span.prev}'"
    if prev in lexicon().territorial_verbs and span.prev_gap == " ":
        return f"after '{span.prev}'"
    after = _RELATED_AFTER.match(text, span.end)
    if after is not None and after.end() in placed:
        return f"written '{text[span.end:after.end()].strip(', ')} {placed[after.end()]}'"
    return ""


# "the main city of X", "the second-largest town of X": X holds the town, it is none itself
_TOWN_OF_BEFORE = re.compile(
    r"\b(?:main|largest|biggest|second|third|capital|principal|major|chief|only)[ \t]+"
    r"(?:city|town|port|village|settlement)[ \t]+of[ \t]+$"
)


def _holds_a_town(span: Span, text: str) -> bool:
    return _TOWN_OF_BEFORE.search(text, max(0, span.start - 48), span.start) is not None


def _part_of_a_territory(span: Span) -> bool:
    return fold(span.prev) in COMPASS_ADJECTIVES and span.prev_gap == " " and span.prev2[:1].islower()


def unresolved_mention(span: Span, text: str, candidates: Sequence[Candidate], cue: str) -> Mention:
    """Report a settlement the text names but the gazetteer does not place, with the names considered.

    The gazetteer does not know the name, or knows only similar names that do not fit the text;
    ``cue`` is how the text says it is a settlement (:func:`settlement_cue`).
    """
    why = "no name like it fits the text" if candidates else "the offline gazetteer does not know it"
    what = "an area" if _part_of_a_territory(span) or _holds_a_town(span, text) else "a settlement"
    return Mention(
        text=text[span.start : span.end],
        start=span.start,
        end=span.end,
        candidates=tuple(candidates[:10]),
        reasons=(f"{cue}: {what}; {why}",),
    )


def ruled_out_mention(mention: Mention, place: Place, why: str) -> Mention:
    """Report a town whose only namesakes in the gazetteer are where the text says it is not.

    ``mention`` was resolved to ``place``; ``why`` is the phrase that rules it out. The
    candidates stay, for the user and the online geocoder to choose from.
    """
    return replace(
        mention,
        place=None,
        confidence=0.0,
        approximate=False,
        reasons=(
            f"not placed: {why}; the offline gazetteer lacks the {place.kind} meant (an online geocoder"
            " can place it)",
            *mention.reasons,
        ),
    )
