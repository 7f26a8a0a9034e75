"""Frontline's dashboard: an article's (or a corpus's) places, events, route and front line on one map.

Run with ``streamlit run app.py``. Works offline: the map is the renderer's standalone HTML (Leaflet
inlined) embedded in an iframe. This file only wires widgets to library calls; errors the user can
fix become ``st.error`` messages, any other error a generic line (its traceback goes to the server's
log, never to the page). Every text from an article, a file or an error passes through
:func:`frontline.markup.escape_markdown` before Streamlit's Markdown sees it. Server folders are
read only under the data roots (``frontline.dashboard.corpus_view.data_roots``); corrections are per
session unless the operator shares them (``FRONTLINE_SHARED_CORRECTIONS=1``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import time
from pathlib import Path
from typing import TYPE_CHECKING

import streamlit as st

from frontline.dashboard.corpus_view import (
    CORPORA_ENV,
    control_lines_table,
    corpus_events_table,
    corpus_folder,
    corpus_stamp,
    data_roots,
    failures_table,
    find_corpora,
    summary_table,
)
from frontline.dashboard.highlight import ARTICLE_CSS, highlight_mentions
from frontline.dashboard.tables import correction_choices, events_table, mentions_table
from frontline.dashboard.upload import MAX_UPLOAD_BYTES, UPLOAD_TYPES, article_from_upload
from frontline.markup import escape_markdown
from geo.corrections import (
    MAX_AUTHOR_CHARS,
    Correction,
    CorrectionsError,
    CorrectionStore,
    SessionCorrectionStore,
    author_name,
    describe_correction,
    shared_corrections,
)
from geo.errors import FrontlineError, InputError
from geo.gazetteer import Gazetteer
from geo.geocoders import BACKENDS, get_geocoder
from layers import export
from layers.article import Article, article_from_text, load_article
from layers.corpus import load_corpus, read_corpus
from layers.filters import (
    LAYERS,
    EventFilter,
    date_bounds,
    date_window,
    event_types,
    filter_events,
    visible_layers,
)
from layers.pipeline import MapLayers, build_layers
from layers.render import build_map, render_html
from layers.style import BASEMAPS, DEFAULT_BASEMAP

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

    from geo.model import Mention

ROOT = Path(__file__).resolve().parent
SEEDS = ROOT / "seeds"
DEFAULT_SEED = "debaltseve-2015-02-18"
SOURCES = ("Seed article", "Paste text", "Upload a file", "Corpus output")
#: Beyond this many characters the highlighted text shows only the beginning (the map has it all).
SHOWN_TEXT_CHARS = 200_000
#: Streamlit's date picker defaults to the last ten years; news archives reach further back.
EARLIEST_PUBLICATION = dt.date(1900, 1, 1)
#: The page's only words about an unexpected error; the details are in the server's log.
UNEXPECTED = "Something went wrong while showing this page. The details are in the server's log."
Store = CorrectionStore | SessionCorrectionStore


def _server_log() -> logging.Logger:
    """Return the app's logger: INFO and above to the server's stderr, set up once per process."""
    log = logging.getLogger("frontline.app")
    if not log.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
    return log


LOG = _server_log()


@st.cache_resource(show_spinner="Opening the gazetteer…")
def gazetteer() -> Gazetteer:
    """Open the offline gazetteer once per server process; every session shares it."""
    return Gazetteer.open()


@st.cache_data(max_entries=16, show_spinner=False)
def map_layers(article: Article, backend: str, fixes: tuple[Correction, ...]) -> MapLayers:
    """Build the article's layers with a geocoder backend and corrections; cached per input."""
    geocoder = None if backend == "offline" else get_geocoder(backend, gazetteer=gazetteer())
    return build_layers(article, gazetteer(), geocoder=geocoder, corrections=fixes)


