"""The hostile corpus through ``frontline parse``, ``events`` and ``export``, the upload path and Chromium.

Every case (``tests/robustness/corpus.py``) is run by :class:`Runner` — ``frontline.cli.main`` in a
worker process, each command under a time limit — and must end cleanly: mapped (exit 0) or refused
with a one-line reason (exit 2), never a traceback or a hang. Each exported map is then opened in
headless Chromium with every popup and tooltip open: the ``window.__pwned`` marker that the payloads
try to set stays unset, no dialog opens and no injected element loads anything.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from frontline.dashboard.upload import article_from_upload
from geo.errors import FrontlineError
from layers.importers import read_snapshots
from tests.robustness.checks import (
    COMMANDS,
    command_argv,
    exploit_problems,
    offline_context,
    open_hostile_map,
    outcome_problem,
    record,
)
from tests.robustness.corpus import (
    HOSTILE_DIR,
    MARKER,
    Case,
    all_cases,
    billion_laughs_kml,
    deep_geojson,
    zip_bomb,
)
from tests.robustness.runner import Outcome, Runner

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def cases(tmp_path_factory: pytest.TempPathFactory) -> list[Case]:
    return all_cases(tmp_path_factory.mktemp("generated"))


@pytest.fixture(scope="module")
def outcomes(cases: list[Case], tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Outcome]:
    """Every case through every command, once."""
    maps = tmp_path_factory.mktemp("maps")
    results = {}
    with Runner(timeout=120) as runner:
        for case in cases:
            for command in COMMANDS:
                results[case.name, command] = runner.run(command_argv(command, case, maps))
    return results


@pytest.mark.parametrize("command", COMMANDS)
def test_every_hostile_input_ends_cleanly(cases, outcomes, command) -> None:
    problems = {c.name: outcome_problem(c, command, outcomes[c.name, command]) for c in cases}
    record(f"cli-{command}", tried=len(cases), hangs=sum(outcomes[c.name, command].hung for c in cases),
           crashes=sum(not outcomes[c.name, command].clean for c in cases),
           wrong=sum(bool(p) for p in problems.values()),
           slowest_s=max(outcomes[c.name, command].seconds for c in cases))  # fmt: skip
    assert {name: p for name, p in problems.items() if p} == {}
    assert len(cases) >= 19 and all(outcomes[c.name, command].seconds < 120 for c in cases)


def test_parse_spans_match_the_text(cases, outcomes) -> None:
    """``text[start:end] == text`` for every mention of every mapped case, bidi controls included."""
    import json

    checked = 0
    for case in (c for c in cases if c.expected("parse") == "ok"):
        text = case.text_file.read_bytes().decode("utf-8-sig")
        for place in json.loads(outcomes[case.name, "parse"].stdout)["places"]:
            assert text[place["start"] : place["end"]] == place["text"], (case.name, place)
            checked += 1
    assert checked > 20


def test_markup_stays_text_in_events(outcomes) -> None:
    """The curated case's markup reaches the CSV verbatim: it is data, shown as text downstream."""
    csv = outcomes["curated_events", "events"].stdout
    assert "<script>window.__pwned='quote'</script>" in csv
    assert "JaVaScRiPt:window.__pwned" in csv  # kept as the source's own field; never made a link


def test_upload_path_maps_or_refuses_every_case(cases) -> None:
    """What the dashboard does with an uploaded file: an Article or a clear FrontlineError."""
    crashes, wrong = [], []
    for case in cases:
        data = case.text_file.read_bytes()
        name = case.text_file.name if case.path.is_dir() else case.name
        try:
            article = article_from_upload(name, data)
        except FrontlineError as err:
            if not (case.expect == "refused" or name.endswith(".zip")) or not str(err) or "\n" in str(err):
                wrong.append((case.name, str(err)))
        except Exception as err:  # noqa: BLE001 - counted, then failed below
            crashes.append((case.name, repr(err)))
        else:
            if case.expect != "ok" or (MARKER in article.text and name.endswith(".html")):
                wrong.append((case.name, "accepted"))
    record("upload", tried=len(cases), crashes=len(crashes), wrong=len(wrong))
    assert crashes == [] and wrong == []


