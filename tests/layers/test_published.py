"""Publication dates from an article's own metadata: HTML, URL, wire dateline (issue 21)."""

from __future__ import annotations

import datetime as dt

import pytest

from benchmarks.dates import PAGES
from layers.article import article_from_text, load_article
from layers.published import find_published, published_from_html, published_from_text, published_from_url


@pytest.mark.parametrize(("name", "html", "expected"), PAGES, ids=[p[0] for p in PAGES])
def test_pages_of_the_benchmark(name, html, expected):
    """Real-shaped pages and the repository's HTML test files give the date they declare, or None."""
    assert published_from_html(html) == (dt.date.fromisoformat(expected) if expected else None)


def test_published_not_modified_time_is_read():
    html = (
        '<meta property="article:modified_time" content="2017-11-30T05:43:12Z">'
        '<meta property="article:published_time" content="2015-02-18T23:58:01-05:00">'
    )
    assert published_from_html(html) == dt.date(2015, 2, 18)  # the writer's day, not UTC's


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.theguardian.com/world/2015/feb/18/ukraine-debaltseve", "2015-02-18"),
        ("https://example.org/wire/2015/02/19/shyrokyne-shelling", "2015-02-19"),
        ("https://www.reuters.com/world/europe/kherson-2023-12-08/", "2023-12-08"),
        ("https://news.example.com/20150218/debaltseve.html", "2015-02-18"),
        ("https://www.aljazeera.com/news/2023/10/7/hamas-attack", "2023-10-07"),
        ("https://example.org/2015/02/31/impossible", None),
        ("https://example.org/9999/12/31/far", None),
        ("https://example.org/news/debaltseve", None),
        ("", None),
    ],
)
def test_dates_in_urls(url, expected):
    assert published_from_url(url) == (dt.date.fromisoformat(expected) if expected else None)


@pytest.mark.parametrize(
    ("text", "url", "expected"),
    [
        (
            "KIEV, Feb 18 (Reuters) - Ukrainian troops pulled out.",
            "https://www.reuters.com/2015/x",
            "2015-02-18",
        ),
        ("MOSCOW, March 3 (AP) — Drones attacked.", "https://apnews.com/article/2023/drones", "2023-03-03"),
        ("MOSCOW, March 3, 2023 (AP) — Drones attacked.", "", "2023-03-03"),
        (
            "MARIUPOL, Ukraine, Feb. 18 (Reuters) - Rebels shelled.",
            "https://x.org/2015/02/18/a",
            "2015-02-18",
        ),
        ("KYIV, Dec 8 (Reuters) - Russian forces shelled Kherson.", "", None),  # no year: no date
        ("Feb 18 was a quiet day in Kiev.", "https://x.org/2015/", None),
        ("KIEV, Feb 31 (Reuters) - Nonsense.", "https://x.org/2015/", None),
        ("Ukrainian troops pulled out of Debaltseve on Feb 18 (Reuters) - officials said.", "/2015/", None),
    ],
)
def test_wire_datelines(text, url, expected):
    assert published_from_text(text, url) == (dt.date.fromisoformat(expected) if expected else None)


def test_html_metadata_comes_before_the_url_and_the_dateline():
    html = '<meta name="date" content="2015-02-19">'
    text = "KIEV, Feb 18, 2015 (Reuters) - Troops left."
    assert find_published(text, html=html, url="https://x.org/2015/02/17/a") == dt.date(2015, 2, 19)
    assert find_published(text, url="https://x.org/2015/02/17/a") == dt.date(2015, 2, 17)
    assert find_published(text) == dt.date(2015, 2, 18)
    assert find_published("No date here.") is None


def test_pasted_text_gets_its_date_from_the_dateline_or_url_unless_given():
    text = "KIEV, Feb 18 (Reuters) - Ukrainian troops pulled out of Debaltseve."
    assert article_from_text(text).published is None  # no year anywhere
    assert article_from_text(text, url="https://www.reuters.com/2015/02/x").published == dt.date(2015, 2, 18)
    assert article_from_text("Shelling.", url="https://x.org/2015/02/17/a").published == dt.date(2015, 2, 17)
    given = article_from_text(text, url="https://x.org/2015/02/17/a", published="2015-02-20")
    assert given.published == dt.date(2015, 2, 20)


def test_an_html_file_gets_its_date_from_its_metadata(tmp_path):
    page = tmp_path / "report.html"
    page.write_text(
        '<html><head><meta property="article:published_time" content="2015-02-18T17:58:01Z"></head>'
        "<body><p>Ukrainian troops retreated from Debaltseve.</p></body></html>",
        encoding="utf-8",
    )
    article = load_article(page)
    assert article.published == dt.date(2015, 2, 18) and article.text.startswith("Ukrainian troops")


def test_article_toml_wins_over_the_url_and_the_dateline(tmp_path):
    (tmp_path / "article.txt").write_text("KIEV, Feb 18, 2015 (Reuters) - Troops left.", encoding="utf-8")
    (tmp_path / "article.toml").write_text(
        'published = 2015-02-19\nurl = "https://x.org/2015/02/17/a"\n', encoding="utf-8"
    )
    assert load_article(tmp_path).published == dt.date(2015, 2, 19)
    (tmp_path / "article.toml").write_text('url = "https://x.org/2015/02/17/a"\n', encoding="utf-8")
    assert load_article(tmp_path).published == dt.date(2015, 2, 17)


def test_the_seed_keeps_its_curated_date(seed_dir):
    assert load_article(seed_dir).published == dt.date(2015, 2, 18)


@pytest.mark.parametrize(
    "html",
    [
        "",
        "<meta",
        '<meta property="article:published_time" content="2015-02-31">',
        '<meta property="article:published_time" content="0001-01-01T00:00:00Z">',
        '<meta name="date" content="' + "9" * 5000 + '">',
        '<script type="application/ld+json">{"datePublished": ' + "1" * 5000 + "}</script>",
        '<script type="application/ld+json">' + '{"a":' * 100 + "1" + "}" * 100 + "</script>",
        '<script type="application/ld+json">{"datePublished": "' + "x" * 300_000 + '"}</script>',
        "<time datetime='tomorrow'>x</time><![CDATA[ <time datetime=2015-02-18> ]]>",
        "<!DOCTYPE html><html><body><p>https://example.org/2015/02/18/not-a-canonical-link</p></body></html>",
    ],
)
def test_bad_metadata_is_no_date_and_no_exception(html):
    assert published_from_html(html) is None
