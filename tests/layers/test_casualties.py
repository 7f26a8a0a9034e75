"""Casualty figures and their UCDP-style ranges."""

from __future__ import annotations

import pytest

from layers.casualties import parse_casualties
from layers.events import Count
from layers.extract import load_cues


@pytest.mark.parametrize(
    ("sentence", "killed", "wounded"),
    [
        (
            "22 Ukrainian soldiers were killed and more than 150 wounded",
            Count(22, 22, 22),
            Count(150, 150, None),
        ),
        ("the bodies of 23 soldiers had been delivered", Count(23, 23, 23), Count()),
        ("rebels fired nine times at the village, wounding two of Kiev’s fighters", Count(), Count(2, 2, 2)),
        ("at least 1,200 people were killed", Count(1200, 1200, None), Count()),
        ("up to 40 were injured", Count(), Count(40, None, 40)),
        ("about 30 dead", Count(30, None, None), Count()),
        ("dozens of civilians were wounded", Count(), Count(24, 24, None)),
        ("He was later injured in the ankle", Count(), Count()),
        ("leaving their dead and wounded behind", Count(), Count()),
    ],
)
def test_parse(sentence, killed, wounded):
    """Figures become UCDP-style ranges; words without numbers give nothing."""
    assert parse_casualties(sentence, load_cues().casualties) == (killed, wounded)
