"""The estimated line of every day or week of a corpus, and its distance to an imported line (issue 24).

Real places from the gazetteer, real claims from the seed article (Debaltseve to the separatists,
Luhanske government-held), and the fixture line ``tests/data/fixture_deepstate-format_naturalearth-ngca
.geojson`` (the Natural Earth NGCA in a DeepStateMap file's structure). The claims of March 2015 are
written here, one per report, on towns whose control the reports of the time gave: Horlivka and
Debaltseve separatist-held, Luhanske and Mariupol government-held, Shyrokyne taken and retaken.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
import shapely

from geo.errors import InputError
from geo.outlines import country_outline
from layers.article import load_article
from layers.claims import CONTESTED, ControlClaim, estimated_snapshots, extract_claims
from layers.control_area import mean_distance_km
from layers.control_lines import (
    CONTROL_LINE_COLUMNS,
    compare_lines,
    control_lines_frame,
    imported_for,
    period_lines,
    period_snapshots,
)
from layers.dates import DateSpan
from layers.frames import areas_frame, front_lines_frame, snapshots_from_frame
from layers.importers import default_snapshots, read_snapshots

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "fixture_deepstate-format_naturalearth-ngca.geojson"
DEBALTSEVE, LUHANSKE, HORLIVKA, SHYROKYNE, MARIUPOL = 710229, 702684, 707753, 694053, 701822


def _claim(place, side: str, day: str, report: str, confidence: float = 0.8) -> ControlClaim:
    when = dt.date.fromisoformat(day)
    return ControlClaim(
        place, place.name, side, "", "held", DateSpan(when, "day", when, when, day), confidence, "q", 0, 1,
        report=report,
    )  # fmt: skip


@pytest.fixture(scope="module")
def march(gazetteer) -> list[ControlClaim]:
    """1 March: Horlivka alone (one side); 2: Debaltseve and Luhanske; 4: Shyrokyne falls; 6: retaken."""
    town = {gid: gazetteer.get(gid) for gid in (DEBALTSEVE, LUHANSKE, HORLIVKA, SHYROKYNE, MARIUPOL)}
    return [
        _claim(town[HORLIVKA], "RU", "2015-03-01", "a"),
        _claim(town[DEBALTSEVE], "RU", "2015-03-02", "b"),
        _claim(town[LUHANSKE], "UA", "2015-03-02", "b"),
        _claim(town[SHYROKYNE], "RU", "2015-03-04", "c"),
        _claim(town[MARIUPOL], "UA", "2015-03-04", "c"),
        _claim(town[SHYROKYNE], "UA", "2015-03-06", "d"),
    ]


@pytest.fixture(scope="module")
def seed_claims(seed_dir, gazetteer) -> list[ControlClaim]:
    return extract_claims(load_article(seed_dir), gazetteer)


def _line(period) -> shapely.Geometry:
    return next(s.geometry for s in period.snapshots if s.kind == "line")


def _band(period) -> shapely.Geometry:
    return next(s.geometry for s in period.snapshots if s.side == "uncertain")


def test_a_line_per_day_with_enough_evidence(march):
    """Every day from the first claim to the last: 1 March has one side only, the others a line."""
    lines = period_lines(march, every="day")
    assert lines.every == "day"
    assert [p.period for p in lines] == ["2015-03-02", "2015-03-03", "2015-03-04", "2015-03-05", "2015-03-06"]
    assert [(p.claims, p.reports) for p in lines] == [(3, 2), (3, 2), (5, 3), (5, 3), (5, 4)]
    assert all(p.day.isoformat() == p.period and p.first == p.day and p.week == "2015-W10" for p in lines)
    [skipped] = lines.skipped
    assert (skipped.period, skipped.reason) == (
        "2015-03-01",
        "claims for one side only ('RU'): no line between sides",
    )
    assert lines.message == (
        "5 of 6 days have an estimated line (6 dated claims); "
        "none for the others: 1 × claims for one side only ('RU'): no line between sides"
    )


def test_a_day_without_a_new_claim_keeps_the_line_and_widens_the_band(march):
    """3 and 5 March bring no claim: the areas and line of the day before, a band drawn for older claims."""
    lines = period_lines(march, every="day")
    assert lines.reused == 2
    second, third = lines.lines[0], lines.lines[1]
    areas = [
        [s.geometry for s in p.snapshots if s.kind == "area" and s.side != "uncertain"]
        for p in (second, third)
    ]
    assert all(a is b for a, b in zip(*areas, strict=True))  # the tessellation was kept, not redone
    assert _line(second).equals_exact(_line(third), 0.0)
    assert _band(third).area > _band(second).area  # a day older, each claim weighs less
    fresh = estimated_snapshots(march, dt.date(2015, 3, 3), reports=2)
    assert shapely.equals(_band(third), next(s.geometry for s in fresh if s.side == "uncertain"))
    shyrokyne = shapely.Point(37.81795, 47.09839)

    def holder(period) -> str:
        return next(s.side for s in period.snapshots if s.kind == "area" and s.geometry.covers(shyrokyne))

    assert [holder(p) for p in lines.lines[2:]] == ["RU", "RU", "UA"]  # taken on the 4th, retaken the 6th


def test_weeks_by_default_each_as_of_its_sunday(march):
    """The week of 1 March (a Sunday) has one side; the next is estimated as of Sunday 8 March."""
    lines = period_lines(march)
    assert lines.every == "week" and [p.period for p in lines] == ["2015-W10"]
    [week] = lines.lines
    assert (week.first, week.day, week.claims, week.reports) == (
        dt.date(2015, 3, 2),
        dt.date(2015, 3, 8),
        5,
        4,
    )
    same = estimated_snapshots(march, dt.date(2015, 3, 8), reports=4)
    assert shapely.equals(_line(week), next(s.geometry for s in same if s.kind == "line"))
    assert [s.period for s in lines.skipped] == ["2015-W09"]


def test_no_claims_or_undated_ones_give_no_line_and_say_so(march):
    from dataclasses import replace

    empty = period_lines([], every="day")
    assert (len(empty), empty.skipped, empty.message) == (0, (), "no control claims: no line estimated")
    undated = period_lines([replace(c, when=None) for c in march])
    assert not len(undated) and undated.message == "none of the 6 control claims is dated: no line estimated"
    with pytest.raises(InputError, match="every day or week, not 'month'"):
        period_lines(march, every="month")


def test_contested_and_outside_the_outline_periods_have_no_line(gazetteer, march):
    """A day of contested claims only, a day of towns beyond the country's outline: reasons, no line."""
    ukraine = country_outline("UA")
    beyond = [p for p in gazetteer.places_in("UA.05") if not ukraine.covers(shapely.Point(p.lon, p.lat))][
        :2
    ]  # real Donetsk-oblast settlements (on the Azov spits) outside countryinfo's coarse outline
    town = gazetteer.get(SHYROKYNE)
    fought = [
        _claim(town, CONTESTED, "2015-03-01", "a"),
        _claim(gazetteer.get(MARIUPOL), CONTESTED, "2015-03-01", "a"),
        _claim(gazetteer.get(DEBALTSEVE), CONTESTED, "2015-03-02", "b"),
    ]
    contested = period_lines(fought, every="day")
    assert not len(contested) and [s.reason for s in contested.skipped] == [
        "all 2 places are contested: no side holds any, no line",
        "all 3 places are contested: no side holds any, no line",
    ]
    assert contested.message == (
        "0 of 2 days have an estimated line (3 dated claims); "
        "none for the others: 2 × all places are contested: no side holds any, no line"
    )
    outside = period_lines(
        [_claim(beyond[0], "RU", "2015-03-09", "c"), _claim(beyond[1], "UA", "2015-03-09", "c")]
    )
    assert not len(outside) and [s.reason for s in outside.skipped] == [
        "all 2 claims lie outside the outline: no line can be estimated"
    ]


