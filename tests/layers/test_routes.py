"""The retreat route: waypoints as the article names them, length, direction, the 10-mile check."""

from __future__ import annotations

import pytest
import yaml

from geo.errors import AnnotationError
from layers.curated import load_routes
from layers.roads import RoadNetwork
from layers.routes import KM_PER_MILE, LEG_TOLERANCE_MI, build_route, compass


@pytest.fixture(scope="module")
def route(seed_dir, article, gazetteer, mentions):
    """Load the seed's retreat route."""
    (route,) = load_routes(seed_dir / "routes.yaml", article, gazetteer, mentions=mentions)
    return route


def test_waypoints_resolve(route):
    """Debaltseve, Luhanske and Artemivsk resolve to their GeoNames entries, in order."""
    assert [p.geonameid for p in route.waypoints] == [710229, 702684, 713174]
    assert route.waypoint_names == ("Debaltseve", "Luhanske", "Artemivsk")
    assert route.follows == "waypoints"
    assert [tuple(c) for c in route.geometry.coords] == [(p.lon, p.lat) for p in route.waypoints]


def test_ten_mile_stretch(route):
    """The straight Debaltseve-Luhanske leg is within tolerance of the article's 10 miles."""
    # The article: Luhanske "lies at the end of a deadly 10-mile stretch of highway out of Debaltseve".
    (check,) = route.checks
    assert (check.start_name, check.end_name, check.stated_mi) == ("Debaltseve", "Luhanske", 10.0)
    assert check.within_tolerance
    assert abs(check.computed_mi - 10.0) <= LEG_TOLERANCE_MI
    assert check.computed_mi == pytest.approx(route.legs[0].straight_km / KM_PER_MILE)


def test_length_and_direction(route):
    """Total length is the sum of the legs; the retreat runs north-west."""
    assert route.length_km == pytest.approx(sum(leg.length_km for leg in route.legs))
    assert route.length_mi == pytest.approx(route.length_km / KM_PER_MILE)
    assert 35 < route.length_km < 50  # Debaltseve to Bakhmut is about 40 km as the crow flies
    assert route.direction == "NW" and all(leg.direction == "NW" for leg in route.legs)


def test_quote_and_date(route, seed_text):
    """The route's quote is at its offsets; its date is Wednesday."""
    assert seed_text[route.quote_start : route.quote_end] == route.quote
    assert route.when.date.isoformat() == "2015-02-18"


def _zigzag(places, *, offset=0.02, steps=6):
    """Build a synthetic road zig-zagging between the waypoints (coordinates from the gazetteer)."""
    line = []
    for a, b in zip(places, places[1:], strict=False):
        for k in range(steps):
            t = k / steps
            shift = offset * (1 if k % 2 else -1) if k else 0.0
            line.append((a.lon + (b.lon - a.lon) * t + shift, a.lat + (b.lat - a.lat) * t))
    line.append((places[-1].lon, places[-1].lat))
    return line


def test_snapped_to_a_road_network(route):
    """Snapped to a road network, the route follows the connected road, not a detached shortcut."""
    places = route.waypoints
    road = _zigzag(places)
    # a shortcut that is not connected to the rest must not be used
    detached = [(places[0].lon + 0.3, places[0].lat), (places[-1].lon + 0.3, places[-1].lat)]
    network = RoadNetwork.from_lines([road, detached])
    snapped = build_route(places, roads=network)
    assert snapped.follows == "roads"
    assert [tuple(c) for c in snapped.geometry.coords] == [(round(x, 7), round(y, 7)) for x, y in road]
    assert snapped.length_km > route.length_km  # a zig-zag is longer than the straight line
    for leg in snapped.legs:
        assert leg.length_km > leg.straight_km


def test_errors(tmp_path, article, gazetteer, mentions):
    """Too few waypoints, wrong ids, missing quotes and bad stated legs are refused."""
    path = tmp_path / "routes.yaml"
    base = {
        "id": "r",
        "quote": "a deadly 10-mile stretch of highway",
        "waypoints": [
            {"place": "Debaltseve", "geonameid": 710229},
            {"place": "Luhanske", "geonameid": 702684},
        ],
    }
    cases = [
        ({"waypoints": [{"place": "Debaltseve", "geonameid": 710229}]}, "at least two"),
        (
            {
                "waypoints": [
                    {"place": "Debaltseve", "geonameid": 1},
                    {"place": "Luhanske", "geonameid": 702684},
                ]
            },
            "resolves to Debaltseve",
        ),
        ({"quote": "a 12-mile stretch"}, "not an exact substring"),
        ({"stated_legs": [{"from": "Luhanske", "to": "Debaltseve", "miles": 10}]}, "not a leg"),
        ({"stated_legs": [{"from": "Debaltseve", "to": "Luhanske", "miles": -1}]}, "positive"),
        (
            {"stated_legs": [{"from": "Debaltseve", "to": "Luhanske", "miles": True}]},
            "miles: must be a number",
        ),
        ({"waypoints": "Debaltseve, Luhanske"}, "route r, waypoints: must be a list, not text"),
        (
            {"waypoints": [*base["waypoints"], "Artemivsk"]},
            "route r, waypoint 3: must be a mapping, not text",
        ),
        ({"when": "0001-01-01"}, "route r, when: 0001-01-01 is outside 1800-01-01"),
        ({"colour": "red"}, "route r: unknown key 'colour'"),
    ]
    for change, message in cases:
        path.write_text(yaml.safe_dump({"routes": [{**base, **change}]}), encoding="utf-8")
        with pytest.raises(AnnotationError, match=message):
            load_routes(path, article, gazetteer, mentions=mentions)


def test_compass():
    """Bearings map to the eight compass points."""
    assert [compass(d) for d in (0, 22, 23, 180, 315, 359)] == ["N", "N", "NE", "S", "NW", "N"]