@st.cache_data(ttl=120, show_spinner="Asking the geocoder…")
def geocoder_problem(backend: str, probe: str) -> str:
    """Ask an online backend about one name (no cache, no fallback); return why it failed, or ""."""
    try:
        get_geocoder(backend, gazetteer=gazetteer(), fallback=False, cache=False).geocode(probe)
    except FrontlineError as err:
        return str(err)
    return ""


@st.cache_data(max_entries=64, show_spinner=False)
def map_html(key: str, _visible: MapLayers, basemap: str) -> str:
    """Render the offline map of the visible layers (identified by ``key``) as standalone HTML."""
    return render_html(build_map(_visible, basemap=basemap))


def choose_article(source: str) -> Article | None:
    """Sidebar: a seed, pasted text or an uploaded file; None while nothing is given yet."""
    if source == SOURCES[0]:
        seeds = sorted(p.name for p in SEEDS.iterdir() if (p / "article.txt").is_file())
        index = seeds.index(DEFAULT_SEED) if DEFAULT_SEED in seeds else 0
        name = st.sidebar.selectbox("Seed article", seeds, index=index, key="seed")
        return load_article(SEEDS / name) if name else None
    if source == SOURCES[1]:
        text = st.sidebar.text_area("Paste an article's text", height=220, key="pasted")
        published = choose_published()
        if not text:
            st.info("Paste an article's text in the sidebar to map it.")
            return None
        return article_from_text(text, published=published, title="Pasted text")
    upload = st.sidebar.file_uploader(
        f"A .txt or .html file (up to {MAX_UPLOAD_BYTES // 1_000_000} MB)",
        type=list(UPLOAD_TYPES),
        key="upload",
    )
    published = choose_published()
    if upload is None:
        st.info("Upload a .txt or .html article in the sidebar to map it.")
        return None
    return article_from_upload(upload.name, upload.getvalue(), published=published)


def choose_published() -> dt.date | None:
    """Sidebar: the publication date of a pasted or uploaded article (None: unknown)."""
    return st.sidebar.date_input(
        "Published (dates such as 'on Tuesday' count from it)", value=None, key="published",
        min_value=EARLIEST_PUBLICATION, max_value=dt.date.today() + dt.timedelta(days=1),
    )  # fmt: skip


def choose_filter(layers: MapLayers) -> tuple[EventFilter, tuple[str, ...], str]:
    """Sidebar: shown layers, event types, dates and basemap."""
    sidebar, aid = st.sidebar, layers.article.id
    sidebar.subheader("Map")
    shown = tuple(label for label in LAYERS if sidebar.checkbox(label, value=True, key=f"layer-{label}"))
    types = event_types(layers.events)
    chosen = sidebar.multiselect("Event types", types, default=types, key=f"types-{aid}")
    start = end = None
    bounds = date_bounds(layers.events)
    if bounds is not None:
        picked = sidebar.date_input(
            "Event dates", value=bounds, min_value=bounds[0], max_value=bounds[1], key=f"dates-{aid}"
        )
        start, end = date_window(picked, bounds)
    undated = sidebar.checkbox("Include undated events", value=True, key="undated")
    basemap = sidebar.selectbox(
        "Basemap", list(BASEMAPS), index=list(BASEMAPS).index(DEFAULT_BASEMAP), key="basemap"
    )
    criteria = EventFilter(types=frozenset(chosen), start=start, end=end, include_undated=undated)
    return criteria, shown, basemap


def compute_layers(article: Article, backend: str, fixes: tuple[Correction, ...]) -> MapLayers:
    """Build the layers, with progress shown the first time this session asks for this input.

    An online backend is only used when it answers: otherwise a warning says so and the offline
    layers are shown.
    """
    layers = _layers_with_progress(article, "offline", fixes)
    if backend == "offline" or not layers.mentions:
        return layers
    problem = geocoder_problem(backend, layers.mentions[0].text)
    if problem:
        message = f"The {backend} geocoder is unreachable ({problem}); places are resolved offline."
        st.warning(escape_markdown(message))
        return layers
    return _layers_with_progress(article, backend, fixes)


