"""The curated conflict articles (tests/data/conflict_articles/) and the scoring of `benchmarks/events.py`.

Every folder must load: its quotes are in the text, its places resolve to the GeoNames ids given, its
events use ACLED's taxonomy. The extractor must run on each and quote the text faithfully. Recall and
precision are measured by ``python -m benchmarks events``, not asserted here (the extractor is being
rewritten); the scoring functions themselves are checked on events built by hand.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from benchmarks.events import actor_key, best_match, curated_folders, score_record, triple_scores
from geo.model import Place
from layers.article import load_article
from layers.curated import load_events
from layers.dates import DateSpan
from layers.events import EVENT_TYPES, Count, Event
from layers.extract import extract_events

FOLDER = Path(__file__).resolve().parents[1] / "data" / "conflict_articles"
ARTICLES = sorted(p for p in FOLDER.iterdir() if p.is_dir())


def test_there_are_seventeen_curated_articles_with_events_in_eleven() -> None:
    assert len(ARTICLES) >= 17
    with_events = [p for p in ARTICLES if yaml.safe_load((p / "events.yaml").read_text("utf-8"))["events"]]
    assert len(with_events) >= 11
    assert curated_folders(FOLDER)[1:] == ARTICLES  # the benchmark scores every one of them


@pytest.mark.parametrize("folder", ARTICLES, ids=lambda p: p.name)
def test_curated_folder_loads_and_names_its_source(folder: Path, gazetteer) -> None:
    assert sorted(p.name for p in folder.iterdir()) == ["article.toml", "article.txt", "events.yaml"]
    meta = tomllib.loads((folder / "article.toml").read_text("utf-8"))
    assert "GeoWebNews" in meta["note"] and "GPL-3.0" in meta["note"]
    assert meta["url"].startswith("http")
    article = load_article(folder)
    raw = yaml.safe_load((folder / "events.yaml").read_text("utf-8"))
    events = load_events(folder / "events.yaml", article, gazetteer)
    assert [e.event_id for e in events] == [entry["id"] for entry in raw["events"]]
    for event, entry in zip(events, raw["events"], strict=True):
        assert article.text[event.quote_start : event.quote_end] == entry["quote"]
        assert event.place.geonameid == entry["geonameid"]
        assert entry["place"] in article.text
        assert event.sub_event_type in EVENT_TYPES[event.event_type]
        assert event.when is not None and event.when.precision == "day"
        assert event.actor1  # a coder names who acted
    for entry in raw.get("not_coded") or ():
        assert entry["quote"] in article.text and entry["reason"].strip()


@pytest.mark.parametrize("folder", ARTICLES, ids=lambda p: p.name)
def test_extractor_runs_and_quotes_the_text(folder: Path, gazetteer) -> None:
    article = load_article(folder)
    for event in extract_events(article, gazetteer):
        assert event.quote and event.quote in article.text
        assert article.text[event.quote_start : event.quote_end] == event.quote
        assert event.sub_event_type in EVENT_TYPES[event.event_type]
        assert event.origin == "extracted"


# -- the benchmark's scoring, on events built by hand -------------------------------------------------

DONETSK = Place("Donetsk", 48.0, 37.8, geonameid=1, country="UA")
NEARBY = Place("Makiivka", 48.05, 37.9, geonameid=2, country="UA")  # about 9 km from DONETSK
FAR = Place("Kharkiv", 50.0, 36.25, geonameid=3, country="UA")
DAY = dt.date(2022, 8, 23)


def _event(place: Place, event_type: str = "Battles", sub_type: str = "Armed clash", **fields) -> Event:
    return Event("e", event_type, sub_type, place, place.name, "q", 0, 1, **fields)


def _day(day: dt.date, precision: str = "day", start: dt.date | None = None, end: dt.date | None = None):
    return DateSpan(day, precision, start or day, end or day, "")


GOLD = {
    "id": "invented-1",
    "date": DAY.isoformat(),
    "event_type": "Explosions/Remote violence",
    "sub_event_type": "Shelling/artillery/missile attack",
    "actor1": "Military Forces of Russia (2000-)",
    "location": "Donetsk",
    "lat": 48.0,
    "lon": 37.8,
    "fatalities": 2,
}


def test_actor_names_compare_without_year_ranges_and_case() -> None:
    assert actor_key("Military Forces of Russia (2000-)") == actor_key("military forces of russia")
    assert actor_key("Military Forces of Ukraine (2019-)") != actor_key("Military Forces of Russia (2000-)")
    assert actor_key("Police Forces of Ukraine (2014-2019)") == "police forces of ukraine"


def test_best_match_prefers_the_type_then_the_nearest_place() -> None:
    wrong_type_here = _event(DONETSK)
    right_type_far = _event(FAR, GOLD["event_type"], "Air/drone strike")
    right_type_near = _event(NEARBY, GOLD["event_type"], GOLD["sub_event_type"])
    assert best_match([wrong_type_here, right_type_far], GOLD) is right_type_far
    assert best_match([wrong_type_here, right_type_far, right_type_near], GOLD) is right_type_near
    assert best_match([], GOLD) is None


def test_a_record_scores_every_measure() -> None:
    perfect = _event(
        NEARBY,
        GOLD["event_type"],
        GOLD["sub_event_type"],
        when=_day(DAY),
        actor1="Military Forces of Russia",
        fatalities=Count(2, 2, 2),
    )
    score = score_record(GOLD, [perfect])
    assert all(score.passed.values()) and score.reasons == [] and score.events == 1
    week = replace(perfect, when=_day(DAY, "week", DAY - dt.timedelta(days=6), DAY), fatalities=Count())
    score = score_record(GOLD, [week, _event(FAR)])
    assert not score.passed["date"]  # a week's window coded on the day is no exact day
    assert not score.passed["fatalities"] and score.events == 2
    far = replace(perfect, place=FAR, actor1="Military Forces of Ukraine")
    score = score_record(GOLD, [far])
    assert not score.passed["within 25 km"] and not score.passed["actor"] and score.passed["type"]
    assert score.actor_pair == ("Military Forces of Russia (2000-)", "Military Forces of Ukraine / (none)")
    either = score_record(GOLD, [replace(far, actor2="Military Forces of Russia")])
    assert either.passed["actor"] and not either.passed["actor 1 strict"]  # the gold actor is either role
    none = score_record(GOLD, [])
    assert not any(none.passed.values()) and none.reasons == ["no event"]


def test_triples_match_by_type_place_within_10_km_and_date_span() -> None:
    curated = [
        _event(DONETSK, when=_day(DAY)),
        _event(FAR, "Explosions/Remote violence", "Air/drone strike", when=_day(DAY)),
    ]
    week = _day(DAY, "week", DAY - dt.timedelta(days=3), DAY + dt.timedelta(days=3))
    extracted = [
        _event(NEARBY, when=week),  # same type, 9 km away, the window holds the day: a match
        _event(FAR, when=_day(DAY)),  # right place and day, wrong type
        _event(FAR, "Explosions/Remote violence", "Air/drone strike", when=_day(DAY + dt.timedelta(days=1))),
    ]
    want, want_hit, got, got_hit, missed, spurious = triple_scores(extracted, curated)
    assert (want, want_hit, got, got_hit) == (2, 1, 3, 1)
    assert missed == [curated[1]] and spurious == extracted[1:]
    assert triple_scores([], [])[:4] == (0, 0, 0, 0)
