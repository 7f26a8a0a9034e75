"""The estimated front line day by day or week by week, from every control claim of a corpus.

For each period of the claims' date range — a day, or an ISO week (Monday to Sunday) —
:func:`period_lines` takes :func:`layers.claims.control_at` as of the period's last day over every
dated claim up to then — a settlement's latest claim, weighing less as it ages — and estimates the
line, each side's area and the uncertainty band from it (:func:`layers.claims.estimate_from_control`).
A period with too little evidence (claims of one side only, all contested, none inside the
country's outline) gives no line, and its reason is kept (:attr:`ControlLines.skipped`). Undated
claims are left out: they belong to no period. A day without a new claim keeps the previous day's
areas and lines and only draws the band again (its weights have aged).

:func:`compare_lines` gives each period's line its mean distance (km,
:func:`layers.control_area.mean_distance_km`) to an imported line (DeepStateMap, ISW, KML, GeoJSON)
valid in that period. :func:`control_lines_frame` makes the rows of ``control_lines.parquet``
(``docs/layers.md``), one per period and kind of geometry, and :func:`period_snapshots` turns them
back into front-line snapshots for a map's time control; :func:`claims_from_frame` reads claims back
from the rows of a claims layer (``claims.parquet``).
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace

import geopandas as gpd
import pandas as pd
from shapely.geometry.base import BaseGeometry

from geo.errors import InputError
from geo.model import Place
from layers.claims import ControlClaim, ControlEstimate, ControlTimeline, estimate_from_control
from layers.control_area import mean_distance_km
from layers.dates import DateSpan
from layers.frames import CRS
from layers.frontline import FrontLineSnapshot, snapshot_for

__all__ = [
    "CONTROL_LINE_COLUMNS", "PERIODS", "ControlLines", "PeriodLine", "SkippedPeriod", "claims_from_frame",
    "compare_lines", "control_lines_frame", "imported_for", "period_lines", "period_snapshots",
]  # fmt: skip

#: The periods a corpus's lines can be estimated for.
PERIODS = ("day", "week")
#: Columns of ``control_lines.parquet`` (before ``geometry``); a column may be added, never renamed.
CONTROL_LINE_COLUMNS = (
    "week", "date", "kind", "side", "claims", "reports", "label", "period", "every", "mean_km_to_imported",
    "imported_line",
)  # fmt: skip
_DAYS = {"day": 1, "week": 7}


@dataclass(frozen=True, slots=True)
class PeriodLine:
    """The estimate as of one period's last day, and how far it lies from an imported line."""

    period: str  # "2015-W10" (a week) or "2015-03-04" (a day)
    every: str  # "week" or "day"
    day: dt.date  # the period's last day: the estimate is as of then
    claims: int  # the claims the estimate used (one per settlement inside the outline)
    reports: int  # the reports those settlements' latest claims come from
    snapshots: tuple[FrontLineSnapshot, ...]  # the line, each side's area, the band
    mean_km_to_imported: float | None = None  # mean distance of the line to ``imported`` (km)
    imported: str = ""  # the name of the imported line it was measured against

    @property
    def first(self) -> dt.date:
        """The period's first day."""
        return self.day - dt.timedelta(days=_DAYS[self.every] - 1)

    @property
    def week(self) -> str:
        """The ISO week of the period's last day ("2015-W10")."""
        year, week, _ = self.day.isocalendar()
        return f"{year}-W{week:02d}"

    @property
    def line(self) -> BaseGeometry | None:
        """The estimated line (None when the estimate has none)."""
        return next((s.geometry for s in self.snapshots if s.kind == "line"), None)


@dataclass(frozen=True, slots=True)
class SkippedPeriod:
    """A period with claims but no line, and why."""

    period: str
    day: dt.date
    reason: str


