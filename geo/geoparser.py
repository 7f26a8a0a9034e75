"""The geoparser: text → every place name, with its span, its place and why.

>>> from geo.gazetteer import Gazetteer
>>> gaz = Gazetteer.open()                                          # doctest: +SKIP
>>> [(m.text, m.place.name) for m in geoparse("Shelling near Mariupol.", gaz)]  # doctest: +SKIP
[('Mariupol', 'Mariupol')]

Steps: :mod:`geo.recognition` finds gazetteer names in one regex pass; :mod:`geo.evidence` reads
each in its context (person, organisation, common word, place, metonymy); :mod:`geo.resolution`
chooses among the candidates with the document's geography; names that were only plausible
(``maybe``) are kept when they fit that geography.
"""

from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from functools import cache, partial

from geo.errors import InputError
from geo.evidence import Reading, Reason, Verdict, Weight, codes, read_span, region_word
from geo.gazetteer import Gazetteer, haversine_km
from geo.model import Candidate, Mention, Place, ReasonCode
from geo.names import fold
from geo.recognition import (
    UPPER_LETTERS,
    Span,
    find_postal_codes,
    find_spans,
    find_state_abbreviations,
    find_unknown_names,
    span_at,
)
from geo.recognition import clear_cache as recognition_cache_clear
from geo.resolution import CONTAINERS, Choice, Group, resolve_groups, ruled_out
from geo.spatial import PlaceGrid, relations
from geo.text import fold_word, lexicon, sentence_span
from geo.unplaced import (
    article_mention,
    drop_towns_written_with_article,
    feature_extents,
    feature_mention,
    names_a_site,
    outermost,
    placed_in_towns,
    ruled_out_mention,
    settlement_cue,
    site_mention,
    site_named_after,
    unnamed_features,
    unnamed_sites,
    unresolved_mention,
)

__all__ = ["DEFAULT_MAX_CHARS", "clear_caches", "geoparse", "sentence_span"]

DEFAULT_MAX_CHARS = 20_000_000
_MAYBE_KM = 150.0  # a plausible name is kept when it lies this close to a sure place
_EXONYM_POPULATION = 1_000_000  # a city or region this big is surely meant by its English name
_OWN_NAME_TOWN = 50_000  # a town this big bearing the name as its own makes the name no foreign one
# A town in a country no other place of the text is in needs to be this big to be sure: with a
# cue before it ("in Rehab" in a Cairo story), or, read for its weight alone, without one ("Mary").
_ABROAD_CUED = 20_000
_ABROAD_UNCUED = 200_000
_LARGE_REGION = 1_000_000  # a region this big is not refused for being named with common words
_ALONE_POPULATION = 10_000  # a plausible name alone in a text is kept when its town is this big
_DOMINANT = 3.0  # ... and when it is this many times bigger than its largest namesake
_NO_CUE = "no cue in its sentence"
_VARIANT = "a spelling the gazetteer knows only as a variant"
_ONLY = "kept as the text's only geography"
_UNCUED = ((ReasonCode.WELL_KNOWN,), (ReasonCode.ACTOR,))  # a place for its weight or as an actor alone
_LISTABLE = (Verdict.PLACE, Verdict.MAYBE)  # the verdicts of names that a list joins
# confidence of a mention the context does not confirm
_DISCOUNT = {Verdict.MAYBE: 0.7, Verdict.EMBEDDED: 0.7}
_ALONE_DISCOUNT = 0.5  # ... and of a plausible name kept with nothing to confirm it
_FOCUS_GIVEN = 3.0  # weight of a caller's country focus, in "mentions"
_FOCUS_DEMONYM = 0.5
# Look-behinds follow the first letter: the regex engine then skips ahead to candidate letters.
_CAPWORD = re.compile(
    rf"[{UPPER_LETTERS}](?<![\w'’][{UPPER_LETTERS}])[a-z\u00df-\u024f\u0430-\u045f]+(?![\w'’])"
)
# Two or more title-case words in a row, where a multi-word demonym may be ("South Africans").
_CAPITALISED_RUN = re.compile(rf"{_CAPWORD.pattern}(?:[ -]{_CAPWORD.pattern})+")
_LOWER = r"a-z\u00df-\u024f\u0430-\u045f"
# A title-case word, with an inner capital after "Mc"/"Mac"/"De"-like prefixes ("McGregor").
_NAME_WORD = rf"[{UPPER_LETTERS}][{_LOWER}]+(?:[{UPPER_LETTERS}][{_LOWER}]+)?"
_NAME_START = rf"[{UPPER_LETTERS}](?<![\w'’.][{UPPER_LETTERS}])[{_LOWER}]+(?:[{UPPER_LETTERS}][{_LOWER}]+)?"
_NAME_RUN = re.compile(rf"({_NAME_START})(?:[ ]+{_NAME_WORD})?[ ]+({_NAME_WORD})(?![\w'’-])")
_NOT_LETTER = re.compile(r"[\W_]+")
# A speaker named after the verb, at a clause end: '"...," said Noma.' (a person, not NoMa, D.C.)
# One pattern per verb: each starts with its word, which the engine finds as fast as str.find.
_SPEAKER_AFTER = tuple(
    re.compile(rf"{verb}(?<![\w'’]{verb}) ({_NAME_WORD})(?=[.,;:!?]|$)")
    for verb in (
        "said",
        "says",
        "added",
        "adds",
        "asked",
        "explained",
        "recalled",
        "wrote",
        "insisted",
        "warned",
        "noted",
        "replied",
    )
)
_LAST_WORD = re.compile(r"\b([a-z]+)\s+$")
_WORD_CHAR = re.compile(r"[\w'’]")
# A lower-case word: the look-behind follows the first letter, so the engine skips ahead in C.
_LOWER_WORD = re.compile(r"[a-z](?<![\w'’][a-z])[a-z]*(?![\w'’])")
_SEARCHED_WORDS = 32  # words looked for one by one before all lower-case words are collected
_CANDIDATE_CACHE: dict[tuple, tuple[Candidate, ...]] = {}
_CACHE_LIMIT = 100_000
_CANDIDATES = 25  # the most populous namesakes considered per name
# The generic words by which the gazetteer names first-level units ("Kursk Oblast", "Krasnodar
# Krai", "Idlib Governorate"): the text may call them "the Kursk region".
_UNIT_WORDS = ("Oblast", "Krai", "Kray", "Region", "Province", "Governorate", "Prefecture", "State", "County")


