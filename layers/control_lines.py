"""The estimated front line week by week, from every control claim of a corpus.

For each week of the claims' date range (ISO weeks, Monday to Sunday), :func:`weekly_lines` takes
:func:`layers.claims.control_at` as of the week's Sunday over every dated claim up to then — a
settlement's latest claim, weighing less as it ages — and estimates the line, each side's area and
the uncertainty band from it (:func:`layers.claims.estimate_from_control`). A week with too little
evidence (claims of one side only, none inside the country's outline) gives no row. Undated claims
are left out: they belong to no week.

:func:`control_lines_frame` makes the rows of ``control_lines.parquet`` (``docs/layers.md``), one
per week and kind of geometry; :func:`claims_from_frame` reads claims back from the rows of a
claims layer (``claims.parquet``) for it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd

from geo.model import Place
from layers.claims import ControlClaim, control_at, estimate_from_control
from layers.dates import DateSpan
from layers.frames import CRS
from layers.frontline import FrontLineSnapshot

__all__ = [
    "CONTROL_LINE_COLUMNS", "WeeklyLine", "claims_from_frame", "control_lines_frame", "weekly_lines",
    "weekly_snapshots",
]  # fmt: skip

#: Columns of ``control_lines.parquet`` (before ``geometry``).
CONTROL_LINE_COLUMNS = ("week", "date", "kind", "side", "claims", "reports", "label")


@dataclass(frozen=True, slots=True)
class WeeklyLine:
    """The estimate as of one week's last day (Sunday)."""

    week: str  # ISO week, "2015-W10"
    day: dt.date  # its Sunday
    claims: int  # the claims the estimate used (one per settlement inside the outline)
    reports: int  # the reports those settlements' latest claims come from
    snapshots: tuple[FrontLineSnapshot, ...]  # the line, each side's area, the band


def weekly_lines(claims: Iterable[ControlClaim], *, half_life_days: float = 30.0) -> list[WeeklyLine]:
    """Return the estimate of every week of the claims' date range that has enough evidence."""
    dated = sorted((c for c in claims if c.when is not None), key=lambda c: c.when.date)  # type: ignore[union-attr]
    if not dated:
        return []
    first, last = dated[0].when.date, dated[-1].when.date  # type: ignore[union-attr]
    sunday = first + dt.timedelta(days=6 - first.weekday())
    found = []
    while sunday - dt.timedelta(days=6) <= last:
        control = control_at(dated, sunday, half_life_days=half_life_days)
        reports = len({c.report for p in control for c in p.claims})
        used, snapshots = estimate_from_control(control, sunday, reports=reports)
        if snapshots:
            year, week, _ = sunday.isocalendar()
            found.append(WeeklyLine(f"{year}-W{week:02d}", sunday, used, reports, tuple(snapshots)))
        sunday += dt.timedelta(days=7)
    return found


def control_lines_frame(weeks: Iterable[WeeklyLine]) -> gpd.GeoDataFrame:
    """One row per week and kind of geometry (``line``, ``area`` per side, ``band``), EPSG:4326."""
    rows, shapes = [], []
    for week in weeks:
        reports = f"{week.reports} report{'s' * (week.reports != 1)}"
        label = f"Estimated line (from {week.claims} claims in {reports})"
        for snapshot in week.snapshots:
            kind = "band" if snapshot.side == "uncertain" else snapshot.kind
            side = "" if kind != "area" else snapshot.side
            rows.append((week.week, week.day.isoformat(), kind, side, week.claims, week.reports, label))
            shapes.append(snapshot.geometry)
    frame = pd.DataFrame(rows, columns=list(CONTROL_LINE_COLUMNS))
    for column in ("claims", "reports"):
        frame[column] = frame[column].astype("Int64")
    return gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(shapes, crs=CRS), crs=CRS)


def claims_from_frame(frame: pd.DataFrame) -> list[ControlClaim]:
    """Return the claims of a claims layer's rows (columns of ``claims_frame``, ``lon``/``lat``).

    The point comes from ``lon``/``lat`` or else the geometry; a row without one is skipped.
    """
    if frame.empty:
        return []
    if "lon" in frame.columns:
        lons, lats = frame["lon"].tolist(), frame["lat"].tolist()
    else:
        lons = [None if g is None or g.is_empty else g.x for g in frame.geometry]
        lats = [None if g is None or g.is_empty else g.y for g in frame.geometry]
    found = []
    for row, lon, lat in zip(frame.to_dict("records"), lons, lats, strict=True):
        if lon is None or lat is None or pd.isna(lon) or pd.isna(lat):
            continue
        place = Place(
            str(row["place"]),
            float(lat),
            float(lon),
            geonameid=None if pd.isna(row["geonameid"]) else int(row["geonameid"]),
            country=_text(row["country"]),
            admin1=_text(row["admin1"]),
        )
        found.append(
            ControlClaim(
                place=place,
                place_name=str(row["place"]),
                side=str(row["side"]),
                actor=_text(row["actor"]) or "",
                kind=str(row["kind"]),
                when=_when(row),
                confidence=float(row["confidence"]),
                quote=str(row["quote"]),
                quote_start=int(row["quote_start"]),
                quote_end=int(row["quote_end"]),
                report=str(row["report"]),
            )
        )
    return found


def _text(value: object) -> str | None:
    return None if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def _when(row: dict) -> DateSpan | None:
    days: Sequence[str | None] = [_text(row[k]) for k in ("date", "time_start", "time_end")]
    if days[0] is None:
        return None
    date, start, end = (dt.date.fromisoformat(d[:10]) if d else None for d in days)
    return DateSpan(date, _text(row["date_precision"]) or "day", start or date, end or date)  # type: ignore[arg-type]


def weekly_snapshots(frame: pd.DataFrame) -> list[FrontLineSnapshot]:
    """Return the rows of ``control_lines.parquet`` as snapshots, each valid for its week.

    A map's time control then shows, on each day, the estimate of that day's week: the corpus's
    estimated line moves week by week beside any assessed or imported line.
    """
    found = []
    for row, geometry in zip(frame.to_dict("records"), frame.geometry, strict=True):
        if geometry is None or geometry.is_empty:
            continue
        sunday = dt.date.fromisoformat(str(row["date"]))
        kind = str(row["kind"])
        side = {"line": "contact", "band": "uncertain"}.get(kind) or str(row["side"] or "unknown")
        detail = {"line": "", "band": "uncertainty, "}.get(kind, f"area of {side}, ")
        name = f"{str(row['label'])[:-1]}; {detail}week {row['week']})"
        found.append(
            FrontLineSnapshot(
                f"estimated-{kind}-{side}-{row['week']}",
                name,
                geometry,
                sunday - dt.timedelta(days=6),
                sunday,
                side=side,
                status="estimated",
                source="Frontline",
            )
        )
    return found
