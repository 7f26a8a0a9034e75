"""Exports round-trip (GeoJSON via geopandas, CSV via csv, KML via defusedxml) and resist hostile text."""

from __future__ import annotations

import csv
import io
import json

import geopandas as gpd
import numpy as np
import pytest
from defusedxml.ElementTree import fromstring
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.model import Place
from layers.article import load_article
from layers.events import Count, Event, Source
from layers.export import CORPUS_CSV_COLUMNS, CSV_COLUMNS, to_csv, to_geojson, to_kml
from layers.frames import events_frame
from layers.pipeline import build_layers

KML = "{http://www.opengis.net/kml/2.2}"


@pytest.fixture(scope="module")
def layers(seed_dir, gazetteer):
    """Build every layer of the seed."""
    return build_layers(load_article(seed_dir), gazetteer)


def test_geojson_round_trip(layers):
    """GeoJSON reads back with geopandas; the bundle export names each feature's layer."""
    back = gpd.read_file(io.StringIO(to_geojson(layers.events)))
    assert len(back) == len(layers.events)
    assert list(back.event_id) == list(layers.events.event_id)
    assert back.geometry.iloc[0].equals_exact(layers.events.geometry.iloc[0], 1e-9)
    data = json.loads(to_geojson(layers))
    assert {f["properties"]["layer"] for f in data["features"]} == {
        "Areas of control",
        "Front line",
        "Routes",
        "Places",
        "Control claims",
        "Events",
    }


def test_csv_round_trip(layers, gazetteer):
    """CSV reads back with ACLED-like columns, ranges and coordinates."""
    rows = list(csv.DictReader(io.StringIO(to_csv(layers.events))))
    assert list(rows[0]) == list(CSV_COLUMNS)
    by_id = {r["event_id_cnty"]: r for r in rows}
    toll = by_id["deb-04"]
    assert (toll["fatalities"], toll["wounded"], toll["wounded_high"]) == ("22", "150", "")
    assert toll["time_precision"] == "2" and toll["location"] == "Debaltseve"
    debaltseve = gazetteer.get(710229)
    assert float(toll["latitude"]) == pytest.approx(debaltseve.lat)
    assert float(toll["longitude"]) == pytest.approx(debaltseve.lon)


def test_kml_round_trip(layers, gazetteer):
    """KML parses with defusedxml: one folder per layer, one placemark per event."""
    root = fromstring(to_kml(layers).encode("utf-8"))
    folders = root.findall(f"{KML}Document/{KML}Folder")
    assert [f.find(f"{KML}name").text for f in folders] == [
        "Areas of control",
        "Front line",
        "Routes",
        "Places",
        "Control claims",
        "Events",
    ]
    events = folders[-1].findall(f"{KML}Placemark")
    assert len(events) == len(layers.events)
    first = gazetteer.get(int(layers.events.geonameid.iloc[0]))
    assert events[0].find(f".//{KML}Point/{KML}coordinates").text == f"{first.lon:.6f},{first.lat:.6f}"


HOSTILE = '=HYPERLINK("http://evil.example","x") <script>alert(1)</script> & \x01 ]]>'


def _hostile_frame():
    """Build an events frame full of hostile text."""
    place = Place("Nowhere", 10.0, 20.0)  # a made-up place: the test is about text, not geography
    event = Event(
        "e1",
        "Battles",
        "Armed clash",
        place,
        "+Mariupol",
        HOSTILE,
        0,
        len(HOSTILE),
        actor1="@actor",
        actor2="-2",
        fatalities=Count(1, 1, 1),
        source=Source("=cmd|' /C calc'!A0"),
    )
    return events_frame([event])


def test_csv_formula_injection_neutralised():
    """Cells a spreadsheet would run as formulas are prefixed with a quote."""
    (row,) = csv.DictReader(io.StringIO(to_csv(_hostile_frame())))
    for column in ("quote", "location", "actor1", "actor2", "source"):
        assert row[column].startswith("'"), column
    assert row["fatalities"] == "1"


