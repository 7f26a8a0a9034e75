"""The dashboard in headless Chromium: ``streamlit run app.py`` on 127.0.0.1, the network blocked.

The test starts the server itself (and stops it by its process id), opens the app in Debian's
Chromium through Playwright with every request that is not to the local server refused, and
checks what a user sees: the map with its markers inside the app's iframe, a filter that changes
it, and a download. A screenshot is left in ``test-artifacts/dashboard.png``.
"""

from __future__ import annotations

import csv
import io
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from frontline.dashboard_server import DashboardServer
from layers.article import load_article
from layers.pipeline import build_layers

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LOCAL = ("http://127.0.0.1", "http://localhost", "ws://127.0.0.1", "file:", "data:", "blob:", "about:")


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DashboardServer]:
    here = tmp_path_factory.mktemp("dashboard")
    env = {"FRONTLINE_CORRECTIONS": str(here / "corrections.json")}  # never the user's corrections
    server = DashboardServer(env=env, log=here / "streamlit.log")
    try:
        server.start(timeout=90)
        yield server
    finally:
        server.stop()
    assert server.process is None


@pytest.fixture()
def app_page(browser, dashboard: DashboardServer):
    """Open a page of the app; every request not to the local server is refused and recorded."""
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    page.blocked = []  # type: ignore[attr-defined]
    page.console_errors = []  # type: ignore[attr-defined]

    def _route(route) -> None:
        url = route.request.url
        if url.startswith(LOCAL):
            route.continue_()
        else:
            page.blocked.append(url)
            route.abort()

    context.route("**/*", _route)
    page.on("pageerror", lambda err: page.console_errors.append(str(err)))
    try:
        yield page
    finally:
        context.close()


def map_frame(page, timeout: float = 60.0):
    """Return the iframe holding the Leaflet map, once its layers are drawn."""
    page.wait_for_selector("iframe[title^='Map']", timeout=timeout * 1000)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        handle = page.query_selector("iframe[title^='Map']")
        frame = handle.content_frame() if handle else None
        try:
            if frame and frame.evaluate(
                "!!(window.frontline && frontline.layers && frontline.layers.Events)"
            ):
                return frame
        except Exception:  # noqa: BLE001 - the frame is being replaced by a rerun
            pass
        time.sleep(0.05)
    raise AssertionError("the map did not appear")


def wait_for_count(page, layer: str, expected: int, timeout: float = 30.0) -> int:
    """Wait until the map draws ``expected`` features in ``layer``; return the last count seen."""
    deadline, count = time.monotonic() + timeout, -1
    while time.monotonic() < deadline:
        try:
            count = map_frame(page, timeout).evaluate(f"frontline.count({layer!r})")
        except Exception:  # noqa: BLE001 - the iframe reloads while the app reruns
            count = -1
        if count == expected:
            return count
        time.sleep(0.1)
    return count


@pytest.fixture(scope="module")
def seed_layers(gazetteer, seed_dir: Path):
    return build_layers(load_article(seed_dir), gazetteer)


