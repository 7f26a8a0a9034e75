"""Property-based tests: any input gives a result or a clear error, never another exception.

* :func:`geo.names.fold` / :func:`geo.names.skeleton`: any Unicode string gives a key of the
  documented alphabet, and folding is idempotent.
* :func:`geo.geoparser.geoparse`: any Unicode text (mixed with real place names and article
  sentences, so that mentions do occur) gives mentions whose spans lie inside the text with
  ``text[start:end] == mention.text``, or :class:`InputError`.
* The front-line importers: any bytes in a ``.geojson``/``.kml`` file, and any JSON document,
  give snapshots or a :class:`FrontlineError`.
* Linear time: geoparsing eight copies of the seed article takes at most a generous multiple of
  eight times one copy (the measured ratio is printed by ``python -m benchmarks robustness``).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.errors import FrontlineError, InputError
from geo.geoparser import geoparse
from geo.names import fold, skeleton
from layers.importers import read_snapshots, snapshots_from_geojson
from tests.robustness.checks import record

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
NAMES = ("Debaltseve", "Дебальцеве", "Artemivsk", "Luhansk", "Donetsk", "Kiev", "Mariupol", "Olenivka",
         "Shyrokyne", "Horlivka", "Russia", "Ukraine", "Paris", "Georgia", "Washington")  # fmt: skip
PUNCT = (" ", ". ", ", ", "\n\n", "’s ", "-", " (", ") ", "'", '"', "\u202e", "\u200b", "\ufeff", "\x00")
WORDS = st.one_of(st.sampled_from(NAMES), st.sampled_from(PUNCT), st.text(max_size=12))


def seed_sentences(seed_text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", seed_text) if s][:60]


@SETTINGS
@given(st.text())
def test_fold_and_skeleton_give_keys_of_their_alphabet(name: str) -> None:
    key = fold(name)
    assert re.fullmatch(r"(?:[a-z0-9]+(?: [a-z0-9]+)*)?", key), key
    assert fold(key) == key
    variant = skeleton(name)
    assert re.fullmatch(r"[a-z0-9*]*", variant) and skeleton(key) == variant
    assert (variant == "") == (key == "")


@SETTINGS
@given(st.lists(WORDS, max_size=40).map("".join))
def test_geoparse_spans_lie_inside_any_text(gazetteer, text: str) -> None:
    check_mentions(text, geoparse(text, gazetteer))


@SETTINGS
@given(data=st.data())
def test_geoparse_spans_in_mangled_article_text(gazetteer, seed_text, data) -> None:
    """Real sentences cut, joined and sprinkled with odd characters."""
    sentences = seed_sentences(seed_text)
    parts = data.draw(st.lists(st.one_of(st.sampled_from(sentences), WORDS), min_size=1, max_size=12))
    text = "".join(parts)
    cut = data.draw(st.integers(0, len(text)))
    check_mentions(text[cut:], geoparse(text[cut:], gazetteer, country_focus=("UA",)))


def check_mentions(text: str, mentions: list) -> None:
    previous = -1
    for m in mentions:
        assert 0 <= m.start < m.end <= len(text) and text[m.start : m.end] == m.text, (text, m)
        assert m.start >= previous and 0.0 <= m.confidence <= 1.0
        previous = m.start


@pytest.mark.parametrize("bad", [None, b"Debaltseve", 42])
def test_geoparse_refuses_what_is_not_text(gazetteer, bad) -> None:
    with pytest.raises(InputError, match="must be a str"):
        geoparse(bad, gazetteer)


def test_geoparse_refuses_text_over_its_limit_at_once(gazetteer) -> None:
    with pytest.raises(InputError, match="too long"):
        geoparse("Debaltseve " * 100, gazetteer, max_chars=999)


# -- front-line importers ---------------------------------------------------------------------

JSON = st.recursive(
    st.none() | st.booleans() | st.floats(allow_nan=True) | st.integers() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.sampled_from(
        ["type", "features", "geometry", "coordinates", "properties", "valid_from", "valid_to", "status",
         "name", "geometries"]) | st.text(max_size=4), inner, max_size=5),
    max_leaves=30,
)  # fmt: skip
GEOMETRY_TYPES = st.sampled_from(
    ["LineString", "Polygon", "MultiLineString", "MultiPolygon", "Point", "Feature"]
)
COORDS = st.recursive(
    st.floats(-200, 200) | st.integers(-200, 200), lambda c: st.lists(c, max_size=5), max_leaves=20
)


@SETTINGS
@given(doc=JSON, kind=GEOMETRY_TYPES, coords=COORDS, wrap=st.booleans())
def test_any_json_document_gives_snapshots_or_a_clear_error(doc, kind, coords, wrap) -> None:
    if wrap:  # a GeoJSON-shaped document with arbitrary coordinates and properties
        props = doc if isinstance(doc, dict) else {"name": doc}
        feature = {"type": "Feature", "geometry": {"type": kind, "coordinates": coords}, "properties": props}
        doc = {"type": "FeatureCollection", "features": [feature]}
    try:
        snapshots = snapshots_from_geojson(json.dumps(doc))
    except FrontlineError as err:
        assert str(err)
    else:
        assert snapshots and all(s.geometry.is_valid or not s.geometry.is_empty for s in snapshots)


KML_PARTS = st.sampled_from([
    "<kml>", "</kml>", "<Placemark>", "</Placemark>", "<LineString>", "</LineString>", "<coordinates>",
    "</coordinates>", "37.5,48.1 38.0,48.3", "1e999,0", "<Polygon><outerBoundaryIs><LinearRing>",
    "</LinearRing></outerBoundaryIs></Polygon>", "<TimeSpan><begin>2015-02-18</begin></TimeSpan>",
    "<![CDATA[x]]>", "<!DOCTYPE kml>", "<!ENTITY a 'b'>", "&a;", "<name>\u202e</name>", "<MultiGeometry>",
])  # fmt: skip


@SETTINGS
@given(parts=st.lists(st.one_of(KML_PARTS, st.text(max_size=6)), max_size=25), raw=st.binary(max_size=64),
       suffix=st.sampled_from([".kml", ".geojson", ".json"]))  # fmt: skip
def test_any_file_bytes_give_snapshots_or_a_clear_error(tmp_path_factory, parts, raw, suffix) -> None:
    path = tmp_path_factory.mktemp("front") / f"lines{suffix}"
    path.write_bytes("".join(parts).encode("utf-8", "surrogatepass") + raw)
    try:
        snapshots = read_snapshots(path)
    except FrontlineError as err:
        assert str(err) and "\n" not in str(err).strip()
    else:
        assert snapshots


# -- linear time ------------------------------------------------------------------------------


# Times geoparse on texts given as JSON on stdin, in a process of its own; prints the seconds.
_TIMER = """
import json, sys, time
from geo.gazetteer import Gazetteer
from geo.geoparser import geoparse
gazetteer = Gazetteer.open()
seconds = []
for text in json.load(sys.stdin):
    geoparse(text, gazetteer)
    best = float("inf")
    for _ in range(3):
        started = time.process_time()
        geoparse(text, gazetteer)
        best = min(best, time.process_time() - started)
    seconds.append(best)