def geoparse(
    text: str,
    gazetteer: Gazetteer,
    *,
    country_focus: Sequence[str] = (),
    max_chars: int = DEFAULT_MAX_CHARS,
) -> list[Mention]:
    """Return every place name of ``text`` in document order, resolved in context.

    Parameters
    ----------
    text
        Any English text (news prose, captions, datelines); at most ``max_chars`` characters.
    gazetteer
        The place index (:meth:`Gazetteer.open`).
    country_focus
        ISO 3166-1 alpha-2 codes the document is known to be about (e.g. ``("UA",)``).
    max_chars
        Longer input is refused with :class:`InputError` rather than processed.

    Returns
    -------
    list[Mention]
        One mention per occurrence; ``place`` is None for a settlement the text names ("the
        village of Robotyne") that the gazetteer does not know. Embedded names
        ("Luhansk People's Republic") and metonymic ones ("a defeat for Kiev") are included
        and flagged. ``text[m.start:m.end] == m.text`` always holds.
    """
    if not isinstance(text, str):
        raise InputError(f"text must be a str, not {type(text).__name__}")
    if len(text) > max_chars:
        raise InputError(f"text too long: {len(text):,} characters (the limit is {max_chars:,})")
    if not text.strip():
        return []
    if isinstance(country_focus, str):  # one code given as a plain string
        country_focus = (country_focus,)
    focus = [c.upper() for c in country_focus if isinstance(c, str) and len(c) == 2]
    demonym_counts = _demonym_countries(text, gazetteer.demonym_keys, gazetteer)
    spans, candidates, variants, fixed = _find_names(text, gazetteer, demonym_counts)
    if not spans:
        found = unnamed_features(text, [], {})
        return sorted(found + unnamed_sites(text, [(m.start, m.end) for m in found]), key=lambda m: m.start)
    readings = _read(text, gazetteer, spans, candidates, variants, fixed)
    features = feature_extents(text, spans)
    unnamed = unnamed_features(text, spans, features, candidates)
    towns_of = drop_towns_written_with_article(spans, readings, candidates, features, gazetteer.name_keys)
    kept = [
        i
        for i, r in enumerate(readings)
        if r.verdict != Verdict.REJECT and candidates[i] and i not in features
    ]
    countries: Counter[str] = Counter({cc: _FOCUS_GIVEN for cc in focus})
    for cc, count in demonym_counts.items():
        countries[cc] += _FOCUS_DEMONYM * count
    namesakes_in = partial(_namesakes_in, gazetteer)
    groups, group_of = _groups(text, kept, readings, candidates, fixed, namesakes_in)
    # a city known by that name only in another language ("Hamas" for Hamm) must fit the text
    foreign = [_foreign_name_only(readings[i], candidates[i]) for i in kept]
    verdicts = [
        Verdict.MAYBE if other else readings[i].verdict for i, other in zip(kept, foreign, strict=True)
    ]
    cued = [codes(readings[i]) not in _UNCUED for i in kept]
    exact = [spans[i].start not in variants for i in kept]
    # a name inside another name, or one that weighs only by another name, fits at country level;
    # one named once, inside a site's name ("Rogers Centre"), must lie near the text's places
    guessed = [
        other
        or readings[i].verdict == Verdict.EMBEDDED
        and (not names_a_site(spans[i]) or len(groups[group_of[pos]].members) > 1)
        for pos, (i, other) in enumerate(zip(kept, foreign, strict=True))
    ]
    why: dict[int, Reason] = {}
    choices = resolve_groups(
        groups,
        countries=countries,
        keep=lambda places: _accepted(
            groups, places, verdicts, exact, guessed, cued, (set(focus), set(countries)), why
        ),
    )
    excluded = ruled_out(groups, choices)  # "Pavlivka, south-west of Vuhledar": not one 650 km away
    resolved = []
    for pos, i in enumerate(kept):
        choice = choices[g := group_of[pos]]
        if choice is not None:
            mention = _mention(readings[i], choice, text, why.get(g))
            resolved.append(
                ruled_out_mention(mention, choice.place, excluded[g]) if g in excluded else mention
            )
    sites = [  # "Rogers Centre" far from the text's places: the site is not in Rogers, Arkansas
        site_mention(readings[i].span, text, candidates[i])
        for pos, i in enumerate(kept)
        if choices[group_of[pos]] is None
        and readings[i].verdict == Verdict.EMBEDDED
        and site_named_after(spans[i])
    ]
    placed = {m.start for m in resolved}
    named = {m.start: m.text for m in resolved if m.place is not None}
    unknown = _unknown_settlements(text, readings, candidates, variants, placed, named)
    unknown += [
        article_mention(readings[i].span, text, towns)
        for i, towns in towns_of.items()
        if not candidates[i] and readings[i].verdict == Verdict.PLACE and i not in features
    ]
    located = sites + [
        feature_mention(text, *where, towns=candidates[i]) for i, where in outermost(features).items()
    ]
    located += unnamed
    taken = [(m.start, m.end) for m in resolved + unknown + located]
    taken += [(r.span.start, r.span.end) for r in readings if r.verdict in (Verdict.PLACE, Verdict.EMBEDDED)]
    unknown += placed_in_towns(text, located + unnamed_sites(text, taken), resolved)
    return sorted(resolved + unknown, key=lambda m: m.start) if unknown else resolved


