"""GeoDataFrames (EPSG:4326) of every layer, with exactly the columns of ``docs/layers.md``.

Renderers, exports and the dashboard read these columns and nothing else. Empty inputs give
empty frames that still have every column.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

import geopandas as gpd
import pandas as pd

from geo.corrections import place_key
from geo.model import Mention
from geo.text import sentence_span
from layers.claims import ControlClaim
from layers.dates import DateSpan
from layers.events import Event
from layers.frontline import FrontLineSnapshot
from layers.routes import Route

__all__ = [
    "CLAIM_COLUMNS",
    "EVENT_COLUMNS",
    "PLACE_COLUMNS",
    "ROUTE_COLUMNS",
    "SNAPSHOT_COLUMNS",
    "areas_frame",
    "claims_frame",
    "events_frame",
    "front_lines_frame",
    "places_frame",
    "routes_frame",
    "snapshots_from_frame",
]

CRS = "EPSG:4326"
PLACE_COLUMNS = (
    "place_id",
    "geonameid",
    "name",
    "kind",
    "admin1",
    "country",
    "population",
    "mentions",
    "surface_forms",
    "first_quote",
    "confidence",
)
EVENT_COLUMNS = (
    "event_id",
    "date",
    "date_precision",
    "time_start",
    "time_end",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "place",
    "geonameid",
    "admin1",
    "country",
    "geo_precision",
    "fatalities_best",
    "fatalities_low",
    "fatalities_high",
    "wounded_best",
    "wounded_low",
    "wounded_high",
    "quote",
    "quote_start",
    "quote_end",
    "source_outlet",
    "source_url",
    "source_published",
    "origin",
    "confidence",
    "notes",
)
ROUTE_COLUMNS = (
    "route_id",
    "name",
    "waypoints",
    "waypoint_ids",
    "length_km",
    "length_mi",
    "direction",
    "bearing_deg",
    "date_start",
    "date_end",
    "quote",
    "quote_start",
    "quote_end",
    "follows",
)
SNAPSHOT_COLUMNS = (
    "snapshot_id",
    "name",
    "valid_from",
    "valid_to",
    "side",
    "status",
    "source",
    "licence",
    "attribution",
)
_INT_COLUMNS = (
    "geonameid",
    "fatalities_best",
    "fatalities_low",
    "fatalities_high",
    "wounded_best",
    "wounded_low",
    "wounded_high",
    "quote_start",
    "quote_end",
    "population",
    "mentions",
    "geo_precision",
)
_FLOAT_COLUMNS = ("confidence", "length_km", "length_mi", "bearing_deg")


def places_frame(mentions: Iterable[Mention], text: str = "") -> gpd.GeoDataFrame:
    """One row per resolved place; ``text`` (the article) gives each place its first sentence.

    A street or a site placed only at its town ("Jamsil Stadium in Seoul", ``approximate``) is no
    place of its own: it stays in the mentions table, not on the town's marker.
    """
    groups: dict[str, list[Mention]] = {}
    for mention in sorted(mentions, key=lambda m: m.start):
        if mention.place is not None and not mention.approximate:
            groups.setdefault(place_key(mention.place), []).append(mention)
    rows, points = [], []
    for pid, group in groups.items():
        place, first = group[0].place, group[0]
        forms = list(dict.fromkeys(m.text for m in group))
        if text:
            begin, end = sentence_span(text, first.start)
            quote = text[begin:end]
        else:
            quote = first.text
        rows.append(
            {
                "place_id": pid,
                "geonameid": place.geonameid,
                "name": place.name,
                "kind": place.kind,
                "admin1": place.admin1,
                "country": place.country,
                "population": place.population,
                "mentions": len(group),
                "surface_forms": "; ".join(forms),
                "first_quote": quote,
                "confidence": max(m.confidence for m in group),
            }
        )
        points.append(place.to_point())
    return _frame(rows, points, PLACE_COLUMNS)


def events_frame(events: Iterable[Event]) -> gpd.GeoDataFrame:
    """One row per event (ACLED model)."""
    rows, points = [], []
    for e in events:
        when = e.when
        rows.append(
            {
                "event_id": e.event_id,
                **_when_columns(when),
                "event_type": e.event_type,
                "sub_event_type": e.sub_event_type,
                "actor1": e.actor1,
                "actor2": e.actor2,
                "place": e.place_name,
                "geonameid": e.place.geonameid,
                "admin1": e.place.admin1,
                "country": e.place.country,
                "geo_precision": e.geo_precision,
                "fatalities_best": e.fatalities.best,
                "fatalities_low": e.fatalities.low,
                "fatalities_high": e.fatalities.high,
                "wounded_best": e.wounded.best,
                "wounded_low": e.wounded.low,
                "wounded_high": e.wounded.high,
                "quote": e.quote,
                "quote_start": e.quote_start,
                "quote_end": e.quote_end,
                "source_outlet": e.source.outlet,
                "source_url": e.source.url,
                "source_published": _iso(e.source.published),
                "origin": e.origin,
                "confidence": e.confidence,
                "notes": e.notes,
            }
        )
        points.append(e.place.to_point())
    return _frame(rows, points, EVENT_COLUMNS)


def routes_frame(routes: Iterable[Route]) -> gpd.GeoDataFrame:
    """One LineString row per route."""
    rows, lines = [], []
    for r in routes:
        rows.append(
            {
                "route_id": r.route_id,
                "name": r.name,
                "waypoints": " → ".join(p.name for p in r.waypoints),
                "waypoint_ids": ",".join(place_key(p) for p in r.waypoints),
                "length_km": round(r.length_km, 3),
                "length_mi": round(r.length_mi, 3),
                "direction": r.direction,
                "bearing_deg": round(r.bearing_deg, 1),
                "date_start": _iso(r.when.start if r.when else None),
                "date_end": _iso(r.when.end if r.when else None),
                "quote": r.quote,
                "quote_start": r.quote_start,
                "quote_end": r.quote_end,
                "follows": r.follows,
            }
        )
        lines.append(r.geometry)
    return _frame(rows, lines, ROUTE_COLUMNS)


def front_lines_frame(snapshots: Iterable[FrontLineSnapshot]) -> gpd.GeoDataFrame:
    """Return the line snapshots (LineStrings / MultiLineStrings) as a frame."""
    return _snapshots_frame(s for s in snapshots if s.kind == "line")


def areas_frame(snapshots: Iterable[FrontLineSnapshot]) -> gpd.GeoDataFrame:
    """Return the area snapshots (Polygons / MultiPolygons) as a frame."""
    return _snapshots_frame(s for s in snapshots if s.kind == "area")


def snapshots_from_frame(frame: pd.DataFrame) -> list[FrontLineSnapshot]:
    """Return the snapshots of a front-line or areas frame's rows (those with a geometry)."""
    found = []
    for row, geometry in zip(frame.to_dict("records"), frame.geometry, strict=True):
        if geometry is None or geometry.is_empty:
            continue
        found.append(
            FrontLineSnapshot(
                geometry=geometry,
                valid_from=_day(row["valid_from"]),
                valid_to=_day(row["valid_to"]),
                **{c: "" if pd.isna(row[c]) else str(row[c]) for c in SNAPSHOT_COLUMNS if "valid" not in c},
            )
        )
    return found


