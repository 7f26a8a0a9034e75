"""Casualty figures in running text: "22 soldiers were killed", "more than 150 wounded", "wounding two".

Numbers become UCDP-style ranges (:class:`layers.events.Count`): an exact number is best = low =
high; "more than / at least N" is best = low = N with an open high; "up to N" is best = high = N
with an open low; "about N" is a best estimate only; vague amounts ("dozens") take the value
listed in the lexicon as best and low.

>>> words = CasualtyWords(("killed",), ("wounded",), ("more than",), ("up to",), ("about",), {"dozens": 24})
>>> parse_casualties("22 soldiers were killed and more than 150 wounded", words)
(Count(best=22, low=22, high=22), Count(best=150, low=150, high=None))
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from layers.events import Count

__all__ = ["CasualtyWords", "parse_casualties"]

_UNITS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen"
).split()
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_NUMBER_WORDS = {w: i for i, w in enumerate(_UNITS)} | _TENS | {"a hundred": 100, "one hundred": 100}
_DIGITS = r"\d{1,3}(?:,\d{3})+|\d+"
# Up to four words between a number and its cue, within one clause ("three civilians and
# wounding dozens": the three are not the wounded).
_GAP = r"(?:(?!(?:and|or|but|while|as)\b)[\w’'-]+\s+){0,4}?"
_AUX = r"(?:(?:were|was|had\s+been|have\s+been|has\s+been|been|are|is)\s+)?"


@dataclass(frozen=True)
class CasualtyWords:
    """The vocabulary of casualty reports (from ``layers/data/event_cues.yaml``)."""

    killed: tuple[str, ...]
    wounded: tuple[str, ...]
    at_least: tuple[str, ...] = ()
    at_most: tuple[str, ...] = ()
    about: tuple[str, ...] = ()
    vague: dict[str, int] = field(default_factory=dict)

    @cached_property
    def _amount(self) -> str:
        words = sorted([*_NUMBER_WORDS, *self.vague], key=len, reverse=True)
        quantifiers = sorted([*self.at_least, *self.at_most, *self.about], key=len, reverse=True)
        qual = "|".join(re.escape(q) for q in quantifiers) or "(?!)"
        names = "|".join(re.escape(w) for w in words)
        return rf"(?:(?P<q>{qual})\s+)?(?P<n>{_DIGITS}|(?:{names})(?![\w-]))"

    @cached_property
    def patterns(self) -> tuple[tuple[re.Pattern[str], str], ...]:
        """(pattern, "killed" | "wounded") pairs: number-then-cue, cue-then-number, "bodies of N"."""
        result = []
        for kind, cues in (("killed", self.killed), ("wounded", self.wounded)):
            cue = "|".join(re.escape(c) for c in sorted(cues, key=len, reverse=True))
            before = rf"\b{self._amount}\s+{_GAP}{_AUX}(?:{cue})\b"
            after = rf"\b(?:{cue})\s+(?:of\s+)?{self._amount}\b"
            result.append((re.compile(before, re.IGNORECASE), kind))
            result.append((re.compile(after, re.IGNORECASE), kind))
        return tuple(result)


def parse_casualties(sentence: str, words: CasualtyWords) -> tuple[Count, Count]:
    """Return (fatalities, wounded) reported in a sentence; empty counts when none is given.

    When several figures of one kind appear, the first is kept (a sentence rarely gives two
    tolls of the same kind for one event).
    """
    found: dict[str, tuple[int, Count]] = {}
    for pattern, kind in words.patterns:
        for match in pattern.finditer(sentence):
            count = _count(match, words)
            if count is not None and (kind not in found or match.start() < found[kind][0]):
                found[kind] = (match.start(), count)
                break
    return found.get("killed", (0, Count()))[1], found.get("wounded", (0, Count()))[1]


def _count(match: re.Match[str], words: CasualtyWords) -> Count | None:
    raw = match.group("n").lower()
    qualifier = (match.group("q") or "").lower()
    if raw in words.vague:
        value = words.vague[raw]
        return Count(value, value, None)
    value = int(raw.replace(",", "")) if raw[0].isdigit() else _NUMBER_WORDS.get(raw)
    if value is None or value > 1_000_000:
        return None
    if qualifier in words.at_least:
        return Count(value, value, None)
    if qualifier in words.at_most:
        return Count(value, None, value)
    if qualifier in words.about:
        return Count(value, None, None)
    return Count(value, value, value)
