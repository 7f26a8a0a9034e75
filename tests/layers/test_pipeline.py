"""build_layers on the seed: every layer, curated events and route, corrections and a geocoder."""

from __future__ import annotations

import pytest

from geo.corrections import Correction
from geo.model import Place
from layers.article import article_from_text
from layers.frames import EVENT_COLUMNS, PLACE_COLUMNS, ROUTE_COLUMNS, SNAPSHOT_COLUMNS
from layers.pipeline import build_layers


@pytest.fixture(scope="module")
def layers(article, gazetteer):
    """Build every layer of the seed."""
    return build_layers(article, gazetteer)


def test_seed_layers(layers):
    """The seed gives curated events, the route, the bundled line and area beside the ones estimated
    from its control claims, all in EPSG:4326."""
    assert list(layers.places.columns) == [*PLACE_COLUMNS, "geometry"]
    assert list(layers.events.columns) == [*EVENT_COLUMNS, "geometry"]
    assert list(layers.routes.columns) == [*ROUTE_COLUMNS, "geometry"]
    assert list(layers.front_lines.columns) == [*SNAPSHOT_COLUMNS, "geometry"]
    assert set(layers.events.origin) == {"curated"} and len(layers.events) >= 14
    assert layers.routes.iloc[0].waypoint_ids == "710229,702684,713174"
    assert layers.routes.iloc[0].follows == "waypoints"
    assert list(layers.front_lines.status) == ["assessed", "estimated"]
    assert list(layers.areas.status) == ["assessed", "estimated", "estimated", "estimated"]  # RU, UA, band
    assert {710229, 702684, 713174, 701822, 698614, 694053} <= set(layers.places.geonameid.dropna())
    for frame in (layers.places, layers.events, layers.routes, layers.front_lines, layers.areas):
        assert frame.crs.to_epsg() == 4326


def test_pasted_text_gets_extracted_events(gazetteer):
    """Pasted text without a folder gets extracted events and no route."""
    article = article_from_text(
        "Rebels shelled Mariupol on Tuesday, wounding two soldiers.",
        published="2015-02-18",
        country_focus=["UA"],
    )
    layers = build_layers(article, gazetteer)
    assert list(layers.events.origin) == ["extracted"]
    assert layers.events.iloc[0].place == "Mariupol" and layers.events.iloc[0].date == "2015-02-17"
    assert layers.routes.empty


@pytest.mark.parametrize(
    ("text", "published", "drawn"),
    [
        ("Shelling near Mariupol killed two soldiers.", "2019-06-01", True),  # in the line's place and time
        ("Shelling near Mariupol killed two soldiers.", "2024-06-01", False),  # after its validity (2022-02)
        ("Shelling near Mariupol killed two soldiers.", None, False),  # no date: validity unknown
        ("Rebels shelled Aleppo, killing two civilians.", "2016-12-13", False),  # another war
        ("Rebels shelled Aleppo, killing two civilians.", None, False),
        ("Protesters marched in Kyiv.", "2019-06-01", False),  # Ukraine, but 500 km from the line
    ],
)
def test_the_bundled_front_line_is_drawn_only_where_and_when_the_story_is(gazetteer, text, published, drawn):
    layers = build_layers(article_from_text(text, published=published), gazetteer)
    assert (len(layers.front_lines), len(layers.areas)) == ((1, 1) if drawn else (0, 0))


def test_a_users_front_lines_are_drawn_for_an_undated_article(gazetteer):
    from layers.importers import default_snapshots

    layers = build_layers(
        article_from_text("Rebels shelled Aleppo."), gazetteer, snapshots=default_snapshots()
    )
    assert len(layers.front_lines) == 1 and len(layers.areas) == 1


def test_corrections_mapping_and_objects(article, layers, gazetteer):
    """Corrections as a span mapping or Correction objects change the places layer."""
    olenivka = next(m for m in layers.mentions if m.text == "Olenivka")
    other = next(c.place for c in olenivka.candidates if c.place.geonameid != 698614)
    for corrections in (
        {(olenivka.start, olenivka.end): other.geonameid},
        (Correction(olenivka.start, olenivka.end, "Olenivka", str(other.geonameid)),),
    ):
        fixed = build_layers(article, gazetteer, corrections=corrections)
        assert other.geonameid in set(fixed.places.geonameid.dropna())
        assert 698614 not in set(fixed.places.geonameid.dropna())
        assert len(fixed.events) == len(layers.events)  # curated events keep their own places
    dropped = build_layers(article, gazetteer, corrections={(olenivka.start, olenivka.end): None})
    assert 698614 not in set(dropped.places.geonameid.dropna())