def _layers_with_progress(article: Article, backend: str, fixes: tuple[Correction, ...]) -> MapLayers:
    key = layers_key(article, backend, fixes)
    seen = st.session_state.setdefault("computed", set())
    if key in seen:
        return map_layers(article, backend, fixes)
    with st.status(f"Mapping {len(article.text):,} characters ({backend})…", expanded=False) as status:
        started = time.perf_counter()
        status.write("Finding places, resolving them and extracting events…")
        layers = map_layers(article, backend, fixes)
        status.update(
            label=f"Mapped {len(layers.mentions):,} place mentions and {len(layers.events):,} events "
            f"in {time.perf_counter() - started:.1f} s",
            state="complete",
        )
    seen.add(key)
    return layers


def layers_key(article: Article, backend: str, fixes: tuple[Correction, ...]) -> str:
    """Identify one pipeline input: the text, the article id, the backend and the corrections."""
    digest = hashlib.sha256(article.text.encode("utf-8", "surrogatepass"))
    digest.update(repr((article.id, article.published, backend, fixes)).encode())
    return digest.hexdigest()


def show_downloads(visible: MapLayers, html: str) -> None:
    """Buttons for the map as shown: standalone HTML, its layers as GeoJSON, its events as CSV."""
    stem = visible.article.id
    one, two, three = st.columns(3)
    one.download_button(
        "Map (HTML, offline)", lambda: html, f"{stem}-map.html", "text/html", on_click="ignore"
    )
    two.download_button("Layers (GeoJSON)", lambda: export.to_geojson(visible), f"{stem}.geojson",
                        "application/geo+json", on_click="ignore")  # fmt: skip
    three.download_button("Events (CSV)", lambda: export.to_csv(visible.events), f"{stem}-events.csv",
                          "text/csv", on_click="ignore")  # fmt: skip


def show_map(layers: MapLayers, input_key: str, alt: str) -> gpd.GeoDataFrame:
    """Show the sidebar filters, the map of what they keep and its downloads; return the kept events.

    ``input_key`` identifies the layers (an article's pipeline input, or a corpus output and its
    write time), so each view is rendered once.
    """
    criteria, shown, basemap = choose_filter(layers)
    visible = visible_layers(layers, shown, criteria)
    types = None if criteria.types is None else tuple(sorted(criteria.types))
    view_key = repr((input_key, shown, types, criteria.start, criteria.end, criteria.include_undated))
    html = map_html(view_key, visible, basemap)
    st.iframe(html, height=620, alt=alt)
    show_downloads(visible, html)
    events = filter_events(layers.events, criteria)
    st.subheader(f"Events: {len(events)} of {len(layers.events)}")
    return events


def show_places(layers: MapLayers, store: Store, fixes: tuple[Correction, ...]) -> None:
    """Show the article with its mentions highlighted, their resolutions, corrections and the form."""
    mentions, text = list(layers.mentions), layers.article.text
    corrected_keys = {c.key for c in fixes}
    corrected = {i for i, m in enumerate(mentions) if (m.start, m.end, m.text) in corrected_keys}
    st.subheader(f"Places: {len(mentions):,} mentions")
    left, right = st.columns([3, 2])
    with right:
        if not mentions:
            st.info("No place was found in this text.")
            selected = None
        else:
            selected = st.selectbox(
                "Mention", range(len(mentions)), key=f"mention-{layers.article.id}",
                format_func=lambda i: f"#{i} {mentions[i].text} → {_place_name(mentions[i])}",
            )  # fmt: skip
            correct(layers.article.id, mentions[selected], store, selected in corrected)
        st.dataframe(mentions_table(mentions), hide_index=True, height=320)
        show_corrections(layers.article.id, fixes, mentions, store)
    with left:
        shown = text if len(text) <= SHOWN_TEXT_CHARS else text[:SHOWN_TEXT_CHARS]
        if shown is not text:
            st.caption(f"Showing the first {SHOWN_TEXT_CHARS:,} of {len(text):,} characters.")
        body = highlight_mentions(shown, mentions, corrected=corrected, selected=selected)
        with st.container(height=520):
            st.html(f"<style>{ARTICLE_CSS}</style>{body}")


