"""Curated events of the seed: every quote at its offsets, every place resolved, dates normalised."""

from __future__ import annotations

import datetime as dt
import textwrap

import pytest
import yaml

from geo.errors import AnnotationError
from layers.curated import load_events
from layers.events import EVENT_TYPES, Count, count_from


@pytest.fixture(scope="module")
def events(seed_dir, article, gazetteer, mentions):
    """Load the curated events of the seed."""
    return load_events(seed_dir / "events.yaml", article, gazetteer, mentions=mentions)


@pytest.fixture(scope="module")
def raw(seed_dir):
    """Read the curated entries as written in events.yaml."""
    return yaml.safe_load((seed_dir / "events.yaml").read_text(encoding="utf-8"))["events"]


def test_every_entry_loads(events, raw):
    """Every entry of events.yaml becomes one event, in order."""
    assert [e.event_id for e in events] == [r["id"] for r in raw]
    assert len(events) >= 14


def test_quotes_are_at_their_offsets(events, seed_text):
    """Every curated quote is in the article at its offsets."""
    for event in events:
        assert seed_text[event.quote_start : event.quote_end] == event.quote, event.event_id


def test_places_resolve_to_their_geonameids(events, raw, gazetteer):
    """Every event's place resolves to its GeoNames id, with the gazetteer's coordinates."""
    for event, entry in zip(events, raw, strict=True):
        assert event.place.geonameid == entry["geonameid"], event.event_id
        assert event.place_name == entry["place"]
        # the coordinates are the gazetteer's own
        assert (event.place.lat, event.place.lon) == (
            gazetteer.get(entry["geonameid"]).lat,
            gazetteer.get(entry["geonameid"]).lon,
        )


def test_taxonomy_and_origin(events):
    """Types are ACLED's; source, origin and precision are filled in."""
    for event in events:
        assert event.sub_event_type in EVENT_TYPES[event.event_type]
        assert event.origin == "curated" and event.confidence == 1.0
        assert event.source.outlet == "The Guardian" and event.source.published == dt.date(2015, 2, 18)
        assert event.geo_precision in (1, 2, 3)


def _by_id(events):
    return {e.event_id: e for e in events}


def test_casualty_figures(events):
    """22 killed, more than 150 wounded (open high), 23 bodies, two wounded at Shirokyne."""
    by_id = _by_id(events)
    assert by_id["deb-04"].fatalities == Count(22, 22, 22)
    assert by_id["deb-04"].wounded == Count(150, 150, None)  # "more than 150": open upper bound
    assert by_id["deb-05"].fatalities.best == 23
    assert by_id["deb-15"].wounded == Count(2, 2, 2)
    assert by_id["deb-15"].place.name == "Shyrokyne"  # the article's "Shirokyne"


def test_relative_dates(events):
    """Wednesday, since Tuesday night, on Tuesday, on Sunday and last week, as the seed README gives them."""
    by_id = _by_id(events)
    assert by_id["deb-01"].when.date == dt.date(2015, 2, 18) and by_id["deb-01"].when.precision == "day"
    assert by_id["deb-05"].when.start == dt.date(2015, 2, 17)  # since Tuesday night
    assert by_id["deb-08"].when.date == dt.date(2015, 2, 17)  # Zakharchenko, on Tuesday
    assert by_id["deb-10"].when.date == dt.date(2015, 2, 15)  # the ceasefire began on Sunday
    assert by_id["deb-14"].when.precision == "week"  # last week
    assert by_id["deb-14"].when.start <= dt.date(2015, 2, 11) <= by_id["deb-14"].when.end


def test_required_events_present(events):
    """The events the issue asks for are all coded."""
    pairs = {(e.event_type, e.place.name) for e in events}
    for pair in [
        ("Battles", "Debaltseve"),
        ("Explosions/Remote violence", "Luhanske"),
        ("Strategic developments", "Olenivka"),
        ("Battles", "Mariupol"),
        ("Explosions/Remote violence", "Shyrokyne"),
        ("Strategic developments", "Debaltseve"),
    ]:
        assert pair in pairs