def _find_names(
    text: str, gazetteer: Gazetteer, demonym_counts: Mapping[str, int]
) -> tuple[list[Span], list[tuple[Candidate, ...]], set[int], dict[int, str]]:
    """Every gazetteer name, state abbreviation, cued unknown word and initialism of a named
    country, with their candidates; the starts of the variant spellings; and, by start, why the
    state abbreviations and initialisms are places whatever their context.
    """
    spans = find_spans(text, gazetteer.name_keys)
    abbreviations = find_state_abbreviations(text) + _postal_codes_after_towns(text, spans, gazetteer)
    states = {s.start: name for s, name in abbreviations}
    # an abbreviation is no unknown name ("in Fresno, Calif." lists no "Calif")
    unknown = find_unknown_names(text, gazetteer.name_keys, spans + [s for s, _ in abbreviations])
    spans = [s for s in spans if s.start not in states] + [s for s, _ in abbreviations]
    spans = sorted(spans + unknown, key=lambda s: s.start)
    path = str(gazetteer.path)
    candidates = [_candidates(gazetteer, path, s, states.get(s.start)) for s in spans]
    _add_short_forms(spans, candidates)
    fixed = dict.fromkeys(states, "a state's or province's abbreviation after a town")
    fixed |= _add_initialisms(text, spans, candidates, gazetteer, demonym_counts)
    return spans, candidates, {s.start for s in unknown}, fixed


_CAPITALISED_NEXT = re.compile(r"[ \t]+[A-Z]")


def _add_initialisms(
    text: str,
    spans: list[Span],
    candidates: list[tuple[Candidate, ...]],
    gazetteer: Gazetteer,
    demonym_counts: Mapping[str, int],
) -> dict[int, str]:
    """Read the initials of a country or first-level region the text names in full (or by its
    demonym) as that place: "SA" in a story about South Africa ("South Africans"), "T&T" after
    "Trinidad and Tobago", "DRC" after "the Democratic Republic of the Congo".

    Updates ``spans`` and ``candidates`` in place (a new span for initials the gazetteer does not
    know, new candidates for those it knows as another place: "SA" is also Saudi Arabia's code);
    returns the initialisms' starts, each with why it is the place. Initials two named places
    share are left alone.
    """
    named = [
        found[0].place
        for span, found in zip(spans, candidates, strict=True)
        if found
        and " " in span.key
        and found[0].place.kind in ("country", "region")
        and fold(found[0].place.name) == span.key
    ]
    named += [p for cc in demonym_counts if (p := gazetteer.country(cc)) is not None]
    owners: dict[str, set[Place]] = {}
    for place in named:
        for form in _initials(place.name):
            owners.setdefault(form, set()).add(place)
    forms = {form: next(iter(places)) for form, places in owners.items() if len(places) == 1}
    if not forms:
        return {}
    at = {s.start: i for i, s in enumerate(spans)}
    abbreviations = lexicon().country_abbreviations
    found_at: dict[int, str] = {}
    for start, end in sorted(where for form in forms for where in _written_alone(text, form)):
        form = text[start:end]
        place = forms[form]
        i = at.get(start)
        if i is not None and (spans[i].end != end or spans[i].key in abbreviations):
            continue  # inside a longer name, or an abbreviation read as a place anyway ("US", "UK")
        if _CAPITALISED_NEXT.match(text, end) or text[start - 1 : start] == "(":
            continue  # a name's first word ("NJ Advance Media"), or where the text defines it ("... (SWA)")
        why = f"short for {place.name}, which the text names"
        short = (Candidate(place, 1.0, form, (why,)),)
        if i is None:
            spans.append(span_at(text, start, end))
            candidates.append(short)
        else:
            candidates[i] = short
        found_at[start] = why
    if found_at:
        order = sorted(range(len(spans)), key=lambda k: spans[k].start)
        spans[:], candidates[:] = [spans[k] for k in order], [candidates[k] for k in order]
    return found_at


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
            c.place.admin1 == state and c.place.country == country for c in _find(gazetteer, path, town.text)
        ):
            kept.append((code, (state, country)))
    return kept


