"""``frontline prepare --geonames``: a user's GeoNames dump indexed, recorded, forgotten; bad files refused.

The user's dump is made of real rows of the shipped ``UA.zip`` renamed ("Zzq" before every name,
ids beyond 900,000,000) so that its places are new to the index. One index is built for the
module (about 35 s) in its own cache directory and reused; ``--forget-geonames`` rebuilds a copy.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from geo.gazetteer import Gazetteer
from geo.gazetteer_build import packaged_dumps

pytestmark = pytest.mark.slow  # one index build per module (~35 s), two rebuilds more

ROOT = Path(__file__).resolve().parent.parent
ID_OFFSET = 900_000_000
N_PLACES = 300
CACHE_FILES = ["gazetteer.dumps.json", "gazetteer.sqlite", "gazetteer.sqlite.lock"]


def prepare(cache: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run ``python -m frontline prepare ARGS`` with ``cache`` as the cache directory."""
    env = {**os.environ, "FRONTLINE_CACHE_DIR": str(cache)}
    command = [sys.executable, "-m", "frontline", "prepare", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=600, cwd=ROOT, env=env)  # noqa: S603


def real_rows() -> list[list[str]]:
    """The shipped Ukraine dump's rows, split into columns."""
    with zipfile.ZipFile(packaged_dumps()[0]) as archive:
        text = archive.read("UA.txt").decode("utf-8")
    return [line.split("\t") for line in text.splitlines()]


def renamed(cells: list[str]) -> list[str]:
    """A real row as a new place: every name with "Zzq" before it, the id moved beyond GeoNames' ids."""
    alternates = ",".join(f"Zzq{n}" for n in cells[3].split(",") if n)
    return [str(int(cells[0]) + ID_OFFSET), f"Zzq{cells[1]}", f"Zzq{cells[2]}", alternates, *cells[4:]]


def state(cache: Path) -> tuple[str, int, str]:
    """The index's bytes (as a digest), its time of change, and the recorded dumps' file."""
    index = cache / "gazetteer.sqlite"
    recorded = cache / "gazetteer.dumps.json"
    digest = hashlib.blake2b(index.read_bytes(), digest_size=16).hexdigest()
    return digest, index.stat().st_mtime_ns, recorded.read_text("utf-8") if recorded.exists() else ""


@pytest.fixture(scope="module")
def villages() -> list[list[str]]:
    """The renamed rows of the user's dump: real villages, new names and ids."""
    rows = [c for c in real_rows() if c[6] == "P" and c[7] not in ("PPLX", "PPLH") and c[10]]
    return [renamed(cells) for cells in rows[:N_PLACES]]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, villages: list[list[str]]) -> dict:
    """A cache directory whose index holds the user's dump, and the output of that build."""
    folder = tmp_path_factory.mktemp("prepare")
    dump = folder / "downloads" / "ZZ.zip"
    dump.parent.mkdir()
    with zipfile.ZipFile(dump, "w", zipfile.ZIP_DEFLATED) as archive:
        with zipfile.ZipFile(packaged_dumps()[0]) as shipped:
            archive.writestr("readme.txt", shipped.read("readme.txt"))
        archive.writestr("ZZ.txt", "".join("\t".join(cells) + "\n" for cells in villages))
    cache = folder / "cache"
    # The same file twice, once by another path: indexed and recorded once.
    proc = prepare(cache, "--geonames", str(dump), str(dump.parent / ".." / "downloads" / "ZZ.zip"))
    assert proc.returncode == 0, proc.stderr
    return {"cache": cache, "dump": dump, "proc": proc, "folder": folder}


def test_the_added_dump_is_indexed(built, villages) -> None:
    gazetteer = Gazetteer(built["cache"] / "gazetteer.sqlite")
    for cells in villages[::30]:
        found = {c.place.geonameid: c.place for c in gazetteer.find(cells[1])}
        assert int(cells[0]) in found and min(found) > ID_OFFSET, cells[1]  # namesakes are ours too
        place = found[int(cells[0])]
        assert (place.lat, place.lon, place.country, place.admin1_code) == (
            float(cells[4]), float(cells[5]), "UA", f"UA.{cells[10]}",
        )  # fmt: skip
        assert int(cells[0]) in {c.place.geonameid for c in gazetteer.find_in(cells[2], [f"UA.{cells[10]}"])}
        assert gazetteer.find_in(cells[1], ["UA.99"]) == []
    assert 703448 in {c.place.geonameid for c in gazetteer.find("Kyiv")}  # the rest of the index is there


def test_the_build_reports_progress_and_what_the_index_holds(built) -> None:
    proc, cache, dump = built["proc"], built["cache"], built["dump"]
    progress = proc.stderr.splitlines()
    assert all(line.startswith("frontline: ") for line in progress), proc.stderr
    assert "frontline: indexing the GeoNames dump UA.zip…" in progress
    assert f"frontline: ZZ.zip: {N_PLACES} places added, 0 already indexed gained its names" in progress
    index = cache / "gazetteer.sqlite"
    out = proc.stdout.splitlines()
    assert out[0] == f"gazetteer: {index}"
    size, places = out[1].split("; ")
    assert size == f"  size: {index.stat().st_size / 1e6:.1f} MB"
    assert 250_000 < int(places.removeprefix("places: ").replace(",", "")) < 400_000
    assert out[2] == f"  GeoNames dumps indexed: {packaged_dumps()[0]}, {dump}"


