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
from layers.offline import remote_assets
from layers.pipeline import build_layers

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