def _add_short_forms(spans: Sequence[Span], candidates: list[tuple[Candidate, ...]]) -> None:
    """Let a country named "X and Y" in the text be a reading of its short form "X" there too.

    News names "Trinidad and Tobago" or "Antigua and Barbuda" once and then writes "Trinidad"
    or "Antigua", which the gazetteer knows only as towns elsewhere (Trinidad, Colorado).
    Updates ``candidates`` in place.
    """
    short: dict[str, Place] = {}
    for span, found in zip(spans, candidates, strict=True):
        if " and " in span.key:
            for c in found:
                if c.place.kind == "country" and fold(c.place.name) == span.key:
                    short.setdefault(span.key.split(" and ")[0], c.place)
    if not short:
        return
    for i, span in enumerate(spans):
        country = short.get(span.key)
        if country is not None and all(c.place.geonameid != country.geonameid for c in candidates[i]):
            why = f"short for {country.name}, which the text names"
            candidates[i] = (Candidate(country, 1.0, span.text, (why,)), *candidates[i])


def _read(
    text: str,
    gazetteer: Gazetteer,
    spans: list[Span],
    candidates: list[tuple[Candidate, ...]],
    variants: set[int],
    fixed: Mapping[int, str],
) -> list[Reading]:
    """Read every span in its context; names found only as spelling variants stay plausible."""
    weight_of: dict[int, Weight] = {}
    weights = [weight_of.get(id(c)) or weight_of.setdefault(id(c), _weight(c)) for c in candidates]
    heavy = {s.key for s, w in zip(spans, weights, strict=True) if w in ("major", "territory")}
    is_lower = _lower_words(text)
    names = _name_words(text, gazetteer.name_keys, heavy, is_lower)
    readings = []
    seen: dict[tuple, Reading] = {}  # a name in the same context reads the same ("Kiev Kiev Kiev")
    for span, weight, found in zip(spans, weights, candidates, strict=True):
        if span.start in fixed:
            readings.append(Reading(span, Verdict.PLACE, (Reason(fixed[span.start]),)))
            continue
        context = (*_context(span), weight, span.start in variants)
        reading = seen.get(context)
        if reading is not None:
            readings.append(
                Reading(span, reading.verdict, reading.reasons, reading.metonymic, reading.prefer_region)
            )
            continue
        reading = read_span(
            span,
            weight,
            demonyms=gazetteer.demonym_keys,
            name_words=names,
            is_lower_word=is_lower,
            place_words=gazetteer.name_keys,
        )
        if codes(reading) == (ReasonCode.COMMON_PHRASE,) and any(
            c.place.kind == "region" and c.place.population >= _LARGE_REGION for c in found
        ):  # "the West Bank", "North West" (South Africa's province): the region must fit the text
            reading = Reading(span, Verdict.MAYBE, ())
        if span.start in variants and reading.verdict == Verdict.PLACE:  # a variant must fit the text
            reading = Reading(span, Verdict.MAYBE, reading.reasons, reading.metonymic, reading.prefer_region)
        elif reading.prefer_region and reading.verdict == Verdict.PLACE and not _has_area(found):
            # "Morris County" with no such county in the gazetteer: its namesake town is a guess
            reading = Reading(span, Verdict.MAYBE, reading.reasons, reading.metonymic, reading.prefer_region)
        readings.append(reading)
        seen[context] = reading
    readings = _spread_cues(text, readings, variants)
    return _town_before_region(text, _spread_regions(text, _spread_metonymy(text, readings)), candidates)


def _unknown_settlements(
    text: str,
    readings: list[Reading],
    candidates: list[tuple[Candidate, ...]],
    variants: set[int],
    placed: set[int],
    named: Mapping[int, str],
) -> list[Mention]:
    """Names the gazetteer does not place that the text calls settlements (:func:`settlement_cue`),
    and those listed after one ("the villages of Robotyne, Verbove and Kopani"), unplaced.
    """
    found = []
    settled = False  # the reading before is one the text calls a settlement
    listed = False  # ... in a list with commas, or after a plural ("the villages of")
    for i, r in enumerate(readings):
        cue = settlement_cue(r.span, text, named) if r.verdict != Verdict.REJECT else ""
        if cue:
            listed = r.span.prev2.endswith("s") and fold(r.span.prev2) in lexicon().settlement_nouns
        elif settled and _joined(text, readings[i - 1], r):
            # "shelled Kharkiv and Biden condemned it" joins two clauses, not two places
            listed = listed or "," in text[readings[i - 1].span.end : r.span.start]
            cue = f"listed with {readings[i - 1].span.text}" if listed else ""
        settled = bool(cue)
        if cue and r.span.start in variants and r.span.start not in placed:
            found.append(unresolved_mention(r.span, text, candidates[i], cue))
    return found


def _foreign_name_only(reading: Reading, candidates: Sequence[Candidate]) -> bool:
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
    if reading.verdict != Verdict.PLACE or codes(reading) != (ReasonCode.WELL_KNOWN,):
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


