"""The exported map in headless Chromium with every network request blocked.

Opens the standalone HTML over ``file://`` (Debian's chromium via Playwright, see tests/conftest.py),
checks that the page runs without script errors, that every layer is drawn from inlined code, that
hostile article text never executes, and leaves screenshots in ``test-artifacts/`` to look at.
"""

from __future__ import annotations

import re
import warnings

import pytest

from frontline.cli import main
from layers.article import load_article
from layers.pipeline import build_layers
from layers.render import build_map, save_html
from layers.style import BASEMAPS, ROUTE_STYLE
from tests.layers.test_render import sample_layers

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _tile_pattern(provider) -> re.Pattern:
    template = re.escape(provider.build_url(fill_subdomain=False, scale_factor="{r}"))
    for key, regex in (("s", "[a-z0-9]+"), ("z", r"\d+"), ("x", r"\d+"), ("y", r"\d+"), ("r", ".*")):
        template = template.replace(re.escape("{" + key + "}"), regex)
    return re.compile(template + "$")


with warnings.catch_warnings():  # CartoDB's API-key notice
    warnings.simplefilter("ignore")
    _TILES = [_tile_pattern(p) for p in BASEMAPS.values()]


def _open(page, path) -> None:
    page.set_viewport_size({"width": 1280, "height": 820})
    page.goto(path.as_uri())
    page.wait_for_function("window.frontline && window.frontline.layers && window.frontline.layers.Events")
    page.wait_for_timeout(300)  # let the canvas and SVG renderers draw


def _script_errors(page) -> list[str]:
    # Tiles are the only remote resources: their blocked loads are "Failed to load resource" messages.
    return [e for e in page.console_errors if not e.startswith("Failed to load resource")]


def _assert_only_tiles_blocked(page) -> None:
    others = [url for url in page.blocked if not any(p.match(url) for p in _TILES)]
    assert others == [], f"non-tile requests were made: {others[:5]}"
    assert page.blocked, "the basemap should at least try to load its tiles"


HOSTILE_ARTICLE = """<script>window.__pwned=1</script> Separatist forces shelled Debaltseve on Tuesday, \
killing three soldiers <img src=x onerror="window.__pwned=2">, officials said.

Ukrainian troops retreated from Debaltseve to Artemivsk <svg onload="window.__pwned=3"></svg> on Wednesday.
"""
HOSTILE_META = (
    'title = "<script>window.__pwned=4</script>"\noutlet = "<b onmouseover=x>Evil</b>"\n'
    'url = "javascript:window.__pwned=5"\npublished = 2015-02-18\n'
)


def _export(source, out) -> None:
    assert main(["export", str(source), "--out", str(out)]) == 0


def _open_everything(page) -> None:
    """Open every popup and tooltip, so that all article text is put into the page."""
    page.evaluate("""() => Object.values(frontline.layers).forEach(entry =>
        entry.features.forEach(l => { l.openTooltip && l.openTooltip(); l.openPopup && l.openPopup(); }))""")
    page.wait_for_timeout(300)


def test_seed_export_offline(offline_page, gazetteer, seed_dir, artifacts_dir):
    """`frontline export` of the seed: every event marker and the route, no errors, no network."""
    expected = build_layers(load_article(seed_dir), gazetteer)
    path = artifacts_dir / "seed_offline.html"
    _export(seed_dir, path)
    page = offline_page
    _open(page, path)
    assert _script_errors(page) == []
    _assert_only_tiles_blocked(page)
    assert page.evaluate("frontline.count('Events')") == len(expected.events) > 0
    assert page.evaluate("frontline.count('Places')") == len(expected.places) > 0
    assert page.evaluate("frontline.count('Route')") == len(expected.routes) == 1
    route_paths = page.locator(f".leaflet-overlay-pane path[stroke='{ROUTE_STYLE['color']}']")
    assert route_paths.count() == 1
    assert page.locator(".fl-arrow").count() >= 2
    page.screenshot(path=str(artifacts_dir / "seed_offline.png"))


