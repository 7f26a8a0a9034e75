"""The dashboard's logic through Streamlit's AppTest: map, filters, paste, upload, corrections, errors.

AppTest runs ``app.py`` in this process with the real gazetteer and the real pipeline; only the
corrections file is redirected to a temporary path (``FRONTLINE_CORRECTIONS``).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from geo.corrections import CorrectionStore
from layers.article import MAX_ARTICLE_BYTES, load_article
from layers.corpus import load_corpus, read_corpus, run_corpus
from layers.corpus_view import CORPORA_ENV
from layers.filters import EventFilter, filter_events
from layers.offline import remote_assets
from layers.pipeline import build_layers
from tests.layers.test_corpus import DATA as CORPUS_DATA
from tests.layers.test_corpus import make_corpus

APP = str(Path(__file__).resolve().parent.parent / "app.py")
SEED_ID = "debaltseve-2015-02-18"


@pytest.fixture(autouse=True)
def corrections_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "corrections.json"
    monkeypatch.setenv("FRONTLINE_CORRECTIONS", str(path))
    return path


@pytest.fixture(scope="module")
def seed_layers(gazetteer, seed_dir):
    """Build the seed's layers directly with the library, to compare the app against."""
    return build_layers(load_article(seed_dir), gazetteer)


def _run(at: AppTest | None = None) -> AppTest:
    at = (at or AppTest.from_file(APP, default_timeout=120)).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _map_html(at: AppTest) -> str:
    (frame,) = at.get("iframe")
    return frame.proto.srcdoc


def _features(html: str, layer: str) -> list[dict]:
    """Return the GeoJSON features the map draws in one layer (as embedded by layers.render)."""
    match = re.search(r'frontline\.addFeatures\(\w+, "' + re.escape(layer) + r'", (\{.*?\})\);\n', html)
    return json.loads(match.group(1))["features"] if match else []


def _events_table(at: AppTest):
    return next(df.value for df in at.dataframe if "casualties" in df.value.columns)


def _mentions_table(at: AppTest):
    return next(df.value for df in at.dataframe if "runners-up" in df.value.columns)


def test_opens_on_the_seed_with_its_full_offline_map(seed_layers) -> None:
    at = _run()
    assert not at.error
    assert at.sidebar.radio(key="source").value == "Seed article"
    assert at.sidebar.selectbox(key="seed").value == SEED_ID
    html = _map_html(at)
    assert remote_assets(html) == []  # Leaflet and our scripts are inlined: nothing from a CDN
    assert len(_features(html, "Events")) == len(seed_layers.events) > 0
    assert len(_features(html, "Places")) == len(seed_layers.places) > 0
    assert len(_features(html, "Route")) == len(seed_layers.routes)
    assert len(_events_table(at)) == len(seed_layers.events)
    mentions = _mentions_table(at)
    assert len(mentions) == len(seed_layers.mentions)
    assert {"Debaltseve", "Mariupol"} <= set(mentions["place"])
    assert [b.label for b in at.get("download_button")] == [
        "Map (HTML, offline)",
        "Layers (GeoJSON)",
        "Events (CSV)",
    ]
    (article,) = at.get("html")
    assert article.proto.body.count("<mark") == len(seed_layers.mentions)


def test_event_type_filter_updates_the_table_and_the_map(seed_layers) -> None:
    at = _run()
    types = at.sidebar.multiselect(key=f"types-{SEED_ID}")
    dropped = types.value[0]
    expected = int((seed_layers.events["event_type"] != dropped).sum())
    _run(types.unselect(dropped))
    table = _events_table(at)
    assert len(table) == expected and not table["type"].str.startswith(dropped).any()
    events = _features(_map_html(at), "Events")
    assert len(events) == expected
    assert at.subheader[0].value == f"Events: {expected} of {len(seed_layers.events)}"


