"""The curated files' schema: every real file validates; every bad field is refused in one line.

The tables below give a file's text and a fragment of the refusal. Files are written into a
temporary folder and read by the real loaders (``load_article``, ``load_events``,
``load_routes``), so the limits of ``geo.limits`` and the schema are checked together.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from geo.errors import AnnotationError, InputError
from geo.limits import loads_toml, loads_yaml
from layers.article import load_article
from layers.curated import load_events, load_routes
from layers.events import Count
from layers.schema import MAX_COUNT, EventsFile, article_meta, casualties, events_file, problem, routes_file

ROOT = Path(__file__).resolve().parents[2]
ARTICLE_FILES = sorted(ROOT.glob("seeds/*/article.toml")) + sorted(
    ROOT.glob("tests/robustness/hostile/*/article.toml")
)
EVENT_FILES = sorted(ROOT.glob("seeds/*/events.yaml")) + sorted(
    ROOT.glob("tests/robustness/hostile/*/events.yaml")
)
ROUTE_FILES = sorted(ROOT.glob("seeds/*/routes.yaml"))

# One valid event of the seed article (deb-13), written as an annotator would.
EVENT = """\
events:
  - id: e1
    event_type: Battles
    sub_event_type: Armed clash
    place: Mariupol
    geonameid: 701822
    geo_precision: 2
    when: on Wednesday afternoon
    quote: "fighting reportedly continued on Wednesday afternoon near the coastal city of Mariupol"
"""
# The seed's retreat route, shortened.
ROUTE = """\
routes:
  - id: r1
    waypoints:
      - {place: Debaltseve, geonameid: 710229}
      - {place: Luhanske, geonameid: 702684}
    quote: "a deadly 10-mile stretch of highway out of Debaltseve"
    stated_legs:
      - {from: Debaltseve, to: Luhanske, miles: 10}