def test_hostile_article_export_never_executes(offline_page, tmp_path, artifacts_dir):
    """A hostile article through the whole pipeline: its markup is shown as text, never run."""
    folder = tmp_path / "hostile"
    folder.mkdir()
    (folder / "article.txt").write_text(HOSTILE_ARTICLE, encoding="utf-8")
    (folder / "article.toml").write_text(HOSTILE_META, encoding="utf-8")
    path = tmp_path / "hostile.html"
    _export(folder, path)
    page = offline_page
    _open(page, path)
    assert page.evaluate("frontline.count('Events')") >= 1
    _open_everything(page)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator(".leaflet-popup-content a[href^='javascript']").count() == 0
    assert page.locator(".leaflet-popup-content img, .leaflet-popup-content svg").count() == 0
    assert _script_errors(page) == []
    page.screenshot(path=str(artifacts_dir / "export_hostile_article.png"))


def test_offline_map_draws_every_layer(offline_page, gazetteer, seed_text, tmp_path, artifacts_dir):
    """Sample frames: every layer drawn from inlined code, only tiles requested."""
    layers = sample_layers(gazetteer, seed_text)
    path = save_html(build_map(layers), artifacts_dir / "export_offline.html")
    page = offline_page
    _open(page, path)
    assert _script_errors(page) == []
    _assert_only_tiles_blocked(page)
    assert page.evaluate("frontline.count('Events')") == len(layers.events)
    assert page.evaluate("frontline.count('Places')") == len(layers.places)
    assert page.evaluate("frontline.count('Route')") == 1
    assert page.locator(".fl-arrow").count() == 2  # one direction arrow per leg of the route
    assert page.evaluate("frontline.count('Front line') + frontline.count('Controlled area')") == 2
    labels = page.locator(".leaflet-control-layers-overlays label").all_inner_texts()
    assert [label.strip() for label in labels] == [
        "Country outlines (offline)",
        "Controlled area",
        "Front line",
        "Route",
        "Places",
        "Control claims",
        "Events",
    ]
    # the offline basemap: country outlines drawn as SVG paths under the (blocked) tiles
    assert page.locator(".leaflet-fl-countries-pane path").count() >= 3
    assert page.locator(".fl-legend").inner_text().count("Battles") == 1
    page.screenshot(path=str(artifacts_dir / "export_offline.png"))


def test_time_slider_filters_events(offline_page, gazetteer, seed_text, tmp_path):
    """Moving the slider keeps only the features current on that day."""
    layers = sample_layers(gazetteer, seed_text)
    path = save_html(build_map(layers), tmp_path / "map.html")
    page = offline_page
    _open(page, path)
    page.evaluate("""() => { const s = document.querySelector('.fl-slider');
        s.value = '16481'; s.dispatchEvent(new Event('input')); }""")  # 2015-02-15: one event that day
    assert page.locator(".fl-day").inner_text() == "2015-02-15"
    assert page.evaluate("frontline.count('Events')") == 1
    assert page.evaluate("frontline.count('Front line')") == 0  # the Natural Earth line starts 2015-02-20
    page.locator(".fl-all input").check()
    assert page.evaluate("frontline.count('Events')") == len(layers.events)
    assert _script_errors(page) == []


def test_hostile_article_never_executes(offline_page, gazetteer, seed_text, tmp_path, artifacts_dir):
    """Hostile names, actors and a javascript: URL in the frames never run."""
    layers = sample_layers(gazetteer, seed_text, hostile=True)
    path = save_html(build_map(layers), tmp_path / "hostile.html")
    page = offline_page
    _open(page, path)
    _open_everything(page)
    page.evaluate("frontline.layers.Events.features[0].openPopup()")
    page.wait_for_timeout(300)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    popup = page.locator(".leaflet-popup-content").inner_text()
    assert "<script>window.__pwned=1</script>" in popup  # shown as text, not run
    assert page.locator(".leaflet-popup-content a[href^='javascript']").count() == 0
    assert _script_errors(page) == []
    page.screenshot(path=str(artifacts_dir / "export_hostile.png"))
