"""The ``slow`` marker: every browser and robustness module carries it, and only ``make test-fast`` uses it.

``make test`` runs the whole suite; ``make test-fast`` runs ``pytest -m "not slow"``. A new module
under ``tests/browser/`` or ``tests/robustness/`` is slow by nature (headless Chromium, hostile-input
suites), so it must say so at module level: ``pytestmark = pytest.mark.slow`` or a list holding it.
A ``browser`` test anywhere is slow too, so ``make test-fast`` never needs Chromium. Read with
``ast``; no test module is imported.
"""

from __future__ import annotations

import ast
import functools
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SLOW_FOLDERS = ("tests/browser", "tests/robustness")


def _mark_names(node: ast.AST) -> set[str]:
    """Return every NAME of ``pytest.mark.NAME`` (called or not) inside ``node``."""
    return {
        sub.attr
        for sub in ast.walk(node)
        if isinstance(sub, ast.Attribute)
        and isinstance(sub.value, ast.Attribute)
        and sub.value.attr == "mark"
    }


@functools.cache
def _parse(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


def module_marks(path: Path) -> set[str]:
    """Return the names ``pytest.mark.NAME`` assigned to the module-level ``pytestmark``."""
    tree = _parse(path)
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets = [node.target]
        else:
            continue
        if not any(isinstance(t, ast.Name) and t.id == "pytestmark" for t in targets):
            continue
        names |= _mark_names(node.value)
    return names


def function_marks(path: Path) -> dict[str, set[str]]:
    """Return each module-level test function's own marks (its decorators), by name."""
    tree = _parse(path)
    return {
        node.name: set().union(*(_mark_names(d) for d in node.decorator_list))
        for node in tree.body
        if isinstance(node, ast.FunctionDef) and node.name.startswith("test")
    }


SLOW_MODULES = sorted(path for folder in SLOW_FOLDERS for path in (ROOT / folder).rglob("test_*.py"))


def test_the_slow_folders_hold_test_modules() -> None:
    assert {p.parent.relative_to(ROOT).as_posix() for p in SLOW_MODULES} == set(SLOW_FOLDERS)


@pytest.mark.parametrize("path", SLOW_MODULES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_browser_and_robustness_modules_are_marked_slow(path: Path) -> None:
    where = path.relative_to(ROOT)
    assert "slow" in module_marks(path), (
        f"{where}: add `pytestmark = pytest.mark.slow` (or put it in its list)"
    )


def test_the_marks_are_read_from_a_list_too(tmp_path: Path) -> None:
    module = tmp_path / "test_x.py"
    module.write_text(
        "import pytest\npytestmark = [pytest.mark.browser, pytest.mark.slow]\n", encoding="utf-8"
    )
    assert module_marks(module) == {"browser", "slow"}
    other = tmp_path / "test_y.py"
    other.write_text("import pytest\npytestmark = pytest.mark.browser\n", encoding="utf-8")
    assert module_marks(other) == {"browser"}


def test_the_default_run_deselects_nothing_slow() -> None:
    """``make test`` (and CI) run plain ``pytest``: the configuration never drops the slow tests."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    options = pyproject["tool"]["pytest"]["ini_options"]
    assert any(m.startswith("slow:") for m in options["markers"])
    assert "-m" not in options["addopts"].split() and "slow" not in options["addopts"]


@pytest.mark.parametrize(
    "path", sorted((ROOT / "tests").rglob("test_*.py")), ids=lambda p: p.relative_to(ROOT).as_posix()
)
def test_every_browser_test_is_slow(path: Path) -> None:
    """``make test-fast`` does not install Chromium: whatever drives it is left to ``make test``."""
    marks = module_marks(path)
    if "slow" in marks:
        return
    where = path.relative_to(ROOT)
    assert "browser" not in marks, f"{where}: a browser module needs `pytest.mark.slow` in its `pytestmark`"
    unmarked = [name for name, own in function_marks(path).items() if "browser" in own and "slow" not in own]
    assert not unmarked, f"{where}: browser tests without `@pytest.mark.slow`: {unmarked}"