print(json.dumps(seconds))
"""


def geoparse_seconds(*texts: str) -> list[float]:
    """The best of three warm runs of each text, in CPU seconds, timed in a fresh process.

    A fresh process: the test session's own state (its heap, its caches, servers an earlier test
    left running) once made sixteen copies take 57 times one copy, against 17 to 21 times alone.
    """
    done = subprocess.run(
        [sys.executable, "-c", _TIMER], input=json.dumps(texts), capture_output=True, text=True,
        timeout=600, check=True, cwd=ROOT,
    )
    return json.loads(done.stdout)


def test_geoparse_time_grows_linearly(gazetteer, seed_text) -> None:
    """Eight copies take under 30 times one copy (linear is 8; quadratic would be 64)."""
    one, eight = geoparse_seconds(seed_text, "\n\n".join([seed_text] * 8))
    record("linear", one_s=one, eight_s=eight, ratio=eight / one)
    assert eight / one < 30, (one, eight)
    # and the mentions scale exactly: each copy is read the same way
    assert len(geoparse("\n\n".join([seed_text] * 8), gazetteer)) == 8 * len(geoparse(seed_text, gazetteer))


def test_geoparse_time_grows_linearly_with_unplaced_names(gazetteer) -> None:
    """Streets and seas by the thousand: 16 times the text takes under 40 times as long (a
    quadratic merge of their extents took 66 times)."""
    unit = "On Royal Street near the Black Sea in Kherson, the Gulf of Aden, North State Street. "
    one, many = geoparse_seconds(unit * 100, unit * 1600)
    record("linear_unplaced", one_s=one, sixteen_s=many, ratio=many / one)
    assert many / one < 40, (one, many)
    assert len(geoparse(unit * 1600, gazetteer)) == 16 * len(geoparse(unit * 100, gazetteer))
