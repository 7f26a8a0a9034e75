"""Rendering map layers with folium: layer names, feature counts, escaping, offline assets.

The frames follow docs/layers.md column for column. Coordinates come from the real gazetteer
(GeoNames ids of the seed's towns, listed in shared/data/places_debaltseve_feb2015_geonames.csv)
and from the Natural Earth files in shared/data; quotes are verbatim from the seed article.
"""

from __future__ import annotations

import csv
import json
import re
import tomllib
from dataclasses import replace
from html import escape
from pathlib import Path

import folium
import geopandas as gpd
import numpy as np
import pytest
from shapely.geometry import LineString, Point, shape

from geo.errors import InputError
from geo.gazetteer import haversine_km
from layers.article import article_from_text
from layers.filters import EventFilter
from layers.offline import remote_assets
from layers.pipeline import MapLayers
from layers.popups import event_popup, safe_url
from layers.render import build_map, events_layer, render_html, route_layer, save_html
from tests.geocoding_helpers import ORACLE

#: The Natural Earth line and area shipped with the project (layers/data/PROVENANCE.md).
BUNDLED = Path(__file__).resolve().parents[2] / "layers" / "data"
ROUTE_IDS = (710229, 702684, 713174)  # the article's retreat: Debaltseve -> Luhanske -> Artemivsk (Bakhmut)
HOSTILE = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'
LAYER_NAMES = ["Controlled area", "Front line", "Route", "Places", "Control claims", "Events"]


def _frame(rows: list[dict]) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")


def seed_place_ids() -> list[int]:
    """GeoNames ids of the places the seed article names (the oracle file in tests/data)."""
    with ORACLE.open(encoding="utf-8") as f:
        return [int(row["geonameid"]) for row in csv.DictReader(f) if row["in_article"] == "True"]


def _snapshots(path: Path, status: str) -> gpd.GeoDataFrame:
    feature = json.loads(path.read_text(encoding="utf-8"))["features"][0]
    return _frame(
        [
            {
                "snapshot_id": f"{path.stem}-{status}",
                "name": feature["properties"].get("name", path.stem),
                "valid_from": "2015-02-20",
                "valid_to": "2022-02-23",
                "side": "ngca",
                "status": status,
                "source": "Natural Earth",
                "licence": "public domain",
                "attribution": "Made with Natural Earth",
                "geometry": shape(feature["geometry"]),
            }
        ]
    )


def _event(i: int, place, event_type: str, quote: str, **extra) -> dict:
    row = {
        "event_id": f"e{i}",
        "date": "2015-02-18",
        "date_precision": "day",
        "time_start": "2015-02-18",
        "time_end": "2015-02-18",
        "event_type": event_type,
        "sub_event_type": "Armed clash",
        "actor1": "DPR/LPR separatists",
        "actor2": "Military Forces of Ukraine",
        "place": place.name,
        "geonameid": place.geonameid,
        "admin1": place.admin1,
        "country": place.country,
        "geo_precision": 1,
        "fatalities_best": None,
        "fatalities_low": None,
        "fatalities_high": None,
        "wounded_best": None,
        "wounded_low": None,
        "wounded_high": None,
        "quote": quote,
        "quote_start": 0,
        "quote_end": len(quote),
        "source_outlet": "The Guardian",
        "source_url": "https://www.theguardian.com/world/2015/feb/18/x",
        "source_published": "2015-02-18",
        "origin": "curated",
        "confidence": 1.0,
        "notes": None,
        "geometry": place.to_point() if hasattr(place, "to_point") else Point(place.lon, place.lat),
    }
    row.update(extra)
    return row