@dataclass(frozen=True)
class ControlLines:
    """The lines of every period with enough evidence, the periods without one, and a summary."""

    every: str
    lines: tuple[PeriodLine, ...]
    skipped: tuple[SkippedPeriod, ...]
    message: str  # one sentence for the run's summary: what was estimated, or why nothing was
    reused: int = 0  # periods that kept the areas and lines of the one before (no new claim)

    def __len__(self) -> int:
        return len(self.lines)

    def __iter__(self) -> Iterator[PeriodLine]:
        return iter(self.lines)


def period_lines(
    claims: Iterable[ControlClaim], *, every: str = "week", half_life_days: float = 30.0
) -> ControlLines:
    """Return the estimate of every period (``"day"`` or ``"week"``) of the claims' date range.

    Raises
    ------
    InputError
        ``every`` is neither ``"day"`` nor ``"week"``.
    """
    if every not in PERIODS:
        raise InputError(f"lines are estimated every day or week, not {every!r}")
    given = list(claims)
    dated = sorted((c for c in given if c.when is not None), key=lambda c: c.when.date)  # type: ignore[union-attr]
    if not dated:
        why = "no control claims" if not given else f"none of the {len(given)} control claims is dated"
        return ControlLines(every, (), (), f"{why}: no line estimated")
    found, skipped, reused = [], [], 0
    earlier: ControlEstimate | None = None
    timeline = ControlTimeline(half_life_days=half_life_days)  # control_at, day after day
    waiting = sorted(dated, key=lambda c: c.when.start)  # type: ignore[union-attr]
    known = 0
    for day in _period_ends(dated[0].when.date, dated[-1].when.date, every):  # type: ignore[union-attr]
        begun = bisect.bisect_right(waiting, day, lo=known, key=lambda c: c.when.start)  # type: ignore[union-attr]
        timeline.add(waiting[known:begun])
        known = begun
        control = timeline.at(day)
        reports = len({c.report for p in control for c in p.claims})
        estimate = estimate_from_control(control, day, reports=reports, reuse=earlier)
        tessellation = estimate.control.tessellation if estimate.control is not None else None
        if tessellation is not None:
            reused += earlier is not None and earlier.control.tessellation is tessellation  # type: ignore[union-attr]
            earlier = estimate
        name = _period_name(day, every)
        if estimate.snapshots:
            found.append(PeriodLine(name, every, day, estimate.claims, reports, estimate.snapshots))
        else:
            skipped.append(SkippedPeriod(name, day, estimate.reason))
    message = _message(every, len(dated), found, skipped)
    return ControlLines(every, tuple(found), tuple(skipped), message, reused)


def _period_ends(first: dt.date, last: dt.date, every: str) -> Iterator[dt.date]:
    """Yield the last day of every period from the one holding ``first`` to the one holding ``last``."""
    step = _DAYS[every]
    end = first + dt.timedelta(days=6 - first.weekday()) if every == "week" else first
    while end - dt.timedelta(days=step - 1) <= last:
        yield end
        end += dt.timedelta(days=step)


def _period_name(day: dt.date, every: str) -> str:
    if every == "day":
        return day.isoformat()
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _message(every: str, claims: int, found: list[PeriodLine], skipped: list[SkippedPeriod]) -> str:
    """One sentence: how many periods have a line, and why the others have none."""
    plural = {"day": "days", "week": "weeks"}[every]
    periods = len(found) + len(skipped)
    head = f"{len(found)} of {periods} {plural} have an estimated line ({claims} dated claims)"
    if not skipped:
        return head
    reasons: dict[str, int] = {}
    for s in skipped:
        reasons[_gist(s.reason)] = reasons.get(_gist(s.reason), 0) + 1
    why = "; ".join(f"{n} × {reason}" for reason, n in sorted(reasons.items(), key=lambda r: -r[1]))
    return f"{head}; none for the others: {why}"


def _gist(reason: str) -> str:
    """Return a reason without its counts, so that the periods of one cause are counted together.

    >>> _gist("all 3 places are contested: no side holds any, no line")
    'all places are contested: no side holds any, no line'
    """
    return re.sub(r"^all \d+ ", "all ", reason)


