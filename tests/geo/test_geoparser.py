"""The geoparser end to end: the seed article, articles written for these tests, what
:func:`~geo.geoparser.geoparse` takes and refuses, and one wire item's event. Its parts, module by
module, are ``tests/geo/geoparser/``.

Expected answers are data files in ``tests/data``:

* ``seed_places.csv`` — every place the seed article names, keyed by GeoNames id, with the number
  of occurrences, counted by reading the article (adjectives such as "pro-Russia" and
  "Russia-backed" are not place mentions; names embedded in an organisation's name are mentions
  flagged ``embedded``);
* ``seed_places_articles.csv`` — the same for two short articles written for these tests
  (``article_*.txt``), full of namesakes: Pavlivka, Novoselivka and Sloviansk each name several
  Ukrainian settlements, and only the context says which.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

import pytest

from geo.errors import InputError
from geo.gazetteer import Gazetteer, haversine_km
from geo.geoparser import geoparse
from layers.article import Article
from layers.extract import extract_events
from tests.geocoding_helpers import ORACLE

DATA = Path(__file__).resolve().parents[1] / "data"

SEED_ROWS = list(csv.DictReader((DATA / "seed_places.csv").open(encoding="utf-8")))
ARTICLE_ROWS = list(csv.DictReader((DATA / "seed_places_articles.csv").open(encoding="utf-8")))
NOT_PLACES = [
    "Putin", "Vladimir", "Zakharchenko", "Alexander", "Sardarian", "Albert", "Pierre", "Crom", "Igor",
    "Nekrasov", "Plotnitsky", "Guardian", "Reuters", "Facebook", "Twitter", "Getty", "Sailor", "Sunday",
    "Heavy", "Grad", "MP", "Republic", "Poroshenko", "Ilya", "Kiva", "Viktor", "Petro", "Wednesday",
]


@pytest.fixture(scope="module")
def seed_mentions(seed_text: str, gazetteer: Gazetteer):
    return geoparse(seed_text, gazetteer, country_focus=["UA"])


def _key(row: dict) -> str:
    return row["geonameid"] or row["name"]


def _mention_key(mention) -> str:
    return str(mention.place.geonameid) if mention.place.geonameid else mention.place.name


@pytest.mark.parametrize("row", SEED_ROWS, ids=lambda r: f"{r['surface']}->{r['name']}")
def test_seed_place_found_at_every_occurrence(row: dict, seed_mentions) -> None:
    found = [m for m in seed_mentions if m.place and _mention_key(m) == _key(row)]
    assert len(found) == int(row["occurrences"]), [(m.text, m.start) for m in found]
    assert all(m.text == row["surface"] for m in found)
    assert sum(m.embedded for m in found) == int(row["embedded"])


def test_seed_returns_nothing_else(seed_mentions) -> None:
    expected = Counter({_key(r): int(r["occurrences"]) for r in SEED_ROWS})
    got = Counter(_mention_key(m) for m in seed_mentions if m.place)
    assert got == expected
    assert all(m.place is not None for m in seed_mentions)


def test_seed_every_occurrence_of_each_surface(seed_text: str, seed_mentions) -> None:
    # Each surface form is found at each of its occurrences, except the adjectival "pro-Russia"
    # and "Russia-backed" (not places: see seed_places.csv).
    by_surface = Counter(m.text for m in seed_mentions)
    for surface in {r["surface"] for r in SEED_ROWS}:
        occurrences = [
            m for m in re.finditer(rf"\b{surface}\b", seed_text)
            if not re.match(r"-|\w+-$", seed_text[m.end() : m.end() + 1] + seed_text[m.start() - 4 : m.start()])
        ]
        if surface == "Russia":
            occurrences = [m for m in occurrences if seed_text[m.start() - 1] != "-" and seed_text[m.end()] != "-"]
        assert by_surface[surface] == len(occurrences), surface


def test_seed_towns_within_10_km_of_geonames(seed_mentions) -> None:
    oracle = {int(r["geonameid"]): r for r in csv.DictReader(ORACLE.open(encoding="utf-8"))}
    checked = 0
    for m in seed_mentions:
        row = oracle.get(m.place.geonameid or 0)
        if row:
            assert haversine_km(m.place.lat, m.place.lon, float(row["lat"]), float(row["lon"])) <= 10.0
            checked += 1
    assert checked == sum(int(r["occurrences"]) for r in SEED_ROWS if r["geonameid"] and int(r["geonameid"]) in oracle)
    assert checked >= 30


@pytest.mark.parametrize("word", NOT_PLACES)
def test_seed_people_organisations_and_common_words_are_not_places(word: str, seed_mentions) -> None:
    assert word not in {m.text for m in seed_mentions}


def test_seed_metonymy_is_flagged(seed_text: str, seed_mentions) -> None:
    at = {m.start: m for m in seed_mentions}
    defeat = at[seed_text.index("Kiev", seed_text.index("a stinging defeat for"))]
    assert defeat.metonymic and defeat.place.geonameid == 703448
    said = seed_text.index("Kiev and Donetsk said")
    assert at[said].metonymic and at[said + len("Kiev and ")].metonymic
    leaving = at[seed_text.index("Kiev", seed_text.index("before leaving"))]
    assert not leaving.metonymic


def test_seed_mentions_explain_the_choice(seed_text: str, seed_mentions) -> None:
    olenivka = next(m for m in seed_mentions if m.text == "Olenivka")
    assert olenivka.reasons and any("direction" in r or "km from" in r for r in olenivka.reasons)
    assert len(olenivka.candidates) >= 3  # the Odesa and Poltava Olenivkas were considered
    assert olenivka.candidates[0].place.geonameid == 698614
    assert all(c.reasons for c in olenivka.candidates)
    assert 0.0 < olenivka.confidence <= 1.0


def test_seed_spans_match_text(seed_text: str, seed_mentions) -> None:
    starts = [m.start for m in seed_mentions]
    assert starts == sorted(starts)
    assert all(seed_text[m.start : m.end] == m.text for m in seed_mentions)


@pytest.mark.parametrize("row", ARTICLE_ROWS, ids=lambda r: f"{r['article']}:{r['surface']}")
def test_written_articles(row: dict, gazetteer: Gazetteer) -> None:
    text = (DATA / row["article"]).read_text(encoding="utf-8")
    mentions = [m for m in geoparse(text, gazetteer) if m.text == row["surface"]]
    assert len(mentions) == int(row["occurrences"])
    expected = row["geonameid"]
    if expected.startswith("ne:"):  # a Natural Earth marine area: placed, with no GeoNames id
        assert {(m.place.name, m.place.geonameid) for m in mentions if m.place} == {(expected[3:], None)}
    elif expected:
        assert {m.place.geonameid for m in mentions if m.place} == {int(expected)}
    assert all((m.place is None) == (not expected) for m in mentions)  # no id: found, unplaced
    if row["metonymic"]:
        assert all(m.metonymic == bool(int(row["metonymic"])) for m in mentions)


@pytest.mark.parametrize("article", sorted({r["article"] for r in ARTICLE_ROWS}))
def test_written_articles_return_nothing_else(article: str, gazetteer: Gazetteer) -> None:
    text = (DATA / article).read_text(encoding="utf-8")
    expected = {r["surface"] for r in ARTICLE_ROWS if r["article"] == article}
    got = {m.text for m in geoparse(text, gazetteer)}
    assert got == expected, got ^ expected


@pytest.mark.parametrize("bad", [None, 42, b"Kiev", ["Kiev"]])
def test_non_text_is_an_input_error(bad, gazetteer: Gazetteer) -> None:
    with pytest.raises(InputError):
        geoparse(bad, gazetteer)  # type: ignore[arg-type]


def test_too_long_is_an_input_error(gazetteer: Gazetteer) -> None:
    with pytest.raises(InputError, match="too long"):
        geoparse("Kiev " * 30, gazetteer, max_chars=100)


@pytest.mark.parametrize("text", ["", "   \n\t ", "\x00\x01\x02", "<script></script>" * 50])
def test_empty_or_noise_gives_nothing(text: str, gazetteer: Gazetteer) -> None:
    assert geoparse(text, gazetteer) == []


def test_html_and_control_characters(gazetteer: Gazetteer) -> None:
    text = (
        "<html><script>var Kiev = 'Donetsk';</script>\x00\x07<p>Shelling hit \x1bMariupol\u200b and "
        "<b>Donetsk</b>.</p><script>alert('Minsk')</script>"
    ) * 200
    mentions = geoparse(text, gazetteer)
    assert all(text[m.start : m.end] == m.text for m in mentions)
    assert {m.text for m in mentions} >= {"Mariupol", "Donetsk"}


@pytest.mark.slow
def test_several_megabytes_finish(seed_text: str, gazetteer: Gazetteer) -> None:
    # Not a timing test (see benchmarks/throughput.py): a big input must simply finish.
    text = (seed_text + "\n\n") * 400  # ~3.5 MB
    mentions = geoparse(text, gazetteer, country_focus=["UA"])
    assert len(mentions) == 400 * len(geoparse(seed_text, gazetteer, country_focus=["UA"]))
    assert all(text[m.start : m.end] == m.text for m in mentions[-50:])


def test_seed_kiev_stands_for_the_government_seven_times(seed_mentions) -> None:
    # Read from the article: all but "before leaving Kiev" name the government (see seed_places.csv).
    kiev = [m for m in seed_mentions if m.text == "Kiev"]
    assert len(kiev) == 8 and sum(m.metonymic for m in kiev) == 7


def test_seed_every_mention_is_explained(seed_mentions) -> None:
    for m in seed_mentions:
        assert m.reasons and m.candidates and m.candidates[0].place == m.place
        assert all(c.reasons for c in m.candidates)
        assert 0.0 < m.confidence <= 1.0


_LISTS_AND_ABBREVIATIONS = (
    "The fire started in Fresno, Calif., and spread to Clovis, Calif.",
    "Russian forces shelled Robotyne, Verbove, Novoprokopivka and Mala Tokmachka overnight.",
    "Paris, Texas and Springfield, Illinois voted. Portland, Maine, and Athens, Georgia, too.",
    "Drones hit Russia's Black Sea Fleet off Sevastopol and the village of Novo-Mykhailivka.",
)


@pytest.mark.parametrize("name", ["seed", "article_crimea.txt", "article_luhansk.txt", *_LISTS_AND_ABBREVIATIONS])
def test_mentions_never_overlap_and_match_the_text(name: str, seed_text: str, gazetteer: Gazetteer) -> None:
    data = Path(__file__).resolve().parents[1] / "data"
    text = seed_text if name == "seed" else (data / name).read_text("utf-8") if name.endswith(".txt") else name
    mentions = geoparse(text, gazetteer)
    assert mentions
    for m in mentions:
        assert text[m.start : m.end] == m.text
    for a, b in zip(mentions, mentions[1:]):
        assert a.end <= b.start, (a.text, b.text)


def test_country_focus_as_a_string_or_a_list(gazetteer: Gazetteer) -> None:
    text = "Shelling was heard near Pavlivka."
    assert geoparse(text, gazetteer, country_focus="UA") == geoparse(text, gazetteer, country_focus=["ua"])


def test_one_line_wire_item_gives_a_shelling_event(gazetteer: Gazetteer) -> None:
    article = Article(text="Rebels shelled Debaltseve on Tuesday, killing two soldiers.")
    (event,) = extract_events(article, gazetteer)
    assert event.place.geonameid == 710229
    assert event.place_name == "Debaltseve"
    assert "Shelling" in event.sub_event_type
    assert event.fatalities.best == 2
