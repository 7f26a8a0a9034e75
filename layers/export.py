"""Data exports of the layers: GeoJSON, ACLED-like CSV and KML, safe against hostile text.

Article text is untrusted: CSV cells that a spreadsheet would run as a formula are prefixed
with a quote, KML is written by an XML serialiser (escaped) with characters XML forbids
removed, and GeoJSON is written by the JSON encoder. A corpus's merged events (list columns such as
``sources``, see :mod:`layers.corpus.outputs`) keep their lists in GeoJSON; the CSV adds the
:data:`CORPUS_CSV_COLUMNS` it finds, each list joined with ``"; "``.

>>> from layers.frames import events_frame
>>> to_csv(events_frame([])).splitlines()[0].split(",")[:3]
['event_id_cnty', 'event_date', 'time_precision']
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import numpy as np
import pandas as pd
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

if TYPE_CHECKING:
    from layers.pipeline import MapLayers

__all__ = ["CORPUS_CSV_COLUMNS", "CSV_COLUMNS", "LAYER_NAMES", "to_csv", "to_geojson", "to_kml"]

#: Layer attribute of :class:`layers.pipeline.MapLayers` -> human name (KML folder, GeoJSON "layer").
LAYER_NAMES = {
    "areas": "Areas of control",
    "front_lines": "Front line",
    "routes": "Routes",
    "places": "Places",
    "claims": "Control claims",
    "events": "Events",
}
#: CSV column -> events-frame column (None: computed). ACLED's names first, then Frontline's extras.
CSV_COLUMNS: dict[str, str | None] = {
    "event_id_cnty": "event_id",
    "event_date": "date",
    "time_precision": None,
    "event_type": "event_type",
    "sub_event_type": "sub_event_type",
    "actor1": "actor1",
    "actor2": "actor2",
    "country": "country",
    "admin1": "admin1",
    "location": "place",
    "geonameid": "geonameid",
    "latitude": None,
    "longitude": None,
    "geo_precision": "geo_precision",
    "source": "source_outlet",
    "source_url": "source_url",
    "source_published": "source_published",
    "notes": "notes",
    "fatalities": "fatalities_best",
    "fatalities_low": "fatalities_low",
    "fatalities_high": "fatalities_high",
    "wounded": "wounded_best",
    "wounded_low": "wounded_low",
    "wounded_high": "wounded_high",
    "time_start": "time_start",
    "time_end": "time_end",
    "quote": "quote",
    "quote_start": "quote_start",
    "quote_end": "quote_end",
    "origin": "origin",
    "confidence": "confidence",
}
#: Columns of merged corpus events appended to the CSV when the frame has them (lists joined by "; ").
CORPUS_CSV_COLUMNS = ("n_sources", "n_reports", "sources", "source_urls", "article_ids", "quotes")
LIST_SEPARATOR = "; "
_TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "year": 3}  # ACLED: 3 = a month or wider
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_KML_NS = "http://www.opengis.net/kml/2.2"


def to_geojson(data: gpd.GeoDataFrame | MapLayers) -> str:
    """Return a GeoJSON FeatureCollection of one frame, or of every layer (with a ``layer`` property)."""
    if isinstance(data, gpd.GeoDataFrame):
        features = _features(data, None)
    else:
        features = [f for attr, name in LAYER_NAMES.items() for f in _features(getattr(data, attr), name)]
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)


def to_csv(events: gpd.GeoDataFrame | pd.DataFrame) -> str:
    """Return the events as CSV with ACLED-like column names (see :data:`CSV_COLUMNS`).

    Merged corpus events also get the :data:`CORPUS_CSV_COLUMNS` they have, lists joined by ``"; "``.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180; any CR or LF in a cell gets quoted
    extra = [c for c in CORPUS_CSV_COLUMNS if c in events.columns]
    writer.writerow([*CSV_COLUMNS, *extra])
    for row in _records(events):
        point = row.get("geometry")
        values = []
        for column, source in CSV_COLUMNS.items():
            if column == "time_precision":
                value = _TIME_PRECISION.get(row.get("date_precision"))
            elif column in ("latitude", "longitude"):
                value = (
                    None
                    if point is None or point.is_empty
                    else round(point.y if column == "latitude" else point.x, 6)
                )
            else:
                value = row.get(source)
            values.append(_csv_cell(value))
        writer.writerow([*values, *(_csv_cell(row.get(c)) for c in extra)])
    return out.getvalue()


