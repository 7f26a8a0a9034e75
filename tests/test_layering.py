"""The project's layering, read from the source with ``ast`` (no module is imported).

Every import statement of ``geo/``, ``layers/``, ``frontline/`` and ``app.py`` counts, at module
level or inside a function, except those under ``if TYPE_CHECKING:`` (never executed). From them:

* ``geo`` never imports ``layers``, ``frontline`` or ``app``;
* ``layers`` never imports ``frontline`` or ``app``;
* no import cycle among the project's modules.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("geo", "layers", "frontline")
SCRIPTS = ("app.py",)
#: Top-level package -> the top-level names it must never import.
FORBIDDEN = {
    "geo": {"layers", "frontline", "app"},
    "layers": {"frontline", "app"},
}

Graph = Mapping[str, set[str]]


def module_name(path: Path) -> str:
    """Return the dotted name of a project file (``geo/geocoders/__init__.py`` -> ``geo.geocoders``)."""
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_files() -> dict[str, Path]:
    """Return every module of the project by its dotted name."""
    files = {module_name(p): p for package in PACKAGES for p in sorted((ROOT / package).rglob("*.py"))}
    files.update({module_name(ROOT / script): ROOT / script for script in SCRIPTS})
    return files


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _import_nodes(tree: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    """Yield every import statement, at any depth, outside ``if TYPE_CHECKING:`` blocks."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        children = list(ast.iter_child_nodes(node))
        if isinstance(node, ast.If) and _is_type_checking(node):
            children = node.orelse
        stack.extend(children)


def _own_module(name: str, modules: set[str]) -> str | None:
    """Return the longest project module that ``name`` is or lies in, or None."""
    parts = name.split(".")
    for end in range(len(parts), 0, -1):
        candidate = ".".join(parts[:end])
        if candidate in modules:
            return candidate
    return None


def imports_of(module: str, path: Path, modules: set[str]) -> set[str]:
    """Return the project modules that ``module`` (the file ``path``) imports."""
    is_package = path.name == "__init__.py"
    found: set[str] = set()
    for node in _import_nodes(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        else:
            base = node.module or ""
            if node.level:
                package = module.split(".")
                package = package if is_package else package[:-1]
                package = package[: len(package) - node.level + 1]
                base = ".".join([*package, base] if base else package)
            # "from geo import geoparser" imports the module geo.geoparser; "from geo import fold" geo.
            targets = [f"{base}.{alias.name}" for alias in node.names] or [base]
            targets = [t if t in modules else base for t in targets]
        found |= {own for t in targets if (own := _own_module(t, modules)) is not None}
    found.discard(module)
    return found


def import_graph() -> dict[str, set[str]]:
    """Return each project module -> the project modules it imports."""
    files = project_files()
    modules = set(files)
    return {module: imports_of(module, path, modules) for module, path in files.items()}


def find_cycles(graph: Graph) -> list[list[str]]:
    """Return one cycle per strongly connected group of modules, as ``[a, b, ..., a]``.

    Tarjan's algorithm (iterative) finds the groups; a path through each is then traced by a
    depth-first search from its smallest member that stays inside the group.
    """
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    groups: list[set[str]] = []
    nodes = sorted(set(graph) | {t for targets in graph.values() for t in targets})
    for root in nodes:
        if root in index:
            continue
        work = [(root, iter(sorted(graph.get(root, ()))))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                group = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.add(member)
                    if member == node:
                        break
                if len(group) > 1 or node in graph.get(node, ()):
                    groups.append(group)
    return sorted(_trace(graph, group) for group in groups)


def _trace(graph: Graph, group: set[str]) -> list[str]:
    """Return a cycle ``[start, ..., start]`` through the smallest member of a strongly connected group."""
    start = min(group)
    path, seen = [start], {start}
    choices = [iter(sorted(graph.get(start, ())))]
    while choices:
        step = next(choices[-1], None)
        if step is None:
            choices.pop()
            path.pop()
            continue
        if step == start:
            return [*path, start]
        if step in group and step not in seen:
            seen.add(step)
            path.append(step)
            choices.append(iter(sorted(graph.get(step, ()))))
    raise AssertionError(f"no cycle through {start} in {sorted(group)}")  # pragma: no cover


# -- the cycle finder on synthetic graphs ----------------------------------------------------------


@pytest.mark.parametrize(
    ("graph", "cycles"),
    [
        ({"a": {"b"}, "b": {"c"}, "c": set()}, []),
        ({"a": {"b", "c"}, "b": {"c"}, "c": set()}, []),  # a diamond is no cycle
        ({"a": {"b"}, "b": {"a"}}, [["a", "b", "a"]]),
        ({"a": {"a"}}, [["a", "a"]]),
        ({"x": {"a"}, "a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": set()}, [["a", "b", "c", "a"]]),
        (
            {"a": {"b"}, "b": {"a"}, "c": {"d"}, "d": {"c"}, "e": {"a", "c"}},
            [["a", "b", "a"], ["c", "d", "c"]],
        ),
    ],
)
def test_cycle_finder(graph: dict[str, set[str]], cycles: list[list[str]]) -> None:
    assert find_cycles(graph) == cycles


def test_cycle_finder_on_a_long_chain() -> None:
    chain = {f"m{i:04d}": {f"m{i + 1:04d}"} for i in range(5000)}  # deeper than Python's recursion limit
    assert find_cycles(chain) == []
    chain["m5000"] = {"m0000"}
    (cycle,) = find_cycles(chain)
    assert len(cycle) == 5002 and cycle[0] == cycle[-1] == "m0000"


def test_imports_are_read_at_every_depth_but_not_for_type_checking(tmp_path: Path) -> None:
    source = (
        "from typing import TYPE_CHECKING\n"
        "from . import b\n"
        "from geo.c import thing\n"
        "if TYPE_CHECKING:\n"
        "    from geo import d\n"
        "def f():\n"
        "    import geo.e.inner\n"
    )
    path = tmp_path / "a.py"
    path.write_text(source, encoding="utf-8")
    modules = {"geo", "geo.a", "geo.b", "geo.c", "geo.d", "geo.e"}
    assert imports_of("geo.a", path, modules) == {"geo.b", "geo.c", "geo.e"}


# -- the project --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    return import_graph()


def test_the_graph_sees_the_project(graph: dict[str, set[str]]) -> None:
    assert {"geo", "geo.gazetteer", "layers.pipeline", "frontline.cli", "app"} <= set(graph)
    assert "geo.gazetteer" in graph["geo.geoparser"] or any(
        "geo.gazetteer" in graph[m] for m in graph["geo.geoparser"]
    )


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_lower_layers_never_import_higher_ones(graph: dict[str, set[str]], package: str) -> None:
    wrong = sorted(
        f"{module} imports {target}"
        for module, targets in graph.items()
        if module.split(".")[0] == package
        for target in targets
        if target.split(".")[0] in FORBIDDEN[package]
    )
    assert not wrong, "; ".join(wrong)


def test_no_import_cycle(graph: dict[str, set[str]]) -> None:
    cycles = find_cycles(graph)
    assert not cycles, "import cycles: " + "; ".join(" -> ".join(cycle) for cycle in cycles)
