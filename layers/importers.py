"""Import front-line snapshots from GeoJSON, KML and DeepStateMap's daily files, and the bundled default.

:func:`default_snapshots` reads the Natural Earth line of contact and non-government-controlled
area of 2015–2022 shipped in ``layers/data/`` (see ``layers/data/PROVENANCE.md``).

Properties a file may carry on each feature (GeoJSON properties, KML ``ExtendedData``):
``name``, ``valid_from``, ``valid_to`` (``YYYY-MM-DD``, or ``YYYY-MM`` for a whole month),
``side``, ``status``, ``source``, ``licence``, ``attribution``; KML ``TimeSpan`` begin/end
also give the validity. Keyword arguments override them. KML is parsed with ``defusedxml``
with DTDs forbidden, so entity-expansion bombs and external entities are rejected at once.

Hostile files end in an :class:`~geo.errors.AnnotationError` naming the feature, never a
traceback: nesting is measured before it is parsed deeper (GeoJSON with :func:`geo.limits.loads_json`,
KML element by element while streaming, both to :data:`geo.limits.MAX_DEPTH`), positions must be
finite ``[lon, lat]`` in degrees, rings need four positions or more and must be closed, and
shapely is only given geometries that passed these checks.

DeepStateMap's daily files (``deepstatemap_data_YYYYMMDD.geojson``, github.com/cyterat/
deepstate-map-data) are one MultiPolygon of Russian-held territory with empty properties;
:func:`read_deepstate` dates them from the file name or an explicit ``day``.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
from collections.abc import Callable
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from shapely.geometry import LineString, MultiLineString, MultiPolygon, Polygon, shape
from shapely.geometry.base import BaseGeometry

from geo.errors import AnnotationError, FrontlineError, InputError
from geo.limits import MAX_DEPTH, loads_json
from layers.dates import parse_day
from layers.frontline import NATURAL_EARTH_ATTRIBUTION, STATUSES, FrontLineSnapshot

__all__ = [
    "MAX_FILE_BYTES",
    "default_snapshots",
    "read_deepstate",
    "read_snapshots",
    "snapshots_from_geojson",
    "snapshots_from_kml",
]

#: Largest front-line file accepted, in bytes (a DeepStateMap day is about 75 KB).
MAX_FILE_BYTES = 50_000_000
_DEEPSTATE_NAME = re.compile(r"deepstatemap_data_(\d{8})\.geojson$", re.IGNORECASE)
_TYPES = frozenset({"LineString", "MultiLineString", "Polygon", "MultiPolygon"})
#: Lists above one position in each kind's coordinates (a Polygon: rings of positions).
_LEVELS = {"LineString": 1, "MultiLineString": 2, "Polygon": 2, "MultiPolygon": 3}
_MAX_NUMBER_CHARS = 64  # one KML coordinate ("38.123456789012345" is 18)
_META = ("name", "valid_from", "valid_to", "side", "status", "source", "licence", "attribution")
_DEEPSTATE_META = {
    "side": "ru",
    "status": "assessed",
    "source": "DeepStateMap (deepstatemap.live), daily archive github.com/cyterat/deepstate-map-data",
    "licence": "No open licence stated; do not redistribute",
    "attribution": "DeepStateMap",
}


@cache
def default_snapshots() -> tuple[FrontLineSnapshot, ...]:
    """Return the shipped Natural Earth line of contact and NGCA (2015-02 to 2022-02)."""
    data = resources.files("layers.data")
    common = {
        "status": "assessed",
        "source": "Natural Earth 1:10m Cultural Vectors, ne_10m_admin_0_disputed_areas (Donbas)",
        "licence": "Public domain (Natural Earth)",
        "attribution": NATURAL_EARTH_ATTRIBUTION,
    }
    line = snapshots_from_geojson(
        data.joinpath("donbas_contact_line_2015-2022_naturalearth.geojson").read_text("utf-8"),
        label="donbas_contact_line_2015-2022_naturalearth.geojson",
        snapshot_id="naturalearth-contact-line-2015-2022",
        side="contact",
        **common,
    )
    area = snapshots_from_geojson(
        data.joinpath("donbas_ngca_2015-2022_naturalearth.geojson").read_text("utf-8"),
        label="donbas_ngca_2015-2022_naturalearth.geojson",
        snapshot_id="naturalearth-ngca-2015-2022",
        side="ngca",
        **common,
    )
    return (*line, *area)


def read_snapshots(path: str | Path, *, day: dt.date | None = None, **meta: Any) -> list[FrontLineSnapshot]:
    """Read a ``.geojson``/``.json`` or ``.kml`` file; DeepStateMap files are recognised by name."""
    path = Path(path)
    if _DEEPSTATE_NAME.search(path.name):
        return read_deepstate(path, day=day, **meta)
    text = _read(path)
    if day is not None:
        meta.setdefault("valid_from", day)
        meta.setdefault("valid_to", day)
    meta.setdefault("snapshot_id", path.stem)
    if path.suffix.lower() == ".kml":
        return snapshots_from_kml(text, label=str(path), **meta)
    if path.suffix.lower() in {".geojson", ".json"}:
        return snapshots_from_geojson(text, label=str(path), **meta)
    raise InputError(f"{path}: expected a .geojson, .json or .kml file")


def read_deepstate(path: str | Path, *, day: dt.date | None = None, **meta: Any) -> list[FrontLineSnapshot]:
    """Read one DeepStateMap daily file, valid on its day only.

    Raises
    ------
    InputError
        No date in the file name (``deepstatemap_data_YYYYMMDD.geojson``) and none given.
    """
    path = Path(path)
    if day is None:
        match = _DEEPSTATE_NAME.search(path.name)
        if match is None:
            raise InputError(
                f"{path}: cannot tell its date; name it deepstatemap_data_YYYYMMDD.geojson or give a date"
            )
        try:
            day = dt.datetime.strptime(match.group(1), "%Y%m%d").date()
        except ValueError as err:
            raise InputError(f"{path}: {match.group(1)} is not a valid date") from err
    fields = {
        **_DEEPSTATE_META,
        "snapshot_id": f"deepstate-{day.isoformat()}",
        "name": f"DeepStateMap {day.isoformat()}",
        **meta,
        "valid_from": day,
        "valid_to": day,
    }
    return snapshots_from_geojson(_read(path), label=str(path), **fields)


def snapshots_from_geojson(
    data: str, *, label: str = "GeoJSON", snapshot_id: str = "", **meta: Any
) -> list[FrontLineSnapshot]:
    """Snapshots from GeoJSON text: a FeatureCollection, a Feature or a bare geometry."""
    try:
        doc = loads_json(data, label)  # depth, numbers and strings within geo.limits
    except InputError as err:
        raise AnnotationError(str(err)) from err
    if not isinstance(doc, dict):
        raise AnnotationError(f"{label}: expected a GeoJSON object, not {type(doc).__name__}")
    kind = doc.get("type") if isinstance(doc.get("type"), str) else None
    if kind == "FeatureCollection":
        features = doc.get("features")
        if not isinstance(features, list):
            raise AnnotationError(f"{label}: a FeatureCollection needs a list of features")
    elif kind == "Feature":
        features = [doc]
    elif kind in _TYPES | {"Point", "MultiPoint", "GeometryCollection"}:
        features = [{"type": "Feature", "geometry": doc, "properties": {}}]
    else:
        raise AnnotationError(f"{label}: not a GeoJSON FeatureCollection, Feature or line/polygon geometry")
    if not features:
        raise AnnotationError(f"{label}: the FeatureCollection has no features")
    items = []
    for index, feature in enumerate(features):
        where = f"{label}, feature {index}"
        if not isinstance(feature, dict) or not isinstance(feature.get("geometry"), dict):
            raise AnnotationError(f"{where}: a feature needs a geometry object")
        props = feature.get("properties") or {}
        if not isinstance(props, dict):
            raise AnnotationError(f"{where}: properties must be an object")
        items.append((where, _geojson_geometry(feature["geometry"], where), props))
    return _snapshots(items, snapshot_id or label, meta)


def snapshots_from_kml(
    data: str | bytes, *, label: str = "KML", snapshot_id: str = "", **meta: Any
) -> list[FrontLineSnapshot]:
    """Snapshots from KML text: one per Placemark with a line or polygon geometry."""
    root = _parse_kml(data, label)
    items = []
    for index, placemark in enumerate(e for e in root.iter() if _local(e.tag) == "Placemark"):
        where = f"{label}, placemark {index}"
        props = _kml_properties(placemark)
        parts = [g for child in placemark for g in _kml_geometries(child, where)]
        if not parts:
            raise AnnotationError(f"{where}: no LineString or Polygon geometry")
        items.append((where, _checked_shape(where, "geometry", _combine, parts, where), props))
    if not items:
        raise AnnotationError(f"{label}: no Placemark in the KML")
    return _snapshots(items, snapshot_id or label, meta)


def _parse_kml(data: str | bytes, label: str) -> Any:
    """Parse KML with defusedxml, counting element depth while streaming (refused past MAX_DEPTH)."""
    import defusedxml
    from defusedxml.ElementTree import ParseError, iterparse

    source = io.StringIO(data) if isinstance(data, str) else io.BytesIO(data)
    root, depth = None, 0
    try:
        for event, element in iterparse(
            source, events=("start", "end"), forbid_dtd=True, forbid_entities=True, forbid_external=True
        ):
            depth += 1 if event == "start" else -1
            if depth > MAX_DEPTH:
                raise AnnotationError(f"{label}: the KML nests deeper than {MAX_DEPTH} elements")
            root = element if root is None else root
    except defusedxml.DefusedXmlException as err:
        raise AnnotationError(
            f"{label}: rejected: the KML declares a DTD or entities ({type(err).__name__}); "
            "KML never needs them and they can hide entity-expansion or external-entity attacks"
        ) from err
    except ParseError as err:
        raise AnnotationError(f"{label}: not well-formed XML ({err})") from err
    if root is None:  # pragma: no cover - expat refuses a document without an element
        raise AnnotationError(f"{label}: not well-formed XML (no element)")
    return root


def _read(path: Path) -> str:
    if not path.is_file():
        raise InputError(f"no such file: {path}")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise InputError(f"{path}: larger than {MAX_FILE_BYTES // 1_000_000} MB")
    try:
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(f"{path}: not valid UTF-8 (byte {err.start})") from err


def _snapshots(
    items: list[tuple[str, BaseGeometry, dict]], base_id: str, meta: dict[str, Any]
) -> list[FrontLineSnapshot]:
    result = []
    for index, (where, geometry, props) in enumerate(items):
        field = {k: meta[k] if meta.get(k) is not None else props.get(k) for k in _META}
        status = str(field["status"] or "assessed").lower()
        if status not in STATUSES:
            raise AnnotationError(f"{where}: status must be one of {', '.join(STATUSES)}, not {status!r}")
        valid_from = _day(field["valid_from"], where, end=False)
        valid_to = _day(field["valid_to"], where, end=True)
        if valid_from and valid_to and valid_from > valid_to:
            raise AnnotationError(f"{where}: valid_from {valid_from} is after valid_to {valid_to}")
        snapshot_id = base_id if len(items) == 1 else f"{base_id}-{index + 1}"
        result.append(
            FrontLineSnapshot(
                snapshot_id=snapshot_id,
                name=str(field["name"] or snapshot_id),
                geometry=geometry,
                valid_from=valid_from,
                valid_to=valid_to,
                side=str(field["side"] or ""),
                status=status,
                source=str(field["source"] or ""),
                licence=str(field["licence"] or ""),
                attribution=str(field["attribution"] or ""),
            )
        )
    return result


def _day(value: object, where: str, *, end: bool) -> dt.date | None:
    try:
        return parse_day(value, end=end)
    except FrontlineError as err:
        raise AnnotationError(f"{where}: {err}") from err


def _geojson_geometry(geometry: dict, where: str) -> BaseGeometry:
    kind = geometry.get("type") if isinstance(geometry.get("type"), str) else repr(geometry.get("type"))[:20]
    if kind not in _TYPES:
        raise AnnotationError(
            f"{where}: a front line must be a LineString or Polygon (or Multi-), not {kind}"
        )
    parts = _parts(geometry.get("coordinates"), _LEVELS[kind], where)
    for part in parts:
        for position in part:
            _check_position(position, where)
        if "Polygon" in kind:
            _check_ring(part, where)
        elif len(part) < 2:
            raise AnnotationError(f"{where}: invalid {kind} coordinates (a line needs two positions or more)")
    return _checked_shape(where, kind, shape, geometry)


def _parts(coords: object, levels: int, where: str) -> list[list]:
    """Return the lists of positions (lines or rings) in ``coords``, nested ``levels`` lists deep."""
    if not isinstance(coords, list) or not coords:
        raise AnnotationError(f"{where}: coordinates must be non-empty nested lists of [lon, lat]")
    if levels == 1:
        if not all(isinstance(p, list) and p and all(_is_number(v) for v in p) for p in coords):
            raise AnnotationError(f"{where}: coordinates must be non-empty nested lists of [lon, lat]")
        return [coords]
    return [part for item in coords for part in _parts(item, levels - 1, where)]


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _check_position(position: list | tuple, where: str) -> None:
    if (
        len(position) < 2
        or not all(_is_number(v) and math.isfinite(v) for v in position)
        or not (-180 <= position[0] <= 180 and -90 <= position[1] <= 90)
    ):
        raise AnnotationError(
            f"{where}: invalid position {str(position)[:40]} (expected [lon, lat] in degrees)"
        )


def _check_ring(ring: list, where: str) -> None:
    if len(ring) < 4:
        raise AnnotationError(
            f"{where}: a polygon ring of {len(ring)} position(s); a ring needs at least four, "
            "the last repeating the first"
        )
    if tuple(ring[0][:2]) != tuple(ring[-1][:2]):
        raise AnnotationError(f"{where}: a polygon ring is not closed (its last position must be its first)")


def _checked_shape(where: str, kind: str, build: Callable[..., BaseGeometry], *args: Any) -> BaseGeometry:
    """Return ``build(*args)``; shapely's errors become AnnotationError, an empty or flat result too."""
    try:
        result = build(*args)
        degenerate = result.is_empty or (result.area if "Polygon" in result.geom_type else result.length) == 0
    except FrontlineError:
        raise
    except (ValueError, TypeError, IndexError, AttributeError) as err:
        raise AnnotationError(f"{where}: invalid {kind} coordinates ({' '.join(str(err).split())})") from err
    except Exception as err:  # shapely.errors.GEOSException and friends
        raise AnnotationError(f"{where}: invalid {kind} ({' '.join(str(err).split())})") from err
    if degenerate:
        raise AnnotationError(f"{where}: the {kind} is empty or degenerate")
    return result


