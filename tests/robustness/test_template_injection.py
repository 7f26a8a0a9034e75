"""No field of any input is ever evaluated as a template, or run as JavaScript, on its way to a map.

Every field that reaches a map carries a template payload (a Jinja expression, a statement, a
command through ``cycler.__init__.__globals__.os.popen``, unbalanced delimiters), HTML and
JavaScript, tagged with the field's name. The real command line (``frontline export``, ``events``,
``corpus``) maps an article folder, front-line files and a JSON Lines corpus carrying them; then:

* no evaluation: the expression's value, the statement's output and the command's file never appear;
* no execution: the pages are opened in Chromium with every popup and tooltip shown, and nothing
  ran (``window.__pwned`` unset, no dialog, no dangerous link, no injected element);
* inert text: the popups and tooltips show each visible field's payload verbatim, and the GeoJSON
  export carries every field's payload verbatim.
"""

from __future__ import annotations

import json
import re
from html import unescape as html_unescape
from pathlib import Path

import pytest

from tests.robustness.checks import exploit_problems, offline_context, open_hostile_map, record
from tests.robustness.runner import Runner

pytestmark = pytest.mark.slow

SEED = Path(__file__).resolve().parents[2] / "seeds" / "debaltseve-2015-02-18"
EXPRESSION, EVALUATED = "{{ 'pw' ~ 'ned' ~ 7*7 }}", "pwned49"
STATEMENT, LOOPED = "{% for i in range(3) %}loop{{ i }}{% endfor %}", "loop0loop1"


def payload(field: str, sentinel: Path, limit: int = 10_000) -> str:
    """The hostile value of one field: template, command, HTML and JavaScript, tagged with the field.

    Fields with a length limit (ids 255 characters, names 300) get the parts that fit, always the
    tag, the expression and the statement.
    """
    parts = [
        f"[{field}]",
        EXPRESSION,
        STATEMENT,
        f"<img src=x onerror=\"window.__pwned='{field}'\">",
        "{% {#",
        f"{{{{ cycler.__init__.__globals__.os.popen('touch {sentinel}').read() }}}}",
        f"</script><script>window.__pwned='{field}'</script>",
        f"\"-(window.__pwned='{field}')-\"",
    ]
    while len(" ".join(parts)) > limit:
        parts.pop()
    return " ".join(parts)


#: Fields with a length limit: ids, names, actors and outlets.
SHORT = 255


def _yaml(value: str) -> str:
    return json.dumps(value)  # a JSON string is a YAML double-quoted scalar


def _toml(value: str) -> str:
    return json.dumps(value)  # and a TOML basic string, for these characters


#: Fields a reader sees in a popup or tooltip (the others travel in the exports and the tables).
SHOWN = {
    "article": ["outlet", "sentence", "actor1", "actor2", "notes", "route-name", "route-quote"],
    "front-geojson": ["fl-name", "fl-side", "fl-source", "fl-licence", "fl-attribution"],
    "front-kml": ["kml-name", "kml-side", "kml-source", "kml-licence", "kml-attribution"],
    "corpus": ["c-outlet", "c-sentence"],
}


def write_article(folder: Path, sentinel: Path) -> Path:
    """An article folder whose metadata, text, events and route carry payloads in every field."""
    p = lambda field, limit=10_000: payload(field, sentinel, limit)  # noqa: E731
    folder.mkdir(parents=True)
    sentence = f"Rebels shelled Debaltseve on Tuesday {p('sentence')}, killing two soldiers."
    route_quote = "Troops retreated from Debaltseve to Luhanske and on to Artemivsk."
    text = f"{sentence}\n\n{route_quote} {p('route-quote')}\n\nShelling hit Mariupol. {p('text')}\n"
    (folder / "article.txt").write_text(text, encoding="utf-8")
    meta = {"title": p("title"), "outlet": p("outlet", SHORT), "url": p("url"), "note": p("note")}
    (folder / "article.toml").write_text(
        "".join(f"{k} = {_toml(v)}\n" for k, v in meta.items()) + "published = 2015-02-18\n", encoding="utf-8"
    )
    (folder / "events.yaml").write_text(
        f"""events:
  - id: {_yaml(p("id", SHORT))}
    event_type: Explosions/Remote violence
    sub_event_type: Shelling/artillery/missile attack
    actor1: {_yaml(p("actor1", SHORT))}
    actor2: {_yaml(p("actor2", SHORT))}
    place: Debaltseve
    geonameid: 710229
    geo_precision: 1
    when: Tuesday
    quote: {_yaml(sentence)}
    fatalities: 2
    notes: {_yaml(p("notes"))}
""",
        encoding="utf-8",
    )
    (folder / "routes.yaml").write_text(
        f"""routes:
  - id: {_yaml(p("route-id", SHORT))}
    name: {_yaml(p("route-name", SHORT))}
    waypoints:
      - {{place: Debaltseve, geonameid: 710229}}
      - {{place: Luhanske, geonameid: 702684}}
      - {{place: Artemivsk, geonameid: 713174}}
    when: Wednesday
    quote: {_yaml(route_quote + " " + p("route-quote"))}
    notes: {_yaml(p("route-notes"))}
""",
        encoding="utf-8",
    )
    return folder