def test_map_appears_offline_with_markers_filters_and_downloads(
    app_page, dashboard, seed_layers, artifacts_dir
):
    page = app_page
    page.goto(dashboard.url)
    frame = map_frame(page, timeout=90)
    events, places = len(seed_layers.events), len(seed_layers.places)
    assert frame.evaluate("frontline.count('Events')") == events > 0
    assert frame.evaluate("frontline.count('Places')") == places > 0
    # Markers are drawn: Leaflet's panes hold the vector and canvas renderers' output.
    assert frame.locator(".leaflet-overlay-pane canvas, .leaflet-overlay-pane path").count() > 0
    assert frame.locator(".leaflet-control-layers").count() == 1
    # Only basemap tiles were wanted from outside: nothing of the app or the map's code.
    assert all(".png" in url or "tile" in url or "arcgisonline" in url for url in page.blocked), page.blocked[
        :5
    ]
    assert page.console_errors == []
    page.screenshot(path=str(artifacts_dir / "dashboard.png"), full_page=True)
    # The article below the map: every mention highlighted, numbered, with its resolution as a tooltip.
    marks = page.locator("mark.fl-mention")
    marks.first.scroll_into_view_if_needed()
    assert marks.count() == len(seed_layers.mentions)
    assert page.locator("mark.fl-resolved").count() == sum(m.place is not None for m in seed_layers.mentions)
    first = seed_layers.mentions[0]
    assert marks.first.inner_text().startswith(first.text)
    assert marks.first.get_attribute("title").startswith(first.place.name)
    page.screenshot(path=str(artifacts_dir / "dashboard-places.png"))

    # A filter change: drop the first event type; the map redraws with fewer events.
    first_type = sorted(seed_layers.events["event_type"].dropna().unique())[0]
    expected = int((seed_layers.events["event_type"] != first_type).sum())
    page.get_by_role("button", name=f"Remove {first_type}").click()
    assert wait_for_count(page, "Events", expected) == expected
    page.get_by_text(f"Events: {expected} of {events}").wait_for()

    # A download: the events CSV holds the filtered events.
    with page.expect_download(timeout=30_000) as info:
        page.get_by_role("button", name="Events (CSV)").click()
    download = info.value
    rows = list(csv.DictReader(io.StringIO(Path(download.path()).read_text(encoding="utf-8"))))
    assert len(rows) == expected and all(r["event_type"] != first_type for r in rows)
    assert download.suggested_filename.endswith("-events.csv")

    with page.expect_download(timeout=30_000) as info:
        page.get_by_role("button", name="Map (HTML, offline)").click()
    html = Path(info.value.path()).read_text(encoding="utf-8")
    assert "frontline.addFeatures" in html and '<script src="http' not in html
    page.screenshot(path=str(artifacts_dir / "dashboard-filtered.png"), full_page=True)


def test_server_stops_by_its_process_id(dashboard) -> None:
    """The fixture's server is a child of this process: it is alive now, and the fixture stops it."""
    assert dashboard.process is not None and dashboard.process.poll() is None
    os.kill(dashboard.process.pid, 0)  # raises if there were no such process


HOSTILE = (
    'Shelling hit <script>window.__pwned = 1</script> Mariupol <img src=x onerror="window.__pwned = 2"> '
    'and Donetsk <svg onload="window.__pwned = 3"></svg> on Tuesday, killing 3 soldiers. '
    '<a href="javascript:window.__pwned = 4">Mariupol</a>'
)


def test_pasted_hostile_text_never_executes(app_page, dashboard, artifacts_dir):
    page = app_page
    page.goto(dashboard.url)
    map_frame(page, timeout=90)
    page.get_by_text("Paste text", exact=True).click()
    area = page.get_by_label("Paste an article's text")
    area.fill(HOSTILE)
    area.press("Control+Enter")
    page.locator("mark.fl-mention").first.wait_for(timeout=30_000)
    frame = map_frame(page)
    for where in (page, frame):
        assert where.evaluate("typeof window.__pwned") == "undefined"
    # The markup is shown as text in the article, never as elements.
    article = page.locator(".fl-article")
    assert "<script>window.__pwned = 1</script>" in article.inner_text()
    assert article.locator("script, img, svg, a").count() == 0
    # Open every popup and tooltip of the map, so all article text is in the page; still nothing runs.
    frame.evaluate("""() => ['Events', 'Places'].forEach(name =>
        frontline.layers[name].features.forEach(l => { l.openTooltip(); l.openPopup(); }))""")
    page.wait_for_timeout(300)
    for where in (page, frame):
        assert where.evaluate("typeof window.__pwned") == "undefined"
    assert page.console_errors == []
    page.screenshot(path=str(artifacts_dir / "dashboard-hostile.png"))