"""
ARTICLE = 'title = "T"\npublished = 2015-02-18\n'


def _with(base: str, old: str, new: str) -> str:
    """``base`` with one line replaced (the tables' rows stay one line each)."""
    assert old in base, old
    return base.replace(old, new)


def _add(base: str, line: str) -> str:
    """``base`` with one more line in its first entry."""
    return base + f"    {line}\n"


# ------------------------------------------------------------------------------------------
# The repository's own files
# ------------------------------------------------------------------------------------------


def test_the_repositorys_files_are_found() -> None:
    assert len(ARTICLE_FILES) >= 4 and len(EVENT_FILES) >= 2 and ROUTE_FILES


@pytest.mark.parametrize("path", ARTICLE_FILES, ids=lambda p: p.parent.name)
def test_every_article_toml_validates(path: Path) -> None:
    raw = loads_toml(path.read_text(encoding="utf-8"), str(path))
    meta = article_meta(raw, str(path))
    assert meta.title == raw["title"] and meta.published == raw["published"]
    assert meta.country_focus == tuple(raw.get("country_focus", ()))


@pytest.mark.parametrize("path", EVENT_FILES, ids=lambda p: p.parent.name)
def test_every_events_yaml_validates(path: Path) -> None:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    checked = events_file(loads_yaml(path.read_text(encoding="utf-8"), str(path)), str(path))
    assert [e.id for e in checked.events] == [e["id"] for e in raw["events"]]
    assert [e.quote for e in checked.events] == [e["quote"] for e in raw["events"]]
    assert len(checked.not_coded or ()) == len(raw.get("not_coded") or ())


@pytest.mark.parametrize("path", ROUTE_FILES, ids=lambda p: p.parent.name)
def test_every_routes_yaml_validates(path: Path) -> None:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    checked = routes_file(loads_yaml(path.read_text(encoding="utf-8"), str(path)), str(path))
    assert [[w.place for w in r.waypoints] for r in checked.routes] == [
        [w["place"] for w in r["waypoints"]] for r in raw["routes"]
    ]
    assert checked.routes[0].stated_legs[0].from_ == raw["routes"][0]["stated_legs"][0]["from"]


def test_the_seed_loads_as_before(seed_dir, article, gazetteer, mentions) -> None:
    """The seed's counts, dates and country focus come through the schema unchanged."""
    assert article.country_focus == ("UA",) and article.published == dt.date(2015, 2, 18)
    events = {
        e.event_id: e for e in load_events(seed_dir / "events.yaml", article, gazetteer, mentions=mentions)
    }
    assert events["deb-04"].fatalities == Count(22, 22, 22) and events["deb-04"].wounded == Count(
        150, 150, None
    )
    assert events["deb-05"].fatalities == Count(23, 23, None) and events["deb-01"].fatalities == Count()
    assert events["deb-11"].geo_precision == 3 and events["deb-13"].notes == ""
    (route,) = load_routes(seed_dir / "routes.yaml", article, gazetteer, mentions=mentions)
    assert route.checks[0].stated_mi == 10.0 and route.name == "Retreat from Debaltseve"


# ------------------------------------------------------------------------------------------
# events.yaml
# ------------------------------------------------------------------------------------------

EVENT_REFUSALS = [
    (
        _add(EVENT, "fatalities: -1"),
        "event e1, fatalities: must be a non-negative integer up to 1,000,000, not -1",
    ),
    (_add(EVENT, f"fatalities: {MAX_COUNT + 1}"), "fatalities: must be a non-negative integer"),
    (_add(EVENT, "fatalities: 2.5"), "fatalities: must be a non-negative integer"),
    (_add(EVENT, "fatalities: '22'"), "fatalities: must be a non-negative integer up to 1,000,000, not '22'"),
    (_add(EVENT, "fatalities: true"), "fatalities: must be a non-negative integer up to 1,000,000, not true"),
    (_add(EVENT, "fatalities: .nan"), "a number must be finite"),
    (_add(EVENT, "fatalities: 1.0e+400"), "a number must be finite"),
    (_add(EVENT, "fatalities: " + "9" * 5000), "an integer of more than 20 digits"),
    (_add(EVENT, "wounded: {best: -2}"), "event e1, wounded, best: must be a non-negative integer"),
    (_add(EVENT, "wounded: {low: 5, high: 2}"), "wounded: casualty low 5 exceeds high 2"),
    (_add(EVENT, "wounded: {best: 9, low: 1, high: 3}"), "wounded: casualty best 9 lies outside low … high"),
    (_add(EVENT, "wounded: {most: 3}"), "event e1, wounded: unknown key 'most'"),
    (_add(EVENT, "wounded: [1, 2]"), "wounded: must be a non-negative integer up to 1,000,000, not a list"),
    (_add(EVENT, "geo_precision: 5"), "event e1, geo_precision: must be 1, 2 or 3, not 5"),
    (_with(EVENT, "geo_precision: 2", "geo_precision: true"), "geo_precision: must be 1, 2 or 3, not true"),
    (_add(EVENT, "confidence: 1.5"), "event e1, confidence: must be at most 1"),
    (_add(EVENT, "confidence: yes"), "confidence: must be a number, not true/false"),
    (_add(EVENT, "colour: red"), "event e1: unknown key 'colour'"),
    (_with(EVENT, "    place: Mariupol\n", ""), "event e1: missing place"),
    (
        _with(EVENT, "place: Mariupol", "place: [Mariupol, Donetsk]"),
        "event e1, place: must be text, not a list",
    ),
    (_with(EVENT, "place: Mariupol", "place: {name: Mariupol}"), "place: must be text, not a mapping"),
    (_with(EVENT, "place: Mariupol", "place: ' '"), "event e1, place: must not be blank"),
    (
        _with(EVENT, "geonameid: 701822", "geonameid: '701822'"),
        "event e1, geonameid: must be an integer, not text",
    ),
    (_with(EVENT, "geonameid: 701822", "geonameid: -4"), "geonameid: must be at least 1, not -4"),
    (
        _with(EVENT, "geonameid: 701822", "geonameid: 99999999999"),
        "geonameid: must be at most 10,000,000,000",
    ),
    (
        _with(EVENT, 'quote: "fighting', 'quote: "' + "x" * 5001 + '"\n    notes: "'),
        "longer than 5,000 characters",
    ),
    (
        _with(EVENT, "when: on Wednesday afternoon", "when: '99999-01-01'"),
        "when: '99999-01-01': the year is outside",
    ),
    (
        _with(EVENT, "when: on Wednesday afternoon", "when: '2300-01-01'"),
        "when: 2300-01-01 is outside 1800-01-01",
    ),
    (_with(EVENT, "when: on Wednesday afternoon", "when: 1700-01-01"), "1700-01-01 is outside 1800-01-01"),
    (
        _with(EVENT, "when: on Wednesday afternoon", "when: '2015-02-30'"),
        "event e1, when: '2015-02-30' is not a valid",
    ),
    (_with(EVENT, "when: on Wednesday afternoon", "when: 2015"), "when: must be a date or an expression"),
    (
        _with(EVENT, "when: on Wednesday afternoon", "when: [Tuesday]"),
        "when: must be a date or an expression",
    ),
    (_with(EVENT, "id: e1", "id: {a: 1}"), "event 1, id: must be text or an integer, not a mapping"),
    (_with(EVENT, "id: e1", 'id: "a\\nb"'), "event 1, id: must be one line"),
    (_with(EVENT, "id: e1", "id: " + "i" * 300), "event 1, id: is longer than 255 characters"),
    (_add(EVENT, "actor1: [a, b]"), "event e1, actor1: must be text, not a list"),
    (_add(EVENT, "notes: " + "n" * 5001), "event e1, notes: is longer than 5,000 characters"),
    ("events: 3\n", "events.yaml, events: must be a list, not an integer"),
    ("events: {id: e1}\n", "events: must be a list, not a mapping"),
    ("- 3\n", "events.yaml: expected a mapping with a list under 'events', not a list"),
    ("", "events.yaml: the file is empty"),
    ("events:\n  - 3\n", "events.yaml, event 1: must be a mapping, not an integer"),
    ("not_coded: []\n", "events.yaml: missing events"),
    (EVENT + "extra: 1\n", "events.yaml: unknown key 'extra'"),
    (EVENT + "not_coded:\n  - quote: x\n", "events.yaml, not_coded entry 1: missing reason"),
    (EVENT + "not_coded: [5]\n", "not_coded entry 1: must be a mapping, not an integer"),
    ("events:\n  - notes: " + "[" * 50 + "]" * 50 + "\n", "nests deeper than 32 levels"),
    ("a: &a [1]\nevents: *a\n", "aliases"),
]


@pytest.mark.parametrize(("text", "message"), EVENT_REFUSALS)
def test_event_refusals(tmp_path, article, gazetteer, mentions, text: str, message: str) -> None:
    path = tmp_path / "events.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(AnnotationError) as info:
        load_events(path, article, gazetteer, mentions=mentions)
    line = str(info.value)
    assert message in line and line.startswith(str(path)) and "\n" not in line
    assert "pydantic" not in line and "Input should" not in line


def test_several_problems_are_counted_on_the_one_line(tmp_path, article, gazetteer, mentions) -> None:
    path = tmp_path / "events.yaml"
    path.write_text(_add(_add(EVENT, "fatalities: -1"), "wounded: -2"), encoding="utf-8")
    with pytest.raises(AnnotationError, match=r"fatalities: .* \(and 1 more problem\)$"):
        load_events(path, article, gazetteer, mentions=mentions)


EVENT_FORMS = [
    (EVENT, {"when": dt.date(2015, 2, 18), "fatalities": Count(), "actor1": "", "confidence": 1.0}),
    (_with(EVENT, "id: e1", "id: 7"), {"event_id": "7"}),
    (_with(EVENT, "when: on Wednesday afternoon", "when: 2015-02-17"), {"when": dt.date(2015, 2, 17)}),
    (_with(EVENT, "when: on Wednesday afternoon", "when: '2015-02-16'"), {"when": dt.date(2015, 2, 16)}),
    (_with(EVENT, "when: on Wednesday afternoon", "when: '2015-02'"), {"when": dt.date(2015, 2, 14)}),
    (_add(EVENT, "fatalities: 0"), {"fatalities": Count(0, 0, 0)}),
    (_add(EVENT, f"fatalities: {MAX_COUNT}"), {"fatalities": Count(MAX_COUNT, MAX_COUNT, MAX_COUNT)}),
    (_add(EVENT, "wounded: {best: 3, low: null, high: 9}"), {"wounded": Count(3, None, 9)}),
    (_add(EVENT, "wounded: {}"), {"wounded": Count()}),
    (_add(EVENT, "wounded: null"), {"wounded": Count()}),
    (_add(EVENT, "actor1: null"), {"actor1": ""}),
    (_add(EVENT, "notes: null"), {"notes": ""}),
    (_add(EVENT, "confidence: 0"), {"confidence": 0.0}),
    (EVENT + "not_coded: null\n", {"event_id": "e1"}),
]


@pytest.mark.parametrize(("text", "expected"), EVENT_FORMS)
def test_event_forms_accepted(tmp_path, article, gazetteer, mentions, text: str, expected: dict) -> None:
    path = tmp_path / "events.yaml"
    path.write_text(text, encoding="utf-8")
    (event,) = load_events(path, article, gazetteer, mentions=mentions)
    got = {k: (event.when.date if k == "when" else getattr(event, k)) for k in expected}
    assert got == expected


# ------------------------------------------------------------------------------------------
# routes.yaml
# ------------------------------------------------------------------------------------------

ROUTE_REFUSALS = [
    (
        _with(ROUTE, "miles: 10", "miles: -1"),
        "route r1, stated leg 1, miles: must be a positive number, not -1",
    ),
    (_with(ROUTE, "miles: 10", "miles: .nan"), "a number must be finite"),
    (_with(ROUTE, "miles: 10", "miles: ten"), "stated leg 1, miles: must be a number, not text"),
    (_with(ROUTE, "miles: 10", "miles: 30000"), "miles: must be at most 25,000"),
    (_with(ROUTE, "miles: 10}", "miles: 10, by: road}"), "route r1, stated leg 1: unknown key 'by'"),
    (_with(ROUTE, "{from: Debaltseve, to", "{to"), "route r1, stated leg 1: missing from"),
    (
        _with(ROUTE, "geonameid: 702684", "geonameid: 7.5"),
        "route r1, waypoint 2, geonameid: must be an integer",
    ),
    (_with(ROUTE, "geonameid: 702684", "geonameid: " + "7" * 5000), "an integer of more than 20 digits"),
    (
        _with(ROUTE, "{place: Luhanske, geonameid: 702684}", "Luhanske"),
        "route r1, waypoint 2: must be a mapping, not text",
    ),
    (
        _with(ROUTE, "      - {place: Luhanske, geonameid: 702684}\n", ""),
        "route r1, waypoints: a route needs at least two",
    ),
    (
        "routes:\n  - id: r1\n    waypoints: Debaltseve\n    quote: q\n",
        "route r1, waypoints: must be a list, not text",
    ),
    (_add(ROUTE, "when: '99999-01-01'"), "route r1, when: '99999-01-01': the year is outside"),
    (_add(ROUTE, "when: 0001-01-01"), "0001-01-01 is outside 1800-01-01"),
    (_add(ROUTE, "name: [a]"), "route r1, name: must be text, not a list"),
    (
        _with(ROUTE, '    quote: "a deadly 10-mile stretch of highway out of Debaltseve"\n', ""),
        "route r1: missing quote",
    ),
    ("routes:\n  - " + "[" * 40 + "]" * 40 + "\n", "nests deeper than 32 levels"),
    ("routes: []\nevents: []\n", "routes.yaml: unknown key 'events'"),
]


@pytest.mark.parametrize(("text", "message"), ROUTE_REFUSALS)
def test_route_refusals(tmp_path, article, gazetteer, mentions, text: str, message: str) -> None:
    path = tmp_path / "routes.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(AnnotationError) as info:
        load_routes(path, article, gazetteer, mentions=mentions)
    line = str(info.value)
    assert message in line and line.startswith(str(path)) and "\n" not in line


def test_route_forms_accepted(tmp_path, article, gazetteer, mentions) -> None:
    path = tmp_path / "routes.yaml"
    path.write_text(
        _with(ROUTE, "id: r1", "id: 12") + "    when: 2015-02-18\n    notes: null\n", encoding="utf-8"
    )
    (route,) = load_routes(path, article, gazetteer, mentions=mentions)
    assert (route.route_id, route.name, route.when.date, route.notes) == (
        "12",
        "12",
        dt.date(2015, 2, 18),
        "",
    )
    assert route.checks[0].stated_mi == 10.0 and route.checks[0].quote == ""


# ------------------------------------------------------------------------------------------
# article.toml
# ------------------------------------------------------------------------------------------

ARTICLE_REFUSALS = [
    (
        ARTICLE + "country_focus = 5\n",
        "article.toml, country_focus: must be a two-letter country code or a list",
    ),
    (
        ARTICLE + 'country_focus = ["UKR"]\n',
        "country_focus: a country code is two letters (ISO 3166, e.g. 'UA'), not 'UKR'",
    ),
    (ARTICLE + 'country_focus = ["UA", ["RU"]]\n', "country_focus: a country code is two letters"),
    (
        ARTICLE + "country_focus = [" + '"UA", ' * 51 + "]\n",
        "country_focus: lists more than 50 country codes",
    ),
    ("title = 5\n", "article.toml, title: must be text, not an integer"),
    ('title = ["a"]\n', "article.toml, title: must be text, not a list"),
    ("title = " + "1" * 5000 + "\n", "an integer of more than 20 digits"),
    ('title = "' + "t" * 1001 + '"\n', "article.toml, title: is longer than 1,000 characters"),
    ("published = " + "2" * 5000 + "\n", "an integer of more than 20 digits"),
    (
        "published = 0001-01-01\n",
        "article.toml, published: 0001-01-01 is outside 1800-01-01 … 2199-12-31",
    ),
    ("published = 2300-01-01\n", "2300-01-01 is outside 1800-01-01"),
    ('published = "99999-01-01"\n', "article.toml, published date: '99999-01-01': the year is outside"),
    ('published = "18/02/2015"\n', "published date: '18/02/2015' is not an ISO date"),
    ("published = 2015\n", "article.toml, published date: must be a date (YYYY-MM-DD), not an integer"),
    ("published = 12:00:00\n", "published date: must be a date (YYYY-MM-DD), not time"),
    ("published = nan\n", "a number must be finite"),
    ("title = " + "[" * 50 + "]" * 50 + "\n", "nests deeper than 32 levels"),
    ('colour = "red"\n', "article.toml: unknown key 'colour'"),
    ("[table]\nx = 1\n", "article.toml: unknown key 'table'"),
    ('url = "' + "u" * 2049 + '"\n', "article.toml, url: is longer than 2,048 characters"),
    ('outlet = "a\\nb"\n', "article.toml, outlet: must be one line"),
    ("title = ", "article.toml is not valid TOML"),
]


@pytest.mark.parametrize(("text", "message"), ARTICLE_REFUSALS)
def test_article_refusals(tmp_path, text: str, message: str) -> None:
    (tmp_path / "article.txt").write_text("Shelling near Mariupol on Tuesday.", encoding="utf-8")
    (tmp_path / "article.toml").write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_article(tmp_path)
    line = str(info.value)
    assert message in line and line.startswith(str(tmp_path / "article.toml")) and "\n" not in line


@pytest.mark.parametrize(
    ("text", "focus"),
    [('country_focus = "UA"\n', ("UA",)), ('country_focus = ["ua", "Ru"]\n', ("UA", "RU")), ("", ())],
)
def test_country_focus_forms(tmp_path, text: str, focus: tuple[str, ...]) -> None:
    """A lone code is one code (not its letters); codes are upper-cased."""
    (tmp_path / "article.txt").write_text("Shelling near Mariupol.", encoding="utf-8")
    (tmp_path / "article.toml").write_text(ARTICLE + text, encoding="utf-8")
    assert load_article(tmp_path).country_focus == focus


def test_a_large_article_toml_is_refused_before_parsing(tmp_path) -> None:
    (tmp_path / "article.txt").write_text("Shelling near Mariupol.", encoding="utf-8")
    (tmp_path / "article.toml").write_text('note = "' + "n" * 3_000_000 + '"\n', encoding="utf-8")
    with pytest.raises(
        InputError, match=r"article\.toml is 3,000,010 bytes; article\.toml is limited to 100,000"
    ):
        load_article(tmp_path)


def test_a_large_events_yaml_is_refused_before_parsing(tmp_path, article, gazetteer, mentions) -> None:
    path = tmp_path / "events.yaml"
    path.write_text("events: []\n#" + "x" * 3_000_000 + "\n", encoding="utf-8")
    with pytest.raises(AnnotationError, match=r"events\.yaml: 3\.0 MB, larger than 2 MB"):
        load_events(path, article, gazetteer, mentions=mentions)


def test_the_hostile_curated_folder_still_loads(tmp_path, gazetteer) -> None:
    """Markup in every text field is accepted as text (the renderer escapes it)."""
    folder = tmp_path / "curated"
    shutil.copytree(ROOT / "tests/robustness/hostile/curated_events", folder)
    article = load_article(folder)
    (event,) = load_events(folder / "events.yaml", article, gazetteer)
    assert article.url.strip().lower().startswith("javascript:") and "<script>" in event.event_id
    assert event.fatalities == Count(2, 2, 2)


# ------------------------------------------------------------------------------------------
# The helpers
# ------------------------------------------------------------------------------------------


def test_casualties_and_problem() -> None:
    assert casualties(None, "x") is None and casualties(4, "x") == 4
    with pytest.raises(AnnotationError, match=r"^x, best: must be a non-negative integer"):
        casualties({"best": -1}, "x")
    data = {"events": [{"id": "e", "fatalities": "many"}]}
    with pytest.raises(ValidationError) as info:
        EventsFile.model_validate(data)
    assert problem(info.value, "f.yaml", data) == "f.yaml, event e: missing event_type (and 6 more problems)"
    assert problem(info.value, "", data).startswith("event e: missing event_type")
    assert problem(info.value, "f.yaml").startswith("f.yaml, event 1: missing")  # without the data: positions


def test_article_meta_defaults() -> None:
    meta = article_meta({})
    assert (meta.title, meta.language, meta.published, meta.country_focus) == ("", "en", None, ())
    assert article_meta({"published": dt.datetime(2015, 2, 18, 9, 30)}).published == dt.date(2015, 2, 18)
    with pytest.raises(InputError, match=r"^published date: 1799-12-31 is outside"):
        article_meta({"published": dt.date(1799, 12, 31)})