GOOD = dict(
    id="e1",
    event_type="Battles",
    sub_event_type="Armed clash",
    place="Mariupol",
    geonameid=701822,
    quote="fighting reportedly continued on Wednesday afternoon near the coastal city of Mariupol",
    when="Wednesday",
)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"quote": "fighting continued near Mariupol"}, "not an exact substring"),
        ({"geonameid": 709717}, "resolves to Mariupol"),
        ({"place": "Atlantis"}, "does not occur in the article"),
        ({"sub_event_type": "Shelling"}, "not in the ACLED taxonomy"),
        ({"when": "the day after tomorrow"}, "cannot interpret"),
        ({"geo_precision": 5}, "geo_precision"),
        ({"fatalities": {"best": -1}}, "non-negative"),
        ({"fatalities": {"low": 5, "high": 2}}, "exceeds high"),
        ({"colour": "red"}, "unknown key"),
        ({"quote": None}, "missing quote"),
    ],
)
def test_malformed_entries(tmp_path, article, gazetteer, mentions, change, message):
    """Each kind of mistake in an entry is reported with the file and the entry."""
    entry = {**GOOD, **change}
    entry = {k: v for k, v in entry.items() if v is not None}
    path = tmp_path / "events.yaml"
    path.write_text(yaml.safe_dump({"events": [entry]}), encoding="utf-8")
    with pytest.raises(AnnotationError, match=message) as info:
        load_events(path, article, gazetteer, mentions=mentions)
    assert "events.yaml, event e1" in str(info.value)  # names the file and the entry


def test_duplicate_ids_and_bad_yaml(tmp_path, article, gazetteer, mentions):
    """Duplicate ids, invalid YAML, a wrong shape and bad not_coded quotes are refused."""
    path = tmp_path / "events.yaml"
    path.write_text(yaml.safe_dump({"events": [GOOD, dict(GOOD)]}), encoding="utf-8")  # two objects: no alias
    with pytest.raises(AnnotationError, match="duplicate id"):
        load_events(path, article, gazetteer, mentions=mentions)
    path.write_text(textwrap.dedent("events:\n  - id: [unclosed\n"), encoding="utf-8")
    with pytest.raises(AnnotationError, match="not valid YAML"):
        load_events(path, article, gazetteer, mentions=mentions)
    path.write_text("events: 3\n", encoding="utf-8")
    with pytest.raises(AnnotationError, match="events: must be a list, not an integer"):
        load_events(path, article, gazetteer, mentions=mentions)
    path.write_text("- 3\n", encoding="utf-8")
    with pytest.raises(AnnotationError, match="expected a mapping with a list under 'events'"):
        load_events(path, article, gazetteer, mentions=mentions)
    path.write_text(yaml.safe_dump({"events": [GOOD], "not_coded": [{"quote": "nowhere", "reason": "x"}]}))
    with pytest.raises(AnnotationError, match="not_coded entry 1"):
        load_events(path, article, gazetteer, mentions=mentions)


def test_count_from():
    """Casualty counts: numbers are exact, other values refused."""
    assert count_from(None, "x") == Count()
    assert count_from(3, "x") == Count(3, 3, 3)
    with pytest.raises(AnnotationError):
        count_from(True, "x")
    with pytest.raises(AnnotationError):
        count_from("many", "x")


def test_yaml_alias_bomb_rejected(tmp_path, article, gazetteer, mentions):
    """A YAML alias bomb is refused before anything expands it."""
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]" for i in range(8)]
    lines += ["events:", "  - id: e1", "    notes: *i"]
    path = tmp_path / "events.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(AnnotationError, match="aliases"):
        load_events(path, article, gazetteer, mentions=mentions)
