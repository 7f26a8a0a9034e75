"""Name normalisation: how the press writes Ukrainian and Russian place names.

Two keys are derived from any name:

* :func:`fold` — the *exact* key: Unicode-normalised, transliterated to ASCII (Cyrillic
  included), lower-cased, with apostrophes dropped and punctuation turned into spaces.
  ``"Debal'tseve"``, ``"Дебальцеве"`` and ``"DEBALTSEVE"`` share one key.
* :func:`skeleton` — a *variant* key that folds the usual romanisation differences of
  East Slavic names (Ukrainian ``h`` for Russian ``g``, ``kh``/``h``, ``y``/``i``/``e``
  vowels, doubled letters, ``w``/``v``), so that Shirokyne / Shyrokyne / Shirokino,
  Kharkov / Kharkiv or Gorlovka / Horlivka meet.  It is lossy by design and is only used
  to propose candidates when no exact key matches.

>>> fold("Debal’tseve")
'debaltseve'
>>> skeleton("Gorlovka") == skeleton("Horlivka")
True
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii

__all__ = ["arabic_article_forms", "fold", "is_name_script", "skeleton", "without_arabic_article"]

_APOSTROPHES = re.compile(r"['’ʼ`´‘ʹʺ\"]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")

# Digraphs first, longest first: each maps a romanisation to one letter class.
_SKELETON_DIGRAPHS = (
    ("shch", "s"),
    ("sch", "s"),
    ("kh", "h"),
    ("zh", "z"),
    ("ch", "c"),
    ("sh", "s"),
    ("ts", "c"),
    ("tz", "c"),
    ("ck", "k"),
    ("ph", "f"),
)
_SKELETON_LETTERS = str.maketrans({"g": "h", "w": "v", "q": "k", "x": "k"})
_VOWEL_RUNS = re.compile(r"[aeiouyj]+")
# The Arabic article as romanised, assimilated ones included ("Ar Raqqah", "Ash Shaykh"), then a
# space or a hyphen and a capital: "Al Qāmishlī", "al-Yarmūk", "Aţ Ţā’if" (marks dropped first)
_ARABIC_ARTICLE = re.compile(r"(?:[Aa]l|[Ee]l|A[dnrstz]h?)[ -](?=[A-Z])")
_REPEATS = re.compile(r"(.)\1+")


@lru_cache(maxsize=200_000)
def fold(name: str) -> str:
    """Return the exact matching key of a name.

    >>> fold("  Artemivs'k ")
    'artemivsk'
    >>> fold("Дебальцеве")
    'debaltseve'
    """
    text = unicodedata.normalize("NFKC", _CONTROL.sub("", name))
    text = _APOSTROPHES.sub("", text)
    text = anyascii(text).lower()
    text = _APOSTROPHES.sub("", text)  # anyascii writes soft signs as apostrophes
    return _NON_ALNUM.sub(" ", text).strip()


@lru_cache(maxsize=200_000)
def skeleton(name: str) -> str:
    """Return the transliteration-variant key of a name (see the module docstring).

    >>> skeleton("Shirokyne"), skeleton("Shyrokyne"), skeleton("Shirokino")
    ('s*r*k*n*', 's*r*k*n*', 's*r*k*n*')
    """
    text = fold(name).replace(" ", "")
    if not text:
        return ""
    for digraph, letter in _SKELETON_DIGRAPHS:
        text = text.replace(digraph, letter)
    text = text.translate(_SKELETON_LETTERS)
    # Every run of vowels becomes one placeholder: vowel *positions* survive, their spelling not.
    return _VOWEL_RUNS.sub("*", _REPEATS.sub(r"\1", text))


# The article inside or at the start of a name, before a hyphen or a space and a capital
_ARTICLE_TOKEN = re.compile(r"(?<![\w'’‘`])(?:[AaEe]l|[AaEe][dnrstz]|[Aa](?:sh|th))(?=[- ][A-Z\u00c0-\u024f\u1e00-\u1eff])")


def arabic_article_forms(name: str) -> list[str]:
    """Return an Arabic place name with its article written "al" and "el" (assimilated forms
    such as "ez-", "ash" included), as the press writes it either way; [] if it has none.

    >>> arabic_article_forms("Deir el-Balah")
    ['Deir al-Balah']
    >>> arabic_article_forms("Deir ez-Zor"), arabic_article_forms("Homs")
    (['Deir al-Zor', 'Deir el-Zor'], [])
    """
    forms = []
    for article in ("al", "el"):
        form = _ARTICLE_TOKEN.sub(lambda m, a=article: a.capitalize() if m.group()[0].isupper() else a, name)
        if form != name and form not in forms:
            forms.append(form)
    return forms


def without_arabic_article(name: str) -> str | None:
    """Return an Arabic place name without its article, as English news writes it, or None.

    GeoNames lists "Al Qāmishlī" and "Al-Qamishli"; the press writes "Qamishli". At least four
    letters must remain.

    >>> without_arabic_article("Al Qāmishlī"), without_arabic_article("Aţ Ţā’if")
    ('Qāmishlī', 'Ţā’if')
    >>> without_arabic_article("al-Yarmūk"), without_arabic_article("Al Bab"), without_arabic_article("Aleppo")
    ('Yarmūk', None, None)
    """
    plain = "".join(c for c in unicodedata.normalize("NFD", name) if not unicodedata.combining(c))
    article = _ARABIC_ARTICLE.match(plain)
    if article is None or len(plain) != len(name):
        return None  # (marks that do not decompose keep the offsets apart: leave such names alone)
    rest = name[article.end() :]
    return rest if sum(c.isalpha() for c in rest) >= 4 else None


def without_inner_article(name: str) -> str | None:
    """Return a state's formal name without the "the" after "of", as the press writes it, or None.

    >>> without_inner_article("Democratic Republic of the Congo")
    'Democratic Republic of Congo'
    >>> without_inner_article("Republic of the Gambia")
    'Republic of Gambia'
    >>> without_inner_article("The Netherlands"), without_inner_article("Isle of Man")
    (None, None)
    """
    return name.replace(" of the ", " of ") if " of the " in name else None


def is_name_script(name: str) -> bool:
    """True when a name is written in a script an English or East Slavic text may use.

    Latin and Cyrillic letters (with diacritics), digits and punctuation qualify; names
    in other scripts are kept in the gazetteer's records but not indexed for matching.
    """
    for char in name:
        if char.isascii():
            continue
        code = ord(char)
        if 0x00C0 <= code <= 0x024F or 0x0400 <= code <= 0x052F or 0x1E00 <= code <= 0x1EFF:
            continue
        if unicodedata.category(char)[0] in "PZM":  # punctuation, spaces, combining marks
            continue
        return False
    return True