def test_kml_escapes_hostile_text():
    """Markup and control characters in text cannot break or inject into the KML."""
    text = to_kml({"Events": _hostile_frame()})
    assert "<script>" not in text and "\x01" not in text
    root = fromstring(text.encode("utf-8"))
    description = root.find(f".//{KML}Placemark/{KML}description").text
    assert "<script>alert(1)</script>" in description  # kept as text, escaped in the file


@pytest.mark.slow
@settings(max_examples=60, deadline=None)
@given(st.text(max_size=60))
def test_any_text_is_safe_in_csv_and_kml(text):
    """Whatever the article says, CSV cells never start a formula and the KML stays well-formed."""
    place = Place("Nowhere", 10.0, 20.0)
    frame = events_frame([Event("e", "Battles", "Armed clash", place, text, text, 0, len(text), notes=text)])
    (row,) = csv.DictReader(io.StringIO(to_csv(frame)))
    for column in ("location", "quote", "notes"):
        assert not row[column].startswith(("=", "+", "-", "@", "\t", "\r"))
    root = fromstring(to_kml({"Events": frame}).encode("utf-8"))
    assert root.find(f".//{KML}Placemark") is not None
    assert json.loads(to_geojson(frame))["features"][0]["properties"]["quote"] == text


def _merged_events(layers) -> gpd.GeoDataFrame:
    """Return the seed's first two events with a corpus's list cells (numpy arrays, as after parquet)."""
    sources = ["The Guardian, 2015-02-18", "=Frontline Test Wire, 2015-02-19"]
    urls = [layers.events.source_url.iloc[0], "https://example.org/wire/2015/02/19/shyrokyne-shelling"]
    quotes = [
        layers.events.quote.iloc[0],
        "Pro-Russian rebels shelled the village of Shyrokyne on Wednesday; three soldiers were wounded.",
    ]
    events = layers.events.iloc[:2].copy()
    events["n_sources"] = [2, 1]
    events["n_reports"] = [2, 1]
    events["sources"] = [np.array(sources, dtype=object), np.array(sources[:1], dtype=object)]
    events["source_urls"] = [np.array(urls, dtype=object), np.array(urls[:1], dtype=object)]
    events["quotes"] = [np.array(quotes, dtype=object), np.array(quotes[:1], dtype=object)]
    events["article_ids"] = [["debaltseve-2015-02-18", "wire"], ["debaltseve-2015-02-18"]]
    return events


def test_csv_of_merged_corpus_events_joins_the_lists(layers):
    """A corpus's merged events get the list columns, each joined by "; "; article CSVs keep theirs."""
    events = _merged_events(layers)
    rows = list(csv.DictReader(io.StringIO(to_csv(events))))
    assert list(rows[0]) == [*CSV_COLUMNS, *CORPUS_CSV_COLUMNS]
    assert (rows[0]["n_sources"], rows[1]["n_sources"]) == ("2", "1")
    assert rows[0]["sources"] == "The Guardian, 2015-02-18; =Frontline Test Wire, 2015-02-19"
    assert rows[0]["source_urls"].split("; ")[1] == "https://example.org/wire/2015/02/19/shyrokyne-shelling"
    assert rows[0]["article_ids"] == "debaltseve-2015-02-18; wire"
    assert rows[1]["quotes"] == layers.events.quote.iloc[0]
    hostile = events.assign(sources=[["=cmd|' /C calc'!A0"], ["ok"]])
    assert next(csv.DictReader(io.StringIO(to_csv(hostile))))["sources"].startswith("'=")


def test_geojson_and_kml_of_merged_corpus_events(layers):
    """GeoJSON keeps each list as a JSON array (numpy arrays included); KML joins it by "; "."""
    events = _merged_events(layers)
    props = json.loads(to_geojson(events))["features"][0]["properties"]
    assert props["sources"] == ["The Guardian, 2015-02-18", "=Frontline Test Wire, 2015-02-19"]
    assert props["article_ids"] == ["debaltseve-2015-02-18", "wire"] and props["n_sources"] == 2
    root = fromstring(to_kml({"Events": events}).encode("utf-8"))
    values = {
        d.get("name"): d.find(f"{KML}value").text for d in root.find(f".//{KML}Placemark").iter(f"{KML}Data")
    }
    assert values["sources"] == "The Guardian, 2015-02-18; =Frontline Test Wire, 2015-02-19"