def test_date_filter_keeps_events_overlapping_the_window(seed_layers) -> None:
    at = _run()
    dates = at.sidebar.date_input(key=f"dates-{SEED_ID}")
    first, last = dates.value
    assert first < last
    _run(dates.set_value((last, last)))
    table = _events_table(at)
    starts = seed_layers.events["time_start"].fillna(seed_layers.events["date"])
    ends = seed_layers.events["time_end"].fillna(seed_layers.events["date"])
    undated = starts.isna() & ends.isna()
    expected = int(((ends >= last.isoformat()) & (starts <= last.isoformat()) | undated).sum())
    assert 0 < len(table) == expected < len(seed_layers.events)
    _run(at.sidebar.checkbox(key="undated").uncheck())
    assert len(_events_table(at)) == expected - int(undated.sum())


def test_layer_toggles_hide_layers_from_the_map() -> None:
    at = _run()
    assert _features(_map_html(at), "Route")
    _run(at.sidebar.checkbox(key="layer-Route").uncheck())
    html = _map_html(at)
    assert _features(html, "Route") == [] and _features(html, "Events")


def test_basemap_choice_reaches_the_map() -> None:
    at = _run()
    _run(at.sidebar.selectbox(key="basemap").select("OpenStreetMap"))
    assert "tile.openstreetmap.org" in _map_html(at)


def test_pasted_text_is_mapped() -> None:
    at = _run()
    _run(at.sidebar.radio(key="source").set_value("Paste text"))
    assert at.info and "Paste" in at.info[0].value  # nothing pasted yet: a prompt, not an error
    text = "Shelling was reported in Mariupol on Tuesday, and fighting continued north of Donetsk."
    _run(at.sidebar.text_area(key="pasted").input(text))
    assert not at.error
    mentions = _mentions_table(at)
    assert list(mentions["mention"]) == ["Mariupol", "Donetsk"]
    assert _features(_map_html(at), "Places")
    # With a publication date, "on Tuesday" becomes a day: the Tuesday before 18 February 2015.
    _run(at.sidebar.date_input(key="published").set_value(dt.date(2015, 2, 18)))
    assert set(_events_table(at)["date"]) == {"2015-02-17"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (" \n\t ", "empty"),
        ("x" * (MAX_ARTICLE_BYTES + 1), "larger than"),
    ],
    ids=["empty", "oversized"],
)
def test_bad_pasted_text_is_a_clear_error(text: str, message: str) -> None:
    at = _run()
    _run(at.sidebar.radio(key="source").set_value("Paste text"))
    _run(at.sidebar.text_area(key="pasted").input(text))
    assert len(at.error) == 1 and message in at.error[0].value
    assert not at.get("iframe")


def test_uploaded_html_is_mapped(seed_text: str) -> None:
    at = _run()
    _run(at.sidebar.radio(key="source").set_value("Upload a file"))
    assert at.info and "Upload" in at.info[0].value
    page = "<html><head><script>window.__pwned = 1</script></head><body>"
    page += "".join(f"<p>{p}</p>" for p in seed_text.split("\n\n")[:6]) + "</body></html>"
    _run(at.sidebar.date_input(key="published").set_value(dt.date(2015, 2, 18)))
    _run(at.sidebar.file_uploader(key="upload").upload("story.html", page.encode(), "text/html"))
    assert not at.error
    assert at.caption[0].value.startswith("story.html — 2015-02-18")
    assert "Debaltseve" in set(_mentions_table(at)["place"])
    (article,) = at.get("html")
    assert "__pwned" not in article.proto.body  # the script was dropped, not shown or run


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("bad.txt", b"Fighting near Debaltseve \xff\xfe", "not valid UTF-8"),
        ("big.txt", b"a" * (MAX_ARTICLE_BYTES + 1), "uploads are limited to 5 MB"),
        ("empty.txt", b"   ", "empty"),
    ],
    ids=["invalid-utf8", "oversized", "empty"],
)
def test_bad_upload_is_a_clear_error(name: str, data: bytes, message: str) -> None:
    at = _run()
    _run(at.sidebar.radio(key="source").set_value("Upload a file"))
    _run(at.sidebar.file_uploader(key="upload").upload(name, data, "text/plain"))
    assert len(at.error) == 1 and message in at.error[0].value
    assert not at.get("iframe")


