"""Road networks from GeoJSON and Dijkstra shortest paths."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from geo.errors import InputError
from layers.roads import RoadNetwork


def test_shortest_of_two_ways():
    """Dijkstra takes the diagonal of a square, the shorter way."""
    # A square with a diagonal: the diagonal is the short way from one corner to the other.
    square = [
        [(0.0, 0.0), (0.1, 0.0), (0.1, 0.1)],
        [(0.0, 0.0), (0.0, 0.1), (0.1, 0.1)],
        [(0.0, 0.0), (0.1, 0.1)],
    ]
    path, km = RoadNetwork.from_lines(square).shortest_path((0.0, 0.0), (0.1, 0.1))
    assert path == [(0.0, 0.0), (0.1, 0.1)]
    assert 15 < km < 16


def test_disconnected():
    """Points on unconnected parts of the network are reported."""
    network = RoadNetwork.from_lines([[(0.0, 0.0), (0.1, 0.0)], [(1.0, 1.0), (1.1, 1.0)]])
    with pytest.raises(InputError, match="does not connect"):
        network.shortest_path((0.0, 0.0), (1.1, 1.0))


def test_from_geojson(tmp_path):
    """MultiLineStrings connect at shared vertices."""
    fc = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {},
                "geometry": {"type": "MultiLineString", "coordinates": [[[0, 0], [1, 0]], [[1, 0], [1, 1]]]},
            }
        ],
    }
    path = tmp_path / "roads.geojson"
    path.write_text(json.dumps(fc), encoding="utf-8")
    network = RoadNetwork.from_geojson(path)
    assert len(network) == 3
    assert network.shortest_path((0, 0), (1, 1))[0] == [(0.0, 0.0), (1.0, 0.0), (1.0, 1.0)]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{", "is not JSON"),
        ('{"type": "Point", "coordinates": [0, 0]}', "LineString or MultiLineString"),
        ('{"type": "LineString", "coordinates": [[0, 0], [0, 95]]}', "invalid position"),
        ('{"type": "LineString", "coordinates": [[0, 0]]}', "at least two"),
        ('{"type": "FeatureCollection", "features": []}', "no line segments"),
    ],
)
def test_bad_networks(text, message):
    """Malformed road files are refused with a clear reason."""
    with pytest.raises(InputError, match=message):
        RoadNetwork.from_geojson(text)


DATA = Path(__file__).resolve().parents[2] / "layers" / "data"
CONTACT_LINE = DATA / "donbas_contact_line_2015-2022_naturalearth.geojson"
LINE = json.loads(CONTACT_LINE.read_text(encoding="utf-8"))["features"][0]["geometry"]["coordinates"]


def _road(first: str) -> str:
    """The Natural Earth line of contact as one road, its first position replaced by raw JSON text."""
    feature = {"type": "Feature", "properties": {}, "geometry": {"type": "LineString", "coordinates": "@"}}
    positions = ", ".join([first] + [json.dumps(p) for p in LINE[1:]])
    return json.dumps(feature).replace('"@"', f"[{positions}]")


def test_a_real_line_is_a_network():
    network = RoadNetwork.from_geojson(_road(json.dumps(LINE[0])))
    assert len(network) == len({(round(x, 7), round(y, 7)) for x, y in LINE})


@pytest.mark.parametrize(
    ("first", "message"),
    [
        ("[" + "3" * 5000 + ", 48]", "road network: an integer of more than 20 digits is not accepted"),
        ("[3." + "3" * 5000 + ", 48]", "a number of more than 64 characters"),
        ("[NaN, 48]", "NaN is not a JSON number"),
        ("[38, Infinity]", "Infinity is not a JSON number"),
        ("[1e400, 48]", "a number must be finite"),
        ("[1e300, 48]", "a number larger than 1e\\+18 is not accepted"),
        ('[38, 48, "\\udc00"]', "lone surrogate"),
        ("[" * 100_000, "road network nests deeper than 32 levels"),
    ],
    ids=["5000-digits", "5000-digit-float", "nan", "infinity", "overflow", "huge", "surrogate", "nested"],
)
def test_hostile_numbers_and_nesting_are_refused(first, message):
    with pytest.raises(InputError, match=message):
        RoadNetwork.from_geojson(_road(first))


def test_a_hostile_road_file_is_refused_with_its_name(tmp_path):
    path = tmp_path / "roads.geojson"
    path.write_text(_road("[NaN, 48]"), encoding="utf-8")
    with pytest.raises(InputError, match=f"^{path}: NaN is not a JSON number"):
        RoadNetwork.from_geojson(path)
