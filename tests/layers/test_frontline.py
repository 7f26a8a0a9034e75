"""Front-line snapshots: the shipped Natural Earth default and picking the one valid on a date."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from shapely.geometry import Point

from layers.frontline import NATURAL_EARTH_ATTRIBUTION, default_snapshots, snapshot_for, snapshots_on

DATA = Path(__file__).resolve().parents[2] / "layers" / "data"


#: SHA-256 of the sourced files as delivered in shared/data (tests never read that folder).
SOURCED = {
    "donbas_contact_line_2015-2022_naturalearth.geojson":
        "4f02c4001b00bcc14489666aac8644839424b8a8c22c5196f86744c7a40175fd",
    "donbas_ngca_2015-2022_naturalearth.geojson":
        "4227d3392a40081d595205483829844be162e3e95ac95246a1e97d7f316b3130",
}  # fmt: skip


def test_shipped_files_match_shared_data():
    """The shipped Natural Earth files are the sourced data, byte for byte, with provenance."""
    for name, digest in SOURCED.items():
        assert hashlib.sha256((DATA / name).read_bytes()).hexdigest() == digest
    provenance = (DATA / "PROVENANCE.md").read_text(encoding="utf-8")
    assert "Made with Natural Earth" in provenance and "public domain" in provenance


def test_default_snapshots(gazetteer):
    """The default line and area, their validity, and Debaltseve on the separatist side."""
    line, area = default_snapshots()
    assert line.kind == "line" and line.geometry.geom_type == "LineString" and len(line.geometry.coords) == 86
    assert area.kind == "area" and area.side == "ngca"
    assert line.attribution == area.attribution == NATURAL_EARTH_ATTRIBUTION
    assert (area.valid_from, area.valid_to) == (dt.date(2015, 2, 1), dt.date(2022, 2, 28))
    # After 18 Feb 2015 Debaltseve lies on the separatist side, Bakhmut (Artemivsk) on the government's.
    debaltseve, bakhmut = gazetteer.get(710229), gazetteer.get(713174)
    assert area.geometry.contains(Point(debaltseve.lon, debaltseve.lat))
    assert not area.geometry.contains(Point(bakhmut.lon, bakhmut.lat))


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
