"""The gazetteer and the offline geocoder: build time, warm start, memory, lookups per second.

``python -m benchmarks gazetteer [--skip-build] [--scale]`` prints, against the targets of DESIGN.md:

- cold build: ``Gazetteer.open()`` in a fresh process with an empty cache directory (≤ 30 s;
  cities500 and the packaged UA dump), and the progress messages it printed;
- warm start: a fresh process importing the gazetteer, opening the built index and answering
  its first lookup (≤ 0.5 s), and the whole process's wall time including the interpreter;
- resident memory of that process after the first lookup and after loading ``name_keys``
  (≤ 300 MB);
- lookups per second of :class:`geo.geocoders.GazetteerGeocoder` over real names: the seed
  article's capitalised words (places and everything else), the GeoNames oracle's spellings,
  and a fixed sample of GeoNames settlement names; also ``frontline geocode`` as a cold process;
- water bodies and landforms: how many of the seas, rivers, reservoirs, islands and spits of the
  war in Ukraine (:data:`WATER_CASES`, each in a sentence written as the press writes it) the
  geoparser places on the right entry (a GeoNames id, or the name of a Natural Earth sea);
- coverage: the share of the distinct village names of ``../shared/benchmarks/acled_dev.jsonl``
  (ACLED, https://acleddata.com; each with its record's point, city districts such as
  "Donetsk - Kirovskyi" left out) that ``find(name, limit=1000)`` places within 25 km of the point,
  with cities500 alone and with the UA dump; skipped when ``../shared`` is absent;
- ``--scale`` (minutes): a 2,000,000-row dump generated from the UA dump's real rows, every name and
  id changed so that each row is a new place, indexed in a fresh process: build time, peak memory
  (VmHWM, < 1 GB), index size, then warm start and lookups per second on that index.

allCountries on paper (measured on 2 shared cores): beyond the default build, a generated row cost
56 µs and 434 bytes of index (2,000,000 rows: 143 s instead of 30 s, 986 MB instead of 119 MB,
peak 873 MB). allCountries' 13 million rows would take at most 12 more minutes and 5.6 GB; about
5 million of them are populated places or divisions the index keeps (three quarters of UA's rows
are), so nearer 6 minutes and 3 GB: one machine holds the index. What it does not hold is the
in-memory part: the build's peak grew about 90 bytes per distinct name (the join of ``_name_keys``'
chunks) and ``Gazetteer.name_keys`` took 477 MB resident for 4.4 million names, so allCountries'
roughly 10 million names would need 1-1.5 GB in each process. Should one machine not suffice, the
engine is Pelias: its GeoNames importer (``pelias/geonames``) streams ``allCountries.zip`` into
Elasticsearch, which shards the name index across nodes and answers over HTTP like the online
backends already here (Photon's OpenSearch index is built from OpenStreetMap through Nominatim,
not from GeoNames dumps).
"""

from __future__ import annotations

