"""Candidate lookup: the gazetteer entries a name may be, remembered across texts (bounded)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from geo.evidence import region_word
from geo.gazetteer import Gazetteer
from geo.model import Candidate
from geo.names import fold
from geo.recognition import Span
from geo.recognition import clear_cache as recognition_cache_clear
from geo.text import lexicon

__all__ = ["candidates_of", "clear_caches", "find", "namesakes_in"]

_NOT_LETTER = re.compile(r"[\W_]+")
_CANDIDATE_CACHE: dict[tuple, tuple[Candidate, ...]] = {}
_CACHE_LIMIT = 100_000
_CANDIDATES = 25  # the most populous namesakes considered per name


def candidates_of(
    gazetteer: Gazetteer, path: str, span: Span, state: tuple[str, str] | None
) -> tuple[Candidate, ...]:
    """Candidates of a span; a short word must match a name in its own case ("La" is not "LA")."""
    if state is not None:
        name, country = state
        found = find(gazetteer, path, name)
        return tuple(c for c in found if c.place.kind == "region" and c.place.country == country)
    found = find(gazetteer, path, span.text)
    if len(span.text) <= 3:
        letters = _NOT_LETTER.sub("", span.text)
        found = tuple(c for c in found if _NOT_LETTER.sub("", c.matched_name) == letters)
    if span.next_gap == " " and span.next[:1].islower() and region_word(span.next):
        # "the Volnovakha district", "the Kursk region": the unit is indexed by its whole name
        # ("Kursk Oblast"), the town by its own
        ids = {c.place.geonameid for c in found}
        units = []
        for generic in dict.fromkeys((span.next, *lexicon().unit_words)):
            for c in find(gazetteer, path, f"{span.text} {generic}", variants=False):
                if c.place.kind == "region" and c.place.geonameid not in ids:
                    ids.add(c.place.geonameid)
                    units.append(c)
        found = (*units, *found)
    return found


def namesakes_in(gazetteer: Gazetteer, name: str, admin1_codes: set[str]) -> tuple[Candidate, ...]:
    """The places called ``name`` in these first-level regions (remembered like :func:`find`)."""
    key = (str(gazetteer.path), name, tuple(sorted(admin1_codes)))
    return _remembered(key, lambda: gazetteer.find_in(name, admin1_codes, limit=_CANDIDATES))


def find(gazetteer: Gazetteer, path: str, name: str, *, variants: bool = True) -> tuple[Candidate, ...]:
    """The candidates of a name, remembered by the index's ``path`` (one process may open several)."""
    key = (path, name, variants)
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


def clear_caches() -> None:
    """Forget the candidates and chunk readings remembered from earlier texts (for benchmarks)."""
    _CANDIDATE_CACHE.clear()
    recognition_cache_clear()