def _local(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1]


def _kml_properties(placemark: Any) -> dict[str, str]:
    props: dict[str, str] = {}
    for element in placemark.iter():
        tag = _local(element.tag)
        if tag == "name" and "name" not in props and element.text:
            props["name"] = element.text.strip()
        elif tag == "begin" and element.text:
            props.setdefault("valid_from", element.text.strip()[:10])
        elif tag == "end" and element.text:
            props.setdefault("valid_to", element.text.strip()[:10])
        elif tag == "Data" and element.get("name"):
            value = next((c.text for c in element if _local(c.tag) == "value"), None)
            if value is not None:
                props[element.get("name")] = value.strip()
        elif tag == "SimpleData" and element.get("name") and element.text is not None:
            props[element.get("name")] = element.text.strip()
    return props


def _kml_geometries(element: Any, where: str) -> list[BaseGeometry]:
    tag = _local(element.tag)
    if tag == "MultiGeometry":
        return [g for child in element for g in _kml_geometries(child, where)]
    if tag == "LineString":
        coords = _kml_coords(element, where)
        return [_checked_shape(where, "LineString", LineString, coords)]
    if tag == "Polygon":
        outer, inner = [], []
        for boundary in element:
            rings = [_kml_coords(r, where) for r in boundary.iter() if _local(r.tag) == "LinearRing"]
            if _local(boundary.tag) == "outerBoundaryIs":
                outer.extend(rings)
            elif _local(boundary.tag) == "innerBoundaryIs":
                inner.extend(rings)
        if len(outer) != 1:
            raise AnnotationError(f"{where}: a Polygon needs one outer ring of at least four positions")
        for ring in (*outer, *inner):
            _check_ring(ring, where)
        return [_checked_shape(where, "Polygon", Polygon, outer[0], inner)]
    if tag in {"Point", "Model", "Track"}:
        raise AnnotationError(f"{where}: a front line must be a LineString or Polygon, not {tag}")
    return []


