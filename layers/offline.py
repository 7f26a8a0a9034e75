"""Make an exported map work with no network: inline every script, stylesheet and image.

Leaflet comes from the installed ``xstatic-leaflet`` package (1.9.3, the version folium links),
our own controls from ``layers/data/``. folium's other defaults (jQuery, Bootstrap, Font Awesome,
awesome-markers) are only needed by folium's ``Icon`` markers, which our layers never use: they are
dropped, and an element that does need them is an error rather than a silently broken map. Tiles
stay remote; underneath them :func:`country_outlines` draws a light vector basemap from the country
GeoJSON shipped by ``countryinfo``, so every layer still has a background without tiles.
"""

from __future__ import annotations

import base64
import functools
import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import folium
from branca.element import Element
from shapely import make_valid, unary_union
from shapely.geometry import box, mapping, shape

from geo.errors import FrontlineError
from layers.inert import RawHtml

__all__ = [
    "OfflineError",
    "country_outlines",
    "inline_assets",
    "leaflet_dir",
    "own_asset",
    "remote_assets",
    "walk_elements",
]

_DATA = Path(__file__).resolve().parent / "data"
#: folium's default assets that only folium.Icon / Bootstrap widgets use; our layers need none.
_UNUSED = {
    "jquery",
    "bootstrap",
    "awesome_markers",
    "bootstrap_css",
    "glyphicons_css",
    "awesome_markers_font_css",
    "awesome_markers_css",
    "awesome_rotate_css",
}
_REMOTE = re.compile(r"^\s*(?:https?:)?//", re.IGNORECASE)
_CSS_URL = re.compile(r"url\(\s*['\"]?((?:https?:)?//[^)'\"]+)", re.IGNORECASE)
_CSS_IMPORT = re.compile(r"@import\s+(?:url\()?\s*['\"]?((?:https?:)?//[^)'\";]+)", re.IGNORECASE)
COUNTRY_PANE = "fl-countries"


class OfflineError(FrontlineError):
    """A map needs an asset that cannot be inlined from installed packages."""


def leaflet_dir() -> Path:
    """Folder of the Leaflet 1.9.3 files shipped by ``xstatic-leaflet``."""
    try:
        import xstatic.pkg.leaflet as xleaflet
    except ImportError as err:  # pragma: no cover - a declared dependency
        raise OfflineError("offline export needs the xstatic-leaflet package") from err
    if not str(xleaflet.VERSION).startswith("1.9."):
        raise OfflineError(f"xstatic-leaflet {xleaflet.VERSION} does not match folium's Leaflet 1.9")
    return Path(xleaflet.BASE_DIR)


@functools.cache
def own_asset(name: str) -> str:
    """Return the text of one of our own files in ``layers/data/`` (JS or CSS)."""
    return (_DATA / name).read_text(encoding="utf-8")


def _data_uri(path: Path) -> str:
    return "data:image/png;base64," + base64.b64encode(path.read_bytes()).decode("ascii")


@functools.cache
def _leaflet_inline() -> tuple[str, str, str]:
    """Leaflet's CSS (images as data URIs), its JS, and a script pointing default icons at data URIs."""
    root = leaflet_dir()
    css = (root / "leaflet.css").read_text(encoding="utf-8")
    css = re.sub(r"url\((images/[\w.-]+\.png)\)", lambda m: f"url({_data_uri(root / m.group(1))})", css)
    js = (root / "leaflet.js").read_text(encoding="utf-8")
    if "</script" in js.lower():  # would end our <script> element early
        raise OfflineError("leaflet.js contains '</script' and cannot be inlined")
    images = root / "images"
    icons = {
        "iconUrl": _data_uri(images / "marker-icon.png"),
        "iconRetinaUrl": _data_uri(images / "marker-icon-2x.png"),
        "shadowUrl": _data_uri(images / "marker-shadow.png"),
    }
    return css, js, f'L.Icon.Default.imagePath = "";\nL.Icon.Default.mergeOptions({json.dumps(icons)});'


def walk_elements(root: Element) -> Iterator[Element]:
    """Yield ``root`` and every element under it, depth first."""
    yield root
    for child in list(root._children.values()):
        yield from walk_elements(child)


