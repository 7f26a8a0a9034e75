"""Colours, symbols, line styles, basemaps and attributions for the map.

Only presentation lives here: the renderer (:mod:`layers.render`) and the legend
(:mod:`layers.legend`) read these tables, so one change restyles both.

>>> event_style("Battles").colour
'#c0392b'
>>> front_style("claimed").dash_array
'8 6'
"""

from __future__ import annotations

import warnings
import zlib
from dataclasses import dataclass

import xyzservices
import xyzservices.providers as _xyz

from geo.errors import InputError

__all__ = [
    "AREA_FILL",
    "BASEMAPS",
    "COUNTRY_ATTRIBUTION",
    "DATA_ATTRIBUTIONS",
    "DEFAULT_BASEMAP",
    "EVENT_STYLES",
    "FRONT_STYLES",
    "OTHER_EVENT",
    "PLACE_STYLE",
    "ROUTE_STYLE",
    "EventStyle",
    "LineStyle",
    "basemap",
    "event_style",
    "front_style",
    "side_colour",
]


@dataclass(frozen=True, slots=True)
class EventStyle:
    """How one ACLED event type is drawn: fill colour, a one-character symbol and a label."""

    colour: str
    symbol: str
    label: str


@dataclass(frozen=True, slots=True)
class LineStyle:
    """How a front-line status is drawn (Leaflet path options); ``hatch`` fills areas with stripes."""

    weight: float
    dash_array: str | None
    opacity: float
    fill_opacity: float
    hatch: bool
    label: str


#: ACLED's six event types (ACLED Codebook 2023), in legend order.
EVENT_STYLES: dict[str, EventStyle] = {
    "Battles": EventStyle("#c0392b", "⚔", "Battles"),
    "Explosions/Remote violence": EventStyle("#e67e22", "✹", "Explosions / remote violence"),
    "Violence against civilians": EventStyle("#8e44ad", "✖", "Violence against civilians"),
    "Strategic developments": EventStyle("#2471a3", "⚑", "Strategic developments"),
    "Protests": EventStyle("#1e8449", "✊", "Protests"),
    "Riots": EventStyle("#7d6608", "✷", "Riots"),
}
#: Any type outside the taxonomy (an extractor's guess, a typo in curated data).
OTHER_EVENT = EventStyle("#566573", "•", "Other")

#: ISW's conventions: assessed control is a solid line, claimed a dashed one, contested a dotted
#: line and a hatched area.
FRONT_STYLES: dict[str, LineStyle] = {
    "assessed": LineStyle(3.0, None, 0.95, 0.28, False, "Assessed"),
    "claimed": LineStyle(2.5, "8 6", 0.9, 0.14, False, "Claimed"),
    "contested": LineStyle(2.5, "1 6", 0.9, 0.5, True, "Contested"),
    # Frontline's own estimate from the reports' control claims: never drawn as an assessed line.
    "estimated": LineStyle(2.5, "12 4 2 4", 0.85, 0.12, False, "Estimated from the reports' claims"),
}

#: Fill colour of a side's area; unknown sides are grey.
AREA_FILL: dict[str, str] = {
    "ua": "#1f5fa8",
    "ru": "#b03a2e",
    "ngca": "#b03a2e",
}
_NEUTRAL = "#5d6d7e"

PLACE_STYLE = {"radius": 5, "color": "#1b2631", "weight": 1.5, "fillColor": "#ffffff", "fillOpacity": 1.0}
ROUTE_STYLE = {"color": "#117a65", "weight": 4, "opacity": 0.9}

#: Data credits shown on every map (GeoNames requires attribution; Natural Earth suggests it).
DATA_ATTRIBUTIONS = (
    'Place data: <a href="https://www.geonames.org">GeoNames</a> (www.geonames.org), CC BY 4.0',
    'Made with <a href="https://www.naturalearthdata.com">Natural Earth</a>',
)
#: Credit for the offline country outlines (johan/world.geo.json, shipped by the countryinfo package).
COUNTRY_ATTRIBUTION = "Country outlines: world.geo.json via countryinfo"


def _providers() -> dict[str, xyzservices.TileProvider]:
    with warnings.catch_warnings():  # CartoDB's API-key notice is for heavy users, not a map export
        warnings.simplefilter("ignore")
        return {
            "OpenStreetMap": _xyz.OpenStreetMap.Mapnik,
            "CartoDB Positron": _xyz.CartoDB.Positron,
            "Esri World Imagery": _xyz.Esri.WorldImagery,
        }


#: Basemap label (as shown in the layer control) -> xyzservices provider, with its attribution.
BASEMAPS: dict[str, xyzservices.TileProvider] = _providers()
#: OpenStreetMap needs no key; xyzservices marks CartoDB as needing an API key now.
DEFAULT_BASEMAP = "OpenStreetMap"


def basemap(name: str) -> tuple[str, xyzservices.TileProvider]:
    """Return ``(label, provider)`` for a basemap label or xyzservices name, case-insensitively.

    >>> basemap("openstreetmap.mapnik")[0]
    'OpenStreetMap'
    """
    key = name.strip().casefold().replace("_", " ")
    for label, provider in BASEMAPS.items():
        if key in {label.casefold(), provider.name.casefold(), provider.name.casefold().replace(".", " ")}:
            return label, provider
    raise InputError(f"unknown basemap {name!r}; choose one of: {', '.join(BASEMAPS)}")


def event_style(event_type: object) -> EventStyle:
    """Return the style of an ACLED event type (``OTHER_EVENT`` for anything else)."""
    return EVENT_STYLES.get(str(event_type).strip(), OTHER_EVENT) if event_type else OTHER_EVENT


def front_style(status: object) -> LineStyle:
    """Return the style of a front-line status; an unknown status is drawn as claimed, never as fact."""
    return FRONT_STYLES.get(str(status).strip().lower(), FRONT_STYLES["claimed"])


def side_colour(side: object) -> str:
    """Return the colour of a side: its own, one of a fixed palette by name, or grey.

    ``ua``, ``ru`` and ``ngca`` have their own colours; another side (a group holding ground) one
    of :data:`_PALETTE` chosen by its name; an unknown or contested side is grey.

    >>> side_colour("UA"), side_colour("contested"), side_colour("Houthis") == side_colour("houthis")
    ('#1f5fa8', '#5d6d7e', True)
    """
    key = str(side).strip().lower() if side else ""
    if not key or key in ("contested", "contact", "unknown", "uncertain"):
        return _NEUTRAL
    return AREA_FILL.get(key) or _PALETTE[zlib.crc32(key.encode()) % len(_PALETTE)]


#: Colours of sides that have none of their own (a group holding ground: "Houthis", "Jaish al Islam").
_PALETTE = ("#7d3c98", "#af601a", "#1e8449", "#2e4053", "#a93226", "#2874a6")
