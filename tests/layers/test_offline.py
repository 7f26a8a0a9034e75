"""Offline assets: what counts as remote, what gets inlined, and the country-outline basemap."""

from __future__ import annotations

import json
import re

import folium
import pytest
from folium.plugins import MarkerCluster

from layers.offline import OfflineError, country_outlines, inline_assets, leaflet_dir, remote_assets


@pytest.mark.parametrize(
    ("html", "remote"),
    [
        ('<script src="https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js"></script>', 1),
        ('<link rel="stylesheet" href="//cdnjs.cloudflare.com/x.css"/>', 1),
        ("<style>@import url('https://fonts.googleapis.com/css?family=Roboto');</style>", 1),
        ('<style>.a { background: url("http://x.org/i.png") }</style>', 1),
        ('<div style="background-image:url(https://x.org/i.png)"></div>', 1),
        ('<img src="HTTPS://X.ORG/I.PNG">', 1),
        ('<a href="https://www.geonames.org">GeoNames</a>', 0),  # a link the reader may follow
        (
            '<script>var t = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";</script>',
            0,
        ),  # tiles stay remote
        ("<style>.a { background: url(data:image/png;base64,AAAA) }</style>", 0),
        ('<script src="frontline.js"></script>', 0),
    ],
)
def test_remote_assets(html, remote):
    """Scripts, styles, images and fonts from the network count; links and tile templates do not."""
    assert len(remote_assets(html)) == remote


def test_inline_assets_replaces_every_cdn_link():
    """A plain folium map loses every CDN link and carries Leaflet 1.9.3 from xstatic-leaflet."""
    m = folium.Map(tiles=None)
    inline_assets(m)
    html = m.get_root().render()
    assert remote_assets(html) == []
    assert "Leaflet 1.9.3" in (leaflet_dir() / "leaflet.js").read_text()[:200]
    assert "Leaflet 1.9.3" in html
    # the marker images referenced by leaflet.css are inlined as data URIs
    assert re.search(r"url\(data:image/png;base64,", html)
    # folium's class-level defaults are untouched: another map still links the CDN
    assert any("leaflet" in url for url in remote_assets(folium.Map(tiles=None).get_root().render()))


def test_a_plugin_without_an_offline_copy_is_an_error():
    """A plugin whose JS lives only on a CDN cannot be silently dropped from an offline map."""
    m = folium.Map(tiles=None)
    MarkerCluster().add_to(m)
    with pytest.raises(OfflineError, match="markercluster"):
        inline_assets(m)


def test_folium_icon_markers_are_refused_offline():
    """folium.Icon needs Bootstrap and awesome-markers from CDNs: refused rather than broken."""
    m = folium.Map(tiles=None)
    folium.Marker([0, 0], icon=folium.Icon(icon="info-sign")).add_to(m)
    with pytest.raises(OfflineError):
        inline_assets(m)


def test_country_outlines_cover_the_map(gazetteer):
    """Around Debaltseve the offline basemap holds Ukraine and its neighbours, clipped and simplified."""
    town = gazetteer.get(710229)
    group = country_outlines((town.lon, town.lat, town.lon, town.lat), margin=3.0)
    m = folium.Map(tiles=None)
    group.add_to(m)
    html = m.get_root().render()
    names = set(re.findall(r'"name":\s*"([^"]+)"', html))
    assert {"Ukraine", "Russia"} <= names
    assert "Brazil" not in names
    data = json.loads(re.search(r"geo_json_\w+_add\((\{.*?\})\);", html, re.S).group(1))
    for feature in data["features"]:  # clipped to the window around the town
        coords = re.findall(r"-?\d+\.\d+", json.dumps(feature["geometry"]))
        lons = [float(x) for x in coords[0::2]]
        assert min(lons) >= town.lon - 3.0 - 1e-6 and max(lons) <= town.lon + 3.0 + 1e-6