def test_the_dump_is_recorded_once_and_kept(built) -> None:
    cache, dump = built["cache"], built["dump"]
    assert json.loads((cache / "gazetteer.dumps.json").read_text("utf-8")) == [str(dump.resolve())]
    before = state(cache)
    proc = prepare(cache)  # the index is valid with its recorded dump: nothing is rebuilt
    assert (proc.returncode, proc.stderr) == (0, "")
    assert proc.stdout.splitlines()[2].endswith(f", {dump}")
    assert state(cache) == before


def bad_files(folder: Path) -> dict[str, tuple[Path, str]]:
    """Files that are no GeoNames dumps, and the start of the reason each gets."""
    shipped = packaged_dumps()[0].read_bytes()
    rows = real_rows()[:100]
    files = {
        "empty": ("SY.zip", b"", "the file is empty, not a GeoNames dump"),
        "truncated zip": ("UA-part.zip", shipped[: len(shipped) // 3], "a damaged or truncated zip file"),
        "csv": (
            "places.csv",
            "\n".join(",".join([*c[:2], *c[4:6]]) for c in rows).encode(),
            "line 1: 1 tab-separated columns where a GeoNames dump has 19",
        ),
        "postal codes": (
            "UA-postal.txt",
            "\n".join("\t".join([c[8], "0", c[1], *c[10:14], "", "", *c[4:6], "4"]) for c in rows).encode(),
            "line 1: 12 tab-separated columns where a GeoNames dump has 19",
        ),  # fmt: skip
        "missing columns": (
            "short.txt",
            "\n".join("\t".join(c[:15]) for c in rows).encode(),
            "line 1: 15 tab-separated columns",
        ),
    }
    result = {}
    for case, (name, data, reason) in files.items():
        path = folder / name
        path.write_bytes(data)
        result[case] = (path, reason)
    result["missing file"] = (folder / "PS.zip", "no such GeoNames dump file")
    return result


def assert_refused(proc: subprocess.CompletedProcess[str], path: Path, reason: str) -> None:
    assert proc.returncode == 2 and proc.stdout == ""
    assert "Traceback" not in proc.stderr
    errors = [line for line in proc.stderr.splitlines() if not line.startswith("frontline: ")]
    assert len(errors) == 1, proc.stderr
    assert errors[0].startswith(f"frontline prepare: error: {path}")
    assert reason in errors[0]


def test_bad_files_are_refused_and_the_index_is_kept(built, tmp_path) -> None:
    cache = built["cache"]
    before = state(cache)
    for case, (path, reason) in bad_files(tmp_path).items():
        proc = prepare(cache, "--geonames", str(path))
        assert_refused(proc, path, reason)
        assert state(cache) == before, case
    assert sorted(p.name for p in cache.iterdir()) == CACHE_FILES  # no half-written index left behind


def test_a_bad_row_deep_in_a_dump_fails_the_build_and_keeps_the_index(built, villages, tmp_path) -> None:
    cache = built["cache"]
    before = state(cache)
    rows = ["\t".join(cells) for cells in villages]
    rows[150] = "\t".join(villages[150][:12])  # the first row is fine: the build starts, then fails
    path = tmp_path / "late.txt"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    proc = prepare(cache, "--geonames", str(path))
    assert_refused(proc, path, "line 151: 12 tab-separated columns where a GeoNames dump has 19")
    assert "frontline: indexing the GeoNames dump late.txt…" in proc.stderr.splitlines()
    assert state(cache) == before
    assert sorted(p.name for p in cache.iterdir()) == CACHE_FILES  # no half-written index left behind


def test_forget_geonames_rebuilds_without_the_recorded_dumps(built, villages, tmp_path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    for name in ("gazetteer.sqlite", "gazetteer.dumps.json"):
        shutil.copy2(built["cache"] / name, cache / name)
    proc = prepare(cache, "--forget-geonames")
    assert proc.returncode == 0, proc.stderr
    assert "frontline: indexing the GeoNames dump ZZ.zip…" not in proc.stderr.splitlines()
    assert proc.stdout.splitlines()[2] == f"  GeoNames dumps indexed: {packaged_dumps()[0]}"
    assert json.loads((cache / "gazetteer.dumps.json").read_text("utf-8")) == []
    gazetteer = Gazetteer(cache / "gazetteer.sqlite")
    assert gazetteer.find(villages[0][1], variants=False) == []
    assert gazetteer.get(int(villages[0][0])) is None
    assert gazetteer.get(int(villages[0][0]) - ID_OFFSET) is not None  # the real village stays