import itertools
import json
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterator, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED_TEXT = ROOT / "seeds" / "debaltseve-2015-02-18" / "article.txt"
ORACLE = ROOT.parent / "shared" / "data" / "places_debaltseve_feb2015_geonames.csv"
TARGETS = {"build_s": 30.0, "warm_s": 0.5, "rss_mb": 300.0, "scale_peak_mb": 1000.0}
ACLED = ROOT.parent / "shared" / "benchmarks" / "acled_dev.jsonl"
COVERAGE_KM = 25.0
SCALE_ROWS = 2_000_000
ALL_COUNTRIES_ROWS = 13_000_000
SAMPLE_EVERY = 50  # every 50th GeoNames place id: about 4,700 names
MIN_SECONDS = 0.5  # time each lookup list for at least this long
#: Water bodies and landforms of the war in Ukraine, as reporting names them: a sentence, the name
#: in it, and the right entries (GeoNames ids, or the name of a Natural Earth sea, which has none).
WATER_CASES: tuple[tuple[str, str, frozenset[int | str]], ...] = (
    ("Russian warships patrol the Sea of Azov.", "Sea of Azov", frozenset({"Sea of Azov"})),
    ("Naval drones struck a tanker in the Black Sea.", "Black Sea", frozenset({"Black Sea"})),
    ("The bridge across the Kerch Strait was hit again.", "Kerch Strait", frozenset({706523})),
    ("Ukrainian troops crossed the Dnipro River near Kherson.", "Dnipro River", frozenset({565896})),
    ("Russian forces withdrew across the Dnieper.", "Dnieper", frozenset({565896})),
    ("Ukrainian units pushed across the Siverskyi Donets River.", "Siverskyi Donets River", frozenset()),
    ("Russian troops tried to cross the Oskil River.", "Oskil River", frozenset({514365, 12906761})),
    ("The Kakhovka Reservoir drained after the dam burst.", "Kakhovka Reservoir", frozenset({707242})),
    ("Russia abandoned Snake Island in June.", "Snake Island", frozenset({686930})),
    ("Ukraine's flag was raised on Zmiinyi Island.", "Zmiinyi Island", frozenset({686930})),
    ("Ukrainian marines landed on the Kinburn Spit.", "Kinburn Spit", frozenset({705873})),
    ("Russian forces dug in on the Tendra Spit.", "Tendra Spit", frozenset({691726})),
    ("Explosions were reported on Dzharylhach Island.", "Dzharylhach Island", frozenset({709330})),
)

# Runs in a fresh interpreter: prints one JSON line of timings and memory.
_WARM_PROBE = r"""
import json, resource, sys, time
t0 = time.perf_counter()
from geo.gazetteer import Gazetteer
gazetteer = Gazetteer.open()
first = gazetteer.find("Debaltseve")
t1 = time.perf_counter()
def rss_mb(field="VmRSS:"):
    # VmHWM/VmRSS belong to this process's own memory; ru_maxrss would also count a parent's
    # peak, which Linux carries across fork and exec.
    try:
        for line in open("/proc/self/status"):
            if line.startswith(field):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
rss_lookup = rss_mb()
t2 = time.perf_counter()
keys = gazetteer.name_keys
t3 = time.perf_counter()
rss_keys = rss_mb()
from geo.geocoders import GazetteerGeocoder
place = GazetteerGeocoder(gazetteer).geocode("Olenivka", near=gazetteer.get(709717))
rss_geocode = rss_mb()
peak = rss_mb("VmHWM:")
numbers = {"warm_s": t1 - t0, "name_keys_s": t3 - t2, "n_keys": len(keys), "found": first[0].place.geonameid}
numbers.update(rss_lookup_mb=rss_lookup, rss_keys_mb=rss_keys, rss_geocode_mb=rss_geocode, peak_mb=peak)
print(json.dumps({**numbers, "olenivka": place.geonameid}))
"""

_BUILD_PROBE = r"""
import json, sys, time
t0 = time.perf_counter()
from geo.gazetteer import Gazetteer
Gazetteer.open(dumps=sys.argv[1:] or None)
hwm = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:"))
print(json.dumps({"build_s": time.perf_counter() - t0, "peak_mb": hwm / 1024}))
"""


def main(argv: list[str]) -> int:
    """Print the numbers; return 1 when a target is missed."""
    missed = []
    build = _cold_build() if "--skip-build" not in argv else None
    missed += ["build"] if build and build["build_s"] > TARGETS["build_s"] else []
    from geo.gazetteer import Gazetteer

    gazetteer = Gazetteer.open()  # make sure the warm index exists before timing a warm start
    missed += _warm_start()
    names = _names(gazetteer)
    _lookups(gazetteer, names)
    _cli()
    _water_coverage(gazetteer)
    _coverage(gazetteer)
    if "--scale" in argv:
        missed += _scale(names, build)
    if missed:
        print(f"targets missed: {', '.join(missed)}")
    return 1 if missed else 0


def _python(
    code: str, env: dict[str, str] | None = None, args: Sequence[str] = ()
) -> tuple[dict, float, str]:
    start = time.perf_counter()
    proc = subprocess.run(  # noqa: S603 - this interpreter with our own fixed arguments
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env or os.environ.copy(),
    )
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else "probe failed")
    return json.loads(proc.stdout.strip().splitlines()[-1]), wall, proc.stderr


