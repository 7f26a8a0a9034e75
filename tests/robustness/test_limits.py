"""Limits, each met with a clear message and never a hang.

| what | limit | where |
| --- | --- | --- |
| article text (file, paste, upload) | 5 MB | ``layers.article.MAX_ARTICLE_BYTES`` |
| ``frontline parse`` / :func:`geoparse` | 20 million characters | ``geo.geoparser.DEFAULT_MAX_CHARS`` |
| an upload, Streamlit's own limit | 6 MB | ``.streamlit/config.toml`` ``server.maxUploadSize`` |
| events drawn on one map | 20,000 | ``layers.render.MAX_EVENTS`` |
| front-line file | 50 MB | ``layers.importers.MAX_FILE_BYTES`` |

The dashboard side of the upload limits is checked in a browser by ``test_app.py``.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from frontline.dashboard.upload import MAX_UPLOAD_BYTES, article_from_upload
from geo.errors import InputError
from layers.article import MAX_ARTICLE_BYTES, article_from_text, load_article
from layers.importers import MAX_FILE_BYTES, read_snapshots
from layers.pipeline import build_layers
from layers.render import MAX_EVENTS, build_map
from tests.robustness.runner import Runner

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
EVENT_SENTENCE = "Shelling near Mariupol killed 3 civilians on Monday. "


def test_streamlit_upload_limit_is_set_just_above_the_apps_own() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    limit = config["server"]["maxUploadSize"] * 1_000_000
    assert MAX_UPLOAD_BYTES == MAX_ARTICLE_BYTES < limit <= MAX_ARTICLE_BYTES + 2_000_000


def test_text_over_the_limit_is_refused_with_the_limit_named() -> None:
    text = EVENT_SENTENCE * (MAX_ARTICLE_BYTES // len(EVENT_SENTENCE) + 1)
    with pytest.raises(InputError, match="larger than 5 MB"):
        article_from_text(text)
    with pytest.raises(InputError, match="limited to 5 MB"):
        article_from_upload("big.txt", text.encode())


def test_a_front_line_file_over_the_limit_is_refused_before_reading(tmp_path) -> None:
    path = tmp_path / "lines.geojson"
    with path.open("wb") as handle:  # sparse: the size is checked, not the bytes
        handle.truncate(MAX_FILE_BYTES + 1)
    with pytest.raises(InputError, match="larger than 50 MB"):
        read_snapshots(path)


def test_too_many_events_for_one_map_is_refused_at_once(gazetteer, seed_dir) -> None:
    layers = build_layers(load_article(seed_dir), gazetteer)
    copies = MAX_EVENTS // len(layers.events) + 1
    many = pd.concat([layers.events] * copies, ignore_index=True)
    assert len(many) > MAX_EVENTS
    with pytest.raises(InputError, match=r"too many events for one map: [\d,]+ \(at most 20,000\)"):
        build_map(replace(layers, events=many))


#: Towns of the distinct incidents below (real names the gazetteer knows).
TOWNS = (
    "Mariupol", "Donetsk", "Luhansk", "Kharkiv", "Kherson", "Odesa", "Dnipro", "Zaporizhzhia", "Mykolaiv",
    "Sumy", "Chernihiv", "Poltava", "Kramatorsk", "Sloviansk", "Bakhmut", "Avdiivka", "Horlivka",
    "Melitopol", "Berdiansk", "Izium", "Lysychansk", "Kupiansk", "Pokrovsk", "Toretsk", "Volnovakha",
)  # fmt: skip


def distinct_incidents(size: int) -> str:
    """About ``size`` characters of shelling reports, each at another town or on another day."""
    day, sentences, length, i = dt.date(2015, 3, 1), [], 0, 0
    while length < size:
        when = day + dt.timedelta(days=i // len(TOWNS))
        sentence = f"Shelling near {TOWNS[i % len(TOWNS)]} killed 3 civilians on {when:%-d %B %Y}. "
        sentences.append(sentence)
        length, i = length + len(sentence), i + 1
    return "".join(sentences)


def test_an_article_of_nothing_but_events_ends_with_a_message_not_a_hang(tmp_path) -> None:
    """A 5 MB article of distinct incidents (about 70,000 events) through ``frontline export``.

    Identical sentences would be one incident reported again: each here is another town or day.
    """
    path = tmp_path / "events.txt"
    path.write_text(distinct_incidents(MAX_ARTICLE_BYTES - 1000), encoding="utf-8")
    with Runner(timeout=180) as runner:
        outcome = runner.run(["export", str(path), "--out", str(tmp_path / "map.html")])
    assert outcome.clean and outcome.status == 2, outcome
    assert "too many events for one map" in outcome.stderr and "split the article" in outcome.stderr
    assert not (tmp_path / "map.html").exists()