def write_front_lines(folder: Path, sentinel: Path) -> tuple[Path, Path]:
    """A GeoJSON and a KML front line whose every property carries a payload."""
    p = lambda field, limit=10_000: payload(field, sentinel, limit)  # noqa: E731
    props = {f: p(f"fl-{f}") for f in ("name", "side", "source", "licence", "attribution")}
    geojson = folder / "front.geojson"
    geojson.write_text(json.dumps({"type": "FeatureCollection", "features": [{
        "type": "Feature",
        "properties": {**props, "valid_from": "2015-02-01", "valid_to": "2015-02-28", "status": "claimed"},
        "geometry": {"type": "LineString", "coordinates": [[38.0, 48.2], [38.2, 48.3], [38.5, 48.4]]},
    }]}), encoding="utf-8")  # fmt: skip
    from xml.sax.saxutils import escape

    data = "".join(
        f'<Data name="{f}"><value>{escape(p(f"kml-{f}"))}</value></Data>'
        for f in ("side", "source", "licence", "attribution")
    )
    kml = folder / "front.kml"
    kml.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>'
        f"<Placemark><name>{escape(p('kml-name'))}</name>"
        "<TimeSpan><begin>2015-02-01</begin><end>2015-02-28</end></TimeSpan>"
        f"<ExtendedData>{data}</ExtendedData>"
        "<LineString><coordinates>38.0,48.2 38.2,48.3 38.5,48.4</coordinates></LineString>"
        "</Placemark></Document></kml>",
        encoding="utf-8",
    )
    return geojson, kml


