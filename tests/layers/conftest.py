"""Fixtures of the layer tests: the seed article loaded once, and its geoparsed mentions."""

from __future__ import annotations

import pytest

from layers.annotations import article_mentions
from layers.article import load_article


@pytest.fixture(scope="session")
def article(seed_dir):
    """The seed article, loaded through `load_article`."""
    return load_article(seed_dir)


@pytest.fixture(scope="session")
def mentions(article, gazetteer):
    """The seed article's mentions, as the curated-file loaders see them."""
    return article_mentions(article.text, gazetteer, article.country_focus)