class _DictGeocoder:
    """A fake geocoder backed by a dict (no network)."""

    def __init__(self, places):
        self.places = places
        self.asked = []  # (query, near)

    def geocode(self, query, *, near=None):
        self.asked.append((query, near))
        return self.places.get(query)


def test_correct_mentions_asks_the_geocoder_only_about_unresolved(gazetteer):
    """The geocoder resolves what the gazetteer left unresolved, nothing else."""
    from geo.model import Mention
    from layers.pipeline import correct_mentions

    fake = Place("Atlantis", 10.0, 20.0, source="test")
    known = gazetteer.get(701822)
    mentions = [Mention("Atlantis", 0, 8, None), Mention("Mariupol", 13, 21, known, 0.9)]
    fixed = correct_mentions(
        mentions,
        "Atlantis and Mariupol",
        gazetteer,
        geocoder=_DictGeocoder({"Atlantis": fake, "Mariupol": fake}),
    )
    assert fixed[0].place == fake and fixed[0].confidence == 0.5
    assert fixed[1].place == known  # resolved mentions are left alone


def test_a_settlement_the_gazetteer_lacks_is_kept_for_the_geocoder(gazetteer):
    """Kansafra (an Idlib village) is in no offline index of ours: the text's "the villages of
    Kansafra" keeps it unplaced, and an online geocoder can then place it.
    """
    text = "In the Idlib region, the villages of Kansafra and Ariha were shelled on Monday."
    offline = build_layers(article_from_text(text), gazetteer)
    unplaced = [m for m in offline.mentions if m.place is None]
    assert [m.text for m in unplaced] == ["Kansafra"]
    assert "Kansafra" not in set(offline.places.name)
    kansafra = Place("Kansafra", 35.70, 36.51, kind="settlement", country="SY", source="test")
    online = build_layers(article_from_text(text), gazetteer, geocoder=_DictGeocoder({"Kansafra": kansafra}))
    assert "Kansafra" in set(online.places.name) and len(online.places) == len(offline.places) + 1


def test_the_geocoder_is_asked_near_the_town_named_closest(gazetteer):
    """A street or a sea is looked up near the text's nearest town: a bias for the service."""
    text = "Police in Chicago said the man fled along North State Street. In Boston, nothing happened."
    geocoder = _DictGeocoder({})
    build_layers(article_from_text(text), gazetteer, geocoder=geocoder)
    [(query, near)] = geocoder.asked
    assert query == "North State Street" and near.name == "Chicago"


def test_a_site_placed_at_its_town_is_still_asked_of_the_geocoder(gazetteer):
    """'Jamsil Stadium in Seoul' gets Seoul's point offline, flagged approximate; a geocoder that
    knows the stadium replaces it, asked near Seoul."""
    text = "A drone fell near Jamsil Stadium in Seoul on Monday."
    offline = build_layers(article_from_text(text), gazetteer)
    [site] = [m for m in offline.mentions if m.text == "Jamsil Stadium"]
    assert site.approximate and site.place.name == "Seoul" and site.confidence <= 0.5
    [seoul] = offline.places.itertuples()  # the town's marker is the town's, not the stadium's
    assert (seoul.name, seoul.mentions, seoul.surface_forms) == ("Seoul", 1, "Seoul")
    stadium = Place("Jamsil Stadium", 37.5157, 127.0728, kind="settlement", country="KR", source="test")
    geocoder = _DictGeocoder({"Jamsil Stadium": stadium})
    online = build_layers(article_from_text(text), gazetteer, geocoder=geocoder)
    [site] = [m for m in online.mentions if m.text == "Jamsil Stadium"]
    assert site.place == stadium and not site.approximate
    assert [(query, near.name) for query, near in geocoder.asked] == [("Jamsil Stadium", "Seoul")]
