"""Frames carry exactly the columns of docs/layers.md, in EPSG:4326."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from geo.model import Mention
from layers.control_lines import CONTROL_LINE_COLUMNS
from layers.frames import (
    EVENT_COLUMNS,
    PLACE_COLUMNS,
    ROUTE_COLUMNS,
    SNAPSHOT_COLUMNS,
    areas_frame,
    events_frame,
    front_lines_frame,
    places_frame,
    routes_frame,
)
from layers.importers import default_snapshots

DOC = (Path(__file__).resolve().parents[2] / "docs" / "layers.md").read_text(encoding="utf-8")


def _documented(heading: str) -> list[str]:
    """Return the column names listed in one section of docs/layers.md."""
    section = DOC.split(heading, 1)[1].split("\n## ", 1)[0]
    return [name for name in re.findall(r"`([a-z_0-9]+)`", section) if not name.isdigit()]


@pytest.mark.parametrize(
    ("heading", "columns"),
    [
        ("## places", PLACE_COLUMNS),
        ("## events", EVENT_COLUMNS),
        ("## routes", ROUTE_COLUMNS),
        ("## front_lines", SNAPSHOT_COLUMNS),
    ],
)
def test_columns_match_the_contract(heading, columns):
    """Each frame has exactly the columns docs/layers.md lists."""
    documented = [
        c
        for c in _documented(heading)
        if c
        not in {
            "geometry",
            "day",
            "week",
            "month",
            "curated",
            "extracted",
            "waypoints",
            "roads",
            "ua",
            "ru",
            "ngca",
            "assessed",
            "claimed",
            "contested",
        }
    ]
    assert set(documented) <= set(columns) | {"waypoints"}, set(documented) - set(columns)
    assert set(columns) <= set(documented) | {"waypoints"}


def test_control_lines_match_the_contract():
    """The corpus's daily or weekly lines (``control_lines.parquet``): the columns docs/layers.md lists."""
    documented = [c for c in _documented("## control_lines") if c not in {"line", "area", "band"}]
    assert documented == [*CONTROL_LINE_COLUMNS, "geometry"]


@pytest.mark.parametrize("build", [places_frame, events_frame, routes_frame, front_lines_frame, areas_frame])
def test_empty_frames_have_columns_and_crs(build):
    """Empty inputs give empty frames in EPSG:4326."""
    frame = build([])
    assert frame.empty and frame.crs.to_epsg() == 4326 and "geometry" in frame.columns


def test_places_frame_groups_mentions(gazetteer):
    """Mentions of one place become one row with their surface forms and first sentence."""
    text = "Artemivsk is calm. Later Bakhmut was shelled."
    place = gazetteer.get(713174)
    mentions = [
        Mention("Artemivsk", 0, 9, place, 0.6),
        Mention("Bakhmut", 25, 32, place, 0.9),
        Mention("Nowhere", 10, 12, None, 0.0),
    ]
    frame = places_frame(mentions, text)
    row = frame.iloc[0]
    assert len(frame) == 1
    assert (row.place_id, row.geonameid, row.mentions, row.surface_forms) == (
        "713174",
        713174,
        2,
        "Artemivsk; Bakhmut",
    )
    assert row.first_quote == "Artemivsk is calm." and row.confidence == 0.9
    assert (row.geometry.x, row.geometry.y) == (place.lon, place.lat)  # shapely is (x=lon, y=lat)


def test_snapshot_frames():
    """Line and area snapshots go to their own frames."""
    lines, areas = front_lines_frame(default_snapshots()), areas_frame(default_snapshots())
    assert list(lines.columns) == [*SNAPSHOT_COLUMNS, "geometry"] == list(areas.columns)
    assert lines.iloc[0].valid_from == "2015-02-01" and areas.iloc[0].side == "ngca"
    assert lines.geometry.iloc[0].geom_type == "LineString" and areas.geometry.iloc[0].geom_type == "Polygon"