def to_kml(frames: Mapping[str, gpd.GeoDataFrame] | MapLayers, *, name: str = "Frontline") -> str:
    """Return a KML document with one Folder per layer (``frames``: name -> frame, or a MapLayers)."""
    if not isinstance(frames, Mapping):
        frames = {label: getattr(frames, attr) for attr, label in LAYER_NAMES.items()}
    ET.register_namespace("", _KML_NS)
    root = ET.Element(f"{{{_KML_NS}}}kml")
    document = ET.SubElement(root, f"{{{_KML_NS}}}Document")
    _text(document, "name", name)
    for label, frame in frames.items():
        folder = ET.SubElement(document, f"{{{_KML_NS}}}Folder")
        _text(folder, "name", label)
        for row in _records(frame):
            _placemark(folder, row)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")


def _features(frame: gpd.GeoDataFrame, layer: str | None) -> list[dict[str, Any]]:
    features = []
    columns = [c for c in frame.columns if c != frame.geometry.name]
    for row in _records(frame):
        props = {c: _plain(row[c]) for c in columns}
        if layer is not None:
            props = {"layer": layer, **props}
        geometry = row[frame.geometry.name]
        features.append(
            {
                "type": "Feature",
                "properties": props,
                "geometry": None if geometry is None or geometry.is_empty else mapping(geometry),
            }
        )
    return features


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Return the rows as dicts (much faster than ``iterrows`` on large frames)."""
    return frame.to_dict("records")


def _plain(value: Any) -> Any:
    """Return a JSON-ready value: pandas NA/NaN -> None, numpy scalars -> Python, arrays -> lists."""
    if isinstance(value, np.ndarray | list | tuple):
        return [_plain(v) for v in value]
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def _joined(value: Any) -> Any:
    """Return a list as one string, its items joined by :data:`LIST_SEPARATOR` (other values as they are)."""
    if not isinstance(value, list):
        return value
    return LIST_SEPARATOR.join("" if v is None else str(v) for v in value)


def _csv_cell(value: Any) -> Any:
    value = _joined(_plain(value))
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return "" if value is None else value


def _text(parent: ET.Element, tag: str, value: Any) -> ET.Element:
    element = ET.SubElement(parent, f"{{{_KML_NS}}}{tag}")
    element.text = _xml_safe(value)
    return element


def _xml_safe(value: Any) -> str:
    value = _joined(_plain(value))
    return "" if value is None else _XML_FORBIDDEN.sub("", str(value))


def _placemark(folder: ET.Element, row: dict[str, Any]) -> None:
    placemark = ET.SubElement(folder, f"{{{_KML_NS}}}Placemark")
    title = next((row.get(c) for c in ("name", "place", "event_id", "snapshot_id") if _plain(row.get(c))), "")
    _text(placemark, "name", title)
    if _plain(row.get("quote")):
        _text(placemark, "description", row.get("quote"))
    extended = ET.SubElement(placemark, f"{{{_KML_NS}}}ExtendedData")
    for column, value in row.items():
        if column == "geometry" or isinstance(value, BaseGeometry):
            continue
        data = ET.SubElement(extended, f"{{{_KML_NS}}}Data", name=_xml_safe(column))
        _text(data, "value", value)
    geometry = row.get("geometry")
    if geometry is not None and not geometry.is_empty:
        _geometry(placemark, geometry)


def _geometry(parent: ET.Element, geometry: BaseGeometry) -> None:
    kind = geometry.geom_type
    if kind.startswith("Multi") or kind == "GeometryCollection":
        multi = ET.SubElement(parent, f"{{{_KML_NS}}}MultiGeometry")
        for part in geometry.geoms:
            _geometry(multi, part)
    elif kind == "Point":
        _text(ET.SubElement(parent, f"{{{_KML_NS}}}Point"), "coordinates", _coords([geometry.coords[0]]))
    elif kind == "LineString":
        _text(ET.SubElement(parent, f"{{{_KML_NS}}}LineString"), "coordinates", _coords(geometry.coords))
    elif kind == "Polygon":
        polygon = ET.SubElement(parent, f"{{{_KML_NS}}}Polygon")
        for tag, rings in (("outerBoundaryIs", [geometry.exterior]), ("innerBoundaryIs", geometry.interiors)):
            for ring in rings:
                boundary = ET.SubElement(polygon, f"{{{_KML_NS}}}{tag}")
                _text(
                    ET.SubElement(boundary, f"{{{_KML_NS}}}LinearRing"), "coordinates", _coords(ring.coords)
                )


def _coords(coords: Any) -> str:
    return " ".join(f"{c[0]:.6f},{c[1]:.6f}" for c in coords)  # KML is lon,lat like GeoJSON
