"""Front-line snapshots: picking the one valid on a date (the shipped default is read in test_importers)."""

from __future__ import annotations

import datetime as dt

from layers.frontline import snapshot_for, snapshots_on
from layers.importers import default_snapshots


def test_valid_on_the_article_date():
    """The default snapshots are valid on 18 Feb 2015, not before or after their period."""
    day = dt.date(2015, 2, 18)
    assert len(snapshots_on(day, default_snapshots())) == 2
    assert snapshot_for(day, default_snapshots(), kind="line").side == "contact"
    assert snapshot_for(dt.date(2014, 9, 1), default_snapshots()) is None
    assert snapshot_for(dt.date(2022, 3, 1), default_snapshots()) is None


def test_latest_and_most_specific_wins():
    """A daily snapshot wins over a multi-year one on its day only."""
    from dataclasses import replace

    base = default_snapshots()[1]
    daily = replace(base, snapshot_id="day", valid_from=dt.date(2015, 2, 20), valid_to=dt.date(2015, 2, 20))
    assert snapshot_for(dt.date(2015, 2, 20), [base, daily]).snapshot_id == "day"
    assert snapshot_for(dt.date(2015, 2, 21), [base, daily]).snapshot_id == base.snapshot_id
