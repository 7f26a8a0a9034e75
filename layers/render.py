"""Render map layers (GeoDataFrames, see docs/layers.md) with folium, and write standalone HTML.

Each ``*_layer`` builder turns one frame into one named :class:`folium.FeatureGroup` (the name is the
label in the layer control). The features are embedded as GeoJSON and drawn by our own script
(``layers/data/frontline.js``): points as canvas circle markers, so 10,000 events stay fluid.
Article text is untrusted: every string that reaches a tooltip or popup is HTML-escaped here, and
only ``http``/``https`` source URLs become links.
"""

from __future__ import annotations

import json
import math
import re
import warnings
from collections.abc import Callable, Iterable
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

import folium
import geopandas as gpd
import pandas as pd
from branca.element import Figure
from folium.elements import ElementAddToElement
from shapely.geometry import mapping

from geo.errors import InputError
from layers import style as _style
from layers.filters import EventFilter, filter_events
from layers.inert import InertScript, RawHtml, script_json
from layers.legend import Legend, legend_html
from layers.offline import (
    COUNTRY_PANE,
    OfflineError,
    country_outlines,
    inline_assets,
    own_asset,
    walk_elements,
)
from layers.offline import remote_assets as _remote_assets
from layers.popups import claim_popup, event_popup, front_popup, place_popup, route_tip
from layers.popups import text as _text
from layers.timeline import TimeSlider, day_number, day_span

if TYPE_CHECKING:
    from layers.pipeline import MapLayers

__all__ = [
    "MAX_EVENTS",
    "areas_layer",
    "build_map",
    "events_layer",
    "front_line_layer",
    "places_layer",
    "render_html",
    "route_layer",
    "save_html",
]

#: Most events drawn on one map (10,000 render in about a second; a map of 5 MB of pure event
#: sentences would hold 90,000); beyond it the map is refused with a message saying what to do.
MAX_EVENTS = 20_000
_MAX_ARROWS = 12
_MAX_LABELS = 60
_WORLD = (-170.0, -60.0, 170.0, 75.0)


class _Features(InertScript):
    """Adds an embedded FeatureCollection to its parent FeatureGroup through ``frontline.addFeatures``."""

    def __init__(self, layer_name: str, features: list[dict[str, Any]]) -> None:
        super().__init__()
        self._name = "Features"
        self.layer_name = layer_name
        # Styles are shared: each feature keeps an index into one table instead of its own copy.
        styles: dict[str, int] = {}
        for feature in features:
            key = json.dumps(feature["properties"].pop("_style", {}), sort_keys=True)
            feature["properties"]["_s"] = styles.setdefault(key, len(styles))
        collection = {
            "type": "FeatureCollection",
            "features": features,
            "styles": [json.loads(k) for k in styles],
        }
        self.data = script_json(collection)

    def header(self) -> dict[str, str]:
        """Inline our drawing script and stylesheet once."""
        return {
            "frontline_js": f"<script>{own_asset('frontline.js')}</script>",
            "frontline_css": f"<style>{own_asset('frontline.css')}</style>",
        }

    def script(self) -> str:
        """Add the features to the parent FeatureGroup."""
        parent = self._parent.get_name()
        return f"frontline.addFeatures({parent}, {script_json(self.layer_name)}, {self.data});"