def write_corpus(path: Path, sentinel: Path) -> Path:
    """A JSON Lines corpus whose documents carry payloads in every field."""
    p = lambda field, limit=10_000: payload(field, sentinel, limit)  # noqa: E731
    docs = [
        {"id": p("c-id", SHORT), "title": p("c-title"), "outlet": p("c-outlet", SHORT), "url": p("c-url"),
         "published": "2015-02-19", "text": f"Rebels shelled Shyrokyne on Wednesday {p('c-sentence')}."},
        {"id": "plain", "outlet": "Wire", "published": "2015-02-19",
         "text": "Ukrainian troops who withdrew from Debaltseve reached Artemivsk on Wednesday."},
    ]  # fmt: skip
    path.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def produced(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Every hostile input through the real command line: maps, exports and the sentinel's path."""
    root = tmp_path_factory.mktemp("templates")
    sentinel = root / "template-was-evaluated"
    article = write_article(root / "article", sentinel)
    geojson, kml = write_front_lines(root, sentinel)
    corpus = write_corpus(root / "corpus.jsonl", sentinel)
    maps = {name: root / f"{name}.html" for name in SHOWN}
    runs = {
        "article": ["export", str(article), "--out", str(maps["article"])],
        "front-geojson": ["export", str(article), "--front-line", str(geojson), "--out",
                          str(maps["front-geojson"])],
        "front-kml": ["export", str(article), "--front-line", str(kml), "--out", str(maps["front-kml"])],
        "events": ["events", str(article), "--format", "geojson"],
        "extracted": ["events", str(article), "--format", "geojson", "--extracted"],
        "corpus-run": ["corpus", str(corpus), "--out", str(root / "corpus-out"), "--workers", "1"],
        "corpus": ["export", str(root / "corpus-out"), "--out", str(maps["corpus"])],
    }  # fmt: skip
    with Runner(timeout=300) as runner:
        outcomes = {name: runner.run(argv) for name, argv in runs.items()}
    return {"outcomes": outcomes, "maps": maps, "sentinel": sentinel}


def test_every_hostile_field_is_mapped_cleanly(produced) -> None:
    problems = {n: o for n, o in produced["outcomes"].items() if not (o.clean and o.status == 0)}
    assert problems == {}


def test_no_field_is_evaluated_as_a_template(produced) -> None:
    outputs = [path.read_text(encoding="utf-8") for path in produced["maps"].values()]
    outputs += [o.stdout for o in produced["outcomes"].values()]
    evaluated = sum(EVALUATED in out or LOOPED in out for out in outputs)
    record("templates", tried=len(outputs), evaluations=evaluated + produced["sentinel"].exists())
    assert evaluated == 0
    assert not produced["sentinel"].exists(), "a template ran a shell command"


def test_the_exports_carry_every_payload_verbatim(produced) -> None:
    collection = json.loads(produced["outcomes"]["events"].stdout)
    props = json.dumps([f["properties"] for f in collection["features"]], ensure_ascii=False)
    for field in ("actor1", "actor2", "notes", "sentence", "outlet"):
        assert f"[{field}] {EXPRESSION} {STATEMENT}" in props, field
    extracted = json.loads(produced["outcomes"]["extracted"].stdout)["features"]
    assert any(f"[sentence] {EXPRESSION} {STATEMENT}" in f["properties"]["quote"] for f in extracted)


def _popup_texts(page) -> list[str]:
    """The text of every feature's popup as a reader sees it, each opened in turn (one is open at a time)."""
    return page.evaluate("""() => {
        const texts = [];
        Object.values(frontline.layers).forEach(entry => entry.features.forEach(layer => {
            if (!layer.getPopup || !layer.getPopup()) return;
            layer.openPopup();
            const shown = layer.getPopup()._contentNode;  // a closing popup lingers while it fades
            if (shown) texts.push(shown.innerText);
        }));
        return texts;
    }""")


@pytest.mark.browser
def test_no_payload_runs_and_each_shows_as_text(produced, browser) -> None:
    problems, missing = {}, {}
    for name, path in produced["maps"].items():
        context = offline_context(browser)
        try:
            page = context.new_page()
            problems[name] = exploit_problems(open_hostile_map(page, path))
            shown = "\n".join(page.locator(".leaflet-tooltip").all_inner_texts() + _popup_texts(page))
        finally:
            context.close()
        missing[name] = [f for f in SHOWN[name] if f"[{f}] {EXPRESSION} {STATEMENT}" not in shown]
    record("templates-maps", tried=len(problems), executions=sum(len(p) for p in problems.values()))
    assert problems == dict.fromkeys(problems, [])
    assert missing == dict.fromkeys(missing, [])


def test_the_dashboard_never_evaluates_pasted_text(tmp_path, monkeypatch) -> None:
    """The dashboard's "Paste text" box: the map it shows, and every element of the page."""
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("FRONTLINE_CORRECTIONS", str(tmp_path / "corrections.json"))
    sentinel = tmp_path / "template-was-evaluated"
    text = f"Rebels shelled Debaltseve on Tuesday {payload('pasted', sentinel)}, killing two soldiers."
    at = AppTest.from_file(str(SEED.parents[1] / "app.py"), default_timeout=120).run()
    at.sidebar.radio(key="source").set_value("Paste text").run()
    at.sidebar.text_area(key="pasted").input(text).run()
    assert not at.exception and not at.error
    (frame,) = at.get("iframe")
    html = frame.proto.srcdoc
    page = [str(element.proto) for element in at.main] + [html]
    evaluated = sum(EVALUATED in part or LOOPED in part for part in page)
    record("templates-dashboard", tried=1, evaluations=evaluated + sentinel.exists())
    assert evaluated == 0 and not sentinel.exists()
    # In the map's data, as escaped text: the popups hold it, HTML-escaped, inside inert JSON.
    data = [json.loads(m) for m in re.findall(r'frontline\.addFeatures\(\w+, "Events", (\{.*?\})\);\n', html)]
    popups = [html_unescape(f["properties"]["_popup"]) for d in data for f in d["features"]]
    assert any(f"[pasted] {EXPRESSION} {STATEMENT}" in popup for popup in popups), popups
