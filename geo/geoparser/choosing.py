"""Step 5: choose every sense's place (:mod:`geo.resolution`), keeping the senses that fit."""

from __future__ import annotations

from collections import Counter

from geo.geoparser.acceptance import accepted
from geo.geoparser.record import Document
from geo.resolution import resolve_groups, ruled_out

__all__ = ["choose_places"]

_FOCUS_GIVEN = 3.0  # weight of a caller's country focus, in "mentions"
_FOCUS_DEMONYM = 0.5  # ... and of one demonym ("Ukrainians")


def choose_places(doc: Document) -> None:
    """Fill ``doc.choices`` (None for a sense not kept) and ``doc.ruled_out``."""
    countries: Counter[str] = Counter({cc: _FOCUS_GIVEN for cc in doc.focus})
    for cc, count in doc.demonyms.items():
        countries[cc] += _FOCUS_DEMONYM * count
    hints = (set(doc.focus), set(countries))
    doc.choices = resolve_groups(
        doc.groups, countries=countries, keep=lambda places: accepted(doc, places, hints)
    )
    # "Pavlivka, south-west of Vuhledar": not the Pavlivka 650 km away
    doc.ruled_out = ruled_out(doc.groups, doc.choices)
