"""The packages' public names: every name in ``__all__`` resolves, and the layering holds."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("package", ["geo", "layers"])
def test_every_exported_name_resolves(package: str) -> None:
    module = importlib.import_module(package)
    assert module.__all__ == sorted(module.__all__)
    for name in module.__all__:
        value = getattr(module, name)
        assert getattr(value, "__name__", name) == name or not callable(value), name


def test_unknown_name_is_an_attribute_error() -> None:
    import geo

    with pytest.raises(AttributeError):
        geo.no_such_thing  # noqa: B018


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("path", sorted((ROOT / "geo").rglob("*.py")), ids=lambda p: p.name)
def test_geo_never_imports_layers_or_ui(path: Path) -> None:
    assert not _imports(path) & {"layers", "folium", "streamlit", "frontline"}, path


@pytest.mark.parametrize("path", sorted((ROOT / "layers").rglob("*.py")), ids=lambda p: str(p.relative_to(ROOT)))
def test_layers_never_import_streamlit(path: Path) -> None:
    assert "streamlit" not in _imports(path), path