def _select_mention_with_alternatives(at: AppTest, seed_layers) -> int:
    """Select the first mention whose place has another candidate; return its index."""
    index = next(
        i for i, m in enumerate(seed_layers.mentions) if m.place is not None and len(m.candidates) > 1
    )
    _run(at.selectbox(key=f"mention-{SEED_ID}").set_value(index))
    return index


def test_a_correction_is_saved_and_applied_to_map_and_tables(seed_layers, corrections_file: Path) -> None:
    at = _run()
    index = _select_mention_with_alternatives(at, seed_layers)
    mention = seed_layers.mentions[index]
    other = next(c.place for c in mention.candidates if c.place != mention.place)
    radio = at.radio(key=f"choice-{SEED_ID}-{mention.start}")
    choice = next(
        i for i, label in enumerate(radio.options) if label.startswith(f"{other.name} ({other.admin1}")
    )
    _run(radio.set_value(choice))
    _run(at.button(key="save-correction").click())
    (saved,) = CorrectionStore(corrections_file).get(SEED_ID)
    assert (saved.start, saved.end, saved.text, saved.place_id) == (mention.start, mention.end, mention.text,
                                                                    str(other.geonameid))  # fmt: skip
    row = _mentions_table(at).iloc[index]
    assert row["geonameid"] == other.geonameid and row["confidence"] == 1.0
    assert row["why"].startswith("corrected by the user")
    places = _features(_map_html(at), "Places")
    assert any(
        f["geometry"]["coordinates"] == [pytest.approx(other.lon), pytest.approx(other.lat)] for f in places
    )
    (article,) = at.get("html")
    assert "fl-corrected" in article.proto.body
    # A new session (a restart) sees the correction; undo removes it.
    again = _run()
    assert _mentions_table(again).iloc[index]["geonameid"] == other.geonameid
    _select_mention_with_alternatives(again, seed_layers)
    _run(again.button(key="undo-correction").click())
    assert CorrectionStore(corrections_file).get(SEED_ID) == ()
    assert _mentions_table(again).iloc[index]["geonameid"] == mention.place.geonameid


def test_not_a_place_correction_unresolves_the_mention(seed_layers, corrections_file: Path) -> None:
    at = _run()
    index = _select_mention_with_alternatives(at, seed_layers)
    mention = seed_layers.mentions[index]
    _run(at.radio(key=f"choice-{SEED_ID}-{mention.start}").set_value(0))  # "Not a place"
    _run(at.button(key="save-correction").click())
    assert CorrectionStore(corrections_file).get(SEED_ID)[0].place_id == ""
    assert _mentions_table(at).iloc[index]["place"] == ""


def test_a_corrupt_corrections_file_is_reported_not_used(corrections_file: Path) -> None:
    corrections_file.write_text('{"format": "frontline-corrections/1", "articles": {"x": [', encoding="utf-8")
    at = _run()
    assert len(at.warning) == 1 and "moved aside" in at.warning[0].value
    assert at.get("iframe")  # the map is still shown, without corrections
    assert not corrections_file.exists() and list(corrections_file.parent.glob("corrections.json.corrupt-*"))


