"""The map's data layers, their folium rendering and their exports.

Articles, events, routes and front lines as GeoDataFrames (EPSG:4326).

Mentions from :mod:`geo` → events and routes → GeoDataFrames → folium layers → HTML. Never imports
streamlit. Public names are re-exported here and imported lazily (pandas, folium and dask are only
loaded by the modules that need them).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

#: Public name -> the module that defines it.
_EXPORTS = {
    "Article": "layers.article",
    "article_from_text": "layers.article",
    "load_article": "layers.article",
    "Event": "layers.events",
    "load_events": "layers.curated",
    "extract_events": "layers.extract",
    "normalise_date": "layers.dates",
    "Route": "layers.routes",
    "build_route": "layers.routes",
    "load_routes": "layers.curated",
    "RoadNetwork": "layers.roads",
    "FrontLineSnapshot": "layers.frontline",
    "ControlPoint": "layers.control_area",
    "EstimatedControl": "layers.control_area",
    "estimate_control": "layers.control_area",
    "default_snapshots": "layers.importers",
    "snapshot_for": "layers.frontline",
    "read_snapshots": "layers.importers",
    "areas_frame": "layers.frames",
    "events_frame": "layers.frames",
    "front_lines_frame": "layers.frames",
    "places_frame": "layers.frames",
    "routes_frame": "layers.frames",
    "MapLayers": "layers.pipeline",
    "build_layers": "layers.pipeline",
    "build_map": "layers.render",
    "render_html": "layers.render",
    "save_html": "layers.render",
    "to_csv": "layers.export",
    "to_geojson": "layers.export",
    "to_kml": "layers.export",
    "load_corpus": "layers.corpus",
    "run_corpus": "layers.corpus",
}

__all__ = sorted(_EXPORTS)

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from layers.article import Article, article_from_text, load_article
    from layers.control_area import ControlPoint, EstimatedControl, estimate_control
    from layers.corpus import load_corpus, run_corpus
    from layers.curated import load_events, load_routes
    from layers.dates import normalise_date
    from layers.events import Event
    from layers.export import to_csv, to_geojson, to_kml
    from layers.extract import extract_events
    from layers.frames import areas_frame, events_frame, front_lines_frame, places_frame, routes_frame
    from layers.frontline import FrontLineSnapshot, snapshot_for
    from layers.importers import default_snapshots, read_snapshots
    from layers.pipeline import MapLayers, build_layers
    from layers.render import build_map, save_html
    from layers.roads import RoadNetwork
    from layers.routes import Route, build_route


def __getattr__(name: str) -> Any:
    try:
        module = _EXPORTS[name]
    except KeyError:
        raise AttributeError(f"module 'layers' has no attribute {name!r}") from None
    return getattr(importlib.import_module(module), name)


def __dir__() -> list[str]:
    return __all__
