"""Mentions the offline gazetteer does not place as towns, reported with their whole names and the reason.

Seas, rivers, lakes and islands ("the Black Sea", "Sea of Azov", "Snake Island"), streets and
squares ("North State Street", "Royal Street"), buildings named after a distant place ("Rogers
Centre"), names written with "the" that only towns bear ("crossed the Dnipro."), and settlements
the text names that the gazetteer lacks ("the village of Robotyne"). A water body or a landform
the gazetteer holds (GeoNames' rivers, reservoirs, bays, islands and spits; Natural Earth's seas)
gets its point, and only there: where the text names it as such, with its generic word ("the
Dnipro river", "Kakhovka Reservoir") or with "the" where no town is meant ("crossed the Dnipro.");
a bare "Dnipro" stays the city. The rest come with null coordinates, for an online geocoder or the
user to place: a wrong town is worse than no point. Detection on spans is in :mod:`geo.features`.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import replace
from itertools import accumulate

from geo.evidence import Verdict, opening_word, region_word
from geo.features import (
    LANDFORM_WORDS,
    Extent,
    article_phrases,
    feature_phrases,
    named_sites,
    named_streets,
    named_water_bodies,
    numbered_roads,
    street,
    takes_article,
    water_body,
)
from geo.gazetteer import FEATURE_KINDS, Gazetteer, haversine_km
from geo.geoparser.record import Document, Name
from geo.model import Candidate, Mention, Place
from geo.names import fold
from geo.recognition import COMPASS_ADJECTIVES, Span
from geo.text import a_or_an, lexicon

__all__ = [
    "FeatureLookup", "article_mention", "feature_candidates", "feature_extents", "feature_mention",
    "names_a_site", "outermost", "placed_in_towns", "ruled_out_mention", "set_aside_features", "settlement_cue",
    "site_mention", "site_named_after", "unnamed_features", "unnamed_sites", "unresolved_mention",
]

_IN_TOWN = re.compile(r",[ \t]*|[ \t]+in[ \t]+")  # "Jamsil Stadium, Seoul", "Royal Street in New Orleans"
_THE_BEFORE = re.compile(r"(?<![\w'’])[Tt]he((?: [a-z]+){0,2}) $")  # "the eastern tropical "


#: Looks up a feature's name and generic word in the gazetteer: its water bodies or landforms, the best first.
FeatureLookup = Callable[[str, str], tuple[Candidate, ...]]
_NAMED_CONFIDENCE = 0.9  # a feature named with its generic word ("Sea of Azov"), by its own name
_ARTICLE_CONFIDENCE = 0.7  # ... named "the X" where no town is meant ("crossed the Dnipro.")
_EMBEDDED_DISCOUNT = 0.7  # ... and inside an organisation's name ("the Black Sea Fleet"), as other names
_ORGANISATION_AFTER = re.compile(r"[ \t]+([A-Z][a-z]+)")  # "Black Sea Fleet": the word after the name


def set_aside_features(doc: Document) -> None:
    """Step 3: set aside the names of water bodies, landforms and streets.

    Mark the names that are part of a water body's, a landform's or a street's name
    (``doc.features``), find the features no gazetteer name is part of (``doc.unnamed``), drop the
    town readings of names written "the X" (``doc.towns_of``, :func:`_drop_towns_written_with_article`),
    and give every water body and landform the gazetteer holds its entries.

    A name inside such a feature gets the feature's entries as its first candidates (the report
    places the feature there: :func:`feature_mention`); so does a name written "the X" that has no
    reading but towns when the gazetteer holds a water body or landform of that name ("crossed the
    Dnipro."). Nowhere else is a water body or a landform a candidate: a bare "Dnipro" is the city.
    """
    spans = [n.span for n in doc.names]
    lookup = _feature_lookup(doc)
    doc.features = feature_extents(doc.text, spans)
    doc.unnamed = unnamed_features(doc.text, spans, doc.features, [n.candidates for n in doc.names], lookup)
    doc.unnamed += _known_features(doc.text, spans, doc.features, doc.unnamed, lookup)
    doc.towns_of = _drop_towns_written_with_article(doc.names, doc.features, doc.gazetteer.name_keys)
    _water_written_with_article(doc, lookup)
    inside: dict[Extent, list[int]] = {}
    for i, extent in doc.features.items():
        inside.setdefault(extent, []).append(i)
    for (start, end, word), members in inside.items():
        if _is_natural(word) or word in FEATURE_KINDS:
            found = lookup(doc.text[start:end], word if _is_natural(word) else "")
            for i in members if found else ():
                doc.names[i].candidates = (*found, *doc.names[i].candidates)


def _is_natural(word: str) -> bool:
    """Tell a water body's or a landform's generic word from a street's, a road's or a building's."""
    return word in lexicon().water_words or word in LANDFORM_WORDS


def _feature_lookup(doc: Document) -> FeatureLookup:
    """Return the document's :data:`FeatureLookup`.

    It gives the gazetteer's features of a name, those nearest the places the text surely names
    first among equally good ones (a second Desna river lies 300 km from the one that flows past
    Chernihiv).
    """
    anchors = list({  # each place once: a long text names its towns many times
        n.candidates[0].place.geonameid: n.candidates[0].place
        for n in doc.names
        if n.reading.verdict == Verdict.PLACE
        and n.candidates
        and n.candidates[0].place.kind in ("settlement", "region")
    }.values())
    remembered: dict[tuple[str, str], tuple[Candidate, ...]] = {}

    def lookup(name: str, word: str) -> tuple[Candidate, ...]:
        found = remembered.get((name, word))
        if found is None:
            found = feature_candidates(doc.gazetteer, name, word)
            found = remembered[name, word] = _nearest_first(found, anchors)
        return found

    return lookup


def feature_candidates(gazetteer: Gazetteer, name: str, word: str) -> tuple[Candidate, ...]:
    """Return the water bodies or landforms a feature's name (with its generic ``word``) is, the best first.

    The name as written ("Kerch Strait", "the Dnipro river" as "Dnipro river"), else, for a name
    the text writes without its generic word ("the eastern Pacific", "the Dnipro"), the name with
    it ("Dnipro River", "Sea of Azov"); :meth:`~geo.gazetteer.Gazetteer.find_features` also takes
    adjective forms ("Kakhovka Reservoir" is GeoNames' "Kakhovske Vodoskhovyshche").
    """
    found = gazetteer.find_features(name, word)
    if found or not word or word in fold(name).split():
        return tuple(found)
    for form in (f"{name} {word}", f"{word} of {name}", f"{word} {name}"):
        if found := gazetteer.find_features(form, word):
            return tuple(found)
    return ()


def _nearest_first(found: Sequence[Candidate], anchors: Sequence[Place]) -> tuple[Candidate, ...]:
    """Equally good candidates ordered by their distance to the nearest anchor (stable otherwise)."""
    if len(found) < 2 or not anchors:
        return tuple(found)

    def distance(c: Candidate) -> float:
        return min(haversine_km(c.place.lat, c.place.lon, a.lat, a.lon) for a in anchors)

    return tuple(sorted(found, key=lambda c: (-c.score, distance(c))))


def _known_features(
    text: str,
    spans: Sequence[Span],
    features: dict[int, Extent],
    unnamed: Sequence[Mention],
    lookup: FeatureLookup,
) -> list[Mention]:
    """Find the water bodies and landforms the gazetteer knows, by a generic word no feature holds yet.

    "Snake Island", "Kinburn Spit", "the Dnipro river", "the river Dnipro": the longest phrase the
    gazetteer knows (:func:`geo.features.feature_phrases`). Also a name no town or region bears,
    written "the X" as rivers' names are ("across the Dnieper.": :func:`geo.features.article_phrases`).

    The gazetteer names inside one join it (``features`` gets them: "Dnipro" in "the Dnipro river" is
    no city); one that crosses its edge keeps its own reading. Returns the features no gazetteer
    name is part of, placed.
    """
    taken = _Extents([(a, b) for a, b, _ in features.values()] + [(m.start, m.end) for m in unnamed])
    starts = [s.start for s in spans]
    found = []
    added: list[tuple[int, int]] = []  # in text order
    for (word_start, word_end, _), phrases in feature_phrases(text):
        if taken.overlap(word_start, word_end) or (added and added[-1][1] > word_start):
            continue  # a feature already found ("Sea of Azov", "the Black Sea")
        at = bisect_left(starts, word_start + 1)
        holder = (spans[at - 1].start, spans[at - 1].end) if at else (0, 0)
        if holder[1] > word_start and holder != (word_start, word_end):
            continue  # the word is part of a longer gazetteer name ("Safety Bay", "the Red Sea region")
        for start, end, word in phrases:
            first = bisect_left(starts, start)
            inside = range(first, bisect_left(starts, end))
            if (first and spans[first - 1].end > start) or any(spans[i].end > end for i in inside):
                continue  # a gazetteer name crosses its edge
            candidates = lookup(text[start:end], word)
            if not candidates:
                continue
            for i in inside:
                features[i] = (start, end, word)
            if not inside:
                found.append(feature_mention(text, start, end, word, towns=candidates))
            added.append((start, end))
            break
    taken = _Extents(taken.extents + added)
    last_end = -1
    for start, end, _ in article_phrases(text):  # "across the Dnieper.": a name only a feature bears
        first = bisect_left(starts, start)
        if (first and spans[first - 1].end > start) or (first < len(spans) and spans[first].start < end):
            continue  # a gazetteer name, read in its context ("crossed the Dnipro.")
        if start < last_end or taken.overlap(start, end):
            continue
        if candidates := lookup(text[start:end], ""):
            word = _generic_word_of(candidates[0].place, text[start:end])
            found.append(feature_mention(text, start, end, word, towns=candidates))
            last_end = end
    return found


class _Extents:
    """Extents of the text, asked whether one overlaps a stretch (in logarithmic time)."""

    def __init__(self, extents: Sequence[tuple[int, int]]) -> None:
        self.extents = sorted(extents)
        self._starts = [a for a, _ in self.extents]
        self._reach = list(accumulate((b for _, b in self.extents), max))  # the furthest end so far

    def overlap(self, start: int, end: int) -> bool:
        """Tell whether an extent overlaps ``[start, end)``."""
        at = bisect_left(self._starts, end)  # the extents that start before it ends ...
        return bool(at) and self._reach[at - 1] > start  # ... one of which ends after it starts


def _water_written_with_article(doc: Document, lookup: FeatureLookup) -> None:
    """Read a name written "the X" that has no reading but towns as the water body or landform of that name.

    Only when the gazetteer holds one ("crossed the Dnipro.": the river Dnieper). The name joins
    ``doc.features``, as the name of a feature, with its generic word (:func:`_generic_word_of`).
    """
    for i in doc.towns_of:
        name = doc.names[i]
        if name.candidates or name.reading.verdict != Verdict.PLACE or i in doc.features:
            continue
        if not name.reading.prefer_region:
            continue  # another occurrence of a name written "the X" elsewhere: no feature of its own
        if found := lookup(name.span.text, ""):
            word = _generic_word_of(found[0].place, name.span.text)
            doc.features[i] = (name.span.start, name.span.end, word)


def _drop_towns_written_with_article(
    names: Sequence[Name], features: Mapping[int, Extent], name_keys: Collection[str]
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
        if n.reading.verdict != Verdict.REJECT and i not in features and takes_article(n.span, name_keys)
    ]
    if not articled:
        return {}
    marked = set(articled)
    sure_elsewhere = {
        n.span.key for i, n in enumerate(names) if i not in marked and n.reading.verdict == Verdict.PLACE
    }
    keys = {names[i].span.key for i in articled} - sure_elsewhere
    affected = marked | {i for i, n in enumerate(names) if n.span.key in keys}
    towns_of = {}
    for i in sorted(affected):
        name = names[i]
        towns_of[i] = name.candidates
        name.candidates = tuple(c for c in name.candidates if c.place.kind != "settlement")
        if i in marked:
            name.reading = replace(name.reading, prefer_region=True)
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
    "the Marigny family" the name qualifies a noun. The words between are no function words or
    settlement nouns: "the city of Dnipro" is the city.
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
        between = article.group(1).split() if article is not None else ()
        if article is None or any(w in lex.function_words or w in lex.settlement_nouns for w in between):
            continue  # "the city of Dnipro" is the city, not "the eastern Dnipro"
        ends = not s.next or s.next_gap.strip() or fold(s.next) in lex.function_words
        if article.group(1) or ends:
            found[i] = (s.start, s.end, word)


def unnamed_features(
    text: str,
    spans: Sequence[Span],
    features: dict[int, Extent],
    candidates: Sequence[tuple[Candidate, ...]] = (),
    lookup: FeatureLookup | None = None,
) -> list[Mention]:
    """Water bodies, streets and numbered roads that no gazetteer name is part of ("the Black
    Sea", "Royal Street", "the M03"): unplaced, but for the water bodies ``lookup`` finds in the
    gazetteer ("the Black Sea", from Natural Earth's seas).

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
            known = lookup(text[start:end], word) if lookup is not None and _is_natural(word) else ()
            found.append(feature_mention(text, start, end, word, towns=known))
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
    crossed = _Extents(taken)
    return [
        feature_mention(text, start, end, word, towns=())
        for start, end, word in named_sites(text)
        if not crossed.overlap(start, end)
    ]


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
    """Report a sea, a river, an island, a street or a square by its whole name.

    A water body or a landform among ``towns`` (the candidates considered, put first by
    :func:`set_aside_features`) places it there, with the reason; any other feature is unplaced: the
    offline gazetteer holds no streets or buildings, nor every water body.
    """
    lex = lexicon()
    feature = next((c for c in towns if c.place.kind in FEATURE_KINDS), None)
    if feature is not None:
        return _placed_feature(text, start, end, word, feature, towns)
    if word in lex.water_words or word in LANDFORM_WORDS:
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


def _placed_feature(
    text: str, start: int, end: int, word: str, feature: Candidate, considered: Sequence[Candidate]
) -> Mention:
    """Report a water body or a landform the gazetteer holds at its point.

    The text names it with its generic word ("Sea of Azov") or writes "the X" where no town is
    meant ("crossed the Dnipro.").
    """
    place = feature.place
    source = f"GeoNames {place.geonameid}" if place.geonameid else "Natural Earth's marine areas"
    what = f"{place.name}, in the offline gazetteer ({source})"
    if feature.matched_name not in (place.name, text[start:end]):
        what += f" as {feature.matched_name!r}"
    name = text[start:end]
    if not any(_is_natural(w) for w in fold(name).split()):  # "the Dnipro": no generic word written
        towns = ", not towns" if any(c.place.kind not in FEATURE_KINDS for c in considered) else ""
        kind = f"the {word} " if _is_natural(word) else ""
        why = f"written 'the {name}', as rivers and seas are{towns}: {kind}{what}"
        confidence = _ARTICLE_CONFIDENCE
    else:
        why = f"{a_or_an(word) if _is_natural(word) else 'a water body'}: {what}"
        confidence = _NAMED_CONFIDENCE
    organisation = _ORGANISATION_AFTER.match(text, end)
    if organisation and fold(organisation.group(1)) in lexicon().organisation_words:
        # "the Black Sea Fleet": the sea names the fleet, as "Donbass" names a battalion
        return Mention(
            text=name,
            start=start,
            end=end,
            place=place,
            confidence=round(confidence * feature.score * _EMBEDDED_DISCOUNT, 3),
            candidates=tuple(considered[:10]),
            metonymic=True,
            reasons=(f"embedded in a name: {name} {organisation.group(1)}; {why}",),
            embedded=True,
        )
    return Mention(
        text=name,
        start=start,
        end=end,
        place=place,
        confidence=round(confidence * feature.score, 3),
        candidates=tuple(considered[:10]),
        reasons=(why,),
    )


def _generic_word_of(place: Place, name: str) -> str:
    """Return the generic word the gazetteer writes with a feature's name, or its kind.

    "river" for the Dnieper's "Dnipro" ("Dnipro River"); "water" or "landform" when it writes none.
    """
    key = fold(name).split()
    for other in (place.name, *place.alternate_names):
        words = fold(other).split()
        if words[:-1] == key and _is_natural(words[-1]):
            return words[-1]
        if words[1:] == key and _is_natural(words[0]):
            return words[0]
    return place.kind


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
