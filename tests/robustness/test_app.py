"""The dashboard under hostile uploads, upload limits, probes, two server processes and many sessions.

Two ``streamlit run app.py`` servers on 127.0.0.1 share one corrections file, as two app processes
on one machine would, the operator having made corrections shared (``FRONTLINE_SHARED_CORRECTIONS``).
In headless Chromium (requests beyond the local servers refused):

* hostile articles from the corpus are uploaded; in the page and every frame (the map's iframe
  included) ``window.__pwned`` stays unset and no dialog opens;
* refused uploads say why: bad UTF-8 and the app's 5 MB limit (the app's message), a 7 MB file
  (Streamlit's ``server.maxUploadSize`` from ``.streamlit/config.toml``), a zip bomb (file type);
* the corpus box, probed with server paths (``/etc/shadow``, ``/etc``, ``../../etc``, a file, a
  folder, a missing path), answers each with the same neutral words; Markdown in a pasted article
  and in an uploaded file's name (a link, an image, ``:red[...]``, an ``<img onerror>``) is shown
  as text: no link, image or coloured text from it, no traceback on the page;
* a corrupt corrections file is reported on the page and the map is still drawn;
* a user on each server corrects a different mention of the seed at the same moment: both
  corrections are in the file;
* 20 concurrent sessions (contexts) against one server all get their map
  (:mod:`tests.robustness.load`, in its own process; figures printed to the test log).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from frontline.dashboard.corpus_view import NOT_AN_OUTPUT
from frontline.dashboard.upload import MAX_UPLOAD_BYTES
from frontline.dashboard_server import DashboardServer
from geo.corrections import SHARED_ENV, CorrectionStore
from tests.robustness.checks import record
from tests.robustness.corpus import HOSTILE_DIR, MARKER, generated_cases

pytestmark = [pytest.mark.browser, pytest.mark.slow]
LOCAL = ("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:", "about:")
SEED = "debaltseve-2015-02-18"
#: Sessions of the load test run in CI (the benchmark runs the same number).
LOAD_SESSIONS = int(os.environ.get("FRONTLINE_LOAD_SESSIONS", "20"))


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[DashboardServer, DashboardServer]]:
    here = tmp_path_factory.mktemp("app")
    env = {"FRONTLINE_CORRECTIONS": str(here / "corrections.json"), SHARED_ENV: "1"}
    pair = (DashboardServer(env=env, log=here / "a.log"), DashboardServer(env=env, log=here / "b.log"))
    try:
        for server in pair:
            server.start(timeout=90)
        yield pair
    finally:
        for server in pair:
            server.stop()


@pytest.fixture()
def app_page(browser):
    """A page that may talk to the local servers only, recording dialogs."""
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(LOCAL) else r.abort())
    page = context.new_page()
    page.dialogs = []  # type: ignore[attr-defined]
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    try:
        yield page
    finally:
        context.close()


def wait_idle(page, quiet: float = 1.0, timeout: float = 90.0) -> None:
    """Wait until the app has not been running a script for ``quiet`` seconds."""
    deadline, since = time.monotonic() + timeout, time.monotonic()
    while time.monotonic() < deadline:
        if page.get_by_test_id("stStatusWidget").count():
            since = time.monotonic()
        elif time.monotonic() - since >= quiet:
            return
        time.sleep(0.1)
    raise AssertionError("the app kept running")


def open_app(page, server: DashboardServer) -> None:
    page.goto(server.url)
    wait_for_map(page)


def wait_for_map(page, timeout: float = 90.0):
    """Return the frame that holds the drawn Leaflet map."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for frame in page.frames:
            try:
                if frame.evaluate("!!(window.frontline && frontline.layers && frontline.layers.Events)"):
                    return frame
            except Exception:  # noqa: BLE001 - a frame replaced by a rerun
                pass
        time.sleep(0.1)
    raise AssertionError("no map")


def markers(page) -> list[str]:
    """``typeof window.__pwned`` in the page and in each of its frames."""
    found = []
    for frame in page.frames:
        try:
            found.append(frame.evaluate(f"typeof window.{MARKER}"))
        except Exception:  # noqa: BLE001 - a frame being replaced
            found.append("undefined")
    return found


