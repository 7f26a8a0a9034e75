"""The countries a text's demonyms point to ("Ukrainians", "South Africans"), for its country focus."""

from __future__ import annotations

import functools
import re
from collections import Counter

from geo.gazetteer import Gazetteer
from geo.names import fold
from geo.recognition import UPPER_LETTERS

__all__ = ["demonym_countries"]

# Look-behinds follow the first letter: the regex engine then skips ahead to candidate letters.
_CAPWORD = re.compile(
    rf"[{UPPER_LETTERS}](?<![\w'’][{UPPER_LETTERS}])[a-z\u00df-\u024f\u0430-\u045f]+(?![\w'’])"
)
# Two or more title-case words in a row, where a multi-word demonym may be ("South Africans").
_CAPITALISED_RUN = re.compile(rf"{_CAPWORD.pattern}(?:[ -]{_CAPWORD.pattern})+")


def demonym_countries(text: str, demonyms: frozenset[str], gazetteer: Gazetteer) -> Counter[str]:
    """The countries of the text's demonyms, counted once per occurrence: "Ukrainian" and
    "Ukrainians" (UA), "South African" and "South Africans" (ZA, not Africa's "African").
    """
    found: Counter[str] = Counter()

    def count(words: str, times: int = 1) -> bool:
        key = _key(words, demonyms)
        if key is None:
            return False
        if country := gazetteer.demonym_country(key):
            found[country] += times
        return True

    words = Counter(_CAPWORD.findall(text))
    inside: Counter[str] = Counter()  # the words of multi-word demonyms, not counted alone
    ends, longest = _demonym_ends(demonyms)
    end_forms = _written_forms(ends)
    if any(word in end_forms or (not word.isascii() and _key(word, ends)) for word in words):
        for run in _CAPITALISED_RUN.finditer(text):
            parts = run.group().replace("-", " ").split()
            free = 0  # the first word not yet part of a demonym found
            for j in range(1, len(parts)):  # at each word that may end one, the longest ending there
                if not _key(parts[j], ends):
                    continue
                first = next(
                    (i for i in range(max(free, j - longest + 1), j) if count(" ".join(parts[i : j + 1]))),
                    None,
                )
                if first is not None:
                    inside.update(parts[first : j + 1])
                    free = j + 1
    forms = _written_forms(demonyms)
    for word, times in words.items():
        if word in forms or (not word.isascii() and _key(word, demonyms)):
            times -= inside.get(word, 0)
            if times > 0:
                count(word, times)
    return found


@functools.cache
def _written_forms(keys: frozenset[str]) -> dict[str, str]:
    """Return the one-word keys as a text writes them in title case, singular and plural.

    "Ukrainian" and "Ukrainians" give "ukrainian", as :func:`_key` does: a title-case word of
    ASCII letters is one of these or no key at all.
    """
    one_word = [key for key in keys if key.isascii() and key.isalpha()]
    forms = {f"{key.capitalize()}s": key for key in one_word}
    forms |= {key.capitalize(): key for key in one_word}  # a key that is itself a plural is kept
    return forms


@functools.lru_cache(maxsize=100_000)
def _key(words: str, keys: frozenset[str]) -> str | None:
    """Return the key of ``words`` among ``keys``, singular or plural (:func:`_singular`).

    Remembered: words recur from text to text.
    """
    return _singular(fold(words), keys)


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
