"""Shared helpers for curated annotation files (events.yaml, routes.yaml).

They read YAML within :mod:`geo.limits` (size, nesting, digits, dates and aliases are checked
before anything is built; the fields are then checked by :mod:`layers.schema`), find a quote's
character offsets in the article, and resolve a place *as the article names it* through the
geoparser's reading of the article (so "Shirokyne" gets the Shyrokyne on the Azov coast the
context points to), falling back to the gazetteer.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from geo.errors import AnnotationError, FrontlineError
from geo.gazetteer import Gazetteer
from geo.limits import loads_yaml
from geo.model import Mention, Place
from geo.names import fold
from layers.article import Article
from layers.dates import DateSpan, normalise_date

__all__ = [
    "annotated_date",
    "annotated_place",
    "article_mentions",
    "locate_quote",
    "read_yaml",
    "resolve_name",
]

#: Largest annotation file accepted, in bytes.
MAX_ANNOTATION_BYTES = 2_000_000


def read_yaml(path: Path) -> Any:
    """Read an annotation file within the limits: size first, then :func:`geo.limits.loads_yaml`.

    Nesting deeper than :data:`geo.limits.MAX_DEPTH`, integers of more than
    :data:`geo.limits.MAX_INT_DIGITS` digits, NaN, dates out of range and aliases (which can expand
    exponentially, "billion laughs") are refused before the document is built; its fields are
    checked afterwards by :mod:`layers.schema`.

    Raises
    ------
    AnnotationError
        The file is too large, not UTF-8, not YAML, or beyond a limit (one line naming the file).
    """
    size = path.stat().st_size
    if size > MAX_ANNOTATION_BYTES:
        raise AnnotationError(
            f"{path}: {size / 1e6:.1f} MB, larger than {MAX_ANNOTATION_BYTES // 1_000_000} MB"
        )
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise AnnotationError(f"{path}: not valid UTF-8 (byte {err.start}); save it as UTF-8") from err
    try:
        return loads_yaml(text, str(path))
    except FrontlineError as err:
        raise AnnotationError(str(err)) from err


def locate_quote(text: str, quote: object, where: str) -> tuple[int, int]:
    """Return the offsets of the first occurrence of ``quote`` in ``text``.

    >>> locate_quote("a b c", "b c", "entry 1")
    (2, 5)
    """
    if not isinstance(quote, str) or not quote.strip():
        raise AnnotationError(f"{where}: the quote must be a non-empty string")
    start = text.find(quote)
    if start < 0:
        raise AnnotationError(f"{where}: the quote is not an exact substring of the article: {quote[:80]!r}")
    return start, start + len(quote)


def article_mentions(text: str, gazetteer: Gazetteer, country_focus: Sequence[str] = ()) -> list[Mention]:
    """Geoparse an article (the geoparser is imported here so the layers load without it)."""
    from geo.geoparser import geoparse

    return list(geoparse(text, gazetteer, country_focus=tuple(country_focus)))


def resolve_name(
    name: str,
    gazetteer: Gazetteer,
    mentions: Sequence[Mention],
    *,
    near: int = 0,
    country_focus: Sequence[str] = (),
    expected: int | None = None,
) -> tuple[Place | None, str]:
    """Resolve a place name as the article uses it; return the place and how it was resolved.

    The geoparser's reading of the same name in the article wins (the mention nearest to
    character ``near``, usually the quote's start); otherwise the gazetteer's best candidate,
    preferring the article's countries. An ``expected`` GeoNames id among the candidates the
    geoparser weighed for that mention is accepted too: an annotator may settle an ambiguity
    (the city of Luhansk or the Luhansk People's Republic's oblast) the way a user correction does.
    """
    key = fold(name)
    same = [m for m in mentions if m.place is not None and fold(m.text) == key]
    if same:
        best = min(same, key=lambda m: abs(m.start - near))
        if expected is not None and best.place.geonameid != expected:
            chosen = next((c.place for c in best.candidates if c.place.geonameid == expected), None)
            if chosen is not None:  # the annotator's choice among the geoparser's own candidates
                return chosen, f"candidate of the geoparser mention at {best.start}"
        return best.place, f"geoparser mention at {best.start}"
    candidates = gazetteer.find(name)
    if country_focus:
        focused = [c for c in candidates if c.place.country in set(country_focus)]
        candidates = focused or candidates
    if candidates:
        return candidates[0].place, "gazetteer"
    return None, "not found"


def annotated_place(
    name: str,
    expected: int,
    where: str,
    article: Article,
    gazetteer: Gazetteer,
    mentions: Sequence[Mention],
    *,
    near: int = 0,
) -> Place:
    """Resolve an annotation's place name, checking it against the GeoNames id the annotator expects.

    ``name`` and ``expected`` come checked by :mod:`layers.schema` (text, a positive integer).

    Raises
    ------
    AnnotationError
        The name is not in the article, or it resolves elsewhere.
    """
    if name not in article.text:
        raise AnnotationError(f"{where}: the place name {name!r} does not occur in the article")
    place, how = resolve_name(
        name, gazetteer, mentions, near=near, country_focus=article.country_focus, expected=expected
    )
    if place is None or place.geonameid != expected:
        got = "nothing" if place is None else f"{place.name} ({place.geonameid}, via {how})"
        raise AnnotationError(f"{where}: {name!r} resolves to {got}, expected {expected}")
    return place


def annotated_date(expression: str, article: Article, where: str) -> DateSpan:
    """Normalise an annotation's date expression against the article's publication date."""
    try:
        return normalise_date(expression, article.published)
    except FrontlineError as err:
        raise AnnotationError(f"{where}: {err}") from err