def upload(page, path: Path) -> None:
    page.locator("[data-testid=stFileUploader] input[type=file]").set_input_files(str(path))


HOSTILE_UPLOADS = ("event_handlers.html", "script_tags.txt", "broken_nested.html", "rtl_override.txt")


def _open_every_popup(page, attempts: int = 3) -> None:
    """Open every tooltip and popup of the map; a Streamlit rerun may replace the map's frame
    while this runs ("Execution context was destroyed"): then wait for the new map and retry.
    """
    from playwright.sync_api import Error as PlaywrightError

    for attempt in range(attempts):
        try:
            wait_for_map(page).evaluate("""() => Object.values(frontline.layers).forEach(entry =>
                entry.features.forEach(l => {
                    l.openTooltip && l.openTooltip();
                    l.openPopup && l.openPopup();
                }))""")
            return
        except PlaywrightError as err:
            if "context was destroyed" not in str(err) or attempt == attempts - 1:
                raise
            wait_idle(page)


def test_hostile_uploads_never_execute(app_page, servers, artifacts_dir) -> None:
    page = app_page
    open_app(page, servers[0])
    page.get_by_text("Upload a file", exact=True).click()
    executed, frames = 0, 99
    for name in HOSTILE_UPLOADS:
        upload(page, HOSTILE_DIR / name)
        page.get_by_text(name, exact=True).last.wait_for(timeout=60_000)  # the caption names the file
        wait_idle(page)
        _open_every_popup(page)
        page.wait_for_timeout(300)
        executed += sum(m != "undefined" for m in markers(page))
        frames = min(frames, len(page.frames))
    record("app-uploads", tried=len(HOSTILE_UPLOADS), executions=executed + len(page.dialogs))
    assert executed == 0 and frames >= 2  # the page and the map's iframe, at least
    assert page.dialogs == []
    assert (
        page.locator(".fl-article script, .fl-article img, .fl-article svg, .fl-article iframe").count() == 0
    )
    page.screenshot(path=str(artifacts_dir / "robustness-app-hostile.png"))