def _has_area(candidates: Sequence[Candidate]) -> bool:
    """Tell whether a candidate is a region or a country, as "the X region" or "X County" asks."""
    return any(c.place.kind in ("region", "country") for c in candidates)


def _context(span: Span) -> tuple:
    """Everything of a span that :func:`read_span` looks at: all but its offsets."""
    return (
        span.text,
        span.key,
        span.words,
        span.prev,
        span.prev_gap,
        span.prev2,
        span.next,
        span.next_gap,
        span.next2,
        span.possessive,
        span.upper,
        span.chunk_before,
        span.chunk_after,
        span.chunk_before is span.chunk_after,
        span.prev_opens_sentence,
        span.run_end,
    )


def clear_caches() -> None:
    """Forget the candidates and chunk readings remembered from earlier texts (for benchmarks)."""
    _CANDIDATE_CACHE.clear()
    recognition_cache_clear()


def _candidates(
    gazetteer: Gazetteer, path: str, span: Span, state: tuple[str, str] | None
) -> tuple[Candidate, ...]:
    """Candidates of a span; a short word must match a name in its own case ("La" is not "LA")."""
    if state is not None:
        name, country = state
        found = _find(gazetteer, path, name)
        return tuple(c for c in found if c.place.kind == "region" and c.place.country == country)
    found = _find(gazetteer, path, span.text)
    if len(span.text) <= 3:
        letters = _NOT_LETTER.sub("", span.text)
        found = tuple(c for c in found if _NOT_LETTER.sub("", c.matched_name) == letters)
    if span.next_gap == " " and span.next[:1].islower() and region_word(span.next):
        # "the Volnovakha district", "the Kursk region": the unit is indexed by its whole name
        # ("Kursk Oblast"), the town by its own
        ids = {c.place.geonameid for c in found}
        units = []
        for generic in dict.fromkeys((span.next, *_UNIT_WORDS)):
            for c in _find(gazetteer, path, f"{span.text} {generic}", variants=False):
                if c.place.kind == "region" and c.place.geonameid not in ids:
                    ids.add(c.place.geonameid)
                    units.append(c)
        found = (*units, *found)
    return found


def _namesakes_in(gazetteer: Gazetteer, name: str, admin1_codes: set[str]) -> tuple[Candidate, ...]:
    """The places called ``name`` in these first-level regions (remembered like :func:`_find`)."""
    key = (str(gazetteer.path), name, tuple(sorted(admin1_codes)))
    return _remembered(key, lambda: gazetteer.find_in(name, admin1_codes, limit=_CANDIDATES))


def _find(gazetteer: Gazetteer, path: str, name: str, *, variants: bool = True) -> tuple[Candidate, ...]:
    key = (path, name, variants)  # the index's path: one process may open several
    if key not in _CANDIDATE_CACHE and not variants and fold(name) not in gazetteer.name_keys:
        return ()  # no such name ("Donetsk Region"): no need to ask the index
    return _remembered(key, lambda: gazetteer.find(name, variants=variants, limit=_CANDIDATES))


def _remembered(key: tuple, lookup: Callable[[], Sequence[Candidate]]) -> tuple[Candidate, ...]:
    """Return the candidates remembered under ``key``, looking them up once (the cache is bounded)."""
    found = _CANDIDATE_CACHE.get(key)
    if found is None:
        if len(_CANDIDATE_CACHE) > _CACHE_LIMIT:
            _CANDIDATE_CACHE.clear()
        found = _CANDIDATE_CACHE[key] = tuple(lookup())
    return found


def _weight(candidates: Sequence[Candidate]) -> Weight:
    best = 0
    for c in candidates:
        place = c.place
        if place.kind in ("country", "continent", "water"):
            return "territory"
        best = max(best, place.population)
    return "major" if best >= 100_000 else "medium" if best >= 10_000 else "minor"


def _lower_words(text: str) -> Callable[[str], bool]:
    """A test "is this word also written in lower case in the text?", remembered per word.

    The first words asked about are searched for (a substring search in C, then a look at the
    characters either side); after :data:`_SEARCHED_WORDS` of them, every lower-case word of the
    text is collected once, so that a long text with many names is still read in linear time.
    """
    known: dict[str, bool] = {}
    collected: list[set[str]] = []

    def is_lower(word: str) -> bool:
        found = known.get(word)
        if found is None:
            if collected or len(known) >= _SEARCHED_WORDS:
                if not collected:
                    collected.append(set(_LOWER_WORD.findall(text)))
                found = known[word] = word in collected[0]
            else:
                plain = word.isascii() and word.isalpha() and word.islower()
                found = known[word] = plain and _whole_word_in(text, word)
        return found

    return is_lower


def _whole_word_in(text: str, word: str) -> bool:
    """True when ``word`` occurs in ``text`` with no letter, digit or apostrophe either side."""
    at = text.find(word)
    while at >= 0:
        end = at + len(word)
        if not (at and _WORD_CHAR.match(text, at - 1)) and not _WORD_CHAR.match(text, end):
            return True
        at = text.find(word, at + 1)
    return False