def _place_name(mention) -> str:
    place = mention.place
    return f"{place.name} ({place.admin1 or place.country or place.kind})" if place else "not resolved"


def correct(article_id: str, mention: Mention, store: Store, is_corrected: bool) -> None:
    """Pick another candidate (or "not a place") for one mention and save it (signed, when shared)."""
    options = correction_choices(mention)
    places = [place for place, _label in options]
    choice = st.radio(
        "Resolve it to", range(len(options)), index=places.index(mention.place),
        key=f"choice-{article_id}-{mention.start}", format_func=lambda i: escape_markdown(options[i][1]),
    )  # fmt: skip
    shared = isinstance(store, CorrectionStore)
    name = ""
    if shared:
        name = st.text_input("Your name (every visitor sees it with your correction)", key="author",
                             max_chars=MAX_AUTHOR_CHARS)  # fmt: skip
    save, undo = st.columns(2)
    if save.button("Save correction", key="save-correction", type="primary"):
        try:
            author = author_name(name) if shared else ""
        except InputError as err:
            st.error(escape_markdown(err))
            return
        store.save(article_id, Correction.for_mention(mention, places[choice], author))
        _audit(store, "saved", article_id, mention.text, author)
        st.rerun()
    if is_corrected and undo.button("Undo correction", key="undo-correction"):
        store.remove(article_id, mention.start, mention.end, mention.text)
        _audit(store, "undone", article_id, mention.text, name)
        st.rerun()


def show_corrections(
    article_id: str, fixes: tuple[Correction, ...], mentions: list[Mention], store: Store
) -> None:
    """List the article's corrections (what, who, when), each with a button that undoes it."""
    if not fixes:
        return
    shared = isinstance(store, CorrectionStore)
    st.markdown("**Corrections every visitor sees**" if shared else "**Your corrections** (this visit only)")
    for i, fix in enumerate(fixes):
        what, button = st.columns([5, 1], vertical_alignment="center")
        what.caption(escape_markdown(describe_correction(fix, mentions)))
        if button.button("Undo", key=f"undo-{i}-{fix.start}-{fix.end}"):
            store.remove(article_id, *fix.key)
            _audit(store, "undone", article_id, fix.text, st.session_state.get("author", ""))
            st.rerun()


def _audit(store: Store, what: str, article_id: str, text: str, name: str) -> None:
    """Log a change of the shared corrections on the server, with the name the visitor gave."""
    if isinstance(store, CorrectionStore):
        LOG.info("shared correction %s: article %r, mention %r, by %r", what, article_id, text, name)


def correction_store() -> Store:
    """Return the shared corrections file when the operator enabled it, else this session's store."""
    if shared_corrections():
        return CorrectionStore()  # cheap: the file is read under its lock on each use
    return SessionCorrectionStore(st.session_state.setdefault("corrections", {}))


@st.cache_data(max_entries=4, show_spinner="Opening the corpus output…")
def corpus_data(path: str, stamp: tuple[int, ...]) -> tuple[MapLayers, dict, object, object]:
    """Open a corpus output: layers, summary, failures, estimated lines (cached per folder and ``stamp``)."""
    corpus = read_corpus(path, mentions=False)
    return load_corpus(path), corpus.summary, corpus.failures, corpus.control_lines


