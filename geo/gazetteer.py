"""The offline gazetteer: GeoNames places indexed once in SQLite, cached on disk.

>>> gaz = Gazetteer.open()                                   # doctest: +SKIP
>>> [c.place.name for c in gaz.find("Artemivsk")][:1]         # doctest: +SKIP
['Bakhmut']
>>> [c.place.geonameid for c in gaz.find_features("Dnipro River")]  # doctest: +SKIP
[565896]

Water bodies and landforms (:data:`~geo.gazetteer_build.FEATURE_KINDS`) are found only by
:meth:`Gazetteer.find_features`, by the name a text gives them as such ("Sea of Azov", "Snake
Island", "the Dnipro river"): :meth:`Gazetteer.find` is for names that stand alone, and a bare
"Dnipro" is the city.

The index lives in the user's cache directory (``$FRONTLINE_CACHE_DIR`` overrides it). It is
rebuilt automatically, with progress messages, when it is missing, unreadable, incomplete or
built from other versions of the source packages (see :mod:`geo.gazetteer_build`).
"""

from __future__ import annotations

import json
import math
import os
import re
import sqlite3
import sys
import threading
import zlib
from collections.abc import Iterable, KeysView, Sequence
from contextlib import contextmanager
from dataclasses import replace
from difflib import SequenceMatcher
from functools import cached_property
from pathlib import Path

from geo.errors import GazetteerError
from geo.gazetteer_build import FEATURE_KINDS, Progress, build_index, source_version
from geo.model import Candidate, Place
from geo.names import fold, skeleton

__all__ = ["FEATURE_KINDS", "Gazetteer", "default_cache_dir", "haversine_km", "recorded_dumps"]

_PLACE_COLUMNS = "id, name, lat, lon, kind, country, admin1, admin1_code, population, alternates, capital"
_EARTH_RADIUS_KM = 6371.0088
_PLACE_CACHE = 200_000  # decoded places kept in memory
# The queries leave out or keep only the feature kinds, written out: FEATURE_KINDS ("water", "landform").
_FIND_SQL = (
    "SELECT n.name, n.place FROM names n JOIN places p ON p.id = n.place "
    "WHERE n.{column} = ? AND p.kind NOT IN ('water', 'landform') ORDER BY p.population DESC LIMIT ?"
)
_FIND_IN_SQL = (
    "SELECT n.name, n.place FROM names n JOIN places p ON p.id = n.place "
    "WHERE n.{column} = ? AND p.admin1_code IN ({marks}) AND p.kind NOT IN ('water', 'landform') "
    "ORDER BY p.population DESC LIMIT ?"
)
_MAX_REGIONS = 20  # first-level regions one find_in asks about
# The most populous place of each country bearing the name (SQLite takes the bare columns from
# the row with the maximum).
_BIGGEST_PER_COUNTRY_SQL = (
    "SELECT n.name, n.place, MAX(p.population) FROM names n JOIN places p ON p.id = n.place "
    "WHERE n.{column} = ? AND p.kind NOT IN ('water', 'landform') GROUP BY p.country"
)
_FEATURE_SQL = (
    "SELECT n.name, n.place FROM names n JOIN places p ON p.id = n.place "
    "WHERE n.key = ? AND p.kind IN ('water', 'landform') LIMIT 50"
)
_FEATURE_PREFIX_SQL = (  # names of features that begin alike ("kak": "Kakhovske Reservoir")
    "SELECT n.key, n.name, n.place FROM names n JOIN places p ON p.id = n.place "
    "WHERE n.key >= ? AND n.key < ? AND p.kind IN ('water', 'landform') LIMIT 2000"
)
# A Ukrainian or Russian adjective formed from a place's name, as GeoNames romanises water bodies'
# and landforms' names: "Kakhovske" (Kakhovka), "Tendrivska" (Tendra), "Kremenchutske" (Kremenchuk)
_ADJECTIVE_ENDING = re.compile(r"(?:s|ts|z|zh|ch)k(?:a|e|yi|yy|ij|iy|ii|oe|oye|aya|ogo)$")
_FEATURE_CACHE = 10_000  # feature lookups remembered per gazetteer


