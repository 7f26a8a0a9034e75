"""The geoparser: text → every place name, with its span, its place and why.

>>> from geo.gazetteer import Gazetteer
>>> gaz = Gazetteer.open()                                          # doctest: +SKIP
>>> [(m.text, m.place.name) for m in geoparse("Shelling near Mariupol.", gaz)]  # doctest: +SKIP
[('Mariupol', 'Mariupol')]

A :class:`~geo.geoparser.record.Document` goes through :data:`STEPS`, each a function that reads
what the steps before it wrote and adds its own part to the document's
:class:`~geo.geoparser.record.Name` records:

1. :func:`~geo.geoparser.finding.find_names`: gazetteer names, abbreviations, variants, initials,
   with their candidates (:mod:`geo.recognition`, :mod:`geo.geoparser.lookup`);
2. :func:`~geo.geoparser.reading.read_names`: each name in its context (:mod:`geo.evidence`),
   then along the lists it is in (:mod:`geo.geoparser.lists`);
3. :func:`~geo.geoparser.unplaced.set_aside_features`: names inside a river's or a street's name;
   :func:`~geo.geoparser.acceptance.keep_names`: the names resolution weighs;
4. :func:`~geo.geoparser.grouping.group_names`: one group per sense, with the spatial relations
   the text states; :func:`~geo.geoparser.acceptance.weigh_kept_names`: how sure each name is;
5. :func:`~geo.geoparser.choosing.choose_places`: the place of each sense in the document's
   geography (:mod:`geo.resolution`), plausible names kept only where they fit;
6. :func:`~geo.geoparser.reporting.report`: the mentions, with the settlements, features and
   sites the gazetteer cannot place.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from geo.errors import InputError
from geo.gazetteer import Gazetteer
from geo.geoparser.acceptance import keep_names, weigh_kept_names
from geo.geoparser.choosing import choose_places
from geo.geoparser.demonyms import demonym_countries
from geo.geoparser.finding import find_names
from geo.geoparser.grouping import group_names
from geo.geoparser.lookup import clear_caches
from geo.geoparser.reading import read_names
from geo.geoparser.record import Document
from geo.geoparser.reporting import report
from geo.geoparser.unplaced import set_aside_features
from geo.model import Mention
from geo.text import sentence_span

__all__ = ["DEFAULT_MAX_CHARS", "STEPS", "clear_caches", "geoparse", "sentence_span"]

DEFAULT_MAX_CHARS = 20_000_000


def count_demonyms(doc: Document) -> None:
    """Step 0: the countries of the text's demonyms ("Ukrainians"), for its country focus."""
    doc.demonyms = demonym_countries(doc.text, doc.gazetteer.demonym_keys, doc.gazetteer)


#: The geoparser's steps, in order (see the module docstring).
STEPS: tuple[Callable[[Document], None], ...] = (
    count_demonyms,
    find_names,
    read_names,
    set_aside_features,
    keep_names,
    group_names,
    weigh_kept_names,
    choose_places,
    report,
)


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
    focus = tuple(c.upper() for c in country_focus if isinstance(c, str) and len(c) == 2)
    doc = Document(text, gazetteer, focus)
    for step in STEPS:
        step(doc)
    return doc.mentions