def _name_words(
    text: str, name_keys: frozenset[str], heavy: set[str], is_lower: Callable[[str], bool]
) -> frozenset[str]:
    """First names and surnames: the ends of runs of 2-3 capitalised words that are no place, and
    single names of speakers ('..., said Noma.').

    A run of three that starts with a well-known place ("Hawaii Pacific Health") is taken for an
    organisation's name rather than a person's, and so is a run that ends with one after a word
    the text also writes in lower case ("Baseball Toronto"); a well-known place never becomes a
    first name.
    """
    lex = lexicon()
    generic = _generic_name_words()
    words = set()
    for match in _NAME_RUN.finditer(text):
        run = match.group()
        before = _LAST_WORD.search(text, max(0, match.start() - 20), match.start())
        if before and before.group(1) in lex.locative:
            continue  # "in Eastern Ghouta", "at Brands Hatch": a place, not a person
        keys = [fold_word(w) for w in run.split()]
        if any(k in generic for k in keys) or " ".join(keys) in name_keys:
            continue  # "Glenrock Lagoon", "Courthouse Ballyjamesduff": a feature or a site
        if len(keys) == 3 and keys[0] in heavy or keys[-1] in heavy and is_lower(keys[0]):
            continue
        if keys[0] not in heavy:  # "Dubai Turf", "Boston Globe": a place names the thing
            words.add(keys[0])
        words.add(keys[-1])
    words.update(
        key for verb in _SPEAKER_AFTER for w in verb.findall(text) if (key := fold_word(w)) not in heavy
    )
    return frozenset(words)


@functools.cache
def _generic_name_words() -> frozenset[str]:
    """Words that make a run of capitalised words a feature's, a site's, an organisation's or an operation's name."""
    lex = lexicon()
    return frozenset(
        lex.common_nouns | lex.feature_words | lex.water_words | lex.facility_words | lex.operation_words
    )


def _demonym_countries(text: str, demonyms: frozenset[str], gazetteer: Gazetteer) -> Counter[str]:
    """The countries of the text's demonyms, counted once per occurrence: "Ukrainian" and
    "Ukrainians" (UA), "South African" and "South Africans" (ZA, not Africa's "African").
    """
    found: Counter[str] = Counter()

    def count(words: str, times: int = 1) -> bool:
        key = _singular(fold(words), demonyms)
        if key is None:
            return False
        if country := gazetteer.demonym_country(key):
            found[country] += times
        return True

    words = Counter(_CAPWORD.findall(text))
    inside: Counter[str] = Counter()  # the words of multi-word demonyms, not counted alone
    ends, longest = _demonym_ends(demonyms)
    if any(_singular(fold(word), ends) for word in words):
        for run in _CAPITALISED_RUN.finditer(text):
            parts = run.group().replace("-", " ").split()
            free = 0  # the first word not yet part of a demonym found
            for j in range(1, len(parts)):  # at each word that may end one, the longest ending there
                if not _singular(fold(parts[j]), ends):
                    continue
                first = next(
                    (i for i in range(max(free, j - longest + 1), j) if count(" ".join(parts[i : j + 1]))),
                    None,
                )
                if first is not None:
                    inside.update(parts[first : j + 1])
                    free = j + 1
    for word, times in words.items():
        if times > inside[word]:
            count(word, times - inside[word])
    return found


def _singular(key: str, keys: frozenset[str]) -> str | None:
    """``key`` if it is one of ``keys``, or its singular if that is ("ukrainians"), else None."""
    if key in keys:
        return key
    return key[:-1] if key.endswith("s") and key[:-1] in keys else None


@functools.cache
def _demonym_ends(demonyms: frozenset[str]) -> tuple[frozenset[str], int]:
    """The last words of the demonyms of several words ("african" of "south african"), and the
    most words one has."""
    several = [key.split() for key in demonyms if " " in key]
    return frozenset(words[-1] for words in several), max((len(words) for words in several), default=0)


def _spread_cues(text: str, readings: list[Reading], variants: set[int]) -> list[Reading]:
    """Names listed after a cued one share its cue: "shelled Robotyne, Verbove and Mala
    Tokmachka", "in Kharkiv, Sumy and Poltava". Only names with no cue of their own and spelled
    as the gazetteer spells them take it; a name it does not know passes it on down the list.
    """
    out = list(readings)
    reason: Reason | None = None  # the cue of the list the name before is in
    for i, b in enumerate(out):
        if i == 0 or not _joined(text, out[i - 1], b):
            reason = None
        own = b.reasons[0] if b.reasons and b.verdict != Verdict.REJECT else None
        if own is not None and own.code not in (ReasonCode.WELL_KNOWN, ReasonCode.ACTOR):
            # "In Houston, Lamar and Austin attended": the comma closes the opening phrase; in
            # "Krynky, near Kherson, and Pyatykhatky", "near" relates Kherson to Krynky only
            opener = own.code == ReasonCode.OPENING_CUE and text[b.span.end : b.span.end + 1] == ","
            listed = Reason(f"listed with {b.span.text}, {own.text}")
            reason = None if opener or _relative(text, b.span) else listed
        elif reason and b.verdict == Verdict.MAYBE and not b.reasons and b.span.start not in variants:
            out[i] = Reading(b.span, Verdict.PLACE, (reason,), b.metonymic, b.prefer_region)
    return out