def test_refused_uploads_say_why(app_page, servers, tmp_path) -> None:
    config = tomllib.loads((Path(__file__).resolve().parents[2] / ".streamlit" / "config.toml").read_text())
    limit_mb = config["server"]["maxUploadSize"]
    assert MAX_UPLOAD_BYTES < limit_mb * 1_000_000 <= 2 * MAX_UPLOAD_BYTES  # the app's message is met first
    cases = {c.name: c.path for c in generated_cases(tmp_path)}
    too_big = tmp_path / "too_big.txt"
    too_big.write_bytes(b"Mariupol " * ((limit_mb + 1) * 1_000_000 // 9))
    page = app_page
    open_app(page, servers[0])
    page.get_by_text("Upload a file", exact=True).click()
    expected = [
        (cases["invalid_utf8.txt"], "is not valid UTF-8"),
        (cases["oversized.txt"], f"uploads are limited to {MAX_UPLOAD_BYTES / 1e6:g} MB"),
        (too_big, f"File must be {limit_mb:.1f}MB or smaller"),
        (cases["zip_bomb.zip"], "application/zip files are not allowed"),
    ]
    for path, message in expected:
        upload(page, path)
        page.get_by_text(message).first.wait_for(timeout=30_000)
    record("app-refusals", tried=len(expected), limit_mb=limit_mb)
    assert set(markers(page)) == {"undefined"}


def test_corrupt_corrections_are_reported_and_the_map_still_drawn(app_page, servers) -> None:
    path = Path(servers[0].env["FRONTLINE_CORRECTIONS"])
    path.write_bytes(b'{"format": "frontline-corrections/1", "articles": {"x": [')  # cut off mid-write
    page = app_page
    open_app(page, servers[0])
    page.get_by_text("was corrupt").first.wait_for(timeout=30_000)
    assert list(path.parent.glob("corrections.json.corrupt-*"))  # kept aside for a person to look at
    for aside in path.parent.glob("corrections.json.corrupt-*"):
        aside.unlink()


def correct_as_not_a_place(page, mention: int) -> None:
    """Choose mention number ``mention`` and resolve it to "Not a place" (not saved yet)."""
    box = page.get_by_role("combobox", name="Mention")
    box.click()
    page.wait_for_timeout(300)
    box.press_sequentially(f"#{mention} ", delay=50)  # typing filters the options
    page.locator(f"[role=option][data-key='{mention}']").click()
    page.locator(f"input[aria-label='Mention'][value^='#{mention} ']").first.wait_for()
    page.wait_for_timeout(1000)  # the app reruns for the newly chosen mention
    options = page.get_by_role("radiogroup", name="Resolve it to").locator("[data-testid=stRadioOption]")
    options.filter(has_text="Not a place").click()
    options.and_(page.locator("[data-selected=true]")).filter(has_text="Not a place").wait_for(timeout=10_000)
    page.wait_for_timeout(1000)
    name = page.get_by_label("Your name (every visitor sees it with your correction)")
    name.fill(f"tester {mention}")
    name.press("Enter")
    page.wait_for_timeout(1000)


def test_two_server_processes_correcting_at_once_lose_nothing(browser, servers) -> None:
    store = CorrectionStore(servers[0].env["FRONTLINE_CORRECTIONS"])
    before = len(store.get(SEED))
    pages = []
    for _server in servers:
        context = browser.new_context(viewport={"width": 1440, "height": 1000})
        context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(LOCAL) else r.abort())
        pages.append(context.new_page())
    try:
        for index, (page, server) in enumerate(zip(pages, servers, strict=True)):
            open_app(page, server)
            page.locator("mark.fl-mention").first.wait_for(timeout=60_000)
            correct_as_not_a_place(page, index + 2)
        buttons = [p.get_by_role("button", name="Save correction") for p in pages]
        for button in buttons:  # back to back: both servers save within a few milliseconds
            button.click(no_wait_after=True)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and len(store.get(SEED)) < before + 2:
            time.sleep(0.2)
        saved = store.get(SEED)
        assert len(saved) == before + 2 and sum(c.place_id == "" for c in saved) >= 2
    finally:
        for page in pages:
            page.context.close()


#: Paths a visitor may type in the corpus box to learn what is on the server.
CORPUS_PROBES = (
    "/etc/shadow", "/etc", "../../etc", "/nonexistent/corpus-out", "/etc/passwd", "~/.ssh",
    str(HOSTILE_DIR), str(HOSTILE_DIR / "script_tags.txt"), "seeds/../../..", "/etc/shadow",
)  # fmt: skip
#: Markdown (and HTML) that would show a link, an image, coloured text or an icon if rendered.
MARKDOWN_PAYLOADS = (
    "![x](data:image/png;base64,AAAA)", "[click](javascript:window.__pwned=1)", ":red[big]",
    "<img src=x onerror=window.__pwned=1>", ":material/home:", "https://evil.example/x",
)  # fmt: skip
#: What Markdown made of a payload inside Streamlit's Markdown: links (not the anchors Streamlit gives
#: its headings), images, coloured text, icons, maths.
RENDERED = (
    ":is([data-testid=stMarkdownContainer], [data-testid=stCaptionContainer]) "
    ":is(a:not([aria-label='Link to heading']), img, .stMarkdownColoredText, span[role=img], .katex)"
)
ERROR = "[data-testid=stAlertContentError]"
#: Words that must never be on the page: a traceback's, or the app's line about an unexpected error.
NEVER_SHOWN = ("Traceback", 'File "', "Something went wrong")


def page_problems(page) -> list[str]:
    """What must never be on the page: a traceback, the app's unexpected-error line, rendered payloads."""
    text = page.locator("body").inner_text()
    problems = [f"{word!r} on the page" for word in NEVER_SHOWN if word in text]
    rendered = page.locator(RENDERED).count()
    return problems + ([f"{rendered} links, images or colours rendered from Markdown"] if rendered else [])


def probe_corpus_box(page, typed: str) -> str:
    """Clear the corpus box (the prompt returns), type ``typed``; return the error then shown."""
    box = page.get_by_label("Corpus output folder", exact=True).and_(page.locator("input"))
    for text in ("", typed):
        box.fill(text)
        box.press("Enter")
        page.locator(ERROR).first.wait_for(state="attached" if text else "detached", timeout=30_000)
    wait_idle(page, quiet=0.5)
    return page.locator(ERROR).inner_text()


def test_the_corpus_box_and_markdown_payloads_reveal_and_render_nothing(
    app_page, servers, tmp_path, artifacts_dir
) -> None:
    page = app_page
    open_app(page, servers[0])
    tried, crashes, messages = 0, 0, set()
    page.get_by_text("Corpus output", exact=True).click()
    for typed in CORPUS_PROBES:
        messages.add(probe_corpus_box(page, typed))
        problems = page_problems(page)
        crashes += bool(problems)
        assert problems == [], (typed, problems)
        tried += 1
    assert messages == {NOT_AN_OUTPUT}
    # Markdown pasted in an article: mapped, shown as text.
    page.get_by_text("Paste text", exact=True).click()
    area = page.get_by_label("Paste an article's text")
    payloads = " ".join(MARKDOWN_PAYLOADS)
    area.fill(f"{payloads} Shelling hit Mariupol. {payloads} Fighting near Donetsk.")
    area.press("Control+Enter")
    page.locator("mark.fl-mention").first.wait_for(timeout=60_000)
    wait_idle(page)
    assert payloads in page.locator(".fl-article").inner_text()  # the article shows it as text
    tried += 1
    problems = page_problems(page)
    crashes += bool(problems)
    assert problems == [], ("paste", problems)
    # Markdown in an uploaded file's name: the title (a caption), then an error quoting the name.
    page.get_by_text("Upload a file", exact=True).click()
    name = payloads.replace("/", "\u2215")  # a file name has no slash: U+2215 instead
    shown_in = {"caption": "[data-testid=stCaptionContainer]", "error": ERROR}
    for data, shows in ((b"Shelling hit Mariupol and Donetsk.", "caption"), (b"   ", "error")):
        path = tmp_path / shows / f"{name} {shows}.txt"
        path.parent.mkdir()
        path.write_bytes(data)
        upload(page, path)
        where = page.locator(shown_in[shows]).filter(has_text=f"{shows}.txt")
        where.wait_for(timeout=60_000)
        wait_idle(page)
        tried += 1
        problems = page_problems(page)
        crashes += bool(problems)
        assert problems == [], (shows, problems)
        assert f"{name} {shows}.txt" in where.inner_text()  # the name is shown, as the text it is
    executions = sum(m != "undefined" for m in markers(page)) + len(page.dialogs)
    record("app-exposure", tried=tried, crashes=crashes, executions=executions, corpus_messages=len(messages))
    page.screenshot(path=str(artifacts_dir / "robustness-app-exposure.png"))
    assert executions == 0


def test_the_page_never_shows_error_details() -> None:
    """Streamlit itself is told to show no exception details (app.py catches them all anyway)."""
    config = tomllib.loads((Path(__file__).resolve().parents[2] / ".streamlit" / "config.toml").read_text())
    assert config["client"]["showErrorDetails"] == "none"


def test_many_sessions_all_get_their_map(servers) -> None:
    """LOAD_SESSIONS Playwright contexts at once against one server (figures in the log)."""
    server = servers[1]
    command = [sys.executable, "-m", "tests.robustness.load", "--sessions", str(LOAD_SESSIONS),
               "--url", server.url, "--pid", str(server.process.pid)]  # fmt: skip
    done = subprocess.run(command, cwd=Path(__file__).resolve().parents[2], capture_output=True, text=True,
                          timeout=300)  # fmt: skip
    assert done.stdout.strip(), done.stderr[-2000:]
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    record("load", **figures)
    assert figures["held"] == LOAD_SESSIONS, figures
    assert figures["peak_memory_mb"] > 0
