"""The wire dateline that opens a report: where the reporter filed from, and often when.

"BEIRUT —", "KIEV (Reuters) -", "MOSCOW, March 3 (AP) —", "MARIUPOL, Ukraine, Feb. 18 (Reuters) -",
"GOMA, Democratic Republic of Congo —". Its town is the report's, not an event's place
(:func:`layers.extract.dateline_end`); its day and month are the publication date's
(:func:`layers.published.published_from_text`). The town is written in capitals; a dash lost to
a wrong encoding (U+FFFD, "BEIRUT (AP) �") still ends it.

>>> line = read_dateline("MARIUPOL, Ukraine, Feb. 18 (Reuters) - Rebels shelled the city.")
>>> line.place, line.month, line.day, line.year, line.end
('MARIUPOL', 2, 18, None, 38)
>>> read_dateline("Rebels shelled Mariupol - officials said.") is None
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["MONTHS", "Dateline", "read_dateline"]

#: The months as three lower-case letters, January first.
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_SHAPE = re.compile(
    r"\A\s*(?P<place>[A-Z][A-Z'’.\- ]{1,40}[A-Z])"  # "KIEV", "ST. LOUIS"
    r"(?P<rest>,[^\n—–(]{1,60}?)?\s*"  # ", Ukraine", ", Feb. 18", ", March 3, 2023"
    r"(?:\([A-Za-z .]{2,30}\))?\s*"  # "(Reuters)", "(AP)"
    r"(?:[—–\ufffd]|--|-(?=\s))"
)
_DATE = re.compile(
    r"\b(?P<month>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+(?P<day>\d{1,2})\b"
    r"(?:,?\s+(?P<year>\d{4})\b)?"
)
_READ = 300  # characters of a text a dateline may span


@dataclass(frozen=True, slots=True)
class Dateline:
    """A report's opening dateline.

    Attributes
    ----------
    place : str
        The town as written ("KIEV").
    end : int
        Where the dateline ends and the story begins (after its dash).
    month, day, year : int or None
        The date it gives, as far as it gives it (a wire dateline often has no year).
    """

    place: str
    end: int
    month: int | None = None
    day: int | None = None
    year: int | None = None


def read_dateline(text: str) -> Dateline | None:
    """Return the dateline opening ``text``, or None when it opens with none."""
    match = _SHAPE.match(str(text or "")[:_READ])
    if match is None:
        return None
    date = _DATE.search(match.group("rest") or "")
    if date is None:
        return Dateline(match.group("place"), match.end())
    year = int(date.group("year")) if date.group("year") else None
    month = MONTHS.index(date.group("month")[:3].lower()) + 1
    return Dateline(match.group("place"), match.end(), month, int(date.group("day")), year)