def default_cache_dir() -> Path:
    """Return the directory for Frontline's caches (``$FRONTLINE_CACHE_DIR`` or the user cache)."""
    env = os.environ.get("FRONTLINE_CACHE_DIR")
    if env:
        return Path(env)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("frontline"))


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres.

    >>> round(haversine_km(48.0, 37.8, 48.0, 37.8), 3)
    0.0
    """
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * _EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def _stderr_progress(message: str) -> None:
    print(f"frontline: {message}", file=sys.stderr, flush=True)


class Gazetteer:
    """Read-only access to the place index; safe to share between threads."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        self._places: dict[int, Place] = {}  # decoded records, shared by threads (dict ops are atomic)
        self._features: dict[tuple[str, str], list[Candidate]] = {}  # find_features, remembered

    # -- opening -------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: Path | None = None,
        *,
        rebuild: bool = False,
        dumps: Sequence[Path] | None = None,
        progress: Progress = _stderr_progress,
    ) -> Gazetteer:
        """Open the index at ``path`` (default: the cache directory), building it when needed.

        ``dumps`` are the user's GeoNames dumps to index besides the packaged ones; by default
        the ones the last build recorded beside the index (``frontline prepare --geonames``).
        A build that fails on a bad dump raises :class:`~geo.errors.InputError` and leaves the
        previous index and its recorded dumps as they were.
        """
        path = path or default_cache_dir() / "gazetteer.sqlite"
        explicit = dumps is not None
        dumps = [Path(d) for d in dumps] if dumps is not None else recorded_dumps(path, progress)
        if rebuild or not _is_valid(path, dumps):
            with _build_lock(path):
                if rebuild or not _is_valid(path, dumps):  # another process may have built it meanwhile
                    if path.exists():
                        progress(f"rebuilding the gazetteer index at {path} (missing, stale or damaged)")
                    else:
                        progress(f"building the gazetteer index at {path} (first use, ~30 s)")
                    try:
                        build_index(path, dumps=dumps, progress=progress)
                    except (OSError, sqlite3.Error) as err:
                        raise GazetteerError(f"cannot build the gazetteer index at {path}: {err}") from err
                    if explicit:
                        _dumps_file(path).write_text(json.dumps([str(d.resolve()) for d in dumps]), "utf-8")
        return cls(path)

    @property
    def _con(self) -> sqlite3.Connection:
        con = getattr(self._local, "con", None)
        if con is None:
            try:
                con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            except sqlite3.Error as err:
                raise GazetteerError(f"cannot open the gazetteer index {self.path}: {err}") from err
            self._local.con = con
        return con

    def _query(self, sql: str, params: Sequence[object] = ()) -> list[tuple]:
        try:
            return self._con.execute(sql, params).fetchall()
        except sqlite3.Error as err:
            raise GazetteerError(f"the gazetteer index {self.path} is unreadable: {err}") from err

    # -- lookups -------------------------------------------------------------------------

    def get(self, geonameid: int) -> Place | None:
        """Return the place with this GeoNames id, or None."""
        rows = self._query(f"SELECT {_PLACE_COLUMNS} FROM places WHERE id = ?", (geonameid,))  # noqa: S608 - constant column names; values are bound parameters
        return _place(rows[0]) if rows else None

    def find(self, name: str, *, variants: bool = True, limit: int = 50) -> list[Candidate]:
        """Return the places called ``name``, most populous first: the ``limit`` most populous,
        and when there are more, the most populous of each other country too (Newport, Ireland
        is far down a list of Newports, but an Irish text means it).

        Exact matches of the folded name (primary or alternate names) come first. When there is
        none and ``variants`` is true, transliteration variants (:func:`geo.names.skeleton`) are
        proposed instead. Each candidate's ``score`` is a population prior in [0, 1] and its
        ``reasons`` say how the name matched. An empty or unknown name gives an empty list.
        """
        key = fold(name)
        if not key or len(key) > 200:
            return []
        column, value = "key", key
        rows = self._query(_FIND_SQL.format(column=column), (value, limit))  # column: "key" or "skel"
        how = "exact"
        if not rows and variants:
            skel = skeleton(name)
            if len(skel.replace("*", "")) >= 3:
                column, value = "skel", skel
                rows = self._query(_FIND_SQL.format(column=column), (value, limit))
                how = "variant"
        if len(rows) == limit:  # a common name: keep every country's biggest namesake in view
            seen = {pid for _, pid in rows}
            rows += [(n, pid) for n, pid, _ in self._query(_BIGGEST_PER_COUNTRY_SQL.format(column=column), (value,))
                     if pid not in seen]
        self._load_places({pid for _, pid in rows})
        return _candidates(rows, how, name, self._places)

    def find_in(self, name: str, admin1_codes: Iterable[str], *, limit: int = 50) -> list[Candidate]:
        """Return the places called ``name`` in these first-level regions (``"UA.05"``), as :meth:`find`.

        A village name that a hundred villages bear ("Petrivka") is placed by the region the text
        writes with it ("Petrivka, Donetsk"), not by population: this asks for exactly those.
        Transliteration variants are asked for when no name matches exactly.
        """
        codes = sorted({c for c in admin1_codes if c})[:_MAX_REGIONS]
        key = fold(name)
        if not codes or not key or len(key) > 200:
            return []
        marks = ",".join("?" * len(codes))
        rows, how = [], "exact"
        for column, value in (("key", key), ("skel", skeleton(name))):
            if column == "skel" and len(value.replace("*", "")) < 3:
                break
            sql = _FIND_IN_SQL.format(column=column, marks=marks)  # constant column, placeholders only
            rows = self._query(sql, (value, *codes, limit))
            if rows:
                break
            how = "variant"
        self._load_places({pid for _, pid in rows})
        return _candidates(rows, how, name, self._places)

    def find_features(self, name: str, word: str = "") -> list[Candidate]:
        """Return the water bodies and landforms called ``name``, the best first.

        ``name`` is the whole name as a text writes it, with its generic word ("Sea of Azov",
        "Kerch Strait", "Snake Island", "Dnipro river", "River Dnipro") or without it ("Dnipro", for
        "crossed the Dnipro."). When no name matches exactly and ``word`` is the generic word that
        opens or ends it ("reservoir"), a feature named by an adjective formed from the same word
        is taken: "Kakhovka Reservoir" is GeoNames' "Kakhovske Vodoskhovyshche" ("Kakhovske
        Reservoir" in English), "Tendra Spit" its "Tendrivska Kosa". Exact matches score 1.0 (the
        feature's own name) or 0.9 (another of its names), adjective forms 0.8; among equals, the
        feature with more names (the better known one, named in more languages) comes first.
        Remembered per gazetteer.
        """
        key = fold(name)
        if not key or len(key) > 200:
            return []
        remembered = self._features.get((key, word))
        if remembered is not None:
            return remembered
        rows = self._query(_FEATURE_SQL, (key,))
        self._load_places({pid for _, pid in rows})
        found = [
            replace(c, score=1.0 if c.matched_name == c.place.name else 0.9)
            for c in _candidates(rows, "exact", name, self._places)
        ]
        if not found and word:
            found = self._adjective_forms(key, fold(word))
        found.sort(key=lambda c: (-c.score, -len(c.place.alternate_names), c.place.name))
        if len(self._features) > _FEATURE_CACHE:
            self._features.clear()
        self._features[key, word] = found
        return found

    def _adjective_forms(self, key: str, word: str) -> list[Candidate]:
        """Return the features named by an adjective formed from the name in ``key``, and ``word``.

        ``key`` is a one-word name and its generic word ``word`` ("kakhovka reservoir"); the
        features' names are "<adjective> <word>" or "<word> <adjective>" ("Kakhovske Reservoir").
        """
        words = key.split()
        if len(words) != 2 or word not in (words[0], words[-1]) or words[0] == words[-1]:
            return []
        head = words[1] if words[0] == word else words[0]
        lead = f"{word} " if words[0] == word else ""
        low = lead + head[:3]
        rows = self._query(_FEATURE_PREFIX_SQL, (low, low + "\uffff"))
        matched = []
        for found_key, name, pid in rows:
            parts = found_key.split()
            if len(parts) == 2 and (parts[0] == word if lead else parts[1] == word):
                adjective = parts[1] if lead else parts[0]
                if _formed_from(adjective, head):
                    matched.append((name, pid))
        self._load_places({pid for _, pid in matched})
        best: dict[int, Candidate] = {}
        for name, pid in matched:
            why = f"adjective form {name!r} of the name"
            best.setdefault(pid, Candidate(self._places[pid], 0.8, name, (why,)))
        return list(best.values())

    def _load_places(self, ids: set[int]) -> None:
        """Decode the records of these places once; later lookups reuse them."""
        missing = [pid for pid in ids if pid not in self._places]
        if not missing:
            return
        if len(self._places) > _PLACE_CACHE:
            self._places.clear()
        marks = ",".join("?" * len(missing))
        query = f"SELECT {_PLACE_COLUMNS} FROM places WHERE id IN ({marks})"  # noqa: S608 - constant column names; values are bound parameters
        for row in self._query(query, missing):
            self._places[row[0]] = _place(row)

    def places_in(self, admin1_code: str) -> list[Place]:
        """Return the settlements of a first-level region (GeoNames code such as ``UA.05``)."""
        rows = self._query(
            f"SELECT {_PLACE_COLUMNS} FROM places WHERE admin1_code = ? AND kind = 'settlement'",  # noqa: S608 - constant column names; values are bound parameters
            (admin1_code,),
        )
        return [_place(r) for r in rows]

    def demonym_country(self, word: str) -> str | None:
        """Return the ISO country code for a demonym such as "Ukrainian", or None."""
        return self._demonyms.get(fold(word))

    def country(self, code: str) -> Place | None:
        """Return the country with this ISO 3166-1 alpha-2 code, or None."""
        return self._countries.get(code.upper())

    @cached_property
    def _countries(self) -> dict[str, Place]:
        """Every country by its code, read once (the places table has no index by kind)."""
        rows = self._query(f"SELECT {_PLACE_COLUMNS} FROM places WHERE kind = 'country'")  # noqa: S608 - constant column names; values are bound parameters
        countries: dict[str, Place] = {}
        for row in rows:
            place = _place(row)
            countries.setdefault(place.country, place)  # the first row, as the query by code gave
        return countries

    @cached_property
    def name_keys(self) -> KeysView[str]:
        """Every folded name in the index, for fast membership tests in running text.

        The keys of a dict, a read-only set-like view: the garbage collector never walks a dict of
        strings, but it walks a set. A frozenset of the default index's 740,000 names made every
        full collection take about 50 ms, and a long parse or a long-lived dashboard runs many.
        """
        rows = self._query("SELECT value FROM meta WHERE key = 'name_keys'")
        if not rows:
            raise GazetteerError(f"the gazetteer index {self.path} has no name keys; rebuild it")
        return dict.fromkeys(zlib.decompress(rows[0][0]).decode().split("\n")).keys()

    @cached_property
    def demonym_keys(self) -> frozenset[str]:
        """Every folded demonym ("ukrainian", "russian", …)."""
        return frozenset(self._demonyms)

    @cached_property
    def _demonyms(self) -> dict[str, str]:
        """Folded demonym -> country code (a few hundred rows, read once)."""
        return dict(self._query("SELECT key, country FROM demonyms"))

    def place_count(self) -> int:
        """Return the number of places in the index."""
        return int(self._query("SELECT COUNT(*) FROM places")[0][0])

    @property
    def version(self) -> str:
        """The source version the index was built from."""
        rows = self._query("SELECT value FROM meta WHERE key = 'source_version'")
        return rows[0][0] if rows else ""