def test_front_line_file_bombs_are_refused(tmp_path) -> None:
    """Upload-style attacks on the front-line importer: entity expansion, deep nesting, a zip bomb."""
    files = {
        "laughs.kml": (billion_laughs_kml(), "DTD"),
        "deep.geojson": (deep_geojson(), "nested too deeply|nests deeper than 32|coordinates must be"),
        "bomb.kml": (zip_bomb(), "UTF-8"),
        "bomb.geojson": (zip_bomb(), "UTF-8"),
    }
    refused = {}
    for name, (content, reason) in files.items():
        path = tmp_path / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
        try:
            read_snapshots(path)
        except FrontlineError as err:
            refused[name] = bool(re.search(reason, str(err)))
    record("front-line-files", tried=len(files), crashes=0, refused=len(refused))
    assert refused == dict.fromkeys(files, True)


# -- in Chromium --------------------------------------------------------------------------------


@pytest.mark.browser
def test_no_exported_map_executes_anything(cases, outcomes, browser, artifacts_dir):
    mapped = [c for c in cases if outcomes[c.name, "export"].status == 0]
    assert len(mapped) >= 10
    problems = {}
    for case in mapped:
        context = offline_context(browser)
        page = context.new_page()
        try:
            found = exploit_problems(
                open_hostile_map(page, Path(outcomes[case.name, "export"].stdout.strip()))
            )
            if case.name == "event_handlers.html":
                page.screenshot(path=str(artifacts_dir / "robustness-hostile-map.png"))
        finally:
            context.close()
        if found:
            problems[case.name] = found
    record("export-maps", tried=len(mapped), executions=sum(len(p) for p in problems.values()))
    assert problems == {}


@pytest.mark.browser
def test_the_check_sees_an_exploit(browser, tmp_path) -> None:
    """The detector itself: a page that does run a payload is caught (marker, dialog, link)."""
    page_file = tmp_path / "pwned.html"
    page_file.write_text(
        "<script>window.frontline = {layers: {Events: {features: []}}}; "
        "window.__pwned = 1; alert('x')</script><a href=\"javascript:void(0)\">x</a>",
        encoding="utf-8",
    )
    context = offline_context(browser)
    try:
        problems = exploit_problems(open_hostile_map(context.new_page(), page_file))
    finally:
        context.close()
    assert problems == ["window.__pwned is number", "dialog: x", "link: javascript:void(0)"]


@pytest.mark.browser
def test_the_check_opens_each_distinct_popup_once(browser, tmp_path) -> None:
    """10,000 features with one popup are opened once, and a different popup after them still is."""
    page_file = tmp_path / "repeated.html"
    page_file.write_text(
        """<script>
        window.opened = 0;
        const feature = (popup, onOpen) => ({
            getPopup: () => ({getContent: () => popup}), openPopup: onOpen,
            getTooltip: () => undefined, openTooltip: () => {}});
        const same = Array.from({length: 10000}, () => feature("same sentence", () => window.opened++));
        const last = feature("another sentence", () => { window.opened++; window.__pwned = 1; });
        window.frontline = {layers: {Events: {features: same.concat([last])}}};
        </script>""",
        encoding="utf-8",
    )
    context = offline_context(browser)
    try:
        page = context.new_page()
        problems = exploit_problems(open_hostile_map(page, page_file))
        opened = page.evaluate("window.opened")
    finally:
        context.close()
    assert (opened, problems) == (2, ["window.__pwned is number"])


FRONT_LINES = sorted((HOSTILE_DIR / "_front_lines").iterdir())


@pytest.mark.browser
def test_hostile_front_line_files_never_execute_in_the_map(browser, tmp_path) -> None:
    """Front-line snapshots whose names, sources and licences carry payloads (``export --front-line``)."""
    article = HOSTILE_DIR / "javascript_url"  # published 2015-02-18, inside the snapshots' validity
    problems, shown = {}, {}
    with Runner(timeout=120) as runner:
        for path in FRONT_LINES:
            out = tmp_path / f"{path.name}.html"
            outcome = runner.run(["export", str(article), "--front-line", str(path), "--out", str(out)])
            assert outcome.clean and outcome.status == 0, outcome
            context = offline_context(browser)
            try:
                page = context.new_page()
                problems[path.name] = exploit_problems(open_hostile_map(page, out))
                shown[path.name] = page.locator(".leaflet-tooltip").all_inner_texts()
            finally:
                context.close()
    record("front-line-maps", tried=len(FRONT_LINES), executions=sum(len(p) for p in problems.values()))
    assert problems == dict.fromkeys(problems, [])
    # The payloads did reach the page, as text (the snapshots' names are their tooltips).
    assert any("<img src=x onerror=" in text for text in shown["hostile.kml"])
    assert any("<script>window.__pwned='geojson-name'</script>" in text for text in shown["hostile.geojson"])
