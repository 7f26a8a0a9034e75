"""`frontline export` with user-supplied front lines and road networks (real files, real pipeline)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from frontline.cli import main

FIXTURE = Path(__file__).resolve().parent / "data" / "fixture_deepstate-format_naturalearth-ngca.geojson"


def _export(seed_dir: Path, out: Path, *extra: str) -> str:
    assert main(["export", str(seed_dir), "--out", str(out), *extra]) == 0
    return out.read_text(encoding="utf-8")


@pytest.mark.slow
def test_deepstate_file_replaces_the_default_area_on_its_day(seed_dir: Path, tmp_path: Path) -> None:
    daily = tmp_path / "deepstatemap_data_20150218.geojson"  # the archive's own file naming
    shutil.copy(FIXTURE, daily)
    html = _export(seed_dir, tmp_path / "map.html", "--front-line", str(daily))
    assert "DeepStateMap 2015-02-18" in html
    default_html = _export(seed_dir, tmp_path / "default.html")
    assert "DeepStateMap" not in default_html


def test_undated_file_takes_the_given_day(seed_dir: Path, tmp_path: Path) -> None:
    html = _export(
        seed_dir, tmp_path / "map.html", "--front-line", str(FIXTURE), "--front-line-date", "2015-02-18"
    )
    assert FIXTURE.stem in html


@pytest.mark.slow
def test_roads_snap_the_route(seed_dir: Path, tmp_path: Path, gazetteer) -> None:
    # A road through the route's own waypoints with a detour vertex between each pair, from the gazetteer.
    stops = [gazetteer.get(i) for i in (710229, 702684, 713174)]
    coords = []
    for a, b in zip(stops, stops[1:]):
        coords += [[a.lon, a.lat], [(a.lon + b.lon) / 2 + 0.05, (a.lat + b.lat) / 2]]
    coords.append([stops[-1].lon, stops[-1].lat])
    roads = tmp_path / "roads.geojson"
    feature = {"type": "Feature", "properties": {}, "geometry": {"type": "LineString", "coordinates": coords}}
    roads.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}), encoding="utf-8")
    html = _export(seed_dir, tmp_path / "map.html", "--roads", str(roads))
    assert "along the supplied road network" in html
    assert "straight lines between waypoints" in _export(seed_dir, tmp_path / "plain.html")


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--front-line", "missing.kml"], "no such file"),
        (["--front-line-date", "2015-13-01"], "not a date"),
        (["--roads", "missing.geojson"], "missing.geojson"),
    ],
)
def test_bad_options_exit_2_with_one_line(seed_dir, tmp_path, capsys, extra, message) -> None:
    with pytest.raises(SystemExit) if "date" in message else _no_raise():
        status = main(["export", str(seed_dir), "--out", str(tmp_path / "m.html"), *extra])
        assert status == 2
    err = capsys.readouterr().err.strip()
    assert message in err and len(err.splitlines()) == 1 and "Traceback" not in err


class _no_raise:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> bool:
        return False