def test_the_distance_to_an_undated_imported_line_every_week(seed_claims):
    """The seed's week: about 11 km from the fixture's NGCA edge, the figure of the article's own map."""
    imported = read_snapshots(FIXTURE)
    [area] = imported
    lines = compare_lines(period_lines(seed_claims), imported)
    assert [p.period for p in lines] == ["2015-W08"]
    [week] = lines.lines
    assert week.imported == area.name == "fixture_deepstate-format_naturalearth-ngca"
    assert week.mean_km_to_imported == mean_distance_km(_line(week), area.geometry.boundary)
    assert round(week.mean_km_to_imported) == 11
    natural_earth = next(s for s in default_snapshots() if s.kind == "line")
    assert week.mean_km_to_imported == pytest.approx(
        mean_distance_km(_line(week), natural_earth.geometry), abs=0.5
    )
    assert compare_lines(lines, ()) is lines


def test_a_dated_imported_line_counts_in_its_period_only(march):
    """An imported line of 4 March: that day and its week get a distance, the others none."""
    imported = read_snapshots(FIXTURE, day=dt.date(2015, 3, 4))
    daily = compare_lines(period_lines(march, every="day"), imported)
    assert [p.period for p in daily if p.mean_km_to_imported is not None] == ["2015-03-04"]
    weekly = compare_lines(period_lines(march), imported)
    assert weekly.lines[0].mean_km_to_imported > 0
    # a line is preferred to an area valid on the same day; an area is measured by its edge
    natural_earth = [s for s in default_snapshots() if s.kind == "line"]
    found, geometry = imported_for(dt.date(2015, 3, 2), dt.date(2015, 3, 8), [*imported, *natural_earth])
    assert found is natural_earth[0] and geometry is found.geometry
    found, geometry = imported_for(dt.date(2015, 3, 2), dt.date(2015, 3, 8), imported)
    assert found is imported[0] and geometry.geom_type == "MultiLineString"
    assert imported_for(dt.date(2015, 3, 5), dt.date(2015, 3, 8), imported) is None


