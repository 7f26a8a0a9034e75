"""The GeoNames dump reader on real rows: 200 lines cut from the shipped ``UA.zip`` at test time."""

from __future__ import annotations

import inspect
import zipfile
from pathlib import Path

import pytest

from geo import geonames_dump
from geo.errors import InputError
from geo.gazetteer_build import packaged_dumps
from geo.geonames_dump import COLUMNS, read_dump

N_ROWS = 200


@pytest.fixture(scope="module")
def real_lines() -> list[str]:
    """The first 200 lines of the shipped Ukraine dump, line ends included."""
    with zipfile.ZipFile(packaged_dumps()[0]) as archive:
        text = archive.read("UA.txt").decode("utf-8")
    return text.splitlines(keepends=True)[:N_ROWS]


@pytest.fixture(scope="module")
def readme() -> bytes:
    """GeoNames' own readme.txt from the shipped zip."""
    with zipfile.ZipFile(packaged_dumps()[0]) as archive:
        return archive.read("readme.txt")


def write_plain(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(lines), encoding="utf-8", newline="")
    return path


def write_zip(path: Path, members: dict[str, bytes | str]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def error_of(path: Path) -> str:
    with pytest.raises(InputError) as caught:
        list(read_dump(path))
    return str(caught.value)


def test_plain_and_zipped_give_the_same_real_rows(tmp_path, real_lines, readme) -> None:
    plain = write_plain(tmp_path / "UA200.txt", real_lines)
    zipped = write_zip(tmp_path / "UA200.zip", {"readme.txt": readme, "UA200.txt": "".join(real_lines)})
    rows = list(read_dump(plain))
    assert rows == list(read_dump(zipped))
    assert len(rows) == N_ROWS
    cells, r = real_lines[2].rstrip("\n").split("\t"), rows[2]  # 461727 Olenevka, a village of Crimea
    assert (r.geonameid, r.name, r.feature_class, r.feature_code) == (461727, "Olenevka", "P", "PPLA3")
    assert (r.lat, r.lon, r.country, r.admin1, r.admin2) == (45.38333, 32.53333, "UA", "11", "0108")
    assert r.population == int(cells[14]) and r.alternate_names == tuple(cells[3].split(","))
    assert {r.country for r in rows} == {"UA"} and len({r.geonameid for r in rows}) == N_ROWS


def test_readme_is_skipped_wherever_it_lies(tmp_path, real_lines, readme) -> None:
    dump = "".join(real_lines)
    after = write_zip(tmp_path / "after.zip", {"UA.txt": dump, "readme.txt": readme})
    nested = write_zip(tmp_path / "nested.zip", {"UA/README.TXT": readme, "UA/UA.txt": dump})
    assert len(list(read_dump(after))) == len(list(read_dump(nested))) == N_ROWS


def test_reading_streams(tmp_path, real_lines) -> None:
    bad = real_lines[:150] + ["not\ta\trow\n"] + real_lines[150:]
    rows = read_dump(write_plain(tmp_path / "bad.txt", bad))
    assert inspect.isgenerator(rows)
    got = [next(rows) for _ in range(150)]  # the good rows come before the damage is reached
    assert got[-1].geonameid == int(real_lines[149].split("\t")[0])
    with pytest.raises(InputError, match="line 151"):
        next(rows)


def test_progress_is_reported_while_reading(tmp_path, real_lines, monkeypatch) -> None:
    monkeypatch.setattr(geonames_dump, "_PROGRESS_EVERY", 50)
    messages: list[str] = []
    rows = list(read_dump(write_plain(tmp_path / "UA.txt", real_lines), progress=messages.append))
    assert len(rows) == N_ROWS
    assert [m.rsplit(": ", 1)[1] for m in messages] == [f"{n} rows read…" for n in (50, 100, 150, 200)]


def test_missing_and_empty_files(tmp_path) -> None:
    assert error_of(tmp_path / "SY.zip") == f"{tmp_path / 'SY.zip'}: no such GeoNames dump file"
    assert error_of(tmp_path) == f"{tmp_path}: no such GeoNames dump file"
    empty = tmp_path / "empty.zip"
    empty.write_bytes(b"")
    assert error_of(empty) == f"{empty}: the file is empty, not a GeoNames dump"
    empty_member = write_zip(tmp_path / "blank.zip", {"SY.txt": ""})
    assert error_of(empty_member) == f"{empty_member}:SY.txt: no rows, not a GeoNames dump"


def test_truncated_zip(tmp_path) -> None:
    whole = packaged_dumps()[0].read_bytes()
    for cut in (len(whole) // 2, len(whole) - 30, 100):
        path = tmp_path / f"UA-{cut}.zip"
        path.write_bytes(whole[:cut])
        assert error_of(path) == f"{path}: a damaged or truncated zip file, not a readable GeoNames dump"


def test_damaged_zip_member(tmp_path, real_lines) -> None:
    dump = "".join(real_lines)
    path = write_zip(tmp_path / "UA.zip", {"UA.txt": dump * 5})
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 64] = bytes(64)  # the directory at the end is intact, the data is not
    path.write_bytes(bytes(data))
    message = error_of(path)  # garbage from the inflater, or the inflater's own complaint
    assert message.startswith(str(path)) and ("damaged or truncated zip" in message or "not UTF-8" in message)
    stored = tmp_path / "stored.zip"
    with zipfile.ZipFile(stored, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("UA.txt", dump)
    data = bytearray(stored.read_bytes())
    at = data.index(b"Olenevka")
    data[at : at + 8] = b"Olenivka"  # still a good row: only the checksum at the end tells
    stored.write_bytes(bytes(data))
    assert error_of(stored) == f"{stored}: a damaged or truncated zip file (Bad CRC-32 for file 'UA.txt')"


def test_zip_without_exactly_one_dump(tmp_path, real_lines, readme) -> None:
    dump = "".join(real_lines)
    two = write_zip(tmp_path / "two.zip", {"readme.txt": readme, "UA.txt": dump, "SY.txt": dump})
    assert error_of(two) == (
        f"{two}: a GeoNames dump zip holds one .txt dump besides readme.txt; found readme.txt, UA.txt, SY.txt"
    )
    only_readme = write_zip(tmp_path / "readme.zip", {"readme.txt": readme})
    assert error_of(only_readme).endswith("; found readme.txt")


def test_another_format(tmp_path, real_lines) -> None:
    csv = tmp_path / "places.csv"
    csv.write_text(
        "geonameid,name,lat,lon\n"
        + "".join(",".join(line.split("\t")[i] for i in (0, 1, 4, 5)) + "\n" for line in real_lines),
        encoding="utf-8",
    )
    assert error_of(csv) == (
        f"{csv}, line 1: 1 tab-separated columns where a GeoNames dump has 19 "
        "(geonameid, name, asciiname, alternatenames, …); is this a GeoNames dump?"
    )
    # GeoNames' postal-code files (download.geonames.org/export/zip/) have 12 columns.
    postal = []
    for line in real_lines:
        c = line.rstrip("\n").split("\t")
        postal.append("\t".join([c[8], "00000", c[1], "", c[10], "", c[11], "", "", c[4], c[5], "4"]) + "\n")
    path = write_zip(tmp_path / "UA-postal.zip", {"readme.txt": "postal codes", "UA.txt": "".join(postal)})
    assert error_of(path).startswith(f"{path}:UA.txt, line 1: 12 tab-separated columns where a GeoNames dump")
    binary = tmp_path / "UA.txt"
    binary.write_bytes(b"\xff\xfe" + "".join(real_lines).encode("utf-16-le"))
    assert "not UTF-8 text, not a GeoNames dump" in error_of(binary)


def test_rows_with_missing_or_wrong_columns(tmp_path, real_lines) -> None:
    short = real_lines[:10] + ["\t".join(real_lines[10].split("\t")[:18]) + "\n"] + real_lines[11:]
    path = write_plain(tmp_path / "short.txt", short)
    assert error_of(path).startswith(f"{path}, line 11: 18 tab-separated columns where a GeoNames dump")
    cells = real_lines[5].split("\t")
    for column, value, expected in (
        (4, "north", "line 6: could not convert string to float: 'north': not a GeoNames row"),
        (0, "-3", "line 6: id -3, point"),
        (5, "190.0", "out of range"),
    ):
        changed = "\t".join(value if i == column else c for i, c in enumerate(cells))
        path = write_plain(tmp_path / f"bad{column}.txt", [*real_lines[:5], changed, *real_lines[6:]])
        assert expected in error_of(path), column


def test_columns_are_geonames_own() -> None:
    assert len(COLUMNS) == 19 and COLUMNS[:2] == ("geonameid", "name") and COLUMNS[-1] == "modification date"