def imported_for(
    first: dt.date, last: dt.date, imported: Sequence[FrontLineSnapshot]
) -> tuple[FrontLineSnapshot, BaseGeometry] | None:
    """Return the imported snapshot to compare a period's line with, and the line to measure to.

    The one valid on the period's last day, else on the latest day of the period it is valid on;
    a line before an area on the same day. An area (a DeepStateMap file is one) is measured by its
    boundary. An undated snapshot is valid every day. None when no snapshot is valid in the period.
    """
    day = last
    while day >= first:
        for kind in ("line", "area"):
            found = snapshot_for(day, imported, kind=kind)
            if found is not None and not found.geometry.is_empty:
                return found, found.geometry if kind == "line" else found.geometry.boundary
        day -= dt.timedelta(days=1)
    return None


def compare_lines(lines: ControlLines, imported: Sequence[FrontLineSnapshot]) -> ControlLines:
    """Give each period's line its mean distance (km) to the imported line valid in that period."""
    if not imported:
        return lines
    compared = []
    for period in lines.lines:
        reference = imported_for(period.first, period.day, imported)
        if reference is None or period.line is None:
            compared.append(period)
            continue
        snapshot, geometry = reference
        km = mean_distance_km(period.line, geometry)
        compared.append(replace(period, mean_km_to_imported=km, imported=snapshot.name))
    return replace(lines, lines=tuple(compared))


def control_lines_frame(lines: Iterable[PeriodLine]) -> gpd.GeoDataFrame:
    """One row per period and kind of geometry (``line``, ``area`` per side, ``band``), EPSG:4326."""
    rows, shapes = [], []
    for period in lines:
        reports = f"{period.reports} report{'s' * (period.reports != 1)}"
        label = f"Estimated line (from {period.claims} claims in {reports})"
        km = math.nan if period.mean_km_to_imported is None else round(period.mean_km_to_imported, 3)
        for snapshot in period.snapshots:
            kind = "band" if snapshot.side == "uncertain" else snapshot.kind
            side = "" if kind != "area" else snapshot.side
            rows.append(
                (
                    period.week, period.day.isoformat(), kind, side, period.claims, period.reports, label,
                    period.period, period.every, km, period.imported,
                )
            )  # fmt: skip
            shapes.append(snapshot.geometry)
    frame = pd.DataFrame(rows, columns=list(CONTROL_LINE_COLUMNS))
    for column in ("claims", "reports"):
        frame[column] = frame[column].astype("Int64")
    frame["mean_km_to_imported"] = frame["mean_km_to_imported"].astype("float64")
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


def period_snapshots(frame: pd.DataFrame) -> list[FrontLineSnapshot]:
    """Return the rows of ``control_lines.parquet`` as snapshots, each valid for its day or week.

    A map's time control then shows, on each day, the estimate of that day (or of its week): the
    corpus's estimated line moves period by period beside any assessed or imported line. A line
    measured against an imported one says how far from it it lies. Rows of folders written before
    the ``period`` column are weeks.
    """
    found = []
    for row, geometry in zip(frame.to_dict("records"), frame.geometry, strict=True):
        if geometry is None or geometry.is_empty:
            continue
        last = dt.date.fromisoformat(str(row["date"]))
        every = _text(row.get("every")) or "week"
        period = _text(row.get("period")) or str(row["week"])
        kind = str(row["kind"])
        side = {"line": "contact", "band": "uncertain"}.get(kind) or str(row["side"] or "unknown")
        detail = {"line": "", "band": "uncertainty, "}.get(kind, f"area of {side}, ")
        km = row.get("mean_km_to_imported")
        far = "" if kind != "line" or km is None or pd.isna(km) else f"; {km:.0f} km from the imported line"
        found.append(
            FrontLineSnapshot(
                f"estimated-{kind}-{side}-{period}",
                f"{str(row['label'])[:-1]}; {detail}{every} {period}{far})",
                geometry,
                last - dt.timedelta(days=_DAYS.get(every, 7) - 1),
                last,
                side=side,
                status="estimated",
                source="Frontline",
            )
        )
    return found