def _place(row: Sequence) -> Place:
    pid, name, lat, lon, kind, country, admin1, admin1_code, population, alternates, capital = row
    return Place(
        name=name,
        lat=lat,
        lon=lon,
        kind=kind,
        geonameid=pid if pid > 0 else None,
        country=country,
        admin1=admin1,
        admin1_code=admin1_code,
        population=population,
        alternate_names=tuple(alternates.split("|")) if alternates else (),
        capital=bool(capital),
    )


def _formed_from(adjective: str, name: str) -> bool:
    """Tell whether a folded adjective is formed from a folded one-word name.

    The way Ukrainian and Russian form them: "kakhovske" from "kakhovka", "tendrivska" from "tendra"
    (with "-iv-"), "kremenchutske" from "kremenchuk"; compared by transliteration key
    (:func:`geo.names.skeleton`).

    >>> _formed_from("kakhovske", "kakhovka"), _formed_from("tendrivska", "tendra")
    (True, True)
    >>> _formed_from("dniprodzerzhynske", "dnipro"), _formed_from("kakhovka", "kakhovka")
    (False, False)
    """
    ending = _ADJECTIVE_ENDING.search(adjective)
    if ending is None:
        return False
    stem = adjective[: ending.start()]
    stems = [stem, stem[:-2]] if stem.endswith(("iv", "ov", "ev", "yv")) else [stem]
    key = skeleton(name)
    return any(
        len(s) >= 4 and len(name) <= len(s) + 4 and name[0] == s[0] and key.startswith(skeleton(s))
        for s in stems
    )