def inline_assets(m: folium.Map) -> None:
    """Replace every CDN link that ``m`` would render by inlined code from installed packages.

    Raises
    ------
    OfflineError
        An element of the map links an asset we cannot inline (e.g. a folium plugin's CDN script).
    """
    missing = []
    for element in walk_elements(m):
        if isinstance(element, folium.Icon):  # draws with awesome-markers + Bootstrap, linked by the Map
            missing.append("folium.Icon (awesome-markers and Bootstrap from CDNs)")
        links = list(getattr(element, "default_js", [])) + list(getattr(element, "default_css", []))
        for name, url in links:
            if name in {"leaflet", "leaflet_css"}:
                continue
            if name in _UNUSED and element is m:
                continue
            missing.append(f"{type(element).__name__}: {url}")
        if links:
            element.default_js = []  # instance attributes: folium's class-level lists stay intact
            element.default_css = []
    if missing:
        raise OfflineError("cannot inline for an offline map: " + "; ".join(missing))
    css, js, icons = _leaflet_inline()
    header = m.get_root().header
    header.add_child(RawHtml(f"<style>{css}</style>"), name="leaflet_css")
    header.add_child(RawHtml(f"<script>{js}\n{icons}</script>"), name="leaflet")


class _AssetFinder(HTMLParser):
    """Collects remote URLs of scripts, stylesheets, images, fonts and frames in a document."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.remote: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for attr in ("src", "href", "srcset", "data", "poster"):
            url = values.get(attr) or ""
            if _REMOTE.match(url) and not (tag == "a" and attr == "href"):
                self.remote.append(url)
        self.remote += _CSS_URL.findall(values.get("style") or "")
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.remote += _CSS_URL.findall(data) + _CSS_IMPORT.findall(data)


def remote_assets(html: str) -> list[str]:
    """Return every remote script, stylesheet, image or font URL that ``html`` loads (links excluded).

    >>> remote_assets('<script src="https://cdn.example/x.js"></script><a href="https://x.org">x</a>')
    ['https://cdn.example/x.js']
    """
    finder = _AssetFinder()
    finder.feed(html)
    finder.close()
    return list(dict.fromkeys(finder.remote))


@functools.cache
def _countries() -> tuple[tuple[str, object], ...]:
    """Every country outline shipped by ``countryinfo`` as ``(name, shapely geometry)``."""
    import countryinfo

    folder = Path(countryinfo.__file__).resolve().parent / "data"
    found = []
    for path in sorted(folder.glob("*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        for feature in (record.get("geoJSON") or {}).get("features", []):
            if feature.get("geometry"):
                found.append((record.get("name") or path.stem, make_valid(shape(feature["geometry"]))))
    return tuple(found)


def _polygonal(geom):
    """Return the polygons of a clipped outline (clipping can leave slivers of lines or points), or None."""
    polygons = [g for g in getattr(geom, "geoms", [geom]) if g.geom_type in {"Polygon", "MultiPolygon"}]
    return unary_union(polygons) if polygons else None


def country_outlines(
    bounds: tuple[float, float, float, float], *, margin: float = 10.0, tolerance: float = 0.02
) -> folium.FeatureGroup:
    """Return a light vector basemap of the countries around ``bounds`` (west, south, east, north).

    It is drawn in its own pane under the tile pane, so tiles cover it when they load and it shows
    through when they cannot.
    """
    west, south, east, north = bounds
    window = box(
        max(-180, west - margin), max(-90, south - margin), min(180, east + margin), min(90, north + margin)
    )
    clipped = [
        (name, _polygonal(geom.intersection(window)))
        for name, geom in _countries()
        if geom.intersects(window)
    ]
    features = [
        {
            "type": "Feature",
            "properties": {"name": name},
            "geometry": mapping(geom.simplify(tolerance, preserve_topology=True)),
        }
        for name, geom in clipped
        if geom is not None
    ]
    group = folium.FeatureGroup(name="Country outlines (offline)", show=True, control=True)
    folium.GeoJson(
        {"type": "FeatureCollection", "features": features},
        name="countries",
        pane=COUNTRY_PANE,
        interactive=False,
        style_function=lambda _f: {"color": "#7f8c8d", "weight": 1, "fillColor": "#f4f1ea", "fillOpacity": 1},
    ).add_to(group)
    return group