def _kml_coords(element: Any, where: str) -> list[tuple[float, float]]:
    node = next((c for c in element.iter() if _local(c.tag) == "coordinates"), None)
    if node is None or not (node.text or "").strip():
        raise AnnotationError(f"{where}: missing coordinates")
    result = []
    for chunk in node.text.split():
        try:
            values = [_kml_number(v) for v in chunk.split(",")]
        except ValueError as err:
            raise AnnotationError(f"{where}: invalid coordinate {chunk[:40]!r}") from err
        _check_position(values, where)
        result.append((values[0], values[1]))
    if len(result) < 2:
        raise AnnotationError(f"{where}: a line needs at least two positions")
    return result


def _kml_number(text: str) -> float:
    """Return a KML coordinate as a float; more than 64 characters is refused before ``float()``."""
    if len(text) > _MAX_NUMBER_CHARS:
        raise ValueError(f"a number of more than {_MAX_NUMBER_CHARS} characters")
    return float(text)


def _combine(parts: list[BaseGeometry], where: str) -> BaseGeometry:
    if len(parts) == 1:
        return parts[0]
    if all(isinstance(p, LineString) for p in parts):
        return MultiLineString(parts)
    if all(isinstance(p, Polygon) for p in parts):
        return MultiPolygon(parts)
    raise AnnotationError(f"{where}: mixes lines and polygons; split them into separate placemarks")