def sample_layers(gazetteer, seed_text: str, *, hostile: bool = False) -> MapLayers:
    """Frames for the seed's towns, three events, the retreat route and the Natural Earth line."""
    places = [gazetteer.get(gid) for gid in seed_place_ids()]
    assert all(places), "a seed GeoNames id is missing from the gazetteer"
    bad = HOSTILE if hostile else ""
    place_rows = [
        {
            "place_id": str(p.geonameid),
            "geonameid": p.geonameid,
            "name": p.name + bad,
            "kind": p.kind,
            "admin1": p.admin1,
            "country": p.country,
            "population": p.population,
            "mentions": 1,
            "surface_forms": p.name + bad,
            "first_quote": bad or None,
            "confidence": 0.9,
            "geometry": Point(p.lon, p.lat),
        }
        for p in places
    ]
    sentences = [s.strip() for s in re.split(r"(?<=\.)\s+", seed_text) if "Debaltseve" in s]
    deb, luh, bakh = (gazetteer.get(gid) for gid in ROUTE_IDS)
    events = [
        _event(1, deb, "Battles", sentences[0] + bad, actor1="DPR/LPR separatists" + bad),
        _event(
            2,
            luh,
            "Explosions/Remote violence",
            sentences[1],
            time_start="2015-02-17",
            time_end="2015-02-18",
            fatalities_best=5,
            fatalities_low=3,
            fatalities_high=7,
        ),
        _event(
            3,
            deb,
            "Strategic developments",
            sentences[2],
            date="2015-02-15",
            time_start="2015-02-15",
            time_end="2015-02-15",
            source_url="javascript:window.__pwned=3" if hostile else None,
        ),
    ]
    waypoints = [deb, luh, bakh]
    legs = zip(waypoints, waypoints[1:], strict=False)
    length = sum(haversine_km(a.lat, a.lon, b.lat, b.lon) for a, b in legs)
    route = {
        "route_id": "r1",
        "name": "Retreat from Debaltseve" + bad,
        "waypoints": " → ".join(p.name for p in waypoints),
        "waypoint_ids": ",".join(str(p.geonameid) for p in waypoints),
        "length_km": length,
        "length_mi": length / 1.609344,
        "direction": "NW",
        "bearing_deg": 315.0,
        "date_start": "2015-02-18",
        "date_end": "2015-02-18",
        "quote": sentences[0],
        "quote_start": 0,
        "quote_end": 1,
        "follows": "waypoints",
        "geometry": LineString([(p.lon, p.lat) for p in waypoints]),
    }
    return MapLayers(
        article=article_from_text(seed_text, title="seed" + bad),
        mentions=(),
        places=_frame(place_rows),
        events=_frame(events),
        routes=_frame([route]),
        front_lines=_snapshots(BUNDLED / "donbas_contact_line_2015-2022_naturalearth.geojson", "assessed"),
        areas=_snapshots(BUNDLED / "donbas_ngca_2015-2022_naturalearth.geojson", "contested"),
    )


@pytest.fixture(scope="module")
def layers(gazetteer, seed_text) -> MapLayers:
    """Build the sample frames once per module."""
    return sample_layers(gazetteer, seed_text)


@pytest.fixture(scope="module")
def offline_html(layers) -> str:
    """Render the sample map offline."""
    return render_html(build_map(layers))


def _layer_control_names(html: str) -> list[str]:
    block = re.search(r"overlays\s*:\s*\{(.*?)\}", html, re.S).group(1)
    return re.findall(r'"([^"]+)"\s*:', block)


def _features(html: str, name: str) -> list[dict]:
    match = re.search(r'frontline\.addFeatures\(\w+, "' + re.escape(name) + r'", (\{.*?\})\);\n', html)
    return json.loads(match.group(1))["features"]


def test_each_layer_is_named_in_the_layer_control(offline_html):
    """One toggleable entry per layer, in drawing order, plus the offline basemap."""
    assert _layer_control_names(offline_html) == ["Country outlines (offline)", *LAYER_NAMES]


def test_feature_counts_match_the_frames(offline_html, layers):
    """Every row of every frame becomes one feature."""
    assert len(_features(offline_html, "Events")) == len(layers.events) == 3
    assert len(_features(offline_html, "Places")) == len(layers.places) == len(seed_place_ids())
    assert len(_features(offline_html, "Route")) == 1
    assert len(_features(offline_html, "Front line")) == len(_features(offline_html, "Controlled area")) == 1


def test_offline_map_loads_nothing_remote(offline_html):
    """No script, style or image is fetched from a CDN; Leaflet is inlined."""
    assert remote_assets(offline_html) == []
    assert "cdn.jsdelivr" not in offline_html and "code.jquery" not in offline_html
    assert "L.Icon.Default.imagePath" in offline_html  # Leaflet inlined from xstatic-leaflet


def test_online_map_links_folium_cdn(layers):
    """--online keeps folium's CDN links and draws no offline basemap."""
    html = render_html(build_map(layers, offline=False))
    assert any("leaflet" in url for url in remote_assets(html))
    assert "Country outlines (offline)" not in html


