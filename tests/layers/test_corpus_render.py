"""A corpus output drawn by the maps' renderer, in headless Chromium with the network blocked.

``load_corpus`` gives ``build_map`` the merged layers unchanged: every merged event is drawn, and
the popup of the shelling of Shyrokyne lists its three reports (the seed and two wire articles).
"""

from __future__ import annotations

import pytest
from distributed import Client, LocalCluster

from layers.corpus import load_corpus, run_corpus
from layers.render import build_map, save_html
from tests.layers.test_corpus import SHYROKYNE, make_corpus

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_the_corpus_map_draws_every_merged_event_with_its_sources(
    offline_page, tmp_path, seed_dir, artifacts_dir
):
    """Events and places counted in the page; the merged event's popup names every source."""
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        with Client(cluster) as client:
            run_corpus(make_corpus(tmp_path, seed_dir), tmp_path / "out", client=client, progress=None)
    layers = load_corpus(tmp_path / "out")
    path = save_html(build_map(layers), artifacts_dir / "corpus_map.html")
    page = offline_page
    page.set_viewport_size({"width": 1280, "height": 820})
    page.goto(path.as_uri())
    page.wait_for_function("window.frontline && window.frontline.layers && window.frontline.layers.Events")
    assert page.evaluate("frontline.count('Events')") == len(layers.events) > 0
    assert page.evaluate("frontline.count('Places')") == len(layers.places) > 0
    chosen = (layers.events["geonameid"] == SHYROKYNE) & (layers.events["n_sources"] == 3)
    merged = [i for i, hit in enumerate(chosen) if hit]  # features are drawn in row order
    assert len(merged) == 1
    page.evaluate(f"() => frontline.layers.Events.features[{merged[0]}].openPopup()")
    page.wait_for_timeout(300)
    popups = " ".join(page.locator(".leaflet-popup-content").all_inner_texts())
    assert "Reported by 3 article(s)" in popups
    for outlet in ("The Guardian", "Frontline Test Wire", "Frontline Test Evening Report"):
        assert outlet in popups
    assert page.evaluate("typeof window.__pwned") == "undefined"
    errors = [e for e in page.console_errors if not e.startswith("Failed to load resource")]
    assert errors == []
    page.screenshot(path=str(artifacts_dir / "corpus_map.png"))