def _cold_build() -> dict:
    """Build in a fresh process and an empty cache directory; return the build's numbers."""
    with tempfile.TemporaryDirectory(prefix="frontline-bench-") as tmp:
        env = {**os.environ, "FRONTLINE_CACHE_DIR": tmp}
        numbers, wall, stderr = _python(_BUILD_PROBE, env)
        size_mb = (Path(tmp) / "gazetteer.sqlite").stat().st_size / 1e6
        numbers.update(size_mb=size_mb, places=_count_places(Path(tmp) / "gazetteer.sqlite"))
    progress = [line for line in stderr.splitlines() if line.startswith("frontline:")]
    print(
        f"cold build: {numbers['build_s']:.1f} s in process, {wall:.1f} s wall "
        f"(target ≤ {TARGETS['build_s']:.0f} s)"
    )
    print(
        f"  peak memory while building: {numbers['peak_mb']:.0f} MB; index file: {size_mb:.0f} MB, "
        f"{numbers['places']:,} places (cities500, regions, countries and the packaged UA dump)"
    )
    print(f"  progress messages: {len(progress)} (first: {progress[0] if progress else 'none'!r})")
    return numbers


def _count_places(path: Path) -> int:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return con.execute("SELECT COUNT(*) FROM places").fetchone()[0]
    finally:
        con.close()


def _warm_start(env: dict[str, str] | None = None) -> list[str]:
    runs = [_python(_WARM_PROBE, env) for _ in range(3)]
    best = min(runs, key=lambda r: r[0]["warm_s"])
    numbers, wall = best[0], min(r[1] for r in runs)
    print(
        f"warm start (import + open + first lookup): {numbers['warm_s'] * 1000:.0f} ms, best of 3 "
        f"fresh processes (target ≤ {TARGETS['warm_s'] * 1000:.0f} ms); the whole probe process "
        f"(interpreter, warm start, name_keys, a geocode) {wall * 1000:.0f} ms"
    )
    print(f"  name_keys: {numbers['n_keys']:,} folded names loaded in {numbers['name_keys_s'] * 1000:.0f} ms")
    print(
        f"resident memory: {numbers['rss_lookup_mb']:.0f} MB after the first lookup, "
        f"{numbers['rss_keys_mb']:.0f} MB after name_keys, "
        f"{numbers['rss_geocode_mb']:.0f} MB after a geocode; "
        f"peak {numbers['peak_mb']:.0f} MB (target ≤ {TARGETS['rss_mb']:.0f} MB)"
    )
    if (numbers["found"], numbers["olenivka"]) != (710229, 698614):
        raise RuntimeError(f"the lookups gave the wrong places: {numbers}")
    worst_rss = max(numbers["rss_keys_mb"], numbers["rss_geocode_mb"])
    return (["warm start"] if numbers["warm_s"] > TARGETS["warm_s"] else []) + (
        ["memory"] if worst_rss > TARGETS["rss_mb"] else []
    )


def _names(gazetteer) -> dict[str, list[str]]:
    text = SEED_TEXT.read_text(encoding="utf-8")
    seed = re.findall(r"\b[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)*", text)
    oracle = []
    if ORACLE.exists():
        import csv

        oracle = [r["name_in_article"] for r in csv.DictReader(ORACLE.open(encoding="utf-8"))]
    con = sqlite3.connect(f"file:{gazetteer.path}?mode=ro", uri=True)
    try:
        sample = [
            r[0]
            for r in con.execute(
                f"SELECT name FROM places WHERE id % {int(SAMPLE_EVERY)} = 0"  # noqa: S608 - an int
                " AND kind NOT IN ('water', 'landform') ORDER BY id"  # found only as such, never by find()
            )
        ]
    finally:
        con.close()
    return {"seed article words": seed, "oracle spellings": oracle, "GeoNames sample": sample}