def _relative(text: str, span: Span) -> bool:
    """True when the name is a point of reference set off by a comma: "Krynky, near Kherson",
    "Pavlivka, south-west of Vuhledar" (not "advanced near Bakhmut, Soledar and Siversk")."""
    return _REFERENCE_BEFORE.search(text, max(0, span.start - 40), span.start) is not None


# ", near ", ", outside ", ", 10 km south-west of the "
_REFERENCE_BEFORE = re.compile(
    r",[ \t]+(?:near|outside|(?:[\w.]+[ \t]+){0,2}(?:\w+-)?(?:north|south|east|west)\w*[ \t]+of)"
    r"[ \t]+(?:the[ \t]+)?$"
)


def _spread_metonymy(text: str, readings: list[Reading]) -> list[Reading]:
    """Names joined in a list share a government reading: "Kiev and Donetsk said", "the leaders of
    France, Germany and Ukraine".
    """
    out = list(readings)
    for i in range(len(out) - 2, -1, -1):  # backwards: the verb follows the last name
        a, b = out[i], out[i + 1]
        if b.metonymic and not a.metonymic and _joined(text, a, b) and b.span.next_gap.strip() == "":
            out[i] = Reading(a.span, a.verdict, a.reasons, True, a.prefer_region)
    chain = False
    for i in range(len(out) - 1):  # forwards: the cue precedes the first name
        a, b = out[i], out[i + 1]
        chain = a.metonymic and (chain or a.span.prev == "of") and _joined(text, a, b)
        if chain and not b.metonymic:
            out[i + 1] = Reading(b.span, b.verdict, b.reasons, True, b.prefer_region)
    return out


def _spread_regions(text: str, readings: list[Reading]) -> list[Reading]:
    """Names joined in a list after or before a plural territory word are territories: "the
    Donetsk and Luhansk regions", "states such as California or Washington".
    """
    out = list(readings)
    chain = False
    for i in range(len(out) - 2, -1, -1):  # backwards from "... and Luhansk regions"
        a, b = out[i], out[i + 1]
        chain = _joined(text, a, b) and (chain or _plural(b.span.next))
        if chain:
            out[i], out[i + 1] = replace(a, prefer_region=True), replace(b, prefer_region=True)
    chain = False
    for i in range(len(out) - 1):  # forwards from "states such as California, ..."
        a, b = out[i], out[i + 1]
        chain = _joined(text, a, b) and (chain or _regions_before(text, a.span.start))
        if chain:
            out[i], out[i + 1] = replace(a, prefer_region=True), replace(b, prefer_region=True)
    return out


def _town_before_region(
    text: str, readings: list[Reading], candidates: Sequence[tuple[Candidate, ...]]
) -> list[Reading]:
    """A town written right before a region that contains it names the two places, not a person:
    "in Maiduguri Borno State", "Ikeja Lagos".
    """
    out = list(readings)
    for i in range(len(out) - 1):
        a, b = out[i], out[i + 1]
        both_refused = a.verdict == b.verdict == Verdict.REJECT
        if not both_refused or text[a.span.end : b.span.start] != " ":
            continue
        regions = [c.place for c in candidates[i + 1] if c.place.kind == "region"]
        towns = [
            c.place for c in candidates[i] if c.place.kind == "settlement" and c.matched_name == c.place.name
        ]
        pair = next(((t, r) for t in towns for r in regions if _contains(r, t)), None)
        if pair is None:
            continue
        town, region = pair
        before = Reason(f"written before {region.name}, the region it lies in")
        after = Reason(f"written after {town.name}, a town it contains")
        out[i] = Reading(a.span, Verdict.PLACE, (before,))
        out[i + 1] = Reading(b.span, Verdict.PLACE, (after,), prefer_region=True)
    return out


@cache
def _regions_cue() -> re.Pattern[str]:
    """A plural territory word opening a list: "states such as ", "the provinces of "."""
    plurals = sorted(f"{w[:-1]}ies" if w.endswith("y") else f"{w}s" for w in lexicon().region_words)
    return re.compile(rf"\b(?:{'|'.join(plurals)})\s+(?:such\s+as|including|like|of)\s+$", re.IGNORECASE)


def _regions_before(text: str, start: int) -> bool:
    return bool(_regions_cue().search(text[max(0, start - 40) : start]))


def _plural(word: str) -> bool:
    return word.endswith("s") and fold(word) not in lexicon().region_words and region_word(word)


def _joined(text: str, a: Reading, b: Reading) -> bool:
    return (
        a.verdict in _LISTABLE
        and b.verdict in _LISTABLE
        and (text[a.span.end : b.span.start].strip().lower() in ("and", ",", "or", ", and", ", or"))
    )


