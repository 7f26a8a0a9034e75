"""The offline gazetteer: GeoNames places indexed once in SQLite, cached on disk.

>>> gaz = Gazetteer.open()                                   # doctest: +SKIP
>>> [c.place.name for c in gaz.find("Artemivsk")][:1]         # doctest: +SKIP
['Bakhmut']

The index lives in the user's cache directory (``$FRONTLINE_CACHE_DIR`` overrides it). It is
rebuilt automatically, with progress messages, when it is missing, unreadable, incomplete or
built from other versions of the source packages (see :mod:`geo.gazetteer_build`).
"""

from __future__ import annotations

import json
import math
import os
import sqlite3
import sys
import threading
import zlib
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from difflib import SequenceMatcher
from functools import cached_property
from pathlib import Path

from geo.errors import GazetteerError
from geo.gazetteer_build import Progress, build_index, source_version
from geo.model import Candidate, Place
from geo.names import fold, skeleton

__all__ = ["Gazetteer", "default_cache_dir", "haversine_km", "recorded_dumps"]

_PLACE_COLUMNS = "id, name, lat, lon, kind, country, admin1, admin1_code, population, alternates, capital"
_EARTH_RADIUS_KM = 6371.0088
_PLACE_CACHE = 200_000  # decoded places kept in memory
_FIND_SQL = (
    "SELECT n.name, n.place FROM names n JOIN places p ON p.id = n.place "
    "WHERE n.{column} = ? ORDER BY p.population DESC LIMIT ?"
)
_FIND_IN_SQL = (
    "SELECT n.name, n.place FROM names n JOIN places p ON p.id = n.place "
    "WHERE n.{column} = ? AND p.admin1_code IN ({marks}) ORDER BY p.population DESC LIMIT ?"
)
_MAX_REGIONS = 20  # first-level regions one find_in asks about
# The most populous place of each country bearing the name (SQLite takes the bare columns from
# the row with the maximum).
_BIGGEST_PER_COUNTRY_SQL = (
    "SELECT n.name, n.place, MAX(p.population) FROM names n JOIN places p ON p.id = n.place "
    "WHERE n.{column} = ? GROUP BY p.country"
)


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
    def name_keys(self) -> frozenset[str]:
        """Every folded name in the index, for fast membership tests in running text."""
        rows = self._query("SELECT value FROM meta WHERE key = 'name_keys'")
        if not rows:
            raise GazetteerError(f"the gazetteer index {self.path} has no name keys; rebuild it")
        return frozenset(zlib.decompress(rows[0][0]).decode().split("\n"))

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
