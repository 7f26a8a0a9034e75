"""Road networks from GeoJSON and Dijkstra shortest paths."""

from __future__ import annotations

import json

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
        ("{", "not valid JSON"),
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
