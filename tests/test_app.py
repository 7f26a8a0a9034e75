"""The dashboard's logic through Streamlit's AppTest: map, filters, paste, upload, corrections, errors,
and what a visitor can reach: per-session corrections, escaped Markdown, the corpus box's data roots.

AppTest runs ``app.py`` in this process with the real gazetteer and the real pipeline; only the
corrections file is redirected to a temporary path (``FRONTLINE_CORRECTIONS``). Texts shown through
Streamlit's Markdown are escaped (``frontline.markup``): :func:`_plain` reads them as a visitor sees them.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from frontline.dashboard.corpus_view import CORPORA_ENV, NOT_AN_OUTPUT
from frontline.markup import escape_markdown
from geo.corrections import SHARED_ENV, CorrectionStore
from layers.article import MAX_ARTICLE_BYTES, load_article
from layers.corpus import load_corpus, read_corpus, run_corpus
from layers.filters import EventFilter, filter_events
from layers.offline import remote_assets
from layers.pipeline import build_layers
from tests.layers.test_corpus import DATA as CORPUS_DATA
from tests.layers.test_corpus import make_corpus

APP = str(Path(__file__).resolve().parent.parent / "app.py")
SEED_ID = "debaltseve-2015-02-18"
#: The beginning of the app's one line about an unexpected error (``app.UNEXPECTED``).
UNEXPECTED = "Something went wrong"


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
    assert not [e.value for e in at.error if e.value.startswith(UNEXPECTED)]  # nothing unexpected happened
    return at


def _plain(markdown: str) -> str:
    """Return escaped Markdown as the visitor reads it: backslash escapes and word joiners removed."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown).replace("\u2060", "")


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
        pytest.param("x" * (MAX_ARTICLE_BYTES + 1), "larger than", marks=pytest.mark.slow),
    ],
    ids=["empty", "oversized"],
)
def test_bad_pasted_text_is_a_clear_error(text: str, message: str) -> None:
    at = _run()
    _run(at.sidebar.radio(key="source").set_value("Paste text"))
    _run(at.sidebar.text_area(key="pasted").input(text))
    assert len(at.error) == 1 and message in _plain(at.error[0].value)
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
    assert at.caption[0].value.startswith(r"story\.html — 2015\-02\-18")
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
    assert len(at.error) == 1 and message in _plain(at.error[0].value)
    assert not at.get("iframe")


#: Markdown a visitor's article (its text, its file name) may hold, to show links, images or colours.
PAYLOADS = (
    "![x](data:image/png;base64,AAAA)",
    "[click](javascript:alert(1))",
    ":red[big]",
    "<img src=x onerror=alert(1)>",
    ":material/home:",
    "https://evil.example/x",
)


def _markdown_bodies(at: AppTest) -> list[str]:
    """Every text the page hands to Streamlit's Markdown: alerts, captions, markdown, radio options."""
    bodies = [e.value for kind in ("error", "warning", "info", "success", "caption", "markdown")
              for e in getattr(at, kind)]  # fmt: skip
    return bodies + [option for radio in at.radio for option in radio.options]


def _assert_shown_as_text(at: AppTest, payloads: tuple[str, ...]) -> None:
    """Each payload is in some Markdown body in its escaped form, and no body holds it unescaped."""
    bodies = _markdown_bodies(at)
    for payload in payloads:
        assert any(escape_markdown(payload) in body for body in bodies), payload
        assert not any(payload in body for body in bodies), payload
    for body in bodies:  # nothing Markdown could act on is left unescaped
        assert not re.search(r"(?<!\\)(\]\(|!\[|:red\[|<img|:material/)", body), body


