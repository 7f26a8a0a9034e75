"""geo.features: the phrases that may name a water body, a landform or a road."""

from __future__ import annotations

from pathlib import Path

import pytest

from geo import features

ROOT = Path(__file__).resolve().parents[2]
TEXTS = [p.read_text("utf-8", errors="replace") for p in sorted((ROOT / "tests" / "data").rglob("*.txt"))]
TEXTS += [(ROOT / "seeds" / "debaltseve-2015-02-18" / "article.txt").read_text(encoding="utf-8")]
TRICKY = [
    "the Dnieper The Big The Small.",  # a match inside the one before is no match
    "xthe Dnieper. bathe River. -the Don. The Don",
    "the  Dnieper.\tthe\tDnieper River The Kremlin said.",
    "A crash on the A120 closed it; the M03 highway; via the A436, A40 and A429; the T-72.",
    "on the  M03 and theA1, on-the M4 heading",
]


@pytest.mark.parametrize("pattern", [features._THE_NAME, features._NUMBERED_ROADS], ids=["names", "roads"])
def test_phrases_after_the_are_those_a_scan_of_every_letter_finds(pattern) -> None:
    assert len(TEXTS) > 10
    found = 0
    for text in TEXTS + TRICKY:
        expected = [m.span(0) + m.span(1) for m in pattern.finditer(text)]
        assert [m.span(0) + m.span(1) for m in features._after_the(text, pattern)] == expected
        found += len(expected)
    assert found >= 5  # names after "the" by the hundred, road numbers by the handful