def _lookups(gazetteer, lists: dict[str, list[str]]) -> None:
    from geo.geocoders import GazetteerGeocoder

    geocoder = GazetteerGeocoder(gazetteer)
    donetsk = geocoder.geocode("Donetsk")
    for label, names in lists.items():
        if not names:
            continue
        for bias, kwargs in (("no context", {}), ("near Donetsk", {"near": donetsk})):
            done, found, start = 0, 0, time.perf_counter()
            while time.perf_counter() - start < MIN_SECONDS:  # whole passes over the list
                found = sum(geocoder.geocode(name, **kwargs) is not None for name in names)
                done += len(names)
            elapsed = time.perf_counter() - start
            print(
                f"lookups ({label}, {bias}): {done / elapsed:,.0f} per second "
                f"({len(names):,} names, {found:,} found; {done:,} lookups in {elapsed:.2f} s)"
            )


def _water_coverage(gazetteer) -> None:
    """Print how many of :data:`WATER_CASES` the geoparser places on the right entry, and the misses."""
    from geo.geoparser import geoparse

    misses = []
    for text, name, right in WATER_CASES:
        found = [m for m in geoparse(text, gazetteer) if m.text == name]
        place = found[0].place if found else None
        key = None if place is None else place.geonameid or place.name
        if key not in right or not right:
            misses.append(f"{name} ({'not in the index' if not right else key or 'unplaced'})")
    placed = len(WATER_CASES) - len(misses)
    print(f"water bodies and landforms of the war in Ukraine on the right entry: {placed}/{len(WATER_CASES)}")
    print(f"  missed ({len(misses)}): {', '.join(misses) or 'none'}")


def _acled_points() -> list[tuple[str, float, float]]:
    """Distinct (location, lat, lon) of the ACLED records, city districts ("Donetsk - Kirovskyi") left out."""
    points = set()
    with ACLED.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            if " - " not in record["location"]:
                points.add((record["location"], float(record["lat"]), float(record["lon"])))
    return sorted(points)


def _covered(gazetteer, points: list[tuple[str, float, float]]) -> list[bool]:
    """For each point, whether a place of its name lies within COVERAGE_KM of it."""
    from geo.gazetteer import haversine_km

    return [
        any(
            haversine_km(c.place.lat, c.place.lon, lat, lon) <= COVERAGE_KM
            for c in gazetteer.find(name, limit=1000)
        )
        for name, lat, lon in points
    ]


def _coverage(gazetteer) -> None:
    """Print the share of ACLED's village names placed within 25 km, without and with the UA dump."""
    if not ACLED.exists():
        print(f"coverage: skipped, {ACLED} is absent (ACLED records are read there, never copied)")
        return
    from geo.gazetteer import Gazetteer
    from geo.gazetteer_build import build_index

    points = _acled_points()
    with tempfile.TemporaryDirectory(prefix="frontline-bench-") as tmp:
        path = Path(tmp) / "cities500.sqlite"
        build_index(path, packaged=False)
        alone = _covered(Gazetteer(path), points)
    with_ua = _covered(gazetteer, points)
    names = len({name for name, _, _ in points})
    print(
        f"coverage of ACLED's village names ({len(points)} distinct name-point pairs, {names} names; ACLED, "
        f"https://acleddata.com), a place of the name within {COVERAGE_KM:.0f} km of the record's point:"
    )
    print(f"  cities500 alone: {sum(alone) / len(points):.1%} ({sum(alone)}/{len(points)})")
    print(f"  with the UA dump: {sum(with_ua) / len(points):.1%} ({sum(with_ua)}/{len(points)})")
    missing = [name for (name, _, _), found in zip(points, with_ua, strict=True) if not found]
    print(f"  still missing with UA ({len(missing)}): {', '.join(missing)}")