def population_prior(place: Place) -> float:
    """A prior in [0, 1] from population and kind: countries > regions > big towns > villages."""
    if place.kind == "country":
        return 1.0
    base = min(1.0, math.log10(place.population + 1) / 7.0)
    return min(1.0, base + 0.15) if place.kind == "region" else base


def _candidates(rows: Iterable[Sequence], how: str, query: str, places: dict[int, Place]) -> list[Candidate]:
    """One candidate per place, named by the matching name closest to the query's spelling."""
    best: dict[int, tuple[float, str]] = {}
    wanted = query.strip().casefold()
    for matched, pid in rows:
        if how == "exact":  # every name matches; prefer the query's own spelling, cheaply
            similarity = 1.0 if matched.casefold() == wanted else 0.9
        else:
            similarity = SequenceMatcher(None, wanted, matched.casefold()).ratio()
        if pid not in best or similarity > best[pid][0]:
            best[pid] = (similarity, matched)
    result = []
    for pid, (similarity, matched) in best.items():
        place = places[pid]
        score = population_prior(place)
        if how == "exact":
            reason = "name" if matched == place.name else f"alternate name {matched!r}"
        else:
            reason = f"transliteration variant of {matched!r} (similarity {similarity:.2f})"
            score *= similarity  # a variant is only as good as its spelling is close
        result.append(Candidate(place=place, score=score, matched_name=matched, reasons=(reason,)))
    result.sort(key=lambda c: -c.score)
    return result


