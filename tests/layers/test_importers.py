"""Front-line snapshots from files: the shipped default, GeoJSON, KML, DeepStateMap; hostile ones rejected."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import Point

from geo.errors import AnnotationError, InputError
from layers.frontline import NATURAL_EARTH_ATTRIBUTION
from layers.importers import (
    default_snapshots,
    read_deepstate,
    read_snapshots,
    snapshots_from_geojson,
    snapshots_from_kml,
)

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "fixture_deepstate-format_naturalearth-ngca.geojson"
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
        ("{not json", "is not JSON"),
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
            "a polygon ring of 3 position",
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


# -- hostile geometry (issue 20): depth, numbers and rings checked before shapely sees them ----

DATA = Path(__file__).resolve().parents[2] / "layers" / "data"
NGCA_RING = json.loads((DATA / "donbas_ngca_2015-2022_naturalearth.geojson").read_text(encoding="utf-8"))[
    "features"
][0]["geometry"]["coordinates"][0]
LINE = json.loads((DATA / "donbas_contact_line_2015-2022_naturalearth.geojson").read_text(encoding="utf-8"))[
    "features"
][0]["geometry"]["coordinates"]


def _coords(positions: list) -> str:
    return " ".join(p if isinstance(p, str) else f"{p[0]},{p[1]}" for p in positions)


def _kml_polygon(outer: list, *inner: list) -> str:
    ring = "<{0}BoundaryIs><LinearRing><coordinates>{1}</coordinates></LinearRing></{0}BoundaryIs>"
    holes = "".join(ring.format("inner", _coords(r)) for r in inner)
    polygon = f"<Polygon>{ring.format('outer', _coords(outer))}{holes}</Polygon>"
    return f"<kml><Placemark>{polygon}</Placemark></kml>"


def _kml_nested(depth: int) -> str:
    line = f"<LineString><coordinates>{_coords(LINE)}</coordinates></LineString>"
    nested = "<MultiGeometry>" * depth + line + "</MultiGeometry>" * depth
    return f"<kml><Placemark>{nested}</Placemark></kml>"


def test_the_natural_earth_area_as_kml_gives_the_same_polygon_as_its_geojson():
    (from_kml,) = snapshots_from_kml(_kml_polygon(NGCA_RING))
    (from_geojson,) = read_snapshots(DATA / "donbas_ngca_2015-2022_naturalearth.geojson")
    assert from_kml.geometry.equals(from_geojson.geometry)


def test_kml_nesting_is_counted_while_streaming_up_to_32_elements():
    """kml > Placemark > 28 MultiGeometry > LineString > coordinates is 32 deep: read; 33 is not."""
    (snapshot,) = snapshots_from_kml(_kml_nested(28))
    assert snapshot.geometry.geom_type == "LineString" and len(snapshot.geometry.coords) == len(LINE)
    with pytest.raises(AnnotationError, match="KML: the KML nests deeper than 32 elements"):
        snapshots_from_kml(_kml_nested(29))


def test_kml_nested_50000_deep_is_refused_at_once():
    started = time.perf_counter()
    with pytest.raises(AnnotationError, match="nests deeper than 32"):
        snapshots_from_kml(_kml_nested(50_000))
    assert time.perf_counter() - started < 1.0  # the parse stops at element 33


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (_kml_polygon(NGCA_RING, [NGCA_RING[10], NGCA_RING[20]]), "placemark 0: a polygon ring of 2 "),
        (_kml_polygon(NGCA_RING[:-1]), "placemark 0: a polygon ring is not closed"),
        (_kml_polygon(["nan,48"] + NGCA_RING[1:]), r"placemark 0: invalid position \[nan, 48.0\]"),
        (_kml_polygon(["3" * 5000 + ",48"] + NGCA_RING[1:]), "placemark 0: invalid coordinate '3333"),
        (_kml_polygon(["1e999,48"] + NGCA_RING[1:]), r"invalid position \[inf, 48.0\]"),
        (_kml_polygon(NGCA_RING[:2] + NGCA_RING[:1] * 2), "placemark 0: the Polygon is empty or degenerate"),
    ],
    ids=["2-position-hole", "unclosed", "nan", "5000-digits", "infinite", "flat"],
)
def test_hostile_kml_polygons_are_refused_naming_the_placemark(text, message):
    with pytest.raises(AnnotationError, match=message):
        snapshots_from_kml(text, label="x.kml")


def _feature_collection(*geometries: object) -> str:
    features = [{"type": "Feature", "properties": {}, "geometry": g} for g in geometries]
    return json.dumps({"type": "FeatureCollection", "features": features})


GOOD_LINE = {"type": "LineString", "coordinates": LINE}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"type": "LineString", "coordinates": ' + "[" * 100_000, "x.geojson nests deeper than 32 levels"),
        (_feature_collection(GOOD_LINE).replace("[", "[" + "9" * 5000 + ", ", 1), "more than 20 digits"),
        (_feature_collection(GOOD_LINE).replace(str(LINE[0][0]), "NaN", 1), "NaN is not a JSON number"),
        (_feature_collection(GOOD_LINE).replace(str(LINE[0][0]), "-Infinity", 1), "-Infinity is not a JSON"),
        (_feature_collection(GOOD_LINE).replace(str(LINE[0][0]), "1e400", 1), "must be finite, not inf"),
        (_feature_collection(GOOD_LINE, {"type": "Polygon", "coordinates": [NGCA_RING[:-1]]}),
         "x.geojson, feature 1: a polygon ring is not closed"),
        (_feature_collection({"type": "MultiPolygon", "coordinates": [[NGCA_RING], [NGCA_RING[:2]]]}),
         "x.geojson, feature 0: a polygon ring of 2 position"),
        (_feature_collection({"type": "Polygon", "coordinates": NGCA_RING}), "feature 0: coordinates must"),
        (_feature_collection({"type": "MultiPolygon", "coordinates": [[[]]]}), "coordinates must be"),
        (_feature_collection(GOOD_LINE).replace("{}", '{"name": "\\ud800"}'), "lone surrogate"),
    ],
    ids=["nested", "5000-digits", "nan", "infinity", "overflow", "unclosed", "2-position-ring", "flat",
         "empty-ring", "surrogate"],
)  # fmt: skip
def test_hostile_geojson_is_refused_naming_the_feature(text, message):
    with pytest.raises(AnnotationError, match=message):
        snapshots_from_geojson(text, label="x.geojson")


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12"])
def test_validity_dates_outside_the_limits_are_refused(day):
    text = _feature_collection(GOOD_LINE).replace("{}", json.dumps({"valid_to": day}))
    with pytest.raises(AnnotationError, match="feature 0: .*is outside 1800-01-01"):
        snapshots_from_geojson(text)
