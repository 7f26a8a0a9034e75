r"""Read GeoNames dump files (``UA.zip``, ``SY.txt``, ``cities1000.zip``, ``allCountries.zip``) as a stream.

A dump is GeoNames' tab-separated export (https://download.geonames.org/export/dump/, CC BY 4.0):
one place per line, 19 columns — geonameid, name, asciiname, alternatenames, latitude, longitude,
feature class, feature code, country code, cc2, admin1–4 codes, population, elevation, dem,
timezone, modification date. It comes zipped (the ``.txt`` member beside GeoNames' ``readme.txt``)
or plain. Rows are read one at a time, never the whole file: ``allCountries`` has 13 million.

Anything that is not such a dump (another format, a truncated zip, a row with missing columns, an
empty file) raises :class:`~geo.errors.InputError` naming the file and the line; nothing is
half-read silently.

>>> import io
>>> cells = ["703448", "Kyiv", "Kyiv", "Kiev,Київ", "50.45466", "30.5238", "P", "PPLC", "UA", "", "12"]
>>> line = "\t".join(cells + ["", "", "", "2797553", "", "187", "Europe/Kyiv", "2024-01-01"])
>>> [(row.name, row.alternate_names) for row in dump_rows(io.StringIO(line), "inline")]
[('Kyiv', ('Kiev', 'Київ'))]
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from geo.errors import InputError

__all__ = ["COLUMNS", "DumpRow", "dump_rows", "read_dump"]

#: The columns of a GeoNames dump, in order.
COLUMNS = (
    "geonameid", "name", "asciiname", "alternatenames", "latitude", "longitude", "feature class",
    "feature code", "country code", "cc2", "admin1 code", "admin2 code", "admin3 code", "admin4 code",
    "population", "elevation", "dem", "timezone", "modification date",
)  # fmt: skip
_PROGRESS_EVERY = 500_000  # rows between two progress messages
_MAX_LINE = 200_000  # characters: the longest real rows (alternate names of capitals) are ~20,000


@dataclass(frozen=True, slots=True)
class DumpRow:
    """The columns of one dump row that a gazetteer uses."""

    geonameid: int
    name: str
    asciiname: str
    alternate_names: tuple[str, ...]
    lat: float
    lon: float
    feature_class: str
    feature_code: str
    country: str
    admin1: str
    admin2: str
    population: int


def read_dump(path: Path, *, progress: Callable[[str], None] | None = None) -> Iterator[DumpRow]:
    """Yield the rows of a GeoNames dump file, zipped or plain, one at a time.

    Parameters
    ----------
    path : Path
        A ``.zip`` holding one dump ``.txt`` (GeoNames' ``readme.txt`` beside it is skipped) or the
        ``.txt`` itself.
    progress : callable, optional
        Called with a short message every 500,000 rows.

    Raises
    ------
    InputError
        The file is missing, empty, not a dump, or damaged (a truncated zip fails when the damage is
        reached: callers that write an index must write it aside and keep the previous one).
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such GeoNames dump file")
    if path.stat().st_size == 0:
        raise InputError(f"{path}: the file is empty, not a GeoNames dump")
    if zipfile.is_zipfile(path):
        yield from _zipped_rows(path, progress)
        return
    with path.open("rb") as raw:
        if raw.read(2) == b"PK":
            raise InputError(f"{path}: a damaged or truncated zip file, not a readable GeoNames dump")
    with path.open(encoding="utf-8", newline="") as handle:
        yield from dump_rows(handle, str(path), progress)


def _zipped_rows(path: Path, progress: Callable[[str], None] | None) -> Iterator[DumpRow]:
    try:
        with zipfile.ZipFile(path) as archive:
            members = [
                info for info in archive.infolist()
                if info.filename.lower().endswith(".txt") and Path(info.filename).name.lower() != "readme.txt"
            ]  # fmt: skip
            if len(members) != 1:
                names = ", ".join(i.filename for i in archive.infolist()) or "nothing"
                raise InputError(
                    f"{path}: a GeoNames dump zip holds one .txt dump besides readme.txt; found {names}"
                )
            with archive.open(members[0]) as raw:
                text = io.TextIOWrapper(raw, encoding="utf-8", newline="")
                yield from dump_rows(text, f"{path}:{members[0].filename}", progress)
    except (zipfile.BadZipFile, zlib.error, EOFError) as err:
        raise InputError(f"{path}: a damaged or truncated zip file ({err})") from err
    except UnicodeDecodeError as err:
        raise InputError(f"{path}: not UTF-8 text, not a GeoNames dump ({err.reason})") from err


def dump_rows(lines: TextIO, source: str, progress: Callable[[str], None] | None = None) -> Iterator[DumpRow]:
    """Yield the rows of dump text; ``source`` names it in error messages."""
    number = 0
    try:
        for number, line in enumerate(lines, 1):  # noqa: B007 - the last number goes into messages
            if len(line) > _MAX_LINE:
                raise InputError(
                    f"{source}, line {number}: a line of {len(line):,} characters is no GeoNames row"
                )
            yield _row(line.rstrip("\r\n"), source, number)
            if progress is not None and number % _PROGRESS_EVERY == 0:
                progress(f"{source}: {number:,} rows read…")
    except UnicodeDecodeError as err:
        raise InputError(f"{source}, after line {number}: not UTF-8 text, not a GeoNames dump") from err
    if number == 0:
        raise InputError(f"{source}: no rows, not a GeoNames dump")


def _row(line: str, source: str, number: int) -> DumpRow:
    cells = line.split("\t")
    if len(cells) != len(COLUMNS):
        raise InputError(
            f"{source}, line {number}: {len(cells)} tab-separated columns where a GeoNames dump has "
            f"{len(COLUMNS)} ({', '.join(COLUMNS[:4])}, …); is this a GeoNames dump?"
        )
    try:
        geonameid = int(cells[0])
        lat, lon = float(cells[4]), float(cells[5])
        population = int(cells[14] or 0)
    except ValueError as err:
        raise InputError(f"{source}, line {number}: {err}: not a GeoNames row") from err
    if geonameid <= 0 or not (-90 <= lat <= 90 and -180 <= lon <= 180) or not 0 <= population < 10**10:
        raise InputError(
            f"{source}, line {number}: id {cells[0]}, point ({cells[4]}, {cells[5]}) out of range"
        )
    return DumpRow(
        geonameid=geonameid,
        name=cells[1],
        asciiname=cells[2],
        alternate_names=tuple(n for n in cells[3].split(",") if n) if cells[3] else (),
        lat=lat,
        lon=lon,
        feature_class=cells[6],
        feature_code=cells[7],
        country=cells[8],
        admin1=cells[10],
        admin2=cells[11],
        population=population,
    )