def test_markdown_in_an_uploaded_files_name_is_shown_as_text() -> None:
    """The title (the file name) and an error quoting the name are escaped: no link, image, colour."""
    name = " ".join(PAYLOADS).replace("/", "∕") + " Donetsk.txt"  # no slash in a file name: U+2215
    at = _run()
    _run(at.sidebar.radio(key="source").set_value("Upload a file"))
    _run(
        at.sidebar.file_uploader(key="upload").upload(
            name, b"Shelling hit Mariupol and Donetsk.", "text/plain"
        )
    )
    assert not at.error and at.get("iframe")
    (title,) = [c.value for c in at.caption if "Donetsk" in c.value]
    assert title == escape_markdown(name)
    assert title.startswith(
        r"\!\[x\]\(data\:image∕png\;base64\,AAAA\) \[click\]\(javascript\:alert\(1\)\) \:red\[big\]"
    )
    _assert_shown_as_text(at, tuple(p.replace("/", "∕") for p in PAYLOADS))
    # An empty file: the error quotes the whole name (slashes included), escaped and on one line.
    name = " ".join(PAYLOADS) + "\n# heading.txt"
    _run(at.sidebar.file_uploader(key="upload").upload(name, b"  ", "text/plain"))
    (error,) = at.error
    assert "empty" in error.value and "\n" not in error.value and r"\# heading\.txt" in error.value
    _assert_shown_as_text(at, PAYLOADS)


def test_markdown_in_pasted_text_is_shown_as_text(seed_layers) -> None:
    """Pasted text with Markdown payloads: mapped, its mentions listed, nothing rendered as Markdown."""
    at = _run()
    _run(at.sidebar.radio(key="source").set_value("Paste text"))
    text = " ".join(PAYLOADS) + " Shelling hit Mariupol. " + " ".join(PAYLOADS) + " Fighting near Donetsk."
    _run(at.sidebar.text_area(key="pasted").input(text))
    assert not at.error and list(_mentions_table(at)["mention"]) == ["Mariupol", "Donetsk"]
    (article,) = at.get("html")
    assert "&lt;img src=x onerror=alert(1)&gt;" in article.proto.body and "<img" not in article.proto.body
    _run(at.radio(key=next(r.key for r in at.radio if r.key and r.key.startswith("choice-"))).set_value(0))
    _run(at.button(key="save-correction").click())  # "Not a place": the correction is listed
    assert [c for c in at.caption if "characters" in c.value]
    for body in _markdown_bodies(at):
        assert not re.search(r"(?<!\\)(\]\(|!\[|:red\[|<img|:material/)", body), body