def test_route_has_arrows_and_length_in_tooltip(layers):
    """The route carries its length and one direction arrow per leg."""
    m = folium.Map(tiles=None)
    route_layer(layers.routes).add_to(m)
    [feature] = _features(m.get_root().render(), "Route")
    km = layers.routes.length_km.iloc[0]
    assert f"{km:.1f} km" in feature["properties"]["_tip"]
    arrows = feature["properties"]["_arrows"]
    assert len(arrows) == 2  # one per leg
    # Debaltseve -> Luhanske heads north-west: a screen bearing between 270 and 360 degrees
    assert 270 < arrows[0][2] < 360


def test_event_popup_lists_the_facts(layers):
    """Type, date with precision, casualty range, place precision and the source link."""
    popup = event_popup(layers.events.iloc[1].to_dict())
    assert "Explosions/Remote violence" in popup and "2015-02-18 (day)" in popup
    assert "5 (range 3–7)" in popup and "precision 1: in the town" in popup
    assert 'href="https://www.theguardian.com/world/2015/feb/18/x"' in popup


def test_hostile_article_text_is_escaped(gazetteer, seed_text):
    """Markup in article text reaches the page escaped; javascript: links are dropped."""
    hostile = sample_layers(gazetteer, seed_text, hostile=True)
    html = render_html(build_map(hostile))
    assert "<script>window.__pwned" not in html and "<img src=x" not in html
    assert "javascript:window.__pwned" not in html.replace("\\u003c", "<")  # the bad link is dropped
    popups = [f["properties"]["_popup"] for f in _features(html, "Events")]
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in popups[0]


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://example.org/a?b=1", True),
        ("http://x.y", True),
        ("javascript:alert(1)", False),
        ("JaVaScRiPt:alert(1)", False),
        ("data:text/html,<b>", False),
        ("//evil.example/x", False),
        ("https://ex ample.org", False),
        (None, False),
        ("", False),
    ],
)
def test_safe_url(url, ok):
    """Only absolute http(s) URLs become links."""
    assert (safe_url(url) is not None) is ok


def test_filters_and_time_slider(layers):
    """An event filter limits the events drawn; dated layers get the time control."""
    html = render_html(build_map(layers, filters=EventFilter(types=frozenset({"Battles"}))))
    assert len(_features(html, "Events")) == 1
    assert "frontline.timeline(" in html


def test_empty_layers_still_render(layers):
    """An article with nothing to map still gives a working, offline map."""
    empty = replace(
        layers,
        **{k: getattr(layers, k).iloc[0:0] for k in ("places", "events", "routes", "front_lines", "areas")},
    )
    html = render_html(build_map(empty))
    assert _features(html, "Events") == [] and remote_assets(html) == []


def test_save_html_writes_one_file(layers, tmp_path):
    """save_html writes exactly one self-contained file."""
    path = save_html(build_map(layers), tmp_path / "map.html")
    assert path.stat().st_size > 100_000  # Leaflet itself is inlined
    assert list(tmp_path.iterdir()) == [path]


def test_events_layer_is_a_named_feature_group(layers):
    """A builder's name is its label in the layer control."""
    group = events_layer(layers.events, name="Kämpfe")
    assert group.layer_name == "Kämpfe"


def _shown_tiles(html: str) -> list[str]:
    layers = dict(re.findall(r'var (tile_layer_\w+) = L\.tileLayer\(\s*"([^"]+)"', html))
    return [url for name, url in layers.items() if f"{name}.addTo(" in html]


@pytest.mark.parametrize(
    ("choice", "host"),
    [
        (None, "tile.openstreetmap.org"),
        ("Esri World Imagery", "server.arcgisonline.com"),
        ("cartodb.positron", "basemaps.cartocdn.com"),
    ],
)
def test_the_chosen_basemap_is_the_one_shown(layers, choice, host):
    """One base layer is shown (the default or the one asked for); all three stay in the control."""
    m = build_map(layers) if choice is None else build_map(layers, basemap=choice)
    html = render_html(m)
    [shown] = _shown_tiles(html)
    assert host in shown
    assert html.count("L.tileLayer(") == 3


def test_basemap_attributions(offline_html):
    """Tile providers' own credits (via xyzservices) and our data credits are on the map."""
    html = offline_html.replace("\\u003c", "<").replace("\\u003e", ">").replace("\\u0026", "&")
    osm = '&copy; <a href=\\"https://www.openstreetmap.org/copyright\\">OpenStreetMap</a> contributors'
    assert osm in html
    assert "Tiles &copy; Esri" in html and "CARTO" in html
    assert "GeoNames" in html and "CC BY 4.0" in html and "Natural Earth" in html


def test_unknown_basemap_is_an_input_error(layers):
    """A basemap we do not offer is the user's mistake, named in the message."""
    with pytest.raises(InputError, match="Stamen"):
        build_map(layers, basemap="Stamen Toner")