def _groups(
    text: str,
    kept: list[int],
    readings: list[Reading],
    candidates: list[tuple[Candidate, ...]],
    fixed: Mapping[int, str],
    namesakes_in: Callable[[str, set[str]], tuple[Candidate, ...]] = lambda _name, _codes: (),
) -> tuple[list[Group], list[int]]:
    """One group per sense of a name in the document; relations between kept spans.

    A sense is a name, whether the text calls it a region, and the container it is written with:
    "Washington, D.C." is one sense and "Washington" (the state, in the same text) another. A name
    written with its region ("Petrivka, Donetsk") also gets the namesakes in the regions that
    container may be (``namesakes_in``), however small: the most populous namesakes alone may all
    lie elsewhere.
    """
    rels = relations(
        text,
        [(readings[i].span.start, readings[i].span.end) for i in kept],
        {pos for pos, i in enumerate(kept) if readings[i].span.start in fixed},
    )
    members: dict[tuple[str, bool, str], list[int]] = defaultdict(list)
    regions_of: dict[tuple[str, bool, str], set[str]] = {}
    for pos, i in enumerate(kept):
        outer = next((r.other for r in rels.get(pos, ()) if r.within and r.other == pos + 1), None)
        container = readings[kept[outer]].span.key if outer is not None else ""
        sense = (readings[i].span.key, readings[i].prefer_region, container)
        members[sense].append(pos)
        if outer is not None and sense not in regions_of:
            regions_of[sense] = {
                c.place.admin1_code
                for c in candidates[kept[outer]][:CONTAINERS]
                if c.place.kind == "region" and c.place.admin1_code
            }
    groups, group_of = [], [0] * len(kept)
    for g, (sense, positions) in enumerate(members.items()):
        key, region, _container = sense
        for pos in positions:
            group_of[pos] = g
        found = candidates[kept[positions[0]]]
        if regions_of.get(sense):
            ids = {c.place.geonameid for c in found}
            more = namesakes_in(readings[kept[positions[0]]].span.text, regions_of[sense])
            found = (*found, *(c for c in more if c.place.geonameid not in ids))
        groups.append(
            Group(
                key=key,
                candidates=found,
                members=tuple(positions),
                prefer_region=region,
                relations=tuple(r for pos in positions for r in rels.get(pos, ())),
            )
        )
    return groups, group_of


def _accepted(
    groups: list[Group],
    places: list[Place | None],
    verdicts: list[Verdict],
    exact: list[bool],
    guessed: list[bool],
    cued: list[bool],
    countries: tuple[set[str], set[str]],
    why: dict[int, Reason],
) -> list[bool]:
    """Tell which groups to keep: one occurrence is sure (read as a place), or the place fits.

    A place fits the document's geography when it lies in or near a sure place, contains a sure
    town (a region), lies in a first-level region the text surely names, or in the caller's focus
    country (``countries``: that focus, then every country the text hints at). A
    name inside another name ("Boston Globe", "Kingsley Road"; ``guessed``) names a namesake only
    by guess: it is kept also in a country of the text's sure places or hints. A text with no sure
    place has no geography to fit: a plausible name spelled as in the gazetteer is kept there when
    :func:`_substantial`. ``why`` gets the reasons.
    """
    focus, hinted = countries
    group_of = {pos: g for g, group in enumerate(groups) for pos in group.members}
    sure = [any(verdicts[pos] == Verdict.PLACE for pos in group.members) for group in groups]
    _doubt_towns_abroad(groups, places, sure, cued, hinted)
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
            why[g] = Reason("kept because the text names this place elsewhere")
            continue
        inside = any(
            rel.within and sure[group_of[rel.other]] and _contains(places[group_of[rel.other]], place)
            for rel in groups[g].relations
        ) or (place.kind == "region" and any(_contains(place, p) for p in sure_towns))
        if inside or any(
            haversine_km(place.lat, place.lon, a.lat, a.lon) < _MAYBE_KM
            for a in anchors.around(place)
            if a is not place
        ):
            why[g] = Reason("kept because it lies near or in places the text names")
        elif (
            (region := sure_regions.get(place.admin1_code))
            and place.kind != "country"
            and place.name != region
        ):
            why[g] = Reason(f"kept because it lies in {region}, which the text names")
        elif place.country in focus:
            why[g] = Reason(f"kept because it lies in the focus country {place.country}")
        elif place.country in named and any(guessed[pos] for pos in groups[g].members):
            why[g] = Reason(f"kept because it lies in {place.country}, a country of the text's places")
        elif alone and all(exact[p] for p in groups[g].members) and _substantial(place, groups[g], hinted):
            why[g] = Reason(f"{_ONLY} (a place that dwarfs its namesakes)", ReasonCode.ONLY_GEOGRAPHY)
    return [sure[g] or g in why for g in range(len(places))]


def _doubt_towns_abroad(
    groups: list[Group], places: list[Place | None], sure: list[bool], cued: list[bool], hinted: set[str]
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
        limit = _ABROAD_CUED if any(cued[pos] for pos in groups[g].members) else _ABROAD_UNCUED
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
        if c.place.geonameid != place.geonameid and not _contains(c.place, place)
    ]
    return place.population >= max(_ALONE_POPULATION, _DOMINANT * max(rivals, default=0))


def _contains(outer, inner) -> bool:
    """True when ``outer`` (a country or first-level region) contains ``inner``."""
    if outer is None:
        return False
    if outer.kind == "country":
        return inner.country == outer.country
    return outer.kind == "region" and outer.admin1_code is not None and inner.admin1_code == outer.admin1_code


def _mention(reading: Reading, choice: Choice, text: str, kept_because: Reason | None) -> Mention:
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
