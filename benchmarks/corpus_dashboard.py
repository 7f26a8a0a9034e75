"""The dashboard on a corpus output, in headless Chromium: opening it and a filter change.

``python -m benchmarks corpus_dashboard [--docs=2000] [--workers=2]`` writes a corpus output of
GeoWebNews repeated to ``--docs`` documents (as ``python -m benchmarks corpus`` does; not timed
here), starts ``streamlit run app.py`` on 127.0.0.1 with every non-local request blocked, and
measures:

* opening the corpus: from typing its folder in the sidebar to the map drawn with its merged
  events (first visit on a fresh server, then a new session on the warm server);
* filter change: removing an event type, until the map shows fewer events;
* the rendered map's size and the largest event popup (merged events list at most 5 reports).

Targets (../shared/DESIGN.md, as for an article): first full render ≤ 5 s, filter change ≤ 1 s.
"""

from __future__ import annotations

import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.corpus import DEFAULT_PUBLISHED, SOURCE, _documents
from benchmarks.dashboard import (
    CHROMIUM,
    CHROMIUM_ARGS,
    FILTER_TARGET_S,
    FIRST_RENDER_TARGET_S,
    _events_drawn,
    _filter_change,
    _page,
    _wait,
)
from frontline.dashboard_server import DashboardServer


def _write_corpus(out: Path, docs: int, workers: int) -> dict:
    from layers.corpus.run import run_documents

    documents = _documents(SOURCE, docs, DEFAULT_PUBLISHED)
    return run_documents(documents, out, total=docs, label=str(SOURCE), workers=workers, progress=None)


def _open_corpus(browser, url: str, folder: Path) -> tuple[float, int, object, object]:
    """Open the app, choose "Corpus output", type the folder; time until its map is drawn."""
    context, page = _page(browser)
    page.goto(url)
    _wait(page, lambda n: n > 0)  # the seed article's map: the app is up
    page.get_by_text("Corpus output", exact=True).click()
    field = page.get_by_label("Corpus output folder", exact=True).and_(page.locator("input"))
    field.wait_for()
    field.fill(str(folder))
    started = time.perf_counter()
    field.press("Enter")
    page.wait_for_selector("iframe[title^='Map of the corpus']", timeout=120_000)
    _wait(page, lambda n: n > 0)
    return time.perf_counter() - started, _events_drawn(page), context, page


def _largest_popup(page) -> int:
    """Return the length (characters) of the largest event popup in the drawn map."""
    frame = page.query_selector("iframe[title^='Map']").content_frame()
    return frame.evaluate(
        "Math.max(0, ...frontline.layers.Events.features.map(f => (f.getPopup() ? "
        "String(f.getPopup().getContent()).length : 0)))"
    )


def main(argv: list[str]) -> int:
    """Print the corpus dashboard's timings; return 1 when a target is missed."""
    from playwright.sync_api import sync_playwright

    options = dict(a.lstrip("-").split("=", 1) for a in argv if "=" in a)
    docs, workers, runs = int(options.get("docs", 2000)), int(options.get("workers", 2)), 5
    if not SOURCE.is_file():
        print(f"missing {SOURCE}", file=sys.stderr)
        return 1
    os.environ.setdefault("FRONTLINE_CACHE_DIR", str(Path(tempfile.gettempdir()) / "flcache"))
    with tempfile.TemporaryDirectory(prefix="frontline-corpus-dashboard-") as tmp:
        out = Path(tmp) / "out"
        began = time.perf_counter()
        summary = _write_corpus(out, docs, workers)
        written = time.perf_counter() - began
        print(f"corpus output: {summary['documents']:,} documents, {summary['events_after_merge']:,} merged "
              f"events ({summary['merged_events_with_several_sources']:,} with several sources), "
              f"{summary['places']:,} places; written in {written:.1f} s (not timed)")  # fmt: skip
        env = {"FRONTLINE_CORRECTIONS": str(Path(tmp) / "corrections.json"), "FRONTLINE_CORPORA": tmp}
        with DashboardServer(env=env, log=Path(tmp) / "streamlit.log") as server, sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            cold, events, context, page = _open_corpus(browser, server.url, out)
            html = page.query_selector("iframe[title^='Map']").get_attribute("srcdoc") or ""
            popup = _largest_popup(page)
            context.close()
            warm, filters = [], []
            for _ in range(runs):
                seconds, _events, context, page = _open_corpus(browser, server.url, out)
                warm.append(seconds)
                filters.append(_filter_change(page))
                context.close()
            browser.close()
    reports = len(re.findall(r"Reported by \d+ article", html))
    print(f"map: {events:,} events drawn, {len(html) / 1e6:.2f} MB of HTML, {reports:,} popups with "
          f"reports, largest popup {popup:,} characters")  # fmt: skip
    print(f"open the corpus, fresh server: {cold:.2f} s (target ≤ {FIRST_RENDER_TARGET_S:.0f} s)")
    print(f"open the corpus, new session on a warm server: median {statistics.median(warm):.2f} s, "
          f"max {max(warm):.2f} s over {runs} sessions")  # fmt: skip
    print(f"filter change: median {statistics.median(filters):.2f} s, max {max(filters):.2f} s "
          f"(target ≤ {FILTER_TARGET_S:.0f} s)")  # fmt: skip
    return 0 if cold <= FIRST_RENDER_TARGET_S and statistics.median(filters) <= FILTER_TARGET_S else 1