def _dumps_file(path: Path) -> Path:
    return path.with_name(f"{path.stem}.dumps.json")


def recorded_dumps(path: Path, progress: Progress = _stderr_progress) -> list[Path]:
    """Return the user's GeoNames dumps recorded beside the index at ``path`` that still exist."""
    try:
        listed = json.loads(_dumps_file(path).read_text("utf-8"))
    except (OSError, ValueError):
        return []
    found = []
    for item in listed if isinstance(listed, list) else ():
        dump = Path(str(item))
        if dump.is_file():
            found.append(dump)
        else:
            progress(f"the GeoNames dump {dump} is gone; the gazetteer is built without it")
    return found


def _is_valid(path: Path, dumps: Sequence[Path] = ()) -> bool:
    if not path.is_file():
        return False
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            meta = dict(con.execute("SELECT key, value FROM meta WHERE key IN ('complete', 'source_version')"))
            con.execute("SELECT id FROM places LIMIT 1").fetchall()
        finally:
            con.close()
    except sqlite3.Error:
        return False
    return meta.get("complete") == "1" and meta.get("source_version") == source_version(dumps)


@contextmanager
def _build_lock(path: Path):
    """Serialise index builds between processes (POSIX advisory lock)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".lock"), "w") as handle:
        try:
            import fcntl

            fcntl.flock(handle, fcntl.LOCK_EX)
        except ImportError:  # pragma: no cover - non-POSIX: no lock, builds are still atomic
            pass
        yield
