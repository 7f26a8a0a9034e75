"""Event filters by type and date window."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import geopandas as gpd
import pytest
from shapely.geometry import Point

from geo.errors import InputError
from layers.filters import (
    LAYERS,
    EventFilter,
    date_bounds,
    date_window,
    event_types,
    filter_events,
    select_layers,
    visible_layers,
)

D = dt.date


def _events() -> gpd.GeoDataFrame:
    rows = [
        # event_id, type, date, time_start, time_end
        ("e1", "Battles", "2015-02-18", "2015-02-18", "2015-02-18"),
        ("e2", "Explosions/Remote violence", "2015-02-17", "2015-02-17", "2015-02-17"),
        ("e3", "Strategic developments", "2015-02-09", "2015-02-09", "2015-02-15"),  # week precision
        ("e4", "Battles", None, None, None),  # undated
        ("e5", "Strategic developments", "2015-01-01", None, None),  # date only, no window
    ]
    return gpd.GeoDataFrame(
        {
            "event_id": [r[0] for r in rows],
            "event_type": [r[1] for r in rows],
            "date": [r[2] for r in rows],
            "time_start": [r[3] for r in rows],
            "time_end": [r[4] for r in rows],
        },
        geometry=[Point(38.4, 48.3)] * len(rows),
        crs="EPSG:4326",
    )


@dataclass(frozen=True)
class Bundle:
    """The layer fields of layers.pipeline.MapLayers."""

    places: gpd.GeoDataFrame
    events: gpd.GeoDataFrame
    routes: gpd.GeoDataFrame
    front_lines: gpd.GeoDataFrame
    areas: gpd.GeoDataFrame


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({}, ["e1", "e2", "e3", "e4", "e5"]),
        ({"types": {"Battles"}}, ["e1", "e4"]),
        ({"types": set()}, []),
        ({"start": D(2015, 2, 17)}, ["e1", "e2", "e4"]),
        ({"start": D(2015, 2, 17), "include_undated": False}, ["e1", "e2"]),
        ({"end": D(2015, 2, 10)}, ["e3", "e4", "e5"]),
        ({"start": D(2015, 2, 12), "end": D(2015, 2, 12)}, ["e3", "e4"]),  # inside e3's week
        ({"start": D(2015, 2, 16), "end": D(2015, 2, 16)}, ["e4"]),
        ({"types": {"Strategic developments"}, "start": D(2015, 1, 1), "end": D(2015, 1, 1)}, ["e5"]),
    ],
)
def test_filter_events(kwargs: dict, expected: list[str]) -> None:
    assert list(filter_events(_events(), **kwargs)["event_id"]) == expected


def test_filter_object_equals_keywords() -> None:
    criteria = EventFilter(types=frozenset({"Battles"}), start=D(2015, 2, 18), include_undated=False)
    kept = filter_events(_events(), criteria)
    assert list(kept["event_id"]) == ["e1"]
    assert isinstance(kept, gpd.GeoDataFrame) and kept.crs == "EPSG:4326"


def test_types_and_bounds() -> None:
    events = _events()
    assert event_types(events) == ["Battles", "Explosions/Remote violence", "Strategic developments"]
    assert date_bounds(events) == (D(2015, 1, 1), D(2015, 2, 18))
    assert date_bounds(events[events["date"].isna()]) is None
    empty = events.iloc[0:0]
    assert event_types(empty) == [] and date_bounds(empty) is None
    assert filter_events(empty, types={"Battles"}).empty


def test_select_layers_empties_the_hidden_ones() -> None:
    events = _events()
    bundle = Bundle(events, events, events, events, events)
    assert select_layers(bundle, LAYERS) is bundle
    shown = select_layers(bundle, ["Events", "Route"])
    assert len(shown.events) == len(shown.routes) == len(events)
    for hidden in (shown.places, shown.front_lines, shown.areas):
        assert hidden.empty and list(hidden.columns) == list(events.columns) and hidden.crs == events.crs
    with pytest.raises(InputError, match="unknown layer"):
        select_layers(bundle, ["Roads"])


def test_visible_layers_filters_events_of_shown_layers_only() -> None:
    events = _events()
    bundle = Bundle(events, events, events, events, events)
    criteria = EventFilter(types=frozenset({"Battles"}))
    visible = visible_layers(bundle, LAYERS, criteria)
    assert list(visible.events["event_id"]) == ["e1", "e4"] and len(visible.places) == len(events)
    assert visible_layers(bundle, ["Places"], criteria).events.empty
    assert visible_layers(bundle, LAYERS) is bundle


@pytest.mark.parametrize(
    ("picked", "expected"),
    [
        ((D(2015, 2, 10), D(2015, 2, 12)), (D(2015, 2, 10), D(2015, 2, 12))),
        ((D(2015, 2, 10),), (D(2015, 2, 10), D(2015, 2, 10))),  # the user has picked the start only
        ((), (D(2015, 2, 9), D(2015, 2, 18))),
        (None, (D(2015, 2, 9), D(2015, 2, 18))),
        (D(2015, 2, 11), (D(2015, 2, 11), D(2015, 2, 11))),
    ],
)
def test_date_window(picked, expected) -> None:
    assert date_window(picked, (D(2015, 2, 9), D(2015, 2, 18))) == expected