def _rhumb_bearing(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Bearing in degrees of the straight (Mercator) segment between two points: its screen angle."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dpsi = math.log(math.tan(math.pi / 4 + phi2 / 2) / math.tan(math.pi / 4 + phi1 / 2))
    return math.degrees(math.atan2(math.radians(lon2 - lon1), dpsi)) % 360


def _arrows(geometry) -> list[list[float]]:
    """[lat, lon, bearing] at the midpoints of a line's legs (at most ``_MAX_ARROWS``, evenly spread)."""
    parts = getattr(geometry, "geoms", [geometry])
    legs = [
        (a, b) for part in parts for a, b in zip(part.coords[:-1], part.coords[1:], strict=True) if a != b
    ]
    step = max(1, math.ceil(len(legs) / _MAX_ARROWS))
    return [
        [
            round((a[1] + b[1]) / 2, 6),
            round((a[0] + b[0]) / 2, 6),
            round(_rhumb_bearing(a[0], a[1], b[0], b[1]), 1),
        ]
        for a, b in legs[::step]
    ]


def _geometry(geom) -> dict[str, Any] | None:
    if geom is None or geom.is_empty:
        return None
    if geom.geom_type == "Point":  # the common case, 10,000 times: skip shapely's mapping()
        return {"type": "Point", "coordinates": [round(geom.x, 6), round(geom.y, 6)]}
    return mapping(geom)


def _features(
    frame: gpd.GeoDataFrame, props: Callable[[dict[str, Any]], dict[str, Any]]
) -> list[dict[str, Any]]:
    if frame is None or frame.empty:
        return []
    frame = frame.to_crs(4326) if frame.crs is not None and not frame.crs.equals("EPSG:4326") else frame
    geometries = frame.geometry.tolist()
    records = pd.DataFrame(frame.drop(columns=frame.geometry.name)).to_dict("records")
    out = []
    for geom, record in zip(geometries, records, strict=True):
        shape = _geometry(geom)
        if shape is not None:
            out.append({"type": "Feature", "geometry": shape, "properties": props(record)})
    return out


def _group(name: str, show: bool, features: list[dict[str, Any]]) -> folium.FeatureGroup:
    group = folium.FeatureGroup(name=name, show=show)
    group.add_child(_Features(name, features))
    return group


def places_layer(places: gpd.GeoDataFrame, *, name: str = "Places", show: bool = True) -> folium.FeatureGroup:
    """One white dot per resolved place, labelled with its name; popup its details and first quote."""
    # Towns are named on the map (unless there are too many); countries and regions only on hover.
    label = places is not None and len(places) <= _MAX_LABELS

    def props(row: dict[str, Any]) -> dict[str, Any]:
        return {
            "_style": _style.PLACE_STYLE,
            "_tip": escape(_text(row.get("name"))),
            "_popup": place_popup(row),
            "_label": label and _text(row.get("kind")) in {"settlement", ""},
        }

    return _group(name, show, _features(places, props))


def events_layer(events: gpd.GeoDataFrame, *, name: str = "Events", show: bool = True) -> folium.FeatureGroup:
    """One canvas circle marker per event, coloured by ACLED event type, shown in its time window.

    Events at the same point fan out a few pixels apart so that each stays visible and clickable.
    """

    def props(row: dict[str, Any]) -> dict[str, Any]:
        kind = _style.event_style(row.get("event_type"))
        tip = " — ".join(
            p for p in (_text(row.get("event_type")), _text(row.get("place")), _text(row.get("date"))) if p
        )
        start = day_number(row.get("time_start")) or day_number(row.get("date"))
        end = day_number(row.get("time_end"))
        return {
            "_style": {
                "radius": 8,
                "color": "#1b2631",
                "weight": 1,
                "fillColor": kind.colour,
                "fillOpacity": 1.0,
                "symbol": kind.symbol,
            },
            "_tip": escape(tip),
            "_popup": event_popup(row),
            "_t0": start,
            "_t1": end if end is not None else start,
            "_o": row.get("_o"),
        }

    frame = events.assign(_o=_fan_offsets(events)) if events is not None and not events.empty else events
    return _group(name, show, _features(frame, props))


def claims_layer(
    claims: gpd.GeoDataFrame, *, name: str = "Control claims", show: bool = True
) -> folium.FeatureGroup:
    """One ring per control claim, coloured by the side that holds the town; popup the sentence."""

    def props(row: dict[str, Any]) -> dict[str, Any]:
        colour = _style.side_colour(row.get("side"))
        start = day_number(row.get("time_start")) or day_number(row.get("date"))
        end = day_number(row.get("time_end"))
        tip = f"{_text(row.get('place'))}: {_text(row.get('kind'))} ({_text(row.get('side'))})"
        return {
            "_style": {"radius": 12, "color": colour, "weight": 3, "fill": False, "opacity": 0.9},
            "_tip": escape(tip),
            "_popup": claim_popup(row),
            "_t0": start,
            "_t1": end if end is not None else start,
        }

    return _group(name, show, _features(claims, props))


def _fan_offsets(points: gpd.GeoDataFrame) -> list[list[int] | None]:
    """Screen offsets (pixels) that fan out points sharing a position on a sunflower spiral."""
    keys = [
        (round(g.x, 6), round(g.y, 6)) if g is not None and g.geom_type == "Point" else None
        for g in points.geometry
    ]
    sizes: dict[object, int] = {}
    for key in keys:
        sizes[key] = sizes.get(key, 0) + 1
    seen: dict[object, int] = {}
    offsets: list[list[int] | None] = []
    for key in keys:
        i = seen[key] = seen.get(key, -1) + 1
        if key is None or sizes[key] == 1:
            offsets.append(None)
            continue
        radius, angle = 8 * math.sqrt(i + 0.6), math.radians(137.508 * i)
        offsets.append([round(radius * math.cos(angle)), round(radius * math.sin(angle))])
    return offsets


def route_layer(routes: gpd.GeoDataFrame, *, name: str = "Route", show: bool = True) -> folium.FeatureGroup:
    """Draw the route as a line with direction arrows at its legs' midpoints; its length in the tooltip."""

    def props(row: dict[str, Any]) -> dict[str, Any]:
        quote = _text(row.get("quote"))
        popup = f'<div class="fl-title">{route_tip(row)}</div>' + (
            f"<blockquote>{escape(quote)}</blockquote>" if quote else ""
        )
        return {
            "_style": _style.ROUTE_STYLE,
            "_tip": route_tip(row),
            "_popup": popup,
            "_arrows": _arrows(row["_geometry"]),
            "_t0": day_number(row.get("date_start")),
            "_t1": day_number(row.get("date_end")),
        }

    frame = routes.assign(_geometry=routes.geometry) if routes is not None and not routes.empty else routes
    return _group(name, show, _features(frame, props))


def _snapshot_props(row: dict[str, Any], *, area: bool) -> dict[str, Any]:
    look = _style.front_style(row.get("status"))
    colour = _style.side_colour(row.get("side"))
    path = {"color": colour, "weight": look.weight if not area else 1.5, "opacity": look.opacity}
    if look.dash_array:
        path["dashArray"] = look.dash_array
    if area:
        path.update(fill=True, fillColor=colour, fillOpacity=look.fill_opacity)
    status = _text(row.get("status")) or "claimed"
    props = {
        "_style": path,
        "_tip": escape(f"{_text(row.get('name'))} ({status})"),
        "_popup": front_popup(row),
        "_t0": day_number(row.get("valid_from")),
        "_t1": day_number(row.get("valid_to")),
    }
    if area and look.hatch:
        props["_hatch"] = colour
    return props


def front_line_layer(
    front_lines: gpd.GeoDataFrame, *, name: str = "Front line", show: bool = True
) -> folium.FeatureGroup:
    """Front-line snapshots: solid when assessed, dashed when claimed, dotted when contested."""
    return _group(name, show, _features(front_lines, lambda row: _snapshot_props(row, area=False)))


def areas_layer(
    areas: gpd.GeoDataFrame, *, name: str = "Controlled area", show: bool = True
) -> folium.FeatureGroup:
    """Areas of control filled by side; claimed areas have a dashed edge, contested ones are hatched."""
    return _group(name, show, _features(areas, lambda row: _snapshot_props(row, area=True)))


class _Attribution(InertScript):
    """Adds the data sources' credits to the map's attribution control."""

    def __init__(self, texts: Iterable[str]) -> None:
        super().__init__()
        self._name = "Attribution"
        self.texts = list(texts)

    def script(self) -> str:
        """One ``addAttribution`` call per credit."""
        control = f"{self._parent.get_name()}.attributionControl"
        return "\n".join(f"{control}.addAttribution({script_json(text)});" for text in self.texts)


def _box(frames: Iterable[gpd.GeoDataFrame | None]) -> tuple[float, float, float, float] | None:
    boxes = [
        f.to_crs(4326).total_bounds if f.crs is not None else f.total_bounds
        for f in frames
        if f is not None and not f.empty
    ]
    boxes = [b for b in boxes if all(math.isfinite(v) for v in b)]
    if not boxes:
        return None
    west, south = min(b[0] for b in boxes), min(b[1] for b in boxes)
    east, north = max(b[2] for b in boxes), max(b[3] for b in boxes)
    pad = max(0.05, 0.05 * max(east - west, north - south))  # a lone point still gets a town-sized view
    return west - pad, south - pad, east + pad, north + pad


def _bounds(layers: MapLayers, events: gpd.GeoDataFrame) -> tuple[float, float, float, float]:
    """Return the view to open on: the action (events, routes, front lines), else the towns, else any place.

    Countries and regions named in passing ("Russia", "Germany") are points far from the story; they
    stay on the map but do not stretch the first view to a continent.
    """
    places = layers.places
    towns = places[places["kind"] == "settlement"] if _has(places) and "kind" in places.columns else None
    for frames in ([events, layers.routes, layers.front_lines, layers.areas], [towns], [places]):
        found = _box(frames)
        if found is not None:
            return found
    return _WORLD


def build_map(
    layers: MapLayers,
    *,
    basemap: str = _style.DEFAULT_BASEMAP,
    offline: bool = True,
    filters: EventFilter | None = None,
    time_control: bool = True,
) -> folium.Map:
    """Build the full map: basemaps, one toggleable layer per frame, legend, time control, fit to bounds.

    ``offline=True`` inlines every script and style (see :mod:`layers.offline`) and draws country
    outlines under the tiles; ``filters`` (types, date window) selects the events shown.
    """
    chosen, _provider = _style.basemap(basemap)
    events = layers.events if filters is None else filter_events(layers.events, filters)
    if events is not None and len(events) > MAX_EVENTS:
        raise InputError(f"too many events for one map: {len(events):,} (at most {MAX_EVENTS:,}); "
                         "filter them by type or date, or split the article")  # fmt: skip
    west, south, east, north = _bounds(layers, events)
    m = folium.Map(tiles=None, control_scale=True, zoom_snap=0.25)
    if offline:
        folium.map.CustomPane(COUNTRY_PANE, z_index=150).add_to(m)
        country_outlines((west, south, east, north)).add_to(m)
    for label, provider in _style.BASEMAPS.items():
        with warnings.catch_warnings():  # xyzservices' CartoDB API-key notice (for heavy commercial use)
            warnings.simplefilter("ignore", UserWarning)
            folium.TileLayer(provider, name=label, overlay=False, control=True, show=label == chosen).add_to(
                m
            )
    builders = [
        (areas_layer, layers.areas),
        (front_line_layer, layers.front_lines),
        (route_layer, layers.routes),
        (places_layer, layers.places),
        (claims_layer, layers.claims),
        (events_layer, events),
    ]
    for builder, frame in builders:
        builder(frame).add_to(m)
    statuses = [*_column(layers.front_lines, "status"), *_column(layers.areas, "status")]
    html = legend_html(
        _column(events, "event_type"),
        statuses,
        _column(layers.areas, "side"),
        places=_has(layers.places),
        route=_has(layers.routes),
        claim_sides=_column(layers.claims, "side"),
    )
    if html:
        Legend(html).add_to(m)
    # The slider spans the events (days apart), not the snapshots' years, unless there are no events.
    span = day_span([events], [("time_start", "time_end")]) or day_span(
        [layers.front_lines, layers.areas], [("valid_from", "valid_to"), ("valid_from", "valid_to")]
    )
    if time_control and span is not None:
        TimeSlider(["Events", "Route", "Front line", "Controlled area", "Control claims"], *span).add_to(m)
    credits = [*_style.DATA_ATTRIBUTIONS] + ([_style.COUNTRY_ATTRIBUTION] if offline else [])
    _Attribution(credits).add_to(m)
    folium.LayerControl(collapsed=False).add_to(m)
    # Keep the action clear of the date slider (bottom left) and the layer control (top right).
    m.fit_bounds([[south, west], [north, east]], padding_top_left=(20, 20), padding_bottom_right=(60, 70))
    if offline:
        inline_assets(m)
    m._frontline_offline = offline  # read by save_html
    return m


def _has(frame: gpd.GeoDataFrame | None) -> bool:
    return frame is not None and not frame.empty


def _column(frame: gpd.GeoDataFrame | None, column: str) -> list[str]:
    if not _has(frame) or column not in frame.columns:
        return []
    return [str(v) for v in frame[column].dropna().unique()]


#: folium's own elements on our maps. Their templates only ever see our constants (layer labels,
#: basemap providers, bounds), never article data: that travels in :class:`InertScript` elements.
_TEMPLATED = (
    Figure,
    folium.Map,
    folium.FeatureGroup,
    folium.TileLayer,
    folium.LayerControl,
    folium.GeoJson,
    folium.map.CustomPane,
    folium.map.FitBounds,
    ElementAddToElement,
)
_TEMPLATE_SYNTAX = re.compile(r"[{}<>%#]")


def _check_inert(m: folium.Map) -> None:
    """Refuse a map in which data could reach a template: an unknown element, or a marked-up layer name."""
    for element in walk_elements(m.get_root()):
        if isinstance(element, InertScript | RawHtml):
            continue
        if not isinstance(element, _TEMPLATED):
            raise TypeError(f"{type(element).__name__} would pass its content through a template; "
                            "put data on the map with an InertScript element")  # fmt: skip
        name = getattr(element, "layer_name", "") or ""
        if _TEMPLATE_SYNTAX.search(str(name)):
            raise ValueError(f"layer name {name!r}: layer names are our own labels, never data")


def render_html(m: folium.Map) -> str:
    """Render ``m`` to one standalone HTML page; an offline map must load nothing remote.

    The only way our maps become HTML (files and the dashboard alike): it first checks that no data
    can reach a template (see :mod:`layers.inert`).

    Raises
    ------
    OfflineError
        The map was built offline but its HTML still loads a remote script, style or image.
    """
    _check_inert(m)
    html = m.get_root().render()
    if getattr(m, "_frontline_offline", False):
        remote = _remote_assets(html)
        if remote:
            raise OfflineError("offline map still loads remote assets: " + ", ".join(sorted(set(remote))[:5]))
    return html


def save_html(m: folium.Map, path: str | Path) -> Path:
    """Write :func:`render_html` of ``m`` to ``path`` (atomically: a failed render leaves no file)."""
    html = render_html(m)
    path = Path(path)
    tmp = path.with_name(path.name + ".part")
    tmp.write_text(html, encoding="utf-8")
    tmp.replace(path)
    return path
