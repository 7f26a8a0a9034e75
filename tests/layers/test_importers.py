"""Importing front-line snapshots: GeoJSON, KML, DeepStateMap daily files; hostile files rejected fast."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.errors import AnnotationError, InputError
from layers.importers import read_deepstate, read_snapshots, snapshots_from_geojson, snapshots_from_kml

FIXTURE = (
    Path(__file__).resolve().parents[3]
    / "shared"
    / "data"
    / "fixture_deepstate-format_naturalearth-ngca.geojson"
)


def test_deepstate_date_from_file_name(tmp_path):
    """A DeepStateMap file is dated by its name and valid on that day only."""
    path = tmp_path / "deepstatemap_data_20150220.geojson"
    shutil.copy(FIXTURE, path)
    (snapshot,) = read_snapshots(path)
    assert snapshot.valid_from == snapshot.valid_to == dt.date(2015, 2, 20)
    assert snapshot.geometry.geom_type == "MultiPolygon" and snapshot.kind == "area"
    assert (snapshot.side, snapshot.status) == ("ru", "assessed")
    assert snapshot.snapshot_id == "deepstate-2015-02-20"


def test_deepstate_date_given():
    """A date given explicitly dates a file without one in its name."""
    (snapshot,) = read_deepstate(FIXTURE, day=dt.date(2015, 2, 18))
    assert snapshot.valid_on(dt.date(2015, 2, 18)) and not snapshot.valid_on(dt.date(2015, 2, 19))


def test_deepstate_without_a_date():
    """Without a date in the name or given, the import is refused."""
    with pytest.raises(InputError, match="cannot tell its date"):
        read_deepstate(FIXTURE)


def test_geojson_properties_and_overrides():
    """Feature properties give metadata; keyword arguments override them."""
    text = (
        '{"type": "Feature", "properties": {"name": "L", "valid_from": "2015-02", "status": "claimed", '
        '"side": "ru"}, "geometry": {"type": "LineString", "coordinates": [[38, 48], [38.5, 48.5]]}}'
    )
    (snap,) = snapshots_from_geojson(text)
    assert (snap.name, snap.status, snap.side, snap.valid_from, snap.valid_to) == (
        "L",
        "claimed",
        "ru",
        dt.date(2015, 2, 1),
        None,
    )
    (snap,) = snapshots_from_geojson(text, status="contested")
    assert snap.status == "contested"


KML = """<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document>
<Placemark><name>Contact line</name><TimeSpan><begin>2015-02-18</begin><end>2015-02-25</end></TimeSpan>
<ExtendedData><Data name="side"><value>contact</value></Data>
<Data name="status"><value>contested</value></Data>
</ExtendedData><LineString><coordinates>38.0,48.0,0 38.2,48.3,0</coordinates></LineString></Placemark>
<Placemark><name>Area</name><MultiGeometry><Polygon><outerBoundaryIs><LinearRing><coordinates>
38,48 38.5,48 38.5,48.5 38,48 </coordinates></LinearRing></outerBoundaryIs></Polygon>
<Polygon><outerBoundaryIs>
<LinearRing><coordinates>39,48 39.5,48 39.5,48.5 39,48</coordinates></LinearRing></outerBoundaryIs></Polygon>
</MultiGeometry></Placemark>
</Document></kml>"""


def test_kml(tmp_path):
    """KML placemarks give lines and multi-polygons with TimeSpan and ExtendedData."""
    path = tmp_path / "lines.kml"
    path.write_text(KML, encoding="utf-8")
    line, area = read_snapshots(path)
    assert (line.name, line.side, line.status) == ("Contact line", "contact", "contested")
    assert (line.valid_from, line.valid_to) == (dt.date(2015, 2, 18), dt.date(2015, 2, 25))
    assert area.geometry.geom_type == "MultiPolygon" and len(area.geometry.geoms) == 2


BOMB = """<?xml version="1.0"?>
<!DOCTYPE kml [
 <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
 <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
 <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
 <!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">
]>
<kml xmlns="http://www.opengis.net/kml/2.2"><Placemark><name>&g;</name>
<LineString><coordinates>38,48 38.2,48.3</coordinates></LineString></Placemark></kml>"""
EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE kml [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<kml><Placemark><name>&x;</name>
<LineString><coordinates>38,48 38.2,48.3</coordinates></LineString></Placemark></kml>"""


