"""``frontline geocode`` end to end: the real CLI, the real gazetteer, the GeoNames oracle.

The oracle is ``tests/data/places_debaltseve_feb2015_geonames.csv`` (GeoNames ids and points
of the seed's places, see PROVENANCE.md). Online backends only ever meet a fake Nominatim on
127.0.0.1 or a closed local port.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from frontline.cli import main
from geo.gazetteer import haversine_km
from tests.geocoding_helpers import ORACLE_ROWS, FakeNominatim, box_around, closed_port

ROOT = Path(__file__).resolve().parent.parent
ROWS = {int(r["geonameid"]): r for r in ORACLE_ROWS}
# The "Must show": the article's spellings and their GeoNames entries in Donetsk oblast.
MUST_SHOW = [710229, 713174, 702684, 701822, 694053, 698614]
FIELDS = ["query", "name", "lat", "lon", "geonameid", "country", "admin1", "confidence", "source"]


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[dict], str]:
    """Run ``frontline geocode ARGS`` in-process; return the status, the parsed JSON and stderr."""
    try:
        status = main(["geocode", *args])
    except SystemExit as exit_:  # argparse usage errors
        status = int(exit_.code)
    out, err = capsys.readouterr()
    return status, (json.loads(out) if status == 0 else out), err


def run_subprocess(*args: str) -> subprocess.CompletedProcess[str]:
    """Run ``python -m frontline geocode ARGS`` as its own process."""
    command = [sys.executable, "-m", "frontline", "geocode", *args]
    return subprocess.run(
        command, capture_output=True, text=True, timeout=120, cwd=ROOT, env=os.environ.copy()
    )


def assert_matches_oracle(result: dict, geonameid: int) -> None:
    row = ROWS[geonameid]
    assert result["query"] == row["name_in_article"]
    assert result["geonameid"] == geonameid, result
    assert haversine_km(result["lat"], result["lon"], float(row["lat"]), float(row["lon"])) <= 10
    assert result["country"] == "UA" and result["admin1"] == "Donetska oblast"


def test_must_show_near_donetsk(capsys) -> None:
    names = [ROWS[i]["name_in_article"] for i in MUST_SHOW]
    assert names == ["Debaltseve", "Artemivsk", "Luhanske", "Mariupol", "Shirokyne", "Olenivka"]
    status, results, err = run_cli(capsys, *names, "--near", "Donetsk")
    assert status == 0 and err == ""
    assert [list(r) for r in results] == [FIELDS] * len(names)
    for result, geonameid in zip(results, MUST_SHOW, strict=True):
        assert_matches_oracle(result, geonameid)
        assert 0 < result["confidence"] <= 1 and result["source"] == "geonames"


def test_must_show_as_a_subprocess() -> None:
    names = [ROWS[i]["name_in_article"] for i in MUST_SHOW]
    proc = run_subprocess(*names, "--near", "Donetsk")
    assert proc.returncode == 0, proc.stderr
    for result, geonameid in zip(json.loads(proc.stdout), MUST_SHOW, strict=True):
        assert_matches_oracle(result, geonameid)


@pytest.mark.parametrize(("query", "geonameid"), [("Olenivka", 698614), ("Artemivsk", 713174)])
def test_candidates_without_context(capsys, query: str, geonameid: int) -> None:
    status, (result,), _ = run_cli(capsys, query, "--candidates")
    assert status == 0
    candidates = result["candidates"]
    assert len(candidates) >= 2
    assert [c["score"] for c in candidates] == sorted((c["score"] for c in candidates), reverse=True)
    right = next(c for c in candidates if c["geonameid"] == geonameid)
    assert any(r.startswith("population") for r in right["reasons"])
    assert right["kind"] == "settlement" and right["matched_name"]
    assert result["confidence"] < 0.9  # ambiguous without context, and the output says so


def test_not_found_and_bad_names_give_null_coordinates(capsys) -> None:
    queries = ["Nowhereville-on-Nothing", "", "   ", "x" * 10_000, "\x01\x1f"]
    status, results, _ = run_cli(capsys, *queries)
    assert status == 0
    for query, result in zip(queries, results, strict=True):
        assert result["query"] == query
        assert result["lat"] is None and result["lon"] is None and result["geonameid"] is None
        assert result["confidence"] == 0.0


def test_cyrillic_and_invisible_characters(capsys) -> None:
    try:
        status = main(["geocode", "Дебальцеве", "Артемівськ", "Debal\u202etseve"])
    finally:
        out, _ = capsys.readouterr()
    assert status == 0
    assert "Дебальцеве" in out  # readable, not \\u-escaped
    assert "\u202e" not in out and "\\u202e" in out  # a bidi override never reaches the terminal raw
    results = json.loads(out)
    assert [r["geonameid"] for r in results] == [710229, 713174, 710229]
    assert results[2]["query"] == "Debal\u202etseve"


def test_country_and_bbox_options(capsys, gazetteer) -> None:
    status, (result,), _ = run_cli(capsys, "Donetsk", "--country", "RU")
    assert status == 0 and result["geonameid"] == 565348
    olenivka = gazetteer.get(688208)
    box = ",".join(map(str, box_around(olenivka)))
    status, (result,), _ = run_cli(capsys, "Olenivka", "--bbox", box)
    assert status == 0 and result["geonameid"] == 688208
    status, (result,), _ = run_cli(capsys, "Olenivka", "--near", f"{olenivka.lat},{olenivka.lon}")
    assert status == 0 and result["geonameid"] == 688208


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "the following arguments are required: NAME"),
        (["Debaltseve", "--country", "UKR"], "not an ISO 3166-1 alpha-2 country code: 'UKR'"),
        (["Debaltseve", "--bbox", "1,2"], "argument --bbox"),
        (["Debaltseve", "--bbox", "0,50,10,40"], "argument --bbox"),
        (["Debaltseve", "--near", "Nowhereville-on-Nothing"], "--near: no place called"),
        (["Debaltseve", "--near", "95,200"], "--near: coordinates out of range"),
        (["Debaltseve", "--backend", "bogus"], "argument --backend: invalid choice"),
        (["Debaltseve", "--service-url", "http://127.0.0.1:1"], "--service-url needs an online --backend"),
        (["Debaltseve", "--backend", "nominatim", "--service-url", "ftp://x"], "must be an http(s) URL"),
        (["Debaltseve", "--limit", "0"], "argument --limit"),
    ],
)
def test_bad_usage_is_exit_2_with_one_line(capsys, args: list[str], message: str) -> None:
    status, out, err = run_cli(capsys, *args)
    assert status == 2 and out == ""
    assert message in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err


@pytest.fixture()
def fake_nominatim(gazetteer) -> Iterator[FakeNominatim]:
    server = FakeNominatim(gazetteer)
    try:
        yield server
    finally:
        server.close()


@pytest.mark.slow
def test_nominatim_backend_against_a_local_fake(capsys, fake_nominatim) -> None:
    url = f"http://{fake_nominatim.domain}"
    status, results, _ = run_cli(
        capsys, "Mariupol", "Luhanske", "--backend", "nominatim", "--service-url", url, "--no-cache"
    )
    assert status == 0
    assert [r["source"] for r in results] == ["nominatim", "nominatim"]
    for result, geonameid in zip(results, [701822, 702684], strict=True):
        row = ROWS[geonameid]
        assert haversine_km(result["lat"], result["lon"], float(row["lat"]), float(row["lon"])) < 0.01
    assert len(fake_nominatim.requests) == 2


def test_unreachable_service_falls_back_with_a_one_line_warning() -> None:
    names = [ROWS[i]["name_in_article"] for i in MUST_SHOW]
    url = f"http://127.0.0.1:{closed_port()}"
    proc = run_subprocess(
        *names, "--near", "Donetsk", "--backend", "nominatim", "--service-url", url, "--no-cache"
    )
    assert proc.returncode == 0, proc.stderr
    assert (
        proc.stderr.strip()
        == "nominatim unavailable (GeocoderUnavailable: Connection refused); using the offline gazetteer"
    )
    for result, geonameid in zip(json.loads(proc.stdout), MUST_SHOW, strict=True):
        assert_matches_oracle(result, geonameid)
        assert result["source"] == "geonames (nominatim unavailable)"
