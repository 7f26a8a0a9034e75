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

from geo.errors import FrontlineError
from layers.upload import article_from_upload
from tests.robustness.corpus import MARKER, Case, all_cases
from tests.robustness.runner import Outcome, Runner

COMMANDS = ("parse", "events", "export")
#: Refusal reasons that depend on the command (``parse`` reads any file name; the others want .txt/.html).
_ANY_REFUSAL = re.compile(r"UTF-8|\.txt|MB|larger|too long")


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


def command_argv(command: str, case: Case, maps: Path) -> list[str]:
    """The argument list of ``frontline COMMAND`` for one case."""
    if command == "parse":
        return ["parse", str(case.text_file)]
    if command == "events":
        return ["events", str(case.path), "--format", "csv"]
    return ["export", str(case.path), "--out", str(maps / f"{case.name}.html")]


def outcome_problem(case: Case, command: str, outcome: Outcome) -> str:
    """Why an outcome is wrong for its case, or "" when it is what the case expects."""
    if not outcome.clean:
        return f"not clean: status {outcome.status}, hung={outcome.hung}, {outcome.crash or outcome.stderr}"
    lines = outcome.stderr.strip().splitlines()
    if case.expected(command) == "ok":
        return "" if outcome.status == 0 else f"refused: {outcome.stderr.strip()}"
    if outcome.status != 2 or len(lines) != 1 or not lines[0].startswith(f"frontline {command}: error:"):
        return f"expected one refusal line and status 2, got {outcome.status}: {outcome.stderr!r}"
    pattern = case.reason if command != "parse" else _ANY_REFUSAL.pattern
    return "" if re.search(pattern, lines[0]) else f"refusal does not say why ({pattern}): {lines[0]}"


@pytest.mark.parametrize("command", COMMANDS)
def test_every_hostile_input_ends_cleanly(cases, outcomes, command) -> None:
    problems = {c.name: outcome_problem(c, command, outcomes[c.name, command]) for c in cases}
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
    for case in cases:
        data = case.text_file.read_bytes()
        name = case.text_file.name if case.path.is_dir() else case.name
        try:
            article = article_from_upload(name, data)
        except FrontlineError as err:
            assert case.expect == "refused" or name.endswith(".zip"), (case.name, err)
            assert str(err) and "\n" not in str(err)
        else:
            assert case.expect == "ok", case.name
            assert MARKER not in article.text or not name.endswith(".html"), case.name


# -- in Chromium --------------------------------------------------------------------------------


def open_hostile_map(page, path: Path) -> dict:
    """Open an exported map with every popup and tooltip shown; return what ran or loaded."""
    seen: dict = {"dialogs": [], "requests": []}
    page.on("dialog", lambda dialog: (seen["dialogs"].append(dialog.message), dialog.dismiss()))
    page.on("request", lambda request: seen["requests"].append(request.url))
    page.goto(path.as_uri())
    page.wait_for_function("window.frontline && window.frontline.layers && window.frontline.layers.Events")
    page.evaluate("""() => Object.values(frontline.layers).forEach(entry =>
        entry.features.forEach(l => { l.openTooltip && l.openTooltip(); l.openPopup && l.openPopup(); }))""")
    page.wait_for_timeout(300)
    # Hover and click every link and element Leaflet drew, as a curious reader would.
    page.evaluate("""() => document.querySelectorAll('.leaflet-popup-content *, .leaflet-tooltip *')
        .forEach(e => ['mouseover', 'focus', 'click'].forEach(t => e.dispatchEvent(new Event(t))))""")
    page.wait_for_timeout(200)
    seen["marker"] = page.evaluate(f"typeof window.{MARKER}")
    seen["links"] = page.evaluate(
        "Array.from(document.querySelectorAll('a[href]')).map(a => a.getAttribute('href'))"
    )
    seen["injected"] = page.locator(
        ".leaflet-popup-content img, .leaflet-popup-content svg, .leaflet-popup-content iframe, "
        ".leaflet-tooltip img, .leaflet-tooltip svg, .leaflet-popup-content script"
    ).count()
    return seen


def exploit_problems(seen: dict) -> list[str]:
    """What went wrong in a page: the marker set, a dialog, a dangerous link, an injected load."""
    problems = []
    if seen["marker"] != "undefined":
        problems.append(f"window.{MARKER} is {seen['marker']}")
    problems += [f"dialog: {m}" for m in seen["dialogs"]]
    problems += [f"link: {h}" for h in seen["links"] if not re.match(r"https?:|#|$", h or "")]
    problems += [f"request: {u}" for u in seen["requests"] if re.search(r"/x$|javascript:", u)]
    if seen["injected"]:
        problems.append(f"{seen['injected']} injected elements in popups")
    return problems


def test_no_exported_map_executes_anything(cases, outcomes, browser, artifacts_dir):
    mapped = [c for c in cases if outcomes[c.name, "export"].status == 0]
    assert len(mapped) >= 10
    problems = {}
    for case in mapped:
        context = browser.new_context()
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(
            ("file:", "data:", "about:")) else route.abort())  # fmt: skip
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
    assert problems == {}


def test_the_check_sees_an_exploit(browser, tmp_path) -> None:
    """The detector itself: a page that does run a payload is caught (marker, dialog, link)."""
    page_file = tmp_path / "pwned.html"
    page_file.write_text(
        "<script>window.frontline = {layers: {Events: {features: []}}}; window.__pwned = 1; alert('x')</script>"
        '<a href="javascript:void(0)">x</a>',
        encoding="utf-8",
    )
    context = browser.new_context()
    try:
        problems = exploit_problems(open_hostile_map(context.new_page(), page_file))
    finally:
        context.close()
    assert problems == ["window.__pwned is number", "dialog: x", "link: javascript:void(0)"]