@pytest.mark.parametrize("text", [BOMB, EXTERNAL], ids=["entity-expansion", "external-entity"])
def test_kml_attacks_rejected_fast(tmp_path, text):
    """Entity-expansion and external-entity KML are rejected at the DTD, quickly."""
    path = tmp_path / "evil.kml"
    path.write_text(text, encoding="utf-8")
    started = time.perf_counter()
    with pytest.raises(AnnotationError, match="rejected: the KML declares a DTD or entities"):
        read_snapshots(path)
    assert time.perf_counter() - started < 1.0  # generous bound: the parse stops at the DTD


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "expected a GeoJSON object"),
        ('{"type": "FeatureCollection", "features": []}', "has no features"),
        ('{"type": "FeatureCollection"}', "needs a list of features"),
        ('{"type": "Point", "coordinates": [38, 48]}', "not Point"),
        (
            '{"type": "Feature", "properties": {}, '
            '"geometry": {"type": "MultiPoint", "coordinates": [[38, 48]]}}',
            "not MultiPoint",
        ),
        ('{"type": "LineString", "coordinates": [[38, 48], [238, 48]]}', "invalid position"),
        ('{"type": "LineString", "coordinates": [[38, 48], [38, "x"]]}', "coordinates must be"),
        ('{"type": "LineString", "coordinates": [[38, 48]]}', "invalid LineString"),
        (
            '{"type": "Polygon", "coordinates": [[[38, 48], [39, 48], [38, 48]]]}',
            "degenerate|invalid Polygon",
        ),
        ('{"type": "LineString", "coordinates": [[38, 48], [39, 48]], "properties": {}}', None),
        (
            '{"type": "Feature", "properties": {"status": "rumoured"}, '
            '"geometry": {"type": "LineString", "coordinates": [[38, 48], [39, 48]]}}',
            "status must be",
        ),
        (
            '{"type": "Feature", "properties": {"valid_from": "2016-01-01", "valid_to": "2015-01-01"}, '
            '"geometry": {"type": "LineString", "coordinates": [[38, 48], [39, 48]]}}',
            "after valid_to",
        ),
    ],
)
def test_malformed_geojson(text, message):
    """Invalid JSON, wrong geometry types, empty collections and bad coordinates are refused."""
    if message is None:  # a bare geometry is accepted
        assert len(snapshots_from_geojson(text)) == 1
        return
    with pytest.raises(AnnotationError, match=message):
        snapshots_from_geojson(text, label="bad.geojson")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("<kml><Placemark>", "not well-formed"),
        ("<kml></kml>", "no Placemark"),
        ("<kml><Placemark><Point><coordinates>38,48</coordinates></Point></Placemark></kml>", "not Point"),
        (
            "<kml><Placemark><LineString><coordinates>38,48 x,y</coordinates></LineString></Placemark></kml>",
            "invalid coordinate",
        ),
        (
            "<kml><Placemark><LineString><coordinates>38,48 38,99</coordinates>"
            "</LineString></Placemark></kml>",
            "invalid position",
        ),
    ],
)
def test_malformed_kml(text, message):
    """Ill-formed KML, points and bad coordinates are refused."""
    with pytest.raises(AnnotationError, match=message):
        snapshots_from_kml(text)


def test_missing_and_unknown_files(tmp_path):
    """Missing files and unknown formats are refused."""
    with pytest.raises(InputError, match="no such file"):
        read_snapshots(tmp_path / "none.geojson")
    (tmp_path / "x.shp").write_bytes(b"\0")
    with pytest.raises(InputError, match="expected a .geojson"):
        read_snapshots(tmp_path / "x.shp")


@settings(max_examples=80, deadline=None)
@given(
    st.one_of(
        st.text(max_size=80),
        st.recursive(
            st.none() | st.booleans() | st.floats(allow_nan=True) | st.integers() | st.text(max_size=5),
            lambda inner: (
                st.lists(inner, max_size=4)
                | st.dictionaries(
                    st.sampled_from(["type", "features", "geometry", "coordinates", "properties"]),
                    inner,
                    max_size=4,
                )
            ),
            max_leaves=20,
        ).map(json.dumps),
    )
)
def test_any_geojson_input_fails_cleanly(text):
    """Whatever the file holds, the importer returns snapshots or raises AnnotationError, nothing else."""
    try:
        snapshots_from_geojson(text)
    except AnnotationError:
        pass


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=80))
def test_any_kml_input_fails_cleanly(text):
    """Arbitrary text as KML gives snapshots or AnnotationError, nothing else."""
    try:
        snapshots_from_kml("<kml><Placemark>" + text + "</Placemark></kml>")
    except AnnotationError:
        pass