def _renamed_rows(rows: int) -> Iterator[str]:
    """``rows`` dump lines made of the packaged UA dump's real rows, each copy renamed and renumbered.

    Copy ``k`` puts a word of its own before every name ("Zqab Kyiv") and moves ids by
    ``(k + 1) * 20,000,000``, so each row is a new place with new names.
    """
    from geo.gazetteer_build import packaged_dumps

    with zipfile.ZipFile(packaged_dumps()[0]) as archive:
        real = archive.read("UA.txt").decode("utf-8").splitlines()
    done = 0
    for copy in itertools.count():
        word = "Zq" + "".join(chr(97 + int(d)) for d in f"{copy:02d}")
        for line in real:
            if done == rows:
                return
            cells = line.split("\t")
            cells[0] = str(int(cells[0]) + (copy + 1) * 20_000_000)
            cells[1], cells[2] = f"{word} {cells[1]}", f"{word} {cells[2]}"
            cells[3] = ",".join(f"{word} {n}" for n in cells[3].split(",") if n)
            done += 1
            yield "\t".join(cells) + "\n"


def _scale(names: dict[str, list[str]], cold: dict | None) -> list[str]:
    """Build an index with a generated 2,000,000-row dump in a fresh process; time it and use it."""
    from geo.gazetteer import Gazetteer

    missed = []
    with tempfile.TemporaryDirectory(prefix="frontline-bench-scale-") as tmp:
        dump = Path(tmp) / "scale.txt"
        start = time.perf_counter()
        with dump.open("w", encoding="utf-8", newline="") as out:
            out.writelines(_renamed_rows(SCALE_ROWS))
        made = time.perf_counter() - start
        print(
            f"scale: a {SCALE_ROWS:,}-row dump generated from the UA dump's real rows by renaming "
            f"({dump.stat().st_size / 1e6:.0f} MB, written in {made:.0f} s)"
        )
        env = {**os.environ, "FRONTLINE_CACHE_DIR": tmp}
        numbers, wall, stderr = _python(_BUILD_PROBE, env, [str(dump)])
        index = Path(tmp) / "gazetteer.sqlite"
        size_mb, places = index.stat().st_size / 1e6, _count_places(index)
        added = [line for line in stderr.splitlines() if "scale.txt:" in line and "places added" in line]
        print(
            f"  build with it: {numbers['build_s']:.0f} s in process, {wall:.0f} s wall; peak memory "
            f"{numbers['peak_mb']:.0f} MB (target < {TARGETS['scale_peak_mb']:.0f} MB); index file "
            f"{size_mb:,.0f} MB, {places:,} places"
        )
        print(f"  {added[-1].removeprefix('frontline: ') if added else 'no count of the places added'}")
        if numbers["peak_mb"] >= TARGETS["scale_peak_mb"]:
            missed.append("scale peak memory")
        if cold:
            _extrapolate(numbers["build_s"] - cold["build_s"], size_mb - cold["size_mb"])
        print("  on that index:")
        missed += [f"{m} (scale)" for m in _warm_start(env)]
        _lookups(Gazetteer(index), names)
    return missed


def _extrapolate(extra_s: float, extra_mb: float) -> None:
    per_row_ms, per_row_bytes = extra_s / SCALE_ROWS * 1000, extra_mb * 1e6 / SCALE_ROWS
    print(
        f"  per dump row (beyond the default build): {per_row_ms * 1000:.1f} µs, {per_row_bytes:.0f} bytes "
        f"of index; allCountries ({ALL_COUNTRIES_ROWS / 1e6:.0f} million rows) at that rate: "
        f"{extra_s / SCALE_ROWS * ALL_COUNTRIES_ROWS / 60:.0f} min more, "
        f"{per_row_bytes * ALL_COUNTRIES_ROWS / 1e9:.1f} GB more (an upper bound: three quarters of UA's "
        "rows are indexed, about 40% of allCountries' are)"
    )


def _cli() -> None:
    names = ["Debaltseve", "Artemivsk", "Luhanske", "Mariupol", "Shirokyne", "Olenivka"]
    start = time.perf_counter()
    proc = subprocess.run(  # noqa: S603 - this interpreter with our own fixed arguments
        [sys.executable, "-m", "frontline", "geocode", *names, "--near", "Donetsk"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    wall = time.perf_counter() - start
    status = "ok" if proc.returncode == 0 else f"exit {proc.returncode}"
    print(f"frontline geocode (6 names --near Donetsk), cold process: {wall * 1000:.0f} ms ({status})")


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
