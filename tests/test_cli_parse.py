"""``frontline parse``: the JSON contract of DESIGN.md, on the seed article and on bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIELDS = {"start", "end", "text", "name", "lat", "lon", "geonameid", "country", "admin1", "kind", "confidence", "metonymic"}


def _run(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "frontline", "parse", *args],
        input=stdin, capture_output=True, cwd=ROOT, env=os.environ.copy(), timeout=120,
    )


def test_parse_seed_file(seed_dir: Path, seed_text: str, gazetteer) -> None:
    result = _run(str(seed_dir / "article.txt"), "--country", "UA")
    assert result.returncode == 0, result.stderr
    places = json.loads(result.stdout)["places"]
    assert places and all(FIELDS <= set(p) for p in places)
    assert all(seed_text[p["start"] : p["end"]] == p["text"] for p in places)
    shirokyne = next(p for p in places if p["text"] == "Shirokyne")
    assert shirokyne["geonameid"] == 694053 and shirokyne["admin1"] and shirokyne["kind"] == "settlement"


def test_a_site_at_its_town_is_flagged_approximate() -> None:
    result = _run("-", stdin="A drone fell near Jamsil Stadium in Seoul and on Royal Street.".encode())
    assert result.returncode == 0, result.stderr
    places = {p["text"]: p for p in json.loads(result.stdout)["places"]}
    assert (places["Jamsil Stadium"]["name"], places["Jamsil Stadium"]["approximate"]) == ("Seoul", True)
    assert places["Seoul"]["approximate"] is False
    assert places["Royal Street"]["lat"] is None and places["Royal Street"]["approximate"] is False


def test_parse_stdin_with_bom() -> None:
    result = _run("-", stdin="\ufeffShelling near Mariupol.".encode())
    assert result.returncode == 0, result.stderr
    (place,) = json.loads(result.stdout)["places"]
    assert place["geonameid"] == 701822 and place["start"] == 14  # offsets in the text without its BOM


def test_parse_jsonl_one_line_per_document_and_errors_per_line() -> None:
    lines = [
        json.dumps({"id": "a", "text": "Fighting near Donetsk."}),
        "this is not json",
        json.dumps({"id": "c", "text": 17}),
        json.dumps({"id": "d", "text": ""}),
        json.dumps({"id": 5, "text": "KIEV — Kiev said talks in Minsk had failed."}),
    ]
    result = _run("--jsonl", stdin=("\n".join(lines) + "\n").encode())
    assert result.returncode == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert [o["id"] for o in out] == ["a", None, "c", "d", 5]
    assert out[0]["places"][0]["geonameid"] == 709717
    assert "not JSON" in out[1]["error"] and "text" in out[2]["error"]
    assert out[3]["places"] == []
    assert [p["text"] for p in out[4]["places"]] == ["KIEV", "Kiev", "Minsk"]
    assert out[4]["places"][1]["metonymic"] is True


def test_parse_invalid_utf8_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"Kiev \xff\xfe Donetsk")
    result = _run(str(bad))
    assert result.returncode == 2
    assert result.stderr.decode().strip() == f"frontline parse: error: {bad} is not valid UTF-8 (bad byte at offset 5)"


@pytest.mark.parametrize("args", [["/no/such/file.txt"], ["--country", "Ukraine", "-"], ["/tmp"]])
def test_parse_bad_arguments_exit_2(args: list[str]) -> None:
    result = _run(*args)
    assert result.returncode == 2
    assert len(result.stderr.decode().strip().splitlines()) == 1
    assert b"Traceback" not in result.stderr
