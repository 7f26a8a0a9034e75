"""The actor lexicon: named armed groups, their aliases and the words that name actors.

The data is ``layers/data/actors.yaml`` (or a file of the same format a user passes); this module
reads and indexes it, and :mod:`layers.actors` matches it against text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import yaml

from geo.names import fold

__all__ = [
    "ActorLexicon",
    "GroupEntry",
    "folded_words",
    "is_acronym",
    "load_actor_lexicon",
    "phrase_regex",
    "phrase_words",
]

_WORD = re.compile(r"[^\W_]+")


def phrase_words(phrase: str) -> tuple[str, ...]:
    """Return the words of a phrase, as written."""
    return tuple(_WORD.findall(phrase))


def folded_words(phrase: str) -> tuple[str, ...]:
    """Return the words of a phrase, folded (lower case, no diacritics)."""
    return tuple(fold(w) for w in _WORD.findall(phrase))


def is_acronym(phrase: str) -> bool:
    """Tell whether an alias has a word of two capitals or of letters and digits ("RSF", "M23")."""
    return any(
        sum(c.isupper() for c in w) >= 2 or (any(c.isdigit() for c in w) and not w.isdigit())
        for w in phrase_words(phrase)
    )


@dataclass(frozen=True)
class GroupEntry:
    """A named armed group of the lexicon.

    Attributes
    ----------
    name : str
        Actor name (ACLED's where ``naming`` is "acled", else the common English name).
    naming : str
        "acled" or "common".
    aliases : tuple of str
        Phrases that name the group.
    countries : tuple of str
        ISO codes of the countries where it operates, the first its main one.
    name_by_country : Mapping[str, str]
        Names ACLED gives the group in some countries ("Islamic State (Syria)").
    context : tuple of str
        Words of a text in which generic rebel words name this group ("Donbas").
    not_before : tuple of str
        Words that, right after an alias, make it name something else ("DPR Korea").
    camp : str or None
        The state (ISO code) or group whose side it fights on ("RU" for the NAF), if not its own.
    home_regions : tuple of str
        GeoNames first-level codes of the regions it holds ground in ("UA.05", Donetsk Oblast, for
        the NAF): "rebels" in a text whose places lie there are this group.
    """

    name: str
    naming: str
    aliases: tuple[str, ...]
    countries: tuple[str, ...]
    name_by_country: Mapping[str, str] = field(default_factory=dict)
    context: tuple[str, ...] = ()
    not_before: tuple[str, ...] = ()
    camp: str | None = None
    home_regions: tuple[str, ...] = ()

    def name_in(self, country: str | None) -> str:
        """Return the group's name for a country (its general name by default)."""
        return self.name_by_country.get(country or "", self.name)

    def country_in(self, country: str | None) -> str | None:
        """Return the hinted country when the group operates there, else its main country."""
        if country and country in self.countries:
            return country
        return self.countries[0] if self.countries else None


# A phrase's payload in the word dictionaries: (kind, group or state country or None).
_Payload = tuple[str, "GroupEntry | str | None"]


@dataclass(frozen=True)
class ActorLexicon:
    """Words and named groups of ``actors.yaml``, indexed for matching.

    Attributes
    ----------
    groups : tuple of GroupEntry
        The named armed groups.
    phrases : Mapping[tuple[str, ...], tuple]
        Folded words of each phrase → its payloads (kind and group or country), for phrases that
        match whatever their case.
    exact_phrases : Mapping[tuple[str, ...], tuple]
        The same for acronyms, which match only as written.
    after_place : Mapping[tuple[str, ...], str]
        Words that, after a demonym or country, name an actor of that kind ("forces" → "state").
    modifiers : frozenset of str
        Words allowed between a demonym and such a head ("military").
    group_heads : Mapping[tuple[str, ...], str]
        Words that belong to a group's mention when they follow it ("militants").
    dependent_suffixes, dependent_prefixes : frozenset of str
        Hyphenated words that make a name a modifier ("Russia-backed", "pro-Russia").
    country_spelling : Mapping[str, str]
        ACLED's spelling of some countries' names.
    branches : Mapping[tuple[str, ...], str]
        Folded words (one or two) of a state actor's phrase → the branch ACLED adds to its name
        ("air forces" → "Air Force": "Russian air forces" → "Military Forces of Russia Air Force").
    branch_by_sub_event : Mapping[str, str]
        ACLED sub-event type → the branch of the state forces that carry it out ("Air/drone
        strike" → "Air Force").
    allies : re.Pattern
        What joins two actors of one side ("Russian and DPR forces", "X backed by Y").
    longest : int
        The most words of any phrase.
    """

    groups: tuple[GroupEntry, ...]
    phrases: Mapping[tuple[str, ...], tuple[_Payload, ...]]
    exact_phrases: Mapping[tuple[str, ...], tuple[_Payload, ...]]
    after_place: Mapping[tuple[str, ...], str]
    modifiers: frozenset[str]
    group_heads: Mapping[tuple[str, ...], str]
    dependent_suffixes: frozenset[str]
    dependent_prefixes: frozenset[str]
    country_spelling: Mapping[str, str]
    branches: Mapping[tuple[str, ...], str]
    branch_by_sub_event: Mapping[str, str]
    allies: re.Pattern[str]
    longest: int


def load_actor_lexicon(path: str | None = None) -> ActorLexicon:
    """Load the actor lexicon.

    Parameters
    ----------
    path : str, optional
        A YAML file in the format of the packaged ``layers/data/actors.yaml`` (the default).

    Returns
    -------
    ActorLexicon
        The lexicon, indexed for :func:`find_actors`.

    Raises
    ------
    ValueError
        When the file is not a lexicon in that format.
    """
    if path is None:
        return _default_lexicon()
    with open(path, encoding="utf-8") as handle:
        return _lexicon(yaml.safe_load(handle))


@lru_cache(maxsize=1)
def _default_lexicon() -> ActorLexicon:
    raw = resources.files("layers.data").joinpath("actors.yaml").read_text("utf-8")
    return _lexicon(yaml.safe_load(raw))


def _lexicon(data: object) -> ActorLexicon:
    if not isinstance(data, dict):
        raise ValueError("the actor lexicon must be a mapping")
    try:
        return _build_lexicon(data)
    except (KeyError, TypeError, AttributeError) as err:
        raise ValueError(f"the actor lexicon is malformed: {err!r}") from err


def _build_lexicon(data: dict) -> ActorLexicon:
    phrases: dict[tuple[str, ...], list[_Payload]] = {}
    exact: dict[tuple[str, ...], list[_Payload]] = {}

    def add(phrase: str, payload: _Payload) -> None:
        if is_acronym(phrase):
            exact.setdefault(phrase_words(phrase), []).append(payload)
        else:
            phrases.setdefault(folded_words(phrase), []).append(payload)

    groups = tuple(
        GroupEntry(
            name=str(g["name"]),
            naming=str(g.get("naming", "common")),
            aliases=tuple(str(a) for a in g["aliases"]),
            countries=tuple(str(c).upper() for c in g.get("countries", ())),
            name_by_country={str(k).upper(): str(v) for k, v in (g.get("name_by_country") or {}).items()},
            context=tuple(str(c) for c in g.get("context", ())),
            not_before=tuple(str(w) for w in g.get("not_before", ())),
            camp=str(g["camp"]) if g.get("camp") else None,
            home_regions=tuple(str(r) for r in g.get("home_regions", ())),
        )
        for g in data["groups"]
    )
    for group in groups:
        for alias in group.aliases:
            add(alias, ("group", group))
    for entry in data.get("state_force_aliases", ()):
        for alias in entry["aliases"]:
            add(str(alias), ("state", str(entry["country"]).upper()))
    for key, kind in (
        ("own_state_phrases", "state"),
        ("own_police_phrases", "police"),
        ("unidentified_words", "unidentified"),
        ("rebel_words", "rebels"),
        ("protester_words", "protesters"),
        ("rioter_words", "rioters"),
        ("civilian_words", "civilians"),
    ):
        for phrase in data[key]:
            phrases.setdefault(folded_words(str(phrase)), []).append((kind, None))
    after_place: dict[tuple[str, ...], str] = {}
    for key, kind in (
        ("civilian_words", "civilians"),
        ("protester_words", "protesters"),
        ("rioter_words", "rioters"),
        ("rebel_words", "rebels"),
        ("police_heads", "police"),
        ("state_heads", "state"),
    ):
        for phrase in data[key]:
            words = folded_words(str(phrase))
            if words and words[0] not in ("a", "an", "the"):
                after_place[words] = kind  # later lists win: "police forces" is police, "forces" state
    every = [*phrases, *exact, *after_place]
    return ActorLexicon(
        groups=groups,
        phrases={k: tuple(v) for k, v in phrases.items()},
        exact_phrases={k: tuple(v) for k, v in exact.items()},
        after_place=after_place,
        modifiers=frozenset(fold(str(w)) for w in data["state_modifiers"]),
        group_heads={folded_words(str(w)): "head" for w in data["group_heads"]},
        dependent_suffixes=frozenset(fold(str(w)) for w in data["dependent_suffixes"]),
        dependent_prefixes=frozenset(fold(str(w)) for w in data["dependent_prefixes"]),
        country_spelling={
            str(k).upper(): str(v) for k, v in (data.get("acled_country_spelling") or {}).items()
        },
        branches={
            folded_words(str(phrase)): str(branch)
            for branch, phrases in (data.get("branches") or {}).items()
            for phrase in phrases
        },
        branch_by_sub_event={str(k): str(v) for k, v in (data.get("branch_by_sub_event") or {}).items()},
        allies=re.compile(
            r"^\W*(?:the\s+)?(?:" + "|".join(phrase_regex(str(w)) for w in data.get("allied_by", ())) + r")?"
            r"\W*(?:the\s+)?$",
            re.IGNORECASE,
        ),
        longest=max(len(k) for k in every),
    )


def phrase_regex(phrase: str) -> str:
    """Return a regular expression for a phrase: its words joined by spaces, apostrophes or hyphens."""
    return r"[\s'’-]*".join(re.escape(w) for w in phrase_words(phrase))