def test_an_unexpected_error_is_one_generic_line_and_the_traceback_is_logged(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    import frontline.dashboard.tables

    def _broken(*args, **kwargs):
        raise RuntimeError("secret detail /etc/passwd")

    monkeypatch.setattr(frontline.dashboard.tables, "events_table", _broken)
    with caplog.at_level(logging.ERROR, logger="frontline.app"):
        at = AppTest.from_file(APP, default_timeout=120).run()
    assert not at.exception
    assert [e.value for e in at.error] == [
        "Something went wrong while showing this page. The details are in the server's log."
    ]
    assert all("secret" not in body and "Traceback" not in body for body in _markdown_bodies(at))
    (record,) = [r for r in caplog.records if r.name == "frontline.app"]
    assert record.exc_info and "secret detail" in str(record.exc_info[1])


def _select_mention_with_alternatives(at: AppTest, seed_layers, nth: int = 0) -> int:
    """Select the ``nth`` mention whose place has another candidate; return its index."""
    ambiguous = [
        i for i, m in enumerate(seed_layers.mentions) if m.place is not None and len(m.candidates) > 1
    ]
    _run(at.selectbox(key=f"mention-{SEED_ID}").set_value(ambiguous[nth]))
    return ambiguous[nth]


def _choose_other_candidate(at: AppTest, seed_layers, index: int):
    """Choose, in the form, another candidate than the mention's place; return that place."""
    mention = seed_layers.mentions[index]
    other = next(c.place for c in mention.candidates if c.place != mention.place)
    radio = at.radio(key=f"choice-{SEED_ID}-{mention.start}")
    label = escape_markdown(f"{other.name} ({other.admin1}")  # the options are escaped Markdown
    choice = next(i for i, option in enumerate(radio.options) if option.startswith(label))
    _run(radio.set_value(choice))
    return other


def _on_map(at: AppTest, place) -> bool:
    """Whether the map draws a place at ``place``'s point."""
    return any(
        f["geometry"]["coordinates"] == [pytest.approx(place.lon), pytest.approx(place.lat)]
        for f in _features(_map_html(at), "Places")
    )


def _corrected_marks(at: AppTest) -> int:
    """How many mentions the article text marks as corrected."""
    (article,) = at.get("html")
    return len(re.findall(r'<mark class="[^"]*\bfl-corrected\b', article.proto.body))


@pytest.fixture()
def shared(monkeypatch: pytest.MonkeyPatch) -> None:
    """The operator's setting: corrections are shared by every visitor (in the corrections file)."""
    monkeypatch.setenv(SHARED_ENV, "1")


@pytest.mark.slow
def test_a_correction_is_applied_to_this_session_only_by_default(seed_layers, corrections_file: Path) -> None:
    """One visitor's correction changes that visitor's map and tables, no one else's, and no file."""
    one, two = _run(), _run()  # both visitors have the page open
    index = _select_mention_with_alternatives(one, seed_layers)
    mention = seed_layers.mentions[index]
    other = _choose_other_candidate(one, seed_layers, index)
    assert not one.text_input  # no name asked: nobody else sees it
    _run(one.button(key="save-correction").click())
    row = _mentions_table(one).iloc[index]
    assert row["geonameid"] == other.geonameid and row["confidence"] == 1.0
    assert row["why"].startswith("corrected by the user")
    assert _on_map(one, other)
    assert _corrected_marks(one) == 1
    (listed,) = [_plain(c.value) for c in one.caption if "characters" in c.value]
    assert listed.startswith(f"“{mention.text}” (characters {mention.start}–{mention.end}) → {other.name}")
    assert not corrections_file.exists()
    # The other visitor (and a new one) still sees the pipeline's resolution.
    for at in (_run(two), _run()):
        assert _mentions_table(at).iloc[index]["geonameid"] == mention.place.geonameid
        assert not _on_map(at, other) and _corrected_marks(at) == 0
    # The session keeps it across reruns; undo removes it.
    _run(one)
    assert _mentions_table(one).iloc[index]["geonameid"] == other.geonameid
    _run(one.button(key="undo-correction").click())
    assert _mentions_table(one).iloc[index]["geonameid"] == mention.place.geonameid
    assert not corrections_file.exists()


def test_not_a_place_correction_unresolves_the_mention(seed_layers) -> None:
    at = _run()
    index = _select_mention_with_alternatives(at, seed_layers)
    mention = seed_layers.mentions[index]
    _run(at.radio(key=f"choice-{SEED_ID}-{mention.start}").set_value(0))  # "Not a place"
    _run(at.button(key="save-correction").click())
    assert _mentions_table(at).iloc[index]["place"] == ""
    (listed,) = [_plain(c.value) for c in at.caption if "characters" in c.value]
    assert listed.startswith(f"“{mention.text}” (characters {mention.start}–{mention.end}) → not a place · ")


@pytest.mark.slow
def test_a_shared_correction_needs_a_name_and_reaches_every_visitor_with_who_and_when(
    seed_layers, corrections_file: Path, shared, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="frontline.app")
    one, two = _run(), _run()
    index = _select_mention_with_alternatives(one, seed_layers)
    mention = seed_layers.mentions[index]
    other = _choose_other_candidate(one, seed_layers, index)
    _run(one.button(key="save-correction").click())  # no name yet: refused, with the reason
    assert len(one.error) == 1 and "give your name" in _plain(one.error[0].value)
    assert not corrections_file.exists()
    name = "Ann [x](javascript:alert(1)) :red[big]"
    _run(one.text_input(key="author").input(name))
    _run(one.button(key="save-correction").click())
    (saved,) = CorrectionStore(corrections_file).get(SEED_ID)
    assert (saved.start, saved.end, saved.place_id, saved.author) == (mention.start, mention.end,
                                                                      str(other.geonameid), name)  # fmt: skip
    # Another visitor sees it on the map and in the tables, listed with who and when, escaped.
    _run(two)
    assert _mentions_table(two).iloc[index]["geonameid"] == other.geonameid and _on_map(two, other)
    (listed,) = [c.value for c in two.caption if "characters" in c.value]
    assert _plain(listed).endswith(f"→ {other.name} ({other.admin1}) · {name} · {saved.saved_at}")
    assert r"Ann \[x\]\(javascript\:alert\(1\)\) \:red\[big\]" in listed
    # That visitor undoes it from the list: gone for everyone, the file included.
    (undo,) = [b for b in two.button if b.key.startswith("undo-0-")]
    _run(undo.click())
    assert CorrectionStore(corrections_file).get(SEED_ID) == ()
    for at in (two, _run(one)):
        assert _mentions_table(at).iloc[index]["geonameid"] == mention.place.geonameid
        assert not [c for c in at.caption if "characters" in c.value]
    audit = [r.getMessage() for r in caplog.records if r.name == "frontline.app"]
    assert audit == [
        f"shared correction saved: article {SEED_ID!r}, mention {mention.text!r}, by {name!r}",
        f"shared correction undone: article {SEED_ID!r}, mention {mention.text!r}, by ''",
    ]


def test_a_corrupt_corrections_file_is_reported_not_used(corrections_file: Path, shared) -> None:
    corrections_file.write_text('{"format": "frontline-corrections/1", "articles": {"x": [', encoding="utf-8")
    at = _run()
    assert len(at.warning) == 1 and "moved aside" in _plain(at.warning[0].value)
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


@pytest.mark.slow
def test_two_sessions_correcting_the_same_article_keep_both(
    seed_layers, corrections_file: Path, shared
) -> None:
    ambiguous = [
        i for i, m in enumerate(seed_layers.mentions) if m.place is not None and len(m.candidates) > 1
    ]
    first, second = ambiguous[:2]
    one, two = _run(), _run()  # both sessions have the page open before either saves
    for at, index, name in ((one, first, "Ann"), (two, second, "Bo")):
        mention = seed_layers.mentions[index]
        _run(at.selectbox(key=f"mention-{SEED_ID}").set_value(index))
        _run(at.radio(key=f"choice-{SEED_ID}-{mention.start}").set_value(0))  # "Not a place"
        _run(at.text_input(key="author").input(name))
        _run(at.button(key="save-correction").click())
    saved = CorrectionStore(corrections_file).get(SEED_ID)
    assert {(c.start, c.author) for c in saved} == {
        (seed_layers.mentions[first].start, "Ann"),
        (seed_layers.mentions[second].start, "Bo"),
    }
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


@pytest.fixture()
def operator_folder(corpus_out: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The operator lists the folder holding the test corpus's output in $FRONTLINE_CORPORA."""
    monkeypatch.setenv(CORPORA_ENV, str(corpus_out.parent))
    return corpus_out.parent


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


@pytest.mark.slow
def test_a_corpus_output_opens_with_merged_events_and_their_sources(
    corpus_out: Path, corpus_layers, operator_folder: Path
) -> None:
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


@pytest.mark.slow
def test_corpus_type_and_date_filters_change_the_table_and_the_map(
    corpus_out: Path, corpus_layers, operator_folder: Path
) -> None:
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


@pytest.mark.slow
@pytest.mark.parametrize(
    "typed",
    [
        "/etc/shadow",
        "/etc",
        "../../etc",
        "/nonexistent/corpus-out",
        str(CORPUS_DATA / "empty.txt"),  # an existing file outside the data folders
        str(CORPUS_DATA),  # an existing folder of articles outside them
        "{out}",  # a real corpus output, but in no data folder
        "{out}/summary.json",
        "{out}/../../../../../../etc/passwd",
    ],
    ids=["shadow", "etc", "climb", "missing", "file", "folder", "output-outside", "its-file", "escape"],
)
def test_any_path_outside_the_data_folders_gets_the_same_neutral_message(
    typed: str, corpus_out: Path
) -> None:
    """Nothing tells whether the path exists or what it is; the message is text, not Markdown."""
    at = _open_corpus(typed.format(out=corpus_out))
    assert [e.value for e in at.error] == [escape_markdown(NOT_AN_OUTPUT)]
    assert not at.get("iframe")


@pytest.mark.slow
@pytest.mark.parametrize(
    "typed", ["{out}/summary.json", "{root}/no-such-run", "{root}", "{out}/../../etc", "  "]
)
def test_inside_the_data_folders_only_an_output_opens(
    typed: str, corpus_out: Path, operator_folder: Path
) -> None:
    """A file, a missing folder or a folder that is no output gets the same words; blank, a prompt."""
    at = _open_corpus(typed.format(out=corpus_out, root=operator_folder))
    if typed.strip():
        assert [_plain(e.value) for e in at.error] == [NOT_AN_OUTPUT]
    else:  # nothing typed yet: the prompt, not an error
        assert not at.error and "frontline corpus" in at.info[0].value
    assert not at.get("iframe")


@pytest.mark.slow
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
