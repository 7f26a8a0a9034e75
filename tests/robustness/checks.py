"""Checks shared by the hostile-input tests and ``benchmarks/robustness.py``.

:func:`command_argv` and :func:`outcome_problem` run and judge a corpus case through one
``frontline`` command; :func:`open_hostile_map` opens an exported map in Chromium with every popup
and tooltip shown and pokes every element, and :func:`exploit_problems` lists what ran: the
``window.__pwned`` marker, a dialog, a ``javascript:``/``data:`` link, an injected element.
"""

from __future__ import annotations

import re
from pathlib import Path

from tests.robustness.corpus import MARKER, Case
from tests.robustness.runner import Outcome

COMMANDS = ("parse", "events", "export")
#: Refusal reasons of ``frontline parse``, which reads any file name (the others want .txt/.html).
_ANY_REFUSAL = re.compile(r"UTF-8|\.txt|MB|larger|too long")


def offline_context(browser):
    """A browser context that may load ``file:``, ``data:`` and ``about:`` URLs only."""
    context = browser.new_context()
    local = ("file:", "data:", "about:")
    context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(local) else r.abort())
    return context


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


def open_hostile_map(page, path: Path) -> dict:
    """Open an exported map with every distinct popup and tooltip shown; return what ran or loaded."""
    seen: dict = {"dialogs": [], "requests": []}
    page.on("dialog", lambda dialog: (seen["dialogs"].append(dialog.message), dialog.dismiss()))
    page.on("request", lambda request: seen["requests"].append(request.url))
    page.goto(path.as_uri())
    page.wait_for_function("window.frontline && window.frontline.layers && window.frontline.layers.Events")
    # One feature per distinct popup and tooltip: the same content renders the same, and a map of
    # 10,000 repeated sentences would keep Chromium busy for many minutes opening them all.
    page.evaluate("""() => {
        const seen = new Set();
        const text = c => c === undefined ? "" : (c instanceof Node ? c.outerHTML : String(c));
        Object.values(frontline.layers).forEach(entry => entry.features.forEach(l => {
            const key = text(l.getPopup && l.getPopup() && l.getPopup().getContent()) + "\u0000"
                + text(l.getTooltip && l.getTooltip() && l.getTooltip().getContent());
            if (seen.has(key)) return;
            seen.add(key);
            l.openTooltip && l.openTooltip();
            l.openPopup && l.openPopup();
        }));
    }""")
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


#: Where the tests leave their figures for ``python -m benchmarks robustness`` (git-ignored).
FIGURES_DIR = Path(__file__).resolve().parents[2] / "test-artifacts" / "robustness"


def record(name: str, **figures: object) -> None:
    """Leave one test's figures (counts, timings) in ``FIGURES_DIR/NAME.json``."""
    import json

    FIGURES_DIR.mkdir(parents=True, exist_ok=True)
    (FIGURES_DIR / f"{name}.json").write_text(json.dumps(figures, indent=1), encoding="utf-8")