def test_online_geocoder_only_when_chosen_and_unreachable_is_said(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import geo.geocoders
    from frontline.dashboard_server import free_port

    real, asked = geo.geocoders.get_geocoder, []
    port = free_port()  # nothing listens there: connection refused, as when the service is down

    def _local(name: str, **kwargs):
        asked.append(name)
        return real(name, domain=f"127.0.0.1:{port}", scheme="http", cache_dir=tmp_path, timeout=2, **kwargs)

    monkeypatch.setattr(geo.geocoders, "get_geocoder", _local)
    st.cache_data.clear()  # forget other tests' answers about the service
    at = _run()
    assert at.sidebar.selectbox(key="backend").value == "offline" and asked == []  # offline by default
    _run(at.sidebar.selectbox(key="backend").select("nominatim"))
    assert asked and set(asked) == {"nominatim"}
    (warning,) = at.warning
    assert "The nominatim geocoder is unreachable" in warning.value and "resolved offline" in warning.value
    assert "Debaltseve" in set(_mentions_table(at)["place"])  # the offline layers are shown
    assert at.get("iframe")


def test_reachable_online_geocoder_is_used_without_warning(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, gazetteer
) -> None:
    import geo.geocoders
    from tests.geocoding_helpers import FakeNominatim

    service = FakeNominatim(gazetteer)  # Nominatim's /search JSON on 127.0.0.1, through real geopy
    real = geo.geocoders.get_geocoder

    def _local(name: str, **kwargs):
        return real(name, domain=service.domain, scheme="http", cache_dir=tmp_path, timeout=5, **kwargs)

    monkeypatch.setattr(geo.geocoders, "get_geocoder", _local)
    st.cache_data.clear()  # forget other tests' answers about the service
    try:
        at = _run()
        _run(at.sidebar.selectbox(key="backend").select("nominatim"))
        assert not at.warning and not at.error, [w.value for w in at.warning]
        assert service.requests and all("frontline/" in r["user_agent"] for r in service.requests)
        assert at.get("iframe")
    finally:
        service.close()


def test_two_sessions_correcting_the_same_article_keep_both(seed_layers, corrections_file: Path) -> None:
    ambiguous = [
        i for i, m in enumerate(seed_layers.mentions) if m.place is not None and len(m.candidates) > 1
    ]
    first, second = ambiguous[:2]
    one, two = _run(), _run()  # both sessions have the page open before either saves
    for at, index in ((one, first), (two, second)):
        mention = seed_layers.mentions[index]
        _run(at.selectbox(key=f"mention-{SEED_ID}").set_value(index))
        _run(at.radio(key=f"choice-{SEED_ID}-{mention.start}").set_value(0))  # "Not a place"
        _run(at.button(key="save-correction").click())
    saved = CorrectionStore(corrections_file).get(SEED_ID)
    assert {c.start for c in saved} == {seed_layers.mentions[first].start, seed_layers.mentions[second].start}
    assert _mentions_table(_run()).iloc[[first, second]]["place"].tolist() == ["", ""]


@pytest.fixture(scope="module")
def corpus_out(tmp_path_factory: pytest.TempPathFactory, seed_dir: Path) -> Path:
    """Run the test corpus (seed + wire reports + two bad files) once, on a 1-worker in-process cluster."""
    from distributed import Client, LocalCluster

    root = tmp_path_factory.mktemp("corpus")
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        with Client(cluster) as client:
            run_corpus(make_corpus(root, seed_dir), root / "out", client=client, progress=None)
    return root / "out"


@pytest.fixture(scope="module")
def corpus_layers(corpus_out: Path):
    """Open the corpus output with the library, to compare the app against."""
    return load_corpus(corpus_out)


def _open_corpus(path: Path | str) -> AppTest:
    at = _run()
    _run(at.sidebar.radio(key="source").set_value("Corpus output"))
    return _run(at.sidebar.text_input(key="corpus-path").input(str(path)))


def _corpus_table(at: AppTest):
    return next(df.value for df in at.dataframe if "articles" in df.value.columns)


def test_a_corpus_output_opens_with_merged_events_and_their_sources(corpus_out: Path, corpus_layers) -> None:
    """A typed output folder: the merged map (popups list each source), tables, summary, skips."""
    at = _run()
    _run(at.sidebar.radio(key="source").set_value("Corpus output"))
    assert at.info and "frontline corpus" in at.info[0].value and not at.get("iframe")  # a prompt first
    _run(at.sidebar.text_input(key="corpus-path").input(f"  '{corpus_out}' "))  # as pasted from a shell
    assert not at.error
    html = _map_html(at)
    assert remote_assets(html) == []
    events = _features(html, "Events")
    assert len(events) == len(corpus_layers.events) > 0
    assert len(_features(html, "Places")) == len(corpus_layers.places) > 0
    popups = [f["properties"]["_popup"] for f in events]
    assert sum("Reported by 2 article(s)" in p for p in popups) == 1  # the fall of Debaltseve
    (shelling,) = [p for p in popups if "Reported by 3 article(s)" in p]  # Shyrokyne, 18 Feb 2015
    for outlet in ("The Guardian", "Frontline Test Wire", "Frontline Test Evening Report"):
        assert f">{outlet}</a>" in shelling
    table = _corpus_table(at)
    assert len(table) == len(corpus_layers.events)
    assert sorted(table["articles"]) == sorted(int(n) for n in corpus_layers.events["n_sources"])
    (three,) = table[table["articles"] == 3]["sources"]
    assert three.count("; ") == 2 and "Frontline Test Wire, 2015-02-19" in three
    summary = read_corpus(corpus_out, mentions=False).summary
    shown = dict(next(df.value for df in at.dataframe if "what" in df.value.columns).values.tolist())
    assert (shown["documents"], shown["articles mapped"], shown["documents skipped"]) == ("6", "4", "2")
    assert shown["events before merging"] == str(summary["events_before_merge"])
    assert shown["events after merging"] == str(summary["events_after_merge"]) == str(len(table))
    failures = next(df.value for df in at.dataframe if "reason" in df.value.columns)
    assert set(failures["article_id"]) == {"broken-encoding", "empty"}
    assert any("no single article text" in i.value for i in at.info)
    assert not at.get("html")  # no article text or corrections for a corpus
    assert [b.label for b in at.get("download_button")] == [
        "Map (HTML, offline)",
        "Layers (GeoJSON)",
        "Events (CSV)",
    ]


def test_corpus_type_and_date_filters_change_the_table_and_the_map(corpus_out: Path, corpus_layers) -> None:
    """The article filters work on a corpus: the table and the map keep what the library keeps."""
    at = _open_corpus(corpus_out)
    events, key = corpus_layers.events, corpus_out.name
    types = at.sidebar.multiselect(key=f"types-{key}")
    _run(types.unselect("Battles"))
    kept = frozenset(types.value)
    expected = filter_events(events, EventFilter(types=kept))
    assert 0 < len(expected) < len(events)
    assert len(_corpus_table(at)) == len(_features(_map_html(at), "Events")) == len(expected)
    assert at.subheader[0].value == f"Events: {len(expected)} of {len(events)}"
    dates = at.sidebar.date_input(key=f"dates-{key}")
    start, end = dt.date(2023, 1, 1), dates.value[1]
    _run(dates.set_value((start, end)))
    expected = filter_events(events, EventFilter(types=kept, start=start, end=end))
    table = _corpus_table(at)
    assert list(table["place"]) == list(expected["place"]) == ["Bakhmut"]  # the 2023 retrospective
    assert len(_features(_map_html(at), "Events")) == 1


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/nonexistent/corpus-out", "no such folder"),
        (str(CORPUS_DATA / "empty.txt"), "is a file"),
        (str(CORPUS_DATA), "is not a corpus output folder"),
        ("   ", "frontline corpus"),
    ],
    ids=["missing", "file", "articles-not-output", "blank"],
)
def test_a_bad_corpus_path_is_a_clear_error(path: str, message: str) -> None:
    """A missing folder, a file or a folder of articles is one clear error; nothing typed, a prompt."""
    at = _open_corpus(path)
    if path.strip():
        assert len(at.error) == 1 and message in at.error[0].value
    else:  # nothing typed yet: the prompt, not an error
        assert not at.error and message in at.info[0].value
    assert not at.get("iframe")


def test_corpus_outputs_in_frontline_corpora_are_listed(
    corpus_out: Path, corpus_layers, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Outputs under the folders of $FRONTLINE_CORPORA are offered in the sidebar and open."""
    monkeypatch.setenv(CORPORA_ENV, str(corpus_out.parent))
    at = _run()
    _run(at.sidebar.radio(key="source").set_value("Corpus output"))
    found = at.sidebar.selectbox(key="corpus-found")
    assert found.options == [str(corpus_out.resolve())]
    _run(found.select(str(corpus_out.resolve())))
    assert not at.error
    assert len(_features(_map_html(at), "Events")) == len(corpus_layers.events)
