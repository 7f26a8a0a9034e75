"""People-facing tables of events and resolutions."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import Point

from frontline.dashboard.tables import (
    EVENT_COLUMNS,
    NOT_A_PLACE,
    candidate_label,
    casualties,
    correction_choices,
    events_table,
    mentions_table,
)
from geo.model import Mention

NA = pd.NA


@pytest.mark.parametrize(
    ("numbers", "expected"),
    [
        ({"fatalities_best": 22}, "22 killed"),
        ({"fatalities_best": 22, "wounded_low": 150}, "22 killed; 150+ wounded"),
        ({"fatalities_best": 23, "fatalities_low": 22, "fatalities_high": 23}, "23 (22–23) killed"),
        ({"fatalities_low": 10, "fatalities_high": 20}, "10–20 killed"),
        ({"wounded_best": 2}, "2 wounded"),
        ({"wounded_high": 5}, "up to 5 wounded"),
        ({"fatalities_best": NA, "wounded_best": float("nan")}, ""),
        ({}, ""),
    ],
)
def test_casualties(numbers: dict, expected: str) -> None:
    assert casualties(numbers) == expected


def test_events_table_columns_and_rows() -> None:
    events = gpd.GeoDataFrame(
        {
            "event_type": ["Battles"],
            "sub_event_type": ["Armed clash"],
            "date": ["2015-02-09"],
            "date_precision": ["week"],
            "actor1": ["Military Forces of Ukraine"],
            "actor2": [None],
            "place": ["Debaltseve"],
            "fatalities_best": pd.array([22], dtype="Int64"),
            "fatalities_low": pd.array([NA], dtype="Int64"),
            "fatalities_high": pd.array([NA], dtype="Int64"),
            "wounded_best": pd.array([NA], dtype="Int64"),
            "wounded_low": pd.array([150], dtype="Int64"),
            "wounded_high": pd.array([NA], dtype="Int64"),
            "quote": ["<script>x</script> 22 killed"],
        },
        geometry=[Point(38.4, 48.3)],
        crs="EPSG:4326",
    )
    table = events_table(events)
    assert list(table.columns) == EVENT_COLUMNS
    assert table.iloc[0].to_dict() == {
        "type": "Battles / Armed clash",
        "date": "2015-02-09 (week)",
        "place": "Debaltseve",
        "actors": "Military Forces of Ukraine",
        "casualties": "22 killed; 150+ wounded",
        "quote": "<script>x</script> 22 killed",  # a table cell shows text; it is never HTML
    }
    assert list(events_table(events.iloc[0:0]).columns) == EVENT_COLUMNS


def test_mentions_table_lists_runners_up_with_reasons(gazetteer) -> None:
    candidates = tuple(gazetteer.find("Olenivka"))
    chosen = candidates[1].place
    mention = Mention("Olenivka", 10, 18, chosen, 0.61, candidates, reasons=("near Donetsk",))
    table = mentions_table([mention, Mention("Nowhere", 30, 37)], runners_up=2)
    first = table.iloc[0]
    assert first["place"] == "Olenivka" and first["geonameid"] == chosen.geonameid
    assert first["oblast"] == chosen.admin1 and first["lat"] == round(chosen.lat, 5)
    assert first["why"] == "near Donetsk"
    runners = first["runners-up"].split(" | ")
    assert len(runners) == 2 and all(r.startswith("Olenivka (") for r in runners)
    assert candidate_label(candidates[0]) == runners[0]
    assert candidates[0].reasons[0] in runners[0]
    assert table.iloc[1]["place"] == "" and pd.isna(table.iloc[1]["lat"])


def test_correction_choices(gazetteer) -> None:
    candidates = tuple(gazetteer.find("Olenivka"))
    chosen = candidates[1].place
    choices = correction_choices(Mention("Olenivka", 0, 8, chosen, 0.6, candidates))
    assert choices[0] == (None, NOT_A_PLACE)
    assert [place for place, _label in choices[1:]] == [c.place for c in candidates]
    donetsk = gazetteer.find("Donetsk")[0].place  # a place that is no candidate (e.g. from a geocoder)
    extra = correction_choices(Mention("Olenivka", 0, 8, donetsk, 0.6, candidates))
    assert extra[-1] == (donetsk, f"{donetsk.name} (current)") and len(extra) == len(candidates) + 2
    assert correction_choices(Mention("Nowhere", 0, 7)) == [(None, NOT_A_PLACE)]