def choose_corpus() -> Path | None:
    """Sidebar: a corpus output found under ``corpora/`` or ``$FRONTLINE_CORPORA``, or a typed path.

    A typed path must name an output inside the data roots; any other gets one neutral message.
    """
    found = [str(p) for p in find_corpora(ROOT)]
    picked = None
    if found:
        picked = st.sidebar.selectbox("Corpus outputs found", found, index=None, key="corpus-found",
                                      placeholder="Pick one, or type a folder below")  # fmt: skip
    typed = st.sidebar.text_input(
        "Corpus output folder", key="corpus-path", placeholder="the DIR of frontline corpus INPUT --out DIR",
        help=f"Outputs in corpora/ or in the folders of `{CORPORA_ENV}` are listed above; "
        "a typed folder must be inside one of those",
    )  # fmt: skip
    if not typed.strip() and not picked:
        st.info("Give the folder a `frontline corpus INPUT --out DIR` run wrote, in the sidebar.")
        return None
    return corpus_folder(typed if typed.strip() else picked, data_roots(ROOT), base=ROOT)


def show_corpus(path: Path) -> None:
    """Show a corpus: one map of the merged events, their sources, the run's summary and skips."""
    stamp = corpus_stamp(path)
    layers, summary, failures, lines = corpus_data(str(path), stamp)
    st.caption(escape_markdown(f"{layers.article.title} — {layers.article.text}"))
    events = show_map(layers, repr(("corpus", str(path), stamp)), "Map of the corpus's merged events")
    st.dataframe(corpus_events_table(events), hide_index=True)
    show_control_lines(control_lines_table(lines))
    left, right = st.columns([2, 3])
    left.subheader("Run")
    left.dataframe(summary_table(summary), hide_index=True)
    right.subheader(f"Skipped documents: {len(failures)}")
    right.dataframe(failures_table(failures), hide_index=True)
    st.info("A corpus has no single article text: mentions are highlighted and corrected per article "
            "(open one as a seed, paste or upload).")  # fmt: skip


def show_control_lines(table: pd.DataFrame) -> None:
    """Show the estimated line of each day or week: its evidence, its km from the imported line (charted)."""
    if table.empty:
        return
    st.subheader(f"Estimated front line: {len(table)} period(s)")
    km = table.dropna(subset=["km to imported line"])
    if not km.empty:
        st.line_chart(km.assign(date=km["date"].astype("datetime64[ns]")), x="date", y="km to imported line")
    st.dataframe(table, hide_index=True)


def main() -> None:
    """Lay out the page: sidebar choices, the map, downloads, events and places."""
    st.set_page_config(page_title="Frontline", page_icon="🗺️", layout="wide")
    st.title("Frontline")
    source = st.sidebar.radio("Source", SOURCES, key="source", horizontal=True)
    if source == SOURCES[3]:
        path = choose_corpus()
        if path is None:
            st.stop()
        show_corpus(path)
        return
    article = choose_article(source)
    if article is None:
        st.stop()
    backend = st.sidebar.selectbox(
        "Geocoder", BACKENDS, index=0, key="backend",
        help="offline uses the bundled GeoNames gazetteer; the others send place names to a web service",
    )  # fmt: skip
    store = correction_store()
    try:
        fixes = store.get(article.id)
    except CorrectionsError as err:
        st.warning(escape_markdown(err))
        fixes = ()
    layers = compute_layers(article, backend, fixes)
    meta = " · ".join(x for x in (article.outlet, article.published and article.published.isoformat()) if x)
    st.caption(escape_markdown(f"{article.title or article.id}" + (f" — {meta}" if meta else "")))
    alt = "Map of the article's places, events, route and front line"
    events = show_map(layers, layers_key(article, backend, fixes), alt)
    st.dataframe(events_table(events), hide_index=True)
    show_places(layers, store, fixes)


def run() -> None:
    """Run the page: an error becomes one escaped line; an unexpected one is logged, not shown."""
    try:
        main()
    except FrontlineError as err:
        st.error(escape_markdown(err))
    except Exception:  # noqa: BLE001 - the page shows a generic line; the traceback goes to the log
        LOG.exception("the dashboard failed")
        st.error(UNEXPECTED)


run()
