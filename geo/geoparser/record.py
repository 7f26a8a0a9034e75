"""The records the geoparser's steps fill in: one :class:`Name` per candidate name, one :class:`Document`.

Each step of :data:`geo.geoparser.STEPS` reads what the steps before it wrote and adds its own
part, so a name's span, reading, candidates, group and choice travel together instead of in
lists kept in step by index.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from geo.evidence import Reading, Reason, Verdict
from geo.features import Extent
from geo.gazetteer import Gazetteer
from geo.model import Candidate, Mention
from geo.recognition import Span
from geo.resolution import Choice, Group

__all__ = ["Document", "Name"]


@dataclass(slots=True, eq=False)
class Name:
    """One name of the text the gazetteer may place, with what each step found about it.

    ``variant`` marks a name found only through its transliteration key ("Klischiivka"), ``fixed``
    the reason a name is a place whatever its context (a state's abbreviation after a town, the
    initials of a country the text names). ``reading`` is what its context says (set by the reading
    step); ``verdict`` the verdict resolution works with (a name that is a big place only in
    another language is ``maybe``); ``cued`` tells a name read as a place for a cue from one read
    for its weight alone; ``guessed`` a name that fits at country level (inside another name). ``group`` is the
    index of its sense among :attr:`Document.groups` once grouped, -1 before or when not kept.
    """

    span: Span
    candidates: tuple[Candidate, ...]
    variant: bool = False
    fixed: Reason | None = None
    reading: Reading = None  # type: ignore[assignment]  # set by the reading step
    verdict: Verdict = Verdict.MAYBE
    cued: bool = False
    guessed: bool = False
    group: int = -1

    @property
    def start(self) -> int:
        """Where the name starts in the text."""
        return self.span.start


@dataclass(slots=True, eq=False)
class Document:
    """A text on its way through the steps: its names, their senses, and the mentions found."""

    text: str
    gazetteer: Gazetteer
    focus: tuple[str, ...] = ()
    demonyms: Counter[str] = field(default_factory=Counter)
    names: list[Name] = field(default_factory=list)
    features: dict[int, Extent] = field(default_factory=dict)  # by index in ``names``
    towns_of: dict[int, tuple[Candidate, ...]] = field(default_factory=dict)  # "the X": X's towns
    unnamed: list[Mention] = field(default_factory=list)  # "the river", "the reservoir"
    kept: list[Name] = field(default_factory=list)  # names resolution weighs, in text order
    groups: list[Group] = field(default_factory=list)
    choices: list[Choice | None] = field(default_factory=list)  # by group; None for a sense not kept
    ruled_out: dict[int, str] = field(default_factory=dict)  # by group: why its place is ruled out
    kept_because: dict[int, Reason] = field(default_factory=dict)  # by group
    mentions: list[Mention] = field(default_factory=list)