def test_the_rows_and_their_snapshots_for_the_time_control(march):
    """control_lines.parquet's rows: a day's snapshot is valid that day, named with its distance."""
    imported = read_snapshots(FIXTURE)
    frame = control_lines_frame(compare_lines(period_lines(march, every="day"), imported))
    assert list(frame.columns) == [*CONTROL_LINE_COLUMNS, "geometry"] and frame.crs.to_epsg() == 4326
    assert set(frame["every"]) == {"day"} and list(frame["period"]) == list(frame["date"])
    lines = frame[frame["kind"] == "line"]
    assert lines["mean_km_to_imported"].notna().all() and frame["mean_km_to_imported"].dtype == "float64"
    snapshots = period_snapshots(frame)
    assert len(snapshots) == len(frame)
    day = [s for s in snapshots if s.snapshot_id == "estimated-line-contact-2015-03-04"][0]
    assert day.valid_from == day.valid_to == dt.date(2015, 3, 4) and day.status == "estimated"
    km = lines.loc[lines["period"] == "2015-03-04", "mean_km_to_imported"].iloc[0]
    assert (
        day.name
        == f"Estimated line (from 5 claims in 3 reports; day 2015-03-04; {km:.0f} km from the imported line)"
    )
    # a folder written before the period columns: its rows are weeks
    old = control_lines_frame(period_lines(march)).drop(columns=["period", "every", "mean_km_to_imported"])
    [line] = [s for s in period_snapshots(old) if s.kind == "line"]
    assert (line.valid_from, line.valid_to) == (dt.date(2015, 3, 2), dt.date(2015, 3, 8))
    assert line.name.endswith("; week 2015-W10)")


def test_imported_lines_read_back_as_the_same_snapshots():
    """What the corpus saves of its imported lines comes back with its dates, names and geometry."""
    imported = [*read_snapshots(FIXTURE, day=dt.date(2015, 3, 4)), *default_snapshots()]
    frame = pd.concat([front_lines_frame(imported), areas_frame(imported)], ignore_index=True)
    back = snapshots_from_frame(frame)
    assert sorted(s.snapshot_id for s in back) == sorted(s.snapshot_id for s in imported)
    for original in imported:
        [again] = [s for s in back if s.snapshot_id == original.snapshot_id]
        assert (again.valid_from, again.valid_to, again.name, again.side, again.status) == (
            original.valid_from, original.valid_to, original.name, original.side, original.status,
        )  # fmt: skip
        assert again.geometry.equals(original.geometry)