def _day(value: object) -> dt.date | None:
    text = "" if value is None or pd.isna(value) else str(value)
    return dt.date.fromisoformat(text[:10]) if text else None


def _snapshots_frame(snapshots: Iterable[FrontLineSnapshot]) -> gpd.GeoDataFrame:
    rows, shapes = [], []
    for s in snapshots:
        rows.append(
            {
                "snapshot_id": s.snapshot_id,
                "name": s.name,
                "valid_from": _iso(s.valid_from),
                "valid_to": _iso(s.valid_to),
                "side": s.side,
                "status": s.status,
                "source": s.source,
                "licence": s.licence,
                "attribution": s.attribution,
            }
        )
        shapes.append(s.geometry)
    return _frame(rows, shapes, SNAPSHOT_COLUMNS)


#: Columns of the control-claims layer (:func:`claims_frame`).
CLAIM_COLUMNS = (
    "place", "geonameid", "admin1", "country", "side", "actor", "kind", "date", "date_precision",
    "time_start", "time_end", "confidence", "quote", "quote_start", "quote_end", "report",
)  # fmt: skip


def claims_frame(claims: Iterable[ControlClaim]) -> gpd.GeoDataFrame:
    """One row per control claim (:mod:`layers.claims`), at its settlement's point."""
    rows, points = [], []
    for c in claims:
        rows.append(
            {
                "place": c.place_name,
                "geonameid": c.place.geonameid,
                "admin1": c.place.admin1,
                "country": c.place.country,
                "side": c.side,
                "actor": c.actor,
                "kind": c.kind,
                **_when_columns(c.when),
                "confidence": c.confidence,
                "quote": c.quote,
                "quote_start": c.quote_start,
                "quote_end": c.quote_end,
                "report": c.report,
            }
        )
        points.append(c.place.to_point())
    return _frame(rows, points, CLAIM_COLUMNS)


def _frame(rows: list[dict], geometries: list, columns: Sequence[str]) -> gpd.GeoDataFrame:
    frame = pd.DataFrame(rows, columns=list(columns))
    for column in _INT_COLUMNS:
        if column in frame.columns:
            frame[column] = frame[column].astype("Int64")
    for column in _FLOAT_COLUMNS:
        if column in frame.columns:
            frame[column] = frame[column].astype("float64")
    return gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(geometries, crs=CRS), crs=CRS)


def _when_columns(when: DateSpan | None) -> dict[str, str | None]:
    """Return the date columns of a row: the date, its precision and the window it is shown in."""
    if when is None:
        return {"date": None, "date_precision": None, "time_start": None, "time_end": None}
    return {
        "date": _iso(when.date),
        "date_precision": when.precision,
        "time_start": _iso(when.start),
        "time_end": _iso(when.end),
    }


def _iso(day: object) -> str | None:
    return None if day is None else day.isoformat()  # type: ignore[attr-defined]