CORPUS_DATA = Path(__file__).resolve().parents[1] / "data" / "corpus"


def _corpus_reports() -> list[tuple[str, str, str]]:
    """(source "outlet, date", url, quote) of each test-corpus article with metadata."""
    reports = []
    for meta in sorted(CORPUS_DATA.glob("*.toml")):
        info = tomllib.loads(meta.read_text(encoding="utf-8"))
        body = next(p for p in meta.parent.glob(meta.stem + ".*") if p.suffix != ".toml")
        sentence = re.split(r"(?<=\.)\s+", re.sub(r"<[^>]+>", " ", body.read_text(encoding="utf-8")).strip())
        reports.append((f"{info['outlet']}, {info['published']}", info["url"], " ".join(sentence[0].split())))
    return reports


def _merged(row: dict, reports: list[tuple[str, str, str]], wrap) -> dict:
    sources, urls, quotes = (list(c) for c in zip(*reports, strict=True))
    return {
        **row,
        "n_sources": len(reports),
        "n_reports": len(reports),
        "sources": wrap(sources),
        "source_urls": wrap(urls),
        "quotes": wrap(quotes),
        "article_ids": wrap([f"a{i}" for i in range(len(reports))]),
        "notes": f"Reported by {len(reports)} article(s): [1] …",  # load_corpus's plain-text form
    }


@pytest.mark.parametrize(
    "wrap",
    [list, lambda v: np.array(v, dtype=object), json.dumps],
    ids=["list", "numpy", "json"],
)
def test_merged_event_popup_lists_every_report(layers, wrap):
    """A merged event names each outlet (linked), its date and its quote, whatever the list type."""
    reports = _corpus_reports()
    assert len(reports) == 3
    popup = event_popup(_merged(layers.events.iloc[0].to_dict(), reports, wrap))
    assert "Reported by 3 article(s)" in popup and popup.count("<li>") == 3
    for source, url, quote in reports:
        outlet, date = source.rsplit(", ", 1)
        assert f'href="{url}"' in popup and f">{outlet}</a>, {date}" in popup
        assert escape(quote[:200]) in popup  # long quotes are cut short with an ellipsis
    assert "[1] …" not in popup  # the notes' text form of the same list is not repeated


def test_merged_event_popup_escapes_hostile_reports(layers):
    """Markup in an outlet or quote is escaped; javascript: and data: URLs never become links."""
    row = _merged(
        layers.events.iloc[0].to_dict(),
        [
            ("<script>window.__pwned=1</script>, 2015-02-19", "javascript:window.__pwned=2", HOSTILE),
            ("Wire <b>x</b>", "data:text/html,<script>1</script>", "quote"),
            ("Safe", "https://example.org/a?b=1&c=<2>", "ok"),
        ],
        list,
    )
    popup = event_popup(row)
    assert "<script>" not in popup and "<img" not in popup and "<b>x" not in popup
    assert "javascript:" not in popup and "data:text" not in popup
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;, 2015-02-19" in popup
    assert popup.count("<a ") == 1 and 'href="https://example.org/a?b=1&amp;c=&lt;2&gt;"' in popup
    html = render_html(build_map(replace(layers, events=_frame([row]))))
    assert "<script>window.__pwned" not in html and "javascript:window.__pwned" not in html


def test_merged_event_popup_stays_compact(layers, tmp_path):
    """Past five reports the popup counts the rest; after a parquet round-trip (numpy arrays) too."""
    reports = [
        (f"Outlet {i}, 2015-02-{10 + i:02d}", f"https://example.org/{i}", f"Quote {i}.") for i in range(8)
    ]
    row = _merged(layers.events.iloc[0].to_dict(), reports, list)
    frame = _frame([row])
    path = tmp_path / "events.parquet"
    frame.to_parquet(path)
    back = gpd.read_parquet(path).iloc[0].to_dict()
    assert type(back["sources"]).__name__ == "ndarray"
    popup = event_popup(back)
    assert popup.count("<li>") == 5 and "and 3 more" in popup and "overflow-y:auto" in popup
    assert "Outlet 4" in popup and "Outlet 5" not in popup


def test_single_article_events_keep_their_source_line(layers):
    """Without merged columns the popup is unchanged: one quote and one source line."""
    popup = event_popup(layers.events.iloc[0].to_dict())
    assert "Reported by" not in popup and "<ol" not in popup and "Source: <a" in popup
